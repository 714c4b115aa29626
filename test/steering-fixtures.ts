/**
 * A small fixed académie for the steering figures (issue 7), where every indicator can be stated
 * by hand: the small académie of test/fixtures.ts (Rennes, lycées Émile Zola and Cornouaille, four
 * students, hosts CHU and Breizh Informatique, four offers without a commune) extended with
 * bassins, communes, two more lycées (one private, one with an empty class), 19 more students whose
 * placement status covers every case of src/domain/placement-status.ts, offers of the three kinds
 * of host in several sectors and communes, and conventions at every step (created by the
 * conventions module, validated by its service; signatures written on the signatory rows).
 *
 * Call it after loadSmallAcademy (pass its result) or alone (it loads the small académie itself);
 * createAccounts may be called before or after (no account is created here for Léa or Malo, the
 * students createAccounts gives one to).
 *
 * `now` is the clock of the figures (FIXED_NOW in the tests: 2026-11-28T10:00Z, school year
 * 2026-2027); deadlines are placed around it.
 *
 * The students, their class and what they are at `now` (the number is their key in `students`):
 *
 * Lycée Émile Zola 0350024L (public, Ille-et-Vilaine, bassin 14-rennes)
 *   2NDE1
 *    lea      Léa Le Goff       to_place     nothing
 *    yann     Yann Tanguy       in_progress  pending on B (weeks 1+2), answer due in 5 days
 *    nolwenn  Nolwenn Le Bras   in_progress  accepted on A (week 1), to confirm within 3 days
 *    erwan    Erwan Caradec     to_place     accepted on B (weeks 1+2) but confirm_by passed 1 h ago
 *                                            (lapsed, still 'accepted' in the table); refused on D
 *    maelys   Maëlys Riou       to_place     pending on C (weeks 1+2) whose expires_at passed 1 h ago
 *   2NDE2
 *    ines     Inès Martin       in_progress  confirmed on A week 1 (convention at the host's step)
 *    gael     Gaël Morvan       covered      confirmed on B weeks 1+2 (convention at the school's step)
 *    lou      Lou Kerleau       covered      1 + 1: A week 1 (CHU, convention at validation) and
 *                                            C week 2 (Éducation nationale, convention validated:
 *                                            school and student signed, host and guardian missing)
 *   2NDE3
 *    tom      Tom Guivarc'h     in_progress  A week 1 confirmed (host's step) + C week 2 split_pending
 *    jade     Jade Le Meur      in_progress  B week 1 confirmed (validated, nothing signed) + A week 2
 *                                            split_refused
 *    noah     Noah Quéré        placed       A weeks 1+2, signed (applied 20 days ago, signed 10 days ago)
 *    rose     Rose Le Gall      covered      A week 1 signed (applied 40 days ago, signed 5 days ago) +
 *                                            B week 2 validated, only the student signed
 *    hugo     Hugo Bihan        exempted     snu
 * Lycée privé Saint-Martin 0350777S (private, Ille-et-Vilaine, bassin 14-saint-malo)
 *   2NDE SM
 *    anna     Anna Prigent      exempted     mobility (with a pending application on F)
 *    liam     Liam Hamon        exempted     sthr
 *    chloe    Chloé Jaouen      exempted     medical, although placed on F weeks 1+2 with a signed
 *                                            convention (applied 7 days ago, signed 3 days ago)
 *    mathis   Mathis Le Roux    placed       1 + 1 with two hosts: F week 1 and A week 2, both signed
 *                                            (applied 15 days ago, signed 1 day ago)
 *    emma     Emma Cloarec      repli        nothing else
 * Lycée de Cornouaille 0290062L (public, Finistère, bassin 14-quimper)
 *   2NDE A
 *    malo     Malo Guillou      repli        and D week 1 confirmed, convention done (applied 30 days
 *                                            ago, signed 21 days ago)
 *    lena     Léna Kervella     to_place     E weeks 1+2 withdrawn after confirmation (convention cancelled)
 *    enzo     Enzo Pichon       covered      E weeks 1+2, convention validated: school, host and student
 *                                            signed, both guardians missing
 *    manon    Manon Salaün      in_progress  week 2 confirmed on I (a stage found outside the platform,
 *                                            no convention yet)
 *    paul     Paul Le Du        to_place     his exemption was revoked
 * Lycée de l'Iroise 0290888B (public, Finistère, bassin 14-brest): class 2NDE I1 without students.
 *
 * Offers (visible = published or full, not off_platform):
 *   o1, o2, o3 of the small académie (no commune), o4 its draft;
 *   A  CHU (public)                  santé          Rennes 35238       6 + 6 places  published
 *   B  Breizh Informatique (private) informatique   Rennes 35238       3 + 3         published
 *   C  Lycée Chateaubriand (EN)      enseignement   Cesson 35051       2 + 2         published
 *   D  Mairie de Quimper (public)    administration Quimper 29232      2 + 2         published
 *   E  Crêperie Ty Breizh (private)  hôtellerie     Quimper 29232      1 + 1         full
 *   F  Boulangerie Le Fournil (priv) hôtellerie     Saint-Malo 35288   2 + 2         published
 *   G  Crêperie Ty Breizh            hôtellerie     Brest 29019        1 + 1         published
 *   H  Boulangerie Le Fournil        hôtellerie     Saint-Malo         4 (week 1)    draft
 *   I  Breizh Informatique           informatique   Rennes             1 (week 2)    off_platform
 *   K  Breizh Informatique           informatique   35999 (unknown commune, postal code 35250), 1 (week 1)
 *   L  Mairie de Quimper             administration Carhaix 29024      1 + 1         published
 * offer_weeks.taken = the confirmed applications of each week.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import {
  applications,
  bassins,
  classes,
  communes,
  conventionSignatories,
  conventions,
  guardians,
  hosts,
  offerWeeks,
  offers,
  placementDecisions,
  schools,
  sectors,
  studentWeeks,
  students,
  users,
} from '../src/db/schema/index.ts';
import type { ApplicationState, ExemptionReason } from '../src/domain/application.ts';
import type { SignatoryRole } from '../src/domain/convention.ts';
import type { Principal } from '../src/domain/permissions.ts';
import {
  cancelConventionOfApplication,
  createConventionForApplication,
  validate,
} from '../src/conventions/service.ts';
import { validHostPart, validSchoolPart } from './convention-fixtures.ts';
import { loadSmallAcademy, type SmallAcademy } from './fixtures.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const STEERING_LYCEES = {
  zola: '0350024L',
  cornouaille: '0290062L',
  saintMartin: '0350777S',
  iroise: '0290888B',
} as const;

export const STEERING_BASSINS = {
  rennes: '14-rennes',
  quimper: '14-quimper',
  saintMalo: '14-saint-malo',
  brest: '14-brest',
} as const;

/** Communes of the fixture: insee, postal code, name, centre. */
export const STEERING_COMMUNES = {
  rennes: { insee: '35238', postalCode: '35000', name: 'Rennes', lat: 48.11593, lon: -1.68844 },
  quimper: { insee: '29232', postalCode: '29000', name: 'Quimper', lat: 47.99816, lon: -4.09721 },
  saintMalo: { insee: '35288', postalCode: '35400', name: 'Saint-Malo', lat: 48.6458, lon: -1.9998 },
  cesson: { insee: '35051', postalCode: '35510', name: 'Cesson-Sévigné', lat: 48.1211, lon: -1.603 },
  brest: { insee: '29019', postalCode: '29200', name: 'Brest', lat: 48.4084, lon: -4.4996 },
  carhaix: { insee: '29024', postalCode: '29270', name: 'Carhaix-Plouguer', lat: 48.276, lon: -3.573 },
} as const;

