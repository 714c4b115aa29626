/**
 * The steering refresh (issue 7, src/steering/refresh.ts): every figure of the fixed académie of
 * test/steering-fixtures.ts stated by hand (students, statuses, signed, hosts, conventions by step,
 * missing signatures, distances, delays, offers by commune/sector/host kind with the nearest lycée,
 * the day's snapshot); the SQL status equals the head's page (deriveRow) for every student at three
 * instants; a signature given through the signing service moves the headline at the next run of
 * the job; two refreshes at once end with the same rows. PGlite by default, PostgreSQL with
 * TEST_DATABASE_URL.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { conventionSignatories, placementDecisions, steeringRefreshes } from '../src/db/schema/index.ts';
import { platformSealer } from '../src/conventions/certificate.ts';
import { requestCodeByToken, signByToken } from '../src/conventions/signing.service.ts';
import { setTokenHash } from '../src/conventions/signing.store.ts';
import { deriveRow } from '../src/schools/placement.service.ts';
import { placementRows } from '../src/schools/placement.store.ts';
import { lastRefresh, refreshSteering, steeringJobs, studentStatusRows } from '../src/steering/refresh.ts';
import { lastCode } from './convention-signing-fixtures.ts';
import { buildTestServer, FIXED_NOW, type TestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { loadSteeringAcademy, STEERING_LYCEES as L, type SteeringAcademy } from './steering-fixtures.ts';

let database: TestDatabase;
let app: TestApp;
let now = FIXED_NOW;
let f: SteeringAcademy;
const YEAR = '2026-2027';

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(database, () => now);
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});
beforeEach(async () => {
  now = FIXED_NOW;
  await database.truncate();
  f = await loadSteeringAcademy(database.db, FIXED_NOW);
});

type Figures = Record<string, number>;

const HEADLINE = [
  'status.placed',
  'status.covered',
  'signed_any',
  'conv.signed',
  'conv.signatures',
  'sig.missing.guardian',
  'delay.n',
  'delay.sum_days',
];
/** The figures that a signature moves (a missing metric reads 0). */
const pick = (x: Figures): Figures => Object.fromEntries(HEADLINE.map((k) => [k, x[k] ?? 0]));

/** The figures written for a lycée ('') or one of its classes. */
async function figuresOf(uai: string, classKey = ''): Promise<Figures> {
  const list = await rows<{ metric: string; value: string | number }>(
    database.db,
    sql`select metric, value from steering_figures
        where school_year = ${YEAR} and school_uai = ${uai} and class_key = ${classKey}`,
  );
  return Object.fromEntries(list.map((r) => [r.metric, Number(r.value)]));
}

async function allFigures() {
  return rows<Record<string, unknown>>(
    database.db,
    sql`select * from steering_figures order by school_year, school_uai, class_key, metric`,
  );
}

async function allOfferFigures() {
  return rows<Record<string, unknown>>(
    database.db,
    sql`select commune_insee as commune, departement_code as dep, academy_code as academy,
               nearest_uai as nearest, bassin_code as bassin, sector_code as sector, host_kind as kind,
               offers, places_week1 as p1, places_week2 as p2, taken_week1 as t1, taken_week2 as t2
        from steering_offer_figures where school_year = ${YEAR}
        order by commune_insee, sector_code, host_kind`,
  );
}

// ---------------------------------------------------------------------------------------------
// Every figure by hand (see the comment of test/steering-fixtures.ts for each student)

const ZOLA_1: Figures = { students: 5, 'status.to_place': 3, 'status.in_progress': 2 };
const ZOLA_2: Figures = {
  students: 3,
  'status.in_progress': 1, // Inès: one week
  'status.covered': 2, // Gaël (one host), Lou (1 + 1)
  'hosts.one': 1,
  'hosts.two': 1,
  'conv.host': 1, // Inès
  'conv.school': 1, // Gaël
  'conv.validation': 1, // Lou's week 1
  'conv.signatures': 1, // Lou's week 2
  'sig.missing.host': 1,
  'sig.missing.guardian': 1,
  // homes: Inès → A 3.345 km, Gaël → B 3.652, Lou → A 1.173 and → C 5.756
  'dist.home.n': 4,
  'dist.home.sum_m': 13926,
  'dist.home.b0_5': 3,
  'dist.home.b5_10': 1,
  // Zola → A 2.174 km (Inès, Lou), → B 0.631 (Gaël), → C 5.455 (Lou)
  'dist.school.n': 4,
  'dist.school.sum_m': 10433,
  'dist.school.b0_5': 3,
  'dist.school.b5_10': 1,
};
const ZOLA_3: Figures = {
  students: 5,
  'status.in_progress': 2, // Tom (split pending), Jade (split refused)
  'status.placed': 1, // Noah
  'status.covered': 1, // Rose (one of two signed)
  'status.exempted.snu': 1, // Hugo
  signed_any: 2, // Noah, Rose
  'hosts.one': 1, // Noah
  'hosts.two': 1, // Rose
  'conv.host': 1, // Tom
  'conv.signatures': 2, // Jade, Rose's week 2
  'conv.signed': 2, // Noah, Rose's week 1
  'sig.missing.school': 2,
  'sig.missing.host': 2,
  'sig.missing.student': 1, // Jade's (Rose signed hers)
  'sig.missing.guardian': 2,
  // only Noah has a home: → A 3.266 km
  'dist.home.n': 1,
  'dist.home.sum_m': 3266,
  'dist.home.b0_5': 1,
  // Tom, Noah, Rose → A 2.174; Jade, Rose → B 0.631
  'dist.school.n': 5,
  'dist.school.sum_m': 7782,
  'dist.school.b0_5': 5,
  // Noah 20 → 10 days ago: 10; Rose 40 → 5 days ago: 35
  'delay.n': 2,
  'delay.sum_days': 45,
  'delay.b8_14': 1,
  'delay.b31p': 1,
};
const ZOLA: Figures = {
  students: 13,
  'status.to_place': 3,
  'status.in_progress': 5,
  'status.covered': 3,
  'status.placed': 1,
  'status.exempted.snu': 1,
  signed_any: 2,
  'hosts.one': 2,
  'hosts.two': 2,
  'conv.host': 2,
  'conv.school': 1,
  'conv.validation': 1,
  'conv.signatures': 3,
  'conv.signed': 2,
  'sig.missing.school': 2,
  'sig.missing.host': 3,
  'sig.missing.student': 1,
  'sig.missing.guardian': 3,
  'dist.home.n': 5,
  'dist.home.sum_m': 17192,
  'dist.home.b0_5': 4,
  'dist.home.b5_10': 1,
  'dist.school.n': 9,
  'dist.school.sum_m': 18216,
  'dist.school.b0_5': 8,
  'dist.school.b5_10': 1,
  'delay.n': 2,
  'delay.sum_days': 45,
  'delay.b8_14': 1,
  'delay.b31p': 1,
};
const SAINT_MARTIN: Figures = {
  students: 5,
  'status.exempted.mobility': 1,
  'status.exempted.sthr': 1,
  'status.exempted.medical': 1, // Chloé, although placed
  'status.placed': 1, // Mathis
  'status.repli': 1, // Emma
  signed_any: 2, // Chloé, Mathis
  'hosts.two': 1, // Mathis (Chloé is exempted: not counted among the covered)
  'conv.signed': 3,
  // Chloé → F 2.468 km, Mathis → F 1.333 and → A 62.559
  'dist.home.n': 3,
  'dist.home.sum_m': 66360,
  'dist.home.b0_5': 2,
  'dist.home.b50p': 1,
  // Saint-Martin → F 0.247 (twice), → A 63.124
  'dist.school.n': 3,
  'dist.school.sum_m': 63618,
  'dist.school.b0_5': 2,
  'dist.school.b50p': 1,
  // Chloé 7 → 3 days ago: 4; Mathis 15 → 1 day ago: 14, twice
  'delay.n': 3,
  'delay.sum_days': 32,
  'delay.b0_7': 1,
  'delay.b8_14': 2,
};
const CORNOUAILLE: Figures = {
  students: 5,
  'status.to_place': 2, // Léna (withdrawn after confirmation), Paul (exemption revoked)
  'status.in_progress': 1, // Manon
  'status.covered': 1, // Enzo
  'status.repli': 1, // Malo, with one week
  signed_any: 1, // Malo (done)
  'hosts.one': 1, // Enzo
  'conv.signatures': 1, // Enzo
  'conv.signed': 1, // Malo's, done
  'conv.cancelled': 1, // Léna's
  'sig.missing.guardian': 1, // Enzo's two guardians: one party
  // Enzo → E 4.759 km (Malo and Manon have no home)
  'dist.home.n': 1,
  'dist.home.sum_m': 4759,
  'dist.home.b0_5': 1,
  // Cornouaille → D 0.684 (Malo), → E 0.837 (Enzo), → I 180.754 in Rennes (Manon)
  'dist.school.n': 3,
  'dist.school.sum_m': 182274,
  'dist.school.b0_5': 2,
  'dist.school.b50p': 1,
  // Malo 30 → 21 days ago: 9
  'delay.n': 1,
  'delay.sum_days': 9,
  'delay.b8_14': 1,
};

