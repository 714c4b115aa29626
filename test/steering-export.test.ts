/**
 * Steering exports (issue 7 §4): every table of the dashboards as CSV and XLSX, parsed back and
 * compared with the dashboard's JSON on the fixed académie of test/steering-fixtures.ts; file
 * names; scope refusals; no student name above the lycée; the students table across several
 * keyset pages.
 */
import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, classReferents } from '../src/db/schema/index.ts';
import type { Principal } from '../src/domain/permissions.ts';
import { csvText, type ColumnKind } from '../src/infra/spreadsheet.ts';
import { exportSteeringTable } from '../src/steering/export.service.ts';
import { refreshSteering } from '../src/steering/refresh.ts';
import { EXPORT_TABLES, type Dashboard, type SteeringMap } from '../src/steering/schemas.ts';
import type { Account } from './fixtures.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';
import { STEERING_LYCEES, loadSteeringAcademy, type SteeringAcademy } from './steering-fixtures.ts';

const t = useAcademyApp();
let fixture: SteeringAcademy;

beforeEach(async () => {
  fixture = await loadSteeringAcademy(t.database.db, t.now, t.academy);
  await refreshSteering({ db: t.database.db, clock: () => t.now });
});

type Cell = string | number | Date | null;

function exportUrl(scope: string, table: string, format: string, schoolType = 'all') {
  return `/api/steering/export?${new URLSearchParams({ scope, schoolType, table, format })}`;
}

async function download(account: Account | null, scope: string, table: string, format: 'csv' | 'xlsx') {
  return callAs(t, account, 'GET', exportUrl(scope, table, format));
}

/** The CSV's records (the BOM checked and removed). */
function csvRecords(body: Buffer): string[][] {
  const text = body.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('\r\n');
  return parse(text.slice(1), { delimiter: ';', relax_column_count: true }) as string[][];
}

/** The first sheet's rows, cells from column A, as values (empty cells null). */
async function xlsxRows(body: Buffer): Promise<{ rows: Cell[][]; sheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: Cell[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as (Cell | undefined)[];
    rows.push(Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => values[i + 1] ?? null));
  }
  return { rows, sheet };
}

const HEADER = 5;
const paris = /^Chiffres du 28\/11\/2026 à 11:00$/;

