/**
 * Password sign-in under load (issue 3: "sign-in of 100 accounts in parallel on 2 cores completes
 * without error; report p95").
 *
 *   node --import tsx bench/sign-in.ts [--accounts 100] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Creates the host accounts (argon2id, m = 19 MiB, t = 2, p = 1), starts the real server on a
 * free port (embedded PGlite in memory, or a fresh database created on the PostgreSQL server of
 * --database-url and dropped afterwards), then sends every POST /api/auth/sign-in at once over
 * HTTP. Each request carries its own X-Forwarded-For so that the per-IP limit (30 per 15 min)
 * does not turn the benchmark into a rate-limit test. Reports p50, p95, max and errors.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { hosts, memberships, users } from '../src/db/schema/index.ts';
import { hashPassword } from '../src/infra/password.ts';
import { buildServer } from '../src/server.ts';
import { createTestDatabase } from '../test/helpers/db.ts';

const { values } = parseArgs({
  options: { accounts: { type: 'string', default: '100' }, 'database-url': { type: 'string' } },
});
const N = Number(values.accounts);
if (values['database-url']) process.env.TEST_DATABASE_URL = values['database-url'];
else delete process.env.TEST_DATABASE_URL;

const PASSWORD = 'cheval agrafe batterie correcte';
const database = await createTestDatabase();
try {
  // accounts: hashing is part of the set-up, timed on its own
  const tHash = performance.now();
  const passwordHash = await hashPassword(PASSWORD);
  const oneHashMs = performance.now() - tHash;
  const tSetup = performance.now();
  const hashes = await Promise.all(Array.from({ length: N }, () => hashPassword(PASSWORD)));
  const setupHashMs = performance.now() - tSetup;
  void passwordHash;
  const hostRows = await database.db
    .insert(hosts)
    .values(Array.from({ length: N }, (_, i) => ({ name: `Organisme ${i}`, isPublic: false })))
    .returning({ id: hosts.id });
  const userRows = await database.db
    .insert(users)
    .values(
      hashes.map((h, i) => ({
        email: `hote${i}@bench.example`,
        firstName: 'Hôte',
        lastName: String(i),
        passwordHash: h,
        emailVerifiedAt: new Date(),
      })),
    )
    .returning({ id: users.id });
  await database.db
    .insert(memberships)
    .values(userRows.map((u, i) => ({ userId: u.id, role: 'host_member', hostId: hostRows[i]!.id })));

  const app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://127.0.0.1', demo: false },
    database,
    clock: () => new Date(),
    webDist: '/nonexistent',
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });

  const signInOnce = async (i: number) => {
    const t = performance.now();
    try {
      const res = await fetch(`${address}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ email: `hote${i}@bench.example`, password: PASSWORD }),
      });
      await res.arrayBuffer();
      const cookie = res.headers.get('set-cookie') ?? '';
      return {
        ms: performance.now() - t,
        ok: res.status === 200 && cookie.includes('ss_session='),
        status: res.status,
      };
    } catch (error) {
      return { ms: performance.now() - t, ok: false, status: String(error) };
    }
  };

  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: N }, (_, i) => signInOnce(i)));
  const wallMs = performance.now() - t0;
  await app.close();

  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  const errors = results.filter((r) => !r.ok);
  const round = (x: number) => Math.round(x);
  console.log(
    JSON.stringify(
      {
        database: database.kind,
        cores: availableParallelism(),
        uvThreadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
        accounts: N,
        oneHashMs: round(oneHashMs),
        setupHashesMs: round(setupHashMs),
        wallMs: round(wallMs),
        p50Ms: round(q(0.5)),
        p95Ms: round(q(0.95)),
        maxMs: round(times.at(-1)!),
        errors: errors.length,
        errorStatuses: [...new Set(errors.map((e) => e.status))],
      },
      null,
      2,
    ),
  );
} finally {
  await database.destroy();
}
