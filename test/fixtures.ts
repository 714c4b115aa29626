import { ensureCampaign } from '../src/campaigns/store.ts';
import type { Db } from '../src/db/client.ts';
import { openSession } from '../src/accounts/service.ts';
import type { Role } from '../src/domain/permissions.ts';
import {
  academies,
  circonscriptions,
  memberships,
  users,
  classes,
  departements,
  guardians,
  academicServices,
  communes,
  hosts,
  offerFlags,
  offerWeeks,
  offers,
  schools,
  sectors,
  students,
} from '../src/db/schema/index.ts';

/** A tiny académie: two lycées, three classes, a few students, hosts and offers. */
export async function loadSmallAcademy(db: Db, schoolYear = '2026-2027') {
  await db.insert(academies).values({ code: '14', name: 'Rennes', regionCode: '53', regionName: 'Bretagne' });
  await db.insert(departements).values([
    { code: '35', name: 'Ille-et-Vilaine', academyCode: '14' },
    { code: '29', name: 'Finistère', academyCode: '14' },
  ]);
  await db.insert(schools).values([
    {
      uai: '0350024L',
      kind: 'lycee',
      name: 'Lycée Émile Zola',
      isPublic: true,
      departementCode: '35',
      academyCode: '14',
      headcount2deGt: 382,
      lat: 48.1066,
      lon: -1.6732,
    },
    {
      uai: '0290062L',
      kind: 'lycee',
      name: 'Lycée de Cornouaille',
      isPublic: true,
      departementCode: '29',
      academyCode: '14',
      headcount2deGt: 300,
      lat: 47.99,
      lon: -4.1,
    },
  ]);
  await db.insert(circonscriptions).values([
    { id: '35-rennes-nord', name: 'Circonscription de Rennes Nord', departementCode: '35' },
    { id: '29-quimper', name: 'Circonscription de Quimper', departementCode: '29' },
  ]);
  await db.insert(schools).values([
    {
      uai: '0350001A',
      kind: 'ecole',
      name: 'École Jean Moulin',
      isPublic: true,
      departementCode: '35',
      academyCode: '14',
      circonscriptionId: '35-rennes-nord',
      communeName: 'Rennes',
    },
    {
      uai: '0290001B',
      kind: 'ecole',
      name: 'École de Kerfeunteun',
      isPublic: true,
      departementCode: '29',
      academyCode: '14',
      circonscriptionId: '29-quimper',
      communeName: 'Quimper',
    },
  ]);
  const [c1, c2, c3] = await db
    .insert(classes)
    .values([
      { schoolUai: '0350024L', schoolYear, name: '2NDE1', declaredSize: 2 },
      { schoolUai: '0350024L', schoolYear, name: '2NDE2', declaredSize: 1 },
      { schoolUai: '0290062L', schoolYear, name: '2NDE A', declaredSize: 1 },
    ])
    .returning();
  const st = await db
    .insert(students)
    .values([
      {
        firstName: 'Léa',
        lastName: 'Le Goff',
        birthDate: '2011-03-02',
        classId: c1!.id,
        schoolUai: '0350024L',
      },
      {
        firstName: 'Yann',
        lastName: 'Tanguy',
        birthDate: '2011-07-14',
        classId: c1!.id,
        schoolUai: '0350024L',
      },
      {
        firstName: 'Inès',
        lastName: 'Martin',
        birthDate: '2010-12-30',
        classId: c2!.id,
        schoolUai: '0350024L',
      },
      {
        firstName: 'Malo',
        lastName: 'Guillou',
        birthDate: '2011-01-20',
        classId: c3!.id,
        schoolUai: '0290062L',
      },
    ])
    .returning();
  await db
    .insert(guardians)
    .values(st.map((s) => ({ studentId: s.id, rank: 1, firstName: 'Anne', lastName: s.lastName })));
  await db.insert(sectors).values([
    { code: 'sante', name: 'Santé' },
    { code: 'informatique-et-reseaux', name: 'Informatique et réseaux' },
  ]);
  const campaign = await ensureCampaign(db, '14', schoolYear);
  const [h1, h2] = await db
    .insert(hosts)
    .values([
      { name: 'CHU de Rennes', siret: '26350579400014', isPublic: true, publicEmployerGroup: 'Hôpital' },
      { name: 'Breizh Informatique', siret: '73282932000074', isPublic: false },
    ])
    .returning();
  const base = {
    campaignId: campaign.id,
    source: 'seed' as const,
    description: 'Découverte',
    lat: 48.11,
    lon: -1.68,
  };
  const [o1, o2, o3, o4] = await db
    .insert(offers)
    .values([
      { ...base, hostId: h1!.id, status: 'published', title: 'Découverte de l’hôpital', sectorCode: 'sante' },
      { ...base, hostId: h1!.id, status: 'full', title: 'Laboratoire', sectorCode: 'sante' },
      {
        ...base,
        hostId: h2!.id,
        status: 'published',
        title: 'Développement web',
        sectorCode: 'informatique-et-reseaux',
      },
      { ...base, hostId: h2!.id, status: 'draft', title: 'Brouillon', sectorCode: 'informatique-et-reseaux' },
    ])
    .returning();
  await db.insert(offerWeeks).values([
    { offerId: o1!.id, week: 1, places: 2 },
    { offerId: o1!.id, week: 2, places: 2 },
    { offerId: o2!.id, week: 1, places: 1, taken: 1 },
    { offerId: o3!.id, week: 2, places: 5 },
    { offerId: o4!.id, week: 1, places: 9 },
  ]);
  return { campaign, students: st, hosts: [h1!, h2!] };
}

