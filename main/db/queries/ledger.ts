// What the funding ledger reads: entries (with the reversal that undid each), the running balance
// of one account, the money moved between each pair of accounts per year (every report is built
// from these sums), pledges, projects and their beneficiaries, and the records accounts name.
import type { LedgerEntriesTable, PledgesTable, ProjectsTable } from '../schema';
import type { Store } from '../store';

export type LedgerEntryRecord = LedgerEntriesTable & {
  /** The 冲销 that undid this entry, if any. */
  reversedById: string | null;
  /** For a 冲销: its original's kind. */
  originalKind: LedgerEntriesTable['kind'] | null;
};

/** The money one kind of entry moved from one account to another in one year (fen). */
export interface LedgerFlow {
  year: number;
  kind: LedgerEntriesTable['kind'];
  originalKind: LedgerEntriesTable['kind'] | null;
  fromAccount: string | null;
  toAccount: string | null;
  total: number;
  entries: number;
}

export type ProjectRecord = ProjectsTable & { villageName: string; unitName: string | null; households: number };

export interface NamedRecord {
  id: string;
  name: string;
}

/** An account's money around one place in the ledger's order (date, then id on the same day). */
export interface RunningBalance {
  /** Everything before the place. */
  at: number;
  /** The lowest the balance is from the place on: at that place, or after a later entry. */
  lowest: number;
  /** The date of that lowest balance (the place's own date when it is lowest there). */
  lowestOn: string;
}

export interface HouseholdLabel {
  id: string;
  hhCode: string;
  headName: string | null;
  villageId: string;
}

export interface LedgerQueries {
  entry(id: string): LedgerEntryRecord | undefined;
  /** Oldest first (by date, then as recorded), each 冲销 right after its original; by year, by an account on either side. */
  entries(filter: { year?: number; account?: string }): LedgerEntryRecord[];
  entryCount(): number;
  voucherEntry(year: number, voucherNo: string): LedgerEntriesTable | undefined;
  /**
   * The account's balance at the place an entry of this date and id takes in the ledger's order
   * (by date, then by id on the same day), and the lowest it is from there on (fen).
   */
  runningBalance(account: string, date: string, id: string): RunningBalance;
  flows(): LedgerFlow[];
  pledges(): PledgesTable[];
  pledge(year: number, sourceKind: 'district' | 'unit', unitId: string | null): PledgesTable | undefined;
  projects(filter: { villageId?: string; year?: number }): ProjectRecord[];
  project(id: string): ProjectRecord | undefined;
  projectHouseholds(projectId: string): { id: string; householdId: string }[];
  /** Every project's village: for grouping the accounts of a village. */
  projectVillages(): { id: string; villageId: string }[];
  units(): NamedRecord[];
  villages(): (NamedRecord & { code: string; town: string })[];
  /** Households with their 户编号 and head; all of them, or those of one village. */
  households(villageId?: string): HouseholdLabel[];
  /** The households some entry names. */
  householdsInLedger(): HouseholdLabel[];
  /** Each unit's village: the village of the work team it belongs to (in team order). */
  unitVillages(): { unitId: string; villageId: string }[];
  exists(table: 'units' | 'villages' | 'households' | 'projects', id: string): boolean;
  householdVillage(householdId: string): string | undefined;
  /** The entries that name a project (as an account or a tag). */
  projectEntryCount(projectId: string): number;
  /** The entries that name a household (as an account or a tag), and the projects it benefits from. */
  householdLedgerUse(householdId: string): { entries: number; projects: number };
}

const ENTRY_SELECT = `SELECT e.*, r.id AS reversedById, o.kind AS originalKind
  FROM ledgerEntries e
  LEFT JOIN ledgerEntries r ON r.reversesId = e.id
  LEFT JOIN ledgerEntries o ON o.id = e.reversesId`;

const PROJECT_SELECT = `SELECT p.*, v.name AS villageName, u.name AS unitName,
    (SELECT count(*) FROM projectHouseholds ph WHERE ph.projectId = p.id) AS households
  FROM projects p JOIN villages v ON v.id = p.villageId LEFT JOIN units u ON u.id = p.unitId`;

const HOUSEHOLD_LABEL = `SELECT h.id, h.hhCode, f.headName, h.villageId FROM households h JOIN householdFacts f ON f.householdId = h.id`;

