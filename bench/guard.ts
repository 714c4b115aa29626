/**
 * What authorisation costs a request (issue 3: "authorization adds ≤ 1 ms per request").
 *
 *   node --import tsx bench/guard.ts [--requests 3000] [--database-url postgres://…/empty_db]
 *
 * 1. The decision alone: authorizeRole + authorize (domain/permissions.ts), in a loop.
 * 2. Per request, through HTTP (Fastify inject, embedded PGlite): GET /api/session, which runs no
 *    query of its own, read anonymously and with a session cookie; the difference is the guard's
 *    work (cookie → one query for session, user and memberships → principal → permission check).
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { authorize, authorizeRole, type Principal } from '../src/domain/permissions.ts';
import { buildServer } from '../src/server.ts';
import { createAccounts, loadSmallAcademy, signIn } from '../test/fixtures.ts';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '3000' }, 'database-url': { type: 'string' } },
});
const N = Number(values.requests);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

// 1. decision alone
const head: Principal = {
  userId: 'u',
  role: 'school_head',
  scope: { kind: 'lycee', uai: '0350024L', departementCode: '35', academyCode: '14' },
  studentIds: [],
  signatureDelegate: false,
};
const loops = 1_000_000;
const t = performance.now();
for (let i = 0; i < loops; i++) {
  authorizeRole(head, 'student.read');
  authorize(head, 'student.read', { schoolUai: i % 2 ? '0350024L' : '0290062L' });
}
const decisionNs = ((performance.now() - t) * 1e6) / loops;

// 2. per request
// on PostgreSQL, give an empty database: node --import tsx bench/guard.ts --database-url postgres://…/empty
const database = await openDatabase({ url: values['database-url'] });
await database.migrate();
const academy = await loadSmallAcademy(database.db);
const { inside } = await createAccounts(database.db, academy);
const clock = () => new Date();
const app = await buildServer({
  config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: true },
  database,
  clock,
  webDist: '/nonexistent',
});
await app.ready();
const session = await signIn(database.db, inside.school_head, clock);

async function measure(headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    // GET /api/session does no query of its own: the difference between the two is the guard
    const res = await app.inject({ url: '/api/session', headers });
    times.push(performance.now() - t0);
    if (res.statusCode !== 200 || res.json().authenticated !== Boolean(headers.cookie)) {
      throw new Error(`réponse inattendue ${res.statusCode} ${res.body}`);
    }
  }
  return times.sort((a, b) => a - b);
}
// warm-up
await measure({});
await measure({ cookie: session.cookie });
const anonymous = await measure({});
const signedIn = await measure({ cookie: session.cookie });
const row = (label: string, s: number[]) =>
  `${label}: p50 ${quantile(s, 0.5).toFixed(3)} ms, p95 ${quantile(s, 0.95).toFixed(3)} ms`;
console.log(`décision seule (authorizeRole + authorize) : ${decisionNs.toFixed(0)} ns`);
console.log(row('GET /api/session sans session', anonymous));
console.log(row('GET /api/session avec session (cookie → session → rôle → permission)', signedIn));
console.log(
  `surcoût de la garde par requête : p50 ${(quantile(signedIn, 0.5) - quantile(anonymous, 0.5)).toFixed(3)} ms, p95 ${(quantile(signedIn, 0.95) - quantile(anonymous, 0.95)).toFixed(3)} ms`,
);
await app.close();
await database.close();
