// The CLI's plan command: the plan checked against the quotas, the auto-planner's proposal
// (--auto) and applying it (--apply), through the same services as the app's 脱贫计划 page.
import type { PlanProposal } from '../../shared/contract';
import type { PlanCheck } from '../../shared/domain/plan';
import type { Store } from '../db/store';
import { applyPlan, planOverview, planProposal } from '../services/plan';
import { CLI_ACTOR } from './actor';

export interface PlanArgs {
  auto: boolean;
  apply: boolean;
  json: boolean;
}

export interface PlanIo {
  out(text: string): void;
}

function checkLines(check: PlanCheck): string[] {
  const diff = (planned: number, quota: number) => (planned === quota ? '✓' : planned > quota ? `多 ${planned - quota}` : `少 ${quota - planned}`);
  const lines = check.years.map(
    (y) =>
      `  ${y.year}年：脱贫 ${y.people.planned} 人（任务 ${y.people.quota}，${diff(y.people.planned, y.people.quota)}）${y.households} 户；出列 ${y.villages.planned} 个村（任务 ${y.villages.quota}，${diff(y.villages.planned, y.villages.quota)}）`,
  );
  if (check.unplanned.households + check.unplanned.villages > 0) lines.push(`  未安排年度：${check.unplanned.households} 户 ${check.unplanned.people} 人，${check.unplanned.villages} 个村`);
  if (check.outside.households + check.outside.villages > 0) lines.push(`  不在计划年度内：${check.outside.households} 户 ${check.outside.people} 人，${check.outside.villages} 个村`);
  if (check.violations.length > 0) lines.push(`  村出列年度早于其贫困户的计划年度：${check.violations.length} 个村`);
  lines.push(check.ok ? '  恰好满足各年度任务。' : '  尚未满足任务。');
  return lines;
}

function proposalLines(p: PlanProposal): string[] {
  if (!p.ok) return [`无法编排：${p.message}`];
  return [
    `编排方案（按 ${p.baseYear} 年收入评分）：调整 ${p.householdsChanged} 户 ${p.peopleChanged} 人、${p.villageChanges.length} 个村`,
    ...p.moves.map((m) => `  ${m.from === null ? '未安排' : `${m.from}年`} → ${m.to}年：${m.households} 户 ${m.people} 人`),
    ...p.villageChanges.map((v) => `  ${v.name}：${v.from === null ? '未安排' : `${v.from}年`} → ${v.to}年出列`),
    '方案核对：',
    ...checkLines(p.after!),
  ];
}

/**
 * Returns the exit code: 0, or 1 when the auto-planner finds the quotas cannot be met (the
 * reason is printed; nothing is written).
 */
export function planCommand(store: Store, a: PlanArgs, io: PlanIo): number {
  if (!a.auto) {
    const o = planOverview(store);
    if (a.json) io.out(`${JSON.stringify({ quotas: o.quotas, check: o.check })}\n`);
    else io.out(['当前计划：', ...checkLines(o.check), `取整规则：${o.roundingRule}`, ''].join('\n'));
    return 0;
  }
  const p = planProposal(store);
  let applied: { households: number; villages: number } | null = null;
  if (p.ok && a.apply && p.token) applied = applyPlan({ store, actor: CLI_ACTOR }, p.token);
  if (a.json) {
    const { ok, message, constraint, baseYear, householdsChanged, peopleChanged, moves, villageChanges, after } = p;
    io.out(`${JSON.stringify({ ok, message, constraint, baseYear, householdsChanged, peopleChanged, moves, villageChanges, check: after, applied })}\n`);
  } else {
    const lines = proposalLines(p);
    if (applied) lines.push(`已应用：调整 ${applied.households} 户、${applied.villages} 个村的计划年度。`);
    else if (p.ok && !a.apply) lines.push('（未写入；加 --apply 应用此方案）');
    io.out(`${lines.join('\n')}\n`);
  }
  return p.ok ? 0 : 1;
}
