import { describe, expect, it } from 'vitest';
import { ROLES, type Role, type Scope } from './permissions.ts';
import {
  STEERING_ROLES,
  STUDENT_METRICS,
  addFigures,
  addOfferFigures,
  canView,
  childRow,
  conventionSection,
  daysBefore,
  delaySection,
  distanceSection,
  emptyOfferFigures,
  exemptedTotal,
  formatScope,
  headline,
  homeScope,
  offerSection,
  parseScope,
  placesPerStudent,
  ratio,
  seesNames,
  statusRows,
  trendPoint,
  type Figures,
  type ScopeGeography,
  type Viewer,
} from './steering.ts';

const academie: Scope = { kind: 'academie', code: '14' };
const dsden35: Scope = { kind: 'departement', code: '35', academyCode: '14' };
const zola: Scope = { kind: 'lycee', uai: '0350024L', departementCode: '35', academyCode: '14' };
const circo: Scope = {
  kind: 'circonscription',
  id: '35-rennes-nord',
  departementCode: '35',
  academyCode: '14',
};
const viewer = (role: Role, scope: Scope, referentClassIds: string[] = []): Viewer => ({
  role,
  scope,
  referentClassIds,
});

/** The scopes of the tests: the académie 14 (35 and 29), another académie (16). */
const T = {
  national: { kind: 'national' },
  academie14: { kind: 'academie', academyCode: '14' },
  academie16: { kind: 'academie', academyCode: '16' },
  dep35: { kind: 'departement', academyCode: '14', departementCode: '35' },
  dep29: { kind: 'departement', academyCode: '14', departementCode: '29' },
  bassinRennes: { kind: 'bassin', academyCode: '14', bassinDepartementCodes: ['35'] },
  bassinAcross: { kind: 'bassin', academyCode: '14', bassinDepartementCodes: ['35', '29'] },
  bassinEmpty: { kind: 'bassin', academyCode: '14', bassinDepartementCodes: [] },
  bassinQuimper: { kind: 'bassin', academyCode: '14', bassinDepartementCodes: ['29'] },
  zola: { kind: 'lycee', academyCode: '14', departementCode: '35', schoolUai: '0350024L' },
  cornouaille: { kind: 'lycee', academyCode: '14', departementCode: '29', schoolUai: '0290062L' },
  zolaClass1: {
    kind: 'classe',
    academyCode: '14',
    departementCode: '35',
    schoolUai: '0350024L',
    classId: 'c1',
  },
  zolaClass2: {
    kind: 'classe',
    academyCode: '14',
    departementCode: '35',
    schoolUai: '0350024L',
    classId: 'c2',
  },
  cornouailleClass: {
    kind: 'classe',
    academyCode: '14',
    departementCode: '29',
    schoolUai: '0290062L',
    classId: 'c3',
  },
  circoRennes: {
    kind: 'circonscription',
    academyCode: '14',
    departementCode: '35',
    circonscriptionId: '35-rennes-nord',
  },
  circoQuimper: {
    kind: 'circonscription',
    academyCode: '14',
    departementCode: '29',
    circonscriptionId: '29-quimper',
  },
} satisfies Record<string, ScopeGeography>;
type Target = keyof typeof T;
const ALL = Object.keys(T) as Target[];

/** The targets each viewer may see; every other target answers 404. */
function expectExactly(v: Viewer, allowed: Target[]) {
  for (const target of ALL) {
    const d = canView(v, T[target]);
    if (allowed.includes(target)) expect(d, `${v.role} → ${target}`).toEqual({ ok: true });
    else
      expect(d, `${v.role} → ${target}`).toEqual({
        ok: false,
        status: 404,
        reason: 'Aucun périmètre de votre ressort ne correspond.',
      });
  }
}

