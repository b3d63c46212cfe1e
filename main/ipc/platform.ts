// What the shell (Electron, or the Chromium bridge) gives the IPC handlers.
import type { EventSink } from '../../shared/contract';

export interface Platform {
  readonly version: string;
  /** A native file dialog where there is one (Electron); absent in the Chromium bridge. */
  pickPath?: (mode: 'open' | 'save', kind: 'database' | 'spreadsheet' | 'image') => Promise<string | null>;
  /**
   * Opens the wall display (大屏) as a window of kind 'wall', or brings it forward if it is open;
   * answers where it went, in Chinese. Absent: the shell cannot open one (then the answer says how).
   */
  openWall?: () => Promise<string>;
  /** Sends an event to every open window of the app. */
  broadcast: EventSink;
}
