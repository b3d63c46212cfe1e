// Settings kept in the database (they travel with it). Reads only: a setting changes through the
// write path's setSetting (main/db/write.ts), audited like every other write.
import type { Store } from '../store';

export interface SettingsQueries {
  /** The stored value (parsed JSON), or undefined when the setting was never saved. */
  get(key: string): unknown;
}

export function sqliteSettingsQueries(store: Store): SettingsQueries {
  return {
    get(key) {
      const row = store.first(store.kysely.selectFrom('settings').select('value').where('key', '=', key));
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
  };
}