async function dashboard(account: Account, scope: string): Promise<Dashboard> {
  const res = await callAs(t, account, 'GET', `/api/steering/dashboard?scope=${scope}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Dashboard;
}

/** Both formats of a table: the CSV's records and the XLSX's rows, checked against each other. */
async function both(account: Account, scope: string, table: string) {
  const csv = await download(account, scope, table, 'csv');
  expect(csv.statusCode, csv.body).toBe(200);
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  const xlsx = await download(account, scope, table, 'xlsx');
  expect(xlsx.statusCode, xlsx.body).toBe(200);
  expect(xlsx.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const records = csvRecords(csv.rawPayload);
  const { rows, sheet } = await xlsxRows(xlsx.rawPayload);
  // the same header lines and column titles
  expect(rows.slice(0, 3).map((r) => r[0])).toEqual(records.slice(0, 3).map((r) => r[0]));
  expect(records[3]).toEqual(['']);
  expect(rows[3]!.every((c) => c === null)).toBe(true);
  expect(rows[HEADER - 1]).toEqual(records[HEADER - 1]);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER });
  expect(sheet.getCell('A1').font?.bold).toBe(true);
  // the same rows: each XLSX cell written as the CSV writes it
  const titles = records[HEADER - 1]!;
  expect(rows.length).toBe(records.length);
  for (let r = HEADER; r < records.length; r++)
    titles.forEach((title, c) => {
      const cell = rows[r]![c] ?? null;
      const kind: ColumnKind = /\(%\)/.test(title)
        ? 'percent'
        : typeof cell === 'number' && !Number.isInteger(cell)
          ? 'decimal'
          : 'text';
      // an XLSX date carries the Paris wall clock in its UTC fields
      const wall = (d: Date) => d.toISOString();
      const asCsv =
        cell instanceof Date
          ? `${wall(cell).slice(8, 10)}/${wall(cell).slice(5, 7)}/${wall(cell).slice(0, 4)}` +
            (sheet.getRow(r + 1).getCell(c + 1).numFmt === 'dd/mm/yyyy' ? '' : ` ${wall(cell).slice(11, 16)}`)
          : csvText(kind, cell);
      expect(records[r]![c] ?? '', `ligne ${r + 1}, ${title}`).toBe(asCsv);
    });
  return {
    csv,
    xlsx,
    records,
    rows,
    header: records.slice(0, 3).map((r) => r[0]),
    titles,
    data: rows.slice(HEADER),
  };
}

describe('dashboard tables', () => {
  it('statuses: the hand-counted académie, in both formats, with the file name and header', async () => {
    const rectorat = t.accounts.inside.rectorat;
    const f = await both(rectorat, 'academie:14', 'statuses');
    expect(f.csv.headers['content-disposition']).toBe(
      `attachment; filename="pilotage_academie-14_statuts_2026-11-28.csv"; filename*=UTF-8''pilotage_academie-14_statuts_2026-11-28.csv`,
    );
    expect(f.xlsx.headers['content-disposition']).toContain(
      'filename="pilotage_academie-14_statuts_2026-11-28.xlsx"',
    );
    expect(f.header[0]).toBe('Élèves par statut de placement');
    expect(f.header[1]).toBe('Académie de Rennes');
    expect(f.header[2]).toMatch(paris);
    expect(f.titles).toEqual(['Statut', 'Élèves', 'Part des élèves (%)']);
    // 23 students: 5 to place, 6 in progress, 4 covered, 2 placed, 2 repli, 1 exemption of each reason
    expect(f.data.map((r) => r.slice(0, 2))).toEqual([
      ['À placer', 5],
      ['En cours', 6],
      ['Couverts (conventions à signer)', 4],
      ['Placés (conventions signées)', 2],
      ['Repli au lycée', 2],
      ['Dispensés — SNU', 1],
      ['Dispensés — mobilité', 1],
      ['Dispensés — 2de STHR', 1],
      ['Dispensés — raison médicale', 1],
      ['Ensemble', 23],
    ]);
    expect(f.data[0]![2]).toBeCloseTo(5 / 23, 10);
    expect(f.records[HEADER]).toEqual(['À placer', '5', '21,74']);
    expect(f.data.at(-1)![2]).toBe(1);
    expect(f.xlsx.rawPayload.length).toBeGreaterThan(1000);
  });

  it('every other table of the académie matches the dashboard’s JSON', async () => {
    const rectorat = t.accounts.inside.rectorat;
    const d = await dashboard(rectorat, 'academie:14');

    const children = await both(rectorat, 'academie:14', 'children');
    expect(children.csv.headers['content-disposition']).toContain(
      'pilotage_academie-14_par-departement_2026-11-28.csv',
    );
    expect(children.header[0]).toBe('Détail par département');
    expect(children.titles[0]).toBe('Département');
    expect(children.data).toEqual(
      d.children!.rows.map((r) => [
        r.scope.name,
        r.scope.code,
        r.students,
        r.placed,
        r.share,
        r.toPlace,
        r.inProgress,
        r.covered,
        r.exempted,
        r.repli,
        r.unplaced,
        r.placesPerStudent,
      ]),
    );
    // Ille-et-Vilaine: Zola 13 + Saint-Martin 5; Finistère: Cornouaille 5 (Iroise has none)
    expect(children.data.map((r) => [r[1], r[2]])).toEqual([
      ['29', 5],
      ['35', 18],
    ]);

    const conventions = await both(rectorat, 'academie:14', 'conventions');
    expect(conventions.data).toEqual([
      ...d.conventions.steps.map((s) => [s.label, s.count]),
      ['Annulées', d.conventions.cancelled],
    ]);

    const signatures = await both(rectorat, 'academie:14', 'signatures');
    expect(signatures.titles).toEqual(['Partie', 'Conventions validées sans sa signature']);
    expect(signatures.data).toEqual(d.conventions.missingSignatures.map((s) => [s.label, s.count]));

    const sectors = await both(rectorat, 'academie:14', 'sectors');
    expect(sectors.data.length).toBeGreaterThan(1);
    expect(sectors.data).toEqual(
      d.offers.bySector.map((s) => [s.code, s.name, s.offers, s.places, s.taken, s.places - s.taken]),
    );

    const kinds = await both(rectorat, 'academie:14', 'hostKinds');
    const places = d.offers.byHostKind.reduce((n, k) => n + k.places, 0);
    expect(kinds.data.map((r) => r.slice(0, 4))).toEqual(
      d.offers.byHostKind.map((k) => [k.label, k.offers, k.places, k.taken]),
    );
    const en = kinds.data.find((r) => r[0] === 'Éducation nationale')!;
    expect(en[5]).toBeCloseTo(d.offers.educationNationaleShare!, 10);
    expect(places).toBe(d.offers.placesWeek1 + d.offers.placesWeek2);

    const distances = await both(rectorat, 'academie:14', 'distances');
    expect(distances.titles).toContain('Distance moyenne (km)');
    const home = distances.data.filter((r) => r[0] === 'Domicile → stage');
    expect(home.map((r) => r[2])).toEqual([
      ...d.distances.home.buckets.map((b) => b.count),
      d.distances.home.n,
    ]);
    expect(home.at(-1)![4]).toBeCloseTo(d.distances.home.meanKm!, 10);
    const school = distances.data.filter((r) => r[0] === 'Lycée → stage');
    expect(school.at(-1)![2]).toBe(d.distances.school.n);

    const delays = await both(rectorat, 'academie:14', 'delays');
    expect(delays.data.map((r) => r[1])).toEqual([...d.delays.buckets.map((b) => b.count), d.delays.n]);
    expect(delays.data.at(-1)![3]).toBeCloseTo(d.delays.meanDays!, 10);

    const trend = await both(rectorat, 'academie:14', 'trend');
    expect(trend.data.length).toBe(d.trend.days.length);
    const today = trend.data.find(
      (r) => r[1] instanceof Date && r[1].toISOString().startsWith('2026-11-28'),
    )!;
    expect(today.slice(2, 5)).toEqual([
      d.trend.days.at(-1)!.students,
      d.trend.days.at(-1)!.placed,
      d.trend.days.at(-1)!.share,
    ]);
    if (d.campaign)
      expect(today[0]).toBe(
        Math.round((Date.parse(d.campaign.week1Start) - Date.parse('2026-11-28')) / 86_400_000),
      );

    const map = await both(rectorat, 'academie:14', 'map');
    const m = (await callAs(t, rectorat, 'GET', '/api/steering/map?scope=academie:14')).json() as SteeringMap;
    expect(map.data.filter((r) => r[0] === 'Lycée').map((r) => [r[1], r[6], r[7]])).toEqual(
      m.lycees.map((l) => [l.uai, l.students, l.places]),
    );
    expect(map.data.filter((r) => r[0] === 'Commune').map((r) => r[1])).toEqual(
      m.communes.map((c) => c.insee),
    );
  });

  it('names every table of the contract in both formats, for each level of the drill-down', async () => {
    const admin = t.accounts.inside.admin;
    for (const scope of [
      'national',
      'academie:14',
      'departement:35',
      `bassin:14-rennes`,
      `lycee:${STEERING_LYCEES.zola}`,
    ]) {
      for (const table of EXPORT_TABLES) {
        for (const format of ['csv', 'xlsx'] as const) {
          const res = await download(admin, scope, table, format);
          expect(res.statusCode, `${scope} ${table} ${format} : ${res.body.slice(0, 200)}`).toBe(200);
          expect(res.headers['content-disposition']).toMatch(
            new RegExp(`filename="pilotage_${scope.replace(':', '-')}_[a-z0-9-]+_2026-11-28\\.${format}"`),
          );
        }
      }
    }
    // the public/private filter is said in the header and applied
    const pub = await callAs(t, admin, 'GET', exportUrl('academie:14', 'students', 'csv', 'private'));
    const records = csvRecords(pub.rawPayload);
    expect(records[1]).toEqual(['Académie de Rennes — lycées privés sous contrat']);
    expect(new Set(records.slice(HEADER).map((r) => r[0]))).toEqual(new Set([STEERING_LYCEES.saintMartin]));
  });
});

describe('students without a placement and the students table', () => {
  const NAMES = ['Le Goff', 'Tanguy', 'Le Bras', 'Caradec', 'Riou', 'Kervella', 'Le Du', 'Morvan', 'Quéré'];

  it('gives counts above the lycée, never a name', async () => {
    const rectorat = t.accounts.inside.rectorat;
    for (const table of ['unplaced', 'students']) {
      for (const scope of ['academie:14', `lycee:${STEERING_LYCEES.zola}`]) {
        const f = await both(rectorat, scope, table);
        const text = JSON.stringify(f.records);
        for (const name of NAMES) expect(text, `${table} ${scope}`).not.toContain(name);
        expect(f.titles).not.toContain('Nom');
      }
    }
    const unplaced = await both(rectorat, 'academie:14', 'unplaced');
    expect(unplaced.csv.headers['content-disposition']).toContain(
      'pilotage_academie-14_eleves-non-places_2026-11-28.csv',
    );
    expect(unplaced.header[0]).toBe('Élèves sans stage par lycée (effectifs, sans nom)');
    expect(unplaced.header[2]).toMatch(paris);
    // Zola: 4 to place + 5 in progress; Cornouaille: 2 + 1 (Saint-Martin has none)
    expect(unplaced.data.map((r) => [r[1], r[10]])).toEqual([
      [STEERING_LYCEES.zola, 8],
      [STEERING_LYCEES.cornouaille, 3],
    ]);

    const students = await both(rectorat, 'academie:14', 'students');
    expect(students.header[0]).toBe('Élèves de 2de GT et leur stage');
    expect(students.titles).toEqual([
      'UAI du lycée',
      'Lycée',
      'Classe',
      'Statut',
      'Motif de dispense',
      'Semaines couvertes (sur 2)',
      'Organismes d’accueil',
      'Distance domicile → stage (km)',
      'Distance lycée → stage (km)',
    ]);
    expect(students.data).toHaveLength(23);
    const count = (uai: string, status: string) =>
      students.data.filter((r) => r[0] === uai && r[3] === status).length;
    expect(count(STEERING_LYCEES.zola, 'Placé')).toBe(1);
    expect(count(STEERING_LYCEES.saintMartin, 'Dispensé')).toBe(3);
    expect(count(STEERING_LYCEES.cornouaille, 'À placer')).toBe(2);
    expect(students.data.filter((r) => r[4] === 'Seconde STHR (stage de quatre semaines)')).toHaveLength(1);
  });

  it('gives a head the names of the lycée and writes the export to the audit trail', async () => {
    const head = t.accounts.inside.school_head;
    const unplaced = await both(head, `lycee:${STEERING_LYCEES.zola}`, 'unplaced');
    expect(unplaced.titles).toEqual(['Classe', 'Nom', 'Prénom', 'Statut', 'Dernière relance']);
    expect(unplaced.csv.headers['content-disposition']).toContain(
      `pilotage_lycee-${STEERING_LYCEES.zola}_eleves-non-places_2026-11-28.csv`,
    );
    const res = await callAs(t, head, 'GET', `/api/steering/unplaced?scope=lycee:${STEERING_LYCEES.zola}`);
    const list = res.json() as { students: { lastName: string; firstName: string; className: string }[] };
    expect(unplaced.data.map((r) => [r[0], r[1], r[2]]).sort()).toEqual(
      list.students.map((s) => [s.className, s.lastName, s.firstName]).sort(),
    );
    expect(unplaced.data.map((r) => r[1])).toContain('Le Goff');

    const students = await both(head, `lycee:${STEERING_LYCEES.zola}`, 'students');
    expect(students.titles.slice(0, 5)).toEqual(['UAI du lycée', 'Lycée', 'Classe', 'Nom', 'Prénom']);
    expect(students.data).toHaveLength(13);
    const noah = students.data.find((r) => r[3] === 'Quéré')!;
    expect(noah.slice(2, 9)).toEqual(['2NDE3', 'Quéré', 'Noah', 'Placé', null, 2, 1]);
    expect(typeof noah[9]).toBe('number');

    // a class: its students only
    const klass = await both(head, `classe:${fixture.classes.zola3.id}`, 'students');
    expect(klass.data.map((r) => r[3]).sort()).toEqual(['Bihan', 'Guivarc’h', 'Le Gall', 'Le Meur', 'Quéré']);
    expect(klass.csv.headers['content-disposition']).toContain('pilotage_classe-2nde3_eleves_2026-11-28.csv');

    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'steering.exported'));
    // unplaced and students in two formats, then the class's students in two formats
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.schoolUai === STEERING_LYCEES.zola)).toBe(true);
    expect(events.map((e) => (e.details as { table: string }).table).sort()).toEqual([
      'students',
      'students',
      'students',
      'students',
      'unplaced',
      'unplaced',
    ]);
    // no audit event for the counts of the rectorat
    await both(t.accounts.inside.rectorat, 'academie:14', 'students');
    expect(
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'steering.exported')),
    ).toHaveLength(6);
  });

  it('gives a referent teacher the names of their class only', async () => {
    const teacher = t.accounts.inside.school_staff;
    await t.database.db
      .insert(classReferents)
      .values({ classId: fixture.classes.zola3.id, userId: teacher.userId });
    const f = await both(teacher, `classe:${fixture.classes.zola3.id}`, 'students');
    expect(f.titles).toContain('Nom');
    expect(f.data).toHaveLength(5);
    const other = await download(teacher, `classe:${fixture.classes.zola1.id}`, 'students', 'csv');
    expect(other.statusCode).toBe(404);
  });

  it('pages through the students by keyset: the same rows with pages of 4 as with one page', async () => {
    const admin: Principal = {
      userId: t.accounts.inside.admin.userId,
      role: 'admin',
      scope: { kind: 'platform' },
      studentIds: [],
      signatureDelegate: false,
    };
    const run = async (pageSize: number) => {
      const r = await exportSteeringTable({ db: t.database.db, clock: () => t.now, pageSize }, admin, {
        scope: 'national',
        schoolType: 'all',
        table: 'students',
        format: 'csv',
      });
      if (!r.ok) throw new Error(r.error.detail);
      return csvRecords(await buffer(r.value.stream)).slice(HEADER);
    };
    const small = await run(4);
    expect(small).toHaveLength(23);
    expect(small).toEqual(await run(5000));
    // a page size that divides the count exactly still ends
    expect(await run(23)).toHaveLength(23);
  });
});

describe('refusals', () => {
  it('refuses out of scope, unknown or malformed input in French, without a file', async () => {
    const a = t.accounts;
    const cases: [Account | null, string, number][] = [
      [a.inside.dsden, exportUrl('departement:29', 'statuses', 'csv'), 404],
      [a.inside.dsden, exportUrl('academie:14', 'students', 'xlsx'), 404],
      [a.inside.school_head, exportUrl(`lycee:${STEERING_LYCEES.cornouaille}`, 'unplaced', 'csv'), 404],
      [a.inside.school_head, exportUrl('academie:14', 'students', 'csv'), 404],
      [a.inside.school_staff, exportUrl('academie:14', 'statuses', 'csv'), 404],
      [a.inside.rectorat, exportUrl('national', 'students', 'csv'), 404],
      [a.inside.student, exportUrl('academie:14', 'statuses', 'csv'), 403],
      [a.inside.host_member, exportUrl('academie:14', 'statuses', 'csv'), 403],
      [null, exportUrl('academie:14', 'statuses', 'csv'), 401],
      [a.inside.rectorat, exportUrl('academie:99', 'statuses', 'csv'), 404],
      [a.inside.rectorat, exportUrl('academie', 'statuses', 'csv'), 400],
      [a.inside.rectorat, exportUrl('academie:14', 'eleves', 'csv'), 400],
      [a.inside.rectorat, exportUrl('academie:14', 'statuses', 'pdf'), 400],
      [a.inside.rectorat, exportUrl('academie:14', 'statuses', 'csv', 'tous'), 400],
      [a.inside.rectorat, '/api/steering/export?scope=academie:14&table=statuses', 400],
    ];
    for (const [account, url, status] of cases) {
      const res = await callAs(t, account, 'GET', url);
      expect(res.statusCode, `${url} : ${res.body.slice(0, 200)}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      const body = res.json() as { title: string; detail?: string };
      expect(body.title).toMatch(/[éèàç]|Requête|Périmètre|Accès|Authentification|Connexion/);
    }
    const outside = await callAs(t, a.inside.dsden, 'GET', exportUrl('departement:29', 'statuses', 'csv'));
    expect(outside.json().detail).toMatch(/périmètre/i);
    const table = await callAs(t, a.inside.rectorat, 'GET', exportUrl('academie:14', 'eleves', 'csv'));
    expect(table.json().detail).toMatch(/table/);
  });
});
