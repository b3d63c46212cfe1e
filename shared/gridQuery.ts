// What a SQL-backed grid asks main for: its column filters (AG Grid's filter models, as the grid
// hands them to its datasource), its sort, the quick search and the page's own narrowing (a
// village, a household). Main turns the same query into SQL for a block of rows, the row count
// and the totals, a row's position, and the export (main/db/queries/gridSql.ts), so what a clerk
// sees, counts and exports are one query.
import { z } from 'zod';

const text = z.string().max(200, { error: '筛选内容过长' });
const nullableText = text.nullable().optional();
const nullableNumber = z.number().finite().nullable().optional();

export const TEXT_FILTER_TYPES = ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank'] as const;
export const SCALAR_FILTER_TYPES = ['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank'] as const;

const textCondition = z
  .object({ filterType: z.literal('text'), type: z.enum(TEXT_FILTER_TYPES, { error: '不支持的文本筛选方式' }), filter: nullableText })
  .strip();
const numberCondition = z
  .object({ filterType: z.literal('number'), type: z.enum(SCALAR_FILTER_TYPES, { error: '不支持的数字筛选方式' }), filter: nullableNumber, filterTo: nullableNumber })
  .strip();
// AG Grid gives dates as 'YYYY-MM-DD hh:mm:ss'; only the date part counts here.
const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, { error: '筛选日期格式应为 YYYY-MM-DD' })
  .nullable()
  .optional();
const dateCondition = z
  .object({ filterType: z.literal('date'), type: z.enum(SCALAR_FILTER_TYPES, { error: '不支持的日期筛选方式' }), dateFrom: dateText, dateTo: dateText })
  .strip();

const condition = z.discriminatedUnion('filterType', [textCondition, numberCondition, dateCondition]);
const combined = z
  .object({
    filterType: z.enum(['text', 'number', 'date']),
    operator: z.enum(['AND', 'OR'], { error: '筛选条件的组合方式应为“与”或“或”' }),
    conditions: z.array(condition).min(1).max(5),
  })
  .strip();

/**
 * The set filter of code and 是/否 columns (SetFilter.tsx: AG Grid's own is an Enterprise feature):
 * the labels the clerk ticked; '' stands for an empty cell.
 */
const setFilter = z
  .object({ filterType: z.literal('set'), values: z.array(z.string().max(100, { error: '筛选值过长' })).max(500, { error: '筛选值过多' }) })
  .strip();

export const columnFilterSchema = z.union([combined, condition, setFilter]);
export type SetFilterModel = z.infer<typeof setFilter>;
export type ColumnCondition = z.infer<typeof condition>;
export type ColumnFilter = z.infer<typeof columnFilterSchema>;
export type TextCondition = z.infer<typeof textCondition>;
export type NumberCondition = z.infer<typeof numberCondition>;
export type DateCondition = z.infer<typeof dateCondition>;

const colId = z.string().min(1).max(64);

export const gridQuerySchema = z
  .object({
    /** Households of one village (the page's selector). */
    villageId: z.uuid({ error: '行政村编号无效' }).optional(),
    /** Members of one household. */
    householdId: z.uuid({ error: '户编号无效' }).optional(),
    /** The quick-search box: words separated by spaces, each must match (户编号, 姓名, 拼音, 证件号…). */
    quick: z.string().max(100, { error: '搜索内容过长' }).optional(),
    sort: z
      .array(z.object({ colId, sort: z.enum(['asc', 'desc']) }).strip())
      .max(5)
      .optional(),
    filters: z.record(colId, columnFilterSchema).optional(),
  })
  .strict();

export type GridQuery = z.infer<typeof gridQuerySchema>;

/** A block of rows: [startRow, endRow) of the query's result, as the Infinite Row Model asks. */
export const GRID_NAMES = ['households', 'members'] as const;
export type GridName = (typeof GRID_NAMES)[number];
const gridName = z.enum(GRID_NAMES, { error: '表格应为 households 或 members' });

export const gridPageSchema = z
  .object({
    grid: gridName,
    query: gridQuerySchema,
    startRow: z.number().int().min(0),
    endRow: z.number().int().min(1),
  })
  .strict()
  .refine((p) => p.endRow > p.startRow && p.endRow - p.startRow <= 1000, { error: '一次最多读取1000行' });

/** The values of one column and how many rows hold each, under the rest of the grid's query (a set filter's list). */
export const gridValuesSchema = z.object({ grid: gridName, query: gridQuerySchema, colId }).strict();

/** One value of a column as the grid shows it ('' for empty) and its row count. */
export interface GridValueCount {
  label: string;
  count: number;
}

/** Where one row stands in a grid's query (to reveal a record the clerk jumps to). */
export const gridPositionSchema = z.object({ grid: gridName, query: gridQuerySchema, id: z.uuid({ error: '记录编号无效' }) }).strict();

/** The query's totals, for the row count and the status line. */
export interface GridTotals {
  /** rows the query keeps (households or people) */
  rows: number;
  /** rows before the filters and the quick search (the village's or household's rows, or all) */
  scopeRows: number;
}

/** A block of rows as one JSON array string, and the totals when the block is the first one. */
export interface GridPage {
  json: string;
  count: number;
  totals: GridTotals | null;
}
