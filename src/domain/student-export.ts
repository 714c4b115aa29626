/**
 * The school head's CSV export of the lycée's students and their placement (issue 5, point 8).
 * Pure: rows in, text out. Made for a spreadsheet (Excel, LibreOffice): semicolons, CRLF line
 * ends, UTF-8 with a byte order mark so accents read right when the file is opened by a double
 * click. Cells that a spreadsheet would take for a formula (starting with = + - @, a tab or a
 * carriage return) are prefixed with an apostrophe (CSV injection, OWASP): a host's name typed by
 * anyone must never run as a formula on the head's computer.
 */
import { EXEMPTION_LABELS } from './application.ts';
import {
  PLACEMENT_STATUS_LABELS,
  type CoveringPlacement,
  type PlacementDerivation,
  type WeekCoverage,
} from './placement-status.ts';

export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';

export interface StudentExportRow {
  readonly className: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly ine?: string | null;
  readonly placement: PlacementDerivation;
}

export const STUDENT_EXPORT_HEADERS = [
  'Classe',
  'Nom',
  'Prénom',
  'INE',
  'Statut',
  'Semaine 1',
  'Organisme semaine 1',
  'Offre semaine 1',
  'Semaine 2',
  'Organisme semaine 2',
  'Offre semaine 2',
  'Dispense',
  'Conventions à signer',
  'Motif',
] as const;

/** How a week is covered, in French (also for the web's tables). */
export function weekCoverageLabel(c: WeekCoverage): string {
  switch (c.kind) {
    case 'placement':
      return c.placement.twoWeeks ? 'Stage (deux semaines)' : 'Stage (une semaine)';
    case 'split_pending':
      return 'Second organisme : accord du chef d’établissement attendu';
    case 'exempted':
      return 'Dispense';
    case 'repli':
      return 'Repli au lycée';
    case 'none':
      return 'Non couverte';
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: guarded against formulas, quoted when it holds a separator, a quote or a line end. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  if (/[";\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(CSV_SEPARATOR);
}

const placementOf = (c: WeekCoverage): CoveringPlacement | null =>
  c.kind === 'placement' || c.kind === 'split_pending' ? c.placement : null;

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * The export: a BOM, the header line, then one line per student sorted by class, last name and
 * first name (French order, numbers in class names in numeric order: 2de 2 before 2de 10).
 * Every line ends with CRLF.
 */
export function studentExportCsv(rows: readonly StudentExportRow[]): string {
  const sorted = [...rows].sort(
    (a, b) =>
      collator.compare(a.className, b.className) ||
      collator.compare(a.lastName, b.lastName) ||
      collator.compare(a.firstName, b.firstName),
  );
  const lines = [csvLine(STUDENT_EXPORT_HEADERS)];
  for (const r of sorted) {
    const p = r.placement;
    const weekCells = p.weeks.flatMap((c) => {
      const pl = placementOf(c);
      return [weekCoverageLabel(c), pl?.hostName ?? '', pl?.offerTitle ?? ''];
    });
    lines.push(
      csvLine([
        r.className,
        r.lastName,
        r.firstName,
        r.ine ?? '',
        PLACEMENT_STATUS_LABELS[p.status],
        ...weekCells,
        p.exemptionReason ? EXEMPTION_LABELS[p.exemptionReason] : '',
        p.conventionsToSign,
        p.reason ?? '',
      ]),
    );
  }
  return CSV_BOM + lines.map((l) => `${l}\r\n`).join('');
}

/** "eleves-0350022A-2026-06-01.csv" */
export function studentExportFileName(uai: string, date: string): string {
  return `eleves-${uai.replace(/[^0-9A-Za-z]/g, '')}-${date.replace(/[^0-9-]/g, '')}.csv`;
}
