// The audit chain's key and its anchor.
//
// Key: an HMAC key derived (HKDF-SHA256, fixed label) from the data key, so a chain re-hashed by a
// tool that does not know our derivation no longer verifies. Whoever holds the password can unwrap
// the data key and derive this key too: the keyed chain stops edits made with generic SQLCipher
// tools and scripts, not a determined insider who reimplements this file.
//
// Anchor: the chain's head {seq, hash} and the seq from which rows are keyed, with an HMAC under the
// same key, in a sidecar `<db>.audit-head` written after each COMMIT. The table alone cannot tell
// a cut tail from a short history; the anchor can. Why a sidecar and not the key file: the key
// file holds the only wrapped copies of the data key, and rewriting it on every commit would put
// every byte of the registry at risk of a torn write on bad storage; it is also rewritten by
// password changes from a copy read earlier, which would roll the head back. The sidecar is
// ~150 bytes, written the same atomic way (temp, fsync, rename), and losing it loses nothing but
// the tail check, which verify then reports.
//
// Crash versus cut. The head is written after COMMIT, so a crash (or a failed sidecar write) in
// between leaves the anchor behind the table by the rows of the last transaction(s); two
// connections (the app and an import worker) committing close together may also leave it one
// transaction behind, as their sidecar writes are not ordered. A table AHEAD of the anchor is
// therefore normal and reported as a note: those rows are still checked one by one against the
// key, so they cannot be forged or re-hashed, only the very last unanchored transaction(s) could
// be removed unseen. A table BEHIND the anchor, or a row at the anchor's seq whose hash differs,
// never happens through the app: that is a cut or rewritten tail.
//
// When the app does not rewrite the anchor: if it is missing, unreadable, or does not match the
// table (the evidence of tampering), a commit leaves it as it is, so that the next clerk's edit
// does not erase what verify must report. Only the key holder's deliberate acts write a fresh one:
// creating or upgrading a database (m002 runs), a restore or backup (anchorDatabaseFile).
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey } from './cipher';
import { GENESIS_HASH, auditHash } from './audit';
import type { SqliteHandle, Store } from './store';
import type { AuditLogTable } from './schema';
import type { Selectable } from 'kysely';

export const AUDIT_HEAD_SUFFIX = '.audit-head';
const KEY_LABEL = 'fupin-desk audit chain v1';
const HEAD_LABEL = 'fupin-desk audit head v1';

export function auditHeadPath(dbPath: string): string {
  return dbPath + AUDIT_HEAD_SUFFIX;
}

export function deriveAuditKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), KEY_LABEL, 32));
}

export interface AuditHead {
  /** The last audit row's seq (0: none yet) and hash (GENESIS_HASH for none). */
  seq: number;
  hash: string;
  /** Rows from this seq on carry an HMAC; earlier ones (written before schema 2) a plain SHA-256. */
  keyedFromSeq: number;
}

function headMac(key: Buffer, h: AuditHead): string {
  return createHmac('sha256', key).update(JSON.stringify([HEAD_LABEL, h.seq, h.hash, h.keyedFromSeq])).digest('hex');
}

export type AnchorRead = { state: 'missing' } | { state: 'invalid'; reason: string } | { state: 'ok'; head: AuditHead };

export function readAnchor(dbPath: string, key: Buffer): AnchorRead {
  let text: string;
  try {
    text = fs.readFileSync(auditHeadPath(dbPath), 'utf8');
  } catch {
    return { state: 'missing' };
  }
  let json: { format?: unknown; seq?: unknown; hash?: unknown; keyedFromSeq?: unknown; mac?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { state: 'invalid', reason: '锚点文件无法读取' };
  }
  const { seq, hash, keyedFromSeq, mac } = json;
  if (json.format !== 'fupin-desk-audit-head' || !Number.isSafeInteger(seq) || typeof hash !== 'string' || !Number.isSafeInteger(keyedFromSeq) || typeof mac !== 'string') {
    return { state: 'invalid', reason: '锚点文件格式不对' };
  }
  const head = { seq: seq as number, hash, keyedFromSeq: keyedFromSeq as number };
  const expected = Buffer.from(headMac(key, head));
  if (expected.length !== Buffer.byteLength(mac) || !timingSafeEqual(expected, Buffer.from(mac))) {
    return { state: 'invalid', reason: '锚点文件的签名不符（被改动过，或属于另一个数据库）' };
  }
  return { state: 'ok', head };
}

