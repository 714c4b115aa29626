/**
 * The dashboards' API (issue 7) on the steering fixture (test/steering-fixtures.ts): scope
 * refusals, every figure of the académie stated by hand, the drill-down at each level, the
 * public/private filter, a class, the trend against last year's campaign, the map, the students
 * without a placement (names for the head, counts above), reminders both ways, an IEN's
 * circonscription.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ensureCampaign } from '../src/campaigns/store.ts';
import {
  auditEvents,
  classReferents,
  classes,
  mails,
  offerWeeks,
  offers,
  steeringDaily,
  students,
} from '../src/db/schema/index.ts';
import { refreshSteering } from '../src/steering/refresh.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';
import { haversineKm } from '../src/domain/geo.ts';
import {
  loadSteeringAcademy,
  STEERING_HOMES,
  STEERING_LYCEES,
  STEERING_OFFER_PLACES,
} from './steering-fixtures.ts';

const t = useAcademyApp();

async function loadAndRefresh() {
  const fixture = await loadSteeringAcademy(t.database.db, t.now, t.academy);
  await refreshSteering({ db: t.database.db, clock: () => t.now });
  return fixture;
}

async function classId(uai: string, name: string): Promise<string> {
  const [c] = await t.database.db
    .select()
    .from(classes)
    .where(and(eq(classes.schoolUai, uai), eq(classes.name, name)));
  return c!.id;
}

const dashboard = async (account: Parameters<typeof callAs>[1], scope: string, schoolType = 'all') =>
  callAs(
    t,
    account,
    'GET',
    `/api/steering/dashboard?scope=${encodeURIComponent(scope)}&schoolType=${schoolType}`,
  );

describe('scopes', () => {
  it('refuses every scope outside the viewer’s perimeter, in French', async () => {
    await loadSteeringAcademy(t.database.db, t.now, t.academy);
    const { inside, outside } = t.accounts;
    const zolaClass = await classId(STEERING_LYCEES.zola, '2NDE1');
    const cornouailleClass = await classId(STEERING_LYCEES.cornouaille, '2NDE A');
    // a teacher of Zola, referent of 2NDE1 only
    await t.database.db
      .insert(classReferents)
      .values({ classId: zolaClass, userId: inside.school_staff.userId });
    const refused: [Parameters<typeof callAs>[1], string, number][] = [
      // DSDEN 29 asking département 35 or the académie
      [outside.dsden, 'departement:35', 404],
      [outside.dsden, 'academie:14', 404],
      [outside.dsden, 'national', 404],
      // the head of Zola asking Cornouaille or one of its classes
      [inside.school_head, `lycee:${STEERING_LYCEES.cornouaille}`, 404],
      [inside.school_head, `classe:${cornouailleClass}`, 404],
      [inside.school_head, 'departement:35', 404],
      // a teacher asking the académie, their lycée, a class they are not referent of
      [inside.school_staff, 'academie:14', 404],
      [inside.school_staff, `lycee:${STEERING_LYCEES.zola}`, 404],
      [inside.school_staff, `classe:${await classId(STEERING_LYCEES.zola, '2NDE2')}`, 404],
      // an IEN asking a département
      [inside.ien, 'departement:35', 404],
      // the rectorat asking the country
      [inside.rectorat, 'national', 404],
      // roles without dashboards
      [inside.student, 'academie:14', 403],
      [inside.guardian, 'academie:14', 403],
      [inside.host_member, 'academie:14', 403],
      [inside.school_director, 'academie:14', 403],
      [null, 'academie:14', 401],
    ];
    for (const [account, scope, status] of refused) {
      const res = await dashboard(account, scope);
      expect(res.statusCode, `${scope} → ${status}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().detail).toMatch(/[a-zé]/);
    }
    // inside: each one's own level
    for (const [account, scope] of [
      [inside.dsden, 'departement:35'],
      [inside.school_head, `classe:${zolaClass}`],
      [inside.school_staff, `classe:${zolaClass}`],
      [inside.rectorat, 'bassin:14-quimper'],
      [inside.admin, 'national'],
    ] as const) {
      const res = await dashboard(account, scope);
      expect(res.statusCode, scope).toBe(200);
    }
    // unknown and malformed scopes
    const unknown = await dashboard(inside.rectorat, 'departement:99');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe('Ce périmètre n’existe pas.');
    expect((await dashboard(inside.admin, 'lycee:9999999Z')).statusCode).toBe(404);
    for (const bad of ['academie', 'pays:FR', 'classe:pas-un-uuid', 'lycee:a b']) {
      const res = await dashboard(inside.rectorat, bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().title).toBe('Périmètre invalide');
    }
    expect((await dashboard(inside.rectorat, 'academie:14', 'tous')).statusCode).toBe(400);
    // an IEN's circonscription has no dashboard of students, but its own page
    const circo = await dashboard(inside.ien, 'circonscription:35-rennes-nord');
    expect(circo.statusCode).toBe(400);
    expect(circo.json().detail).toMatch(/circonscription/);
  });

  it('lands each viewer on its own level', async () => {
    const { inside } = t.accounts;
    const home = async (a: Parameters<typeof callAs>[1]) =>
      (await callAs(t, a, 'GET', '/api/steering/home')).json();
    expect(await home(inside.rectorat)).toEqual({
      scope: { ref: 'academie:14', kind: 'academie', code: '14', name: 'Académie de Rennes' },
    });
    expect((await home(inside.dsden)).scope).toMatchObject({
      ref: 'departement:35',
      name: 'Ille-et-Vilaine (35)',
    });
    expect((await home(inside.school_head)).scope).toMatchObject({
      ref: 'lycee:0350024L',
      name: 'Lycée Émile Zola',
    });
    expect((await home(inside.ien)).scope).toMatchObject({ ref: 'circonscription:35-rennes-nord' });
    expect((await home(inside.admin)).scope).toMatchObject({ ref: 'national', name: 'France entière' });
    const teacher = await callAs(t, inside.school_staff, 'GET', '/api/steering/home');
    expect(teacher.statusCode).toBe(404);
    expect(teacher.json().detail).toMatch(/référent d’aucune classe/);
    const c = await classId('0350024L', '2NDE2');
    await t.database.db.insert(classReferents).values({ classId: c, userId: inside.school_staff.userId });
    expect((await home(inside.school_staff)).scope).toEqual({
      ref: `classe:${c}`,
      kind: 'classe',
      code: c,
      name: '2NDE2',
    });
    expect((await callAs(t, inside.host_member, 'GET', '/api/steering/home')).statusCode).toBe(403);
  });
});

/**
 * The fixture by hand (test/steering-fixtures.ts):
 * Zola (public, 35, bassin Rennes), 13 students: to place Léa, Erwan, Maëlys; in progress Yann,
 * Nolwenn, Inès, Tom, Jade; covered Gaël, Lou, Rose; placed Noah; exempted Hugo (SNU).
 * Saint-Martin (private, 35, bassin Saint-Malo), 5: exempted Anna (mobility), Liam (STHR), Chloé
 * (medical); placed Mathis; repli Emma.
 * Cornouaille (public, 29, bassin Quimper), 5: repli Malo; to place Léna, Paul; covered Enzo; in
 * progress Manon. Iroise (public, 29, bassin Brest): no student.
 */
