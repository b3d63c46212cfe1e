import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, applyKey, createDatabase, openDatabase } from '../../../main/db/open';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { PASSWORD, dirListing, fileDigest, freshStore, tempDir, refusalOf } from './helpers';


const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function closedDatabase(): { dir: string; file: string } {
  const dir = tempDir();
  cleanup.push(dir);
  const store = freshStore(dir);
  store.close();
  return { dir, file: store.path };
}

describe('openDatabase', () => {
  it('opens with the right password, with WAL, foreign keys and the current schema', () => {
    const { file } = closedDatabase();
    const store = openDatabase(file, PASSWORD);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.sqlite.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    store.close();
  });

  it('refuses a wrong password plainly and leaves the file and folder untouched', () => {
    const { dir, file } = closedDatabase();
    const before = [fileDigest(file), dirListing(dir)];
    expect(refusalOf(() => openDatabase(file, 'wrong-password'))).toMatch(/^WRONG_PASSWORD: 密码错误/);
    expect([fileDigest(file), dirListing(dir)]).toEqual(before);
  });

  it('refuses missing, empty, text and plain SQLite files without creating or changing anything', () => {
    const dir = tempDir();
    cleanup.push(dir);
    const missing = path.join(dir, 'missing.fupin');
    expect(refusalOf(() => openDatabase(missing, PASSWORD))).toMatch(/^FILE_NOT_FOUND: 找不到数据库文件/);
    expect(fs.existsSync(missing)).toBe(false);

    const empty = path.join(dir, 'empty.fupin');
    fs.writeFileSync(empty, '');
    expect(refusalOf(() => openDatabase(empty, PASSWORD))).toMatch(/^NOT_A_DATABASE/);
    expect(fs.statSync(empty).size).toBe(0);

    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, '这不是数据库'.repeat(100));
    const textDigest = fileDigest(text);
    expect(refusalOf(() => openDatabase(text, PASSWORD))).toMatch(/^NOT_A_DATABASE/);
    expect(fileDigest(text)).toBe(textDigest);

    const plain = path.join(dir, 'plain.db');
    const db = new Database(plain);
    db.exec('CREATE TABLE t(x)');
    db.close();
    const plainDigest = fileDigest(plain);
    expect(refusalOf(() => openDatabase(plain, PASSWORD))).toMatch(/^NOT_A_DATABASE: 该文件是未加密的 SQLite 数据库/);
    expect(fileDigest(plain)).toBe(plainDigest);
    expect(dirListing(dir)).toEqual(['empty.fupin', 'notes.txt', 'plain.db']);
  });

  it('refuses a database from a newer version of the app, unchanged', () => {
    const { file } = closedDatabase();
    const raw = new Database(file);
    applyKey(raw, unlockWithPassword(readKeyFile(file), PASSWORD));
    raw.pragma(`user_version=${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fileDigest(file);
    expect(refusalOf(() => openDatabase(file, PASSWORD))).toMatch(/^NEWER_SCHEMA: 该数据库由更新版本的软件创建/);
    expect(fileDigest(file)).toBe(before);
  });

  it('refuses another SQLCipher file that is not ours', () => {
    const dir = tempDir();
    cleanup.push(dir);
    const file = path.join(dir, 'other.db');
    const raw = new Database(file);
    raw.pragma("cipher='sqlcipher'");
    raw.pragma('legacy=4');
    raw.pragma(`key='${PASSWORD}'`);
    raw.exec('CREATE TABLE t(x)');
    raw.close();
    expect(refusalOf(() => openDatabase(file, PASSWORD))).toMatch(/^NOT_A_DATABASE/);
  });
});

describe('createDatabase', () => {
  it('refuses to overwrite an existing file', () => {
    const { file } = closedDatabase();
    const before = fileDigest(file);
    expect(refusalOf(() => createDatabase(file, PASSWORD))).toMatch(/^FILE_EXISTS: 文件已存在，不会覆盖/);
    expect(fileDigest(file)).toBe(before);
  });

  it('refuses a too-short password and creates nothing', () => {
    const dir = tempDir();
    cleanup.push(dir);
    expect(refusalOf(() => createDatabase(path.join(dir, 'a.fupin'), '123'))).toMatch(/^VALIDATION: 密码强度不够/);
    expect(dirListing(dir)).toEqual([]);
  });

  it('writes nothing readable: names and ID numbers are not in the file in plaintext', () => {
    const dir = tempDir();
    cleanup.push(dir);
    const store = freshStore(dir);
    store.sqlite.exec("INSERT INTO settings (key, value, updatedAt) VALUES ('probe', '测试明文王小明420115197005060011', '2026-01-01')");
    store.close();
    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, f));
      expect(bytes.includes(Buffer.from('王小明'))).toBe(false);
      expect(bytes.includes(Buffer.from('420115197005060011'))).toBe(false);
    }
  });
});

describe('migrations', () => {
  it('backs the database up before migrating it, then records the new version', () => {
    const { dir, file } = closedDatabase();
    const next = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'test column', sql: 'ALTER TABLE villages ADD COLUMN testNote TEXT;' }];
    const store = openDatabase(file, PASSWORD, { migrations: next });
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    store.close();
    const backups = fs.readdirSync(dir).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^test\\.fupin\\.v${SCHEMA_VERSION}-\\d{8}T\\d{6}\\.bak$`));
    // The copy is the old schema, encrypted with the same key, and opens with the same password.
    const old = openDatabase(path.join(dir, backups[0]), PASSWORD, { lock: false, migrations: MIGRATIONS });
    expect(old.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    old.close();
    // A failing migration changes nothing: it runs in one transaction.
    const broken = [...next, { version: SCHEMA_VERSION + 2, name: 'broken', sql: 'ALTER TABLE nowhere ADD COLUMN x;' }];
    expect(refusalOf(() => openDatabase(file, PASSWORD, { migrations: broken }))).toMatch(/^INTERNAL: 数据库结构升级失败（第 \d+ 步：broken），数据库未改动/);
    const again = openDatabase(file, PASSWORD, { migrations: next });
    expect(again.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    again.close();
  });
});
