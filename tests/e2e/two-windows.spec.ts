// Two windows on one database, as the shell runs them: an edit committed in one shows in the other
// through the pushed data.changed event — no polling — and a wall window gets aggregates only.
import { openApp } from '../../main/dev/bridge';
import type { HouseholdRow } from '../../shared/contract';
import { scrollToColumn } from './setFilter';
import { ask, askRows, cell, editCell, expect, householdsGrid, openDemo, test, loadedText } from './fixtures';

test('an edit in one window shows in the other within 2 s, and the other window does not poll', async ({ app: first, backend, context }) => {
  await openDemo(first);
  const gridA = householdsGrid(first);
  await expect(first.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();

  // The second window opens on the database the first one has open.
  const second = await openApp(context, backend);
  const gridB = householdsGrid(second);
  await expect(second.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  const hhCode = await loadedText(cell(gridA, 0, 'hhCode'));
  await expect(cell(gridB, 0, 'hhCode')).toHaveText(hhCode);

  // Count every request each window makes from here on, at the router the bridge calls.
  const calls: { window: number; channel: string }[] = [];
  const handle = backend.router.handle.bind(backend.router);
  backend.router.handle = (ctx, channel, input) => {
    calls.push({ window: ctx.window.id, channel: String(channel) });
    return handle(ctx, channel, input);
  };
  const secondWindow = () => calls.filter((c) => c.window !== 1).map((c) => c.channel);
  await second.waitForTimeout(3000);
  expect(secondWindow(), '另一窗口在空闲时不应轮询').toEqual([]);

  const before = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.hhCode === hhCode)!;
  const newPhone = before.phone === '13907149001' ? '13907149002' : '13907149001';
  await editCell(first, cell(gridA, 0, 'phone'), newPhone);
  await expect(cell(gridA, 0, 'phone')).toHaveText(newPhone);
  await expect(cell(gridB, 0, 'phone')).toHaveText(newPhone, { timeout: 2000 });
  await expect(second.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  // It asked only for what changed: which rows, then those rows (and the counts).
  expect(secondWindow().filter((c) => c === 'households.list' || c === 'members.list')).toEqual([]);
  expect(secondWindow()).toEqual(expect.arrayContaining(['changes.list', 'households.get']));
  await second.close();
});

test('a wall window gets the aggregates, is refused personal data, and keeps counting while the clerk’s window is locked', async ({ app: first, backend, context }) => {
  await openDemo(first);
  await expect(first.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  const wall = await openApp(context, backend, { kind: 'wall' });
  await wall.waitForFunction(() => typeof window.api?.invoke === 'function');
  const invoke = (channel: string) => wall.evaluate((c) => window.api.invoke(c, {}), channel) as Promise<{ ok: boolean; data?: { households?: number }; error?: { code: string } }>;
  expect(await invoke('households.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await first.getByRole('button', { name: '锁定' }).click();
  await expect(first.getByLabel('密码', { exact: true })).toBeVisible();
  expect(await invoke('stats.get')).toMatchObject({ ok: true, data: { households: 1097 } });
  await wall.close();
});

test('a cadre renamed in one window renames 帮扶责任人 in the other window’s households grid', async ({ app: first, backend, context }) => {
  await openDemo(first);
  await expect(first.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  const second = await openApp(context, backend);
  const gridB = householdsGrid(second);
  await expect(second.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  await scrollToColumn(gridB, 'helperName');
  const helper = await loadedText(cell(gridB, 0, 'helperName'));
  expect(helper, '演示数据的第一户应有帮扶责任人').not.toBe('');
  const cadre = (await ask(backend, 'cadres.list', {})).find((c) => c.name === helper)!;
  const renamed = `${helper}改`;
  await ask(backend, 'cadres.update', { id: cadre.id, field: 'name', value: renamed });
  await expect(cell(gridB, 0, 'helperName')).toHaveText(renamed, { timeout: 2000 });
  await second.close();
});
