/**
 * Search benchmark (issue 4, "Numbers"): 1,000 searches drawn from real lycée positions on the
 * national data set (bench/generate-national.ts, ≥ 200,000 offers), measured inside the process
 * at the service level, then over HTTP with autocannon (search route vs GET /api/health).
 *
 *   npx tsx bench/search.ts --database-url postgres://…/ss_bench_search [--searches 1000] [--http]
 *   npx tsx bench/search.ts --pglite-from postgres://…/ss_bench_search [--http]
 *       (copies the offers of that database into an in-memory PGlite first)
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rows, type Database } from '../src/db/client.ts';
import { createRng } from '../src/domain/random.ts';
import { searchOfferList, type OfferSearchQuery } from '../src/search/service.ts';
import { readCsvFile } from '../src/seed/csv.ts';
import { buildServer } from '../src/server.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'pglite-from': { type: 'string' },
    searches: { type: 'string', default: '1000' },
    http: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    today: { type: 'string', default: '2026-11-28' },
  },
});
const N = Number(values.searches);
const now = new Date(`${values.today}T10:00:00Z`);

async function copyIntoPglite(sourceUrl: string): Promise<Database> {
  const source = new pg.Pool({ connectionString: sourceUrl, max: 2 });
  const target = await openDatabase({});
  await target.migrate();
  const started = performance.now();
  await target.db.execute(sql`alter table offers disable trigger offers_search_refresh`);
  for (const table of [
    'academies',
    'campaigns',
    'sectors',
    'hosts',
    'offers',
    'offer_weeks',
    'offer_reservations',
  ]) {
    let copied = 0;
    for (let offset = 0; ; offset += 20_000) {
      const { rows: batch } = await source.query<{ data: unknown[] | null }>(
        `select json_agg(t) as data from (select * from ${table} order by 1, 2 limit 20000 offset ${offset}) t`,
      );
      const data = batch[0]?.data;
      if (!data || data.length === 0) break;
      await target.db.execute(
        sql`insert into ${sql.identifier(table)} select * from json_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(data)}::json)`,
      );
      copied += data.length;
    }
    console.log(`  ${table} : ${copied} lignes copiées`);
  }
  await target.db.execute(sql`alter table offers enable trigger offers_search_refresh`);
  await target.db.execute(sql`analyze`);
  await source.end();
  console.log(`Copie dans PGlite : ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return target;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const database = values['pglite-from']
  ? await copyIntoPglite(values['pglite-from'])
  : await openDatabase({ url: values['database-url'] ?? process.env.DATABASE_URL, poolSize: 20 });
const db = database.db;
const [{ count }] = (await rows<{ count: number }>(db, sql`select count(*)::int as count from offers`)) as [
  { count: number },
];
console.log(`Base : ${database.kind}, ${count.toLocaleString('fr-FR')} offres`);

// the searches: real lycée positions, radius 10–30 km, half with a text, half with a filter
const lycees = readCsvFile(fileURLToPath(new URL('./data/lycees.csv', import.meta.url)))
  .records.map(({ values: v }) => ({ lat: Number(v.latitude), lon: Number(v.longitude) }))
  .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && p.lat !== 0);
const sectorRows = await rows<{ code: string; name: string }>(db, sql`select code, name from sectors`);
const titleRows = await rows<{ title: string }>(db, sql`select title from offers order by id limit 2000`);
const words = [
  ...new Set(
    [...sectorRows.map((s) => s.name), ...titleRows.map((t) => t.title)]
      .flatMap((t) => t.toLowerCase().split(/[^a-zà-ÿ]+/))
      .filter((w) => w.length >= 5),
  ),
];
const rng = createRng(20_261_128, 'bench-search');
const queries: OfferSearchQuery[] = [];
for (let i = 0; i < N; i++) {
  const near = rng.pick(lycees);
  const base: OfferSearchQuery = {
    near,
    radiusKm: rng.int(10, 30),
    sectors: [],
    placesLeft: false,
    accessible: false,
    page: 1,
    pageSize: 20,
  };
  if (i % 2 === 0) queries.push({ ...base, q: rng.pick(words) });
  else if (rng.chance(0.5)) queries.push({ ...base, sectors: [rng.pick(sectorRows).code] });
  else queries.push({ ...base, week: rng.pick([1, 2, 'both'] as const) });
}

const deps = { db, clock: () => now };
// warm-up
for (const q of queries.slice(0, 50)) await searchOfferList(deps, null, q);
const times: number[] = [];
const byKind = { text: [] as number[], filter: [] as number[] };
let results = 0;
for (const [i, q] of queries.entries()) {
  const t0 = performance.now();
  const r = await searchOfferList(deps, null, q);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`recherche refusée : ${r.error}`);
  results += r.value.total;
  times.push(ms);
  (i % 2 === 0 ? byKind.text : byKind.filter).push(ms);
}
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${quantile(s, 0.5).toFixed(1)} ms, p95 ${quantile(s, 0.95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
};
console.log(`${N} recherches (service) : ${fmt(times)} ; ${Math.round(results / N)} résultats en moyenne`);
console.log(`  avec texte : ${fmt(byKind.text)}`);
console.log(`  avec filtre : ${fmt(byKind.filter)}`);

if (values.http) {
  const require = createRequire(import.meta.url);
  type Result = {
    requests: { average: number; total: number };
    latency: { p97_5: number; p50: number };
    non2xx: number;
  };
  const autocannon = require('autocannon') as (
    opts: Record<string, unknown>,
    cb: (err: Error | null, result: Result) => void,
  ) => void;
  const app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost', demo: false },
    database,
    clock: () => now,
    webDist: '/nonexistent',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const paths = queries.map((q) => {
    const p = new URLSearchParams({ near: `${q.near!.lat},${q.near!.lon}`, radiusKm: String(q.radiusKm) });
    if (q.q) p.set('q', q.q);
    if (q.sectors[0]) p.set('sector', q.sectors[0]);
    if (q.week) p.set('week', String(q.week));
    return `/api/offers?${p.toString()}`;
  });
  const run = (requests: { path: string }[]) =>
    new Promise<Result>((resolve, reject) =>
      autocannon(
        {
          url: base,
          connections: Number(values.connections),
          duration: Number(values.duration),
          requests,
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      ),
    );
  let next = 0;
  const search = await run([
    {
      path: paths[0]!,
      setupRequest: (req: { path: string }) => ({ ...req, path: paths[next++ % paths.length]! }),
    } as never,
  ]);
  const health = await run([{ path: '/api/health' }]);
  console.log(
    `HTTP (${values.connections} connexions, ${values.duration} s) : recherche ${search.requests.average.toFixed(0)} req/s (${search.requests.total} requêtes pour ${Math.min(N, paths.length)} recherches distinctes, p50 ${search.latency.p50} ms, p97,5 ${search.latency.p97_5} ms, non-2xx ${search.non2xx}) ; santé ${health.requests.average.toFixed(0)} req/s ; rapport ${(search.requests.average / health.requests.average).toFixed(2)}`,
  );
  await app.close();
}
await database.close();