/** Coordinates of the lycées (Zola and Cornouaille as in the small académie). */
export const STEERING_LYCEE_PLACES = {
  zola: { lat: 48.1066, lon: -1.6732 },
  cornouaille: { lat: 47.99, lon: -4.1 },
  saintMartin: { lat: 48.649, lon: -2.007 },
  iroise: { lat: 48.39, lon: -4.49 },
} as const;

/** Where each new offer is (o1–o3 of the small académie are at 48.11, -1.68). */
export const STEERING_OFFER_PLACES = {
  A: { lat: 48.121, lon: -1.693 },
  B: { lat: 48.11, lon: -1.68 },
  C: { lat: 48.1211, lon: -1.603 },
  D: { lat: 47.996, lon: -4.102 },
  E: { lat: 47.9975, lon: -4.099 },
  F: { lat: 48.65, lon: -2.01 },
  G: { lat: 48.39, lon: -4.486 },
  H: { lat: 48.651, lon: -2.012 },
  I: { lat: 48.112, lon: -1.675 },
  K: { lat: 48.2, lon: -1.55 },
  L: { lat: 48.276, lon: -3.573 },
} as const;
export type SteeringOfferKey = keyof typeof STEERING_OFFER_PLACES;

/** Students' homes (the others have none). */
export const STEERING_HOMES = {
  ines: { lat: 48.13, lon: -1.65 },
  gael: { lat: 48.08, lon: -1.7 },
  lou: { lat: 48.115, lon: -1.68 },
  noah: { lat: 48.15, lon: -1.7 },
  mathis: { lat: 48.64, lon: -2.02 },
  enzo: { lat: 47.97, lon: -4.05 },
  chloe: { lat: 48.66, lon: -1.98 },
} as const;