const ACADEMY = { students: 23, toPlace: 5, inProgress: 6, covered: 4, placed: 2, repli: 2, exempted: 4 };

/**
 * Visible offers (published or full, not off_platform), places week 1 + week 2, taken (confirmed):
 * o1 CHU santé 2+2 (no commune), o2 CHU santé 1+0 taken 1+0, o3 Breizh informatique 0+5,
 * A CHU santé Rennes 6+6 taken 5+2 (Inès, Lou, Tom, Noah, Rose; Noah, Mathis),
 * B Breizh informatique Rennes 3+3 taken 2+2 (Gaël, Jade; Gaël, Rose),
 * C Chateaubriand (Éducation nationale) enseignement Cesson 2+2 taken 0+1 (Lou),
 * D Mairie administration Quimper 2+2 taken 1+0 (Malo), E Crêperie hôtellerie Quimper 1+1 taken 1+1
 * (Enzo), F Fournil hôtellerie Saint-Malo 2+2 taken 2+1 (Chloé, Mathis; Chloé), G Crêperie
 * hôtellerie Brest 1+1, K Breizh informatique 35250 (unknown commune) 1+0, L Mairie administration
 * Carhaix 1+1. Nearest lycée of each commune: Rennes, Cesson, K → Zola; Saint-Malo → Saint-Martin;
 * Quimper, Carhaix → Cornouaille; Brest → Iroise.
 */
const PLACES = {
  w1: 2 + 1 + 0 + 6 + 3 + 2 + 2 + 1 + 2 + 1 + 1 + 1,
  w2: 2 + 0 + 5 + 6 + 3 + 2 + 2 + 1 + 2 + 1 + 0 + 1,
};
const TAKEN = { w1: 1 + 5 + 2 + 0 + 1 + 1 + 2, w2: 2 + 2 + 1 + 1 + 1 };
const CATCHMENT = { zola: 12 + 6 + 4 + 1, saintMartin: 4, cornouaille: 4 + 2 + 2, iroise: 2 };
const DEPARTEMENT_PLACES = { '35': 12 + 6 + 4 + 1 + 4, '29': 4 + 2 + 2 + 2 };