export function sqliteLedgerQueries(store: Store): LedgerQueries {
  const db = store.sqlite;
  return {
    entry(id) {
      return db.prepare(`${ENTRY_SELECT} WHERE e.id = ?`).get(id) as LedgerEntryRecord | undefined;
    },
    entries({ year, account }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (year !== undefined) {
        where.push('e.year = ?');
        params.push(year);
      }
      if (account !== undefined) {
        where.push('(e.fromAccount = ? OR e.toAccount = ?)');
        params.push(account, account);
      }
      const sql = `${ENTRY_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY coalesce(o.date, e.date), coalesce(o.id, e.id), e.reversesId IS NOT NULL`;
      return db.prepare(sql).all(...params) as LedgerEntryRecord[];
    },
    entryCount() {
      return (db.prepare('SELECT count(*) AS n FROM ledgerEntries').get() as { n: number }).n;
    },
    voucherEntry(year, voucherNo) {
      return db.prepare('SELECT * FROM ledgerEntries WHERE year = ? AND voucherNo = ?').get(year, voucherNo) as LedgerEntriesTable | undefined;
    },
    runningBalance(account, date, id) {
      // The balance after each of the account's entries in the ledger's order; then the one just
      // before the place, and every one after it: the lowest of those (earliest on a tie).
      const r = db
        .prepare(
          `WITH moves AS (
             SELECT date, id, CASE WHEN toAccount = @account THEN amount ELSE -amount END AS delta
             FROM ledgerEntries WHERE toAccount = @account OR fromAccount = @account
           ), running AS (
             SELECT date, id, sum(delta) OVER (ORDER BY date, id ROWS UNBOUNDED PRECEDING) AS balance FROM moves
           ), here AS (
             SELECT coalesce((SELECT balance FROM running WHERE (date, id) < (@date, @id) ORDER BY date DESC, id DESC LIMIT 1), 0) AS balance
           )
           SELECT (SELECT balance FROM here) AS at, lowest.balance AS lowest, lowest.date AS lowestOn
           FROM (SELECT balance, @date AS date FROM here
                 UNION ALL SELECT balance, date FROM running WHERE (date, id) > (@date, @id)
                 ORDER BY balance, date LIMIT 1) AS lowest`,
        )
        .get({ account, date, id }) as RunningBalance;
      return r;
    },
    flows() {
      return db
        .prepare(
          `SELECT e.year, e.kind, o.kind AS originalKind, e.fromAccount, e.toAccount, sum(e.amount) AS total, count(*) AS entries
           FROM ledgerEntries e LEFT JOIN ledgerEntries o ON o.id = e.reversesId
           GROUP BY e.year, e.kind, o.kind, e.fromAccount, e.toAccount`,
        )
        .all() as LedgerFlow[];
    },
    pledges() {
      return db.prepare('SELECT * FROM pledges ORDER BY year, sourceKind, unitId').all() as PledgesTable[];
    },
    pledge(year, sourceKind, unitId) {
      return (
        sourceKind === 'district'
          ? db.prepare("SELECT * FROM pledges WHERE year = ? AND sourceKind = 'district'").get(year)
          : db.prepare("SELECT * FROM pledges WHERE year = ? AND sourceKind = 'unit' AND unitId = ?").get(year, unitId)
      ) as PledgesTable | undefined;
    },
    projects({ villageId, year }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (villageId !== undefined) {
        where.push('p.villageId = ?');
        params.push(villageId);
      }
      if (year !== undefined) {
        where.push('p.year = ?');
        params.push(year);
      }
      const sql = `${PROJECT_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY v.code, p.year, p.id`;
      return db.prepare(sql).all(...params) as ProjectRecord[];
    },
    project(id) {
      return db.prepare(`${PROJECT_SELECT} WHERE p.id = ?`).get(id) as ProjectRecord | undefined;
    },
    projectHouseholds(projectId) {
      return db.prepare('SELECT id, householdId FROM projectHouseholds WHERE projectId = ? ORDER BY id').all(projectId) as { id: string; householdId: string }[];
    },
    projectVillages() {
      return db.prepare('SELECT id, villageId FROM projects').all() as { id: string; villageId: string }[];
    },
    units() {
      return db.prepare('SELECT id, name FROM units ORDER BY name, id').all() as NamedRecord[];
    },
    villages() {
      return db.prepare('SELECT id, name, code, town FROM villages ORDER BY code').all() as (NamedRecord & { code: string; town: string })[];
    },
    households(villageId) {
      return (
        villageId === undefined ? db.prepare(`${HOUSEHOLD_LABEL} ORDER BY h.hhCode`).all() : db.prepare(`${HOUSEHOLD_LABEL} WHERE h.villageId = ? ORDER BY h.hhCode`).all(villageId)
      ) as HouseholdLabel[];
    },
    householdsInLedger() {
      return db.prepare(`${HOUSEHOLD_LABEL} WHERE h.id IN (SELECT householdId FROM ledgerEntries WHERE householdId IS NOT NULL)`).all() as HouseholdLabel[];
    },
    unitVillages() {
      return db.prepare('SELECT tu.unitId, t.villageId FROM teamUnits tu JOIN teams t ON t.id = tu.teamId JOIN villages v ON v.id = t.villageId JOIN units u ON u.id = tu.unitId ORDER BY v.code, u.name').all() as { unitId: string; villageId: string }[];
    },
    exists(table, id) {
      // The table name comes from the fixed union above, never from input.
      return db.prepare(`SELECT 1 FROM "${table}" WHERE id = ?`).get(id) !== undefined;
    },
    householdVillage(householdId) {
      return (db.prepare('SELECT villageId FROM households WHERE id = ?').get(householdId) as { villageId: string } | undefined)?.villageId;
    },
    projectEntryCount(projectId) {
      const key = `project:${projectId}`;
      return (db.prepare('SELECT count(*) AS n FROM ledgerEntries WHERE projectId = ? OR fromAccount = ? OR toAccount = ?').get(projectId, key, key) as { n: number }).n;
    },
    householdLedgerUse(householdId) {
      const key = `household:${householdId}`;
      return db
        .prepare(
          `SELECT (SELECT count(*) FROM ledgerEntries WHERE householdId = @id OR fromAccount = @key OR toAccount = @key) AS entries,
                  (SELECT count(*) FROM projectHouseholds WHERE householdId = @id) AS projects`,
        )
        .get({ id: householdId, key }) as { entries: number; projects: number };
    },
  };
}
