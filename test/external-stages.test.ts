/**
 * Stages found outside the platform through HTTP on a real database (issue 5 §5): the student or
 * the lycée declares, the host's representative answers by the mailed one-time link (declines,
 * or accepts: host, private offer and accepted application created in one transaction), and the
 * student confirms through the usual route. PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/accounts/service.ts';
import {
  applications,
  auditEvents,
  authTokens,
  campaigns,
  externalStages,
  hosts,
  mails,
  offerReservations,
  offerWeeks,
  offers,
  studentWeeks,
} from '../src/db/schema/index.ts';
import { declarationPayload } from './external-stage-fixtures.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';

/** during the 2026-2027 campaign's applications (open from 15 January 2027) */
const OPEN = new Date('2027-02-01T09:00:00Z');
const t = useAcademyApp({ start: OPEN });
const DAY = 86_400_000;

type Who = keyof typeof t.accounts.inside;
async function call(
  who: Who | null,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  where: 'inside' | 'outside' = 'inside',
) {
  return callAs(t, who ? t.accounts[where][who] : null, method, url, payload);
}

const declare = (overrides: Record<string, unknown> = {}, where: 'inside' | 'outside' = 'inside') =>
  call('student', 'POST', '/api/students/me/external-stages', declarationPayload(overrides), where);

async function mailsTo(to: string) {
  return t.database.db.select().from(mails).where(eq(mails.to, to));
}

/** The token of the link in the last invitation mailed to the representative. */
async function tokenOf(email = 'jeanne.riou@example.net') {
  const list = (await mailsTo(email)).filter((m) => m.template === 'external_stage_invitation');
  const text = list[list.length - 1]!.text;
  return /\/accueil-stage\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
}

const acceptBody = (overrides: Record<string, unknown> = {}) => ({
  hostName: 'Boulangerie Le Fournil',
  siret: '73282932000074',
  address: '3 rue de la Monnaie',
  postalCode: '35000',
  communeName: 'Rennes',
  sectorCode: 'sante',
  contactFirstName: 'Jeanne',
  contactLastName: 'Riou',
  contactRole: 'Gérante',
  contactPhone: '02 99 00 00 00',
  activities: 'Fabrication du pain, accueil des clients.',
  tutorName: 'Paul Riou',
  ...overrides,
});

/** Everything a bad input must leave untouched. */
async function snapshot() {
  const db = t.database.db;
  const [e, m, a, o, h] = await Promise.all([
    db.select().from(externalStages).orderBy(externalStages.id),
    db.select({ id: mails.id }).from(mails),
    db.select().from(applications).orderBy(applications.id),
    db.select({ id: offers.id }).from(offers),
    db.select({ id: hosts.id }).from(hosts),
  ]);
  return { e, m: m.length, a, o: o.length, h: h.length };
}

// The Breizh Informatique SIRET of the fixtures is taken by a host: declarations use another one.
const NEW_SIRET = '40483304800022';

