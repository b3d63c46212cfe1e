// Schema 8: what the battle map (挂图作战) and the wall count, beside each household's size in
// householdFacts (m005): its village, planned year, whether it is out of poverty, the month it was
// struck off, and its main cause. The board, the yearly figures, the monthly curve and the
// remaining causes are then GROUP BYs over two covering indexes of this narrow table instead of a
// pass over the households with a size lookup per row (about 600 ms on 100,000 households, 30-40
// ms this way). Kept by triggers in the same statement as the write, like the rest of the table.
import { EXITED_STATUSES } from '../../../shared/domain/exitStatus';
import type { Migration } from './migration';

/** Out of poverty: one of the exited 脱贫状态 (shared/domain/exitStatus.ts). */
const EXITED = (h: string) => `(${h}.exitStatus IN (${EXITED_STATUSES.map((s) => `'${s}'`).join(', ')}))`;
/** The month struck off, YYYY-MM, for an exited household with a date. */
const EXIT_MONTH = (h: string) => `CASE WHEN ${EXITED(h)} THEN substr(${h}.exitedOn, 1, 7) END`;

export const m008BattleFacts: Migration = {
  version: 8,
  name: 'battle facts',
  sql: `
ALTER TABLE householdFacts ADD COLUMN villageId TEXT;
ALTER TABLE householdFacts ADD COLUMN plannedExitYear INTEGER;
ALTER TABLE householdFacts ADD COLUMN exited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE householdFacts ADD COLUMN exitMonth TEXT;
ALTER TABLE householdFacts ADD COLUMN mainCause TEXT;

UPDATE householdFacts SET (villageId, plannedExitYear, exited, exitMonth, mainCause) =
  (SELECT h.villageId, h.plannedExitYear, ${EXITED('h')}, ${EXIT_MONTH('h')}, h.mainCause FROM households h WHERE h.id = householdFacts.householdId);

CREATE INDEX householdFacts_board ON householdFacts(villageId, plannedExitYear, exited, exitMonth, size);
CREATE INDEX householdFacts_remaining ON householdFacts(exited, mainCause, size);

DROP TRIGGER householdFacts_household_insert;
CREATE TRIGGER householdFacts_household_insert AFTER INSERT ON households BEGIN
  INSERT INTO householdFacts (householdId, category, villageId, plannedExitYear, exited, exitMonth, mainCause)
  VALUES (NEW.id, NEW.category, NEW.villageId, NEW.plannedExitYear, ${EXITED('NEW')}, ${EXIT_MONTH('NEW')}, NEW.mainCause);
END;
CREATE TRIGGER householdFacts_household_progress AFTER UPDATE OF villageId, plannedExitYear, exitStatus, exitedOn, mainCause ON households BEGIN
  UPDATE householdFacts SET villageId = NEW.villageId, plannedExitYear = NEW.plannedExitYear, exited = ${EXITED('NEW')},
    exitMonth = ${EXIT_MONTH('NEW')}, mainCause = NEW.mainCause
  WHERE householdId = NEW.id;
END;
`,
};
