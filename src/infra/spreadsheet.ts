/**
 * Streaming spreadsheet writers (issue 7 §4): one table as CSV (for French Excel: UTF-8 with a
 * byte order mark, `;` between fields, CRLF, RFC 4180 quoting, cells guarded against formulas)
 * or as XLSX (exceljs's streaming WorkbookWriter, inline strings, numbers as numbers, shares
 * as percentages, dates as dates). Both take the rows as an async iterable of pages and pull the
 * next page only once the previous one has been taken by the reader (backpressure): a file of
 * half a million rows never sits in memory, and a reader that goes away stops the iteration
 * (its `return()` runs, so a query loop behind it ends).
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CSV_BOM, CSV_SEPARATOR, csvCell } from '../domain/student-export.ts';

/**
 * How a column's values are written:
 * - text: a string;
 * - integer, decimal: a number (decimal: two decimals in CSV, with a comma);
 * - percent: a share from 0 to 1 (XLSX: the number with a percentage format; CSV: in percent,
 *   two decimals, with a comma, so the column's title says « (%) »);
 * - date: a day 'YYYY-MM-DD';
 * - datetime: an instant (Date or ISO text), shown in Paris time.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'date' | 'datetime';

export interface SheetColumn {
  readonly title: string;
  readonly kind: ColumnKind;
  /** XLSX width in characters (default from the title) */
  readonly width?: number;
}

export type CellValue = string | number | Date | null | undefined;
export type SheetRow = readonly CellValue[];

export interface SheetSpec {
  /** XLSX sheet name (cut to 31 characters, without : \ / ? * [ ]) */
  readonly sheetName: string;
  /** the lines above the table (title, scope, date of the figures), each in its own row */
  readonly headerLines: readonly string[];
  readonly columns: readonly SheetColumn[];
}

/** The rows, page by page; a page may be empty. */
export type RowPages = AsyncIterable<readonly SheetRow[]>;

const PARIS_PARTS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The wall-clock fields of an instant in Paris. */
export function parisFields(at: Date): {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
} {
  const parts = Object.fromEntries(PARIS_PARTS.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    min: Number(parts.minute),
    s: Number(parts.second),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** « 29/11/2026 à 07:58 » (Paris). */
export function parisDateTimeLabel(at: Date): string {
  const f = parisFields(at);
  return `${pad(f.d)}/${pad(f.m)}/${f.y} à ${pad(f.h)}:${pad(f.min)}`;
}

/** The Paris day of an instant, 'YYYY-MM-DD'. */
export function parisDay(at: Date): string {
  const f = parisFields(at);
  return `${f.y}-${pad(f.m)}-${pad(f.d)}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function instant(v: CellValue): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && v !== '') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const frenchDecimal = (x: number) => String(round2(x)).replace('.', ',');

/** One value as CSV text (before quoting). */
export function csvText(kind: ColumnKind, v: CellValue): string {
  if (v === null || v === undefined || v === '') return '';
  switch (kind) {
    case 'text':
      return String(v);
    case 'integer':
      return typeof v === 'number' ? String(Math.round(v)) : String(v);
    case 'decimal':
      return typeof v === 'number' ? frenchDecimal(v) : String(v);
    case 'percent':
      return typeof v === 'number' ? frenchDecimal(v * 100) : String(v);
    case 'date': {
      const m = typeof v === 'string' ? DAY.exec(v) : null;
      if (m) return `${m[3]}/${m[2]}/${m[1]}`;
      const d = instant(v);
      return d ? parisDateTimeLabel(d).slice(0, 10) : String(v);
    }
    case 'datetime': {
      const d = instant(v);
      return d ? parisDateTimeLabel(d).replace(' à ', ' ') : String(v);
    }
  }
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(CSV_SEPARATOR)}\r\n`;
}

/** A data row: text guarded against formulas; numbers and dates as written (a minus sign stays). */
function csvRow(columns: readonly SheetColumn[], row: SheetRow): string {
  return `${columns
    .map((c, i) => {
      const text = csvText(c.kind, row[i]);
      return c.kind === 'text' ? csvCell(text) : text;
    })
    .join(CSV_SEPARATOR)}\r\n`;
}

/**
 * The table as CSV: BOM, the header lines, a blank line, the column titles, the rows. A
 * Readable of bytes that asks the pages for more only when its reader wants more.
 */
export function csvStream(spec: SheetSpec, pages: RowPages): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield (
      CSV_BOM +
      spec.headerLines.map((l) => csvLine([l])).join('') +
      '\r\n' +
      csvLine(spec.columns.map((c) => c.title))
    );
    for await (const page of pages) {
      if (page.length === 0) continue;
      let text = '';
      for (const row of page) text += csvRow(spec.columns, row);
      yield text;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  integer: '0',
  decimal: '0.00',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** A cell's XLSX value: dates as Excel dates (a Date whose UTC fields are the Paris wall clock). */
export function xlsxValue(kind: ColumnKind, v: CellValue): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  switch (kind) {
    case 'text':
      return String(v);
    case 'integer':
    case 'decimal':
    case 'percent':
      return typeof v === 'number' ? v : String(v);
    case 'date': {
      const m = typeof v === 'string' ? DAY.exec(v) : null;
      if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      const d = instant(v);
      if (!d) return String(v);
      const f = parisFields(d);
      return new Date(Date.UTC(f.y, f.m - 1, f.d));
    }
    case 'datetime': {
      const d = instant(v);
      if (!d) return String(v);
      const f = parisFields(d);
      return new Date(Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s));
    }
  }
}

/** A name Excel accepts for a sheet. */
export function sheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, ' ').trim();
  return (clean || 'Feuille').slice(0, 31);
}

