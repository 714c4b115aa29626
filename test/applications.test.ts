/**
 * Applications and placement through HTTP on a real database (issue 5, first part): the whole
 * cycle, the split approval, every bad input of the issue (each changes nothing), and the
 * capacity under 200 simultaneous confirmations. PGlite by default, PostgreSQL with
 * TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirm, type ApplicationsDeps } from '../src/applications/service.ts';
import {
  applications,
  auditEvents,
  campaigns,
  mails,
  offerReservations,
  offerWeeks,
  offers,
  studentWeeks,
} from '../src/db/schema/index.ts';
import type { Principal } from '../src/domain/permissions.ts';
import { loadRace, raceSessions } from './application-fixtures.ts';
import { createAccounts, loadSmallAcademy, signIn, type SmallAcademy } from './fixtures.ts';
import { buildTestServer, type TestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;
/** during the 2026-2027 campaign's applications (open from 15 January 2027) */
const OPEN = new Date('2027-02-01T09:00:00Z');
let now = OPEN;
const clock = () => now;
let app: TestApp;
let academy: SmallAcademy;
let accounts: Awaited<ReturnType<typeof createAccounts>>;
/** o1: CHU (host 1), weeks 1 and 2 with 2 places; o2: CHU, full; o3: Breizh (host 2), week 2 with 5 places */
let o1: string;
let o2: string;
let o3: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(database, clock);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
beforeEach(async () => {
  now = OPEN;
  await database.truncate();
  academy = await loadSmallAcademy(database.db);
  accounts = await createAccounts(database.db, academy);
  const list = await database.db.select().from(offers);
  o1 = list.find((o) => o.title === 'Découverte de l’hôpital')!.id;
  o2 = list.find((o) => o.title === 'Laboratoire')!.id;
  o3 = list.find((o) => o.title === 'Développement web')!.id;
});

