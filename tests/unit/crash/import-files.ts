// The files the import crash test's child imports, and what the parent expects of them. File n
// (n = round × 100 + k) adds HOUSEHOLDS households tagged n in their 户编号, with 1–4 people each.
export const HOUSEHOLDS = 120;

/** 户编号 of household i of file n: the test village's code (12 digits), n (3) and i (2). */
export function hhCode(file: number, i: number): string {
  return `420115010201${String(file % 1000).padStart(3, '0')}${String(i).padStart(2, '0')}`;
}

/** The file a 户编号 belongs to, and the household's number in it. */
export function fileOf(code: string): { file: string; i: number } {
  return { file: code.slice(12, 15), i: Number(code.slice(15)) };
}

export function sizeOf(i: number): number {
  return 1 + (i % 4);
}

/** A national-layout CSV (UTF-8): the values here hold no comma, quote or line break. */
export function csvOf(rows: Record<string, string>[]): string {
  const columns = Object.keys(rows[0]);
  return [columns, ...rows.map((r) => columns.map((c) => r[c]))].map((r) => r.join(',')).join('\n') + '\n';
}