type Emitter = NodeJS.EventEmitter;

/** Resolves on the first of these events. */
function first(events: readonly (readonly [Emitter, string])[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const [e, name] of events) e.off(name, done);
      resolve();
    };
    for (const [e, name] of events) e.on(name, done);
  });
}

/** What the writer needs of a stream: its events and whether its buffer is over the mark. */
interface EntryStream extends Emitter {
  _writableState?: { needDrain?: boolean };
}

/**
 * The stream that carries a worksheet's XML into the zip: exceljs's StreamBuf writes into it
 * without looking at its buffer (archiver wraps the StreamBuf in a readable-stream 2
 * PassThrough, which has no `writableNeedDrain`), so the writer watches it to know when the zip
 * has caught up. Not part of exceljs's typed API, hence the guarded look-up; without it only the
 * output's backpressure is respected.
 */
function sheetEntry(sheet: unknown): EntryStream | undefined {
  const pipes = (sheet as { stream?: { pipes?: unknown } }).stream?.pipes;
  const entry = (Array.isArray(pipes) ? pipes[0] : undefined) as EntryStream | undefined;
  return entry && typeof entry.on === 'function' && entry._writableState ? entry : undefined;
}

/**
 * Waits until the rows written so far have gone through the zip to the reader: the sheet's
 * entry and the output both under their high-water marks. False when the reader went away.
 */
async function caughtUp(out: PassThrough, sheet: unknown): Promise<boolean> {
  for (;;) {
    if (out.destroyed) return false;
    const entry = sheetEntry(sheet);
    if (entry?._writableState?.needDrain) {
      await first([
        [entry, 'drain'],
        [entry, 'close'],
        [out, 'close'],
      ]);
    } else if (out.writableNeedDrain) {
      await first([
        [out, 'drain'],
        [out, 'close'],
      ]);
    } else return true;
  }
}

/**
 * The table as XLSX, streamed: the header lines in the first rows (the title in bold), a blank
 * row, the column titles (bold, frozen), then the rows, each committed as it is added. The next
 * page is asked for once the bytes written so far have been taken by the reader. An error of
 * the pages destroys the stream with that error (the reply ends in error).
 */
export function xlsxStream(spec: SheetSpec, pages: RowPages): Readable {
  const out = new PassThrough();
  const headerRows = spec.headerLines.length + 2;
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(sheetName(spec.sheetName), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: headerRows }],
    });
    sheet.columns = spec.columns.map((c) => {
      const numFmt = NUM_FMT[c.kind];
      return {
        width: c.width ?? Math.min(Math.max(c.title.length + 2, 10), 40),
        ...(numFmt ? { style: { numFmt } } : {}),
      };
    });
    spec.headerLines.forEach((line, i) => {
      const row = sheet.addRow([line]);
      if (i === 0) row.font = { bold: true, size: 13 };
      // the header lines are text whatever the first column's format
      row.getCell(1).numFmt = '@';
      row.commit();
    });
    sheet.addRow([]).commit();
    const titles = sheet.addRow(spec.columns.map((c) => c.title));
    titles.font = { bold: true };
    titles.eachCell((cell) => {
      cell.numFmt = '@';
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
    titles.commit();
    for await (const page of pages) {
      for (const row of page) sheet.addRow(spec.columns.map((c, i) => xlsxValue(c.kind, row[i]))).commit();
      if (!(await caughtUp(out, sheet))) return false;
    }
    sheet.commit();
    await workbook.commit();
    return true;
  };
  write().then(
    (done) => {
      if (!done) out.destroy();
    },
    (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}
