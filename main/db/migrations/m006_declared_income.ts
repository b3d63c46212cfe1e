// Schema 6: the per-capita net income a household declared for a year (年人均纯收入 of the national
// export), beside the components it is computed from. Integer fen; null where nothing was declared.
// The computed figure is never stored: shared/domain/income.ts derives it from the components.
import type { Migration } from './migration';

export const m006DeclaredIncome: Migration = {
  version: 6,
  name: 'declared income',
  sql: `
ALTER TABLE incomes ADD COLUMN declaredPerCapita INTEGER;
`,
};
