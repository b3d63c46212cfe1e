// Registry files made here, from one table of fictitious people, in every format a clerk meets:
// .xlsx (with title rows, shuffled columns, numbers where Excel puts them), .xls, and CSV in
// UTF-8, UTF-8 with BOM and GBK. Nobody in these files exists.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import * as XLSX from '@e965/xlsx';
import { idCheckChar, makeIdNumber } from '../../../shared/domain/idNumber';
import { createDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import { afterAll, beforeAll } from 'vitest';
import { seedVillage, PASSWORD, tempDir, testWriter } from '../main/helpers';

export type Value = string | number | null;
export type Table = Value[][];

export const HEADER = [
  '序号', '县(市、区)', '乡(镇)', '行政村', '户编号', '姓名', '身份证号码', '与户主关系', '民族', '文化程度', '在校生状况',
  '健康状况', '劳动技能', '务工状况', '务工时间(月)', '家庭人口数', '贫困户属性', '脱贫状态', '主要致贫原因', '联系电话', '工资性收入', '收入年度',
];

/** An 18-digit number whose check character is X, the case clerks type in lower case. */
export function idEndingInX(birth: string): string {
  for (let seq = 1; seq < 999; seq += 2) {
    const id = makeIdNumber('420115', birth, seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
}

const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

export const PEOPLE = {
  head1: idEndingInX('1968-03-04'),
  spouse1: makeIdNumber('420115', '1970-07-08', 22),
  son1: makeIdNumber('420115', '2008-09-10', 33),
  /** 15-digit old number of a man born 1950-01-02 */
  head2old: '420115500102031',
  daughter2: makeIdNumber('420115', '1985-11-12', 44),
  head3: makeIdNumber('420115', '1959-05-06', 55),
};
export const HEAD2_18 = (() => {
  const first17 = `${PEOPLE.head2old.slice(0, 6)}19${PEOPLE.head2old.slice(6)}`;
  return first17 + idCheckChar(first17);
})();

export const HH1 = '4201150102010001';
export const HH2 = '4201150102010002';
export const HH3 = '4201150102019001';

type Row = Record<string, Value>;

function person(n: number, village: string, hh: string, name: string, id: string, relation: string, extra: Row = {}): Row {
  return {
    序号: n, '县(市、区)': '江夏区', '乡(镇)': '山坡街', 行政村: village, 户编号: hh, 姓名: name, 身份证号码: id, 与户主关系: relation,
    民族: '汉族', 文化程度: '初中', 在校生状况: '非在校生', 健康状况: '健康', 劳动技能: '普通劳动力', 务工状况: '乡（镇）内务工', '务工时间(月)': '6',
    家庭人口数: '3', 贫困户属性: '一般贫困户', 脱贫状态: '未脱贫', 主要致贫原因: '因病', 联系电话: '13800000001', 工资性收入: '1200.50', 收入年度: '2015',
    ...extra,
  };
}

/** The clean file: three households, six people, one new village, one old 15-digit number. */
export function baseRows(): Row[] {
  return [
    person(1, '测试村', HH1, '甲一', PEOPLE.head1.toLowerCase(), '户主'),
    person(2, '测试村', HH1, '甲二', fullWidth(PEOPLE.spouse1), '配偶', { 务工时间: '3' }),
    person(3, '测试村', HH1, '甲三', `${PEOPLE.son1.slice(0, 6)} ${PEOPLE.son1.slice(6, 14)} ${PEOPLE.son1.slice(14)}`, '之子', { 文化程度: '小学', 在校生状况: '七年级', '务工时间(月)': '0', 务工状况: '其他' }),
    person(4, '测试村', HH2, '乙一', PEOPLE.head2old, '户主', { 贫困户属性: '低保贫困户', 家庭人口数: '3' }),
    person(5, '测试村', HH2, '乙二', PEOPLE.daughter2, '之女', { 贫困户属性: '低保贫困户', 家庭人口数: '3' }),
    person(6, '新建村', HH3, '丙一', PEOPLE.head3, '户主', { 家庭人口数: '1', 主要致贫原因: '缺资金' }),
  ];
}

export interface Layout {
  titleRows?: string[];
  columns?: string[];
}

export function toTable(rows: Row[], layout: Layout = {}): Table {
  const columns = layout.columns ?? HEADER;
  return [...(layout.titleRows ?? []).map((t) => [t]), columns, ...rows.map((r) => columns.map((c) => r[c] ?? null))];
}

/** Excel keeps what clerks paste as numbers: 户编号 and 序号 arrive as numeric cells. */
export async function writeXlsx(table: Table, file: string, sheet = '贫困人口', numeric: (col: string, v: Value) => boolean = (c) => c === '户编号' || c === '序号'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  const header = table.find((r) => r.length > 1) ?? [];
  table.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, j) => {
      const col = String(header[j] ?? '');
      row.getCell(j + 1).value = v !== null && r !== header && r.length > 1 && numeric(col, v) && typeof v !== 'number' && /^\d+(\.\d+)?$/.test(String(v)) ? Number(v) : v;
    });
  });
  await wb.xlsx.writeFile(file);
  return file;
}

