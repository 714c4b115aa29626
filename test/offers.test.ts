/**
 * Offers through HTTP on a real database (issue 4, items 1–3 and 6): the host, lycée, école (via
 * the IEN) and academic-service channels, bad input, reserved offers, flags and moderation,
 * host organisations.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditEvents,
  hosts,
  mails,
  offerFlags,
  offerReservations,
  offerWeeks,
  offers,
} from '../src/db/schema/index.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const t = useAcademyApp({ start: new Date('2026-11-28T10:00:00Z') });
const clock = () => t.now;

type Who = keyof typeof t.accounts.inside;
async function as(who: Who, where: 'inside' | 'outside' = 'inside') {
  const s = await signIn(t.database.db, t.accounts[where][who], clock);
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}
async function call(
  who: Who | null,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  where: 'inside' | 'outside' = 'inside',
) {
  const headers = who ? await as(who, where) : {};
  return t.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

const HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '16:30', breakMinutes: 60 }));
const offer = (over: Record<string, unknown> = {}) => ({
  title: 'Découverte du laboratoire',
  description: 'Une semaine au laboratoire d’analyses.',
  activities: 'Observation des techniciens',
  sectorCode: 'sante',
  place: { address: '2 rue Henri Le Guilloux', postalCode: '35000', communeName: 'Rennes' },
  weeks: [
    { week: 1, places: 2 },
    { week: 2, places: 1 },
  ],
  hours: HOURS,
  contactEmail: 'stages@chu-rennes.fr',
  ...over,
});
const count = async () => (await t.database.db.select().from(offers)).length;

describe('host channel', () => {
  it('creates a draft, places it from the postal code, publishes it, edits it and keeps it published', async () => {
    const created = await call('host_member', 'POST', '/api/offers', offer());
    expect(created.statusCode).toBe(201);
    const o = created.json();
    expect(o).toMatchObject({
      status: 'draft',
      source: 'host',
      educationNationale: false,
      host: { id: t.academy.hosts[0]!.id, name: 'CHU de Rennes' },
      place: { communeName: 'Rennes', communeInsee: '35238', lat: 48.11593, lon: -1.68844 },
      weeks: [
        { week: 1, places: 2, taken: 0, left: 2 },
        { week: 2, places: 1, taken: 0, left: 1 },
      ],
    });
    // a draft is not public
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).statusCode).toBe(404);
    expect((await call('host_member', 'GET', `/api/offers/${o.id}`, undefined, 'outside')).statusCode).toBe(
      404,
    );
    expect((await call('host_member', 'GET', `/api/offers/${o.id}`)).statusCode).toBe(200);

    const published = await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published' });
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).json()).toMatchObject({
      status: 'published',
      statusReason: null,
    });
    const again = await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('Impossible de « publier » une offre publiée.');

    // the host moves the pin: the coordinates given win
    const edited = await call('host_member', 'PATCH', `/api/offers/${o.id}`, {
      title: 'Laboratoire (nouveau)',
      place: { address: 'Bâtiment B', postalCode: '35000', communeName: 'Rennes', lat: 48.12, lon: -1.7 },
      weeks: [{ week: 1, places: 3 }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      status: 'published',
      title: 'Laboratoire (nouveau)',
      place: { lat: 48.12, lon: -1.7, address: 'Bâtiment B' },
      weeks: [{ week: 1, places: 3 }],
    });
    // another host cannot edit it (404: existence not revealed to those who cannot see… it is public, so 403)
    expect(
      (await call('host_member', 'PATCH', `/api/offers/${o.id}`, { title: 'x' }, 'outside')).statusCode,
    ).toBe(403);

    // the dashboard
    const dash = await call('host_member', 'GET', `/api/hosts/${t.academy.hosts[0]!.id}/offers`);
    expect(dash.statusCode).toBe(200);
    expect(dash.json().items.map((i: { title: string }) => i.title)).toContain('Laboratoire (nouveau)');
    expect(
      (await call('host_member', 'GET', `/api/hosts/${t.academy.hosts[0]!.id}/offers`, undefined, 'outside'))
        .statusCode,
    ).toBe(404);
    const audit = await t.database.db.select().from(auditEvents);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['offer.created', 'offer.event', 'offer.updated']),
    );
  });

  it('keeps places above those taken, and turns full and back', async () => {
    const o = (
      await call('host_member', 'POST', '/api/offers', offer({ weeks: [{ week: 1, places: 2 }] }))
    ).json();
    await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    await t.database.db.update(offerWeeks).set({ taken: 2 }).where(eq(offerWeeks.offerId, o.id));
    const down = await call('host_member', 'PATCH', `/api/offers/${o.id}`, {
      weeks: [{ week: 1, places: 1 }],
    });
    expect(down.statusCode).toBe(400);
    expect(down.json().errors).toEqual([
      {
        field: 'weeks.0.places',
        message: 'semaine 1 : 2 places déjà prises, impossible d’en proposer moins',
      },
    ]);
    const same = await call('host_member', 'PATCH', `/api/offers/${o.id}`, {
      weeks: [{ week: 1, places: 2 }],
    });
    expect(same.json().status).toBe('full');
    const more = await call('host_member', 'PATCH', `/api/offers/${o.id}`, {
      weeks: [{ week: 1, places: 4 }],
    });
    expect(more.json()).toMatchObject({
      status: 'published',
      weeks: [{ week: 1, places: 4, taken: 2, left: 2 }],
    });
  });

  it.each([
    ['zero places', { weeks: [{ week: 1, places: 0 }] }, 'weeks.0.places', 'semaine 1 : au moins 1 place'],
    [
      'a week 3',
      { weeks: [{ week: 3, places: 1 }] },
      'weeks.0.week',
      'semaine 3 : la campagne n’a que les semaines 1 et 2',
    ],
    ['no week', { weeks: [] }, 'weeks', 'semaines : proposez au moins une semaine avec une place'],
    [
      'hours beyond the limits',
      { hours: [...HOURS.slice(0, 4), { day: 5, from: '08:00', to: '17:00', breakMinutes: 60 }] },
      'hours.5',
      'horaires : vendredi : 8 h de présence, au-delà de 7 h par jour',
    ],
    [
      'a 100,000-character description',
      { description: 'x'.repeat(100_000) },
      'description',
      'description : 1 500 caractères au plus (100 000 reçus)',
    ],
    [
      'a bad contact e-mail',
      { contactEmail: 'stages@' },
      'contactEmail',
      'courriel du contact : adresse invalide (exemple : prenom.nom@organisme.fr)',
    ],
    [
      'an unknown sector',
      { sectorCode: 'astrologie' },
      'sectorCode',
      'secteur : « astrologie » n’est pas un secteur connu',
    ],
    [
      'an address that cannot be placed',
      { place: { address: '1 rue X', postalCode: '99999', communeName: 'Nulle-Part-sur-Mer' } },
      'place',
      undefined,
    ],
    [
      'a reservation to an unknown lycée',
      { reservedTo: ['0000000X'] },
      'reservedTo',
      'réservation : lycée inconnu (0000000X)',
    ],
  ])('refuses %s with a precise French message, and writes nothing', async (_name, over, field, message) => {
    const before = await count();
    const res = await call('host_member', 'POST', '/api/offers', offer(over));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const errors = res.json().errors as { field: string; message: string }[];
    const e = errors.find((x) => x.field === field);
    expect(e, JSON.stringify(errors)).toBeDefined();
    if (message) expect(e!.message).toBe(message);
    else expect(e!.message).toMatch(/^lieu du stage : adresse impossible à situer/);
    expect(await count()).toBe(before);
  });

  it('refuses bad types and unknown fields through the schema, in French', async () => {
    const res = await call('host_member', 'POST', '/api/offers', {
      ...offer(),
      weeks: 'toutes',
      couleur: 'bleu',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().title).toBe('Requête invalide');
  });

  it('stores a <script> title as text and returns it as text', async () => {
    const title = '<script>alert("x")</script> & <b>stage</b>';
    const o = (await call('host_member', 'POST', '/api/offers', offer({ title }))).json();
    expect(o.title).toBe(title);
    const [row] = await t.database.db.select().from(offers).where(eq(offers.id, o.id));
    expect(row!.title).toBe(title);
    const got = await call('host_member', 'GET', `/api/offers/${o.id}`);
    expect(got.headers['content-type']).toMatch(/application\/json/);
    expect(got.json().title).toBe(title);
  });
});

describe('school head channel', () => {
  it('publishes at once in the lycée, marked Éducation nationale, with the lycée as host', async () => {
    const res = await call(
      'school_head',
      'POST',
      '/api/offers',
      offer({ place: null, title: 'Vie scolaire' }),
    );
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      status: 'published',
      source: 'lycee',
      educationNationale: true,
      schoolUai: '0350024L',
      host: { name: 'Lycée Émile Zola', isPublic: true, publicEmployerGroup: 'Éducation nationale' },
      place: { lat: 48.1066, lon: -1.6732 },
    });
    // the second offer reuses the same host row
    const second = (await call('school_head', 'POST', '/api/offers', offer({ place: null }))).json();
    expect(second.host.id).toBe(o.host.id);
    expect((await t.database.db.select().from(hosts).where(eq(hosts.name, 'Lycée Émile Zola'))).length).toBe(
      1,
    );
    const mine = await call('school_head', 'GET', '/api/schools/0350024L/offers');
    expect(mine.json().items).toHaveLength(2);
    expect(
      (await call('school_head', 'GET', '/api/schools/0350024L/offers', undefined, 'outside')).statusCode,
    ).toBe(404);
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).statusCode).toBe(200);
  });
});

describe('academic services channel', () => {
  it('publishes for a service of the DSDEN’s département, refuses another département’s', async () => {
    const ok = await call('dsden', 'POST', '/api/offers', offer({ place: null, serviceUai: '0351234A' }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      status: 'published',
      source: 'service',
      educationNationale: true,
      serviceUai: '0351234A',
    });
    const before = await count();
    const ko = await call('dsden', 'POST', '/api/offers', offer({ place: null, serviceUai: '0291234B' }));
    expect(ko.statusCode).toBe(400);
    expect(ko.json().errors[0]).toEqual({
      field: 'serviceUai',
      message: 'service : service académique inconnu ou hors de votre périmètre',
    });
    expect(await count()).toBe(before);
    // the rectorat hosts in any service of its académie
    expect(
      (await call('rectorat', 'POST', '/api/offers', offer({ place: null, serviceUai: '0291234B' })))
        .statusCode,
    ).toBe(201);
  });
});

describe('école channel through the IEN', () => {
  it('director submits, another IEN cannot see it, the right IEN returns it, director resubmits, IEN publishes', async () => {
    const draft = await call(
      'school_director',
      'POST',
      '/api/offers',
      offer({ place: { postalCode: '35000', communeName: 'Rennes' } }),
    );
    expect(draft.statusCode).toBe(201);
    const o = draft.json();
    expect(o).toMatchObject({
      status: 'draft',
      source: 'ecole',
      educationNationale: true,
      schoolUai: '0350001A',
    });
    // a director cannot publish alone
    expect((await call('school_director', 'POST', `/api/offers/${o.id}/events/publish`)).statusCode).toBe(
      403,
    );
    expect((await call('school_director', 'POST', `/api/offers/${o.id}/events/submit`)).json().status).toBe(
      'submitted',
    );

    // the IEN of Quimper sees nothing
    expect((await call('ien', 'GET', '/api/ien/queue', undefined, 'outside')).json().items).toEqual([]);
    expect((await call('ien', 'GET', `/api/offers/${o.id}`, undefined, 'outside')).statusCode).toBe(404);
    expect((await call('ien', 'POST', `/api/offers/${o.id}/events/validate`, {}, 'outside')).statusCode).toBe(
      404,
    );
    expect(
      (
        await call(
          'ien',
          'POST',
          `/api/offers/${o.id}/events/return`,
          { reason: 'Une autre circonscription' },
          'outside',
        )
      ).statusCode,
    ).toBe(404);
    // nor can the director of an école of another circonscription, nor a member of the public
    expect(
      (await call('school_director', 'GET', `/api/offers/${o.id}`, undefined, 'outside')).statusCode,
    ).toBe(404);
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).statusCode).toBe(404);
    // the other channels cannot validate it (only an IEN)
    expect((await call('dsden', 'POST', `/api/offers/${o.id}/events/validate`)).statusCode).toBe(403);
    expect((await call('school_director', 'POST', `/api/offers/${o.id}/events/validate`)).statusCode).toBe(
      403,
    );

    // the IEN of Rennes Nord has it in the queue, and returns it with a reason
    const queue = (await call('ien', 'GET', '/api/ien/queue')).json().items;
    expect(queue).toMatchObject([{ id: o.id, schoolName: 'École Jean Moulin', status: 'submitted' }]);
    expect((await call('ien', 'POST', `/api/offers/${o.id}/events/return`, {})).statusCode).toBe(400);
    const short = await call('ien', 'POST', `/api/offers/${o.id}/events/return`, { reason: '  Horaires ' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      detail: expect.stringMatching(/10 caractères au moins/),
      errors: [{ field: 'reason', message: 'motif : 10 caractères au moins' }],
    });
    expect((await call('ien', 'GET', '/api/ien/queue')).json().items).toHaveLength(1);
    const returned = await call('ien', 'POST', `/api/offers/${o.id}/events/return`, {
      reason: 'Précisez les horaires du mercredi.',
    });
    expect(returned.json()).toMatchObject({
      status: 'draft',
      statusReason: 'Précisez les horaires du mercredi.',
    });
    expect((await call('ien', 'GET', '/api/ien/queue')).json().items).toEqual([]);

    // the director sees the reason, edits and resubmits
    expect((await call('school_director', 'GET', `/api/offers/${o.id}`)).json().statusReason).toBe(
      'Précisez les horaires du mercredi.',
    );
    // a submitted offer is locked; a draft can be edited
    const edit = await call('school_director', 'PATCH', `/api/offers/${o.id}`, {
      hours: HOURS.map((h) => (h.day === 3 ? { ...h, to: '12:00', breakMinutes: 0 } : h)),
    });
    expect(edit.statusCode).toBe(200);
    t.now = new Date('2026-11-29T10:00:00Z');
    expect((await call('school_director', 'POST', `/api/offers/${o.id}/events/submit`)).json().status).toBe(
      'submitted',
    );
    expect((await call('school_director', 'PATCH', `/api/offers/${o.id}`, { title: 'x' })).statusCode).toBe(
      409,
    );
    // still invisible to the public while submitted, absent from the search
    const search = async () =>
      (await call(null, 'GET', '/api/offers?near=48.11,-1.68&radiusKm=10'))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await search()).not.toContain(o.id);
    const published = await call('ien', 'POST', `/api/offers/${o.id}/events/validate`);
    expect(published.json()).toMatchObject({ status: 'published', statusReason: null });
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).json().status).toBe('published');
    expect((await call('ien', 'GET', '/api/ien/queue')).json().items).toEqual([]);
    // published: it t.now appears in the public search
    expect(await search()).toContain(o.id);
    // a published offer cannot be validated or returned again
    expect((await call('ien', 'POST', `/api/offers/${o.id}/events/validate`)).statusCode).toBe(409);
    expect(
      (await call('ien', 'POST', `/api/offers/${o.id}/events/return`, { reason: 'Trop tard pour cela' }))
        .statusCode,
    ).toBe(409);
  });

  it('lists the queue oldest submission first, with the école', async () => {
    const ids: string[] = [];
    for (const [i, title] of ['Première soumise', 'Deuxième soumise'].entries()) {
      t.now = new Date(`2026-11-2${5 + i}T09:00:00Z`);
      const o = (
        await call(
          'school_director',
          'POST',
          '/api/offers',
          offer({ title, place: { postalCode: '35000', communeName: 'Rennes' } }),
        )
      ).json();
      ids.push(o.id);
    }
    // submitted in the reverse order of creation
    t.now = new Date('2026-11-27T09:00:00Z');
    await call('school_director', 'POST', `/api/offers/${ids[1]}/events/submit`);
    t.now = new Date('2026-11-28T09:00:00Z');
    await call('school_director', 'POST', `/api/offers/${ids[0]}/events/submit`);
    const queue = (await call('ien', 'GET', '/api/ien/queue')).json().items;
    expect(queue.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);
    expect(queue[0]).toMatchObject({
      title: 'Deuxième soumise',
      schoolName: 'École Jean Moulin',
      submittedAt: '2026-11-27T09:00:00.000Z',
    });
  });
});

describe('reserved offers', () => {
  it('are hidden from the students and staff of other lycées', async () => {
    const o = (await call('host_member', 'POST', '/api/offers', offer({ reservedTo: ['0350024L'] }))).json();
    await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    expect((await t.database.db.select().from(offerReservations)).length).toBe(1);
    expect((await call('student', 'GET', `/api/offers/${o.id}`)).statusCode).toBe(200);
    expect((await call('student', 'GET', `/api/offers/${o.id}`, undefined, 'outside')).statusCode).toBe(404);
    expect((await call('school_head', 'GET', `/api/offers/${o.id}`, undefined, 'outside')).statusCode).toBe(
      404,
    );
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).statusCode).toBe(404);
    expect((await call('host_member', 'GET', `/api/offers/${o.id}`)).json().reservedTo).toEqual(['0350024L']);
    // nor can they flag it
    expect(
      (await call('student', 'POST', `/api/offers/${o.id}/flags`, { reason: 'other' }, 'outside')).statusCode,
    ).toBe(404);
  });
});

describe('flags and moderation', () => {
  it('anyone flags; the rectorat unpublishes with a message mailed to the host’s members', async () => {
    const o = (await call('host_member', 'POST', '/api/offers', offer())).json();
    await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    const bad = await call(null, 'POST', `/api/offers/${o.id}/flags`, { reason: 'scam' });
    expect(bad.statusCode).toBe(400);
    const long = await call(null, 'POST', `/api/offers/${o.id}/flags`, {
      reason: 'other',
      comment: 'x'.repeat(1001),
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().detail).toMatch(/1 000 caractères au plus/);
    const f1 = await call(null, 'POST', `/api/offers/${o.id}/flags`, {
      reason: 'suspicious',
      comment: 'Demande un paiement',
    });
    expect(f1.statusCode).toBe(201);
    t.now = new Date('2026-11-28T11:00:00Z');
    const f2 = await call('student', 'POST', `/api/offers/${o.id}/flags`, { reason: 'misleading' });
    expect(f2.statusCode).toBe(201);
    // a draft cannot be flagged
    const draft = (await call('host_member', 'POST', '/api/offers', offer())).json();
    expect((await call(null, 'POST', `/api/offers/${draft.id}/flags`, { reason: 'other' })).statusCode).toBe(
      404,
    );

    const queue = (await call('rectorat', 'GET', '/api/moderation/flags')).json().items;
    expect(queue.map((f: { id: string }) => f.id)).toEqual([f1.json().id, f2.json().id]);
    expect(queue[0]).toMatchObject({
      reason: 'suspicious',
      comment: 'Demande un paiement',
      offer: { id: o.id, hostName: 'CHU de Rennes' },
    });
    expect((await call('admin', 'GET', '/api/moderation/flags')).json().items).toHaveLength(2);
    expect((await call('dsden', 'GET', '/api/moderation/flags')).statusCode).toBe(403);
    expect((await call('rectorat', 'GET', '/api/moderation/flags?status=resolved')).json().items).toEqual([]);
    const badStatus = await call('rectorat', 'GET', '/api/moderation/flags?status=all');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().detail).toMatch(/open ou resolved/);
    expect((await call('rectorat', 'GET', '/api/moderation/flags?page=2')).statusCode).toBe(400);

    const noMessage = await call('rectorat', 'POST', `/api/moderation/flags/${f1.json().id}/resolve`, {
      action: 'unpublish',
    });
    expect(noMessage.statusCode).toBe(400);
    const done = await call('rectorat', 'POST', `/api/moderation/flags/${f1.json().id}/resolve`, {
      action: 'unpublish',
      message: 'Une offre de stage ne demande jamais de paiement.',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ offerStatus: 'unpublished' });
    expect((await call(null, 'GET', `/api/offers/${o.id}`)).statusCode).toBe(404);
    const mail = (await t.database.db.select().from(mails)).find((m) => m.template === 'offer_unpublished');
    expect(mail).toMatchObject({ to: 'host_member.in@example.net' });
    expect(mail!.text).toContain('Une offre de stage ne demande jamais de paiement.');
    // every flag of the offer is closed, and listed among the resolved ones
    expect((await t.database.db.select().from(offerFlags)).every((f) => f.resolvedAt !== null)).toBe(true);
    expect((await call('rectorat', 'GET', '/api/moderation/flags')).json().items).toEqual([]);
    const resolved = (await call('rectorat', 'GET', '/api/moderation/flags?status=resolved')).json().items;
    expect(resolved).toHaveLength(2);
    expect(resolved[0]).toMatchObject({
      resolvedAt: '2026-11-28T11:00:00.000Z',
      resolution: 'unpublish: Une offre de stage ne demande jamais de paiement.',
      offer: { id: o.id, status: 'unpublished' },
    });
    expect(
      (await call('rectorat', 'POST', `/api/moderation/flags/${f2.json().id}/resolve`, { action: 'dismiss' }))
        .statusCode,
    ).toBe(409);
    // the owner sees why, and may republish after correcting it
    expect((await call('host_member', 'GET', `/api/offers/${o.id}`)).json().statusReason).toBe(
      'Une offre de stage ne demande jamais de paiement.',
    );
    expect((await call('host_member', 'POST', `/api/offers/${o.id}/events/republish`)).json().status).toBe(
      'published',
    );
  });

  it('lets the admin unpublish directly with a reason, and dismiss a flag', async () => {
    const o = (await call('host_member', 'POST', '/api/offers', offer())).json();
    await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    expect((await call('admin', 'POST', `/api/offers/${o.id}/events/unpublish`, {})).statusCode).toBe(400);
    const r = await call('admin', 'POST', `/api/offers/${o.id}/events/unpublish`, {
      reason: 'Adresse fausse',
    });
    expect(r.json()).toMatchObject({ status: 'unpublished', statusReason: 'Adresse fausse' });
    await call('host_member', 'POST', `/api/offers/${o.id}/events/republish`);
    const f = (await call(null, 'POST', `/api/offers/${o.id}/flags`, { reason: 'other' })).json();
    const d = await call('admin', 'POST', `/api/moderation/flags/${f.id}/resolve`, {
      action: 'dismiss',
      message: 'RAS',
    });
    expect(d.json()).toEqual({ offerStatus: 'published' });
  });

  it('limits flags per IP', async () => {
    const o = (await call('host_member', 'POST', '/api/offers', offer())).json();
    await call('host_member', 'POST', `/api/offers/${o.id}/events/publish`);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/offers/${o.id}/flags`,
            payload: { reason: 'other' },
          })
        ).statusCode,
      );
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('host organisations', () => {
  it('reads and edits the host: SIRET checked, NAF code with its label and suggested sector', async () => {
    const id = t.academy.hosts[1]!.id;
    const got = await call('host_member', 'GET', `/api/hosts/${id}`, undefined, 'outside');
    expect(got.json()).toMatchObject({
      name: 'Breizh Informatique',
      siret: '73282932000074',
      isPublic: false,
    });
    expect((await call('host_member', 'GET', `/api/hosts/${id}`)).statusCode).toBe(404);

    const bad = await call(
      'host_member',
      'PATCH',
      `/api/hosts/${id}`,
      { siret: '73282932000075', nafCode: '99.99Z' },
      'outside',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      {
        field: 'siret',
        message: 'SIRET : Ce SIRET n’est pas valide : vérifiez les 14 chiffres (clé de contrôle incorrecte).',
      },
      { field: 'nafCode', message: 'code NAF : 99.99Z n’existe pas dans la nomenclature (NAF rév. 2)' },
    ]);
    const [row] = await t.database.db.select().from(hosts).where(eq(hosts.id, id));
    expect(row!.siret).toBe('73282932000074');

    const laPoste = await call(
      'host_member',
      'PATCH',
      `/api/hosts/${id}`,
      { siret: '356 000 000 00048', nafCode: '6201Z', name: 'Breizh Info' },
      'outside',
    );
    expect(laPoste.statusCode).toBe(200);
    expect(laPoste.json()).toMatchObject({
      name: 'Breizh Info',
      siret: '35600000000048',
      nafCode: '62.01Z',
      nafLabel: 'Programmation informatique',
      suggestedSector: 'informatique-et-reseaux',
    });
    const taken = await call('admin', 'PATCH', `/api/hosts/${t.academy.hosts[0]!.id}`, {
      siret: '35600000000048',
    });
    expect(taken.json().errors[0].message).toBe('SIRET : déjà enregistré pour un autre organisme');
    const privateWithoutSiret = await call(
      'host_member',
      'PATCH',
      `/api/hosts/${id}`,
      { siret: null },
      'outside',
    );
    expect(privateWithoutSiret.json().errors[0]).toEqual({
      field: 'siret',
      message: 'SIRET : obligatoire pour un organisme privé',
    });
    expect(
      (await call('admin', 'PATCH', `/api/hosts/${t.academy.hosts[0]!.id}`, { siret: null })).json().siret,
    ).toBeNull();
  });
});

describe('partners through the API', () => {
  it('create and publish with their key, and cannot touch another host’s offers', async () => {
    const keyOf = async (where: 'inside' | 'outside', hostId: string) =>
      (await call('host_member', 'POST', `/api/hosts/${hostId}/api-keys`, { name: 'SIRH' }, where)).json()
        .key as string;
    const key1 = await keyOf('inside', t.academy.hosts[0]!.id);
    const key2 = await keyOf('outside', t.academy.hosts[1]!.id);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/offers',
      headers: { authorization: `Bearer ${key1}` },
      payload: offer(),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'draft',
      source: 'partner',
      host: { id: t.academy.hosts[0]!.id },
    });
    const id = created.json().id as string;
    const other = await t.app.inject({
      method: 'PATCH',
      url: `/api/offers/${id}`,
      headers: { authorization: `Bearer ${key2}` },
      payload: { title: 'Détournée' },
    });
    expect(other.statusCode).toBe(404);
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/offers/${id}/events/publish`,
      headers: { authorization: `Bearer ${key1}` },
    });
    expect(published.json().status).toBe('published');
    const noKey = await t.app.inject({ method: 'POST', url: '/api/offers', payload: offer() });
    expect(noKey.statusCode).toBe(401);
  });

  it('documents the offer routes in the OpenAPI description', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/api/offers',
      '/api/offers/{id}',
      '/api/offers/{id}/events/{event}',
      '/api/offers/{id}/flags',
      '/api/ien/queue',
      '/api/moderation/flags',
      '/api/moderation/flags/{id}/resolve',
      '/api/hosts/{hostId}',
      '/api/hosts/{hostId}/offers',
      '/api/schools/{uai}/offers',
    ])
      expect(spec.paths[path], path).toBeDefined();
  });
});
