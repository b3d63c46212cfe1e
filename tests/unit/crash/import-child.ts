// Child process for the import crash test: imports file after file through the real import (one
// batch per file) as fast as it can, until it is killed. File n adds new households (import-files.ts)
// and gives every household of file n-1 the phone number n: so each batch both inserts rows (under
// its one audit entry) and updates existing ones (an entry per field). The parent tells a whole
// batch from part of one by the files' tags.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../../main/db/open';
import { runImport } from '../../../main/services/import/index';
import { makeIdNumber } from '../../../shared/domain/idNumber';
import { HOUSEHOLDS, csvOf, hhCode, sizeOf } from './import-files';

const [file, password, roundText, dir] = process.argv.slice(2);
const round = Number(roundText);

let people = 0;
function idNumber(): string {
  people++;
  const n = round * 20_000 + people;
  const day = String(1 + (n % 28)).padStart(2, '0');
  const year = 1940 + (Math.floor(n / 28) % 60);
  const month = String(1 + (Math.floor(n / 1680) % 12)).padStart(2, '0');
  return makeIdNumber('420115', `${year}-${month}-${day}`, Math.floor(n / 20160) % 1000);
}

function householdRows(n: number, i: number, ids: string[], phone: number): Record<string, string>[] {
  return ids.map((id, k) => ({
    '县(市、区)': '江夏区', '乡(镇)': '山坡街', 行政村: '测试村', 户编号: hhCode(n, i), 姓名: `导入${k}`, 身份证号码: id,
    与户主关系: k === 0 ? '户主' : '其他', 家庭人口数: String(ids.length), 贫困户属性: '一般贫困户', 脱贫状态: '未脱贫',
    主要致贫原因: '因病', 联系电话: `1380000${String(phone).padStart(4, '0')}`, 工资性收入: '100', 收入年度: '2015',
  }));
}

async function main(): Promise<void> {
  const store = openDatabase(file, password);
  const actor = { kind: 'system' as const, name: 'crash-import' };
  let previous: string[][] = [];
  process.stdout.write('ready\n');
  for (let n = round * 100; ; n++) {
    const current = Array.from({ length: HOUSEHOLDS }, (_, i) => Array.from({ length: sizeOf(i) }, () => idNumber()));
    const rows = [...previous.flatMap((ids, i) => householdRows(n - 1, i, ids, n)), ...current.flatMap((ids, i) => householdRows(n, i, ids, n))];
    const csv = path.join(dir, `import-${process.pid}.csv`);
    fs.writeFileSync(csv, csvOf(rows));
    const report = await runImport(store, csv, { dryRun: false, onlyValid: false, actor });
    if (!report.committed) throw new Error(`import ${n} did not commit: ${JSON.stringify(report.errors.slice(0, 3))}`);
    previous = current;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
