// The CLI's letters command: `letters --db F --level unit|team|cadre --format docx --out DIR` writes
// one .docx per letter of the level into DIR through the same service as the app's 责任状 page, and
// says how many. PDF is made by the app (it needs a browser engine to lay the page out): refused.
import { LETTER_LEVEL_LABELS, LETTER_LEVELS, PDF_NEEDS_APP, type LetterLevel } from '../../shared/domain/letters';
import { AppError } from '../../shared/errors';
import type { Progress } from '../../shared/contract';
import type { Store } from '../db/store';
import { exportLetters } from '../services/letters';

export interface LettersArgs {
  level?: string;
  format?: string;
  out?: string;
  force: boolean;
}

export interface LettersIo {
  out(text: string): void;
  progress?: (p: Progress) => void;
}

/** The arguments checked before the database is opened: a typo costs no password prompt. */
export function checkLettersArgs(args: LettersArgs): { level: LetterLevel; out: string } {
  const level = args.level as LetterLevel | undefined;
  if (!level || !LETTER_LEVELS.includes(level)) throw new AppError('VALIDATION', '请用 --level 指定层级：unit（帮扶单位）、team（驻村工作队）或 cadre（帮扶干部）');
  const format = args.format ?? 'docx';
  if (format === 'pdf') throw new AppError('VALIDATION', PDF_NEEDS_APP);
  if (format !== 'docx') throw new AppError('VALIDATION', `--format 只能是 docx（Word 文件），不能是“${format}”`);
  if (!args.out) throw new AppError('VALIDATION', '请用 --out 指定保存责任状的文件夹');
  return { level, out: args.out };
}

export async function lettersCommand(store: Store, args: LettersArgs, io: LettersIo): Promise<number> {
  const { level, out } = checkLettersArgs(args);
  const r = await exportLetters(store, { level, format: 'docx', each: true, path: out, overwrite: args.force }, { onProgress: io.progress });
  io.out(`已导出 ${r.letters} 份责任状（${LETTER_LEVEL_LABELS[level]}，Word 文件，每份一个）到：${out}\n`);
  return 0;
}
