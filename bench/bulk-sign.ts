/**
 * A head's bulk signature (issue 6: "a head's bulk signature of 300 validated conventions: ≤ 30 s
 * end to end, with a progress bar in the page").
 *
 *   node --import tsx bench/bulk-sign.ts [--conventions 300] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Sets up `conventions` validated conventions of one lycée the real way (the conventions service
 * validates each: document PDF rendered and stored, signatories, mails), and, so that the measure
 * includes the worst case, marks the three other parties of each as signed: the head's signature
 * is the last one everywhere, and each batch renders, seals and stores every final PDF. Then,
 * measured: POST /api/conventions/bulk-sign/code, the code read from the outbox, and
 * POST /api/conventions/bulk-sign/:challengeId until done = total (25 a call), through the real
 * server in this process (app.inject: routing, guard, validation, JSON; no socket). Reports the
 * total, each call, and the load average.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { and, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { conventionSignatories, conventions } from '../src/db/schema/index.ts';
import { buildServer } from '../src/server.ts';
import { createAccounts, loadSmallAcademy, signIn } from '../test/fixtures.ts';
import { HEAD_EMAIL, lastCode, validatedConventions } from '../test/convention-signing-fixtures.ts';
import { createTestDatabase } from '../test/helpers/db.ts';

const { values } = parseArgs({
  options: {
    conventions: { type: 'string', default: '300' },
    'database-url': { type: 'string' },
  },
});
const COUNT = Number(values.conventions);
if (values['database-url']) process.env.TEST_DATABASE_URL = values['database-url'];
else delete process.env.TEST_DATABASE_URL;

const now = new Date('2026-11-28T10:00:00Z');
let clock = now;
const database = await createTestDatabase();
const app = await buildServer({
  database,
  clock: () => clock,
  webDist: '/nonexistent',
  config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: false, jobs: false },
});
await app.ready();
try {
  const academy = await loadSmallAcademy(database.db);
  const accounts = await createAccounts(database.db, academy);
  const setupStart = performance.now();
  const list = await validatedConventions(
    database.db,
    academy,
    accounts.inside.school_head!.userId,
    now,
    COUNT,
  );
  // every other party has signed: the head's signature completes and seals each convention
  await database.db
    .update(conventionSignatories)
    .set({ signedAt: now, method: 'email_code', ip: '192.0.2.1', userAgent: 'bench' })
    .where(and(ne(conventionSignatories.role, 'school'), isNull(conventionSignatories.signedAt)));
  // the signed document's hash on each signature, as a real signature records it
  await database.db.execute(
    sql`update convention_signatories s set document_sha256 = c.document_sha256 from conventions c where c.id = s.convention_id`,
  );
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const head = await signIn(database.db, accounts.inside.school_head!, () => clock);
  const headers = { cookie: head.cookie, 'x-csrf-token': head.csrf };
  const load = loadavg()[0]!.toFixed(1);
  // (the platform certificate is created by the first seal, inside the measure, as on a new server)
  clock = new Date(now.getTime() + 60_000);

  const start = performance.now();
  const asked = await app.inject({
    method: 'POST',
    url: '/api/conventions/bulk-sign/code',
    headers,
    payload: { ids: list.map((c) => c.id) },
  });
  if (asked.statusCode !== 202) throw new Error(`code refusé : ${asked.body}`);
  const code = await lastCode(database.db, HEAD_EMAIL);
  const calls: number[] = [];
  let progress = { done: 0, total: 0 };
  do {
    const t0 = performance.now();
    const r = await app.inject({
      method: 'POST',
      url: `/api/conventions/bulk-sign/${asked.json().challengeId}`,
      headers,
      payload: { code },
    });
    if (r.statusCode !== 200) throw new Error(`lot refusé : ${r.body}`);
    calls.push(performance.now() - t0);
    progress = r.json();
  } while (progress.done < progress.total);
  const seconds = (performance.now() - start) / 1000;

  const [{ sealed } = { sealed: 0 }] = await database.db
    .select({ sealed: sql<number>`count(*)::int` })
    .from(conventions)
    .where(and(ne(conventions.status, 'validated'), isNotNull(conventions.sealedSha256)));
  const sorted = [...calls].sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        database: database.kind,
        cores: availableParallelism(),
        loadAtStart: Number(load),
        loadAtEnd: Number(loadavg()[0]!.toFixed(1)),
        setupSeconds: Number(setupSeconds.toFixed(1)),
        conventions: COUNT,
        signedAndSealed: sealed,
        totalSeconds: Number(seconds.toFixed(2)),
        calls: calls.length,
        callMs: {
          median: Math.round(sorted[Math.floor(sorted.length / 2)]!),
          max: Math.round(sorted.at(-1)!),
        },
        msPerConvention: Math.round((seconds * 1000) / COUNT),
      },
      null,
      2,
    ),
  );
} finally {
  await app.close();
  await database.destroy();
}