describe('dashboard', () => {
  it('states every figure of the académie as computed by hand', async () => {
    await loadAndRefresh();
    const res = await dashboard(t.accounts.inside.rectorat, 'academie:14');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.scope).toEqual({ ref: 'academie:14', kind: 'academie', code: '14', name: 'Académie de Rennes' });
    expect(d.breadcrumb.map((s: { ref: string }) => s.ref)).toEqual(['academie:14']);
    expect(d.schoolType).toBe('all');
    expect(d.computedAt).toBe(t.now.toISOString());
    expect(d.campaign).toEqual({
      schoolYear: '2026-2027',
      week1Start: t.academy.campaign.week1Start,
      week2End: t.academy.campaign.week2End,
    });
    expect(d.headline).toEqual({
      students: 23,
      placed: 2,
      share: 2 / 23,
      // signed conventions: Noah, Rose (week 1), Chloé, Mathis, Malo
      signedAny: 5,
      covered: 4,
      exempted: 4,
      unplaced: 11,
    });
    expect(
      Object.fromEntries(d.statuses.map((s: { key: string; count: number }) => [s.key, s.count])),
    ).toEqual({
      to_place: ACADEMY.toPlace,
      in_progress: ACADEMY.inProgress,
      covered: ACADEMY.covered,
      placed: ACADEMY.placed,
      repli: ACADEMY.repli,
      'exempted.snu': 1,
      'exempted.mobility': 1,
      'exempted.sthr': 1,
      'exempted.medical': 1,
    });
    expect(d.statuses[0]).toEqual({ key: 'to_place', label: 'À placer', count: 5, share: 5 / 23 });
    // live conventions by step: host Inès, Tom; school Gaël; validation Lou (A); signatures Lou (C),
    // Jade, Rose (B), Enzo; signed Noah, Rose (A), Chloé, Mathis ×2, Malo (done); cancelled Léna
    expect(d.conventions.steps.map((s: { count: number }) => s.count)).toEqual([2, 1, 1, 4, 6]);
    expect(d.conventions.cancelled).toBe(1);
    // missing: Lou (C) host + guardian; Jade all four; Rose (B) school, host, guardian; Enzo guardian
    expect(d.conventions.missingSignatures).toEqual([
      { key: 'school', label: 'Chef d’établissement', count: 2 },
      { key: 'host', label: 'Organisme d’accueil', count: 3 },
      { key: 'student', label: 'Élève', count: 1 },
      { key: 'guardian', label: 'Représentants légaux', count: 4 },
    ]);
    // covered or placed: one host Gaël, Noah, Enzo; two Lou, Rose, Mathis (Chloé is exempted)
    expect(d.hosts).toEqual({ one: 3, two: 3 });
    // days from application to signature: Noah 10, Rose 35, Chloé 4, Mathis 14 and 14, Malo 9
    expect(d.delays).toEqual({
      n: 6,
      meanDays: (10 + 35 + 4 + 14 + 14 + 9) / 6,
      buckets: [
        { key: 'b0_7', label: '7 jours ou moins', count: 1 },
        { key: 'b8_14', label: 'de 8 à 14 jours', count: 4 },
        { key: 'b15_30', label: 'de 15 à 30 jours', count: 0 },
        { key: 'b31p', label: 'plus de 30 jours', count: 1 },
      ],
    });
    // confirmed placements with a known home: Inès A, Gaël B, Lou A and C, Noah A, Mathis F and A,
    // Enzo E, Chloé F; from the lycée: every confirmed placement (Manon's stage outside the platform too)
    const H = STEERING_HOMES;
    const O = STEERING_OFFER_PLACES;
    const homeKm = [
      [H.ines, O.A],
      [H.gael, O.B],
      [H.lou, O.A],
      [H.lou, O.C],
      [H.noah, O.A],
      [H.mathis, O.F],
      [H.mathis, O.A],
      [H.enzo, O.E],
      [H.chloe, O.F],
    ].map(([a, b]) => haversineKm(a!, b!));
    expect(d.distances.home.n).toBe(9);
    expect(d.distances.home.meanKm).toBeCloseTo(homeKm.reduce((x, y) => x + y, 0) / 9, 2);
    expect(d.distances.home.buckets.map((b: { count: number }) => b.count)).toEqual([
      homeKm.filter((k) => k < 5).length,
      homeKm.filter((k) => k >= 5 && k < 10).length,
      homeKm.filter((k) => k >= 10 && k < 20).length,
      homeKm.filter((k) => k >= 20 && k < 50).length,
      homeKm.filter((k) => k >= 50).length,
    ]);
    expect(d.distances.school.n).toBe(15);
    expect(d.distances.home.buckets.map((b: { label: string }) => b.label)).toEqual([
      'moins de 5 km',
      'de 5 à 10 km',
      'de 10 à 20 km',
      'de 20 à 50 km',
      '50 km et plus',
    ]);
    expect(d.offers).toMatchObject({
      offers: 12,
      placesWeek1: PLACES.w1,
      placesWeek2: PLACES.w2,
      takenWeek1: TAKEN.w1,
      takenWeek2: TAKEN.w2,
      unfilledWeek1: PLACES.w1 - TAKEN.w1,
      unfilledWeek2: PLACES.w2 - TAKEN.w2,
      placesPerStudent: (PLACES.w1 + PLACES.w2) / (2 * 23),
      educationNationaleShare: 4 / (PLACES.w1 + PLACES.w2),
    });
    expect([PLACES.w1, PLACES.w2, TAKEN.w1, TAKEN.w2]).toEqual([22, 25, 12, 7]);
    expect(d.offers.bySector).toEqual([
      { code: 'sante', name: 'Santé', offers: 3, places: 4 + 1 + 12, taken: 1 + 7 },
      {
        code: 'informatique-et-reseaux',
        name: 'Informatique et réseaux',
        offers: 3,
        places: 5 + 6 + 1,
        taken: 4,
      },
      {
        code: 'hotellerie-restauration',
        name: 'Hôtellerie et restauration',
        offers: 3,
        places: 2 + 4 + 2,
        taken: 2 + 3,
      },
      {
        code: 'administration-publique',
        name: 'Administration publique',
        offers: 2,
        places: 4 + 2,
        taken: 1,
      },
      { code: 'enseignement', name: 'Enseignement', offers: 1, places: 4, taken: 1 },
    ]);
    expect(d.offers.byHostKind).toEqual([
      {
        kind: 'private',
        label: 'Organismes privés',
        offers: 6,
        places: 5 + 6 + 1 + 2 + 4 + 2,
        taken: 4 + 2 + 3,
      },
      {
        kind: 'public',
        label: 'Organismes publics (hors Éducation nationale)',
        offers: 5,
        places: 4 + 1 + 12 + 4 + 2,
        taken: 1 + 7 + 1,
      },
      { kind: 'education_nationale', label: 'Éducation nationale', offers: 1, places: 4, taken: 1 },
    ]);
    // the départements
    expect(d.children.kind).toBe('departement');
    expect(d.children.rows).toEqual([
      {
        scope: { ref: 'departement:29', kind: 'departement', code: '29', name: 'Finistère (29)' },
        students: 5,
        placed: 0,
        share: 0,
        toPlace: 2,
        inProgress: 1,
        covered: 1,
        exempted: 0,
        repli: 1,
        unplaced: 3,
        placesPerStudent: DEPARTEMENT_PLACES['29'] / 10,
      },
      {
        scope: { ref: 'departement:35', kind: 'departement', code: '35', name: 'Ille-et-Vilaine (35)' },
        students: 18,
        placed: 2,
        share: 2 / 18,
        toPlace: 3,
        inProgress: 5,
        covered: 3,
        exempted: 4,
        repli: 1,
        unplaced: 8,
        placesPerStudent: DEPARTEMENT_PLACES['35'] / 36,
      },
    ]);
    // the day's snapshot
    expect(d.trend).toEqual({
      days: [{ day: '2026-11-28', students: 23, placed: 2, share: 2 / 23 }],
      lastYear: null,
    });
  });
});

