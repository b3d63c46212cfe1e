// The open database's integrity check, off the path to the first screen. Opening checks the whole
// file first only after an unclean shutdown (db/open.ts); otherwise, right after opening, SQLite's
// quick_check runs here in a worker thread on a read-only connection of its own, and once a week the
// full integrity_check instead. What it finds is recorded beside the file (db/health.ts). Damage
// found locks editing (ipc/access.ts refuses every write) and the window offers the restore.
import type { IntegrityStatus } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { readHealth, updateHealth, type CheckKind, type HealthRecord } from '../db/health';
import { openCheckOf } from '../db/open';
import type { Store } from '../db/store';
import { runJob } from '../jobs/runner';

export const FULL_CHECK_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The check to run in the background after opening, or null for none: the full check when none
 * has passed on this file within a week, else a quick_check unless one just ran before opening.
 */
export function backgroundCheckDue(record: HealthRecord | null, ranBeforeOpen: CheckKind | null, now: Date): CheckKind | null {
  if (ranBeforeOpen === 'integrity_check') return null;
  const lastFull = record?.integrityCheckPassedAt ? Date.parse(record.integrityCheckPassedAt) : NaN;
  // NaN (never, or unreadable) compares false: due.
  if (!(now.getTime() - lastFull < FULL_CHECK_INTERVAL_MS)) return 'integrity_check';
  return ranBeforeOpen ? null : 'quick_check';
}

/** Runs one check of the file and returns SQLite's findings ([] when sound). */
export type CheckRunner = (db: { path: string; dataKey: Buffer }, kind: CheckKind) => Promise<{ problems: string[]; ms: number }>;

/** The app's runner: a worker thread with its own read-only connection (jobs/tasks.ts). */
export const checkInWorker: CheckRunner = (db, kind) => runJob('integrityCheck', { db: { path: db.path, keyHex: db.dataKey.toString('hex') }, kind });

const IDLE: IntegrityStatus = { state: 'idle', kind: null, lastPassedAt: null, lastFullPassedAt: null, problem: null };

const KIND_NAME: Record<CheckKind, 'quick' | 'full'> = { quick_check: 'quick', integrity_check: 'full' };

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

function statusFrom(record: HealthRecord | null, state: IntegrityStatus['state'], kind: CheckKind | null, problem: string | null = null): IntegrityStatus {
  return {
    state,
    kind: kind ? KIND_NAME[kind] : null,
    lastPassedAt: latest(record?.quickCheckPassedAt ?? null, record?.integrityCheckPassedAt ?? null),
    lastFullPassedAt: record?.integrityCheckPassedAt ?? null,
    problem,
  };
}

/** What the status shows of SQLite's findings: the first few lines (the record keeps them all). */
function firstLines(problems: string[]): string {
  const lines = problems.join('\n').split('\n').filter((l) => l.trim() !== '');
  return lines.length > 3 ? `${lines.slice(0, 3).join('\n')}\n…（共 ${lines.length} 行）` : lines.join('\n');
}

export class IntegrityMonitor {
  private status: IntegrityStatus = IDLE;
  /** Bumped at every start and stop: a check of a database since closed reports to no one. */
  private generation = 0;
  private running: Promise<void> = Promise.resolve();
  /** How long the last background check took (benchmarks). */
  lastCheckMs: number | null = null;

  constructor(
    private readonly onChange: (status: IntegrityStatus) => void,
    private readonly runCheck: CheckRunner = checkInWorker,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get current(): IntegrityStatus {
    return this.status;
  }

  /** Damage was found in the open database: every write is refused (ipc/access.ts). */
  get isDamaged(): boolean {
    return this.status.state === 'damaged';
  }

  /** Right after a database opened: starts the check that is due, if any. */
  start(store: Store, dataKey: Buffer): void {
    const generation = ++this.generation;
    const dbPath = store.path;
    const record = readHealth(dbPath);
    const kind = backgroundCheckDue(record, openCheckOf(store).ranBeforeOpen, this.now());
    this.set(statusFrom(record, kind ? 'checking' : 'idle', kind));
    if (!kind) {
      this.running = Promise.resolve();
      return;
    }
    this.running = this.runCheck({ path: dbPath, dataKey }, kind).then(
      ({ problems, ms }) => {
        if (generation !== this.generation) return;
        this.lastCheckMs = ms;
        this.record(dbPath, kind, problems);
      },
      (e: unknown) => {
        if (generation !== this.generation) return;
        console.error('[integrity] the background check could not run', dbPath, e);
        const message = e instanceof AppError || e instanceof Error ? e.message : String(e);
        this.set(statusFrom(readHealth(dbPath), 'failed', kind, `完整性检查未能完成：${message}`));
      },
    );
  }

  /** The database is closing: a check still running is left to finish, unheard. */
  stop(): void {
    this.generation++;
    this.status = IDLE;
  }

  /** Settles when the check started last has been recorded (tests, benchmarks). */
  settled(): Promise<void> {
    return this.running;
  }

  private record(dbPath: string, kind: CheckKind, problems: string[]): void {
    const at = this.now().toISOString();
    if (problems.length === 0) {
      const record = updateHealth(dbPath, (r) => ({
        ...r,
        quickCheckPassedAt: at,
        // The full check does everything the quick one does, and more.
        integrityCheckPassedAt: kind === 'integrity_check' ? at : r.integrityCheckPassedAt,
        damage: null,
      }));
      this.set(statusFrom(record, 'passed', kind));
      return;
    }
    console.error(`[integrity] ${kind} found damage in ${dbPath}:`, problems);
    const record = updateHealth(dbPath, (r) => ({ ...r, damage: { kind, at, problems } }));
    this.set(statusFrom(record, 'damaged', kind, firstLines(problems)));
  }

  private set(status: IntegrityStatus): void {
    this.status = status;
    this.onChange(status);
  }
}
