/**
 * Steering benchmark (issue 7, « Numbers »): the refresh of the indicators and the dashboards'
 * server time, on the national data set (bench/generate-national.ts) or on the embedded demo.
 *
 *   node --import tsx bench/steering.ts --database-url postgres://postgres@127.0.0.1:5432/ss_national
 *       [--readers 20] [--writers 50] [--duration 180] [--academies 14,01,25] [--lycee UAI]
 *   node --import tsx bench/steering.ts --demo [--requests 60]
 *
 * National: the real server (src/server.ts) listens in this process with its timed jobs, the
 * refresh (`steering-refresh`, every minute) included. First one refresh alone is timed. Then, for
 * `--duration` seconds, `--readers` clients load dashboards one after the other (académies as their
 * rectorat, the country as an administrator, a lycée's dashboard and its students without a
 * placement as its head) while `--writers` clients apply, accept and confirm (bench/applications.ts's
 * cycle) with new students of that lycée. Server time is read on the server (an onResponse hook:
 * reply.elapsedTime), client latency around fetch; both by kind of page. Every dashboard's
 * computedAt is compared with the time of its answer (age of the figures). After the load, one more
 * refresh, then the indicators are checked against the rows: each student of the lycée and of the
 * first académie derived by src/domain/placement-status.ts from the applications, conventions and
 * decisions, compared status by status with the dashboards; the national students and places taken
 * against plain SQL counts. The rows the bench added (its users, students, hosts, offers and what
 * hangs on them) are deleted at the end.
 *
 * Demo: the demo académie (Bretagne, src/seed/demo.ts) in an in-memory PGlite, one refresh, then
 * every dashboard (académie, each département, a bassin, a lycée, a class) `--requests` times.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { openSession } from '../src/accounts/service.ts';
import { openDatabase, rows, type Database, type Db } from '../src/db/client.ts';
import { hosts, memberships, offerWeeks, offers, students, users } from '../src/db/schema/index.ts';
import { weeksOfMask, type ApplicationState, type ExemptionReason } from '../src/domain/application.ts';
import {
  derivePlacement,
  summarizePlacements,
  type PlacementSummary,
} from '../src/domain/placement-status.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { buildServer } from '../src/server.ts';
import { refreshSteering, steeringJobs } from '../src/steering/refresh.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    demo: { type: 'boolean', default: false },
    readers: { type: 'string', default: '20' },
    writers: { type: 'string', default: '50' },
    duration: { type: 'string', default: '180' },
    academies: { type: 'string', default: '14,01,25' },
    lycee: { type: 'string' },
    requests: { type: 'string', default: '60' },
    'keep-rows': { type: 'boolean', default: false },
  },
});
const READERS = Number(values.readers);
const WRITERS = Number(values.writers);
const DURATION_S = Number(values.duration);
const fr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const clock = () => new Date();
const BENCH = 'bench-steering';

const database: Database = values.demo
  ? await openDatabase({})
  : await openDatabase({ url: values['database-url'] ?? process.env.DATABASE_URL, poolSize: 20 });
const db = database.db;

// ---------------------------------------------------------------------------------------------
// measures

const serverTimes = new Map<string, number[]>();
const clientTimes = new Map<string, number[]>();
const push = (m: Map<string, number[]>, k: string, v: number) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};
const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const ms = (x: number) => Math.round(x * 10) / 10;
const summary = (xs: readonly number[]) => ({
  n: xs.length,
  p50: ms(quantile(xs, 0.5)),
  p95: ms(quantile(xs, 0.95)),
  max: ms(Math.max(...xs)),
});

async function withServer<T>(fn: (base: string, app: Awaited<ReturnType<typeof buildServer>>) => Promise<T>) {
  const app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://127.0.0.1', demo: false },
    database,
    clock,
    webDist: '/nonexistent',
    logger: pino({ level: 'error' }, pino.destination(2)) as FastifyBaseLogger,
  });
  app.addHook('onResponse', async (req, reply) => {
    const kind = req.headers['x-bench-kind'];
    if (typeof kind === 'string') push(serverTimes, kind, reply.elapsedTime);
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await fn(base, app);
  } finally {
    await app.close();
  }
}

type Headers = Record<string, string>;

async function session(role: string, scope: Partial<typeof memberships.$inferInsert>, label: string) {
  const [u] = await db
    .insert(users)
    .values({ email: `${label}@${BENCH}.example`, firstName: 'Banc', lastName: label })
    .returning();
  const [m] = await db
    .insert(memberships)
    .values({ userId: u!.id, role, ...scope })
    .returning();
  const s = await openSession({ db, clock }, { userId: u!.id, membershipId: m!.id, method: 'bench' });
  return {
    userId: u!.id,
    headers: {
      cookie: `ss_session=${s.token}`,
      'x-csrf-token': s.csrfToken,
      'content-type': 'application/json',
    } as Headers,
  };
}

async function get(base: string, url: string, headers: Headers, kind: string) {
  const t = performance.now();
  const res = await fetch(`${base}${url}`, {
    headers: { cookie: headers.cookie!, 'x-bench-kind': kind },
  });
  const body = (await res.json()) as Record<string, unknown>;
  push(clientTimes, kind, performance.now() - t);
  if (res.status !== 200) throw new Error(`${url} : ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

function refreshJobName(): string {
  const job = steeringJobs({ db, clock }).find((j) => /refresh/.test(j.name));
  if (!job) throw new Error('pas de tâche de rafraîchissement du pilotage (src/steering/refresh.ts)');
  return job.name;
}

const load = () => loadavg().map((l) => Math.round(l * 100) / 100);

// ---------------------------------------------------------------------------------------------
// independent counts: placement statuses derived from the rows

interface FactRow {
  student_id: string;
  app_id: string | null;
  offer_id: string | null;
  host_id: string | null;
  weeks: number | null;
  status: ApplicationState | null;
  accepted_at: Date | null;
  confirmed_at: Date | null;
  expires_at: Date | null;
  confirm_by: Date | null;
  signed: boolean | null;
  exemption: ExemptionReason | null;
  repli: boolean;
}

/** Statuses of the students of `where` (a condition on students s and schools sc), from the rows. */
async function derivedSummary(where: ReturnType<typeof sql>, schoolYear: string): Promise<PlacementSummary> {
  const list = await rows<FactRow>(
    db,
    sql`select s.id as student_id, a.id as app_id, a.offer_id, o.host_id, a.weeks, a.status,
          a.accepted_at, a.confirmed_at, a.expires_at, a.confirm_by,
          exists (select 1 from conventions c where c.application_id = a.id and c.amends_id is null
                  and c.status in ('signed', 'done')) as signed,
          d.reason as exemption, coalesce(d.kind = 'repli', false) as repli
        from students s
        join classes k on k.id = s.class_id and k.school_year = ${schoolYear}
        join schools sc on sc.uai = s.school_uai
        left join placement_decisions d on d.student_id = s.id and d.revoked_at is null
        left join applications a on a.student_id = s.id
        left join offers o on o.id = a.offer_id
        where ${where}
        order by s.id`,
  );
  const asOf = clock().toISOString();
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const derivations = [];
  for (let i = 0; i < list.length;) {
    const first = list[i]!;
    const apps = [];
    while (i < list.length && list[i]!.student_id === first.student_id) {
      const r = list[i]!;
      if (r.app_id)
        apps.push({
          id: r.app_id,
          offerId: r.offer_id!,
          hostId: r.host_id!,
          weeks: weeksOfMask(r.weeks!),
          status: r.status!,
          acceptedAt: iso(r.accepted_at),
          confirmedAt: iso(r.confirmed_at),
          expiresAt: iso(r.expires_at),
          confirmBy: iso(r.confirm_by),
          conventionSigned: r.signed === true,
        });
      i++;
    }
    derivations.push(
      derivePlacement({
        applications: apps,
        exemption: first.exemption ?? null,
        repli: first.repli,
        asOf,
      }),
    );
  }
  return summarizePlacements(derivations);
}

