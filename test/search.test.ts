/**
 * Search of offers and commune autocomplete through HTTP (issue 4, item 5), on a real database
 * (PGlite, or PostgreSQL with TEST_DATABASE_URL).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import {
  communes,
  hosts,
  offerReservations,
  offerWeeks,
  offers,
  schools,
  sectors,
} from '../src/db/schema/index.ts';
import { haversineKm } from '../src/domain/geo.ts';
import { normalizeCommuneName } from '../src/domain/text.ts';
import { buildServer } from '../src/server.ts';
import { createAccounts, loadSmallAcademy, signIn, type SmallAcademy } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

/** Communes of Bretagne with tricky names, for the origin and the autocomplete. */
export async function loadSearchCommunes(db: Db) {
  const rows = [
    ['35238', '35000', 'Rennes', '35', 48.1116, -1.6803, 222_485],
    ['35288', '35400', 'Saint-Malo', '35', 48.6493, -2.0257, 47_255],
    ['22278', '22000', 'Saint-Brieuc', '22', 48.5141, -2.7603, 44_170],
    ['29051', '29500', 'Ergué-Gabéric', '29', 47.9956, -4.0209, 8_521],
    ['35300', '35500', "Saint-M'Hervé", '35', 48.1814, -1.1081, 1_500],
    ['35281', '35650', 'Le Rheu', '35', 48.1017, -1.7961, 9_400],
  ] as const;
  await db.insert(communes).values(
    rows.map(([insee, postalCode, name, dep, lat, lon, population]) => ({
      insee,
      postalCode,
      name,
      searchName: normalizeCommuneName(name),
      departementCode: dep,
      regionCode: '53',
      type: 'COM',
      lat,
      lon,
      population,
    })),
  );
}

/**
 * More offers around Rennes (48.11, -1.68), at known distances: a boulangerie (1.1 km), the
 * Hôpital Sud (3.4 km, accessible, week 2), a garage (21 km, week 1 full), an offer reserved to
 * the lycée Émile Zola, and an offer prioritised for REP/REP+/QPV students (4.4 km).
 */
export async function loadSearchOffers(db: Db, academy: SmallAcademy) {
  await db.insert(sectors).values([
    { code: 'hotellerie-restauration', name: 'Hôtellerie, restauration et alimentation' },
    { code: 'automobile', name: 'Automobile' },
    { code: 'administration', name: 'Administration publique' },
  ]);
  const [fournil, chu, garage, mairie] = await db
    .insert(hosts)
    .values([
      { name: 'Le Fournil Rennais', isPublic: false },
      { name: 'Centre hospitalier Sud', isPublic: true, publicEmployerGroup: 'Hôpital' },
      { name: 'Garage du Stade', isPublic: false },
      { name: 'Ville de Rennes', isPublic: true, publicEmployerGroup: 'Collectivité territoriale' },
    ])
    .returning();
  const base = { campaignId: academy.campaign.id, source: 'seed' as const, status: 'published' as const };
  const [boulangerie, hopital, atelier, reserved, priority] = await db
    .insert(offers)
    .values([
      {
        ...base,
        hostId: fournil!.id,
        title: 'Boulangerie artisanale',
        description: 'Fabrication du pain et des viennoiseries, vente en boutique.',
        activities: 'Pétrissage, façonnage, cuisson',
        sectorCode: 'hotellerie-restauration',
        lat: 48.12,
        lon: -1.68,
        communeName: 'Rennes',
        postalCode: '35000',
      },
      {
        ...base,
        hostId: chu!.id,
        title: 'Urgences de l’Hôpital Sud',
        description: 'Accueil des patients, découverte des métiers du soin.',
        sectorCode: 'sante',
        lat: 48.08,
        lon: -1.69,
        accessible: true,
      },
      {
        ...base,
        hostId: garage!.id,
        title: 'Atelier de mécanique',
        description: 'Entretien et réparation des véhicules.',
        sectorCode: 'automobile',
        lat: 48.3,
        lon: -1.68,
      },
      {
        ...base,
        hostId: chu!.id,
        title: 'Pharmacie hospitalière (réservé)',
        description: 'Préparation des traitements.',
        sectorCode: 'sante',
        lat: 48.11,
        lon: -1.67,
      },
      {
        ...base,
        hostId: mairie!.id,
        title: 'Accueil du public en mairie',
        description: 'État civil, accueil des habitants.',
        sectorCode: 'administration',
        lat: 48.15,
        lon: -1.68,
        priorityEducation: true,
      },
    ])
    .returning();
  await db.insert(offerWeeks).values([
    { offerId: boulangerie!.id, week: 1, places: 2 },
    { offerId: hopital!.id, week: 2, places: 3, taken: 1 },
    { offerId: atelier!.id, week: 1, places: 1, taken: 1 },
    { offerId: reserved!.id, week: 1, places: 1 },
    { offerId: priority!.id, week: 1, places: 1 },
    { offerId: priority!.id, week: 2, places: 1 },
  ]);
  await db.insert(offerReservations).values({ offerId: reserved!.id, schoolUai: '0350024L' });
  return {
    boulangerie: boulangerie!,
    hopital: hopital!,
    atelier: atelier!,
    reserved: reserved!,
    priority: priority!,
  };
}

