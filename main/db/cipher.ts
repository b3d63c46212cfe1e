// The one place a connection is keyed (SQLCipher settings), for every connection to our files.
import { sqlcipherRawKey } from './keys';
import type { SqliteHandle } from './store';

/**
 * The cipher settings, then the key: every connection to one of our files (the app's, a worker's,
 * a backup being inspected) starts with exactly these, or SQLCipher reads the pages wrongly.
 */
export function applyKey(sqlite: SqliteHandle, dataKey: Buffer): void {
  sqlite.pragma("cipher='sqlcipher'");
  sqlite.pragma('legacy=4');
  sqlite.pragma(`key=${sqlcipherRawKey(dataKey)}`);
}
