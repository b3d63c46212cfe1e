// Kysely builds every query (typed against the schema); better-sqlite3 runs it synchronously.
// Synchronous execution keeps a transaction one uninterrupted call: no other IPC request can
// interleave with it, and a throw anywhere rolls all of it back, audit rows included.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { DB } from './schema';
import type { DataChange } from '../../shared/contract';

interface Compilable<O> {
  compile(): CompiledQuery<O>;
}

export type SqliteHandle = BetterSqlite3.Database;

export class Store {
  readonly kysely: Kysely<DB>;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    readonly sqlite: SqliteHandle,
    readonly path: string,
    private readonly onClose: () => void = () => {},
    /**
     * The audit chain's HMAC key, derived from the data key (db/auditAnchor.ts deriveAuditKey).
     * Null only for a bare connection made outside open.ts (benchmarks): its audit rows are then
     * hashed plainly, which verify reports as unkeyed.
     */
    readonly auditKey: Buffer | null = null,
    /** The data key, to key the copies (backups) made from this connection and anchor them. */
    readonly dataKey: Buffer | null = null,
  ) {
    this.kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      if (this.statements.size > 500) this.statements.clear();
      st = this.sqlite.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private readonly shapes = new Map<string, string>();

  /**
   * A prepared statement for a query whose shape repeats with other values (a bulk insert, the
   * audit row): Kysely compiles it once per shape key, and the caller binds the values in order.
   */
  preparedFor(key: string, build: () => Compilable<unknown>): BetterSqlite3.Statement {
    let sql = this.shapes.get(key);
    if (sql === undefined) {
      sql = build().compile().sql;
      this.shapes.set(key, sql);
    }
    return this.prepare(sql);
  }

  all<O>(query: Compilable<O>): O[] {
    const c = query.compile();
    return this.prepare(c.sql).all(...(c.parameters as unknown[])) as O[];
  }

  first<O>(query: Compilable<O>): O | undefined {
    const c = query.compile();
    return this.prepare(c.sql).get(...(c.parameters as unknown[])) as O | undefined;
  }

  run(query: Compilable<unknown>): number {
    const c = query.compile();
    return this.prepare(c.sql).run(...(c.parameters as unknown[])).changes;
  }

  /** Runs fn in one SQLite transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }

  private readonly changeListeners = new Set<(change: DataChange) => void>();

  /** Called after each committed write (see write.ts); returns the unsubscribe function. */
  onChange(listener: (change: DataChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Only the write path calls this, after COMMIT. A listener's failure never undoes the write. */
  publishChange(change: DataChange): void {
    for (const listener of this.changeListeners) {
      try {
        listener(change);
      } catch (e) {
        console.error('[store] a change listener failed', e);
      }
    }
  }

  close(): void {
    this.changeListeners.clear();
    this.statements.clear();
    if (this.sqlite.open) {
      this.sqlite.close();
      this.onClose();
    }
  }
}