export type SmallAcademy = Awaited<ReturnType<typeof loadSmallAcademy>>;

export interface Account {
  userId: string;
  membershipId: string;
}

/**
 * One account per role, each with an "inside" scope (Rennes: lycée Émile Zola, its école, the
 * DSDEN 35, host 1…) and an "outside" twin (Quimper, DSDEN 29, host 2…).
 */
export async function createAccounts(db: Db, academy: SmallAcademy) {
  const [s1, , , s4] = academy.students;
  const [h1, h2] = academy.hosts;
  const [g1, g4] = await Promise.all(
    [s1!, s4!].map(async (s) => (await db.select().from(guardians)).find((g) => g.studentId === s.id)!),
  );
  const scopes: Record<
    Exclude<Role, 'partner'>,
    [Partial<typeof memberships.$inferInsert>, Partial<typeof memberships.$inferInsert>]
  > = {
    student: [{ schoolUai: '0350024L' }, { schoolUai: '0290062L' }],
    guardian: [{ guardianId: g1!.id }, { guardianId: g4!.id }],
    school_head: [{ schoolUai: '0350024L' }, { schoolUai: '0290062L' }],
    school_staff: [{ schoolUai: '0350024L' }, { schoolUai: '0290062L' }],
    school_director: [{ schoolUai: '0350001A' }, { schoolUai: '0290001B' }],
    ien: [{ circonscriptionId: '35-rennes-nord' }, { circonscriptionId: '29-quimper' }],
    dsden: [{ departementCode: '35' }, { departementCode: '29' }],
    rectorat: [{ academyCode: '14' }, { academyCode: '14' }],
    host_member: [{ hostId: h1!.id }, { hostId: h2!.id }],
    admin: [{}, {}],
  };
  const inside = {} as Record<keyof typeof scopes, Account>;
  const outside = {} as Record<keyof typeof scopes, Account>;
  for (const [role, [inScope, outScope]] of Object.entries(scopes) as [
    keyof typeof scopes,
    (typeof scopes)[keyof typeof scopes],
  ][]) {
    for (const [which, scope, target] of [
      ['in', inScope, inside],
      ['out', outScope, outside],
    ] as const) {
      const [u] = await db
        .insert(users)
        .values({
          email: `${role}.${which}@example.net`,
          firstName: role,
          lastName: which,
          studentId: role === 'student' ? (which === 'in' ? s1!.id : s4!.id) : null,
        })
        .returning();
      const [m] = await db
        .insert(memberships)
        .values({ userId: u!.id, role, ...scope })
        .returning();
      target[role] = { userId: u!.id, membershipId: m!.id };
    }
  }
  return { inside, outside };
}

/** Opens a session and returns the cookie header and CSRF token to use it. */
export async function signIn(db: Db, account: Account, clock: () => Date = () => new Date()) {
  const s = await openSession(
    { db, clock },
    { userId: account.userId, membershipId: account.membershipId, method: 'test' },
  );
  return { cookie: `ss_session=${s.token}`, csrf: s.csrfToken, token: s.token };
}

