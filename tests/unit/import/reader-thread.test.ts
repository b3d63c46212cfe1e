// The .xlsx reader in its own thread (services/import/readerThread.ts) must hand the import exactly
// the rows the reader gives in the import's thread — the same cells, widths, counts of cells right
// of the header and cell problems — and refuse a damaged file the same way. Files from 2 MB on take
// the thread; here the threshold is set to 0 (every file) or Infinity (none) to compare the two.
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../../main/services/import/index';
import { SheetTracker } from '../../../main/services/import/collect';
import { openSource, setReaderThreadMinBytes, type SheetRow } from '../../../main/services/import/sources';
import type { Store } from '../../../main/db/store';
import { baseRows, count, importWorkspace, toTable, writeXlsx } from './fixtures';
import { rawTable, sheetXml, workbookParts, writeZip } from './rawXlsx';
import { tester } from '../main/helpers';

const { newStore, file } = importWorkspace('fupin-import-thread-');
const DEFAULT_MIN_BYTES = 2 * 1024 * 1024;

const imp = (store: Store, f: string) => runImport(store, f, { dryRun: false, onlyValid: false, actor: tester('测试') });

/** Every row as the import's tracker would take it, through the reader in or out of its thread. */
async function rowsOf(f: string, threaded: boolean): Promise<SheetRow[]> {
  setReaderThreadMinBytes(threaded ? 0 : Infinity);
  const tracker = new SheetTracker();
  const out: SheetRow[] = [];
  for await (const r of openSource(f).rows(tracker.width)) {
    tracker.columnsOf(r);
    out.push(r);
  }
  return out;
}

/** A bigger table: 3000 households of 2, a far-right note on some rows, a formula without a value. */
function bigFile(): string {
  const rows = baseRows();
  const table = toTable(rows);
  const header = table[0];
  const template = table.slice(1, 3);
  const body = [];
  for (let i = 0; i < 3000; i++) {
    const code = `420115010201${String(i + 1).padStart(4, '0')}`;
    for (const r of template) {
      const copy = [...r];
      copy[header.indexOf('户编号')] = code;
      body.push(copy);
    }
  }
  return writeZip(
    file('big.xlsx'),
    workbookParts(sheetXml(rawTable([header, ...body]), { extraRows: '<row r="7000"><c r="A7000"><f>1+1</f></c><c r="XFD7000"><v>1</v></c></row>' })),
  );
}

afterEach(() => setReaderThreadMinBytes(DEFAULT_MIN_BYTES));

describe('the .xlsx reader in its own thread', () => {
  it('gives exactly the rows the reader gives in the import’s thread (cells, cells right of the header, cell problems)', async () => {
    const f = bigFile();
    const inThread = await rowsOf(f, true);
    const here = await rowsOf(f, false);
    expect(inThread.length).toBe(here.length);
    expect(inThread.length).toBeGreaterThan(6000);
    expect(inThread).toEqual(here);
    // The far-right cell was counted, not built, and the formula without a value is a problem.
    const last = here[here.length - 1];
    expect(last.beyond?.count).toBe(1);
    expect(last.problems?.size).toBe(1);
  });

  it('an import through the thread reports and writes the same as one without it', async () => {
    const f = await writeXlsx(toTable(baseRows()), file('clean.xlsx'));
    setReaderThreadMinBytes(0);
    const a = await imp(newStore(), f);
    setReaderThreadMinBytes(Infinity);
    const b = await imp(newStore(), f);
    expect(a.errors).toEqual([]);
    expect({ ...a, fileName: undefined }).toEqual({ ...b, fileName: undefined });
    expect(a).toMatchObject({ ok: true, committed: true, households: 3, members: 6 });
  });

  it('a worksheet whose CRC fails is refused whole through the thread, with the same message', async () => {
    const data = Buffer.from(sheetXml(rawTable(toTable(baseRows()))), 'utf8');
    const f = writeZip(file('bad-crc.xlsx'), workbookParts(data, '贫困人口', { crc: crc32(data) ^ 0x5a5a }));
    setReaderThreadMinBytes(0);
    const store = newStore();
    await expect(imp(store, f)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/CRC/) });
    expect(count(store, 'households')).toBe(0);
  });

  it('a file that is no zip is refused in Chinese through the thread, never as an internal error', async () => {
    const f = file('not-a-zip.xlsx');
    (await import('node:fs')).writeFileSync(f, 'this is not a workbook');
    setReaderThreadMinBytes(0);
    await expect(imp(newStore(), f)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/\.xlsx/) });
  });

  it('a reader abandoned after its first rows (a cancelled import) stops its thread and lets the test end', async () => {
    const f = bigFile();
    setReaderThreadMinBytes(0);
    let n = 0;
    for await (const _ of openSource(f).rows(new SheetTracker().width)) if (++n === 10) break;
    expect(n).toBe(10);
  });
});