interface DashboardBody {
  computedAt: string | null;
  headline: { students: number; placed: number; covered: number; exempted: number; unplaced: number };
  statuses: { key: string; count: number }[];
  offers: { takenWeek1: number; takenWeek2: number; placesWeek1: number; placesWeek2: number };
}

function compare(label: string, d: DashboardBody, s: PlacementSummary) {
  const status = (k: string) => d.statuses.find((x) => x.key === k)?.count ?? 0;
  const exempted = d.statuses.filter((x) => x.key.startsWith('exempted')).reduce((n, x) => n + x.count, 0);
  const pairs: [string, number, number][] = [
    ['élèves', d.headline.students, s.total],
    ['placés', d.headline.placed, s.byStatus.placed],
    ['à placer', status('to_place'), s.byStatus.to_place],
    ['en cours', status('in_progress'), s.byStatus.in_progress],
    ['couverts', status('covered'), s.byStatus.covered],
    ['repli', status('repli'), s.byStatus.repli],
    ['dispensés', exempted, s.byStatus.exempted],
  ];
  const wrong = pairs.filter(([, a, b]) => a !== b);
  return {
    label,
    ok: wrong.length === 0,
    figures: Object.fromEntries(
      pairs.map(([k, a, b]) => [k, a === b ? a : `${a} (tableau) ≠ ${b} (lignes)`]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// demo

async function demo(): Promise<void> {
  await database.migrate();
  const today = clock().toISOString().slice(0, 10);
  const tSeed = performance.now();
  await seedDemo(db, { seed: 1, today });
  console.log(`Démo chargée dans PGlite en ${fr.format((performance.now() - tSeed) / 1000)} s`);
  const admin = await session('admin', {}, 'admin');
  const [academy] = await rows<{ code: string }>(db, sql`select code from academies limit 1`);
  const deps = await rows<{ code: string }>(db, sql`select code from departements order by code`);
  const [bassin] = await rows<{ code: string }>(
    db,
    sql`select bassin_code as code from schools where bassin_code is not null and kind = 'lycee'
        group by bassin_code order by count(*) desc limit 1`,
  );
  const [lycee] = await rows<{ uai: string }>(
    db,
    sql`select school_uai as uai from students group by school_uai order by count(*) desc limit 1`,
  );
  const [klass] = await rows<{ id: string }>(
    db,
    sql`select id from classes where school_uai = ${lycee!.uai} order by name limit 1`,
  );
  const scopes = [
    `academie:${academy!.code}`,
    ...deps.map((d) => `departement:${d.code}`),
    `bassin:${bassin!.code}`,
    `lycee:${lycee!.uai}`,
    `classe:${klass!.id}`,
  ];
  const refresh = await refreshSteering({ db, clock });
  const refreshMs = refresh.durationMs;
  console.log(`Rafraîchissement : ${refreshMs} ms`);
  await withServer(async (base) => {
    const out: Record<string, unknown> = {};
    for (const scope of scopes) {
      const url = `/api/steering/dashboard?scope=${encodeURIComponent(scope)}`;
      for (let i = 0; i < 5; i++) await get(base, url, admin.headers, `warm ${scope}`);
      for (let i = 0; i < Number(values.requests); i++) await get(base, url, admin.headers, scope);
      console.log(`${scope} : ${JSON.stringify(summary(serverTimes.get(scope)!))}`);
      out[scope] = { server: summary(serverTimes.get(scope)!), client: summary(clientTimes.get(scope)!) };
    }
    for (const scope of [`lycee:${lycee!.uai}`, `departement:${deps[0]!.code}`]) {
      const kind = `unplaced ${scope}`;
      for (let i = 0; i < Number(values.requests); i++)
        await get(base, `/api/steering/unplaced?scope=${encodeURIComponent(scope)}`, admin.headers, kind);
      out[kind] = { server: summary(serverTimes.get(kind)!), client: summary(clientTimes.get(kind)!) };
    }
    console.log(
      JSON.stringify(
        {
          database: 'pglite (démo Bretagne)',
          cores: availableParallelism(),
          load: load(),
          refreshMs: Math.round(refreshMs),
          dashboards: out,
        },
        null,
        2,
      ),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// national

async function national(): Promise<void> {
  const academyCodes = values.academies!.split(',').map((c) => c.trim());
  const [{ schoolYear }] = (await rows<{ schoolYear: string }>(
    db,
    sql`select school_year as "schoolYear" from classes group by school_year order by count(*) desc limit 1`,
  )) as [{ schoolYear: string }];
  const lyceeUai =
    values.lycee ??
    (
      await rows<{ uai: string }>(
        db,
        sql`select s.school_uai as uai from students s join schools sc on sc.uai = s.school_uai
            where sc.academy_code = ${academyCodes[0]!} group by s.school_uai order by count(*) desc limit 1`,
      )
    )[0]!.uai;
  const [lycee] = await rows<{ academy: string; departement: string; classId: string }>(
    db,
    sql`select sc.academy_code as academy, sc.departement_code as departement,
          (select id from classes where school_uai = sc.uai and school_year = ${schoolYear} order by name limit 1) as "classId"
        from schools sc where sc.uai = ${lyceeUai}`,
  );
  const [campaign] = await rows<{ id: string }>(
    db,
    sql`select id from campaigns where academy_code = ${lycee!.academy} and school_year = ${schoolYear}`,
  );
  console.log(`Lycée suivi : ${lyceeUai} (académie ${lycee!.academy}), année ${schoolYear}`);

  // who reads: an administrator (national), each académie's rectorat, the lycée's head
  const admin = await session('admin', {}, 'admin');
  const rectorats = await Promise.all(
    academyCodes.map((code) => session('rectorat', { academyCode: code }, `rectorat-${code}`)),
  );
  const head = await session('school_head', { schoolUai: lyceeUai }, 'head');
  const dsden = await session('dsden', { departementCode: lycee!.departement }, 'dsden');

  // who writes: one host and one offer (week 1, places enough) per writer, students of the lycée
  const STUDENTS_PER_WRITER = 30;
  const hostRows = await db
    .insert(hosts)
    .values(Array.from({ length: WRITERS }, (_, i) => ({ name: `${BENCH} organisme ${i}`, isPublic: false })))
    .returning({ id: hosts.id });
  const offerRows = await db
    .insert(offers)
    .values(
      hostRows.map((h, i) => ({
        campaignId: campaign!.id,
        hostId: h.id,
        source: 'seed' as const,
        status: 'published' as const,
        title: `${BENCH} offre ${i}`,
        description: 'Banc d’essai du pilotage',
        sectorCode: 'sante',
      })),
    )
    .returning({ id: offers.id });
  await db
    .insert(offerWeeks)
    .values(offerRows.map((o) => ({ offerId: o.id, week: 1, places: STUDENTS_PER_WRITER + 1 })));
  const hostSessions = await Promise.all(
    hostRows.map((h, i) => session('host_member', { hostId: h.id }, `host-${i}`)),
  );
  const studentRows = await db
    .insert(students)
    .values(
      Array.from({ length: WRITERS * STUDENTS_PER_WRITER }, (_, i) => ({
        firstName: `Élève ${i}`,
        lastName: BENCH,
        birthDate: '2011-01-01',
        classId: lycee!.classId,
        schoolUai: lyceeUai,
      })),
    )
    .returning({ id: students.id });
  const studentSessions: Headers[] = [];
  for (let i = 0; i < studentRows.length; i += 50) {
    const chunk = await Promise.all(
      studentRows.slice(i, i + 50).map(async (s, k) => {
        const [u] = await db
          .insert(users)
          .values({
            email: `student-${i + k}@${BENCH}.example`,
            firstName: 'Banc',
            lastName: 'Élève',
            studentId: s.id,
          })
          .returning();
        const [m] = await db
          .insert(memberships)
          .values({ userId: u!.id, role: 'student', schoolUai: lyceeUai })
          .returning();
        const o = await openSession({ db, clock }, { userId: u!.id, membershipId: m!.id, method: 'bench' });
        return {
          cookie: `ss_session=${o.token}`,
          'x-csrf-token': o.csrfToken,
          'content-type': 'application/json',
        };
      }),
    );
    studentSessions.push(...chunk);
  }

  const result: Record<string, unknown> = {
    database: 'postgres',
    cores: availableParallelism(),
    lycee: lyceeUai,
  };
  try {
    // the refresh alone, twice (before the server, whose jobs start with one)
    const alone: number[] = [];
    const loadBefore = load();
    for (let i = 0; i < 2; i++) alone.push((await refreshSteering({ db, clock })).durationMs);
    result.refreshAloneMs = alone;
    result.refreshAloneLoad = [loadBefore, load()];
    console.log(`Rafraîchissement seul : ${alone.join(' ms, ')} ms`);
    await withServer(async (base, app) => {
      const job = refreshJobName();

      const readerPlan: { kind: string; url: string; headers: Headers }[] = [
        ...academyCodes.map((code, i) => ({
          kind: 'académie',
          url: `/api/steering/dashboard?scope=academie:${code}`,
          headers: rectorats[i]!.headers,
        })),
        { kind: 'national', url: '/api/steering/dashboard?scope=national', headers: admin.headers },
        {
          kind: 'département',
          url: `/api/steering/dashboard?scope=departement:${lycee!.departement}`,
          headers: dsden.headers,
        },
        { kind: 'lycée', url: `/api/steering/dashboard?scope=lycee:${lyceeUai}`, headers: head.headers },
        {
          kind: 'lycée, non placés',
          url: `/api/steering/unplaced?scope=lycee:${lyceeUai}`,
          headers: head.headers,
        },
      ];
      // warm-up: each page once
      for (const p of readerPlan) await get(base, p.url, p.headers, `warm ${p.kind}`);

      let running = true;
      const ages: number[] = [];
      const errors: string[] = [];
      const refreshes = new Map<string, number>();
      const reader = async (r: number) => {
        let k = r;
        while (running) {
          const p = readerPlan[k++ % readerPlan.length]!;
          try {
            const body = await get(base, p.url, p.headers, p.kind);
            if (typeof body.computedAt === 'string')
              ages.push((Date.now() - Date.parse(body.computedAt)) / 1000);
          } catch (e) {
            errors.push(String(e).slice(0, 200));
          }
        }
      };
      const post = async (url: string, headers: Headers, body?: unknown) => {
        const t = performance.now();
        const res = await fetch(`${base}${url}`, {
          method: 'POST',
          headers:
            body === undefined
              ? {
                  cookie: headers.cookie!,
                  'x-csrf-token': headers['x-csrf-token']!,
                  'x-bench-kind': 'écriture',
                }
              : { ...headers, 'x-bench-kind': 'écriture' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        push(clientTimes, 'écriture', performance.now() - t);
        return {
          status: res.status,
          json: (await res.json()) as { id?: string; status?: string; detail?: string },
        };
      };
      let cycles = 0;
      const writer = async (c: number) => {
        for (let k = 0; k < STUDENTS_PER_WRITER && running; k++) {
          const student = studentSessions[c * STUDENTS_PER_WRITER + k]!;
          const applied = await post(`/api/offers/${offerRows[c]!.id}/applications`, student, {
            weeks: [1],
            motivation: 'Banc d’essai',
          });
          if (applied.status !== 201) {
            errors.push(`candidature ${applied.status} ${applied.json.detail}`);
            continue;
          }
          const accepted = await post(
            `/api/applications/${applied.json.id}/decision`,
            hostSessions[c]!.headers,
            {
              decision: 'accept',
            },
          );
          if (accepted.status !== 200) {
            errors.push(`acceptation ${accepted.status} ${accepted.json.detail}`);
            continue;
          }
          const confirmed = await post(`/api/applications/${applied.json.id}/confirm`, student);
          if (confirmed.status !== 200) {
            errors.push(`confirmation ${confirmed.status} ${confirmed.json.detail}`);
            continue;
          }
          cycles++;
        }
      };
      const watch = async () => {
        while (running) {
          const [r] = await rows<{ at: Date; d: number }>(
            db,
            sql`select refreshed_at as at, duration_ms as d from steering_refreshes where school_year = ${schoolYear}`,
          );
          if (r) refreshes.set(new Date(r.at).toISOString(), r.d);
          await new Promise((res) => setTimeout(res, 1000));
        }
      };
      const load0 = load();
      const tLoad = performance.now();
      const tasks = [
        ...Array.from({ length: READERS }, (_, r) => reader(r)),
        ...Array.from({ length: WRITERS }, (_, c) => writer(c)),
        watch(),
      ];
      await new Promise((res) => setTimeout(res, DURATION_S * 1000));
      running = false;
      await Promise.all(tasks);
      const wall = (performance.now() - tLoad) / 1000;

      const pages: Record<string, unknown> = {};
      for (const p of [...new Set(readerPlan.map((x) => x.kind)), 'écriture'])
        pages[p] = { server: summary(serverTimes.get(p) ?? []), client: summary(clientTimes.get(p) ?? []) };
      result.load = {
        seconds: Math.round(wall),
        readers: READERS,
        writers: WRITERS,
        loadAverage: [load0, load()],
        pages,
        cyclesConfirmed: cycles,
        cyclesPerSecond: Math.round((cycles / wall) * 10) / 10,
        errors: errors.length,
        firstErrors: [...new Set(errors)].slice(0, 5),
        refreshesDuringLoad: [...refreshes.entries()].map(([at, d]) => ({ at, ms: d })),
        figuresAgeSeconds: {
          p50: ms(quantile(ages, 0.5)),
          p95: ms(quantile(ages, 0.95)),
          max: ms(Math.max(...ages)),
        },
      };
      console.log(JSON.stringify(result.load, null, 2));

      // correct: one more refresh, then the dashboards against the rows
      const t1 = performance.now();
      await app.jobs.run(job);
      result.refreshAfterMs = Math.round(performance.now() - t1);
      const lyceeDash = (await get(
        base,
        `/api/steering/dashboard?scope=lycee:${lyceeUai}`,
        head.headers,
        'check',
      )) as unknown as DashboardBody;
      const academyDash = (await get(
        base,
        `/api/steering/dashboard?scope=academie:${academyCodes[0]}`,
        rectorats[0]!.headers,
        'check',
      )) as unknown as DashboardBody;
      const nationalDash = (await get(
        base,
        '/api/steering/dashboard?scope=national',
        admin.headers,
        'check',
      )) as unknown as DashboardBody;
      const tDerive = performance.now();
      const lyceeRows = await derivedSummary(sql`s.school_uai = ${lyceeUai}`, schoolYear);
      const academyRows = await derivedSummary(sql`sc.academy_code = ${academyCodes[0]!}`, schoolYear);
      const deriveMs = performance.now() - tDerive;
      const [counts] = await rows<{ students: number; taken1: number; taken2: number }>(
        db,
        sql`select (select count(*)::int from students s join classes k on k.id = s.class_id and k.school_year = ${schoolYear}) as students,
          (select coalesce(sum(w.taken), 0)::int from offer_weeks w join offers o on o.id = w.offer_id
             where w.week = 1 and o.status in ('published', 'full') and o.source <> 'off_platform') as taken1,
          (select coalesce(sum(w.taken), 0)::int from offer_weeks w join offers o on o.id = w.offer_id
             where w.week = 2 and o.status in ('published', 'full') and o.source <> 'off_platform') as taken2`,
      );
      result.check = {
        deriveMs: Math.round(deriveMs),
        lycee: compare(`lycee:${lyceeUai}`, lyceeDash, lyceeRows),
        academie: compare(`academie:${academyCodes[0]}`, academyDash, academyRows),
        national: {
          students: [nationalDash.headline.students, counts!.students],
          takenWeek1: [nationalDash.offers.takenWeek1, counts!.taken1],
          takenWeek2: [nationalDash.offers.takenWeek2, counts!.taken2],
          ok:
            nationalDash.headline.students === counts!.students &&
            nationalDash.offers.takenWeek1 === counts!.taken1 &&
            nationalDash.offers.takenWeek2 === counts!.taken2,
        },
        computedAtAgeSeconds: (Date.now() - Date.parse(lyceeDash.computedAt ?? '')) / 1000,
      };
      console.log(JSON.stringify(result.check, null, 2));
    });
  } finally {
    if (!values['keep-rows']) await cleanUp(db);
  }
  console.log(JSON.stringify({ ...result, load: undefined, check: undefined, loadAverageEnd: load() }));
}

/** Deletes what the bench added: its users, students (their applications, conventions…), offers, hosts. */
async function cleanUp(d: Db): Promise<void> {
  const ours = sql`(select id from students where last_name = ${BENCH})`;
  await d.execute(sql`delete from conventions where student_id in ${ours}`);
  await d.execute(sql`delete from users where email like ${`%@${BENCH}.example`}`);
  await d.execute(sql`delete from students where last_name = ${BENCH}`);
  await d.execute(sql`delete from offers where title like ${`${BENCH} %`}`);
  await d.execute(sql`delete from hosts where name like ${`${BENCH} %`}`);
}

try {
  if (values.demo) await demo();
  else await national();
} finally {
  await database.close();
}
