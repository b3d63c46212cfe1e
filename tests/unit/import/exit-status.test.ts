// 脱贫状态 and 销号日期 in an imported file. The national file's 脱贫状态 is imported as it stands,
// but never silently: a household the file makes exited was not struck off here (no day, no
// reviewer) and the clerk is told how many; one it makes poor again loses its 销号 day. The
// 销号日期 column the app's own export writes is recognised and reported, never imported: a 销号
// day is recorded only through 销号. Everyone in these files is fictitious.
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../main/services/import/index';
import type { Store } from '../../../main/db/store';
import { write } from '../../../main/db/write';
import { exitHousehold } from '../../../main/services/exits';
import { HEADER, HH1, HH2, baseRows, importWorkspace, toTable, writeXlsx } from './fixtures';
import { tester } from '../main/helpers';

const { newStore, file } = importWorkspace('fupin-import-exit-');

const imp = (store: Store, f: string) => runImport(store, f, { dryRun: false, onlyValid: false, actor: tester('测试') });
const state = (store: Store, hhCode: string) => store.sqlite.prepare('SELECT exitStatus, exitedOn FROM households WHERE hhCode = ?').get(hhCode) as { exitStatus: string; exitedOn: string | null };
const lines = (l: { column: string; message: string }[]) => l.map((w) => `${w.column}|${w.message}`);

describe('脱贫状态 and 销号日期 in an imported file', () => {
  it('tells the clerk of households the file makes exited or poor again, and clears the 销号 day of the latter', async () => {
    const store = newStore();
    expect((await imp(store, await writeXlsx(toTable(baseRows()), file('first.xlsx')))).committed).toBe(true);
    const hh1 = (store.sqlite.prepare('SELECT id FROM households WHERE hhCode = ?').get(HH1) as { id: string }).id;
    write({ store, actor: tester('测试') }, (w) => exitHousehold(w, hh1, { on: '2016-12-20', reviewer: '审核员', evidence: '评议通过', overrideReason: '测试' }));
    expect(state(store, HH1)).toEqual({ exitStatus: 'exited_supported', exitedOn: '2016-12-20' });

    // The file: HH1 poor again (未脱贫, as the base rows say), HH2 exited by the file.
    const rows = baseRows().map((r) => (r.户编号 === HH2 ? { ...r, 脱贫状态: '已脱贫（享受政策）' } : r));
    const r = await imp(store, await writeXlsx(toTable(rows), file('second.xlsx')));
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    expect(lines(r.warnings)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^脱贫状态\|1 户的“脱贫状态”按文件由已脱贫改为“未脱贫”（首次在第 \d+ 行，户编号 4201150102\d+），其销号日期已清除$/),
        expect.stringMatching(/^脱贫状态\|1 户的“脱贫状态”按文件改为已脱贫（首次在第 \d+ 行，户编号 4201150102\d+），未经“销号…”，没有销号日期和审核记录/),
      ]),
    );
    expect(state(store, HH1)).toEqual({ exitStatus: 'not_exited', exitedOn: null });
    expect(state(store, HH2)).toEqual({ exitStatus: 'exited_supported', exitedOn: null });
  });

  it('reports the 销号日期 column with its count and imports none of it', async () => {
    const store = newStore();
    const rows = baseRows().map((r) => ({ ...r, 销号日期: '2016-12-20' }));
    const r = await imp(store, await writeXlsx(toTable(rows, { columns: [...HEADER, '销号日期'] }), file('dates.xlsx')));
    expect(r.errors).toEqual([]);
    expect(lines(r.warnings)).toContain(`销号日期|“销号日期”列不导入（销号日期只在“销号…”办理时记下），该列 ${rows.length} 个值未导入`);
    expect(state(store, HH1).exitedOn).toBeNull();
  });
});
