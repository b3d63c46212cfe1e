// 挂图作战 and the wall display: the battle map's aggregates (the one channel the wall reads), a
// chart saved as a PNG, and opening the wall window, which the shell (Electron, or the Chromium
// bridge) does.
import type { Handlers } from './router';
import type { Platform } from './platform';
import type { Session } from '../services/session';
import { battleOverview } from '../services/battle';
import { saveImage } from '../services/images';

type BattleChannels = 'battle.overview' | 'image.save' | 'wall.open';

/** Where the shell cannot open a second window itself (the Chromium runner without --wall). */
export const WALL_UNAVAILABLE = '此运行方式不能自动打开大屏：请用 npm run start:chromium -- --wall 启动，大屏会在第二个页面中打开';

export function battleHandlers(session: Session, platform: Platform): Pick<Handlers, BattleChannels> {
  return {
    // The wall asks before any database is open: it then shows its waiting screen.
    'battle.overview': () => (session.info() ? battleOverview(session.requireStore()) : null),
    'image.save': (request) => saveImage(request),
    'wall.open': async () => ({ message: platform.openWall ? await platform.openWall() : WALL_UNAVAILABLE }),
  };
}
