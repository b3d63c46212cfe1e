// Pledges: what the district and each unit promise a year. No row is the plan's figure
// (PLEDGE_MINIMUM_FEN); setting a pledge writes or changes its row through the write path.
import type { PledgeRow } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { checkPledgeFen, isCampaignYear, PLEDGE_MINIMUM_FEN, type PledgeSource } from '../../../shared/domain/ledger';
import { queriesFor } from '../../db/queries';
import type { Store } from '../../db/store';
import { insertRow, updateRow, type Writer } from '../../db/write';

const DISTRICT_NAME = '区级财政';

/** The district's and every unit's pledge of each campaign year, or of one. */
export function listPledges(store: Store, year?: number): PledgeRow[] {
  const q = queriesFor(store).ledger;
  const recorded = new Map<string, number>();
  for (const p of q.pledges()) recorded.set(`${p.year}:${p.unitId ?? ''}`, p.amount);
  const units = q.units();
  const rows: PledgeRow[] = [];
  for (const y of year === undefined ? CAMPAIGN_YEARS : [year]) {
    const row = (sourceKind: PledgeSource, unitId: string | null, name: string): PledgeRow => {
      const amount = recorded.get(`${y}:${unitId ?? ''}`);
      return { year: y, sourceKind, unitId, name, amountFen: amount ?? PLEDGE_MINIMUM_FEN[sourceKind], isDefault: amount === undefined, minimumFen: PLEDGE_MINIMUM_FEN[sourceKind] };
    };
    rows.push(row('district', null, DISTRICT_NAME));
    for (const u of units) rows.push(row('unit', u.id, u.name));
  }
  return rows;
}

export interface PledgeInput {
  year: number;
  sourceKind: PledgeSource;
  unitId: string | null;
  amountFen: number;
}

export function setPledge(w: Writer, input: PledgeInput): PledgeRow {
  const q = queriesFor(w.store).ledger;
  if (!isCampaignYear(input.year)) throw new AppError('VALIDATION', `年度：承诺只能填写攻坚年度（${CAMPAIGN_YEARS.join('、')}年）`);
  const problem = checkPledgeFen(input.amountFen);
  if (problem) throw new AppError('VALIDATION', problem);
  const unitId = input.sourceKind === 'unit' ? input.unitId : null;
  if (input.sourceKind === 'unit') {
    if (!unitId) throw new AppError('VALIDATION', '帮扶单位：请选择单位');
    if (!q.exists('units', unitId)) throw new AppError('NOT_FOUND', '帮扶单位：找不到该单位，可能已被删除');
  }
  w.store.tx(() => {
    const existing = q.pledge(input.year, input.sourceKind, unitId);
    if (existing) updateRow(w, 'pledges', existing.id, { amount: input.amountFen }, '承诺');
    else insertRow(w, 'pledges', { year: input.year, sourceKind: input.sourceKind, unitId, amount: input.amountFen });
  });
  return listPledges(w.store, input.year).find((p) => p.sourceKind === input.sourceKind && p.unitId === unitId)!;
}

/** Each source's pledge of a year: the district's, and each unit's by id. */
export function pledgesOfYear(store: Store, year: number): { district: number; units: Map<string, number> } {
  const rows = listPledges(store, year);
  const units = new Map<string, number>();
  let district = PLEDGE_MINIMUM_FEN.district;
  for (const r of rows) {
    if (r.sourceKind === 'district') district = r.amountFen;
    else units.set(r.unitId!, r.amountFen);
  }
  return { district, units };
}
