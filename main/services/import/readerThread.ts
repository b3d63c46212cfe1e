// The .xlsx reader in a thread of its own, beside the import's checks and writes. An import runs
// in one worker thread where reading (unzip + SAX, about a third of its time at 300k people),
// checking and writing would add up on the office's 2 cores; here the reading runs in a second
// thread and hands its rows over in batches while the first one checks and writes (issue 9).
//
// The reader thread keeps a SheetTracker of its own: the width a row is read to depends only on
// the rows before it (the header found so far), so it reads exactly the cells the import's own
// tracker would have asked for, and the rows are the same as when read in the import's thread.
// Back-pressure: at most BATCHES_IN_FLIGHT batches are on their way; the reader waits for the
// import to take one before it sends another, so memory stays flat however slow the writes are.
// A damaged file's error is sent as data (AppErrorData) and thrown again here; a cancelled or
// failed import terminates the thread.
import type { MessagePort, Worker } from 'node:worker_threads';
import { AppError, type AppErrorData } from '../../../shared/errors';
import { toErrorData } from '../../errors';
import { XLSX_ROWS_THREAD } from '../../jobs/protocol';
import { startWorkerThread } from '../../jobs/runner';
import { SheetTracker } from './collect';
import type { SheetRow } from './sheetRow';
import { asXlsxError, readXlsx } from './xlsxSax';

const ROWS_PER_BATCH = 1000;
const BATCHES_IN_FLIGHT = 4;

type FromReader = { type: 'rows'; rows: SheetRow[]; bytes: number } | { type: 'end'; bytes: number } | { type: 'error'; error: AppErrorData };

/** The reader thread's side: reads the file and sends its rows until done or terminated. */
export async function serveXlsxRows(port: MessagePort, input: { file: string; bytes: number }): Promise<void> {
  let credit = BATCHES_IN_FLIGHT;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credit++;
    wake?.();
    wake = null;
  });
  const post = (m: FromReader) => port.postMessage(m);
  let bytes = 0;
  try {
    const tracker = new SheetTracker();
    let batch: SheetRow[] = [];
    const send = async () => {
      while (credit === 0) await new Promise<void>((r) => (wake = r));
      credit--;
      post({ type: 'rows', rows: batch, bytes });
      batch = [];
    };
    for await (const r of readXlsx(input.file, tracker.width, (f) => (bytes = Math.round(f * input.bytes)))) {
      tracker.columnsOf(r);
      batch.push(r);
      if (batch.length === ROWS_PER_BATCH) await send();
    }
    if (batch.length > 0) await send();
    post({ type: 'end', bytes: input.bytes });
  } catch (e) {
    post({ type: 'error', error: toErrorData(asXlsxError(e)) });
  } finally {
    port.removeAllListeners('message');
  }
}

/**
 * A heap of its own for the reader: without limits its isolate grows lazily to hundreds of MB
 * (300k people: peak RSS 595 → 450 MB with these, at the same speed; a 48 MB heap with a 4 MB
 * young generation thrashed, 36 s → 79 s). Its only growing part is the shared strings, hence
 * twice the file's size, at least 64 MB.
 */
function readerHeapLimits(bytes: number): { oldMb: number; youngMb: number } {
  return { oldMb: Math.max(64, Math.ceil((2 * bytes) / 1024 / 1024)), youngMb: 8 };
}

/** The import's side: the rows of the file, read in the other thread; onBytes tells progress. */
export async function* xlsxRowsFromThread(file: string, bytes: number, onBytes: (n: number) => void): AsyncGenerator<SheetRow> {
  const worker: Worker = startWorkerThread(XLSX_ROWS_THREAD, { file, bytes }, readerHeapLimits(bytes));
  const queue: FromReader[] = [];
  let failed: AppError | null = null;
  let wake: (() => void) | null = null;
  const arrived = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: FromReader) => {
    queue.push(m);
    arrived();
  });
  worker.on('error', (e: Error) => {
    const data = toErrorData(e);
    failed = new AppError(data.code, data.message, data.details);
    arrived();
  });
  worker.on('exit', (code) => {
    failed ??= new AppError('INTERNAL', `读取文件的后台线程意外退出（代码 ${code}）`);
    arrived();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !failed) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failed!;
      if (m.type === 'error') throw new AppError(m.error.code, m.error.message, m.error.details);
      onBytes(m.bytes);
      if (m.type === 'end') return;
      // Taken: the reader may send another batch while these rows are checked and written.
      worker.postMessage('ack');
      yield* m.rows;
    }
  } finally {
    worker.removeAllListeners();
    void worker.terminate();
  }
}
