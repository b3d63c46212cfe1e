// The databases recently opened on this machine, newest first, offered on the start page.
import fs from 'node:fs';
import path from 'node:path';

const MAX_ENTRIES = 8;

export class RecentFiles {
  constructor(private readonly listFile: string) {}

  /** Only files that still exist: a database moved away or on a removed USB stick is left out. */
  list(): string[] {
    try {
      const list: unknown = JSON.parse(fs.readFileSync(this.listFile, 'utf8'));
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && fs.existsSync(p)) : [];
    } catch {
      return [];
    }
  }

  remember(dbPath: string): void {
    const list = [dbPath, ...this.list().filter((p) => p !== dbPath)].slice(0, MAX_ENTRIES);
    try {
      fs.mkdirSync(path.dirname(this.listFile), { recursive: true });
      fs.writeFileSync(this.listFile, JSON.stringify(list));
    } catch {
      // The recent list is a convenience; failing to save it must not fail the open.
    }
  }
}
