/**
 * The timed work on applications (src/applications/timers.ts) with a fake clock: expiry at 15
 * days, reminders at 5 and 2 days sent once each, the lapse of an acceptance not confirmed, the
 * daily digest (chosen by the host, or past 5 mails in 24 hours), and the host's setting route.
 * PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apply as applyService, type ApplicationsDeps } from '../src/applications/service.ts';
import { expireDue, lapseDue, remindHosts, sendDigests } from '../src/applications/timers.ts';
import { applications, classes, hosts, mails, offerWeeks, offers, students } from '../src/db/schema/index.ts';
import type { Principal } from '../src/domain/permissions.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const DAY = 86_400_000;
/** during the 2026-2027 campaign's applications (open from 15 January 2027) */
const OPEN = new Date('2027-02-01T09:00:00Z');
const t = useAcademyApp({ start: OPEN });
const at = (ms: number) => new Date(OPEN.getTime() + ms);
const HOST_MAIL = 'host_member.in@example.net';
const STUDENT_MAIL = 'student.in@example.net';

function deps(): ApplicationsDeps {
  return { db: t.database.db, clock: () => t.now, publicUrl: 'http://localhost:3000' };
}

async function offerId(title: string) {
  const [o] = await t.database.db.select().from(offers).where(eq(offers.title, title));
  return o!.id;
}