let database: TestDatabase;
const clock = () => new Date('2026-11-28T10:00:00Z');
let app: Awaited<ReturnType<typeof buildServer>>;
let academy: SmallAcademy;
let accounts: Awaited<ReturnType<typeof createAccounts>>;
let o: Awaited<ReturnType<typeof loadSearchOffers>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: true },
    database,
    clock,
    webDist: '/nonexistent',
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
beforeEach(async () => {
  await database.truncate();
  academy = await loadSmallAcademy(database.db);
  accounts = await createAccounts(database.db, academy);
  o = await loadSearchOffers(database.db, academy);
  await loadSearchCommunes(database.db);
});

interface Item {
  id: string;
  title: string;
  distanceKm: number | null;
  nearMatch: boolean;
  priorityEducation: boolean;
  weeks: { week1: { places: number; left: number } | null; week2: { places: number; left: number } | null };
}
interface Answer {
  total: number;
  items: Item[];
  nearMatches?: Item[];
  origin: { source: string; lat: number; lon: number } | null;
}

async function search(query: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url: `/api/offers?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Answer>();
}
const titles = (a: Answer) => a.items.map((i) => i.title);
const RENNES = 'near=48.11,-1.68';

describe('GET /api/offers: text', () => {
  it('a typo finds the boulangerie: "boulangeri" by its French stem, "boulangrie" as a near match', async () => {
    const stem = await search(`${RENNES}&q=boulangeri`);
    expect(titles(stem)).toEqual(['Boulangerie artisanale']);
    expect(stem.items[0]!.nearMatch).toBe(false);

    const typo = await search(`${RENNES}&q=boulangrie`);
    expect(typo.total).toBe(0);
    expect(typo.nearMatches!.map((i) => [i.title, i.nearMatch])).toEqual([['Boulangerie artisanale', true]]);
  });

  it('"hopital" finds "hôpital" (accents folded), title first, and searches host and sector names', async () => {
    const a = await search(`${RENNES}&q=hopital`);
    expect(titles(a).sort()).toEqual(['Découverte de l’hôpital', 'Urgences de l’Hôpital Sud']);
    expect(titles(await search(`${RENNES}&q=HÔPITAUX`))).toContain('Urgences de l’Hôpital Sud');
    expect(titles(await search(`${RENNES}&q=fournil`))).toEqual(['Boulangerie artisanale']);
    expect(titles(await search(`${RENNES}&q=restauration`))).toEqual(['Boulangerie artisanale']);
    expect(titles(await search(`${RENNES}&q=façonnage`))).toEqual(['Boulangerie artisanale']);
  });

  it('adds near matches after few results, and none when the text finds enough', async () => {
    const few = await search(`${RENNES}&radiusKm=30&q=mecanique`);
    expect(titles(few)).toEqual(['Atelier de mécanique']);
    expect(few.nearMatches).toEqual([]);
    const none = await search(`${RENNES}&q=`);
    expect(none.nearMatches).toBeUndefined();
  });
});

describe('GET /api/offers: place and filters', () => {
  it('sorts by distance and keeps the radius', async () => {
    const wide = await search(`${RENNES}&radiusKm=30`);
    const d = wide.items.map((i) => i.distanceKm!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(titles(wide)).toContain('Atelier de mécanique');
    expect(wide.items.at(-1)).toMatchObject({ title: 'Atelier de mécanique', distanceKm: 21.1 });
    expect(wide.items.find((i) => i.title === 'Boulangerie artisanale')!.distanceKm).toBe(1.1);
    const near = await search(`${RENNES}&radiusKm=10`);
    expect(titles(near)).not.toContain('Atelier de mécanique');
    expect(near.total).toBe(wide.total - 1);
    // drafts, and offers reserved to a lycée, are not shown to the public
    expect(titles(wide)).not.toContain('Brouillon');
    expect(titles(wide)).not.toContain('Pharmacie hospitalière (réservé)');
  });

  it('starts from a commune by its INSEE code', async () => {
    const a = await search('commune=35238&radiusKm=5');
    expect(a.origin).toMatchObject({ source: 'commune', lat: 48.1116 });
    expect(titles(a)).toContain('Boulangerie artisanale');
  });

  it('filters by sectors (repeated or comma list), week, places left, accessibility and host kind', async () => {
    const wide = `${RENNES}&radiusKm=30`;
    expect(titles(await search(`${wide}&sector=automobile`))).toEqual(['Atelier de mécanique']);
    const two = await search(`${wide}&sector=automobile&sector=hotellerie-restauration`);
    expect(titles(two).sort()).toEqual(['Atelier de mécanique', 'Boulangerie artisanale']);
    expect(titles(await search(`${wide}&sector=automobile,hotellerie-restauration`)).sort()).toEqual(
      titles(two).sort(),
    );
    const week2 = await search(`${wide}&week=2`);
    expect(titles(week2).sort()).toEqual([
      'Accueil du public en mairie',
      'Découverte de l’hôpital',
      'Développement web',
      'Urgences de l’Hôpital Sud',
    ]);
    expect(week2.items.find((i) => i.title === 'Urgences de l’Hôpital Sud')!.weeks).toEqual({
      week1: null,
      week2: { places: 3, left: 2 },
    });
    expect(titles(await search(`${wide}&week=both`)).sort()).toEqual([
      'Accueil du public en mairie',
      'Découverte de l’hôpital',
    ]);
    const left = titles(await search(`${wide}&placesLeft=true`));
    expect(left).not.toContain('Atelier de mécanique');
    expect(left).not.toContain('Laboratoire');
    expect(left).toContain('Boulangerie artisanale');
    expect(titles(await search(`${wide}&week=1&placesLeft=true`)).sort()).toEqual([
      'Accueil du public en mairie',
      'Boulangerie artisanale',
      'Découverte de l’hôpital',
    ]);
    expect(titles(await search(`${wide}&accessible=true`))).toEqual(['Urgences de l’Hôpital Sud']);
    const pub = titles(await search(`${wide}&host=public`));
    expect(pub).toContain('Urgences de l’Hôpital Sud');
    expect(pub).not.toContain('Boulangerie artisanale');
    expect(titles(await search(`${wide}&host=private`))).toContain('Boulangerie artisanale');
  });

  it('paginates', async () => {
    const all = await search(`${RENNES}&radiusKm=30`);
    const p1 = await search(`${RENNES}&radiusKm=30&pageSize=2`);
    const p2 = await search(`${RENNES}&radiusKm=30&pageSize=2&page=2`);
    const past = await search(`${RENNES}&radiusKm=30&pageSize=2&page=50`);
    expect([...titles(p1), ...titles(p2)]).toEqual(titles(all).slice(0, 4));
    expect([p1.total, p2.total, past.total]).toEqual([all.total, all.total, all.total]);
    expect(past.items).toEqual([]);
  });
});

describe('GET /api/offers: weeks, places and reservations kept on the offer by triggers', () => {
  const wide = `${RENNES}&radiusKm=30`;
  const mapOf = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/offers/map?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ points: { title: string; placesLeft: number }[] }>().points;
  };

  it('follows the weeks added, filled, freed and removed', async () => {
    const left = async () => titles(await search(`${wide}&placesLeft=true`));
    const week2 = async () => titles(await search(`${wide}&week=2`));
    expect(await left()).toContain('Boulangerie artisanale');
    // the last place taken: no place left, in the list and on the map
    await database.db.update(offerWeeks).set({ taken: 2 }).where(eq(offerWeeks.offerId, o.boulangerie.id));
    expect(await left()).not.toContain('Boulangerie artisanale');
    expect((await mapOf(wide)).find((p) => p.title === 'Boulangerie artisanale')!.placesLeft).toBe(0);
    // a second week added in one statement with another offer's week: both offers follow
    await database.db.insert(offerWeeks).values([
      { offerId: o.boulangerie.id, week: 2, places: 3, taken: 1 },
      { offerId: o.atelier.id, week: 2, places: 1 },
    ]);
    expect(await week2()).toEqual(expect.arrayContaining(['Boulangerie artisanale', 'Atelier de mécanique']));
    expect(await left()).toEqual(expect.arrayContaining(['Boulangerie artisanale', 'Atelier de mécanique']));
    expect((await mapOf(wide)).find((p) => p.title === 'Boulangerie artisanale')!.placesLeft).toBe(2);
    expect(titles(await search(`${wide}&week=both&placesLeft=true`))).not.toContain('Boulangerie artisanale');
    // places freed in week 1: both weeks have places left
    await database.db.update(offerWeeks).set({ taken: 0 }).where(eq(offerWeeks.offerId, o.boulangerie.id));
    expect(titles(await search(`${wide}&week=both&placesLeft=true`))).toContain('Boulangerie artisanale');
    // every week removed: the offer is in no week
    await database.db.delete(offerWeeks).where(eq(offerWeeks.offerId, o.boulangerie.id));
    expect(await week2()).not.toContain('Boulangerie artisanale');
    expect(titles(await search(`${wide}&week=1`))).not.toContain('Boulangerie artisanale');
    expect((await mapOf(wide)).find((p) => p.title === 'Boulangerie artisanale')!.placesLeft).toBe(0);
  });

  it('follows the reservations added and removed', async () => {
    const title = 'Pharmacie hospitalière (réservé)';
    await database.db.delete(offerReservations).where(eq(offerReservations.offerId, o.reserved.id));
    expect(titles(await search(wide))).toContain(title);
    await database.db.insert(offerReservations).values([
      { offerId: o.reserved.id, schoolUai: '0350024L' },
      { offerId: o.boulangerie.id, schoolUai: '0350024L' },
    ]);
    expect(titles(await search(wide))).not.toContain(title);
    expect(titles(await search(wide))).not.toContain('Boulangerie artisanale');
    expect((await mapOf(wide)).map((p) => p.title)).not.toContain('Boulangerie artisanale');
    // one of two reservations removed: still reserved
    await database.db.insert(offerReservations).values({ offerId: o.reserved.id, schoolUai: '0290001A' });
    await database.db.delete(offerReservations).where(eq(offerReservations.schoolUai, '0350024L'));
    expect(titles(await search(wide))).not.toContain(title);
    expect(titles(await search(wide))).toContain('Boulangerie artisanale');
  });
});

describe('GET /api/offers: cached answers', () => {
  it('serves a repeated search from the cache until a write moves the search version', async () => {
    const first = await search(`${RENNES}&q=boulangerie`);
    expect(titles(first)).toEqual(['Boulangerie artisanale']);
    // a write that does not move the version (its trigger disabled) is not seen: the cache answered
    await database.db.execute(sql`alter table offers disable trigger offers_search_version`);
    await database.db
      .update(offers)
      .set({ title: 'Boulangerie du marché' })
      .where(eq(offers.id, o.boulangerie.id));
    await database.db.execute(sql`alter table offers enable trigger offers_search_version`);
    expect(titles(await search(`${RENNES}&q=boulangerie`))).toEqual(['Boulangerie artisanale']);
    // any write to what a search reads moves it: the next search sees the database
    await database.db.update(hosts).set({ name: 'Le Fournil' }).where(eq(hosts.name, 'Le Fournil Rennais'));
    expect(titles(await search(`${RENNES}&q=boulangerie`))).toEqual(['Boulangerie du marché']);
  });
});

describe('GET /api/offers: eligibility', () => {
  async function as(where: 'inside' | 'outside') {
    const s = await signIn(database.db, accounts[where].student, clock);
    return { cookie: s.cookie };
  }

  it('shows an offer reserved to a lycée only to its students', async () => {
    const title = 'Pharmacie hospitalière (réservé)';
    expect(titles(await search(`${RENNES}`))).not.toContain(title);
    expect(titles(await search(`${RENNES}`, await as('outside')))).not.toContain(title);
    expect(titles(await search(`${RENNES}`, await as('inside')))).toContain(title);
  });

  it('starts from the student’s home, else their lycée', async () => {
    const school = await search('', await as('inside'));
    expect(school.origin).toEqual({ source: 'school', lat: 48.1066, lon: -1.6732 });
    const { students } = await import('../src/db/schema/index.ts');
    await database.db
      .update(students)
      .set({ homeLat: 48.3, homeLon: -1.68 })
      .where(eq(students.id, academy.students[0]!.id));
    const home = await search('radiusKm=5', await as('inside'));
    expect(home.origin).toEqual({ source: 'home', lat: 48.3, lon: -1.68 });
    expect(titles(home)).toEqual(['Atelier de mécanique']);
  });

  it('puts prioritised offers first for a student of a REP lycée only', async () => {
    const plain = await search(`${RENNES}`, await as('inside'));
    expect(plain.items[0]!.priorityEducation).toBe(false);
    await database.db.update(schools).set({ priorityEducation: 'REP' }).where(eq(schools.uai, '0350024L'));
    const rep = await search(`${RENNES}`, await as('inside'));
    expect(rep.items[0]).toMatchObject({ title: 'Accueil du public en mairie', priorityEducation: true });
    expect(rep.items.slice(1).map((i) => i.distanceKm!)).toEqual(
      rep.items
        .slice(1)
        .map((i) => i.distanceKm!)
        .sort((a, b) => a - b),
    );
    const other = await search(`${RENNES}`, await as('outside'));
    expect(other.items[0]!.priorityEducation).toBe(false);
    expect(o.priority.priorityEducation).toBe(true);
  });
});

describe('GET /api/offers: bad input', () => {
  it.each([
    ['radiusKm=100000', 'le rayon ne peut pas dépasser 60 km'],
    ['radiusKm=2', 'le rayon doit être d’au moins 5 km'],
    ['radiusKm=abc', 'rayon'],
    ['near=abc', 'point attendu sous la forme LAT,LON'],
    ['near=95,10', 'latitude entre -90 et 90'],
    [`${RENNES}&sector=inconnu`, 'Secteur inconnu : inconnu.'],
    [`${RENNES}&page=0`, 'les pages commencent à 1'],
    [`${RENNES}&pageSize=51`, '50 résultats par page au plus'],
    [`${RENNES}&week=3`, 'semaine : « 1 », « 2 » ou « both » attendu'],
    [`${RENNES}&placesLeft=oui`, 'placesLeft : « true » ou « false » attendu'],
    [`${RENNES}&host=association`, 'organisme : « public » ou « private » attendu'],
    [`${RENNES}&tri=distance`, 'paramètre tri : paramètre inconnu'],
    ['commune=99999', 'Aucune commune ne porte le code INSEE 99999.'],
    ['commune=Rennes', 'code INSEE de commune attendu'],
    [`${RENNES}&commune=35238`, 'soit near, soit commune'],
    ['sort=distance', 'Indiquez un point de départ'],
    [`${RENNES}&q=${'a'.repeat(201)}`, '200 caractères au plus'],
  ])('%s → 400 with a French message', async (query, message) => {
    const res = await app.inject({ method: 'GET', url: `/api/offers?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ detail: string }>().detail).toContain(message);
  });
});

