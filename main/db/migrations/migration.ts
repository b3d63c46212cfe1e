// The shape of one migration, apart from the list (index.ts) so that a migration file never
// imports the file that imports it.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * Work SQL alone cannot do (derived data computed in JS), run after `sql` in the same
   * transaction: a failure leaves the database as it was.
   */
  readonly run?: (sqlite: BetterSqlite3.Database) => void;
}
