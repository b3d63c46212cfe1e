// The ledger's accounts as records of the registry: whether the record an account names exists,
// and how an account reads to a clerk. One directory per request, read once.
import type { LedgerAccountOption } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { ACCOUNT_KIND_LABELS, accountKey, parseAccountKey, SOURCE_KINDS, type Account } from '../../../shared/domain/ledger';
import { queriesFor } from '../../db/queries';
import type { Store } from '../../db/store';

/** The account a key names, or a refusal naming the field ('付款方', '收款方'). */
export function accountOf(store: Store, key: string | null, field: string): Account | null {
  if (key === null) return null;
  const account = parseAccountKey(key);
  if (!account) throw new AppError('VALIDATION', `${field}：账户“${key}”无效`);
  if (account.id !== null) {
    const table = account.kind === 'unit' ? 'units' : account.kind === 'village' ? 'villages' : account.kind === 'project' ? 'projects' : 'households';
    if (!queriesFor(store).ledger.exists(table, account.id)) throw new AppError('NOT_FOUND', `${field}：找不到该${ACCOUNT_KIND_LABELS[account.kind]}，可能已被删除`);
  }
  return account;
}

function householdLabel(h: { hhCode: string; headName: string | null }): string {
  return `${h.headName ?? '（无户主）'}户（${h.hhCode}）`;
}

/** Names of accounts; households only those the ledger names, unless asked for all. */
export class AccountDirectory {
  private readonly names = new Map<string, string>();
  private readonly villageOfKey = new Map<string, string>();
  readonly projectVillage = new Map<string, string>();

  constructor(store: Store, options: { allHouseholds?: boolean } = {}) {
    const q = queriesFor(store).ledger;
    for (const kind of SOURCE_KINDS) if (kind !== 'unit') this.names.set(kind, ACCOUNT_KIND_LABELS[kind]);
    for (const u of q.units()) this.names.set(`unit:${u.id}`, `${u.name}（帮扶资金）`);
    for (const v of q.villages()) {
      this.names.set(`village:${v.id}`, v.name);
      this.villageOfKey.set(`village:${v.id}`, v.id);
    }
    for (const p of q.projects({})) {
      this.names.set(`project:${p.id}`, `${p.villageName}·${p.name}`);
      this.villageOfKey.set(`project:${p.id}`, p.villageId);
      this.projectVillage.set(p.id, p.villageId);
    }
    for (const h of options.allHouseholds ? q.households() : q.householdsInLedger()) {
      this.names.set(`household:${h.id}`, householdLabel(h));
      this.villageOfKey.set(`household:${h.id}`, h.villageId);
    }
  }

  label(key: string | null): string {
    if (key === null) return '外部';
    return this.names.get(key) ?? '（已删除的账户）';
  }

  villageOf(key: string): string | null {
    return this.villageOfKey.get(key) ?? null;
  }

  options(): LedgerAccountOption[] {
    const out: LedgerAccountOption[] = [];
    for (const [key, label] of this.names) {
      const account = parseAccountKey(key);
      if (account) out.push({ key: accountKey(account), label, kind: account.kind, villageId: this.villageOf(key) });
    }
    return out;
  }
}
