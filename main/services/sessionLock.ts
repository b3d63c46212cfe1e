// The window lock, set after the clerk's idle minutes: until the password is given again the access
// rules (ipc/access.ts) answer only the channels declared to work while locked.
import { AppError } from '../../shared/errors';
import { readKeyFile, unlockWithPassword } from '../db/keys';

export class SessionLock {
  private locked = false;

  /**
   * openDatabasePath refuses (NO_DATABASE) when nothing is open: only an open database can be
   * locked, and its key file checks the password that unlocks it.
   */
  constructor(
    private readonly openDatabasePath: () => string,
    private readonly onChange: (reason: 'locked' | 'unlocked') => void,
  ) {}

  get isLocked(): boolean {
    return this.locked;
  }

  engage(): void {
    this.openDatabasePath();
    this.locked = true;
    this.onChange('locked');
  }

  unlock(password: string): void {
    try {
      unlockWithPassword(readKeyFile(this.openDatabasePath()), password);
    } catch (e) {
      if (e instanceof AppError && e.code === 'WRONG_PASSWORD') throw new AppError('WRONG_PASSWORD', '密码错误，窗口仍保持锁定，请重新输入');
      throw e;
    }
    this.locked = false;
    this.onChange('unlocked');
  }

  /** A database just opened or closed starts unlocked; the open or close event says so. */
  reset(): void {
    this.locked = false;
  }
}
