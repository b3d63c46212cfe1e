// The app's settings live in the database itself, so they travel with it to another PC; they
// change over the one write path, audited like any other write.
import type { AppSettings } from '../../shared/contract';
import type { Store } from '../db/store';
import { setSetting, write, type WriteScope } from '../db/write';
import { queriesFor } from '../db/queries';

const SETTINGS_KEY = 'appSettings';
export const DEFAULT_SETTINGS: AppSettings = { autoLockMinutes: 10, autoBackupMinutes: 30, wallRotateSeconds: 20 };

export function readSettings(store: Store): AppSettings {
  const saved = queriesFor(store).settings.get(SETTINGS_KEY);
  return { ...DEFAULT_SETTINGS, ...(typeof saved === 'object' && saved !== null ? (saved as Partial<AppSettings>) : {}) };
}

export function updateSettings(scope: WriteScope, patch: Partial<AppSettings>): AppSettings {
  const next = { ...readSettings(scope.store), ...patch };
  write(scope, (w) => setSetting(w, SETTINGS_KEY, next));
  return next;
}
