/**
 * Copies the reference data the project needs into the repository, from the shared open-data
 * folder (default /work/shared/data, or the path given as first argument):
 *
 *   data/       the Bretagne extract for the demo seed (académie de Rennes)
 *   bench/data/ the national files for the national benchmark generator
 *
 * Run: npx tsx scripts/extract-data.ts [source-folder]
 *
 * Département codes written on three digits ("035") in lycees.csv and ecoles-35.csv are
 * normalised to the usual form ("35"; "2A" and "971" are kept). The national copies under
 * bench/data are byte-for-byte copies.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BRETAGNE_DEPARTEMENTS = new Set(['22', '29', '35', '56']);

type Row = Record<string, string>;

interface Table {
  columns: string[];
  rows: Row[];
}

function readCsv(path: string): Table {
  const text = readFileSync(path, 'utf8');
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const [columns, ...lines] = records;
  if (!columns) throw new Error(`${path} : fichier vide`);
  const rows = lines.map((values) => {
    const row: Row = {};
    columns.forEach((c, i) => (row[c] = values[i] ?? ''));
    return row;
  });
  return { columns, rows };
}

/** Copies a file's bytes (not its permissions: the shared folder is read-only). */
function copyFile(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, readFileSync(from));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

function writeCsv(path: string, table: Table): number {
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c] ?? '')).join(','));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return table.rows.length;
}

/** "035" → "35", "02A" → "2A", "971" → "971", "35" → "35". */
export function normalizeDepartementCode(code: string): string {
  const c = code.trim().toUpperCase();
  if (/^0\d{2}$/.test(c) || /^02[AB]$/.test(c)) return c.slice(1);
  return c;
}

function departementOfInsee(insee: string): string {
  return insee.startsWith('97') || insee.startsWith('98') ? insee.slice(0, 3) : insee.slice(0, 2);
}

function withDepartement(table: Table, column: string): Table {
  return {
    columns: table.columns,
    rows: table.rows.map((r) => ({ ...r, [column]: normalizeDepartementCode(r[column] ?? '') })),
  };
}

function main(): void {
  const source = resolve(process.argv[2] ?? '/work/shared/data');
  const dataDir = join(ROOT, 'data');
  const benchDir = join(ROOT, 'bench', 'data');
  const report: string[] = [];
  const out = (file: string, count: number): void => {
    report.push(`${file.padEnd(34)} ${String(count).padStart(6)} lignes`);
  };

  const lycees = withDepartement(readCsv(join(source, 'lycees.csv')), 'code_departement');
  out(
    'data/lycees-bretagne.csv',
    writeCsv(join(dataDir, 'lycees-bretagne.csv'), {
      columns: lycees.columns,
      rows: lycees.rows.filter((r) => r.code_region === '53'),
    }),
  );

  const classes = readCsv(join(source, 'classes-2de.csv'));
  out(
    'data/classes-2de-bretagne.csv',
    writeCsv(join(dataDir, 'classes-2de-bretagne.csv'), {
      columns: classes.columns,
      rows: classes.rows.filter((r) => r.academie === 'Rennes'),
    }),
  );

  // former communes (COMD) carry no département: take it from their INSEE code
  const communes = readCsv(join(source, 'communes.csv'));
  out(
    'data/communes-bretagne.csv',
    writeCsv(join(dataDir, 'communes-bretagne.csv'), {
      columns: communes.columns,
      rows: communes.rows.filter((r) =>
        BRETAGNE_DEPARTEMENTS.has(r.code_departement || departementOfInsee(r.code_insee ?? '')),
      ),
    }),
  );

  const ecoles = withDepartement(readCsv(join(source, 'ecoles-35.csv')), 'code_departement');
  out('data/ecoles-35.csv', writeCsv(join(dataDir, 'ecoles-35.csv'), ecoles));

  for (const file of ['services-35.csv', 'secteurs.csv']) {
    copyFile(join(source, file), join(dataDir, file));
    out(`data/${file}`, readCsv(join(dataDir, file)).rows.length);
  }

  const offers = readCsv(join(source, 'offres-2025.csv'));
  const bretagneOffers = offers.rows.filter((r) =>
    BRETAGNE_DEPARTEMENTS.has((r.code_postal ?? '').slice(0, 2)),
  );
  out(
    'data/offres-bretagne.csv',
    writeCsv(join(dataDir, 'offres-bretagne.csv'), { columns: offers.columns, rows: bretagneOffers }),
  );
  const forSeconde = bretagneOffers.filter((r) => r.niveau !== 'troisieme_or_quatrieme').length;

  mkdirSync(benchDir, { recursive: true });
  for (const file of ['lycees.csv', 'classes-2de.csv', 'communes.csv', 'offres-2025.csv', 'secteurs.csv']) {
    copyFile(join(source, file), join(benchDir, file));
    out(`bench/data/${file}`, readCsv(join(benchDir, file)).rows.length);
  }

  console.log(`Données extraites de ${source} :`);
  for (const line of report) console.log(`  ${line}`);
  console.log(
    `  (offres de Bretagne : ${bretagneOffers.length} par code postal, dont ${forSeconde} ouvertes aux élèves de seconde)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
