/**
 * Reading the reference CSV files with line numbers, so that a bad line can be reported as
 * "file, line, reason" and skipped.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';

/** A line of a data file that was not imported, and why. */
export interface RejectedLine {
  file: string;
  /** 1-based line number in the file (the header is line 1) */
  line: number;
  reason: string;
}

/** Lines deliberately left out (outside the demo's scope), counted by reason. */
export interface IgnoredLines {
  file: string;
  reason: string;
  count: number;
}

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  file: string;
  columns: string[];
  records: CsvRecord[];
  /** lines whose number of fields differs from the header */
  rejected: RejectedLine[];
}

interface ParsedWithInfo {
  record: string[];
  info: { lines: number };
}

/** Parses CSV text (first line = column names). Throws, in French, when the file cannot be read at all. */
export function parseCsv(text: string, file: string, requiredColumns: readonly string[] = []): CsvTable {
  let parsed: ParsedWithInfo[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedWithInfo[];
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new Error(
      `${file}${lines ? `, ligne ${lines}` : ''} : fichier CSV illisible (${(error as Error).message})`,
      { cause: error },
    );
  }
  const [header, ...rows] = parsed;
  if (!header) throw new Error(`${file} : fichier vide`);
  const columns = header.record.map((c) => c.trim());
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new Error(`${file} : colonne(s) manquante(s) : ${missing.join(', ')}`);

  const records: CsvRecord[] = [];
  const rejected: RejectedLine[] = [];
  for (const { record, info } of rows) {
    const newlines = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines;
    if (record.length !== columns.length) {
      rejected.push({
        file,
        line,
        reason: `${record.length} champ(s) au lieu de ${columns.length}`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) values[columns[i]!] = record[i]!.trim();
    records.push({ line, values });
  }
  return { file, columns, records, rejected };
}

export function readCsvFile(path: string, requiredColumns: readonly string[] = []): CsvTable {
  return parseCsv(readFileSync(path, 'utf8'), basename(path), requiredColumns);
}
