// The 资金 page's data: a channel's answer, read again whenever a committed change touches a
// table it is built from (from this window, another one, or an import).
import { useEffect, useState } from 'react';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { useTablesChanged } from '../../grid/liveRows';

/** Every table the ledger's reports read (account names come from the registry's tables). */
export const LEDGER_TABLES = ['ledgerEntries', 'pledges', 'projects', 'projectHouseholds', 'units', 'villages', 'households', 'members'] as const;

/** null while the first answer is awaited; the input is compared by its JSON. */
export function useLedgerData<C extends Channel>(channel: C, input: InputOf<C>, what: string): OutputOf<C> | null {
  const toast = useToast();
  const [data, setData] = useState<OutputOf<C> | null>(null);
  const [reloads, setReloads] = useState(0);
  useTablesChanged(LEDGER_TABLES, () => setReloads((n) => n + 1));
  const key = JSON.stringify(input);
  useEffect(() => {
    let current = true;
    call(channel, JSON.parse(key) as InputOf<C>)
      .then((d) => current && setData(d))
      .catch((e: unknown) => current && toast.error(`${what}读取失败：${errorMessage(e)}`));
    return () => {
      current = false;
    };
  }, [channel, key, reloads, toast, what]);
  return data;
}
