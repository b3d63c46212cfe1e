// AG Grid is configured once for the whole renderer: community modules, the zh-CN locale and a
// calm theme that matches the rest of the window.
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';

ModuleRegistry.registerModules([AllCommunityModule]);

export const GRID_LOCALE: Record<string, string> = AG_GRID_LOCALE_CN;

export const gridTheme = themeQuartz.withParams({
  fontFamily: ['Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'sans-serif'],
  fontSize: 14,
  headerFontSize: 14,
  headerFontWeight: 600,
  accentColor: '#1f4e79',
  foregroundColor: '#222',
  headerBackgroundColor: '#eef1f5',
  oddRowBackgroundColor: '#fafbfc',
  borderColor: '#d5dae1',
  // Dense enough for 15 households at 1366×768 with the members panel collapsed.
  rowHeight: 30,
  headerHeight: 34,
  spacing: 6,
  wrapperBorderRadius: 2,
  selectedRowBackgroundColor: '#dce8f5',
});

/**
 * The options every grid of the app shares, whichever row model feeds it: edits go to main before
 * the grid shows them (readOnlyEdit), an editor closes when focus leaves, no row animation.
 */
export const SHARED_GRID_OPTIONS = {
  theme: gridTheme,
  localeText: GRID_LOCALE,
  readOnlyEdit: true,
  stopEditingWhenCellsLoseFocus: true,
  animateRows: false,
  tooltipShowDelay: 500,
  enableCellTextSelection: false,
  // The vertical scroll bar's room is kept from the start: columns that fill the width (flex) are
  // then sized without it, and the last column is never drawn under it when rows arrive.
  alwaysShowVerticalScroll: true,
} as const;

/**
 * Rows selected by a click or the keyboard (clerkKeys.tsx), several with Ctrl or Shift for Ctrl+C,
 * for the grids whose page follows the selected row (a page follows one row only).
 */
export const ROW_SELECTION = { mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true } as const;

/** The row a page follows: the one selected row, or none when there are several or none. */
export function followedRow<T>(selected: T[]): T | null {
  return selected.length === 1 ? selected[0] : null;
}
