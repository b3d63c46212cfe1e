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
  rowHeight: 34,
  headerHeight: 36,
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
} as const;

/** One row selected by a click or the keyboard, for the grids whose page follows the selection. */
export const SINGLE_ROW_SELECTION = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;
