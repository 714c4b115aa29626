import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { campaigns, offers, students } from '../src/db/schema/index.ts';
import { buildOfflineGeocoder } from '../src/infra/geocoding/offline.ts';
import { isSeeded, resetDatabase, seedDemo, type SeedReport } from '../src/seed/demo.ts';
import { campaignIdFor, generateDemo } from '../src/seed/generate.ts';
import { loadReferenceData } from '../src/seed/reference.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { hashRows } from './helpers/hash.ts';

const SEED = 2026;
const TODAY = '2026-01-20';

let database: TestDatabase;
let report: SeedReport;
const messages: string[] = [];

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: string | number }>(database.db, query);
  return Number(row!.n);
}

beforeAll(async () => {
  database = await createTestDatabase();
  report = await seedDemo(database.db, { seed: SEED, today: TODAY, log: (m) => messages.push(m) });
});

afterAll(async () => {
  await database?.destroy();
});

describe('the demo seed of the académie de Rennes', () => {
  it('reports what it inserted, table by table, and how fast', async () => {
    for (const [table, n] of Object.entries(report.counts)) {
      expect(await count(sql.raw(`select count(*) as n from "${table}"`)), table).toBe(n);
    }
    expect(report.rows).toBe(Object.values(report.counts).reduce((a, b) => a + b, 0));
    expect(report.schoolYear).toBe('2025-2026');
    expect(report.durationMs).toBeGreaterThan(0);
    expect(report.rowsPerSecond).toBeGreaterThan(0);
    // how fast is measured by bench/seed-throughput.ts (docs/benchmarks.md), not here: a time
    // limit in a test fails on a loaded machine without telling anything about the code
  });

  it('logs short French progress lines', () => {
    expect(messages).toContain('Lycées : 141 importés (19 bassins)');
    expect(messages.some((m) => /^Élèves : 36 105 générés/.test(m.replace(/\u202f/g, ' ')))).toBe(true);
    expect(messages.at(-1)).toMatch(/^Terminé : /);
  });

  it('loads the lycées of Bretagne: 141 distinct UAI (one duplicate line rejected), 137 with 2de GT students', async () => {
    expect(report.lycees).toBe(141);
    expect(
      await count(sql`select count(*) as n from schools where kind = 'lycee' and academy_code = '14'`),
    ).toBe(141);
    expect(
      await count(sql`select count(*) as n from schools where kind = 'lycee' and headcount_2de_gt > 0`),
    ).toBe(137);
    expect(report.rejected).toEqual([
      { file: 'lycees-bretagne.csv', line: 119, reason: 'UAI en double : 0350778F' },
    ]);
    expect(
      await count(sql`select count(distinct departement_code) as n from schools where kind = 'lycee'`),
    ).toBe(4);
    expect(
      await count(sql`select count(*) as n from schools where kind = 'lycee' and bassin_code is null`),
    ).toBe(0);
    expect(await count(sql`select count(*) as n from schools where kind = 'lycee' and qpv`)).toBe(52);
  });

  it('loads the écoles of Ille-et-Vilaine with their circonscriptions and IEN offices', async () => {
    expect(await count(sql`select count(*) as n from schools where kind = 'ecole'`)).toBe(684);
    expect(await count(sql`select count(*) as n from circonscriptions where office_uai is not null`)).toBe(
      19,
    );
    expect(
      await count(sql`select count(*) as n from schools where kind = 'ecole' and circonscription_id is null`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from academic_services where circonscription_id is not null`),
    ).toBe(19);
    expect(await count(sql`select count(*) as n from communes where type = 'COMD'`)).toBe(42);
  });

  it('generates exactly the declared size of every class, each student with one or two guardians', async () => {
    const declared = await count(sql`select sum(declared_size) as n from classes`);
    expect(declared).toBe(36_105);
    expect(await count(sql`select count(*) as n from students`)).toBe(declared);
    expect(
      await count(
        sql`select count(*) as n from classes c where c.declared_size <> (select count(*) from students s where s.class_id = c.id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*) as n from students s where (select count(*) from guardians g where g.student_id = s.id) not in (1, 2)`,
      ),
    ).toBe(0);
    const two = await count(
      sql`select count(*) as n from (select student_id from guardians group by student_id having count(*) = 2) x`,
    );
    expect(two / declared).toBeGreaterThan(0.65);
    expect(two / declared).toBeLessThan(0.75);
    // every lycée with a 2de GT headcount has students
    expect(
      await count(
        sql`select count(*) as n from schools l where l.kind = 'lycee' and l.headcount_2de_gt > 0 and not exists (select 1 from students s where s.school_uai = l.uai)`,
      ),
    ).toBe(0);
  });

  it('places at least 95 % of the offers and drafts the others', async () => {
    const total = await count(sql`select count(*) as n from offers`);
    const published = await count(
      sql`select count(*) as n from offers where status = 'published' and lat is not null and lon is not null`,
    );
    expect(total).toBe(3012);
    expect(published / total).toBeGreaterThanOrEqual(0.95);
    const byMethod = report.offersPlaced;
    expect(byMethod.postal_code_name + byMethod.postal_code + byMethod.name).toBe(published);
    expect(await count(sql`select count(*) as n from offers where status = 'draft' and lat is null`)).toBe(
      report.offersNotPlaced.length,
    );
    expect(await count(sql`select count(*) as n from offers where education_nationale`)).toBeGreaterThan(200);
    expect(await count(sql`select count(distinct sector_code) as n from offers`)).toBeGreaterThan(40);
  });

  it('writes exactly the rows the generator makes for the seed (deterministic ids and values)', async () => {
    const ref = loadReferenceData();
    const generated = generateDemo(ref, {
      seed: SEED,
      today: TODAY,
      schoolYear: '2025-2026',
      campaignId: campaignIdFor(SEED, '2025-2026'),
      geocoder: buildOfflineGeocoder(ref.communes),
    });
    const storedStudents = await database.db.select().from(students);
    const storedOffers = await database.db.select().from(offers);
    // compare the columns the generator writes (others keep their defaults, and later issues add some)
    const project = (stored: readonly object[], made: readonly object[]) => {
      const keys = new Set(made.flatMap((r) => Object.keys(r)));
      return stored.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => keys.has(k))));
    };
    expect(hashRows(project(storedStudents, generated.students))).toBe(hashRows(generated.students));
    expect(hashRows(project(storedOffers, generated.offers.offers))).toBe(hashRows(generated.offers.offers));
    const [campaign] = await database.db.select().from(campaigns);
    expect(campaign!.id).toBe(campaignIdFor(SEED, '2025-2026'));
  });

  it('knows it is seeded and refuses to seed twice', async () => {
    expect(await isSeeded(database.db)).toBe(true);
    await expect(seedDemo(database.db, { seed: SEED, today: TODAY })).rejects.toThrow(
      /déjà l’académie de démonstration/,
    );
  });

  it('empties every table on reset, keeping the schema', async () => {
    await resetDatabase(database.db);
    expect(await isSeeded(database.db)).toBe(false);
    for (const table of Object.keys(report.counts)) {
      expect(await count(sql.raw(`select count(*) as n from "${table}"`)), table).toBe(0);
    }
    await database.db.execute(
      sql`insert into academies (code, name, region_code, region_name) values ('14', 'Rennes', '53', 'Bretagne')`,
    );
    expect(await count(sql`select count(*) as n from academies`)).toBe(1);
  });
});
