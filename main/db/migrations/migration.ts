// The shape of one migration, apart from the list (index.ts) so that a migration file never
// imports the file that imports it.
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
