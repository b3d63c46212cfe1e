// National-layout registry files for the end-to-end tests: one row per person under a title row,
// made with exceljs the way the back-end tests make theirs. Everyone in them is fictitious.
import path from 'node:path';
import type { MemberRow } from '../../shared/contract';
import { idCheckChar, makeIdNumber } from '../../shared/domain/idNumber';
import { HEADER, toTable, writeXlsx, type Value } from '../unit/import/fixtures';
import { askRows } from './fixtures';
import type { Backend } from '../../main/dev/bridge';

export interface Person {
  name: string;
  idNumber: string;
  relation: '户主' | '配偶' | '之子' | '之女';
}

export interface FileHousehold {
  hhCode: string;
  village: string;
  category?: '一般贫困户' | '低保贫困户';
  /** 年人均纯收入（元） as typed on each of the household's rows; the column is written when any household has it. */
  declaredIncome?: string;
  people: Person[];
}

export const DECLARED_INCOME = '年人均纯收入（元）';

/** Fresh, valid ID numbers that the open database does not hold yet. */
export async function idMaker(backend: Backend): Promise<(birth: string) => string> {
  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber));
  let seq = 101;
  return (birth: string) => {
    for (;;) {
      const id = makeIdNumber('420115', birth, seq);
      seq += 2;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
}

/** The same number with a wrong check character. */
export function withBadCheckDigit(id: string): string {
  const right = idCheckChar(id.slice(0, 17));
  return id.slice(0, 17) + (right === '1' ? '2' : '1');
}

export const TITLE = '2016年度建档立卡贫困人口信息表（虚构测试数据）';

/**
 * Writes the file; returns its path. Excel row of the n-th person (0-based): n + 3. With
 * `incomeYear: false` the file has no 收入年度 column (the year chosen on the import page applies).
 */
export async function writeRegistryFile(dir: string, name: string, households: FileHousehold[], options: { incomeYear?: boolean } = {}): Promise<string> {
  let n = 0;
  const rows = households.flatMap((h) =>
    h.people.map((p): Record<string, Value> => ({
      序号: ++n,
      '县(市、区)': '江夏区',
      '乡(镇)': '山坡街',
      行政村: h.village,
      户编号: h.hhCode,
      姓名: p.name,
      身份证号码: p.idNumber,
      与户主关系: p.relation,
      民族: '汉族',
      文化程度: '初中',
      在校生状况: '非在校生',
      健康状况: '健康',
      劳动技能: '普通劳动力',
      务工状况: '乡（镇）内务工',
      '务工时间(月)': '6',
      家庭人口数: String(h.people.length),
      贫困户属性: h.category ?? '一般贫困户',
      脱贫状态: '未脱贫',
      主要致贫原因: '因病',
      联系电话: '13800000001',
      工资性收入: '1200.50',
      收入年度: '2015',
      [DECLARED_INCOME]: h.declaredIncome ?? null,
    })),
  );
  const columns = [...HEADER.filter((c) => options.incomeYear !== false || c !== '收入年度'), ...(households.some((h) => h.declaredIncome !== undefined) ? [DECLARED_INCOME] : [])];
  return writeXlsx(toTable(rows, { titleRows: [TITLE], columns }), path.join(dir, name));
}
