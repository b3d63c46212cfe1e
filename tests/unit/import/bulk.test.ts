// A bulk import (db/bulkIndexes.ts): the read-side indexes are dropped for the write and built again
// before COMMIT, the people's pinyin is filled in at the batch's end, and a cancel brings every
// index back as it was.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BULK_DEFERRED_INDEXES, worthDeferring } from '../../../main/db/bulkIndexes';
import { BATTLE_BOARD_TRIGGERS } from '../../../main/db/migrations/m010_battle_board';
import type { Store } from '../../../main/db/store';
import { runImport } from '../../../main/services/import/index';
import * as registry from '../../../main/services/registry';
import { verifyDatabase } from '../../../main/services/verify';
import { makeIdNumber } from '../../../shared/domain/idNumber';
import { namePinyin } from '../../../shared/domain/pinyin';
import { householdFactsMismatches, tester } from '../main/helpers';
import { HEADER, importWorkspace, writeXlsx, type Table } from './fixtures';

const { newStore, file } = importWorkspace('fupin-bulk-');

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂';
const HOUSEHOLDS = 10_000;

/** 10,000 fictitious households of three people in 测试村: 30,000 rows. */
function bigTable(): Table {
  const rows: Table = [HEADER];
  let n = 0;
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const hh = `420115010201${String(h + 1).padStart(4, '0')}`;
    for (let p = 0; p < 3; p++) {
      n++;
      const name = SURNAMES[h % SURNAMES.length] + GIVEN[(h * 7 + p) % GIVEN.length] + GIVEN[(h * 13 + p * 5) % GIVEN.length];
      const birth = `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`;
      const id = makeIdNumber('420115', birth, n % 999);
      rows.push([n, '江夏区', '山坡街', '测试村', hh, name, id, p === 0 ? '户主' : p === 1 ? '配偶' : '之子', '汉族', '初中', '非在校生', '健康', '普通劳动力', '乡（镇）内务工', '6', '3', '一般贫困户', '未脱贫', '因病', '13800000001', '1200', '2015']);
    }
  }
  return rows;
}

/** The deferred indexes and the battle board's triggers (m010) that are there. */
function indexesThere(store: Store): string[] {
  const names = [...BULK_DEFERRED_INDEXES, ...BATTLE_BOARD_TRIGGERS];
  return store.sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') AND name IN (${names.map(() => '?').join(', ')}) ORDER BY name`).pluck().all(...names) as string[];
}

describe('a bulk import', () => {
  it('drops the read-side indexes while it writes, builds them again before COMMIT, and fills in the pinyin', async () => {
    const store = newStore();
    const f = await writeXlsx(bigTable(), file('bulk.xlsx'), '贫困人口', (c) => c === '序号');
    expect(worthDeferring(fs.statSync(f).size, 0), `文件应足够大，触发批量导入（${fs.statSync(f).size} 字节）`).toBe(true);
    const all = [...BULK_DEFERRED_INDEXES, ...BATTLE_BOARD_TRIGGERS].sort();
    expect(indexesThere(store)).toEqual(all);
    let duringWrite: string[] | null = null;
    const report = await runImport(store, f, { dryRun: false, onlyValid: false, actor: tester() }, {
      onProgress: (p) => {
        if (p.message.startsWith('正在写入')) duringWrite = indexesThere(store);
      },
    });
    expect(report.committed, JSON.stringify(report.errors.slice(0, 3))).toBe(true);
    expect(duringWrite).toEqual([]);
    expect(indexesThere(store)).toEqual(all);
    const people = store.sqlite.prepare('SELECT count(*) FROM members').pluck().get() as number;
    expect(people).toBe(HOUSEHOLDS * 3);
    expect(store.sqlite.prepare('SELECT count(*) FROM nameSearch WHERE id IN (SELECT id FROM members)').pluck().get()).toBe(people);
    // The rebuilt indexes answer the grids: a person found by pinyin, the registry's order paged.
    const somebody = JSON.parse(registry.gridPage(store, 'members', {}, 7000, 7001).json)[0] as { id: string; name: string };
    expect(registry.gridIds(store, 'members', { quick: namePinyin(somebody.name)!.full })).toContain(somebody.id);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [] });
    // The households' head, size and counts, kept by triggers through 30,000 inserts; the battle
    // board counted again before COMMIT.
    expect(householdFactsMismatches(store)).toEqual([]);
    expect(registry.getStats(store)).toMatchObject({ households: HOUSEHOLDS, people: HOUSEHOLDS * 3 });
  }, 240_000);

  it('a cancel during the write brings every index back and writes nothing', async () => {
    const store = newStore();
    const f = await writeXlsx(bigTable(), file('bulk-cancel.xlsx'), '贫困人口', (c) => c === '序号');
    let writing = false;
    let duringWrite: string[] | null = null;
    await expect(
      runImport(store, f, { dryRun: false, onlyValid: false, actor: tester() }, {
        onProgress: (p) => {
          if (p.message.startsWith('正在写入')) {
            writing = true;
            duringWrite = indexesThere(store);
          }
        },
        isCancelled: () => writing,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(writing).toBe(true);
    expect(duringWrite, '批量导入写入时应已删去这些索引').toEqual([]);
    expect(indexesThere(store)).toEqual([...BULK_DEFERRED_INDEXES, ...BATTLE_BOARD_TRIGGERS].sort());
    expect(store.sqlite.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(store.sqlite.prepare('SELECT count(*) FROM householdFacts').pluck().get()).toBe(0);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 240_000);

  it('a small import into a large registry keeps its indexes (rebuilding would read everything)', () => {
    expect(worthDeferring(200_000, 0)).toBe(false); // about 1,500 rows
    expect(worthDeferring(40_000_000, 300_000)).toBe(true); // a county's re-import
    expect(worthDeferring(2_000_000, 300_000)).toBe(false); // 15,000 people into 300,000
  });
});
