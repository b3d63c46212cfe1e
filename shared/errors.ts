// Errors cross IPC as plain data: { code, message, details? }, with a message a clerk can act on.
export type ErrorCode =
  | 'VALIDATION' // the input does not fit the channel's schema or a field's rule
  | 'RULE' // a business rule refuses the change (e.g. a second 户主)
  | 'CONFLICT' // a unique value already used elsewhere (ID number, 户编号)
  | 'NOT_FOUND'
  | 'NO_DATABASE' // no database is open
  | 'FILE_NOT_FOUND'
  | 'FILE_EXISTS'
  | 'NOT_A_DATABASE'
  | 'WRONG_PASSWORD'
  | 'NEWER_SCHEMA'
  | 'CORRUPT'
  | 'LOCKED' // the database is open in another program
  | 'SESSION_LOCKED' // the window is locked until the password is given again
  | 'FORBIDDEN' // this kind of window may not call that channel (the wall display, a print window)
  | 'UNKNOWN_CHANNEL'
  | 'CANCELLED' // the user stopped a background job; nothing was written
  | 'BUSY' // another connection (an import) holds the write lock; try again shortly
  | 'IO' // the disk or file system refused: full, read-only, no permission, in use, removed
  | 'INTERNAL';

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toData(): AppErrorData {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };
