// The native file dialogs' type filters, per kind of file the app opens or saves.
import type { FileFilter } from 'electron';
import type { PickKind } from '../../shared/contract';

export function dialogFilters(mode: 'open' | 'save', kind: PickKind): FileFilter[] {
  if (kind === 'database') return [{ name: '精准扶贫台账数据库', extensions: ['fupin'] }];
  if (kind === 'image') return [{ name: 'PNG 图片', extensions: ['png'] }];
  if (kind === 'pdf') return [{ name: 'PDF 文件', extensions: ['pdf'] }];
  if (kind === 'docx') return [{ name: 'Word 文档', extensions: ['docx'] }];
  if (kind === 'folder') return [];
  return mode === 'open' ? [{ name: '表格文件（Excel、WPS、CSV）', extensions: ['xlsx', 'xls', 'csv'] }] : [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];
}
