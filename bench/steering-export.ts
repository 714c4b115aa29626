/**
 * Steering export benchmark (issue 7, « Bad input »: an export of 500,000 rows streams without
 * loading it all in memory, ≤ 1 GB): the students table of a scope, downloaded through the real
 * route (GET /api/steering/export) from the server listening in this process (jobs off), read
 * chunk by chunk as a client would. Measures rows (CSV: lines after the header), bytes, seconds,
 * and the peak RSS of the process (process.memoryUsage().rss sampled every 100 ms), and prints a
 * line for docs/benchmarks.md.
 *
 *   npx tsx bench/steering-export.ts --database-url postgres://postgres@127.0.0.1:5432/ss_national
 *       [--scope national] [--format csv,xlsx] [--today 2026-11-28]
 *
 * Signs in as an administrator created for the bench (bench.export@example.net, kept between runs).
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openSession } from '../src/accounts/service.ts';
import { openDatabase, rows } from '../src/db/client.ts';
import { memberships, users } from '../src/db/schema/index.ts';
import { buildServer } from '../src/server.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    scope: { type: 'string', default: 'national' },
    format: { type: 'string', default: 'csv,xlsx' },
    today: { type: 'string', default: '2026-11-28' },
  },
});
const now = new Date(`${values.today}T10:00:00Z`);
const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) throw new Error('--database-url manquant');

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

const database = await openDatabase({ url, poolSize: 4 });
const db = database.db;
const EMAIL = 'bench.export@example.net';
let [admin] = await rows<{ userId: string; membershipId: string }>(
  db,
  sql`select u.id as "userId", m.id as "membershipId" from users u join memberships m on m.user_id = u.id
      where lower(u.email) = ${EMAIL} and m.role = 'admin' limit 1`,
);
if (!admin) {
  const [u] = await db
    .insert(users)
    .values({ email: EMAIL, firstName: 'Bench', lastName: 'Export' })
    .returning();
  const [m] = await db.insert(memberships).values({ userId: u!.id, role: 'admin' }).returning();
  admin = { userId: u!.id, membershipId: m!.id };
}
const session = await openSession(
  { db, clock: () => now },
  { userId: admin.userId, membershipId: admin.membershipId, method: 'test' },
);
const [{ students }] = (await rows<{ students: number }>(
  db,
  sql`select count(*)::int as students from students`,
)) as [{ students: number }];

const app = await buildServer({
  config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost', demo: false, jobs: false },
  database,
  clock: () => now,
  webDist: '/nonexistent',
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

function download(format: string): Promise<{ status: number; bytes: number; lines: number; ms: number }> {
  const search = new URLSearchParams({ scope: values.scope!, schoolType: 'all', table: 'students', format });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/steering/export?${search}`,
        headers: { cookie: `ss_session=${session.token}` },
      },
      (res) => {
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (format === 'csv') for (const b of chunk) if (b === 0x0a) lines++;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes, lines, ms: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

console.log(
  `Base : ${students.toLocaleString('fr-FR')} élèves ; périmètre ${values.scope} ; RSS au départ ${(peakRss / 2 ** 20).toFixed(0)} Mio`,
);
for (const format of values.format!.split(',')) {
  peakRss = process.memoryUsage().rss;
  const r = await download(format);
  if (r.status !== 200) throw new Error(`export ${format} : HTTP ${r.status}`);
  // CSV: 3 header lines, a blank line and the titles before the rows
  const rowsOut = format === 'csv' ? r.lines - 5 : null;
  const s = r.ms / 1000;
  console.log(
    `export ${format} des élèves (${values.scope}) : ${rowsOut === null ? '' : `${rowsOut.toLocaleString('fr-FR')} lignes, `}${(r.bytes / 2 ** 20).toFixed(1)} Mio en ${s.toFixed(1)} s${rowsOut === null ? '' : ` (${Math.round(rowsOut / s).toLocaleString('fr-FR')} lignes/s)`}, RSS maximale ${(peakRss / 2 ** 20).toFixed(0)} Mio`,
  );
}
clearInterval(sampler);
await app.close();
await database.close();
