// What the shell (Electron, or the Chromium bridge) gives the IPC handlers.
import type { EventSink } from '../../shared/contract';

export interface Platform {
  readonly version: string;
  /** A native file dialog where there is one (Electron); absent in the Chromium bridge. */
  pickPath?: (mode: 'open' | 'save', kind: 'database' | 'spreadsheet') => Promise<string | null>;
  /** Sends an event to every open window of the app. */
  broadcast: EventSink;
}