/**
 * What the offers' channels need beyond the small académie: a few communes to place addresses
 * (Rennes, Quimper, Saint-Malo) and one academic service in each département (DSDEN 35 and 29).
 */
export async function loadOfferPlaces(db: Db) {
  const commune = (insee: string, postalCode: string, name: string, lat: number, lon: number) => ({
    insee,
    postalCode,
    name,
    searchName: name.toLowerCase().replace(/-/g, ' '),
    departementCode: insee.slice(0, 2),
    regionCode: '53',
    type: 'COM',
    lat,
    lon,
  });
  await db
    .insert(communes)
    .values([
      commune('35238', '35000', 'Rennes', 48.11593, -1.68844),
      commune('29232', '29000', 'Quimper', 47.99816, -4.09721),
      commune('35288', '35400', 'Saint-Malo', 48.6458, -1.9998),
    ])
    .onConflictDoNothing();
  await db.insert(academicServices).values([
    {
      uai: '0351234A',
      name: 'DSDEN d’Ille-et-Vilaine',
      type: 'DSDEN',
      address: '1 quai Dujardin',
      postalCode: '35000',
      communeName: 'Rennes',
      departementCode: '35',
      lat: 48.1147,
      lon: -1.6794,
    },
    {
      uai: '0291234B',
      name: 'DSDEN du Finistère',
      type: 'DSDEN',
      postalCode: '29000',
      communeName: 'Quimper',
      departementCode: '29',
      lat: 47.996,
      lon: -4.102,
    },
  ]);
}

/**
 * Offers of every channel in the states the access matrix needs (call after loadOfferPlaces):
 * one resource per role and call, so that each call can succeed once inside its perimeter.
 */
export async function loadMatrixOffers(db: Db, academy: SmallAcademy) {
  const [h1] = academy.hosts;
  const make = async (
    title: string,
    status: (typeof offers.$inferInsert)['status'],
    values: Partial<typeof offers.$inferInsert> = {},
  ) => {
    const [o] = await db
      .insert(offers)
      .values({
        campaignId: academy.campaign.id,
        hostId: h1!.id,
        source: 'host',
        status,
        title,
        description: 'Offre de la matrice d’accès',
        sectorCode: 'sante',
        postalCode: '35000',
        communeInsee: '35238',
        communeName: 'Rennes',
        lat: 48.11,
        lon: -1.68,
        ...values,
      })
      .returning();
    await db.insert(offerWeeks).values({ offerId: o!.id, week: 1, places: 3 });
    return o!.id;
  };
  const lycee = { source: 'lycee' as const, schoolUai: '0350024L', educationNationale: true };
  const ecole = { source: 'ecole' as const, schoolUai: '0350001A', educationNationale: true };
  const service = { source: 'service' as const, serviceUai: '0351234A', educationNationale: true };
  const ids = {
    published: await make('Offre publiée', 'published'),
    edit: {
      host_member: await make('Brouillon de l’organisme', 'draft'),
      school_head: await make('Offre dépubliée du lycée', 'unpublished', lycee),
      school_director: await make('Brouillon de l’école', 'draft', ecole),
      dsden: await make('Offre dépubliée du service', 'unpublished', service),
    },
    event: {
      host_member: await make('À dépublier (organisme)', 'published'),
      school_head: await make('À dépublier (lycée)', 'published', lycee),
      school_director: await make('À soumettre (école)', 'draft', ecole),
      ien: await make('À renvoyer (IEN)', 'submitted', { ...ecole, submittedAt: new Date() }),
      dsden: await make('À dépublier (DSDEN)', 'published', service),
      rectorat_inside: await make('À dépublier (rectorat 1)', 'published', service),
      rectorat_outside: await make('À dépublier (rectorat 2)', 'published', service),
      admin_inside: await make('À modérer 1', 'published'),
      admin_outside: await make('À modérer 2', 'published'),
    },
    flags: {} as Record<'admin_inside' | 'admin_outside' | 'rectorat_inside' | 'rectorat_outside', string>,
  };
  for (const k of ['admin_inside', 'admin_outside', 'rectorat_inside', 'rectorat_outside'] as const) {
    const [f] = await db
      .insert(offerFlags)
      .values({ offerId: ids.published, reason: 'other', createdAt: new Date() })
      .returning();
    ids.flags[k] = f!.id;
  }
  return ids;
}