export function writeXls(table: Table, file: string, sheet = '贫困人口'): string {
  const header = table.find((r) => r.length > 1) ?? [];
  const cells = table.map((r) => r.map((v, j) => (r !== header && r.length > 1 && (header[j] === '户编号' || header[j] === '序号') && typeof v === 'string' ? Number(v) : v)));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(cells), sheet);
  fs.writeFileSync(file, XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
  return file;
}

export function csvText(table: Table): string {
  const ws = XLSX.utils.aoa_to_sheet(table.map((r) => r.map((v) => (v === null ? '' : String(v)))));
  return XLSX.utils.sheet_to_csv(ws, { blankrows: true });
}

export function writeCsv(table: Table, file: string, encoding: 'utf-8' | 'utf-8-bom' | 'gbk'): string {
  const text = csvText(table);
  const bytes = encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A database with the village 测试村 (and its team) that the file's first households belong to. */
export function storeWithVillage(dir: string, name = 'db.fupin'): Store {
  const { store } = createDatabase(path.join(dir, name), PASSWORD);
  store.tx(() => seedVillage(testWriter(store, 'fixture'), '420115010201', '测试村'));
  return store;
}

/**
 * A temp folder for one test file: fresh seeded databases and numbered file names in it, all
 * closed and removed after the file's tests.
 */
export function importWorkspace(prefix: string): { newStore: () => Store; file: (name: string) => string } {
  let dir = '';
  const stores: Store[] = [];
  let n = 0;
  beforeAll(() => {
    dir = tempDir(prefix);
  });
  afterAll(() => {
    for (const s of stores) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    newStore() {
      const s = storeWithVillage(dir, `db${++n}.fupin`);
      stores.push(s);
      return s;
    },
    file: (name) => path.join(dir, `${++n}-${name}`),
  };
}

export function count(store: Store, table: 'auditLog' | 'households' | 'members' | 'villages' | 'incomes'): number {
  return (store.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** Everything an import wrote, without UUIDs (the import batch's too) and timestamps, to compare two databases. */
export function snapshot(store: Store): unknown {
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ id: _i, createdAt: _c, updatedAt: _u, householdId: _h, villageId: _v, importBatchId: _b, ...rest }) => rest);
  return {
    villages: strip(store.sqlite.prepare('SELECT * FROM villages ORDER BY code').all() as Record<string, unknown>[]),
    households: strip(store.sqlite.prepare('SELECT * FROM households ORDER BY hhCode').all() as Record<string, unknown>[]),
    members: strip(store.sqlite.prepare('SELECT * FROM members ORDER BY idNumber').all() as Record<string, unknown>[]),
    incomes: strip(store.sqlite.prepare('SELECT i.*, h.hhCode FROM incomes i JOIN households h ON h.id = i.householdId ORDER BY h.hhCode').all() as Record<string, unknown>[]),
  };
}
