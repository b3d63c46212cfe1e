// The demo's ledger for 2016–2018 (services/demo.ts calls it last in its one write): the district
// and every unit pay in (most units their 30,000 yuan, a few short), the money goes to the
// villages, each village runs projects and pays households, a few projects return what they did
// not use, and a few entries are reversed. Every entry goes through insertEntry, so the demo obeys
// every rule a clerk does. Deterministic: its own seeded Random, records read in a fixed order.
import { codeValues } from '../../../shared/domain/codes';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { PLEDGE_MINIMUM_FEN } from '../../../shared/domain/ledger';
import { formatIsoDate } from '../../../shared/domain/dates';
import { queriesFor } from '../../db/queries';
import { insertRow, type Writer } from '../../db/write';
import { Random } from '../random';
import { availableBalance, insertEntry, reverseEntry, type NewEntry } from './entries';

/** Added to the demo's seed so the ledger draws its own numbers, leaving the registry's as they were. */
const LEDGER_SEED_OFFSET = 2015;

const PROJECT_NAMES: Record<string, readonly string[]> = {
  agriculture: ['特色蔬菜种植基地', '精品水产养殖', '优质稻种植', '苗木花卉基地', '生态养殖合作社'],
  tourism: ['农家乐示范点', '乡村旅游步道'],
  ecommerce: ['农村电商服务站'],
  services: ['村级便民服务中心'],
  transport: ['通湾道路硬化', '村组公路拓宽'],
  water: ['安全饮水改造', '灌溉渠道整修', '当家塘清淤'],
  power: ['光伏扶贫电站', '农网改造'],
  ecology: ['村庄环境整治', '垃圾分类收集点'],
  public: ['村卫生室改造', '文化活动广场'],
  education: ['助学奖励基金'],
  medical: ['大病医疗补充救助'],
  training: ['农民实用技术培训', '务工技能培训班'],
  other: ['扶贫互助资金'],
};

const PATHWAY_OF: Record<string, string> = {
  agriculture: 'industry',
  tourism: 'industry',
  ecommerce: 'industry',
  services: 'training',
  transport: 'industry',
  water: 'industry',
  power: 'industry',
  ecology: 'industry',
  public: 'security',
  education: 'education',
  medical: 'medical',
  training: 'training',
  other: 'security',
};

const HOUSEHOLD_PAYMENTS: readonly (readonly [string, number, number])[] = [
  ['产业发展奖补', 1_000, 3_000],
  ['助学补助', 1_000, 2_000],
  ['医疗救助', 500, 5_000],
  ['危房改造补助', 5_000, 15_000],
  ['技能培训补贴', 300, 800],
  ['节日慰问金', 200, 500],
];

const yuan = (n: number) => n * 100;

class Vouchers {
  private readonly next = new Map<number, number>();
  of(date: string): string {
    const year = Number(date.slice(0, 4));
    const n = (this.next.get(year) ?? 0) + 1;
    this.next.set(year, n);
    return `记-${year}-${String(n).padStart(4, '0')}`;
  }
}

function dayIn(rng: Random, year: number, fromMonth: number, toMonth: number): string {
  const month = rng.int(fromMonth, toMonth);
  return formatIsoDate({ year, month, day: rng.int(1, 28) });
}

