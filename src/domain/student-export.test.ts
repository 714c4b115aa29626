import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { derivePlacement, type PlacementApplication, type PlacementFacts } from './placement-status.ts';
import {
  CSV_BOM,
  csvCell,
  STUDENT_EXPORT_HEADERS,
  studentExportCsv,
  studentExportFileName,
  weekCoverageLabel,
  type StudentExportRow,
} from './student-export.ts';

const base: PlacementFacts = { applications: [], exemption: null, repli: false };

function confirmed(id: string, host: string, weeks: (1 | 2)[], extra: Partial<PlacementApplication> = {}) {
  return {
    id,
    offerId: `o${id}`,
    hostId: host,
    hostName: `Organisme ${host}`,
    offerTitle: `Offre ${id}`,
    weeks,
    status: 'confirmed',
    confirmedAt: '2026-05-01T10:00:00Z',
    ...extra,
  } satisfies PlacementApplication;
}

function row(
  className: string,
  lastName: string,
  firstName: string,
  facts: Partial<PlacementFacts>,
): StudentExportRow {
  return { className, lastName, firstName, ine: null, placement: derivePlacement({ ...base, ...facts }) };
}

/** Parses the export back as a spreadsheet would (without the BOM). */
function readBack(csv: string): string[][] {
  expect(csv.startsWith(CSV_BOM)).toBe(true);
  return parse(csv.slice(1), { delimiter: ';', relax_column_count: false }) as string[][];
}

