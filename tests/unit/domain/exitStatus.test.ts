// Which 脱贫状态 count as exited: one list, read by TypeScript and by SQL alike.
import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeValues } from '../../../shared/domain/codes';
import { EXITED_STATUSES, isExited, REGISTERED_EXIT_STATUS } from '../../../shared/domain/exitStatus';
import { IN_EXITED_STATUSES } from '../../../main/services/registryRules';

const STATUSES = codeValues('exitStatus');

describe('exit statuses', () => {
  it('isExited partitions the status code list: exited or still poor, never both', () => {
    const exited = STATUSES.filter(isExited);
    const poor = STATUSES.filter((s) => !isExited(s));
    expect([...exited, ...poor].sort()).toEqual([...STATUSES].sort());
    expect(exited).toEqual(EXITED_STATUSES);
    expect(exited).toEqual(['exited_supported', 'exited']);
    expect(poor).toEqual(['not_exited', 'returned']);
  });

  it('nothing but an exited code counts as exited', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...STATUSES)), (s) => {
        expect(isExited(s)).toBe((EXITED_STATUSES as readonly string[]).includes(s));
      }),
    );
    expect(isExited(null)).toBe(false);
    expect(isExited('已脱贫（享受政策）')).toBe(false); // a label, not a code
  });

  it('a household the app registers has not exited', () => {
    expect(STATUSES).toContain(REGISTERED_EXIT_STATUS);
    expect(isExited(REGISTERED_EXIT_STATUS)).toBe(false);
  });

  it("SQL's IN (…) counts exactly the codes isExited counts", () => {
    const db = new Database(':memory:');
    try {
      const inSql = db.prepare(`SELECT ? ${IN_EXITED_STATUSES} AS exited`).pluck();
      for (const s of [...STATUSES, '', 'exited ', "it's"]) expect(inSql.get(s) === 1, s).toBe(isExited(s));
    } finally {
      db.close();
    }
  });
});