/** Writes the demo ledger; label marks the demo's projects and entries (虚构演示数据). */
export function writeDemoLedger(w: Writer, seed: number, label: string): void {
  const rng = new Random(seed + LEDGER_SEED_OFFSET);
  const q = queriesFor(w.store).ledger;
  const villages = q.villages();
  const units = q.units();
  const unitVillage = new Map(q.unitVillages().map((u) => [u.unitId, u.villageId]));
  const households = new Map<string, string[]>();
  for (const h of q.households()) households.set(h.villageId, [...(households.get(h.villageId) ?? []), h.id]);
  const vouchers = new Vouchers();
  const post = (e: Omit<NewEntry, 'voucherNo' | 'attachmentRef'>) => insertEntry(w, { ...e, voucherNo: vouchers.of(e.date), attachmentRef: label });
  const types = codeValues('projectType');
  // What an account can still pay on a date: the demo obeys the dated balance rule like a clerk.
  const available = (account: string, date: string) => availableBalance(w.store, account, date).lowest;
  // A few units fall short each year, different ones each year.
  for (const year of CAMPAIGN_YEARS) {
    const short = new Set(rng.shuffle([...units]).slice(0, rng.int(3, 6)).map((u) => u.id));
    // The district's budget in four monthly tranches early in the year, a little above the plan's figure.
    const districtTotal = yuan(rng.int(300, 330) * 10_000);
    for (let k = 0; k < 4; k++) post({ date: formatIsoDate({ year, month: 1 + k, day: 5 }), kind: 'receive', amountFen: districtTotal / 4, fromAccount: null, toAccount: 'district', memo: `${year}年区级财政扶贫专项资金（第${k + 1}批）` });
    if (rng.chance(0.7)) post({ date: dayIn(rng, year, 3, 9), kind: 'receive', amountFen: yuan(rng.int(5, 20) * 10_000), fromAccount: null, toAccount: 'donation', memo: '爱心企业捐赠' });
    // Each unit pays in, and passes its money on to its team's village.
    for (const u of units) {
      const amount = short.has(u.id) ? yuan(rng.int(10, 28) * 1_000) : PLEDGE_MINIMUM_FEN.unit + yuan(rng.int(0, 4) * 5_000);
      const date = dayIn(rng, year, 2, 6);
      post({ date, kind: 'receive', amountFen: amount, fromAccount: null, toAccount: `unit:${u.id}`, memo: `${year}年单位帮扶资金` });
      const village = unitVillage.get(u.id);
      if (village) post({ date: dayIn(rng, year, 7, 9), kind: 'allocate', amountFen: amount, fromAccount: `unit:${u.id}`, toAccount: `village:${village}`, memo: '帮扶资金拨付到村' });
    }
    // The district shares 90 % of its budget among the villages.
    const share = Math.floor((districtTotal * 0.9) / villages.length / 100) * 100;
    for (const v of villages) post({ date: dayIn(rng, year, 4, 6), kind: 'allocate', amountFen: share, fromAccount: 'district', toAccount: `village:${v.id}`, memo: `${year}年到村扶贫资金` });
    // Each village: one or two projects a year, then payments to some of its households.
    for (const v of villages) {
      const own = households.get(v.id) ?? [];
      const lead = units.find((u) => unitVillage.get(u.id) === v.id);
      for (let p = 0, n = rng.int(1, 2); p < n; p++) {
        const type = rng.pick(types);
        const budget = yuan(rng.int(5, 25) * 10_000);
        const beneficiaries = rng.shuffle([...own]).slice(0, rng.int(3, Math.min(25, own.length)));
        const project = insertRow(w, 'projects', {
          villageId: v.id,
          year,
          name: `${v.name}${rng.pick(PROJECT_NAMES[type])}`,
          type,
          pathway: PATHWAY_OF[type],
          budget,
          status: year < 2018 ? rng.pick(['done', 'accepted']) : rng.pick(['ongoing', 'done']),
          unitId: lead?.id ?? null,
          note: label,
        });
        for (const h of beneficiaries) insertRow(w, 'projectHouseholds', { projectId: project.id, householdId: h });
        // Projects take at most 45 % of what the village holds: the rest pays its households.
        const allocatedOn = dayIn(rng, year, 8, 9);
        const allocated = Math.min(budget, Math.floor((available(`village:${v.id}`, allocatedOn) * 0.45) / 100) * 100);
        if (allocated <= 0) continue;
        post({ date: allocatedOn, kind: 'allocate', amountFen: allocated, fromAccount: `village:${v.id}`, toAccount: `project:${project.id}`, memo: '项目资金拨付' });
        const works = Math.floor((allocated * rng.int(70, 90)) / 100 / 100) * 100;
        post({ date: dayIn(rng, year, 10, 11), kind: 'spend', amountFen: works, fromAccount: `project:${project.id}`, toAccount: null, memo: '工程款（施工单位）' });
        const perHousehold = yuan(rng.int(2, 6) * 100);
        for (const h of beneficiaries.slice(0, 5)) {
          const paidOn = dayIn(rng, year, 11, 12);
          if (available(`project:${project.id}`, paidOn) < perHousehold) break;
          post({ date: paidOn, kind: 'spend', amountFen: perHousehold, fromAccount: `project:${project.id}`, toAccount: `household:${h}`, memo: '项目收益分红到户' });
        }
        // Some projects give back what they did not use.
        const refundOn = formatIsoDate({ year, month: 12, day: 20 });
        const left = available(`project:${project.id}`, refundOn);
        if (left > 0 && rng.chance(0.3)) post({ date: refundOn, kind: 'refund', amountFen: left, fromAccount: `project:${project.id}`, toAccount: `village:${v.id}`, memo: '项目结余资金退回' });
      }
      for (const h of own) {
        if (!rng.chance(0.35)) continue;
        const [what, min, max] = rng.pick(HOUSEHOLD_PAYMENTS);
        const amount = yuan(Math.round(rng.int(min, max) / 100) * 100);
        const date = dayIn(rng, year, 5, 12);
        // Paid only when the village holds the money by then (the district's share comes in spring).
        if (available(`village:${v.id}`, date) < amount) continue;
        post({ date, kind: 'spend', amountFen: amount, fromAccount: `village:${v.id}`, toAccount: `household:${h}`, memo: what });
        // Now and then an entry typed twice, the second reversed.
        if (rng.chance(0.01) && available(`village:${v.id}`, date) >= amount) {
          const twice = post({ date, kind: 'spend', amountFen: amount, fromAccount: `village:${v.id}`, toAccount: `household:${h}`, memo: what });
          reverseEntry(w, { id: twice, date, voucherNo: `冲-${vouchers.of(date)}`, memo: '重复录入' });
        }
      }
    }
  }
}
