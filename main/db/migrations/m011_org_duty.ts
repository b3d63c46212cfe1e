// Schema 11: a cadre's duty (职责) in the work team, as the team's roster and the letters print it.
// Free text; null until the clerk fills it in. The 第一书记 stays a role value (cadres.role), one per
// team by the rule in shared/domain/org.ts.
import type { Migration } from './migration';

export const m011OrgDuty: Migration = {
  version: 11,
  name: 'org duty',
  sql: `
ALTER TABLE cadres ADD COLUMN duty TEXT;
`,
};
