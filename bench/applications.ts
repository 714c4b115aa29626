/**
 * Applications under load (issue 5: "throughput of the full cycle apply → accept → confirm on
 * PostgreSQL with 50 concurrent clients: ≥ 200 cycles a second on 2 cores"; "200 confirmations
 * fired at once on one offer with 3 places in week 1").
 *
 *   node --import tsx bench/applications.ts [--clients 50] [--cycles 40] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Starts the real server on a free port (embedded PGlite in memory, or a fresh database on the
 * PostgreSQL server of --database-url, dropped afterwards). Each client owns one host and one
 * offer (week 1, enough places) and runs `cycles` cycles one after the other, each with a fresh
 * signed-in student: POST apply, POST decision (accept, by the host), POST confirm. Then 200
 * students holding an acceptance of a 3-place week confirm at once. Reports cycles per second,
 * p50/p95 of a cycle, errors, and the race's outcome and duration; and, because the machine's
 * load moves the throughput far more than the code does, what a cycle costs whatever the load:
 * round trips to the database (every query of a pooled client, BEGIN and COMMIT included), CPU of
 * this Node process (server and clients together: a CPU profile of the cycles gives about 30 % to
 * the clients, fetch/undici and JSON) and CPU of the PostgreSQL backends serving the bench's
 * database (read in /proc, so only with a server on the same machine), with the load average at
 * the start and end. BENCH_WINDOW=1 prints the cycles' window (process.hrtime, µs) on stderr, to
 * cut a `node --cpu-prof` profile to it.
 *
 * The server runs in this process (not `src/cli.ts start` in a child) so that it can use the
 * bench's clock (a day of the campaign's applications); on 2 cores a child process would share
 * the same cores anyway.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { openSession } from '../src/accounts/service.ts';
import { hosts, memberships, offerWeeks, offers, students, users } from '../src/db/schema/index.ts';
import { rows } from '../src/db/client.ts';
import { buildServer } from '../src/server.ts';
import { loadRace, raceSessions } from '../test/application-fixtures.ts';
import { loadSmallAcademy } from '../test/fixtures.ts';
import { createTestDatabase } from '../test/helpers/db.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    cycles: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const CYCLES = Number(values.cycles);
if (values['database-url']) process.env.TEST_DATABASE_URL = values['database-url'];
else delete process.env.TEST_DATABASE_URL;

// round trips to PostgreSQL (every query of a pooled client, BEGIN and COMMIT included), counted
// while `counting` is on
let counting = false;
let roundTrips = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) roundTrips++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const database = await createTestDatabase();
/** CPU seconds of the PostgreSQL backends serving this database (same machine; 0 on PGlite). */
const backendCpu = async (): Promise<Map<number, number>> => {
  const cpu = new Map<number, number>();
  if (database.kind !== 'postgres') return cpu;
  const pids = await rows<{ pid: number }>(
    database.db,
    sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // another machine, or the backend ended: not counted
    }
  }
  return cpu;
};
try {
  // a day of the 2026-2027 campaign's applications, moving with real time from there
  const start = Date.now();
  const clock = () => new Date(Date.parse('2027-02-01T09:00:00Z') + (Date.now() - start));
  const now = clock();
  const academy = await loadSmallAcademy(database.db);
  const s1 = academy.students[0]!;

  // one host, one host member and one offer per client; one student per cycle
  const hostRows = await database.db
    .insert(hosts)
    .values(Array.from({ length: CLIENTS }, (_, i) => ({ name: `Organisme ${i}`, isPublic: false })))
    .returning({ id: hosts.id });
  const offerRows = await database.db
    .insert(offers)
    .values(
      hostRows.map((h, i) => ({
        campaignId: academy.campaign.id,
        hostId: h.id,
        source: 'seed' as const,
        status: 'published' as const,
        title: `Offre ${i}`,
        description: 'Banc d’essai',
        sectorCode: 'sante',
      })),
    )
    .returning({ id: offers.id });
  await database.db
    .insert(offerWeeks)
    .values(offerRows.map((o) => ({ offerId: o.id, week: 1, places: CYCLES + 1 })));
  const session = async (
    role: 'host_member' | 'student',
    i: number,
    extra: { hostId?: string; studentId?: string },
  ) => {
    const [u] = await database.db
      .insert(users)
      .values({
        email: `${role}.${i}@bench.example`,
        firstName: 'Banc',
        lastName: String(i),
        studentId: extra.studentId ?? null,
      })
      .returning();
    const [m] = await database.db
      .insert(memberships)
      .values({
        userId: u!.id,
        role,
        ...(role === 'student' ? { schoolUai: s1.schoolUai } : { hostId: extra.hostId! }),
      })
      .returning();
    const s = await openSession(
      { db: database.db, clock },
      { userId: u!.id, membershipId: m!.id, method: 'bench' },
    );
    return {
      cookie: `ss_session=${s.token}`,
      'x-csrf-token': s.csrfToken,
      'content-type': 'application/json',
    };
  };
  const hostSessions = await Promise.all(hostRows.map((h, i) => session('host_member', i, { hostId: h.id })));
  const studentRows = await database.db
    .insert(students)
    .values(
      Array.from({ length: CLIENTS * CYCLES }, (_, i) => ({
        firstName: `Élève ${i}`,
        lastName: 'Banc',
        birthDate: '2011-01-01',
        classId: s1.classId,
        schoolUai: s1.schoolUai,
      })),
    )
    .returning({ id: students.id });
  const studentSessions: Awaited<ReturnType<typeof session>>[] = [];
  for (const [i, s] of studentRows.entries())
    studentSessions.push(await session('student', i, { studentId: s.id }));

  const app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://127.0.0.1', demo: false },
    database,
    clock,
    webDist: '/nonexistent',
    // errors only (a 500 says why on stderr); no request log, which would cost more than the requests
    logger: pino({ level: 'error' }, pino.destination(2)) as FastifyBaseLogger,
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });

  const post = async (url: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${address}${url}`, {
      method: 'POST',
      headers:
        body === undefined ? { cookie: headers.cookie!, 'x-csrf-token': headers['x-csrf-token']! } : headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      json: (await res.json()) as { id?: string; status?: string; detail?: string },
    };
  };

  const times: number[] = [];
  const errors: string[] = [];
  const client = async (c: number) => {
    for (let k = 0; k < CYCLES; k++) {
      const student = studentSessions[c * CYCLES + k]!;
      const t = performance.now();
      const applied = await post(`/api/offers/${offerRows[c]!.id}/applications`, student, {
        weeks: [1],
        motivation: 'Banc d’essai',
      });
      if (applied.status !== 201) {
        errors.push(`apply ${applied.status} ${applied.json.detail}`);
        continue;
      }
      const id = applied.json.id!;
      const accepted = await post(`/api/applications/${id}/decision`, hostSessions[c]!, {
        decision: 'accept',
      });
      if (accepted.status !== 200) {
        errors.push(`accept ${accepted.status} ${accepted.json.detail}`);
        continue;
      }
      const confirmed = await post(`/api/applications/${id}/confirm`, student);
      if (confirmed.status !== 200 || confirmed.json.status !== 'confirmed') {
        errors.push(`confirm ${confirmed.status} ${confirmed.json.detail}`);
        continue;
      }
      times.push(performance.now() - t);
    }
  };
  const load0 = loadavg()[0]!;
  const pgCpu0 = await backendCpu();
  const nodeCpu0 = process.cpuUsage();
  counting = true;
  if (process.env.BENCH_WINDOW) console.error(`window-start ${process.hrtime.bigint() / 1000n}`);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const wallMs = performance.now() - t0;
  counting = false;
  if (process.env.BENCH_WINDOW) console.error(`window-end ${process.hrtime.bigint() / 1000n}`);
  const nodeCpu = process.cpuUsage(nodeCpu0);
  const pgCpu1 = await backendCpu();
  let pgCpuS = 0;
  for (const [pid, s] of pgCpu1) pgCpuS += s - (pgCpu0.get(pid) ?? 0);
  const load1 = loadavg()[0]!;

  // the race: 200 confirmations at once on 3 places
  const { apps } = await loadRace(database.db, academy, now);
  const sessions = await raceSessions(database.db, apps, clock);
  const tRace = performance.now();
  const race = await Promise.all(
    sessions.map((s) =>
      post(`/api/applications/${s.id}/confirm`, { cookie: s.cookie, 'x-csrf-token': s.csrf }),
    ),
  );
  const raceMs = performance.now() - tRace;
  await app.close();

  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN;
  const round = (x: number) => Math.round(x);
  console.log(
    JSON.stringify(
      {
        database: database.kind,
        cores: availableParallelism(),
        clients: CLIENTS,
        cycles: times.length,
        wallMs: round(wallMs),
        cyclesPerSecond: round((times.length / wallMs) * 1000),
        cycleP50Ms: round(q(0.5)),
        cycleP95Ms: round(q(0.95)),
        roundTripsPerCycle: Math.round((roundTrips / Math.max(1, times.length)) * 10) / 10,
        nodeCpuMsPerCycle:
          Math.round(((nodeCpu.user + nodeCpu.system) / 1000 / Math.max(1, times.length)) * 100) / 100,
        postgresCpuMsPerCycle: Math.round(((pgCpuS * 1000) / Math.max(1, times.length)) * 100) / 100,
        loadAverage: [load0, load1].map((l) => Math.round(l * 100) / 100),
        errors: errors.length,
        firstErrors: [...new Set(errors)].slice(0, 5),
        race: {
          confirmations: race.length,
          succeeded: race.filter((r) => r.status === 200).length,
          refused409: race.filter((r) => r.status === 409).length,
          ms: round(raceMs),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await database.destroy();
}