type Who = 'student' | 'host_member';
async function call(
  who: Who,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  where: 'inside' | 'outside' = 'inside',
) {
  const s = await signIn(t.database.db, t.accounts[where][who], () => t.now);
  return t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** Léa (student.in) applies through HTTP. */
async function leaApplies(offer: string, weeks = [1]) {
  const res = await call('student', 'POST', `/api/offers/${offer}/applications`, {
    weeks,
    motivation: 'J’aime soigner.',
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; expiresAt: string };
}

/** Another student of Léa's lycée applies through the service (no account needed). */
async function someoneApplies(offer: string, n: number) {
  const [c] = await t.database.db.select().from(classes).where(eq(classes.name, '2NDE1'));
  const [s] = await t.database.db
    .insert(students)
    .values({
      firstName: `Élève${n}`,
      lastName: 'Test',
      birthDate: '2011-01-01',
      classId: c!.id,
      schoolUai: '0350024L',
    })
    .returning();
  const p: Principal = {
    userId: randomUUID(),
    role: 'student',
    scope: { kind: 'self' },
    studentIds: [s!.id],
    signatureDelegate: false,
  };
  const r = await applyService(deps(), p, offer, { weeks: [1], motivation: 'Motivé.' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.application.id;
}

async function templatesTo(to: string) {
  return (await t.database.db.select().from(mails).where(eq(mails.to, to))).map((m) => m.template).sort();
}
async function mailsTo(to: string, template: string) {
  return t.database.db
    .select()
    .from(mails)
    .where(and(eq(mails.to, to), eq(mails.template, template)));
}
async function application(id: string) {
  const [a] = await t.database.db.select().from(applications).where(eq(applications.id, id));
  return a!;
}

describe('expiry', () => {
  it('expires an unanswered application at exactly 15 days, not before, and tells both sides once', async () => {
    const o1 = await offerId('Découverte de l’hôpital');
    const a = await leaApplies(o1);
    expect(a.expiresAt).toBe(at(15 * DAY).toISOString());

    expect(await expireDue(deps(), at(15 * DAY - 1000))).toEqual({ expired: 0 });
    expect((await application(a.id)).status).toBe('pending');

    expect(await expireDue(deps(), at(15 * DAY))).toEqual({ expired: 1 });
    const expired = await application(a.id);
    expect(expired.status).toBe('expired');
    expect(expired.closedAt).toEqual(at(15 * DAY));
    expect(await templatesTo(STUDENT_MAIL)).toEqual(['application_expired']);
    expect(await templatesTo(HOST_MAIL)).toEqual(['application_expired_host', 'application_received']);
    const [toHost] = await mailsTo(HOST_MAIL, 'application_expired_host');
    expect(toHost!.text).toContain(
      'La candidature de Léa Le Goff à votre offre « Découverte de l’hôpital » a expiré',
    );

    // run again (or by a second process): nothing more
    expect(await expireDue(deps(), at(16 * DAY))).toEqual({ expired: 0 });
    expect(await templatesTo(STUDENT_MAIL)).toEqual(['application_expired']);
    // the student may apply again
    t.now = at(16 * DAY);
    expect((await leaApplies(o1)).id).not.toBe(a.id);
  });

  it('runs through the scheduler’s job too (expiries, lapses, reminders in one job)', async () => {
    const a = await leaApplies(await offerId('Découverte de l’hôpital'));
    expect(await t.app.jobs.run('applications-deadlines', at(15 * DAY + 60_000))).toMatchObject({
      expired: 1,
      lapsed: 0,
    });
    expect((await application(a.id)).status).toBe('expired');
  });
});

describe('reminders to the host', () => {
  it('sends the one at 5 days and the one at 2 days once each, even run twice, one mail per host', async () => {
    const o1 = await offerId('Découverte de l’hôpital');
    const a = await leaApplies(o1);
    t.now = at(3_600_000);
    const b = await someoneApplies(o1, 1);
    // 6 days left: nothing yet
    expect(await remindHosts(deps(), at(9 * DAY))).toEqual({ reminded: 0, mails: 0 });

    // 5 days left for a (b: 5 days and 1 hour, not yet)
    expect(await remindHosts(deps(), at(10 * DAY))).toEqual({ reminded: 1, mails: 1 });
    // an hour later b is due: a new mail for b only
    expect(await remindHosts(deps(), at(10 * DAY + 3_600_000))).toEqual({ reminded: 1, mails: 1 });
    const [r1, r2] = await Promise.all([
      remindHosts(deps(), at(10 * DAY + 3_600_000)),
      remindHosts(deps(), at(11 * DAY)),
    ]);
    expect(r1.mails + r2.mails).toBe(0);
    expect((await application(a.id)).remindersSent).toBe(1);
    expect((await application(b)).remindersSent).toBe(1);
    const first = await mailsTo(HOST_MAIL, 'application_reminder');
    expect(first).toHaveLength(2);
    expect(first.map((m) => m.subject)).toEqual([
      'Rappel : une candidature attend votre réponse – Stages de seconde',
      'Rappel : une candidature attend votre réponse – Stages de seconde',
    ]);

    // 2 days left for both: one mail listing both, marked as the last reminder
    expect(await remindHosts(deps(), at(13 * DAY + 3_600_000))).toEqual({ reminded: 2, mails: 1 });
    expect(await remindHosts(deps(), at(13 * DAY + 3_600_000))).toEqual({ reminded: 0, mails: 0 });
    expect(await remindHosts(deps(), at(14 * DAY))).toEqual({ reminded: 0, mails: 0 });
    const all = await mailsTo(HOST_MAIL, 'application_reminder');
    expect(all).toHaveLength(3);
    const last = all.find((m) => m.subject.startsWith('Dernier rappel'))!;
    expect(last.subject).toBe('Dernier rappel : 2 candidatures attendent votre réponse – Stages de seconde');
    expect(last.text).toContain(
      '– Léa Le Goff, « Découverte de l’hôpital » : expire le mardi 16 février 2027 à 10 h 00',
    );
    expect(last.text).toContain(
      '– Élève1 Test, « Découverte de l’hôpital » : expire le mardi 16 février 2027 à 11 h 00',
    );
    expect((await application(a.id)).remindersSent).toBe(2);
  });

  it('sends only the last reminder to an application found with less than 2 days left, none to answered ones', async () => {
    const o1 = await offerId('Découverte de l’hôpital');
    const a = await leaApplies(o1);
    const answered = await someoneApplies(o1, 2);
    await t.database.db.update(applications).set({ status: 'refused' }).where(eq(applications.id, answered));
    expect(await remindHosts(deps(), at(14 * DAY))).toEqual({ reminded: 1, mails: 1 });
    expect((await mailsTo(HOST_MAIL, 'application_reminder'))[0]!.subject).toMatch(/^Dernier rappel/);
    expect((await application(a.id)).remindersSent).toBe(2);
    expect((await application(answered)).remindersSent).toBe(0);
    // past its expiry, no reminder: the expiry job takes it
    expect(await remindHosts(deps(), at(15 * DAY))).toEqual({ reminded: 0, mails: 0 });
  });
});

describe('lapse of an acceptance', () => {
  it('closes an acceptance not confirmed after the delay; the host is told the place is free, the student too', async () => {
    const o1 = await offerId('Découverte de l’hôpital');
    const a = await leaApplies(o1);
    t.now = at(DAY);
    const accepted = await call('host_member', 'POST', `/api/applications/${a.id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.json().confirmBy).toBe(at(8 * DAY).toISOString());

    // the deadline itself is still in time
    expect(await lapseDue(deps(), at(8 * DAY))).toEqual({ lapsed: 0 });
    expect(await lapseDue(deps(), at(8 * DAY + 1))).toEqual({ lapsed: 1 });
    expect(await lapseDue(deps(), at(9 * DAY))).toEqual({ lapsed: 0 });
    const lapsed = await application(a.id);
    expect(lapsed.status).toBe('expired');
    expect(lapsed.closedAt).toEqual(at(8 * DAY + 1));
    expect(await templatesTo(STUDENT_MAIL)).toEqual(['application_accepted', 'application_lapsed']);
    const [toHost] = await mailsTo(HOST_MAIL, 'application_lapsed_host');
    expect(toHost!.text).toContain('La place est de nouveau libre');

    // the place is there for someone else: no place was held, another student is accepted and confirms it
    t.now = at(9 * DAY);
    const weeks = await t.database.db.select().from(offerWeeks).where(eq(offerWeeks.offerId, o1));
    expect(weeks.map((w) => w.taken)).toEqual([0, 0]);
    expect((await call('student', 'POST', `/api/applications/${a.id}/confirm`)).statusCode).toBe(409);
    const again = await leaApplies(o1);
    expect(
      (await call('host_member', 'POST', `/api/applications/${again.id}/decision`, { decision: 'accept' }))
        .statusCode,
    ).toBe(200);
    expect((await call('student', 'POST', `/api/applications/${again.id}/confirm`)).json().status).toBe(
      'confirmed',
    );
  });
});

describe('daily digest', () => {
  it('a host with the digest gets no mail per application, then one digest; the setting is its members’ only', async () => {
    const hostId = t.academy.hosts[0]!.id;
    expect((await call('host_member', 'GET', `/api/hosts/${hostId}/settings`)).json()).toEqual({
      dailyDigest: false,
      lastDigestAt: null,
    });
    // bad input and other hosts change nothing
    expect(
      (await call('host_member', 'PUT', `/api/hosts/${hostId}/settings`, { dailyDigest: 'oui' })).statusCode,
    ).toBe(400);
    expect(
      (await call('host_member', 'PUT', `/api/hosts/${hostId}/settings`, { dailyDigest: true }, 'outside'))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('host_member', 'GET', `/api/hosts/${hostId}/settings`, undefined, 'outside')).statusCode,
    ).toBe(404);
    expect((await call('student', 'GET', `/api/hosts/${hostId}/settings`)).statusCode).toBe(403);
    const [h] = await t.database.db.select().from(hosts).where(eq(hosts.id, hostId));
    expect(h!.dailyDigest).toBe(false);

    const put = await call('host_member', 'PUT', `/api/hosts/${hostId}/settings`, { dailyDigest: true });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ dailyDigest: true, lastDigestAt: null });

    const o1 = await offerId('Découverte de l’hôpital');
    const a = await leaApplies(o1);
    t.now = at(3_600_000);
    await someoneApplies(o1, 1);
    expect(await templatesTo(HOST_MAIL)).toEqual([]);
    expect((await application(a.id)).hostNotifiedAt).toBeNull();

    const digestAt = at(DAY);
    expect(await sendDigests(deps(), digestAt)).toEqual({ hosts: 1, applications: 2 });
    const [digest] = await mailsTo(HOST_MAIL, 'host_digest');
    expect(digest!.subject).toBe('2 nouvelles candidatures – Stages de seconde');
    expect(digest!.text).toContain('– « Découverte de l’hôpital » : 2 candidatures');
    expect(digest!.text).toContain('http://localhost:3000/organisme/candidatures');
    expect((await application(a.id)).hostNotifiedAt).toEqual(digestAt);
    t.now = digestAt;
    expect((await call('host_member', 'GET', `/api/hosts/${hostId}/settings`)).json().lastDigestAt).toBe(
      digestAt.toISOString(),
    );
    // nothing new: no second digest
    expect(await sendDigests(deps(), at(2 * DAY))).toEqual({ hosts: 0, applications: 0 });
    expect(await mailsTo(HOST_MAIL, 'host_digest')).toHaveLength(1);
    // the other host (no digest) was never concerned
    expect(await templatesTo('host_member.out@example.net')).toEqual([]);
  });

  it('the 6th application in 24 hours goes to the digest; after 24 hours, mails again', async () => {
    const o1 = await offerId('Découverte de l’hôpital');
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) {
      t.now = at(i * 60_000);
      ids.push(await someoneApplies(o1, i));
    }
    expect(await mailsTo(HOST_MAIL, 'application_received')).toHaveLength(5);
    expect((await application(ids[4]!)).hostNotifiedAt).toEqual(at(5 * 60_000));
    expect((await application(ids[5]!)).hostNotifiedAt).toBeNull();

    expect(await sendDigests(deps(), at(DAY))).toEqual({ hosts: 1, applications: 1 });
    const [digest] = await mailsTo(HOST_MAIL, 'host_digest');
    expect(digest!.subject).toBe('Une nouvelle candidature – Stages de seconde');

    // the first mails are more than 24 hours old: the next application is mailed at once
    t.now = at(DAY + 2 * 60_000);
    const next = await someoneApplies(o1, 7);
    expect(await mailsTo(HOST_MAIL, 'application_received')).toHaveLength(6);
    expect((await application(next)).hostNotifiedAt).toEqual(t.now);
  });
});