describe('drill-down', () => {
  it('goes from the département to a class, each level with its children, and filters public or private', async () => {
    await loadAndRefresh();
    const { rectorat, dsden, school_head } = t.accounts.inside;
    const rows = (d: {
      children: {
        rows: {
          scope: { ref: string };
          students: number;
          unplaced: number;
          placesPerStudent: number | null;
        }[];
      };
    }) => d.children.rows.map((r) => [r.scope.ref, r.students, r.unplaced, r.placesPerStudent]);

    const dep = (await dashboard(dsden, 'departement:35')).json();
    expect(dep.breadcrumb.map((s: { ref: string }) => s.ref)).toEqual(['departement:35']);
    expect(dep.headline).toMatchObject({ students: 18, placed: 2, unplaced: 8 });
    expect(dep.offers.placesPerStudent).toBe(DEPARTEMENT_PLACES['35'] / 36);
    expect(dep.children.kind).toBe('bassin');
    expect(rows(dep)).toEqual([
      ['bassin:14-rennes', 13, 8, CATCHMENT.zola / 26],
      ['bassin:14-saint-malo', 5, 0, CATCHMENT.saintMartin / 10],
    ]);

    const bassin = (await dashboard(rectorat, 'bassin:14-rennes')).json();
    expect(bassin.breadcrumb.map((s: { ref: string }) => s.ref)).toEqual([
      'academie:14',
      'departement:35',
      'bassin:14-rennes',
    ]);
    expect(bassin.breadcrumb[1].name).toBe('Ille-et-Vilaine (35)');
    expect(bassin.children.kind).toBe('lycee');
    expect(rows(bassin)).toEqual([['lycee:0350024L', 13, 8, CATCHMENT.zola / 26]]);
    expect(bassin.children.rows[0].scope.name).toBe('Lycée Émile Zola (Rennes)');

    const finistere = (await dashboard(rectorat, 'departement:29')).json();
    // Brest's bassin has a lycée without students: no ratio
    expect(rows(finistere)).toEqual([
      ['bassin:14-brest', 0, 0, null],
      ['bassin:14-quimper', 5, 3, CATCHMENT.cornouaille / 10],
    ]);

    const lycee = (await dashboard(school_head, 'lycee:0350024L')).json();
    expect(lycee.breadcrumb.map((s: { ref: string }) => s.ref)).toEqual(['lycee:0350024L']);
    expect(lycee.offers).toMatchObject({
      placesWeek1: 6 + 3 + 2 + 1,
      placesWeek2: 6 + 3 + 2,
      placesPerStudent: CATCHMENT.zola / 26,
    });
    expect(lycee.children.kind).toBe('classe');
    const [c1, c2, c3] = await Promise.all(['2NDE1', '2NDE2', '2NDE3'].map((n) => classId('0350024L', n)));
    // 2NDE1 Léa, Yann, Nolwenn, Erwan, Maëlys; 2NDE2 Inès, Gaël, Lou; 2NDE3 Tom, Jade, Noah, Rose, Hugo
    expect(
      lycee.children.rows.map(
        (r: {
          scope: { ref: string; name: string };
          students: number;
          toPlace: number;
          inProgress: number;
          covered: number;
          placed: number;
          exempted: number;
          placesPerStudent: null;
        }) => [
          r.scope.ref,
          r.scope.name,
          r.students,
          r.toPlace,
          r.inProgress,
          r.covered,
          r.placed,
          r.exempted,
          r.placesPerStudent,
        ],
      ),
    ).toEqual([
      [`classe:${c1}`, '2NDE1', 5, 3, 2, 0, 0, 0, null],
      [`classe:${c2}`, '2NDE2', 3, 0, 1, 2, 0, 0, null],
      [`classe:${c3}`, '2NDE3', 5, 0, 2, 1, 1, 1, null],
    ]);

    const klass = (await dashboard(rectorat, `classe:${c3}`)).json();
    expect(klass.scope).toMatchObject({ kind: 'classe', name: '2NDE3' });
    expect(klass.breadcrumb.map((s: { ref: string }) => s.ref)).toEqual([
      'academie:14',
      'departement:35',
      'bassin:14-rennes',
      'lycee:0350024L',
      `classe:${c3}`,
    ]);
    expect(klass.headline).toEqual({
      students: 5,
      placed: 1,
      share: 0.2,
      signedAny: 2,
      covered: 1,
      exempted: 1,
      unplaced: 2,
    });
    expect(klass.children).toBeNull();
    expect(klass.offers).toMatchObject({ offers: 0, placesPerStudent: 0 });
    expect(klass.trend).toEqual({ days: [], lastYear: null });

    // private lycées of Ille-et-Vilaine: Saint-Martin only; the offers stay those of the territory
    const priv = (await dashboard(dsden, 'departement:35', 'private')).json();
    expect(priv.schoolType).toBe('private');
    expect(priv.headline).toEqual({
      students: 5,
      placed: 1,
      share: 0.2,
      signedAny: 2,
      covered: 0,
      exempted: 3,
      unplaced: 0,
    });
    expect(priv.offers.placesWeek1 + priv.offers.placesWeek2).toBe(DEPARTEMENT_PLACES['35']);
    expect(priv.offers.placesPerStudent).toBe(DEPARTEMENT_PLACES['35'] / 10);
    expect(rows(priv)).toEqual([
      ['bassin:14-rennes', 0, 0, null],
      ['bassin:14-saint-malo', 5, 0, CATCHMENT.saintMartin / 10],
    ]);
    const pub = (await dashboard(rectorat, 'academie:14', 'public')).json();
    expect(pub.headline).toMatchObject({ students: 18, placed: 1, exempted: 1, unplaced: 11 });
  });

  it('compares the trend with last year’s campaign, day for day before its first week', async () => {
    await loadAndRefresh();
    const last = await ensureCampaign(t.database.db, '14', '2025-2026');
    const before = (days: number) =>
      new Date(Date.parse(`${last.week1Start}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    await t.database.db.insert(steeringDaily).values([
      {
        schoolYear: '2025-2026',
        day: before(14),
        schoolUai: '0350024L',
        figures: { students: 10, 'status.placed': 2 },
      },
      {
        schoolYear: '2025-2026',
        day: before(14),
        schoolUai: '0290062L',
        figures: { students: 10, 'status.placed': 0 },
      },
      {
        schoolYear: '2025-2026',
        day: before(7),
        schoolUai: '0350024L',
        figures: { students: 10, 'status.placed': 5 },
      },
      {
        schoolYear: '2025-2026',
        day: before(7),
        schoolUai: '0290062L',
        figures: { students: 10, 'status.placed': 3 },
      },
      // an earlier day of this year
      {
        schoolYear: '2026-2027',
        day: '2026-11-27',
        schoolUai: '0350024L',
        figures: { students: 13, 'status.placed': 0 },
      },
    ]);
    const d = (await dashboard(t.accounts.inside.rectorat, 'academie:14')).json();
    expect(d.trend.days).toEqual([
      { day: '2026-11-27', students: 13, placed: 0, share: 0 },
      { day: '2026-11-28', students: 23, placed: 2, share: 2 / 23 },
    ]);
    expect(d.trend.lastYear).toEqual([
      { day: before(14), daysBeforeWeek1: 14, share: 2 / 20 },
      { day: before(7), daysBeforeWeek1: 7, share: 8 / 20 },
    ]);
    // the lycée's own trend
    const z = (await dashboard(t.accounts.inside.school_head, 'lycee:0350024L')).json();
    expect(z.trend.lastYear.map((p: { share: number }) => p.share)).toEqual([0.2, 0.5]);
  });
});

describe('map', () => {
  it('gives each lycée the places of its catchment and each commune its places and students', async () => {
    const f = await loadAndRefresh();
    // homes: Léa and Yann in Rennes, Malo in Quimper
    for (const [k, insee] of [
      ['lea', '35238'],
      ['yann', '35238'],
      ['malo', '29232'],
    ] as const)
      await t.database.db
        .update(students)
        .set({ homeCommuneInsee: insee })
        .where(eq(students.id, f.students[k].id));
    const m = (
      await callAs(t, t.accounts.inside.rectorat, 'GET', '/api/steering/map?scope=academie:14')
    ).json();
    expect(m.scope.ref).toBe('academie:14');
    expect(
      m.lycees.map(
        (l: { uai: string; students: number; places: number; placesPerStudent: number | null }) => [
          l.uai,
          l.students,
          l.places,
          l.placesPerStudent,
        ],
      ),
    ).toEqual([
      ['0290062L', 5, CATCHMENT.cornouaille, CATCHMENT.cornouaille / 10],
      ['0290888B', 0, CATCHMENT.iroise, null],
      ['0350024L', 13, CATCHMENT.zola, CATCHMENT.zola / 26],
      ['0350777S', 5, CATCHMENT.saintMartin, CATCHMENT.saintMartin / 10],
    ]);
    expect(
      m.communes.map((c: { name: string; students: number; places: number }) => [
        c.name,
        c.students,
        c.places,
      ]),
    ).toEqual([
      ['Brest', 0, 2],
      ['Carhaix-Plouguer', 0, 2],
      ['Cesson-Sévigné', 0, 4],
      ['Quimper', 1, 4 + 2],
      ['Rennes', 2, 12 + 6],
      ['Saint-Malo', 0, 4],
    ]);
    const rennes = m.communes.find((c: { insee: string }) => c.insee === '35238');
    expect(rennes).toMatchObject({ lat: 48.11593, lon: -1.68844, placesPerStudent: 18 / 4 });
    // a lycée: its own catchment; nationally: lycées only
    const z = (
      await callAs(t, t.accounts.inside.school_head, 'GET', '/api/steering/map?scope=lycee:0350024L')
    ).json();
    expect(z.lycees.map((l: { uai: string }) => l.uai)).toEqual(['0350024L']);
    expect(
      z.communes.map((c: { name: string; students: number; places: number }) => [
        c.name,
        c.students,
        c.places,
      ]),
    ).toEqual([
      ['Cesson-Sévigné', 0, 4],
      ['Rennes', 2, 18],
    ]);
    const n = (await callAs(t, t.accounts.inside.admin, 'GET', '/api/steering/map?scope=national')).json();
    expect(n.lycees).toHaveLength(4);
    expect(n.communes).toEqual([]);
  });
});

describe('students without a placement', () => {
  it('names them for the head (audited), counts them by lycée above, never a name', async () => {
    const f = await loadAndRefresh();
    const { school_head, rectorat, dsden, school_staff } = t.accounts.inside;
    const res = await callAs(t, school_head, 'GET', '/api/steering/unplaced?scope=lycee:0350024L');
    expect(res.statusCode).toBe(200);
    const u = res.json();
    expect(u.kind).toBe('names');
    expect(
      u.students.map((s: { firstName: string; status: string; className: string }) => [
        s.firstName,
        s.status,
        s.className,
      ]),
    ).toEqual([
      // by class, last name: Caradec, Le Bras, Le Goff, Riou, Tanguy; Martin; Guivarc'h, Le Meur
      ['Erwan', 'to_place', '2NDE1'],
      ['Nolwenn', 'in_progress', '2NDE1'],
      ['Léa', 'to_place', '2NDE1'],
      ['Maëlys', 'to_place', '2NDE1'],
      ['Yann', 'in_progress', '2NDE1'],
      ['Inès', 'in_progress', '2NDE2'],
      ['Tom', 'in_progress', '2NDE3'],
      ['Jade', 'in_progress', '2NDE3'],
    ]);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'students.list'), eq(auditEvents.actorUserId, school_head.userId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.schoolUai).toBe('0350024L');
    expect(audit[0]!.details).toMatchObject({ view: 'pilotage.unplaced', shown: 8 });

    // a referent teacher: their class only
    const c2 = await classId('0350024L', '2NDE2');
    await t.database.db.insert(classReferents).values({ classId: c2, userId: school_staff.userId });
    const mine = (await callAs(t, school_staff, 'GET', `/api/steering/unplaced?scope=classe:${c2}`)).json();
    expect(mine.students.map((s: { firstName: string }) => s.firstName)).toEqual(['Inès']);

    // the rectorat: counts by lycée with unplaced students, no name anywhere
    const r = await callAs(t, rectorat, 'GET', '/api/steering/unplaced?scope=academie:14');
    const counts = r.json();
    expect(counts.kind).toBe('counts');
    expect(counts.computedAt).toBe(t.now.toISOString());
    expect(
      counts.rows.map(
        (x: { scope: { ref: string }; toPlace: number; inProgress: number; unplaced: number }) => [
          x.scope.ref,
          x.toPlace,
          x.inProgress,
          x.unplaced,
        ],
      ),
    ).toEqual([
      ['lycee:0350024L', 3, 5, 8],
      ['lycee:0290062L', 2, 1, 3],
    ]);
    for (const s of Object.values(f.students)) {
      expect(r.body).not.toContain(s.lastName);
      expect(r.body).not.toContain(s.id);
    }
    // even in a lycée, the academic services get counts
    const z = (await callAs(t, dsden, 'GET', '/api/steering/unplaced?scope=lycee:0350024L')).json();
    expect(z.kind).toBe('counts');
    expect(z.rows).toHaveLength(1);
    expect(z.rows[0]).toMatchObject({ unplaced: 8, students: 13 });
  });
});

describe('reminders', () => {
  it('mails the students to place for a head, the heads of lycées for the rectorat (once a day)', async () => {
    await loadAndRefresh();
    const { school_head, rectorat, dsden } = t.accounts.inside;
    const mailsTo = async (to: string, subject: RegExp) =>
      (await t.database.db.select().from(mails).where(eq(mails.to, to))).filter((m) =>
        subject.test(m.subject),
      );

    const head = await callAs(t, school_head, 'POST', '/api/steering/reminders', { scope: 'lycee:0350024L' });
    expect(head.statusCode).toBe(200);
    // Léa has an account (student.in@example.net); Erwan and Maëlys have no address
    expect(head.json().sent).toBe(1);
    expect(head.json().message).toMatch(/1 élève relancé/);
    expect(await mailsTo('student.in@example.net', /pas encore de stage/)).toHaveLength(1);

    const rect = await callAs(t, rectorat, 'POST', '/api/steering/reminders', { scope: 'academie:14' });
    expect(rect.statusCode).toBe(200);
    // Zola's head (school_head.in) and Cornouaille's (school_head.out); Saint-Martin has none unplaced
    expect(rect.json()).toEqual({ sent: 2, message: '2 chefs d’établissement relancés (2 lycées).' });
    const [zola] = await mailsTo(
      'school_head.in@example.net',
      /Élèves sans stage de seconde : Lycée Émile Zola/,
    );
    expect(zola!.text).toContain('Le rectorat');
    expect(zola!.text).toContain('3 sont encore à placer et 5 en cours');
    expect(zola!.text).toContain('http://localhost:3000/pilotage?scope=lycee:0350024L');
    expect(await mailsTo('school_head.out@example.net', /Lycée de Cornouaille/)).toHaveLength(1);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'steering.head_reminder_sent'));
    expect(audit.map((a) => a.schoolUai).sort()).toEqual(['0290062L', '0350024L']);

    // the same day: nobody again
    const again = await callAs(t, dsden, 'POST', '/api/steering/reminders', { scope: 'departement:35' });
    expect(again.json()).toEqual({
      sent: 0,
      message: 'Aucun chef d’établissement relancé. 1 lycée déjà relancé dans les dernières 24 heures.',
    });
    // a day later: again
    t.now = new Date(t.now.getTime() + 24 * 3600_000 + 1000);
    const later = await callAs(t, dsden, 'POST', '/api/steering/reminders', { scope: 'departement:35' });
    expect(later.json().sent).toBe(1);
    // refused: a DSDEN outside its département, the admin (no reminders), a circonscription
    expect(
      (await callAs(t, dsden, 'POST', '/api/steering/reminders', { scope: 'departement:29' })).statusCode,
    ).toBe(404);
    expect(
      (await callAs(t, t.accounts.inside.admin, 'POST', '/api/steering/reminders', { scope: 'academie:14' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await callAs(t, dsden, 'POST', '/api/steering/reminders', { scope: 'circonscription:35-rennes-nord' }))
        .statusCode,
    ).toBe(400);
  });
});

describe('circonscription', () => {
  it('counts the écoles’ offers by state and their places, live', async () => {
    const campaignId = t.academy.campaign.id;
    const host = t.academy.hosts[0]!.id;
    const base = {
      campaignId,
      hostId: host,
      source: 'ecole' as const,
      description: 'Découverte',
      sectorCode: 'sante',
      schoolUai: '0350001A',
    };
    const [published, , , full] = await t.database.db
      .insert(offers)
      .values([
        { ...base, status: 'published', title: 'Classe de CP' },
        {
          ...base,
          status: 'submitted',
          title: 'Classe de CE1',
          submittedAt: new Date('2026-11-20T08:00:00Z'),
        },
        {
          ...base,
          status: 'draft',
          title: 'Classe de CE2',
          statusReason: 'Précisez les horaires de la journée.',
        },
        { ...base, status: 'full', title: 'Classe de CM1' },
        { ...base, status: 'draft', title: 'Brouillon' },
        // Quimper's école: another circonscription
        { ...base, status: 'published', title: 'Ailleurs', schoolUai: '0290001B' },
      ])
      .returning();
    await t.database.db.insert(offerWeeks).values([
      { offerId: published!.id, week: 1, places: 2, taken: 1 },
      { offerId: published!.id, week: 2, places: 3 },
      { offerId: full!.id, week: 1, places: 1, taken: 1 },
    ]);
    const res = await callAs(
      t,
      t.accounts.inside.ien,
      'GET',
      '/api/steering/circonscription?scope=circonscription:35-rennes-nord',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      scope: {
        ref: 'circonscription:35-rennes-nord',
        kind: 'circonscription',
        code: '35-rennes-nord',
        name: 'Circonscription de Rennes Nord',
      },
      offers: { draft: 1, submitted: 1, published: 1, full: 1, returned: 1, unpublished: 0 },
      places: { week1: 3, week2: 3, taken1: 2, taken2: 0 },
      oldestWaitingSince: '2026-11-20T08:00:00.000Z',
      ecoles: [
        {
          uai: '0350001A',
          name: 'École Jean Moulin',
          commune: 'Rennes',
          offers: 2,
          submitted: 1,
          places: 6,
          taken: 2,
        },
      ],
    });
    expect(
      (
        await callAs(
          t,
          t.accounts.outside.ien,
          'GET',
          '/api/steering/circonscription?scope=circonscription:35-rennes-nord',
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await callAs(
          t,
          t.accounts.inside.dsden,
          'GET',
          '/api/steering/circonscription?scope=circonscription:35-rennes-nord',
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (await callAs(t, t.accounts.inside.rectorat, 'GET', '/api/steering/circonscription?scope=academie:14'))
        .statusCode,
    ).toBe(400);
  });
});