const OFFERS = [
  // o1 + o2 (CHU) and o3 (Breizh) of the small académie: no commune
  {
    commune: '',
    dep: null,
    nearest: null,
    bassin: null,
    sector: 'informatique-et-reseaux',
    kind: 'private',
    offers: 1,
    p1: 0,
    p2: 5,
    t1: 0,
    t2: 0,
  },
  {
    commune: '',
    dep: null,
    nearest: null,
    bassin: null,
    sector: 'sante',
    kind: 'public',
    offers: 2,
    p1: 3,
    p2: 2,
    t1: 1,
    t2: 0,
  },
  // G in Brest
  {
    commune: '29019',
    dep: '29',
    nearest: L.iroise,
    bassin: '14-brest',
    sector: 'hotellerie-restauration',
    kind: 'private',
    offers: 1,
    p1: 1,
    p2: 1,
    t1: 0,
    t2: 0,
  },
  // L in Carhaix: no lycée within 30 km, the nearest of the académie is Cornouaille (50 km)
  {
    commune: '29024',
    dep: '29',
    nearest: L.cornouaille,
    bassin: '14-quimper',
    sector: 'administration-publique',
    kind: 'public',
    offers: 1,
    p1: 1,
    p2: 1,
    t1: 0,
    t2: 0,
  },
  // D and E in Quimper: Malo on D week 1; Enzo on E (Léna withdrew)
  {
    commune: '29232',
    dep: '29',
    nearest: L.cornouaille,
    bassin: '14-quimper',
    sector: 'administration-publique',
    kind: 'public',
    offers: 1,
    p1: 2,
    p2: 2,
    t1: 1,
    t2: 0,
  },
  {
    commune: '29232',
    dep: '29',
    nearest: L.cornouaille,
    bassin: '14-quimper',
    sector: 'hotellerie-restauration',
    kind: 'private',
    offers: 1,
    p1: 1,
    p2: 1,
    t1: 1,
    t2: 1,
  },
  // C in Cesson: Lou week 2 (Tom's split pending takes no place)
  {
    commune: '35051',
    dep: '35',
    nearest: L.zola,
    bassin: '14-rennes',
    sector: 'enseignement',
    kind: 'education_nationale',
    offers: 1,
    p1: 2,
    p2: 2,
    t1: 0,
    t2: 1,
  },
  // B in Rennes: Gaël both weeks, Jade week 1, Rose week 2; I (off_platform) is not counted
  {
    commune: '35238',
    dep: '35',
    nearest: L.zola,
    bassin: '14-rennes',
    sector: 'informatique-et-reseaux',
    kind: 'private',
    offers: 1,
    p1: 3,
    p2: 3,
    t1: 2,
    t2: 2,
  },
  // A in Rennes: week 1 Inès, Lou, Tom, Noah, Rose; week 2 Noah, Mathis
  {
    commune: '35238',
    dep: '35',
    nearest: L.zola,
    bassin: '14-rennes',
    sector: 'sante',
    kind: 'public',
    offers: 1,
    p1: 6,
    p2: 6,
    t1: 5,
    t2: 2,
  },
  // F in Saint-Malo: Chloé both weeks, Mathis week 1 (H is a draft)
  {
    commune: '35288',
    dep: '35',
    nearest: L.saintMartin,
    bassin: '14-saint-malo',
    sector: 'hotellerie-restauration',
    kind: 'private',
    offers: 1,
    p1: 2,
    p2: 2,
    t1: 2,
    t2: 1,
  },
  // K: a commune missing from the communes table: département from its postal code 35250
  {
    commune: '35999',
    dep: '35',
    nearest: L.zola,
    bassin: '14-rennes',
    sector: 'informatique-et-reseaux',
    kind: 'private',
    offers: 1,
    p1: 1,
    p2: 0,
    t1: 0,
    t2: 0,
  },
].map((o) => ({ ...o, academy: '14' }));