/** Atomic: a crash leaves the old anchor or the new one. The temp name is per thread (a worker writes too). */
export function writeAnchor(dbPath: string, key: Buffer, head: AuditHead): void {
  const file = auditHeadPath(dbPath);
  const tmp = `${file}.tmp-${process.pid}-${threadId}`;
  const body = JSON.stringify({ format: 'fupin-desk-audit-head', ...head, mac: headMac(key, head) });
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function tableHead(sqlite: SqliteHandle): { seq: number; hash: string } {
  const row = sqlite.prepare('SELECT seq, hash FROM auditLog ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

export function hashAt(sqlite: SqliteHandle, seq: number): string | undefined {
  if (seq === 0) return GENESIS_HASH;
  return (sqlite.prepare('SELECT hash FROM auditLog WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash;
}

/**
 * After a COMMIT of the write path: moves the anchor to the table's head. Never throws (the write
 * is committed; a failure here only leaves the anchor behind, which verify reports as such).
 */
export function anchorAfterCommit(store: Store): void {
  const key = store.auditKey;
  if (!key) return;
  try {
    const read = readAnchor(store.path, key);
    if (read.state !== 'ok') {
      console.error(`[audit] 审计锚点${read.state === 'missing' ? '缺失' : '无效'}，未更新（请运行 verify 检查）：${store.path}`);
      return;
    }
    const anchored = read.head;
    if (hashAt(store.sqlite, anchored.seq) !== anchored.hash) {
      console.error(`[audit] 审计记录与锚点不符，锚点未更新（请运行 verify 检查）：${store.path}`);
      return;
    }
    const head = tableHead(store.sqlite);
    // Another connection may have anchored a later head already: never move it back.
    if (head.seq <= anchored.seq) return;
    writeAnchor(store.path, key, { ...head, keyedFromSeq: anchored.keyedFromSeq });
  } catch (e) {
    console.error('[audit] 审计锚点写入失败', e);
  }
}

/**
 * m002 leaves a temp (per-connection, never stored) marker table when it runs, on creation or
 * upgrade: the key holder's open then anchors the current head, and rows from the next one on
 * are keyed. Called where open.ts constructs the Store.
 */
export function anchorIfJustMigrated(store: Store): void {
  const marker = store.sqlite.prepare("SELECT 1 FROM temp.sqlite_schema WHERE name = 'auditKeyingStarts'").get();
  if (!marker || !store.auditKey) return;
  store.sqlite.exec('DROP TABLE temp.auditKeyingStarts');
  const head = tableHead(store.sqlite);
  writeAnchor(store.path, store.auditKey, { ...head, keyedFromSeq: head.seq + 1 });
}

/**
 * Re-anchors a database file from its own contents, for the key holder's deliberate replacements
 * (a restore puts an older file in place; a backup copy gets its own anchor). The keyed boundary
 * is found in the chain itself: keying starts once and never stops, so a binary search over
 * "does this row verify under the key" finds it in a few reads.
 */
export function anchorDatabaseFile(dbPath: string, dataKey: Buffer): void {
  const key = deriveAuditKey(dataKey);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, dataKey);
    const head = tableHead(db);
    const rowAt = db.prepare('SELECT * FROM auditLog WHERE seq = ?');
    const keyed = (seq: number) => {
      const row = rowAt.get(seq) as Selectable<AuditLogTable> | undefined;
      return !!row && auditHash(row, key) === row.hash;
    };
    let lo = 1;
    let hi = head.seq + 1; // the answer lies in [lo, hi]
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (keyed(mid)) hi = mid;
      else lo = mid + 1;
    }
    writeAnchor(dbPath, key, { ...head, keyedFromSeq: lo });
  } finally {
    db.close();
  }
}
