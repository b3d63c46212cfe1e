// What the shell (Electron, or the Chromium bridge) gives the IPC handlers.
import type { EventSink, PickKind } from '../../shared/contract';

export interface Platform {
  readonly version: string;
  /** A native file dialog where there is one (Electron); absent in the Chromium bridge. */
  pickPath?: (mode: 'open' | 'save', kind: PickKind) => Promise<string | null>;
  /**
   * Opens the wall display (大屏) as a window of kind 'wall', or brings it forward if it is open;
   * answers where it went, in Chinese. Absent: the shell cannot open one (then the answer says how).
   */
  openWall?: () => Promise<string>;
  /** The print route at `hash` (#print?…) as PDF bytes, from a hidden print window; absent without Electron. */
  printPdf?: (hash: string) => Promise<Buffer>;
  /** The print route at `hash` to the system's print dialog; false when the clerk cancelled. */
  printDialog?: (hash: string) => Promise<boolean>;
  /** Sends an event to every open window of the app. */
  broadcast: EventSink;
}