describe('steering refresh', () => {
  it('writes every figure of the fixed académie, as computed by hand', async () => {
    const r = await refreshSteering({ db: database.db, clock: () => now });
    expect(r.schoolYear).toBe(YEAR);
    expect(r.refreshedAt).toEqual(FIXED_NOW);

    expect(await figuresOf(L.zola, f.classes.zola1.id)).toEqual(ZOLA_1);
    expect(await figuresOf(L.zola, f.classes.zola2.id)).toEqual(ZOLA_2);
    expect(await figuresOf(L.zola, f.classes.zola3.id)).toEqual(ZOLA_3);
    expect(await figuresOf(L.zola)).toEqual(ZOLA);
    expect(await figuresOf(L.saintMartin, f.classes.saintMartin.id)).toEqual(SAINT_MARTIN);
    expect(await figuresOf(L.saintMartin)).toEqual(SAINT_MARTIN);
    expect(await figuresOf(L.cornouaille, f.classes.cornouaille.id)).toEqual(CORNOUAILLE);
    expect(await figuresOf(L.cornouaille)).toEqual(CORNOUAILLE);
    // a lycée with a class and no student: students = 0, nothing else
    expect(await figuresOf(L.iroise, f.classes.iroise.id)).toEqual({ students: 0 });
    expect(await figuresOf(L.iroise)).toEqual({ students: 0 });
    // nothing else: 4 lycées, 6 classes
    const keys = await rows<{ school_uai: string; class_key: string }>(
      database.db,
      sql`select distinct school_uai, class_key from steering_figures`,
    );
    expect(keys).toHaveLength(10);

    expect(await allOfferFigures()).toEqual(OFFERS);

    const daily = await rows<{ day: string; school_uai: string; figures: Figures }>(
      database.db,
      sql`select day::text as day, school_uai, figures from steering_daily order by school_uai`,
    );
    const snapshot = (x: Figures): Figures => ({
      students: x.students ?? 0,
      'status.to_place': x['status.to_place'] ?? 0,
      'status.in_progress': x['status.in_progress'] ?? 0,
      'status.covered': x['status.covered'] ?? 0,
      'status.placed': x['status.placed'] ?? 0,
      'status.repli': x['status.repli'] ?? 0,
      'status.exempted': 0,
      signed_any: x.signed_any ?? 0,
      'conv.signed': x['conv.signed'] ?? 0,
    });
    expect(daily).toEqual([
      { day: '2026-11-28', school_uai: L.cornouaille, figures: snapshot(CORNOUAILLE) },
      { day: '2026-11-28', school_uai: L.iroise, figures: snapshot({ students: 0 }) },
      { day: '2026-11-28', school_uai: L.zola, figures: { ...snapshot(ZOLA), 'status.exempted': 1 } },
      {
        day: '2026-11-28',
        school_uai: L.saintMartin,
        figures: { ...snapshot(SAINT_MARTIN), 'status.exempted': 3 },
      },
    ]);

    expect(await lastRefresh(database.db, YEAR)).toEqual({
      refreshedAt: FIXED_NOW,
      durationMs: expect.any(Number),
    });
    expect(await lastRefresh(database.db, '2025-2026')).toBeNull();

    // a refresh the next day keeps the day before's snapshot and writes its own
    now = new Date('2026-11-29T08:00:00Z');
    await refreshSteering({ db: database.db, clock: () => now });
    const days = await rows<{ day: string; n: number | string }>(
      database.db,
      sql`select day::text as day, count(*) as n from steering_daily group by day order by day`,
    );
    expect(days.map((d) => [d.day, Number(d.n)])).toEqual([
      ['2026-11-28', 4],
      ['2026-11-29', 4],
    ]);
  });

  it('computes the status in SQL as the head’s page derives it, for every student, at three instants', async () => {
    const ids = Object.fromEntries(Object.entries(f.students).map(([k, s]) => [s.id, k]));
    for (const at of [
      FIXED_NOW,
      // 2 hours earlier: Erwan's acceptance and Maëlys's application were still running
      new Date(FIXED_NOW.getTime() - 2 * 3_600_000),
      // 4 days later: Nolwenn's acceptance has lapsed, Yann's application still runs
      new Date(FIXED_NOW.getTime() + 4 * 86_400_000),
    ]) {
      const sqlRows = await studentStatusRows(database.db, { schoolYear: YEAR, now: at, limit: 1000 });
      expect(sqlRows).toHaveLength(23);
      const expected = [];
      for (const uai of [L.zola, L.saintMartin, L.cornouaille, L.iroise]) {
        for (const row of await placementRows(database.db, { schoolUai: uai, campaignId: f.campaign.id })) {
          const d = deriveRow(row, at);
          expected.push({
            id: row.id,
            schoolUai: uai,
            classId: row.classId,
            className: row.className,
            status: d.status,
            exemptionReason: d.exemptionReason,
            weeksCovered: d.weeks.filter((w) => w.kind === 'placement').length,
            hosts: d.hosts,
          });
        }
      }
      expected.sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(
        sqlRows.map(({ homeKm: _h, schoolKm: _s, ...r }) => ({ who: ids[r.id], ...r })),
        at.toISOString(),
      ).toEqual(expected.map((r) => ({ who: ids[r.id], ...r })));
      // every status of the domain occurs, and each exemption reason
      expect(new Set(sqlRows.map((r) => r.status))).toEqual(
        new Set(['to_place', 'in_progress', 'covered', 'placed', 'exempted', 'repli']),
      );
      expect(new Set(sqlRows.map((r) => r.exemptionReason).filter(Boolean))).toEqual(
        new Set(['snu', 'mobility', 'sthr', 'medical']),
      );
    }
    const byKey = async (at: Date) => {
      const list = await studentStatusRows(database.db, { schoolYear: YEAR, now: at, limit: 1000 });
      return Object.fromEntries(list.map((r) => [ids[r.id], r.status]));
    };
    const before = await byKey(new Date(FIXED_NOW.getTime() - 2 * 3_600_000));
    const at = await byKey(FIXED_NOW);
    const later = await byKey(new Date(FIXED_NOW.getTime() + 4 * 86_400_000));
    expect([before.erwan, at.erwan]).toEqual(['in_progress', 'to_place']);
    expect([before.maelys, at.maelys]).toEqual(['in_progress', 'to_place']);
    expect([at.nolwenn, later.nolwenn]).toEqual(['in_progress', 'to_place']);
    expect([at.yann, later.yann]).toEqual(['in_progress', 'in_progress']);
  });

  it('gives the students by keyset pages, by lycée, with the distances to their placements', async () => {
    const all = await studentStatusRows(database.db, { schoolYear: YEAR, now, limit: 1000 });
    const paged = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await studentStatusRows(database.db, { schoolYear: YEAR, now, afterId, limit: 7 });
      paged.push(...page);
      if (page.length < 7) break;
      afterId = page.at(-1)!.id;
    }
    expect(paged).toEqual(all);
    const some = await studentStatusRows(database.db, {
      schoolYear: YEAR,
      now,
      schoolUais: [L.saintMartin, L.iroise],
      limit: 1000,
    });
    expect(some.map((r) => r.id).sort()).toEqual(
      ['anna', 'liam', 'chloe', 'mathis', 'emma'].map((k) => f.students[k as 'anna'].id).sort(),
    );
    expect(
      await studentStatusRows(database.db, { schoolYear: YEAR, now, schoolUais: [], limit: 10 }),
    ).toEqual([]);
    const of = (k: keyof typeof f.students) => all.find((r) => r.id === f.students[k].id)!;
    // Mathis: home → F 1.333 km and → A 62.559: mean 31.9; lycée → 0.247 and 63.124: 31.7
    expect(of('mathis')).toMatchObject({
      status: 'placed',
      weeksCovered: 2,
      hosts: 2,
      homeKm: 31.9,
      schoolKm: 31.7,
    });
    // no home: no home distance; no placement: neither
    expect(of('malo')).toMatchObject({
      status: 'repli',
      weeksCovered: 1,
      hosts: 1,
      homeKm: null,
      schoolKm: 0.7,
    });
    expect(of('lea')).toMatchObject({
      status: 'to_place',
      weeksCovered: 0,
      hosts: 0,
      homeKm: null,
      schoolKm: null,
    });
    expect(of('chloe')).toMatchObject({ status: 'exempted', exemptionReason: 'medical', weeksCovered: 2 });
    // another school year has no student
    expect(await studentStatusRows(database.db, { schoolYear: '2025-2026', now, limit: 10 })).toEqual([]);
  });

  it('moves the headline at the next run of the job once the last signature is given', async () => {
    expect(
      steeringJobs({ db: database.db, clock: () => now }).map((j) => [j.name, j.cron, j.runAtStart]),
    ).toEqual([['steering-refresh', '* * * * *', true]]);
    await app.jobs.run('steering-refresh');
    const before = await figuresOf(L.cornouaille);
    expect(pick(before)).toEqual({
      'status.placed': 0,
      'status.covered': 1,
      signed_any: 1,
      'conv.signed': 1,
      'conv.signatures': 1,
      'sig.missing.guardian': 1,
      'delay.n': 1,
      'delay.sum_days': 9,
    });
    expect((await lastRefresh(database.db, YEAR))?.refreshedAt).toEqual(FIXED_NOW);

    // Enzo's two guardians sign through their personal links (code by e-mail), the second one last
    const deps = {
      db: database.db,
      clock: () => now,
      publicUrl: 'http://localhost:3000',
      sealer: platformSealer({ db: database.db, clock: () => now }),
    };
    for (const role of ['guardian_1', 'guardian_2'] as const) {
      const [s] = await database.db
        .select()
        .from(conventionSignatories)
        .where(
          and(
            eq(conventionSignatories.conventionId, f.conventions['enzo.E']!),
            eq(conventionSignatories.role, role),
          ),
        );
      const token = `lien-${role}-steering`;
      await setTokenHash(database.db, s!.id, createHash('sha256').update(token).digest('hex'));
      now = new Date(now.getTime() + 10_000);
      const sent = await requestCodeByToken(deps, token, 'email', {});
      if (!sent.ok) throw new Error(JSON.stringify(sent));
      const signed = await signByToken(
        deps,
        token,
        sent.challengeId,
        await lastCode(database.db, s!.email),
        {},
      );
      expect(signed.ok).toBe(true);
    }
    // not yet refreshed: the figures are those of the last run
    expect(await figuresOf(L.cornouaille)).toEqual(before);

    now = new Date(FIXED_NOW.getTime() + 60_000);
    await app.jobs.run('steering-refresh');
    const after = await figuresOf(L.cornouaille);
    expect(pick(after)).toEqual({
      'status.placed': 1,
      'status.covered': 0,
      signed_any: 2,
      'conv.signed': 2,
      'conv.signatures': 0,
      'sig.missing.guardian': 0,
      'delay.n': 2,
      'delay.sum_days': 9 + 9, // Enzo applied 9 days ago, signed now
    });
    expect((await lastRefresh(database.db, YEAR))?.refreshedAt).toEqual(now);
    const [daily] = await rows<{ figures: Figures }>(
      database.db,
      sql`select figures from steering_daily where school_uai = ${L.cornouaille}`,
    );
    expect(daily!.figures).toMatchObject({ 'status.placed': 1, 'status.covered': 0, signed_any: 2 });
  });

  it('recomputes only the lycées whose facts changed, with the figures of a full refresh', async () => {
    const first = await refreshSteering({ db: database.db, clock: () => now });
    expect(first).toMatchObject({ full: true, lyceesRecomputed: -1 });
    // nothing changed: no lycée recomputed
    now = new Date(FIXED_NOW.getTime() + 60_000);
    expect(await refreshSteering({ db: database.db, clock: () => now })).toMatchObject({
      full: false,
      lyceesRecomputed: 0,
    });
    // Paul (Cornouaille) gets an SNU exemption: only his lycée is recomputed
    await database.db.insert(placementDecisions).values({
      studentId: f.students.paul.id,
      kind: 'exemption',
      reason: 'snu',
      decidedBy: '00000000-0000-4000-8000-0000000000aa',
      decidedAt: now,
    });
    const before = await figuresOf(L.cornouaille);
    now = new Date(FIXED_NOW.getTime() + 120_000);
    expect(await refreshSteering({ db: database.db, clock: () => now })).toMatchObject({
      full: false,
      lyceesRecomputed: 1,
    });
    const after = await figuresOf(L.cornouaille);
    expect(after['status.to_place']).toBe((before['status.to_place'] ?? 0) - 1);
    expect(after['status.exempted.snu']).toBe((before['status.exempted.snu'] ?? 0) + 1);
    const incremental = { figures: await allFigures(), offers: await allOfferFigures() };
    await refreshSteering({ db: database.db, clock: () => now }, YEAR, { full: true });
    expect({ figures: await allFigures(), offers: await allOfferFigures() }).toEqual(incremental);
    // an hour after the last full refresh, the next one is full again
    now = new Date(now.getTime() + 60 * 60_000);
    expect(await refreshSteering({ db: database.db, clock: () => now })).toMatchObject({ full: true });
  });

  it('two refreshes at once end with the same rows as one (advisory lock)', async () => {
    await refreshSteering({ db: database.db, clock: () => now });
    const one = { figures: await allFigures(), offers: await allOfferFigures() };
    const results = await Promise.all([
      refreshSteering({ db: database.db, clock: () => now }),
      refreshSteering({ db: database.db, clock: () => now }),
      refreshSteering({ db: database.db, clock: () => now }),
    ]);
    expect(results.map((r) => r.schoolYear)).toEqual([YEAR, YEAR, YEAR]);
    expect({ figures: await allFigures(), offers: await allOfferFigures() }).toEqual(one);
    expect(await database.db.select().from(steeringRefreshes)).toHaveLength(1);
  });
});