describe('canView', () => {
  it('lets the admin see everything', () => {
    expectExactly(viewer('admin', { kind: 'platform' }), ALL);
  });

  it('lets the rectorat see its académie and everything inside, not the country nor another académie', () => {
    expectExactly(
      viewer('rectorat', academie),
      ALL.filter((t) => t !== 'national' && t !== 'academie16'),
    );
  });

  it('lets a DSDEN see its département, its bassins wholly inside, its lycées, classes and circonscriptions', () => {
    expectExactly(viewer('dsden', dsden35), [
      'dep35',
      'bassinRennes',
      'zola',
      'zolaClass1',
      'zolaClass2',
      'circoRennes',
    ]);
  });

  it('lets a head see their lycée and its classes only', () => {
    expectExactly(viewer('school_head', zola), ['zola', 'zolaClass1', 'zolaClass2']);
  });

  it('lets a teacher see the classes they are referent of, not the lycée', () => {
    expectExactly(viewer('school_staff', zola, ['c1']), ['zolaClass1']);
    expectExactly(viewer('school_staff', zola, []), []);
    // a referent class id of another lycée does not open it
    expectExactly(viewer('school_staff', zola, ['c3']), []);
  });

  it('lets an IEN see their circonscription only', () => {
    expectExactly(viewer('ien', circo), ['circoRennes']);
  });

  it('refuses with 403 the roles without dashboards', () => {
    const others = ROLES.filter((r) => !STEERING_ROLES.includes(r));
    expect(others.sort()).toEqual(['guardian', 'host_member', 'partner', 'school_director', 'student']);
    for (const role of others)
      for (const target of ALL)
        expect(canView(viewer(role, { kind: 'self' }), T[target])).toMatchObject({ ok: false, status: 403 });
  });

  it('sees nothing when the role and the scope kind disagree (an incomplete membership)', () => {
    expectExactly(viewer('rectorat', dsden35), []);
    expectExactly(viewer('dsden', academie), []);
    expectExactly(viewer('school_head', dsden35), []);
    expectExactly(viewer('ien', zola), []);
  });
});

describe('homeScope', () => {
  it('lands each role on its own level', () => {
    expect(homeScope(viewer('admin', { kind: 'platform' }))).toEqual({ kind: 'national' });
    expect(homeScope(viewer('rectorat', academie))).toEqual({ kind: 'academie', code: '14' });
    expect(homeScope(viewer('dsden', dsden35))).toEqual({ kind: 'departement', code: '35' });
    expect(homeScope(viewer('school_head', zola))).toEqual({ kind: 'lycee', code: '0350024L' });
    expect(homeScope(viewer('school_staff', zola, ['c2', 'c1']))).toEqual({ kind: 'classe', code: 'c2' });
    expect(homeScope(viewer('ien', circo))).toEqual({ kind: 'circonscription', code: '35-rennes-nord' });
  });

  it('has no landing for a staff member referent of no class, nor for the other roles', () => {
    expect(homeScope(viewer('school_staff', zola))).toBeUndefined();
    for (const role of ['student', 'guardian', 'host_member', 'partner', 'school_director'] as const)
      expect(homeScope(viewer(role, { kind: 'self' }))).toBeUndefined();
  });

  it('lands where canView lets the viewer in', () => {
    const home: Record<string, ScopeGeography> = {
      rectorat: T.academie14,
      dsden: T.dep35,
      school_head: T.zola,
      ien: T.circoRennes,
    };
    expect(canView(viewer('rectorat', academie), home.rectorat!).ok).toBe(true);
    expect(canView(viewer('dsden', dsden35), home.dsden!).ok).toBe(true);
    expect(canView(viewer('school_head', zola), home.school_head!).ok).toBe(true);
    expect(canView(viewer('ien', circo), home.ien!).ok).toBe(true);
  });

  it('shows names to school roles only', () => {
    expect(ROLES.filter(seesNames)).toEqual(['school_head', 'school_staff']);
  });
});

describe('scopes as text', () => {
  it('round-trips every kind', () => {
    for (const text of ['national', 'academie:14', 'departement:2A', 'bassin:14-rennes', 'lycee:0350024L'])
      expect(formatScope(parseScope(text)!)).toBe(text);
  });

  it('refuses what is not a scope', () => {
    for (const text of ['', 'academie', 'academie:', 'pays:FR', 'national:1', 'lycee:a b', 'lycee:../x'])
      expect(parseScope(text)).toBeUndefined();
  });
});

/** A lycée of 40 students, every figure chosen by hand. */
const F: Figures = {
  students: 40,
  'status.to_place': 6,
  'status.in_progress': 9,
  'status.covered': 7,
  'status.placed': 10,
  'status.repli': 2,
  'status.exempted.snu': 3,
  'status.exempted.mobility': 1,
  'status.exempted.sthr': 0,
  'status.exempted.medical': 2,
  signed_any: 14,
  'hosts.one': 12,
  'hosts.two': 5,
  'conv.host': 4,
  'conv.school': 3,
  'conv.validation': 2,
  'conv.signatures': 6,
  'conv.signed': 15,
  'conv.cancelled': 1,
  'sig.missing.school': 2,
  'sig.missing.host': 5,
  'sig.missing.student': 1,
  'sig.missing.guardian': 4,
  'dist.home.n': 4,
  'dist.home.sum_m': 26_000,
  'dist.home.b0_5': 2,
  'dist.home.b5_10': 1,
  'dist.home.b10_20': 1,
  'dist.school.n': 0,
  'delay.n': 3,
  'delay.sum_days': 40,
  'delay.b0_7': 1,
  'delay.b8_14': 1,
  'delay.b31p': 1,
};