describe('GET /api/communes', () => {
  async function communesFor(q: string) {
    const res = await app.inject({ method: 'GET', url: `/api/communes?q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { name: string; insee: string; postalCode: string }[] }>().items;
  }

  it.each([
    ['st malo', 'Saint-Malo'],
    ['ST-MALO', 'Saint-Malo'],
    ['saint-b', 'Saint-Brieuc'],
    ['ergue gab', 'Ergué-Gabéric'],
    ['Ergué', 'Ergué-Gabéric'],
    ["st m'herv", "Saint-M'Hervé"],
    ['rheu', 'Le Rheu'],
    ['35400', 'Saint-Malo'],
  ])('"%s" finds %s', async (q, name) => {
    expect((await communesFor(q)).map((c) => c.name)).toContain(name);
  });

  it('orders by population and answers ten at most', async () => {
    expect((await communesFor('35')).map((c) => c.name)).toEqual([
      'Rennes',
      'Saint-Malo',
      'Le Rheu',
      "Saint-M'Hervé",
    ]);
    expect(await communesFor('zzz')).toEqual([]);
    const res = await app.inject({ method: 'GET', url: '/api/communes' });
    expect(res.statusCode).toBe(400);
  });
});

describe('GET /api/offers/map', () => {
  interface MapAnswer {
    total: number;
    truncated: boolean;
    points: { id: string; lat: number; lon: number; title: string; hostName: string; placesLeft: number }[];
  }
  async function map(query: string, headers: Record<string, string> = {}) {
    const res = await app.inject({ method: 'GET', url: `/api/offers/map?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MapAnswer>();
  }
  const names = (a: MapAnswer) => a.points.map((p) => p.title);
  const wide = `${RENNES}&radiusKm=30`;

  it('answers the offers of the list as points, nearest first, with the places left over the weeks', async () => {
    const all = await map(wide);
    const list = await search(`${wide}&pageSize=50`);
    expect(all.total).toBe(list.total);
    expect(all.truncated).toBe(false);
    expect(names(all)).toEqual(titles(list));
    const byTitle = new Map(all.points.map((p) => [p.title, p]));
    expect(byTitle.get('Boulangerie artisanale')).toMatchObject({
      id: o.boulangerie.id,
      lat: 48.12,
      lon: -1.68,
      hostName: 'Le Fournil Rennais',
      placesLeft: 2,
    });
    expect(byTitle.get('Urgences de l’Hôpital Sud')!.placesLeft).toBe(2);
    expect(byTitle.get('Atelier de mécanique')!.placesLeft).toBe(0);
    expect(byTitle.get('Découverte de l’hôpital')!.placesLeft).toBe(4);
    expect(byTitle.get('Accueil du public en mairie')!.placesLeft).toBe(2);
    const distances = all.points.map((p) => haversineKm({ lat: 48.11, lon: -1.68 }, p));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(names(await map(`${RENNES}&radiusKm=10`))).not.toContain('Atelier de mécanique');
  });

  it('applies the filters of the list', async () => {
    expect(names(await map(`${wide}&sector=automobile`))).toEqual(['Atelier de mécanique']);
    expect(names(await map(`${wide}&week=2`)).sort()).toEqual([
      'Accueil du public en mairie',
      'Découverte de l’hôpital',
      'Développement web',
      'Urgences de l’Hôpital Sud',
    ]);
    expect(names(await map(`${wide}&week=both`)).sort()).toEqual([
      'Accueil du public en mairie',
      'Découverte de l’hôpital',
    ]);
    const left = names(await map(`${wide}&placesLeft=true`));
    expect(left).not.toContain('Atelier de mécanique');
    expect(left).toContain('Boulangerie artisanale');
    expect(names(await map(`${wide}&accessible=true`))).toEqual(['Urgences de l’Hôpital Sud']);
    const pub = names(await map(`${wide}&host=public`));
    expect(pub).toContain('Urgences de l’Hôpital Sud');
    expect(pub).not.toContain('Boulangerie artisanale');
    expect(names(await map(`${wide}&q=boulangerie`))).toEqual(['Boulangerie artisanale']);
    expect(names(await map('commune=35238&radiusKm=5'))).toContain('Boulangerie artisanale');
    // without an origin, a text search still answers (by relevance)
    expect(names(await map('q=mecanique'))).toEqual(['Atelier de mécanique']);
  });

  it('shows an offer reserved to a lycée only to its students, and starts from a student’s lycée', async () => {
    const title = 'Pharmacie hospitalière (réservé)';
    expect(names(await map(wide))).not.toContain(title);
    const outside = await signIn(database.db, accounts.outside.student, clock);
    expect(names(await map(wide, { cookie: outside.cookie }))).not.toContain(title);
    const inside = await signIn(database.db, accounts.inside.student, clock);
    expect(names(await map(wide, { cookie: inside.cookie }))).toContain(title);
    // no near nor commune: the lycée of the student (48.1066, -1.6732)
    const school = await map('radiusKm=5', { cookie: inside.cookie });
    expect(names(school)).toContain(title);
    expect(names(school)[0]).toBe('Pharmacie hospitalière (réservé)');
  });

  it('caps the points at the 2,000 nearest and says so', async () => {
    const extra = 2005;
    await database.db.insert(offers).values(
      Array.from({ length: extra }, (_, i) => ({
        campaignId: academy.campaign.id,
        source: 'seed' as const,
        status: 'published' as const,
        hostId: academy.hosts[0]!.id,
        title: `Offre ${i}`,
        description: 'Découverte',
        sectorCode: 'sante',
        // from 0 to about 20 km north of Rennes, the farthest last
        lat: 48.11 + (i * 0.18) / extra,
        lon: -1.68,
      })),
    );
    const capped = await map(wide);
    const list = await search(wide);
    expect(capped.total).toBe(list.total);
    expect(capped.total).toBeGreaterThan(2000);
    expect(capped.truncated).toBe(true);
    expect(capped.points).toHaveLength(2000);
    const distances = capped.points.map((p) => haversineKm({ lat: 48.11, lon: -1.68 }, p));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // the farthest ones are left out: the garage (21 km) and the last generated offers
    expect(names(capped)).not.toContain('Atelier de mécanique');
    expect(names(capped)).not.toContain(`Offre ${extra - 1}`);
    expect(names(capped)).toContain('Offre 0');
  });

  it.each([
    ['page=2', 'paramètre page : paramètre inconnu'],
    ['sort=distance', 'paramètre sort : paramètre inconnu'],
    [`${RENNES}&radiusKm=100`, 'le rayon ne peut pas dépasser 60 km'],
    [`${RENNES}&sector=inconnu`, 'Secteur inconnu : inconnu.'],
    ['radiusKm=10', 'Indiquez un point de départ'],
    [`${RENNES}&commune=35238`, 'soit near, soit commune'],
  ])('%s → 400 with a French message', async (query, message) => {
    const res = await app.inject({ method: 'GET', url: `/api/offers/map?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ detail: string }>().detail).toContain(message);
  });
});

describe('GET /api/sectors', () => {
  it('lists every sector by its French name, for the search filters', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/sectors' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { code: string; name: string }[] }>().items;
    const stored = await database.db.select({ code: sectors.code, name: sectors.name }).from(sectors);
    expect(items).toHaveLength(stored.length);
    expect(items).toContainEqual({ code: 'administration', name: 'Administration publique' });
    expect(items).toContainEqual({
      code: 'hotellerie-restauration',
      name: 'Hôtellerie, restauration et alimentation',
    });
    const names = items.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));
  });

  it('refuses unknown parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/sectors?q=auto' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
