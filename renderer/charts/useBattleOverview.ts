// The battle map's figures from main, read again whenever main publishes a committed change (from
// any window or an import) and when the database opens, closes or is restored. Never polled.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BattleOverview } from '../../shared/contract';
import { call, errorMessage, onEvent } from '../api';

export interface BattleState {
  /** undefined: not read yet; null: no database is open. */
  overview: BattleOverview | null | undefined;
  error: string | null;
}

export function useBattleOverview(): BattleState {
  const [state, setState] = useState<BattleState>({ overview: undefined, error: null });
  const seq = useRef(0);
  const refresh = useCallback(() => {
    const mine = ++seq.current;
    call('battle.overview', {})
      .then((overview) => {
        if (mine === seq.current) setState({ overview, error: null });
      })
      .catch((e: unknown) => {
        // The figures shown stay up; the next change tries again.
        if (mine === seq.current) setState((s) => ({ overview: s.overview, error: errorMessage(e) }));
      });
  }, []);
  useEffect(() => {
    refresh();
    const offData = onEvent('data.changed', () => refresh());
    const offSession = onEvent('session.changed', (s) => {
      if (s.reason !== 'locked' && s.reason !== 'unlocked') refresh();
    });
    return () => {
      offData();
      offSession();
    };
  }, [refresh]);
  return state;
}