describe('declaring a stage found outside the platform', () => {
  it('by the student: stored with the token’s hash only, the representative mailed (first name and lycée, weeks with dates, link), listed, audited', async () => {
    const res = await declare({ siret: '404 833 048 00022', weeks: 3 });
    expect(res.statusCode).toBe(201);
    const stage = res.json();
    expect(stage).toMatchObject({
      status: 'invited',
      weeks: [1, 2],
      hostName: 'Boulangerie Le Fournil',
      siret: NEW_SIRET,
      communeName: 'Rennes',
      contactEmail: 'jeanne.riou@example.net',
      expiresAt: new Date(OPEN.getTime() + 14 * DAY).toISOString(),
      applicationId: null,
    });
    expect(stage.weekDates.map((w: { label: string }) => w.label)).toEqual([
      'semaine 1 : du 14 juin 2027 au 18 juin 2027',
      'semaine 2 : du 21 juin 2027 au 25 juin 2027',
    ]);
    const [mail] = await mailsTo('jeanne.riou@example.net');
    expect(mail!.template).toBe('external_stage_invitation');
    expect(mail!.subject).toContain('Léa');
    expect(mail!.text).toContain('Léa, élève de seconde au Lycée Émile Zola');
    expect(mail!.text).toContain('semaine 1 : du 14 juin 2027 au 18 juin 2027');
    expect(mail!.text).toContain('la convention de stage vous sera proposée');
    // first name and lycée only: never the family name
    expect(mail!.text).not.toContain('Le Goff');
    const token = await tokenOf();
    expect(mail!.text).toContain(`http://localhost:3000/accueil-stage/${token}`);
    const [row] = await t.database.db.select().from(externalStages);
    expect(row!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await call('student', 'GET', '/api/students/me/external-stages');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      student: { firstName: 'Léa', schoolName: 'Lycée Émile Zola' },
      items: [{ id: stage.id, status: 'invited' }],
    });
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'external_stage.declared'));
    expect(audit).toHaveLength(1);
  });

  it('by the head or a teacher of the student’s lycée, not by another lycée’s (404); the mail says the lycée declared', async () => {
    const yann = t.academy.students[1]!;
    const res = await call(
      'school_head',
      'POST',
      `/api/students/${yann.id}/external-stages`,
      declarationPayload({ siret: NEW_SIRET }),
    );
    expect(res.statusCode).toBe(201);
    const [mail] = await mailsTo('jeanne.riou@example.net');
    expect(mail!.text).toContain(
      'Le Lycée Émile Zola indique que Boulangerie Le Fournil accueillera Yann, élève de seconde,',
    );
    const before = await snapshot();
    const outside = await call(
      'school_staff',
      'POST',
      `/api/students/${yann.id}/external-stages`,
      declarationPayload({ weeks: 1 }),
      'outside',
    );
    expect(outside.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    // the lycée lists them; another lycée does not see them
    const list = await call('school_staff', 'GET', `/api/students/${yann.id}/external-stages`);
    expect(list.json().items).toHaveLength(1);
    expect(
      (await call('school_staff', 'GET', `/api/students/${yann.id}/external-stages`, undefined, 'outside'))
        .statusCode,
    ).toBe(404);
    // a host never
    expect((await call('host_member', 'GET', `/api/students/${yann.id}/external-stages`)).statusCode).toBe(
      403,
    );
  });

  it('refuses a wrong SIRET, a commune that is not the postal code’s, a missing e-mail, in French beside each field, changing nothing', async () => {
    const before = await snapshot();
    const res = await declare({
      siret: '73282932000075',
      postalCode: '35000',
      communeName: 'Quimper',
      contactEmail: 'pas-une-adresse',
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['communeName', 'contactEmail', 'siret']);
    expect(errors.find((e) => e.field === 'siret')!.message).toMatch(/clé de contrôle incorrecte/);
    const commune = await declare({ communeName: 'Quimper' });
    expect(commune.json().errors).toEqual([
      {
        field: 'communeName',
        message: 'Commune : « Quimper » ne correspond pas au code postal 35000 (Rennes).',
      },
    ]);
    const unknown = await declare({ postalCode: '35999' });
    expect(unknown.json().errors[0].field).toBe('postalCode');
    const noSiret = await declare({ siret: null });
    expect(noSiret.json().errors[0]).toMatchObject({
      field: 'siret',
      message: expect.stringMatching(/sauf pour un organisme public/),
    });
    expect(await snapshot()).toEqual(before);
    // a public body without SIRET is fine
    expect((await declare({ siret: null, isPublic: true, hostName: 'Mairie de Rennes' })).statusCode).toBe(
      201,
    );
  });

  it('refuses weeks already covered, held by an acceptance, or waiting for another host, and outside the campaign', async () => {
    const db = t.database.db;
    const lea = t.academy.students[0]!;
    // Léa confirmed week 1 at the CHU (through the usual routes)
    const o1 = (await db.select().from(offers)).find((o) => o.title === 'Découverte de l’hôpital')!.id;
    const a = (
      await call('student', 'POST', `/api/offers/${o1}/applications`, { weeks: [1], motivation: 'Soigner' })
    ).json();
    await call('host_member', 'POST', `/api/applications/${a.id}/decision`, { decision: 'accept' });
    const accepted = await declare({ weeks: 1 });
    expect(accepted.statusCode).toBe(409);
    expect(accepted.json().detail).toMatch(/déjà un stage accepté pour la semaine 1/);
    await call('student', 'POST', `/api/applications/${a.id}/confirm`);
    expect(await db.select().from(studentWeeks).where(eq(studentWeeks.studentId, lea.id))).toHaveLength(1);
    const before = await snapshot();
    const covered = await declare({ weeks: 3 });
    expect(covered.statusCode).toBe(409);
    expect(covered.json()).toMatchObject({
      title: 'Semaine déjà couverte',
      detail: 'L’élève a déjà un stage confirmé pour la semaine 1.',
    });
    expect(await snapshot()).toEqual(before);
    // week 2 is free; a second invitation on it waits for the first to be answered or cancelled
    const first = await declare({ weeks: 2, siret: NEW_SIRET });
    expect(first.statusCode).toBe(201);
    const second = await declare({ weeks: 2, contactEmail: 'autre@example.net' });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toMatch(
      /Une invitation attend déjà la réponse d’un organisme pour la semaine 2/,
    );
    expect(
      (await call('student', 'POST', `/api/external-stages/${first.json().id}/cancel`)).json().status,
    ).toBe('cancelled');
    expect((await declare({ weeks: 2, contactEmail: 'autre@example.net' })).statusCode).toBe(201);
    // before the campaign opens to students, and from the day the week starts
    await db.update(campaigns).set({ studentsOpenOn: '2027-03-01' });
    const early = await call(
      'student',
      'POST',
      '/api/students/me/external-stages',
      declarationPayload({ weeks: 1 }),
      'outside',
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('Les stages pourront être déclarés à partir du 1er mars 2027.');
    await db.update(campaigns).set({ studentsOpenOn: '2027-01-15' });
    t.now = new Date('2027-06-14T08:00:00Z');
    const late = await call(
      'student',
      'POST',
      '/api/students/me/external-stages',
      declarationPayload({ weeks: 1 }),
      'outside',
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().title).toBe('Semaine close');
  });

  it('limits declarations to 5 a day per student', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await declare({ weeks: 1, contactEmail: `contact${i}@example.net` });
      expect(r.statusCode).toBe(201);
      await call('student', 'POST', `/api/external-stages/${r.json().id}/cancel`);
    }
    const sixth = await declare({ weeks: 1 });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().detail).toMatch(/réessayez demain/);
  });

  it('another student cannot see or cancel it; a confirmed one cannot be cancelled', async () => {
    const stage = (await declare()).json();
    expect(
      (await call('student', 'POST', `/api/external-stages/${stage.id}/cancel`, undefined, 'outside'))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('school_head', 'POST', `/api/external-stages/${stage.id}/cancel`, undefined, 'outside'))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('student', 'GET', '/api/students/me/external-stages', undefined, 'outside')).json().items,
    ).toEqual([]);
    // the lycée cancels it: the link no longer works
    const token = await tokenOf();
    const cancelled = await call('school_staff', 'POST', `/api/external-stages/${stage.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await call('student', 'POST', `/api/external-stages/${stage.id}/cancel`)).statusCode).toBe(200);
    const view = await call(null, 'GET', `/api/external-stages/invitations/${token}`);
    expect(view.statusCode).toBe(410);
    expect(view.json().detail).toMatch(/a annulé cette demande/);
  });
});

describe('the representative’s answer, by the mailed link', () => {
  it('views the request without an account; unknown link 404, expired 410', async () => {
    await declare({ contactName: 'Jeanne Riou-Le Bihan' });
    const token = await tokenOf();
    const res = await call(null, 'GET', `/api/external-stages/invitations/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      student: { firstName: 'Léa', schoolName: 'Lycée Émile Zola' },
      weeks: [2],
      weekDates: [{ week: 2, start: '2027-06-21', end: '2027-06-25' }],
      host: {
        hostName: 'Boulangerie Le Fournil',
        siret: '73282932000074',
        contactFirstName: 'Jeanne',
        contactLastName: 'Riou-Le Bihan',
      },
    });
    expect(JSON.stringify(res.json())).not.toContain('Le Goff');
    const unknown = await call(
      null,
      'GET',
      '/api/external-stages/invitations/jeton-inconnu-0123456789abcdef',
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toMatch(/Ce lien n’est pas valide/);
    t.now = new Date(OPEN.getTime() + 14 * DAY + 1000);
    const expired = await call(null, 'GET', `/api/external-stages/invitations/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().title).toBe('Lien expiré');
    const before = await snapshot();
    expect(
      (await call(null, 'POST', `/api/external-stages/invitations/${token}/accept`, acceptBody())).statusCode,
    ).toBe(410);
    expect(await snapshot()).toEqual(before);
    // listed as expired for the student, and the week is free again
    expect((await call('student', 'GET', '/api/students/me/external-stages')).json().items[0].status).toBe(
      'expired',
    );
    expect((await declare({ contactEmail: 'autre@example.net' })).statusCode).toBe(201);
  });

  it('declines with a reason: the student is told, the link no longer works', async () => {
    await declare();
    const token = await tokenOf();
    const empty = await call(null, 'POST', `/api/external-stages/invitations/${token}/decline`, {
      reason: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('reason');
    const res = await call(null, 'POST', `/api/external-stages/invitations/${token}/decline`, {
      reason: 'Fermé en juin',
    });
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(externalStages);
    expect(row).toMatchObject({ status: 'declined', declineReason: 'Fermé en juin' });
    const studentMail = (await mailsTo('student.in@example.net')).find(
      (m) => m.template === 'external_stage_declined',
    );
    expect(studentMail!.text).toContain('Fermé en juin');
    const again = await call(null, 'POST', `/api/external-stages/invitations/${token}/accept`, acceptBody());
    expect(again.statusCode).toBe(410);
    expect(again.json().detail).toBe('Vous avez déjà refusé cet accueil : ce lien ne sert plus.');
  });

  it('accepts: host, private offer and accepted application; the student confirms through the usual route and is covered; the offer is never in the search nor the map; the link is single-use', async () => {
    const db = t.database.db;
    await declare({ siret: NEW_SIRET, weeks: 2 });
    const token = await tokenOf();
    // bad input: French, beside the field, nothing changed
    const before = await snapshot();
    const bad = await call(
      null,
      'POST',
      `/api/external-stages/invitations/${token}/accept`,
      acceptBody({ siret: NEW_SIRET, sectorCode: 'inconnu', activities: '' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['activities', 'sectorCode']);
    expect(await snapshot()).toEqual(before);

    const res = await call(
      null,
      'POST',
      `/api/external-stages/invitations/${token}/accept`,
      acceptBody({ siret: NEW_SIRET, hostName: 'Le Fournil de Rennes' }),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      ok: true,
      account: 'invited',
      email: 'jeanne.riou@example.net',
      confirmBy: new Date(OPEN.getTime() + 7 * DAY).toISOString(),
    });
    const [stage] = await db.select().from(externalStages);
    expect(stage).toMatchObject({ status: 'confirmed', applicationId: body.applicationId });
    const [host] = await db.select().from(hosts).where(eq(hosts.siret, NEW_SIRET));
    expect(host).toMatchObject({ name: 'Le Fournil de Rennes', isPublic: false, communeInsee: '35238' });
    expect(stage!.hostId).toBe(host!.id);
    const [offer] = await db.select().from(offers).where(eq(offers.id, stage!.offerId!));
    expect(offer).toMatchObject({
      source: 'off_platform',
      status: 'published',
      hostId: host!.id,
      reserved: true,
      sectorCode: 'sante',
    });
    expect(await db.select().from(offerWeeks).where(eq(offerWeeks.offerId, offer!.id))).toEqual([
      { offerId: offer!.id, week: 2, places: 1, taken: 0 },
    ]);
    expect(await db.select().from(offerReservations).where(eq(offerReservations.offerId, offer!.id))).toEqual(
      [{ offerId: offer!.id, schoolUai: '0350024L' }],
    );
    const [app] = await db.select().from(applications).where(eq(applications.id, body.applicationId));
    expect(app).toMatchObject({ origin: 'off_platform', status: 'accepted', weeks: 2 });
    // the student is asked to confirm; the representative gets a sign-in invitation as the host's member
    const studentMail = (await mailsTo('student.in@example.net')).find(
      (m) => m.template === 'application_accepted',
    );
    expect(studentMail!.text).toContain('Jeanne Riou confirme votre accueil pour la semaine 2.');
    const invitation = (await mailsTo('jeanne.riou@example.net')).find((m) => m.template === 'invitation');
    expect(invitation!.text).toMatch(/http:\/\/localhost:3000\/invitation#\S+/);
    const [authToken] = await db.select().from(authTokens).where(eq(authTokens.kind, 'invitation'));
    expect(authToken!.payload).toMatchObject({ hostId: host!.id, firstName: 'Jeanne', lastName: 'Riou' });

    // a confirmed declaration is no longer cancelled from here (the application is withdrawn instead)
    const cancel = await call('student', 'POST', `/api/external-stages/${stage!.id}/cancel`);
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().detail).toMatch(/retirez la candidature/);
    // the link is single-use
    const reuse = await call(null, 'GET', `/api/external-stages/invitations/${token}`);
    expect(reuse.statusCode).toBe(410);
    expect(reuse.json().detail).toBe('Vous avez déjà confirmé cet accueil : ce lien ne sert plus.');

    // the student sees it among their applications and confirms: places taken, covered for week 2
    const mine = await call('student', 'GET', '/api/applications/mine');
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        id: body.applicationId,
        status: 'accepted',
        host: { id: host!.id, name: 'Le Fournil de Rennes' },
      }),
    ]);
    const confirmed = await call('student', 'POST', `/api/applications/${body.applicationId}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    expect(
      await db.select().from(studentWeeks).where(eq(studentWeeks.applicationId, body.applicationId)),
    ).toEqual([expect.objectContaining({ week: 2 })]);
    expect((await db.select().from(offerWeeks).where(eq(offerWeeks.offerId, offer!.id)))[0]!.taken).toBe(1);
    // and week 2 can no longer be declared
    expect((await declare({ weeks: 2, contactEmail: 'autre@example.net' })).statusCode).toBe(409);

    // its page is not public (reserved to the lycée: another lycée's student or a visitor gets 404)
    expect((await call(null, 'GET', `/api/offers/${offer!.id}`)).statusCode).toBe(404);
    expect((await call('student', 'GET', `/api/offers/${offer!.id}`, undefined, 'outside')).statusCode).toBe(
      404,
    );
    // never in the search nor on the map, for anyone, even the student's lycée (the offer is in Rennes)
    for (const who of [null, 'student', 'school_head'] as const) {
      for (const url of [
        '/api/offers?near=48.11,-1.68&radiusKm=30',
        '/api/offers/map?near=48.11,-1.68&radiusKm=30',
        '/api/offers?q=Fournil',
      ]) {
        const found = await call(who, 'GET', url);
        expect(found.statusCode, url).toBe(200);
        const ids = [...(found.json().items ?? []), ...(found.json().points ?? [])].map(
          (i: { id: string }) => i.id,
        );
        expect(ids.length, `${url} trouve des offres`).toBeGreaterThan(url.includes('q=') ? -1 : 0);
        expect(ids, `${url} (${who ?? 'anonyme'})`).not.toContain(offer!.id);
      }
    }
  });

  it('a host already registered (same SIRET) is linked, never joined from the link: its members are told', async () => {
    const db = t.database.db;
    // Breizh Informatique (host 2), whose member is host_member.out
    const breizh = t.academy.hosts[1]!;
    const statsBefore = (await call(null, 'GET', '/api/public/stats')).json();
    await declare({ siret: '73282932000074', hostName: 'Breizh Info' });
    const token = await tokenOf();
    const res = await call(
      null,
      'POST',
      `/api/external-stages/invitations/${token}/accept`,
      acceptBody({ siret: '73282932000074', hostName: 'Breizh Informatique' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().account).toBe('existing_host');
    const [stage] = await db.select().from(externalStages);
    expect(stage!.hostId).toBe(breizh.id);
    expect(await db.select().from(authTokens).where(eq(authTokens.kind, 'invitation'))).toEqual([]);
    const notice = (await mailsTo('host_member.out@example.net')).find(
      (m) => m.template === 'external_stage_host_notice',
    );
    expect(notice!.text).toContain(
      'Jeanne Riou (jeanne.riou@example.net) a confirmé, au nom de Breizh Informatique, l’accueil de Léa',
    );
    // the host sees it in its inbox and may cancel it like any other
    const inbox = await call(
      'host_member',
      'GET',
      `/api/hosts/${breizh.id}/applications?status=accepted`,
      undefined,
      'outside',
    );
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toEqual([res.json().applicationId]);

    // its private offer is not an offer the host edits or unpublishes (409, nothing changed), and
    // the public figures do not count it
    const offerId = stage!.offerId!;
    const before = await t.database.db.select().from(offers).where(eq(offers.id, offerId));
    const edit = await call('host_member', 'PATCH', `/api/offers/${offerId}`, { title: 'Autre' }, 'outside');
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toMatch(/^Ce stage a été déclaré hors plateforme pour un élève/);
    for (const event of ['unpublish', 'publish']) {
      const moved = await call(
        'host_member',
        'POST',
        `/api/offers/${offerId}/events/${event}`,
        { reason: 'Plus de place.' },
        'outside',
      );
      expect(moved.statusCode, event).toBe(409);
      expect(moved.json().detail).toMatch(/hors plateforme/);
    }
    expect(await t.database.db.select().from(offers).where(eq(offers.id, offerId))).toEqual(before);
    const stats = (await call(null, 'GET', '/api/public/stats')).json();
    expect(stats.offers).toBe(statsBefore.offers);
    expect(stats.placesWeek1).toBe(statsBefore.placesWeek1);
  });

  it('refuses the acceptance when the student was placed on the week meanwhile, changing nothing', async () => {
    await declare({ siret: NEW_SIRET, weeks: 2 });
    const token = await tokenOf();
    // meanwhile Léa applies to Breizh Informatique for week 2, is accepted and confirms
    const o3 = (await t.database.db.select().from(offers)).find((o) => o.title === 'Développement web')!.id;
    const a = (
      await call('student', 'POST', `/api/offers/${o3}/applications`, { weeks: [2], motivation: 'Coder' })
    ).json();
    await call(
      'host_member',
      'POST',
      `/api/applications/${a.id}/decision`,
      { decision: 'accept' },
      'outside',
    );
    expect((await call('student', 'POST', `/api/applications/${a.id}/confirm`)).statusCode).toBe(200);
    const before = await snapshot();
    const res = await call(
      null,
      'POST',
      `/api/external-stages/invitations/${token}/accept`,
      acceptBody({ siret: NEW_SIRET }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('L’élève a déjà un stage confirmé pour la semaine 2.');
    expect(await snapshot()).toEqual(before);
  });

  it('two simultaneous accepts of one link: one wins, the other is told it was answered', async () => {
    await declare({ siret: NEW_SIRET });
    const token = await tokenOf();
    const url = `/api/external-stages/invitations/${token}/accept`;
    const [a, b] = await Promise.all([
      call(null, 'POST', url, acceptBody({ siret: NEW_SIRET })),
      call(null, 'POST', url, acceptBody({ siret: NEW_SIRET })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 410]);
    expect(await t.database.db.select().from(applications)).toHaveLength(1);
    expect(await t.database.db.select().from(hosts).where(eq(hosts.siret, NEW_SIRET))).toHaveLength(1);
    expect(await t.database.db.select().from(offers).where(eq(offers.source, 'off_platform'))).toHaveLength(
      1,
    );
  });
});
