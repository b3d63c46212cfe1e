// Grid columns derived from the shared field descriptions (shared/fields.ts), so a field added
// there shows up here with the right display, editor and filter. Codes are shown and edited as
// their labels; what is sent back to main is the code (see rawEditValue).
import type { ColDef, ColGroupDef, ValueGetterParams } from 'ag-grid-community';
import type { FieldDef } from '../../shared/fields';
import { CODE_LISTS, codeFromLabel, codeLabel, codesLabel, type CodeListName } from '../../shared/domain/codes';
import { searchText } from '../../shared/domain/pinyin';
import { SetFilter, SetFloatingFilter, type SetFilterParams } from './SetFilter';


export const YES = '是';
export const NO = '否';

/** Columns whose text is searched by pinyin as well (names of people). */
const PINYIN_KEYS = new Set(['headName', 'name', 'helperName']);

function labelsOf(list: CodeListName): string[] {
  return CODE_LISTS[list].map((c) => c.label);
}

function fieldValue<T>(params: ValueGetterParams<T>, key: string): unknown {
  return params.data ? (params.data as Record<string, unknown>)[key] : undefined;
}

function isoDateComparator(filterDate: Date, cellValue: unknown): number {
  if (typeof cellValue !== 'string' || cellValue === '') return -1;
  const y = filterDate.getFullYear();
  const m = String(filterDate.getMonth() + 1).padStart(2, '0');
  const d = String(filterDate.getDate()).padStart(2, '0');
  const f = `${y}-${m}-${d}`;
  return cellValue < f ? -1 : cellValue > f ? 1 : 0;
}

const KEY_WIDTH: Record<string, number> = { hhCode: 150, headName: 110, name: 100, villageName: 100, note: 220 };

const WIDTH: Partial<Record<FieldDef['type'], number>> = {
  idNumber: 200,
  bankAccount: 200,
  phone: 140,
  date: 170,
  year: 120,
  int: 110,
  decimal: 130,
  bool: 110,
};

// Names repeat a lot in a registry; their pinyin is worked out once per distinct name.
const searchTextCache = new Map<string, string>();
function nameSearchText(name: string): string {
  let text = searchTextCache.get(name);
  if (text === undefined) {
    text = searchText(name);
    searchTextCache.set(name, text);
  }
  return text;
}

// Headers wrap to two lines (wrapHeaderText in the grids), so a column is as wide as half its
// label, and the full label is in the header's tooltip.
function headerWidth(def: FieldDef): number {
  return Math.max(90, Math.ceil(def.label.length / 2) * 15 + 44);
}

/** One column for one field: display, editor, filter and quick-search text per the field's type. */
export function fieldColumn<T>(def: FieldDef, editable = def.editable && !def.workflow): ColDef<T> {
  const col: ColDef<T> = {
    colId: def.key,
    valueGetter: (p) => fieldValue(p, def.key),
    headerName: def.label,
    // The conditions of living (耕地面积…) once had a header row of their own; at 1366×768 that
    // row cost a household row, so the group is named in the tooltip instead.
    headerTooltip: def.group === 'living' ? `生产生活条件：${def.label}` : def.label,
    // A pinned row (a 合计 row) is never edited.
    editable: editable ? (p) => !p.node.rowPinned : false,
    cellDataType: false,
    filter: 'agTextColumnFilter',
    cellEditor: 'agTextCellEditor',
    width: KEY_WIDTH[def.key] ?? WIDTH[def.type] ?? headerWidth(def),
  };
  switch (def.type) {
    case 'code': {
      const list = def.list!;
      const longest = Math.max(...labelsOf(list).map((l) => l.length));
      col.width = KEY_WIDTH[def.key] ?? Math.min(230, Math.max(headerWidth(def), longest * 15 + 40));
      col.valueGetter = (p) => codeLabel(list, fieldValue(p, def.key) as string | null);
      col.cellEditor = 'agSelectCellEditor';
      col.cellEditorParams = { values: def.required ? labelsOf(list) : ['', ...labelsOf(list)] };
      setFilterOn(col, labelsOf(list));
      break;
    }
    case 'codes': {
      const list = def.list!;
      col.valueGetter = (p) => {
        const v = fieldValue(p, def.key);
        return codesLabel(list, typeof v === 'string' ? v : null);
      };
      col.headerTooltip = `${def.label}（可填多项，用“、”分隔）`;
      break;
    }
    case 'bool':
      col.valueGetter = (p) => (fieldValue(p, def.key) ? YES : NO);
      col.cellEditor = 'agSelectCellEditor';
      col.cellEditorParams = { values: [YES, NO] };
      col.cellClass = 'cell-center';
      setFilterOn(col, [YES, NO]);
      break;
    case 'int':
    case 'decimal':
    case 'year':
      col.filter = 'agNumberColumnFilter';
      col.cellClass = 'cell-number';
      col.type = 'rightAligned';
      break;
    case 'date':
      col.filter = 'agDateColumnFilter';
      // A text box for yyyy-mm-dd, not the browser's picker, which follows the OS locale
      // (mm/dd/yyyy on an English Windows) instead of the way the registry writes dates.
      col.filterParams = { comparator: isoDateComparator, browserDatePicker: false };
      col.cellClass = 'cell-mono';
      break;
    case 'idNumber':
    case 'phone':
    case 'bankAccount':
      col.cellClass = 'cell-mono';
      break;
    case 'text':
      break;
  }
  if (PINYIN_KEYS.has(def.key)) {
    col.getQuickFilterText = (p) => (typeof p.value === 'string' ? nameSearchText(p.value) : '');
  }
  if (editable) col.headerClass = 'header-editable';
  return col;
}

/** A checkbox list of the column's labels with counts (SetFilter.tsx) instead of a text filter. */
function setFilterOn<T>(col: ColDef<T>, labels: readonly string[]): void {
  col.filter = SetFilter;
  col.filterParams = { labels } satisfies SetFilterParams;
  col.floatingFilterComponent = SetFloatingFilter;
}

/**
 * What the clerk chose or typed, in the form main expects: codes for code columns, true/false for
 * yes/no columns, otherwise the text exactly as typed (main parses and validates it).
 */
export function rawEditValue(def: FieldDef, newValue: unknown): string | number | boolean | null {
  if (newValue === null || newValue === undefined) return null;
  const text = typeof newValue === 'string' ? newValue : String(newValue);
  if (def.type === 'bool') return text === YES ? true : text === NO ? false : text;
  if (def.type === 'code') {
    if (text.trim() === '') return null;
    return codeFromLabel(def.list!, text) ?? text;
  }
  return text;
}

export interface ColumnOptions {
  hidden?: readonly string[];
  pinned?: readonly string[];
}

export function fieldColumns<T>(fields: readonly FieldDef[], options: ColumnOptions = {}): ColDef<T>[] {
  const hidden = new Set(options.hidden ?? []);
  const pinned = new Set(options.pinned ?? []);
  return fields.map((def) => {
    const col = fieldColumn<T>(def);
    if (hidden.has(def.key)) col.hide = true;
    if (pinned.has(def.key)) col.pinned = 'left';
    return col;
  });
}