type StudentKey =
  | 'lea'
  | 'yann'
  | 'nolwenn'
  | 'erwan'
  | 'maelys'
  | 'ines'
  | 'gael'
  | 'lou'
  | 'tom'
  | 'jade'
  | 'noah'
  | 'rose'
  | 'hugo'
  | 'anna'
  | 'liam'
  | 'chloe'
  | 'mathis'
  | 'emma'
  | 'malo'
  | 'lena'
  | 'enzo'
  | 'manon'
  | 'paul';
export type SteeringStudentKey = StudentKey;

/** The head of a lycée, as the conventions service wants it (validation). */
function headOf(uai: string, departementCode: string): Principal {
  return {
    userId: '00000000-0000-4000-8000-0000000000aa',
    role: 'school_head',
    scope: { kind: 'lycee', uai, departementCode, academyCode: '14' },
    studentIds: [],
    signatureDelegate: false,
  };
}

export async function loadSteeringAcademy(db: Db, now: Date, small?: SmallAcademy) {
  const academy = small ?? (await loadSmallAcademy(db));
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const deps = { db, clock: () => now, publicUrl: 'http://localhost:3000' };

  // ------------------------------------------------------------------ places
  await db
    .insert(communes)
    .values(
      Object.values(STEERING_COMMUNES).map((c) => ({
        insee: c.insee,
        postalCode: c.postalCode,
        name: c.name,
        searchName: c.name.toLowerCase().replace(/-/g, ' '),
        departementCode: c.insee.slice(0, 2),
        regionCode: '53',
        type: 'COM',
        lat: c.lat,
        lon: c.lon,
      })),
    )
    .onConflictDoNothing();
  await db.insert(bassins).values([
    { code: STEERING_BASSINS.rennes, name: 'Bassin de Rennes', academyCode: '14' },
    { code: STEERING_BASSINS.quimper, name: 'Bassin de Quimper', academyCode: '14' },
    { code: STEERING_BASSINS.saintMalo, name: 'Bassin de Saint-Malo', academyCode: '14' },
    { code: STEERING_BASSINS.brest, name: 'Bassin de Brest', academyCode: '14' },
  ]);
  await db
    .update(schools)
    .set({
      bassinCode: STEERING_BASSINS.rennes,
      communeInsee: '35238',
      communeName: 'Rennes',
      postalCode: '35000',
    })
    .where(eq(schools.uai, STEERING_LYCEES.zola));
  await db
    .update(schools)
    .set({
      bassinCode: STEERING_BASSINS.quimper,
      communeInsee: '29232',
      communeName: 'Quimper',
      postalCode: '29000',
    })
    .where(eq(schools.uai, STEERING_LYCEES.cornouaille));
  await db.insert(schools).values([
    {
      uai: STEERING_LYCEES.saintMartin,
      kind: 'lycee',
      name: 'Lycée privé Saint-Martin',
      isPublic: false,
      privateContract: 'sous contrat d’association',
      departementCode: '35',
      academyCode: '14',
      bassinCode: STEERING_BASSINS.saintMalo,
      communeInsee: '35288',
      communeName: 'Saint-Malo',
      postalCode: '35400',
      headcount2deGt: 120,
      ...STEERING_LYCEE_PLACES.saintMartin,
    },
    {
      uai: STEERING_LYCEES.iroise,
      kind: 'lycee',
      name: 'Lycée de l’Iroise',
      isPublic: true,
      departementCode: '29',
      academyCode: '14',
      bassinCode: STEERING_BASSINS.brest,
      communeInsee: '29019',
      communeName: 'Brest',
      postalCode: '29200',
      headcount2deGt: 200,
      ...STEERING_LYCEE_PLACES.iroise,
    },
  ]);

  // ------------------------------------------------------------------ classes and students
  const year = academy.campaign.schoolYear;
  const existing = await db.select().from(classes);
  const byName = (uai: string, name: string) => existing.find((c) => c.schoolUai === uai && c.name === name)!;
  const [c3, sm, i1] = await db
    .insert(classes)
    .values([
      { schoolUai: STEERING_LYCEES.zola, schoolYear: year, name: '2NDE3', declaredSize: 5 },
      { schoolUai: STEERING_LYCEES.saintMartin, schoolYear: year, name: '2NDE SM', declaredSize: 5 },
      { schoolUai: STEERING_LYCEES.iroise, schoolYear: year, name: '2NDE I1', declaredSize: 30 },
    ])
    .returning();
  const klass = {
    zola1: byName(STEERING_LYCEES.zola, '2NDE1'),
    zola2: byName(STEERING_LYCEES.zola, '2NDE2'),
    zola3: c3!,
    saintMartin: sm!,
    cornouaille: byName(STEERING_LYCEES.cornouaille, '2NDE A'),
    iroise: i1!,
  };
  const [s1, s2, s3, s4] = academy.students;
  const newStudents: [StudentKey, string, string, keyof typeof klass][] = [
    ['nolwenn', 'Nolwenn', 'Le Bras', 'zola1'],
    ['erwan', 'Erwan', 'Caradec', 'zola1'],
    ['maelys', 'Maëlys', 'Riou', 'zola1'],
    ['gael', 'Gaël', 'Morvan', 'zola2'],
    ['lou', 'Lou', 'Kerleau', 'zola2'],
    ['tom', 'Tom', 'Guivarc’h', 'zola3'],
    ['jade', 'Jade', 'Le Meur', 'zola3'],
    ['noah', 'Noah', 'Quéré', 'zola3'],
    ['rose', 'Rose', 'Le Gall', 'zola3'],
    ['hugo', 'Hugo', 'Bihan', 'zola3'],
    ['anna', 'Anna', 'Prigent', 'saintMartin'],
    ['liam', 'Liam', 'Hamon', 'saintMartin'],
    ['chloe', 'Chloé', 'Jaouen', 'saintMartin'],
    ['mathis', 'Mathis', 'Le Roux', 'saintMartin'],
    ['emma', 'Emma', 'Cloarec', 'saintMartin'],
    ['lena', 'Léna', 'Kervella', 'cornouaille'],
    ['enzo', 'Enzo', 'Pichon', 'cornouaille'],
    ['manon', 'Manon', 'Salaün', 'cornouaille'],
    ['paul', 'Paul', 'Le Du', 'cornouaille'],
  ];
  const inserted = await db
    .insert(students)
    .values(
      newStudents.map(([key, firstName, lastName, k]) => {
        const home = (STEERING_HOMES as Record<string, { lat: number; lon: number }>)[key];
        return {
          firstName,
          lastName,
          birthDate: '2011-04-04',
          classId: klass[k].id,
          schoolUai: klass[k].schoolUai,
          ...(home ? { homeLat: home.lat, homeLon: home.lon } : {}),
        };
      }),
    )
    .returning();
  const st = {} as Record<StudentKey, typeof students.$inferSelect>;
  st.lea = s1!;
  st.yann = s2!;
  st.ines = s3!;
  st.malo = s4!;
  newStudents.forEach(([key], i) => (st[key] = inserted[i]!));
  await db
    .update(students)
    .set({ homeLat: STEERING_HOMES.ines.lat, homeLon: STEERING_HOMES.ines.lon })
    .where(eq(students.id, st.ines.id));
  await db
    .insert(guardians)
    .values(inserted.map((s) => ({ studentId: s.id, rank: 1, firstName: 'Parent', lastName: s.lastName })));

  // ------------------------------------------------------------------ hosts and offers
  await db
    .insert(sectors)
    .values([
      { code: 'hotellerie-restauration', name: 'Hôtellerie et restauration' },
      { code: 'administration-publique', name: 'Administration publique' },
      { code: 'enseignement', name: 'Enseignement' },
    ])
    .onConflictDoNothing();
  const [chu, breizh] = academy.hosts;
  const [mairie, chateaubriand, creperie, fournil] = await db
    .insert(hosts)
    .values([
      { name: 'Mairie de Quimper', isPublic: true, publicEmployerGroup: 'Collectivité territoriale' },
      { name: 'Lycée Chateaubriand', isPublic: true, publicEmployerGroup: 'Éducation nationale' },
      { name: 'Crêperie Ty Breizh', siret: '80000000000011', isPublic: false },
      { name: 'Boulangerie Le Fournil', siret: '80000000000029', isPublic: false },
    ])
    .returning();
  const offerSpecs: Record<
    SteeringOfferKey,
    {
      host: string;
      sector: string;
      commune: { insee: string; postalCode: string; name: string };
      places: [number, number];
      status?: 'published' | 'full' | 'draft';
      source?: 'host' | 'off_platform';
      educationNationale?: boolean;
    }
  > = {
    A: { host: chu!.id, sector: 'sante', commune: STEERING_COMMUNES.rennes, places: [6, 6] },
    B: {
      host: breizh!.id,
      sector: 'informatique-et-reseaux',
      commune: STEERING_COMMUNES.rennes,
      places: [3, 3],
    },
    C: {
      host: chateaubriand!.id,
      sector: 'enseignement',
      commune: STEERING_COMMUNES.cesson,
      places: [2, 2],
      educationNationale: true,
    },
    D: {
      host: mairie!.id,
      sector: 'administration-publique',
      commune: STEERING_COMMUNES.quimper,
      places: [2, 2],
    },
    E: {
      host: creperie!.id,
      sector: 'hotellerie-restauration',
      commune: STEERING_COMMUNES.quimper,
      places: [1, 1],
      status: 'full',
    },
    F: {
      host: fournil!.id,
      sector: 'hotellerie-restauration',
      commune: STEERING_COMMUNES.saintMalo,
      places: [2, 2],
    },
    G: {
      host: creperie!.id,
      sector: 'hotellerie-restauration',
      commune: STEERING_COMMUNES.brest,
      places: [1, 1],
    },
    H: {
      host: fournil!.id,
      sector: 'hotellerie-restauration',
      commune: STEERING_COMMUNES.saintMalo,
      places: [4, 0],
      status: 'draft',
    },
    I: {
      host: breizh!.id,
      sector: 'informatique-et-reseaux',
      commune: STEERING_COMMUNES.rennes,
      places: [0, 1],
      source: 'off_platform',
    },
    K: {
      host: breizh!.id,
      sector: 'informatique-et-reseaux',
      commune: { insee: '35999', postalCode: '35250', name: 'Commune inconnue' },
      places: [1, 0],
    },
    L: {
      host: mairie!.id,
      sector: 'administration-publique',
      commune: STEERING_COMMUNES.carhaix,
      places: [1, 1],
    },
  };
  const offerIds = {} as Record<SteeringOfferKey, string>;
  for (const [key, spec] of Object.entries(offerSpecs) as [SteeringOfferKey, (typeof offerSpecs)['A']][]) {
    const [o] = await db
      .insert(offers)
      .values({
        campaignId: academy.campaign.id,
        hostId: spec.host,
        source: spec.source ?? 'host',
        status: spec.status ?? 'published',
        title: `Offre ${key}`,
        description: 'Découverte des métiers',
        sectorCode: spec.sector,
        postalCode: spec.commune.postalCode,
        communeInsee: spec.commune.insee,
        communeName: spec.commune.name,
        educationNationale: spec.educationNationale ?? false,
        ...STEERING_OFFER_PLACES[key],
      })
      .returning();
    offerIds[key] = o!.id;
    const weeks = [1, 2].filter((w) => spec.places[w - 1]! > 0);
    await db
      .insert(offerWeeks)
      .values(weeks.map((week) => ({ offerId: o!.id, week, places: spec.places[week - 1]! })));
  }

  // ------------------------------------------------------------------ applications
  const applicationIds: Record<string, string> = {};
  const apply = async (
    name: string,
    student: StudentKey,
    offer: SteeringOfferKey,
    weeks: 1 | 2 | 3,
    status: ApplicationState,
    options: { appliedDaysAgo?: number; expiresAt?: Date; confirmBy?: Date; confirmedAt?: Date } = {},
  ) => {
    const appliedAt = ago(options.appliedDaysAgo ?? 10);
    const accepted = !['pending', 'refused'].includes(status) && status !== 'expired';
    const wasConfirmed = ['confirmed', 'withdrawn_by_student'].includes(status);
    const [a] = await db
      .insert(applications)
      .values({
        studentId: st[student].id,
        offerId: offerIds[offer],
        weeks,
        motivation: 'Motivation',
        status,
        appliedAt,
        expiresAt: options.expiresAt ?? new Date(appliedAt.getTime() + 15 * DAY),
        ...(accepted
          ? {
              acceptedAt: new Date(appliedAt.getTime() + DAY),
              confirmBy: options.confirmBy ?? new Date(appliedAt.getTime() + 8 * DAY),
            }
          : {}),
        ...(wasConfirmed
          ? { confirmedAt: options.confirmedAt ?? new Date(appliedAt.getTime() + 2 * DAY) }
          : {}),
        ...(status === 'refused' ? { refusedAt: new Date(appliedAt.getTime() + DAY) } : {}),
        ...(['refused', 'withdrawn_by_student', 'split_refused', 'expired'].includes(status)
          ? { closedAt: new Date(appliedAt.getTime() + 3 * DAY) }
          : {}),
        updatedAt: now,
      })
      .returning();
    applicationIds[name] = a!.id;
    if (status === 'confirmed' || status === 'split_pending')
      await db
        .insert(studentWeeks)
        .values(
          [1, 2]
            .filter((w) => (weeks & w) !== 0)
            .map((week) => ({ studentId: st[student].id, week, applicationId: a!.id })),
        );
    return a!.id;
  };

  await apply('yann.B', 'yann', 'B', 3, 'pending', {
    appliedDaysAgo: 10,
    expiresAt: new Date(now.getTime() + 5 * DAY),
  });
  await apply('nolwenn.A', 'nolwenn', 'A', 1, 'accepted', { confirmBy: new Date(now.getTime() + 3 * DAY) });
  await apply('erwan.B', 'erwan', 'B', 3, 'accepted', { confirmBy: new Date(now.getTime() - HOUR) });
  await apply('erwan.D', 'erwan', 'D', 1, 'refused');
  await apply('maelys.C', 'maelys', 'C', 3, 'pending', { expiresAt: new Date(now.getTime() - HOUR) });
  await apply('ines.A', 'ines', 'A', 1, 'confirmed');
  await apply('gael.B', 'gael', 'B', 3, 'confirmed');
  await apply('lou.A', 'lou', 'A', 1, 'confirmed');
  await apply('lou.C', 'lou', 'C', 2, 'confirmed');
  await apply('tom.A', 'tom', 'A', 1, 'confirmed');
  await apply('tom.C', 'tom', 'C', 2, 'split_pending');
  await apply('jade.B', 'jade', 'B', 1, 'confirmed');
  await apply('jade.A', 'jade', 'A', 2, 'split_refused');
  await apply('noah.A', 'noah', 'A', 3, 'confirmed', { appliedDaysAgo: 20 });
  await apply('rose.A', 'rose', 'A', 1, 'confirmed', { appliedDaysAgo: 40 });
  await apply('rose.B', 'rose', 'B', 2, 'confirmed', { appliedDaysAgo: 12 });
  await apply('anna.F', 'anna', 'F', 3, 'pending', { expiresAt: new Date(now.getTime() + 6 * DAY) });
  await apply('chloe.F', 'chloe', 'F', 3, 'confirmed', { appliedDaysAgo: 7 });
  await apply('mathis.F', 'mathis', 'F', 1, 'confirmed', { appliedDaysAgo: 15 });
  await apply('mathis.A', 'mathis', 'A', 2, 'confirmed', { appliedDaysAgo: 15 });
  await apply('malo.D', 'malo', 'D', 1, 'confirmed', { appliedDaysAgo: 30 });
  await apply('lena.E', 'lena', 'E', 3, 'confirmed', { appliedDaysAgo: 25 });
  await apply('enzo.E', 'enzo', 'E', 3, 'confirmed', { appliedDaysAgo: 9 });
  await apply('manon.I', 'manon', 'I', 2, 'confirmed');

  // decisions of the heads
  const decide = async (
    student: StudentKey,
    kind: 'exemption' | 'repli',
    reason: ExemptionReason | null,
    revoked = false,
  ) =>
    db.insert(placementDecisions).values({
      studentId: st[student].id,
      kind,
      reason,
      decidedBy: '00000000-0000-4000-8000-0000000000aa',
      decidedAt: ago(5),
      ...(revoked ? { revokedAt: ago(2) } : {}),
    });
  await decide('hugo', 'exemption', 'snu');
  await decide('anna', 'exemption', 'mobility');
  await decide('liam', 'exemption', 'sthr');
  await decide('chloe', 'exemption', 'medical');
  await decide('emma', 'repli', null);
  await decide('malo', 'repli', null);
  await decide('paul', 'exemption', 'medical', true);

  // ------------------------------------------------------------------ conventions
  // students who sign need an account with an e-mail address (validation checks it)
  const signers: StudentKey[] = ['lou', 'jade', 'noah', 'rose', 'chloe', 'mathis', 'enzo'];
  await db.insert(users).values(
    signers.map((k) => ({
      email: `${k}.steering@eleve.example`,
      firstName: st[k].firstName,
      lastName: st[k].lastName,
      studentId: st[k].id,
    })),
  );
  const conventionIds: Record<string, string> = {};
  const create = async (name: string) => {
    const c = await db.transaction((t) => createConventionForApplication(t, deps, applicationIds[name]!));
    if (!c) throw new Error(`convention non créée : ${name}`);
    conventionIds[name] = c.id;
    return c;
  };
  const complete = async (
    name: string,
    which: { host?: boolean; school?: boolean },
    secondGuardian = false,
  ) => {
    const c = await create(name);
    const schoolPart = validSchoolPart(c.schoolPart);
    if (secondGuardian)
      schoolPart.guardians = [
        ...schoolPart.guardians,
        { firstName: 'Erwan', lastName: 'Pichon', email: 'erwan.pichon@famille.example', phone: '' },
      ];
    await db
      .update(conventions)
      .set({
        hostPart: validHostPart(c.hostPart),
        schoolPart,
        hostCompletedAt: which.host ? now : null,
        schoolCompletedAt: which.school ? now : null,
      })
      .where(eq(conventions.id, c.id));
    return c;
  };
  const validated = async (name: string, signed: SignatoryRole[], secondGuardian = false) => {
    const c = await complete(name, { host: true, school: true }, secondGuardian);
    const [fresh] = await db.select().from(conventions).where(eq(conventions.id, c.id));
    const [school] = await db.select().from(schools).where(eq(schools.uai, fresh!.schoolUai));
    const r = await validate(deps, headOf(school!.uai, school!.departementCode), c.id, {
      version: fresh!.version,
    });
    if (!r.ok) throw new Error(`validation refusée (${name}) : ${JSON.stringify(r)}`);
    if (signed.length > 0)
      await db
        .update(conventionSignatories)
        .set({ signedAt: ago(1), method: 'email_code' })
        .where(
          and(eq(conventionSignatories.conventionId, c.id), inArray(conventionSignatories.role, signed)),
        );
    return c;
  };
  const ALL: SignatoryRole[] = ['school', 'host', 'student', 'guardian_1', 'guardian_2'];
  const signedOn = async (name: string, signedDaysAgo: number, status: 'signed' | 'done' = 'signed') => {
    const c = await validated(name, ALL);
    await db
      .update(conventions)
      .set({ status, signedAt: ago(signedDaysAgo) })
      .where(eq(conventions.id, c.id));
    return c;
  };

  await create('ines.A'); // host's step
  await complete('gael.B', { host: true }); // school's step
  await complete('lou.A', { host: true, school: true }); // validation
  await validated('lou.C', ['school', 'student']); // signatures: host and guardian missing
  await create('tom.A'); // host's step
  await validated('jade.B', []); // signatures: every party missing
  await signedOn('noah.A', 10);
  await signedOn('rose.A', 5);
  await validated('rose.B', ['student']); // school, host and guardian missing
  await signedOn('chloe.F', 3);
  await signedOn('mathis.F', 1);
  await signedOn('mathis.A', 1);
  await validated('enzo.E', ['school', 'host', 'student'], true); // both guardians missing
  // Malo has no account here (createAccounts gives him one): his convention is written as done
  const malo = await complete('malo.D', { host: true, school: true });
  await db
    .update(conventions)
    .set({ status: 'done', validatedAt: ago(25), signedAt: ago(21) })
    .where(eq(conventions.id, malo.id));
  // Léna: confirmed, convention created, then withdrawn (the convention is cancelled)
  await create('lena.E');
  await db.transaction(async (t) => {
    await t
      .update(applications)
      .set({ status: 'withdrawn_by_student', closedAt: ago(3) })
      .where(eq(applications.id, applicationIds['lena.E']!));
    await t.delete(studentWeeks).where(eq(studentWeeks.applicationId, applicationIds['lena.E']!));
    await cancelConventionOfApplication(t, deps, applicationIds['lena.E']!, {
      reason: 'Désistement de l’élève',
      actor: null,
    });
  });

  // ------------------------------------------------------------------ places taken
  // as the application machine keeps them: the confirmed applications of each week
  await db.execute(sql`update offer_weeks w set taken = (
      select count(*) from applications a
      where a.offer_id = w.offer_id and a.status = 'confirmed' and (a.weeks & w.week) <> 0)
    where w.offer_id in (${sql.join(
      Object.values(offerIds).map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);

  return {
    academy,
    now,
    schoolYear: year,
    campaign: academy.campaign,
    classes: klass,
    students: st,
    offers: offerIds,
    hosts: {
      chu: chu!,
      breizh: breizh!,
      mairie: mairie!,
      chateaubriand: chateaubriand!,
      creperie: creperie!,
      fournil: fournil!,
    },
    applications: applicationIds,
    conventions: conventionIds,
  };
}

export type SteeringAcademy = Awaited<ReturnType<typeof loadSteeringAcademy>>;
