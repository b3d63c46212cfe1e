// The one database this process has open, and the small per-machine preferences beside it.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { DbInfo } from '../../shared/contract';
import { createDatabase, openDatabase } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations/index';
import type { Store } from '../db/store';
import type { Writer } from './write';

const RECENT_MAX = 8;

export class Session {
  private store: Store | null = null;

  constructor(
    readonly userDataDir: string,
    readonly actor: string,
  ) {}

  get demoPath(): string {
    return path.join(this.userDataDir, '演示数据库.fupin');
  }

  info(): DbInfo | null {
    return this.store ? { path: this.store.path, demo: this.store.path === this.demoPath, schemaVersion: SCHEMA_VERSION } : null;
  }

  open(file: string, password: string): DbInfo {
    const store = openDatabase(path.resolve(file), password);
    return this.adopt(store);
  }

  create(file: string, password: string): DbInfo {
    const store = createDatabase(path.resolve(file), password);
    return this.adopt(store);
  }

  private adopt(store: Store): DbInfo {
    this.close();
    this.store = store;
    this.remember(store.path);
    return this.info()!;
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }

  requireStore(): Store {
    if (!this.store) throw new AppError('NO_DATABASE', '尚未打开数据库，请先在开始页面打开或新建数据库');
    return this.store;
  }

  writer(): Writer {
    return { store: this.requireStore(), actor: this.actor };
  }

  private get recentFile(): string {
    return path.join(this.userDataDir, 'recent.json');
  }

  recent(): string[] {
    try {
      const list: unknown = JSON.parse(fs.readFileSync(this.recentFile, 'utf8'));
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && fs.existsSync(p)) : [];
    } catch {
      return [];
    }
  }

  private remember(file: string): void {
    const list = [file, ...this.recent().filter((p) => p !== file)].slice(0, RECENT_MAX);
    try {
      fs.mkdirSync(this.userDataDir, { recursive: true });
      fs.writeFileSync(this.recentFile, JSON.stringify(list));
    } catch {
      // The recent list is a convenience; failing to save it must not fail the open.
    }
  }
}
