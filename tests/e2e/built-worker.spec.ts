// The built worker (out/main/worker.js, as the packaged app runs it) imports a file big enough to be
// read in the reader thread beside the import: the built import job must find worker.js again from
// the chunk its runner was bundled into, start the reader thread, and write every person. No
// window here: this guards the build's layout, which no source-level test sees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, test } from '@playwright/test';
import { createDatabase } from '../../main/db/open';
import { readKeyFile, unlockWithPassword } from '../../main/db/keys';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { HEADER, writeXlsx, type Table } from '../unit/import/fixtures';

const BUILT_WORKER = path.resolve('out/main/worker.js');
const PASSWORD = 'built-worker-1';

/** 20,000 households of 2 fictitious people in 3 villages: over the 2 MB from which the reader has its own thread. */
function bigTable(): Table {
  const col = (name: string) => HEADER.indexOf(name);
  const rows: Table = [[...HEADER]];
  let n = 0;
  for (let h = 0; h < 20_000; h++) {
    const v = Math.floor(h / 7000);
    for (let p = 0; p < 2; p++) {
      n++;
      const r: (string | number | null)[] = HEADER.map(() => null);
      r[col('序号')] = n;
      r[col('县(市、区)')] = '江夏区';
      r[col('乡(镇)')] = '山坡街';
      r[col('行政村')] = ['光华村', '光明村', '山新村'][v];
      r[col('户编号')] = `4201150102${String(v + 1).padStart(2, '0')}${String((h % 7000) + 1).padStart(4, '0')}`;
      r[col('姓名')] = p === 0 ? `试户主${h}` : `试成员${h}`;
      const day = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10);
      r[col('身份证号码')] = makeIdNumber('420115', day, Math.floor(n / 20_000) * 2 + 1);
      r[col('与户主关系')] = p === 0 ? '户主' : '配偶';
      r[col('家庭人口数')] = 2;
      r[col('贫困户属性')] = '一般贫困户';
      r[col('脱贫状态')] = '未脱贫';
      r[col('联系电话')] = `138${String(h).padStart(8, '0')}`;
      r[col('工资性收入')] = '1200.00';
      r[col('收入年度')] = 2015;
      rows.push(r);
    }
  }
  return rows;
}

test('the built import job reads a 2 MB+ .xlsx in its reader thread and writes every person', async () => {
  test.setTimeout(180_000);
  expect(fs.existsSync(BUILT_WORKER), 'npm run build first').toBe(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-built-worker-'));
  try {
    const file = await writeXlsx(bigTable(), path.join(dir, '贫困人口_大文件.xlsx'));
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    const db = path.join(dir, 'a.fupin');
    createDatabase(db, PASSWORD).store.close();
    const keyHex = unlockWithPassword(readKeyFile(db), PASSWORD).toString('hex');
    const worker = new Worker(BUILT_WORKER, {
      workerData: {
        name: 'import',
        input: { db: { path: db, keyHex }, file, dryRun: false, onlyValid: false, actor: { kind: 'system', name: 'e2e' } },
        cancel: new SharedArrayBuffer(4),
      },
    });
    const report = await new Promise<{ ok: boolean; households: number; members: number; errors: unknown[] }>((resolve, reject) => {
      worker.on('message', (m: { type: string; result?: unknown; error?: { message: string } }) => {
        if (m.type === 'done') resolve(m.result as never);
        else if (m.type === 'error') reject(new Error(m.error!.message));
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, households: 20_000, members: 40_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