describe('CSV cells', () => {
  it.each([
    ['plain', 'Boulangerie Le Goff', 'Boulangerie Le Goff'],
    ['empty', '', ''],
    ['null', null, ''],
    ['a number', 2, '2'],
    ['a formula', '=HYPERLINK("http://x";"clic")', `"'=HYPERLINK(""http://x"";""clic"")"`],
    ['a plus', '+33 6 12', "'+33 6 12"],
    ['a minus', '-2+3', "'-2+3"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a tab', '\t=1', "'\t=1"],
    ['a carriage return', '\r=1', `"'\r=1"`],
    ['a separator', 'Dupont; fils', '"Dupont; fils"'],
    ['a quote', 'Le "Bon" Coin', '"Le ""Bon"" Coin"'],
    ['a line end', 'ligne 1\nligne 2', '"ligne 1\nligne 2"'],
    ['an inner equals sign', 'a=b', 'a=b'],
  ])('%s', (_n, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('student export', () => {
  const rows: StudentExportRow[] = [
    row('2de 10', 'Martin', 'Zoé', {}),
    row('2de 2', 'Le Goff', 'Léa', {
      applications: [
        confirmed('1', 'A', [1]),
        confirmed('2', 'B', [2], { status: 'split_pending', confirmedAt: null }),
      ],
    }),
    row('2de 2', 'Abgrall', 'Yann', {
      applications: [confirmed('3', 'C', [1, 2], { conventionSigned: true })],
    }),
    row('2de 2', 'Abgrall', 'Anne', { exemption: 'snu' }),
    row('2de 10', 'Éon', 'Malo', { repli: true, applications: [confirmed('4', 'D', [2])] }),
    {
      className: '2de 1',
      lastName: '=cmd|calc',
      firstName: '@x',
      ine: '1234567890A',
      placement: derivePlacement({
        ...base,
        applications: [confirmed('5', '-E', [1, 2], { hostName: '+Hôte; "malin"' })],
      }),
    },
  ];
  const csv = studentExportCsv(rows);
  const lines = readBack(csv);

  it('starts with a BOM and the header line, and ends every line with CRLF', () => {
    expect(lines[0]).toEqual([...STUDENT_EXPORT_HEADERS]);
    expect(csv.slice(1).split('\r\n')).toHaveLength(rows.length + 2); // the last one empty
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('sorts by class (numbers in order), last name, first name, accents folded', () => {
    expect(lines.slice(1).map((l) => `${l[0]} ${l[1]} ${l[2]}`)).toEqual([
      "2de 1 '=cmd|calc '@x",
      '2de 2 Abgrall Anne',
      '2de 2 Abgrall Yann',
      '2de 2 Le Goff Léa',
      '2de 10 Éon Malo',
      '2de 10 Martin Zoé',
    ]);
  });

  it('writes status, weeks, hosts, offers, exemption, conventions to sign and the reason', () => {
    const byName = new Map(lines.slice(1).map((l) => [`${l[1]} ${l[2]}`, l]));
    expect(byName.get('Martin Zoé')).toEqual([
      '2de 10',
      'Martin',
      'Zoé',
      '',
      'À placer',
      'Non couverte',
      '',
      '',
      'Non couverte',
      '',
      '',
      '',
      '0',
      'Semaines 1 et 2 : aucune candidature.',
    ]);
    expect(byName.get('Le Goff Léa')).toEqual([
      '2de 2',
      'Le Goff',
      'Léa',
      '',
      'En cours',
      'Stage (une semaine)',
      'Organisme A',
      'Offre 1',
      'Second organisme : accord du chef d’établissement attendu',
      'Organisme B',
      'Offre 2',
      '',
      '1',
      'Semaine 2 : stage chez un second organisme, en attente de l’accord du chef d’établissement.',
    ]);
    expect(byName.get('Abgrall Yann')?.slice(4)).toEqual([
      'Placé',
      'Stage (deux semaines)',
      'Organisme C',
      'Offre 3',
      'Stage (deux semaines)',
      'Organisme C',
      'Offre 3',
      '',
      '0',
      '',
    ]);
    expect(byName.get('Abgrall Anne')?.slice(4, 6)).toEqual(['Dispensé', 'Dispense']);
    expect(byName.get('Abgrall Anne')?.[11]).toBe(
      'Service national universel (séjour de cohésion ou mission d’intérêt général)',
    );
    expect(byName.get('Éon Malo')?.slice(4, 12)).toEqual([
      'Repli au lycée',
      'Repli au lycée',
      '',
      '',
      'Stage (une semaine)',
      'Organisme D',
      'Offre 4',
      '',
    ]);
  });

  it('neutralises formulas in every cell, the quoting kept readable', () => {
    const l = lines[1];
    expect(l?.slice(0, 4)).toEqual(['2de 1', "'=cmd|calc", "'@x", '1234567890A']);
    expect(l?.[6]).toBe('\'+Hôte; "malin"');
    for (const line of lines) for (const cell of line) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('exports no student as the header alone', () => {
    expect(studentExportCsv([])).toBe(`${CSV_BOM}${STUDENT_EXPORT_HEADERS.join(';')}\r\n`);
  });
});

describe('labels and file name', () => {
  it('labels every kind of week coverage', () => {
    const p = { applicationId: 'a', offerId: 'o', hostId: 'h', twoWeeks: false, conventionSigned: false };
    expect([
      weekCoverageLabel({ week: 1, kind: 'placement', placement: p }),
      weekCoverageLabel({ week: 1, kind: 'placement', placement: { ...p, twoWeeks: true } }),
      weekCoverageLabel({ week: 2, kind: 'split_pending', placement: p }),
      weekCoverageLabel({ week: 1, kind: 'exempted' }),
      weekCoverageLabel({ week: 1, kind: 'repli' }),
      weekCoverageLabel({ week: 1, kind: 'none' }),
    ]).toEqual([
      'Stage (une semaine)',
      'Stage (deux semaines)',
      'Second organisme : accord du chef d’établissement attendu',
      'Dispense',
      'Repli au lycée',
      'Non couverte',
    ]);
  });

  it('names the file after the lycée and the day, nothing else', () => {
    expect(studentExportFileName('0350022A', '2026-06-01')).toBe('eleves-0350022A-2026-06-01.csv');
    expect(studentExportFileName('../0350022A"', '2026-06-01\r\n')).toBe('eleves-0350022A-2026-06-01.csv');
  });
});