describe('indicators', () => {
  it('computes the headline: placed share, covered, exempted, unplaced', () => {
    expect(headline(F)).toEqual({
      students: 40,
      placed: 10,
      share: 0.25,
      signedAny: 14,
      covered: 7,
      exempted: 6,
      unplaced: 15,
    });
    expect(exemptedTotal(F)).toBe(6);
  });

  it('gives a null share without students, and zeros for missing metrics', () => {
    expect(headline({})).toEqual({
      students: 0,
      placed: 0,
      share: null,
      signedAny: 0,
      covered: 0,
      exempted: 0,
      unplaced: 0,
    });
    expect(statusRows({}).every((r) => r.count === 0 && r.share === null)).toBe(true);
  });

  it('lists the statuses in a fixed order with French labels and their share of the students', () => {
    expect(statusRows(F)).toEqual([
      { key: 'to_place', label: 'À placer', count: 6, share: 6 / 40 },
      { key: 'in_progress', label: 'En cours', count: 9, share: 9 / 40 },
      { key: 'covered', label: 'Couverts (conventions à signer)', count: 7, share: 7 / 40 },
      { key: 'placed', label: 'Placés (conventions signées)', count: 10, share: 0.25 },
      { key: 'repli', label: 'Repli au lycée', count: 2, share: 0.05 },
      { key: 'exempted.snu', label: 'Dispensés — SNU', count: 3, share: 3 / 40 },
      { key: 'exempted.mobility', label: 'Dispensés — mobilité', count: 1, share: 1 / 40 },
      { key: 'exempted.sthr', label: 'Dispensés — 2de STHR', count: 0, share: 0 },
      { key: 'exempted.medical', label: 'Dispensés — raison médicale', count: 2, share: 0.05 },
    ]);
    // every student is in exactly one status
    expect(statusRows(F).reduce((n, r) => n + r.count, 0)).toBe(40);
  });

  it('counts conventions by step and missing signatures by party', () => {
    expect(conventionSection(F)).toEqual({
      steps: [
        { key: 'host', label: 'Partie de l’organisme à remplir', count: 4 },
        { key: 'school', label: 'Partie de l’établissement à remplir', count: 3 },
        { key: 'validation', label: 'À valider par l’établissement', count: 2 },
        { key: 'signatures', label: 'En signature', count: 6 },
        { key: 'signed', label: 'Signées', count: 15 },
      ],
      cancelled: 1,
      missingSignatures: [
        { key: 'school', label: 'Chef d’établissement', count: 2 },
        { key: 'host', label: 'Organisme d’accueil', count: 5 },
        { key: 'student', label: 'Élève', count: 1 },
        { key: 'guardian', label: 'Représentants légaux', count: 4 },
      ],
    });
  });

  it('averages distances in km with their buckets, null without any', () => {
    expect(distanceSection(F, 'home')).toEqual({
      n: 4,
      meanKm: 6.5,
      buckets: [
        { key: 'b0_5', label: 'moins de 5 km', count: 2 },
        { key: 'b5_10', label: 'de 5 à 10 km', count: 1 },
        { key: 'b10_20', label: 'de 10 à 20 km', count: 1 },
        { key: 'b20_50', label: 'de 20 à 50 km', count: 0 },
        { key: 'b50p', label: '50 km et plus', count: 0 },
      ],
    });
    expect(distanceSection(F, 'school').meanKm).toBeNull();
  });

  it('averages the delays from application to signature in days', () => {
    expect(delaySection(F)).toEqual({
      n: 3,
      meanDays: 40 / 3,
      buckets: [
        { key: 'b0_7', label: '7 jours ou moins', count: 1 },
        { key: 'b8_14', label: 'de 8 à 14 jours', count: 1 },
        { key: 'b15_30', label: 'de 15 à 30 jours', count: 0 },
        { key: 'b31p', label: 'plus de 30 jours', count: 1 },
      ],
    });
    expect(delaySection({}).meanDays).toBeNull();
  });

  const row = (
    sectorCode: string,
    hostKind: string,
    offers: number,
    p1: number,
    p2: number,
    t1: number,
    t2: number,
  ) => ({
    sectorCode,
    sectorName: { sante: 'Santé', info: 'Informatique', ens: 'Enseignement' }[sectorCode] ?? sectorCode,
    hostKind,
    offers,
    placesWeek1: p1,
    placesWeek2: p2,
    takenWeek1: t1,
    takenWeek2: t2,
  });

  it('sums the offers: unfilled places, places per student, Éducation nationale’s share, by sector and kind', () => {
    const s = offerSection(
      [
        row('sante', 'public', 2, 6, 6, 3, 1),
        row('info', 'private', 3, 5, 3, 5, 0),
        row('ens', 'education_nationale', 1, 2, 2, 0, 0),
        row('sante', 'private', 1, 1, 1, 1, 1),
      ],
      13,
    );
    // places: week 1 6+5+2+1 = 14, week 2 6+3+2+1 = 12; taken 9 and 2
    expect(s).toMatchObject({
      offers: 7,
      placesWeek1: 14,
      placesWeek2: 12,
      takenWeek1: 9,
      takenWeek2: 2,
      unfilledWeek1: 5,
      unfilledWeek2: 10,
      placesPerStudent: 26 / 26,
      educationNationaleShare: 4 / 26,
    });
    expect(s.bySector).toEqual([
      { code: 'sante', name: 'Santé', offers: 3, places: 14, taken: 6 },
      { code: 'info', name: 'Informatique', offers: 3, places: 8, taken: 5 },
      { code: 'ens', name: 'Enseignement', offers: 1, places: 4, taken: 0 },
    ]);
    expect(s.byHostKind).toEqual([
      { kind: 'private', label: 'Organismes privés', offers: 4, places: 10, taken: 7 },
      {
        kind: 'public',
        label: 'Organismes publics (hors Éducation nationale)',
        offers: 2,
        places: 12,
        taken: 4,
      },
      { kind: 'education_nationale', label: 'Éducation nationale', offers: 1, places: 4, taken: 0 },
    ]);
  });

  it('never counts negative unfilled places, and has no ratio without places or students', () => {
    const over = offerSection([row('sante', 'public', 1, 2, 0, 3, 0)], 0);
    expect(over.unfilledWeek1).toBe(0);
    expect(over.placesPerStudent).toBeNull();
    expect(over.educationNationaleShare).toBe(0);
    const none = offerSection([], 10);
    expect(none).toMatchObject({ offers: 0, placesPerStudent: 0, educationNationaleShare: null });
    expect(none.byHostKind.map((k) => k.places)).toEqual([0, 0, 0]);
  });

  it('computes places per student over the two weeks', () => {
    expect(placesPerStudent(30, 10)).toBe(1.5);
    expect(placesPerStudent(0, 10)).toBe(0);
    expect(placesPerStudent(5, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNull();
  });

  it('builds a drill-down row, without places per student for a class', () => {
    const scope = { ref: 'lycee:0350024L' };
    expect(childRow(scope, F, 60)).toEqual({
      scope,
      students: 40,
      placed: 10,
      share: 0.25,
      toPlace: 6,
      inProgress: 9,
      covered: 7,
      exempted: 6,
      repli: 2,
      unplaced: 15,
      placesPerStudent: 0.75,
    });
    expect(childRow(scope, F, null).placesPerStudent).toBeNull();
  });

  it('adds figures metric by metric', () => {
    const sum = addFigures(addFigures({}, F), { students: 10, 'status.placed': 5 });
    expect(sum.students).toBe(50);
    expect(sum['status.placed']).toBe(15);
    expect(sum['status.to_place']).toBe(6);
    expect(STUDENT_METRICS).toContain('status.exempted.medical');
    const o = addOfferFigures(emptyOfferFigures(), {
      offers: 1,
      placesWeek1: 2,
      placesWeek2: 3,
      takenWeek1: 1,
      takenWeek2: 0,
    });
    expect(addOfferFigures(o, o)).toEqual({
      offers: 2,
      placesWeek1: 4,
      placesWeek2: 6,
      takenWeek1: 2,
      takenWeek2: 0,
    });
  });

  it('draws the trend’s share and aligns days on the first week', () => {
    expect(trendPoint('2027-05-01', 200, 50)).toEqual({
      day: '2027-05-01',
      students: 200,
      placed: 50,
      share: 0.25,
    });
    expect(trendPoint('2027-05-01', 0, 0).share).toBeNull();
    expect(daysBefore('2027-06-01', '2027-06-15')).toBe(14);
    expect(daysBefore('2027-06-16', '2027-06-15')).toBe(-1);
    // across the change to summer time
    expect(daysBefore('2027-03-20', '2027-04-03')).toBe(14);
  });
});
