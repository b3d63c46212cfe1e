// File names the renderer proposes (it never touches files itself): a default file beside the
// open database, named after what is saved and today's date.

export function folderOf(file: string): string {
  const at = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return at <= 0 ? file.slice(0, at + 1) : file.slice(0, at);
}

/** Joins with the separator the folder already uses (Windows paths keep their backslashes). */
export function inFolder(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? folder + name : `${folder}${sep}${name}`;
}

export function todayLocal(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A default path for a file saved next to the open database. */
export function besideDatabase(dbPath: string, name: string): string {
  return inFolder(folderOf(dbPath), name);
}
