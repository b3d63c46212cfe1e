// The responsibility letters' (责任状) and the 公示 roster's channels: templates and options in the
// settings, the parties, the preview, the documents the print route lays out, files (.docx here,
// .pdf through the shell's print window) and the system print dialog.
import type { Handlers } from './router';
import type { Platform } from './platform';
import type { Session } from '../services/session';
import * as letters from '../services/letters';
import { AppError } from '../../shared/errors';
import { printRouteHash } from '../../shared/domain/letters';

type LetterChannels =
  | 'letters.settings'
  | 'letters.saveTemplate'
  | 'letters.resetTemplate'
  | 'letters.saveOptions'
  | 'letters.parties'
  | 'letters.preview'
  | 'letters.documents'
  | 'letters.roster'
  | 'letters.export'
  | 'letters.print';

/** Where the shell has no print window (the Chromium runner): the page's own printing is the way. */
export const PRINT_UNAVAILABLE = '此运行方式不能调出系统打印对话框：请用浏览器菜单的“打印”（Ctrl+P）打印打开的打印页面';

export function letterHandlers(session: Session, platform: Platform): Pick<Handlers, LetterChannels> {
  const store = () => session.requireStore();
  return {
    'letters.settings': () => letters.readLetterSettings(store()),
    'letters.saveTemplate': ({ level, template }, ctx) => letters.saveTemplate({ store: store(), actor: ctx.actor }, level, template),
    'letters.resetTemplate': ({ level }, ctx) => letters.resetTemplate({ store: store(), actor: ctx.actor }, level),
    'letters.saveOptions': (patch, ctx) => letters.saveLetterOptions({ store: store(), actor: ctx.actor }, patch),
    'letters.parties': ({ level }) => letters.letterParties(store(), level),
    'letters.preview': ({ level, id, template }) => letters.previewLetter(store(), level, id, template),
    'letters.documents': ({ level, ids }) => letters.letterDocuments(store(), level, ids),
    'letters.roster': ({ ids }) => letters.rosterDocuments(store(), ids),
    'letters.export': (request) =>
      letters.exportLetters(store(), request, {
        printPdf: platform.printPdf,
        onProgress: (p) => platform.broadcast('job.progress', p),
      }),
    'letters.print': async ({ doc, level, ids }) => {
      if (!platform.printDialog) throw new AppError('VALIDATION', PRINT_UNAVAILABLE);
      // Checked here first so that a bad template is said in the clerk's window, not in a blank print.
      if (doc === 'letters') letters.letterDocuments(store(), level, ids);
      else letters.rosterDocuments(store(), ids);
      const printed = await platform.printDialog(printRouteHash({ doc, level, ids }));
      return { message: printed ? '已发送到打印机' : '已取消打印' };
    },
  };
}
