/**
 * CSV import benchmark (issue 5): 10,000 offers made from the real 2025 offers (bench/data/
 * offres-2025.csv: their sector, street, postal code and commune; titles and descriptions from the
 * seed's sector texts) written as one CSV file, then imported through the service (preview, then
 * publication in one transaction) for one host, on a scratch PostgreSQL database (created, then
 * dropped) and on an in-memory PGlite. The national reference data (académies, départements,
 * 36,208 communes, sectors) is loaded first, as in bench/generate-national.ts.
 *
 *   npx tsx bench/offer-import.ts [--server-url postgres://postgres@127.0.0.1:5432] [--offers 10000]
 *       [--no-pglite] [--no-postgres] [--csv-out /tmp/offres.csv]
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.ts';
import { academies, communes, departements, hosts, sectors } from '../src/db/schema/index.ts';
import { createRng } from '../src/domain/random.ts';
import { importOffers } from '../src/offers/import.ts';
import { readCsvFile } from '../src/seed/csv.ts';
import { insertBatched } from '../src/seed/insert.ts';
import { SECTOR_CONTENT } from '../src/seed/offer-content.ts';
import {
  Collector,
  normalizeDepartementCode,
  parseCommunes,
  parseOffers,
  parseSectors,
  type AcademyScope,
} from '../src/seed/reference.ts';

const { values } = parseArgs({
  options: {
    'server-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    offers: { type: 'string', default: '10000' },
    'no-pglite': { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
    'csv-out': { type: 'string' },
  },
});
const N = Number(values.offers);
const dataDir = join(import.meta.dirname, 'data');
const now = new Date('2026-11-28T10:00:00Z');

// --- reference data and the CSV file ----------------------------------------------------------
const c = new Collector();
const lyceesCsv = readCsvFile(join(dataDir, 'lycees.csv'));
const academyRows = new Map<string, typeof academies.$inferInsert>();
const departementRows = new Map<string, typeof departements.$inferInsert>();
for (const { values: v } of lyceesCsv.records) {
  if (!v.code_academie || !v.code_departement) continue;
  academyRows.set(v.code_academie, {
    code: v.code_academie,
    name: v.academie!,
    regionCode: v.code_region!,
    regionName: v.region!,
  });
  const d = normalizeDepartementCode(v.code_departement);
  if (!departementRows.has(d))
    departementRows.set(d, { code: d, name: v.departement!, academyCode: v.code_academie });
}
const scope: AcademyScope = {
  code: '*',
  name: 'France',
  regionCode: '',
  regionName: '',
  departements: new Proxy({}, { has: () => true }) as Record<string, string>,
  bassinAnchors: [],
};
const communeRows = parseCommunes(readCsvFile(join(dataDir, 'communes.csv')), scope, c);
const sectorRows = parseSectors(readCsvFile(join(dataDir, 'secteurs.csv')), c);
const sources = parseOffers(readCsvFile(join(dataDir, 'offres-2025.csv')), sectorRows, c);

const HOURS = [
  'lun-ven 9:00-12:00,13:30-17:00',
  'lun-jeu 8:30-12:00,13:30-17:00 | ven 8:30-12:00',
  'lun-ven 9:00-12:30,14:00-17:00',
  'lun,mar,jeu,ven 9:00-12:00,13:00-16:00',
];
const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function buildCsv(count: number): string {
  const rng = createRng(2025);
  const pick = <T>(list: readonly T[]): T => rng.pick(list);
  const lines = [
    'titre;description;activites;code_secteur;adresse;code_postal;commune;semaine_1_places;semaine_2_places;horaires;accessible',
  ];
  for (let i = 0; i < count; i++) {
    const s = sources[i % sources.length]!;
    const content = SECTOR_CONTENT[s.sectorCode] ?? SECTOR_CONTENT['mode']!;
    const intro = pick(content.intros)
      .replace(/\{host\}/g, 'Notre structure')
      .replace(/\{[a-z_]+\}/g, s.communeName);
    const w1 = rng.int(0, 3);
    const w2 = w1 === 0 ? rng.int(1, 3) : rng.int(0, 3);
    lines.push(
      [
        pick(content.titles),
        intro,
        content.activities.slice(0, 3).join(', '),
        s.sectorCode,
        s.address ?? '',
        s.postalCode,
        s.communeName,
        String(w1),
        String(w2),
        pick(HOURS),
        rng.chance(0.3) ? 'oui' : 'non',
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `${lines.join('\n')}\n`;
}
const csv = buildCsv(N);
const bytes = new TextEncoder().encode(csv);
if (values['csv-out']) writeFileSync(values['csv-out'], csv);
console.log(
  `Fichier : ${N.toLocaleString('fr-FR')} offres tirées des ${sources.length.toLocaleString('fr-FR')} offres réelles de 2025, ${(bytes.length / 1024 / 1024).toFixed(1)} Mo`,
);

async function run(label: string, database: Database) {
  await database.migrate();
  const db = database.db;
  await insertBatched(db, academies, [...academyRows.values()]);
  await insertBatched(db, departements, [...departementRows.values()]);
  await insertBatched(db, communes, communeRows);
  await insertBatched(db, sectors, sectorRows);
  const [host] = await db
    .insert(hosts)
    .values({ name: 'Organisme du banc d’essai', siret: '73282932000074', isPublic: false })
    .returning();
  const deps = { db, clock: () => now, publicUrl: 'http://localhost:3000' };

  const t0 = performance.now();
  const preview = await importOffers(deps, null, host!.id, bytes, { dryRun: true });
  const t1 = performance.now();
  if (!preview.ok) throw new Error(JSON.stringify(preview).slice(0, 500));
  const done = await importOffers(deps, null, host!.id, bytes, { dryRun: false, skipErrors: true });
  const t2 = performance.now();
  if (!done.ok) throw new Error(JSON.stringify(done).slice(0, 500));
  console.log(
    `${label} : aperçu ${((t1 - t0) / 1000).toFixed(1)} s ; import ${((t2 - t1) / 1000).toFixed(1)} s — ${done.counts.published.toLocaleString('fr-FR')} offres publiées, ${done.counts.errors} lignes en erreur${done.errors[0] ? ` (ex. ligne ${done.errors[0].line} : ${done.errors[0].message})` : ''}`,
  );
  return { preview: t1 - t0, import: t2 - t1 };
}

if (!values['no-postgres']) {
  const name = `ss_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values['server-url'] });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(values['server-url']);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 4 });
  try {
    await run('PostgreSQL', database);
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
if (!values['no-pglite']) {
  const database = await openDatabase({});
  try {
    await run('PGlite (mémoire)', database);
  } finally {
    await database.close();
  }
}