type Who = keyof typeof accounts.inside;
async function call(
  who: Who | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  where: 'inside' | 'outside' = 'inside',
) {
  const headers: Record<string, string> = {};
  if (who) {
    const s = await signIn(database.db, accounts[where][who], clock);
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrf;
  }
  return app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

const apply = (offerId: string, weeks: number[], where: 'inside' | 'outside' = 'inside') =>
  call(
    'student',
    'POST',
    `/api/offers/${offerId}/applications`,
    { weeks, motivation: 'J’aime soigner.' },
    where,
  );

/** Everything a bad input must leave untouched. */
async function snapshot() {
  const [a, w, o, m, sw] = await Promise.all([
    database.db.select().from(applications).orderBy(applications.id),
    database.db.select().from(offerWeeks).orderBy(offerWeeks.offerId, offerWeeks.week),
    database.db.select({ id: offers.id, status: offers.status }).from(offers).orderBy(offers.id),
    database.db.select({ id: mails.id }).from(mails),
    database.db.select().from(studentWeeks),
  ]);
  return { a, w, o, m: m.length, sw };
}

async function taken(offerId: string) {
  const rows = await database.db.select().from(offerWeeks).where(eq(offerWeeks.offerId, offerId));
  return Object.fromEntries(rows.map((r) => [r.week, r.taken]));
}

async function mailsTo(to: string) {
  return database.db.select().from(mails).where(eq(mails.to, to));
}

describe('the whole cycle', () => {
  it('apply → read → accept → confirm (overlaps cancelled) → withdraw, places taken and given back', async () => {
    // Léa applies to the CHU for both weeks, and to Breizh Informatique for week 2
    const res = await apply(o1, [1, 2]);
    expect(res.statusCode).toBe(201);
    const a1 = res.json();
    expect(a1).toMatchObject({
      status: 'pending',
      weeks: [1, 2],
      offer: { id: o1, title: 'Découverte de l’hôpital' },
      readAt: null,
      expiresAt: '2027-02-16T09:00:00.000Z',
    });
    const a3 = (await apply(o3, [2])).json();
    expect(a3.status).toBe('pending');
    expect((await mailsTo('host_member.in@example.net')).map((m) => m.template)).toEqual([
      'application_received',
    ]);
    expect((await mailsTo('host_member.out@example.net')).map((m) => m.template)).toEqual([
      'application_received',
    ]);

    // the student's list
    const mine = await call('student', 'GET', '/api/applications/mine');
    expect(
      mine
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([a1.id, a3.id].sort());

    // the host's inbox, oldest first, filters; opening one is its read receipt
    const hostId = academy.hosts[0]!.id;
    const inbox = await call('host_member', 'GET', `/api/hosts/${hostId}/applications?status=pending`);
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toEqual([a1.id]);
    expect(
      (await call('host_member', 'GET', `/api/hosts/${hostId}/applications?offerId=${o2}`)).json().items,
    ).toEqual([]);
    now = new Date(OPEN.getTime() + 3_600_000);
    const opened = await call('host_member', 'GET', `/api/applications/${a1.id}`);
    expect(opened.json().readAt).toBe(now.toISOString());
    // a student reading their own does not change it
    expect((await call('student', 'GET', `/api/applications/${a1.id}`)).json().readAt).toBe(
      now.toISOString(),
    );

    // accepted with a message: 7 days to confirm
    const accepted = await call('host_member', 'POST', `/api/applications/${a1.id}/decision`, {
      decision: 'accept',
      message: 'Bienvenue au CHU',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      hostMessage: 'Bienvenue au CHU',
      confirmBy: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
    });
    const studentMail = await mailsTo('student.in@example.net');
    expect(studentMail.map((m) => m.template)).toEqual(['application_accepted']);
    expect(studentMail[0]!.text).toContain('Bienvenue au CHU');

    // confirmed: places taken in both weeks, the overlapping application cancelled, its host told
    const confirmed = await call('student', 'POST', `/api/applications/${a1.id}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    expect(await taken(o1)).toEqual({ 1: 1, 2: 1 });
    const [cancelled] = await database.db.select().from(applications).where(eq(applications.id, a3.id));
    expect(cancelled!.status).toBe('cancelled_by_overlap');
    expect((await mailsTo('host_member.out@example.net')).map((m) => m.template).sort()).toEqual([
      'application_cancelled',
      'application_received',
    ]);
    // the convention of the confirmed stage goes to the host to complete (issue 6)
    expect((await mailsTo('host_member.in@example.net')).map((m) => m.template).sort()).toEqual([
      'application_confirmed',
      'application_received',
      'convention_to_complete',
    ]);
    expect(
      (await database.db.select().from(studentWeeks).where(eq(studentWeeks.studentId, a1.student.id))).length,
    ).toBe(2);

    // withdrawn after confirmation: places back, host told, the weeks free again
    const withdrawn = await call('student', 'POST', `/api/applications/${a1.id}/withdraw`);
    expect(withdrawn.json().status).toBe('withdrawn_by_student');
    expect(await taken(o1)).toEqual({ 1: 0, 2: 0 });
    expect(await database.db.select().from(studentWeeks)).toEqual([]);
    expect((await mailsTo('host_member.in@example.net')).map((m) => m.template).sort()).toEqual([
      'application_cancelled',
      'application_confirmed',
      'application_received',
      'convention_to_complete',
    ]);
    // and the student may apply again
    expect((await apply(o1, [1])).statusCode).toBe(201);
    const actions = (await database.db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'application.created',
        'application.accepted',
        'application.confirmed',
        'application.withdrawn',
      ]),
    );
  });

  it('a refusal needs a message; a host cancels a confirmed stage with a reason, the place comes back', async () => {
    const a = (await apply(o1, [1])).json();
    const noMessage = await call('host_member', 'POST', `/api/applications/${a.id}/decision`, {
      decision: 'refuse',
    });
    expect(noMessage.statusCode).toBe(400);
    expect(noMessage.json().detail).toBe('Indiquez un message à l’élève pour expliquer le refus.');
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    await call('student', 'POST', `/api/applications/${a.id}/confirm`);
    expect(await taken(o1)).toEqual({ 1: 1, 2: 0 });
    const noReason = await call('host_member', 'POST', `/api/applications/${a.id}/cancel`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const cancel = await call('host_member', 'POST', `/api/applications/${a.id}/cancel`, {
      reason: 'Service fermé pour travaux',
    });
    expect(cancel.json()).toMatchObject({
      status: 'cancelled_by_host',
      cancelReason: 'Service fermé pour travaux',
    });
    expect(await taken(o1)).toEqual({ 1: 0, 2: 0 });
    const last = (await mailsTo('student.in@example.net')).find(
      (m) => m.template === 'application_cancelled',
    );
    expect(last!.text).toContain('Service fermé pour travaux');
  });

  it('bulk decisions: each application on its own, another host’s refused', async () => {
    const a = (await apply(o1, [1])).json();
    const b = (await apply(o3, [2], 'inside')).json();
    const res = await call(
      'host_member',
      'POST',
      `/api/hosts/${academy.hosts[0]!.id}/applications/decisions`,
      {
        ids: [a.id, b.id],
        decision: 'refuse',
        message: 'Nous avons déjà nos stagiaires.',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { id: a.id, ok: true, status: 'refused' },
      { id: b.id, ok: false, message: 'Aucune candidature de votre organisme ne correspond.' },
    ]);
    const [still] = await database.db.select().from(applications).where(eq(applications.id, b.id));
    expect(still!.status).toBe('pending');
  });
});

describe('1 + 1 with two hosts', () => {
  it('the second week waits for the head’s agreement, then takes its place', async () => {
    const a = (await apply(o1, [1])).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    await call('student', 'POST', `/api/applications/${a.id}/confirm`);
    const b = (await apply(o3, [2])).json();
    await call(
      'host_member',
      'POST',
      `/api/applications/${b.id}/decision`,
      { decision: 'accept' },
      'outside',
    );
    const asked = await call('student', 'POST', `/api/applications/${b.id}/confirm`);
    expect(asked.json().status).toBe('split_pending');
    expect(await taken(o3)).toEqual({ 2: 0 });
    expect((await mailsTo('school_head.in@example.net')).map((m) => m.template)).toEqual(['split_requested']);
    const list = await call('school_head', 'GET', '/api/schools/0350024L/split-requests');
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    // not the Quimper head's student
    expect(
      (
        await call(
          'school_head',
          'POST',
          `/api/applications/${b.id}/split`,
          { decision: 'approve' },
          'outside',
        )
      ).statusCode,
    ).toBe(404);
    const approved = await call('school_head', 'POST', `/api/applications/${b.id}/split`, {
      decision: 'approve',
    });
    expect(approved.json().status).toBe('confirmed');
    expect(await taken(o3)).toEqual({ 2: 1 });
    expect((await call('school_head', 'GET', '/api/schools/0350024L/split-requests')).json().items).toEqual(
      [],
    );
  });

  it('refused by the head (with a reason), the week is free again', async () => {
    const a = (await apply(o1, [1])).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    await call('student', 'POST', `/api/applications/${a.id}/confirm`);
    const b = (await apply(o3, [2])).json();
    await call(
      'host_member',
      'POST',
      `/api/applications/${b.id}/decision`,
      { decision: 'accept' },
      'outside',
    );
    await call('student', 'POST', `/api/applications/${b.id}/confirm`);
    const noReason = await call('school_head', 'POST', `/api/applications/${b.id}/split`, {
      decision: 'refuse',
    });
    expect(noReason.statusCode).toBe(400);
    const refused = await call('school_head', 'POST', `/api/applications/${b.id}/split`, {
      decision: 'refuse',
      reason: 'Trop loin du lycée',
    });
    expect(refused.json()).toMatchObject({ status: 'split_refused', cancelReason: 'Trop loin du lycée' });
    expect((await database.db.select().from(studentWeeks)).map((w) => w.week)).toEqual([1]);
    expect(await taken(o3)).toEqual({ 2: 0 });
  });

  it('two weeks with one host need no agreement', async () => {
    const a = (await apply(o1, [1, 2])).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    expect((await call('student', 'POST', `/api/applications/${a.id}/confirm`)).json().status).toBe(
      'confirmed',
    );
  });
});

describe('bad input: a precise French message, nothing changed', () => {
  async function refused(
    run: () => Promise<{ statusCode: number; json: () => { detail?: string; type?: string } }>,
    status: number,
    detail: string | RegExp,
  ) {
    const before = await snapshot();
    const res = await run();
    expect(res.statusCode).toBe(status);
    expect(res.json().detail).toMatch(detail);
    expect(await snapshot()).toEqual(before);
  }

  it('applying twice to the same offer', async () => {
    await apply(o1, [1]);
    await refused(() => apply(o1, [2]), 409, 'Vous avez déjà une candidature en cours pour cette offre.');
  });
  it('applying twice at the same moment: the unique index keeps one', async () => {
    const [a, b] = await Promise.all([apply(o1, [1]), apply(o1, [2])]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().detail).toBe(
      'Vous avez déjà une candidature en cours pour cette offre.',
    );
    expect(await database.db.select().from(applications)).toHaveLength(1);
    expect(await mailsTo('host_member.in@example.net')).toHaveLength(1);
  });
  it('applying to a full week', async () => {
    await database.db.update(offers).set({ status: 'full' }).where(eq(offers.id, o2));
    await refused(() => apply(o2, [1]), 409, 'Plus aucune place pour la semaine 1 dans cette offre.');
  });
  it('applying to a week the offer does not have', async () => {
    await refused(() => apply(o3, [1]), 400, 'Cette offre ne propose pas la semaine 1.');
    await refused(() => apply(o3, [3]), 400, 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.');
  });
  it('applying to an offer reserved to another lycée', async () => {
    await database.db.insert(offerReservations).values({ offerId: o3, schoolUai: '0290062L' });
    await refused(
      () => apply(o3, [2]),
      403,
      'Cette offre est réservée aux élèves d’autres lycées que le vôtre.',
    );
    // the Quimper student may
    expect((await apply(o3, [2], 'outside')).statusCode).toBe(201);
  });
  it('applying outside the campaign’s opening dates', async () => {
    now = new Date('2026-12-10T10:00:00Z');
    await refused(() => apply(o1, [1]), 409, 'Les candidatures ouvrent le 15 janvier 2027.');
    now = new Date('2027-06-14T10:00:00Z');
    await refused(
      () => apply(o1, [1]),
      409,
      'Les candidatures pour la semaine 1 sont closes depuis le 13 juin 2027.',
    );
  });
  it('applying after being placed for those weeks', async () => {
    const a = (await apply(o1, [2])).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    await call('student', 'POST', `/api/applications/${a.id}/confirm`);
    await refused(() => apply(o3, [2]), 409, 'Vous avez déjà un stage confirmé pour la semaine 2.');
  });
  it('a motivation too long, or empty', async () => {
    await refused(
      () =>
        call('student', 'POST', `/api/offers/${o1}/applications`, {
          weeks: [1],
          motivation: 'x'.repeat(1501),
        }),
      400,
      'Motivation : 1 500 caractères au plus (1501 reçus).',
    );
    await refused(
      () => call('student', 'POST', `/api/offers/${o1}/applications`, { weeks: [1], motivation: '' }),
      400,
      'Motivation : quelques lignes sont demandées.',
    );
  });
  it('confirming an expired acceptance', async () => {
    const a = (await apply(o1, [1])).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    now = new Date(OPEN.getTime() + 7 * 86_400_000 + 1000);
    await refused(
      () => call('student', 'POST', `/api/applications/${a.id}/confirm`),
      409,
      /^Le délai pour confirmer cette acceptation est dépassé depuis le 8 février 2027/,
    );
  });
  it('answering an application past its expiry date', async () => {
    const a = (await apply(o1, [1])).json();
    now = new Date(OPEN.getTime() + 15 * 86_400_000 + 1000);
    await refused(
      () => call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' }),
      409,
      /^Cette candidature a expiré le 16 février 2027 à 10:00 sans réponse/,
    );
  });
  it('a host deciding on another host’s application', async () => {
    const a = (await apply(o1, [1])).json();
    await refused(
      () =>
        call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' }, 'outside'),
      404,
      'Aucune candidature de votre organisme ne correspond.',
    );
    await refused(
      () =>
        call('host_member', 'GET', `/api/hosts/${academy.hosts[0]!.id}/applications`, undefined, 'outside'),
      404,
      'Aucune candidature de votre organisme ne correspond.',
    );
  });
  it('deciding twice, confirming what is not accepted, another student’s application', async () => {
    const a = (await apply(o1, [1])).json();
    await refused(
      () => call('student', 'POST', `/api/applications/${a.id}/confirm`),
      409,
      'Impossible de « confirmer » une candidature en attente de réponse.',
    );
    await refused(
      () => call('student', 'POST', `/api/applications/${a.id}/withdraw`, undefined, 'outside'),
      404,
      'Aucune de vos candidatures ne correspond.',
    );
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    await refused(
      () =>
        call('host_member', 'POST', `/api/applications/${a.id}/decision`, {
          decision: 'refuse',
          message: 'Non',
        }),
      409,
      'Impossible de « refuser » une candidature acceptée, à confirmer.',
    );
  });
  it('unknown fields and query parameters', async () => {
    await refused(
      () =>
        call('student', 'POST', `/api/offers/${o1}/applications`, { weeks: [1], motivation: 'x', cv: 'y' }),
      400,
      /cv/,
    );
    await refused(
      () => call('host_member', 'GET', `/api/hosts/${academy.hosts[0]!.id}/applications?tri=ancien`),
      400,
      /tri/,
    );
  });
});

describe('capacity under concurrency', () => {
  const twoHundredAcceptances = () => loadRace(database.db, academy, OPEN);

  async function check(offerId: string, results: { ok: boolean; message?: string }[]) {
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const failed = results.filter((r) => !r.ok);
    expect(failed).toHaveLength(197);
    for (const f of failed)
      expect(f.message).toBe(
        'Plus aucune place pour la semaine 1 dans cette offre : d’autres élèves ont confirmé avant vous.',
      );
    expect(await taken(offerId)).toEqual({ 1: 3 });
    const confirmed = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(applications)
      .where(sql`${applications.offerId} = ${offerId} and ${applications.status} = 'confirmed'`);
    expect(confirmed[0]!.n).toBe(3);
    expect((await database.db.select().from(studentWeeks)).length).toBe(3);
    const [o] = await database.db.select().from(offers).where(eq(offers.id, offerId));
    expect(o!.status).toBe('full');
  }

  it('200 confirmations at once through the service: exactly 3 succeed, 197 get the French refusal', async () => {
    const { offerId, apps } = await twoHundredAcceptances();
    const deps: ApplicationsDeps = { db: database.db, clock, publicUrl: 'http://localhost:3000' };
    const started = performance.now();
    const results = await Promise.all(
      apps.map(async (a) => {
        const p: Principal = {
          userId: randomUUID(),
          role: 'student',
          scope: { kind: 'self' },
          studentIds: [a.studentId],
          signatureDelegate: false,
        };
        const r = await confirm(deps, p, a.id);
        return r.ok ? { ok: true } : { ok: false, message: 'message' in r ? r.message : r.error };
      }),
    );
    console.log(
      `200 confirmations (service, ${database.kind}) : ${Math.round(performance.now() - started)} ms`,
    );
    await check(offerId, results);
  });

  it('200 confirmations at once through HTTP: exactly 3 succeed, 197 get a 409 in French', async () => {
    const { offerId, apps } = await twoHundredAcceptances();
    const sessions = await raceSessions(database.db, apps, clock);
    const started = performance.now();
    const responses = await Promise.all(
      sessions.map((s) =>
        app.inject({
          method: 'POST',
          url: `/api/applications/${s.id}/confirm`,
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        }),
      ),
    );
    console.log(`200 confirmations (HTTP, ${database.kind}) : ${Math.round(performance.now() - started)} ms`);
    for (const r of responses) expect([200, 409]).toContain(r.statusCode);
    await check(
      offerId,
      responses.map((r) => (r.statusCode === 200 ? { ok: true } : { ok: false, message: r.json().detail })),
    );
    // the campaign did not move
    expect((await database.db.select().from(campaigns)).length).toBe(1);
  });
});
