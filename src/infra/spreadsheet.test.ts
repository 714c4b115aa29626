import { Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  csvStream,
  csvText,
  parisDateTimeLabel,
  sheetName,
  xlsxStream,
  xlsxValue,
  type SheetRow,
  type SheetSpec,
} from './spreadsheet.ts';

const spec: SheetSpec = {
  sheetName: 'Élèves: non/placés?',
  headerLines: ['Élèves sans stage', 'Académie de Rennes', 'Chiffres du 28/11/2026 à 11:00'],
  columns: [
    { title: 'Nom', kind: 'text' },
    { title: 'Élèves', kind: 'integer' },
    { title: 'Part (%)', kind: 'percent' },
    { title: 'Distance (km)', kind: 'decimal' },
    { title: 'Jour', kind: 'date' },
    { title: 'Relance', kind: 'datetime' },
  ],
};

const ROWS: SheetRow[] = [
  ['=SOMME(A1)', 12, 0.4567, 3.14159, '2026-11-28', new Date('2026-11-28T10:05:00Z')],
  ['Le Goff; "Léa"\nbis', 0, null, null, null, null],
  ['été', 3, 1, 12, '2026-06-15', '2026-06-15T22:30:00Z'],
];

async function* pagesOf(rows: readonly SheetRow[], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

describe('cells', () => {
  it('writes CSV values in French: decimal comma, percentages, Paris dates', () => {
    expect(csvText('integer', 12)).toBe('12');
    expect(csvText('decimal', 3.14159)).toBe('3,14');
    expect(csvText('percent', 0.4567)).toBe('45,67');
    expect(csvText('percent', null)).toBe('');
    expect(csvText('date', '2026-11-28')).toBe('28/11/2026');
    // 22:30 UTC in June is 00:30 the next day in Paris (summer time)
    expect(csvText('datetime', '2026-06-15T22:30:00Z')).toBe('16/06/2026 00:30');
    expect(csvText('datetime', new Date('2026-11-28T10:05:00Z'))).toBe('28/11/2026 11:05');
    expect(parisDateTimeLabel(new Date('2026-11-28T10:05:00Z'))).toBe('28/11/2026 à 11:05');
  });

  it('writes XLSX dates as the Paris wall clock', () => {
    expect(xlsxValue('datetime', '2026-06-15T22:30:00Z')).toEqual(new Date('2026-06-16T00:30:00Z'));
    expect(xlsxValue('date', '2026-11-28')).toEqual(new Date('2026-11-28T00:00:00Z'));
    expect(xlsxValue('percent', 0.25)).toBe(0.25);
    expect(xlsxValue('text', null)).toBeNull();
  });

  it('names sheets as Excel accepts them', () => {
    expect(sheetName('Élèves: non/placés?')).toBe('Élèves  non placés');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});

describe('csvStream', () => {
  it('writes BOM, header lines, a blank line, titles and rows, quoted per RFC 4180', async () => {
    const text = (await buffer(csvStream(spec, pagesOf(ROWS, 2)))).toString('utf8');
    expect(text.startsWith('\uFEFFÉlèves sans stage\r\nAcadémie de Rennes\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3 + 1 + 1 + ROWS.length + 1);
    const records = parse(text.slice(1), { delimiter: ';', relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Élèves sans stage']);
    expect(records[2]).toEqual(['Chiffres du 28/11/2026 à 11:00']);
    expect(records[3]).toEqual(['']);
    expect(records[4]).toEqual(['Nom', 'Élèves', 'Part (%)', 'Distance (km)', 'Jour', 'Relance']);
    // a formula is neutralised; separators, quotes and line ends survive quoting
    expect(records[5]).toEqual(["'=SOMME(A1)", '12', '45,67', '3,14', '28/11/2026', '28/11/2026 11:05']);
    expect(records[6]).toEqual(['Le Goff; "Léa"\nbis', '0', '', '', '', '']);
    expect(records[7]).toEqual(['été', '3', '100', '12', '15/06/2026', '16/06/2026 00:30']);
  });
});

describe('xlsxStream', () => {
  it('writes the header lines, the frozen titles, numbers, percentages and dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buffer(xlsxStream(spec, pagesOf(ROWS, 2)))) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Élèves  non placés');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(sheet.getCell('A1').value).toBe('Élèves sans stage');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('Académie de Rennes');
    expect(sheet.getCell('A3').value).toBe('Chiffres du 28/11/2026 à 11:00');
    expect(sheet.getRow(4).cellCount).toBe(0);
    expect(sheet.getRow(5).values).toEqual([
      undefined,
      'Nom',
      'Élèves',
      'Part (%)',
      'Distance (km)',
      'Jour',
      'Relance',
    ]);
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      '=SOMME(A1)',
      12,
      0.4567,
      3.14159,
      new Date('2026-11-28T00:00:00Z'),
      new Date('2026-11-28T11:05:00Z'),
    ]);
    expect(sheet.getCell('C6').numFmt).toBe('0.0%');
    expect(sheet.getCell('E6').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('F6').numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(sheet.getCell('A7').value).toBe('Le Goff; "Léa"\nbis');
    expect(sheet.getCell('C7').value).toBeNull();
    expect(sheet.rowCount).toBe(5 + ROWS.length);
  });

  it('ends in error when the pages fail', async () => {
    async function* failing() {
      yield ROWS;
      throw new Error('base indisponible');
    }
    await expect(buffer(xlsxStream(spec, failing()))).rejects.toThrow('base indisponible');
  });
});

describe('backpressure and aborts', () => {
  /** pages of 1,000 rows, counting how many were asked for and whether the source was closed */
  function source(total: number) {
    const state = { pulled: 0, closed: false };
    async function* pages() {
      try {
        for (let p = 0; p < total; p++) {
          state.pulled++;
          yield Array.from({ length: 1000 }, (_, i): SheetRow => [
            `élève ${p}-${i}`,
            i,
            i / 1000,
            i / 7,
            '2026-11-28',
            null,
          ]);
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, pages: pages() };
  }

  /** a reader that takes one chunk and never asks for more */
  const stalled = () => new Writable({ highWaterMark: 1024, write: () => {} });

  it.each(['csv', 'xlsx'] as const)('%s: a reader that stops reading stops the pages', async (format) => {
    const { state, pages } = source(1000);
    const stream = format === 'csv' ? csvStream(spec, pages) : xlsxStream(spec, pages);
    stream.pipe(stalled());
    // let the writer run until it waits for the reader
    for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
    expect(state.pulled).toBeGreaterThan(0);
    expect(state.pulled).toBeLessThan(50);
    stream.destroy();
    for (let i = 0; i < 20 && !state.closed; i++) await new Promise((r) => setImmediate(r));
    expect(state.closed).toBe(true);
  });

  it.each(['csv', 'xlsx'] as const)('%s: a reader that reads everything gets every page', async (format) => {
    const { state, pages } = source(30);
    const stream = format === 'csv' ? csvStream(spec, pages) : xlsxStream(spec, pages);
    let bytes = 0;
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _e, cb) {
          bytes += chunk.length;
          cb();
        },
      }),
    );
    expect(state.pulled).toBe(30);
    expect(state.closed).toBe(true);
    expect(bytes).toBeGreaterThan(30 * 1000 * 10 * (format === 'csv' ? 1 : 0.05));
  });
});
