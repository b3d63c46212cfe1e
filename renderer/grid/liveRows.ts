// Keeps a view in step with main without polling: the write path publishes data.changed after
// each commit (from any window, or an import's worker), the view asks which rows those audit
// entries touched and refetches just those. A change too large to list (an import), or a restore,
// reloads the view whole.
import { useEffect, useRef } from 'react';
import type { ChangedRows } from '../../shared/contract';
import { call, callRows, onEvent } from '../api';

/** Tables whose changes alter what the registry grids show (a pairing changes 帮扶责任人). */
const REGISTRY_TABLES = new Set(['households', 'members', 'pairings']);
/** A cadre renamed changes 帮扶责任人 on every household they help: the view is read again whole. */
const RELOAD_TABLES = new Set(['cadres']);

/**
 * Calls onRows with the rows each committed change touched, or onReload when the view should
 * be read again whole. The callbacks may change between renders; the subscription stays.
 */
export function useRegistryChanges(onRows: (changes: ChangedRows) => void, onReload: () => void): void {
  const handlers = useRef({ onRows, onReload });
  handlers.current = { onRows, onReload };
  useEffect(() => {
    const offData = onEvent('data.changed', (change) => {
      if (change.tables.some((t) => RELOAD_TABLES.has(t))) {
        handlers.current.onReload();
        return;
      }
      if (!change.tables.some((t) => REGISTRY_TABLES.has(t))) return;
      call('changes.list', { fromSeq: change.fromSeq, toSeq: change.toSeq })
        .then((rows) => (rows.truncated ? handlers.current.onReload() : handlers.current.onRows(rows)))
        .catch(() => handlers.current.onReload());
    });
    const offSession = onEvent('session.changed', (s) => {
      if (s.reason === 'restored') handlers.current.onReload();
    });
    return () => {
      offData();
      offSession();
    };
  }, []);
}

/** Re-reads a small list (villages, units, teams, cadres) when any of the tables it shows change. */
export function useTablesChanged(tables: readonly string[], reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  const key = tables.join(',');
  useEffect(() => {
    const watched = new Set(key.split(','));
    const offData = onEvent('data.changed', (change) => {
      if (change.tables.some((t) => watched.has(t))) latest.current();
    });
    const offSession = onEvent('session.changed', (s) => {
      if (s.reason === 'restored') latest.current();
    });
    return () => {
      offData();
      offSession();
    };
  }, [key]);
}

/** The current form of some rows, by id, in chunks the channel accepts. */
export async function fetchRows<R>(channel: 'households.get' | 'members.get', ids: readonly string[]): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < ids.length; i += 5000) rows.push(...(await callRows<typeof channel, R>(channel, { ids: ids.slice(i, i + 5000) })));
  return rows;
}

/**
 * A list with the fetched rows put in place: rows that still belong are replaced, rows that no
 * longer belong (moved out of the shown village) or were removed are dropped, new rows that belong
 * come first (a new household, where the clerk looks) or last (a new member, after the household's
 * others). Returns the same array when nothing in it changed, so React skips the render.
 */
export function mergeRows<T extends { id: string }>(
  rows: T[] | null,
  fetched: readonly T[],
  removed: readonly string[],
  belongs: (row: T) => boolean,
  newRows: 'first' | 'last' = 'first',
): T[] | null {
  if (rows === null) return rows;
  const byId = new Map(fetched.map((r) => [r.id, r]));
  const gone = new Set(removed);
  let changed = false;
  const kept: T[] = [];
  for (const row of rows) {
    const fresh = byId.get(row.id);
    if (fresh) byId.delete(row.id);
    if (gone.has(row.id) || (fresh && !belongs(fresh))) {
      changed = true;
      continue;
    }
    if (fresh) changed = true;
    kept.push(fresh ?? row);
  }
  const added = [...byId.values()].filter(belongs);
  if (!changed && added.length === 0) return rows;
  return newRows === 'first' ? [...added, ...kept] : [...kept, ...added];
}

/**
 * Keeps a page's selected row current after a change: dropped when removed, refetched when changed.
 * setSelected only takes the fresh row if the same row is still the one selected.
 */
export function followSelected<R extends { id: string }>(
  channel: 'households.get' | 'members.get',
  changes: { changed: readonly string[]; removed: readonly string[] },
  selectedId: string | undefined,
  setSelected: (update: (current: R | null) => R | null) => void,
): void {
  if (!selectedId) return;
  if (changes.removed.includes(selectedId)) setSelected(() => null);
  else if (changes.changed.includes(selectedId)) {
    fetchRows<R>(channel, [selectedId])
      .then(([fresh]) => setSelected((s) => (s?.id === selectedId ? (fresh ?? null) : s)))
      .catch(() => {});
  }
}
