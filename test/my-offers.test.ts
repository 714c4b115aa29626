/**
 * "Mes offres" through HTTP (GET /api/offers/mine): each channel's owner sees its own offers and
 * nothing else, with the places per week, the IEN's return reason, the services a DSDEN or a
 * rectorat publishes for, and the campaign's weeks and limits the editor checks hours against.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/domain/campaign.ts';
import { signIn } from './fixtures.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const t = useAcademyApp();
const clock = () => t.now;

type Who = keyof typeof t.accounts.inside;
async function call(
  who: Who | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  where: 'inside' | 'outside' = 'inside',
) {
  const headers = who ? await signIn(t.database.db, t.accounts[where][who], clock) : null;
  return t.app.inject({
    method,
    url,
    headers: headers ? { cookie: headers.cookie, 'x-csrf-token': headers.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

const HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '16:30', breakMinutes: 60 }));
const offer = (title: string, over: Record<string, unknown> = {}) => ({
  title,
  description: 'Une semaine de découverte.',
  sectorCode: 'sante',
  place: { postalCode: '35000', communeName: 'Rennes' },
  weeks: [{ week: 1, places: 2 }],
  hours: HOURS,
  ...over,
});

async function create(who: Who, body: unknown, where: 'inside' | 'outside' = 'inside') {
  const res = await call(who, 'POST', '/api/offers', body, where);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function mine(who: Who, where: 'inside' | 'outside' = 'inside') {
  const res = await call(who, 'GET', '/api/offers/mine', undefined, where);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    channel: string | null;
    owner: string | null;
    items: { id: string; title: string; status: string; statusReason: string | null; serviceName?: string }[];
    services: { uai: string; name: string }[];
    campaign: { schoolYear: string; weeks: { week: number; start: string; end: string }[]; limits: unknown };
    sectors: { code: string; name: string }[];
  };
}

describe('GET /api/offers/mine', () => {
  it('gives a host member their host’s offers with places per week, never another host’s', async () => {
    const draft = await create('host_member', offer('Accueil au laboratoire'));
    const other = await create('host_member', offer('Offre de Breizh Informatique'), 'outside');
    const m = await mine('host_member');
    expect(m.channel).toBe('host');
    expect(m.owner).toBe('CHU de Rennes');
    // oldest first (the two seeded offers share their creation time)
    expect(
      m.items
        .map((i) => i.title)
        .slice(0, 2)
        .sort(),
    ).toEqual(['Découverte de l’hôpital', 'Laboratoire']);
    expect(m.items[2]!.title).toBe('Accueil au laboratoire');
    expect(m.items.find((i) => i.id === draft.id)).toMatchObject({
      status: 'draft',
      weeks: [{ week: 1, places: 2, taken: 0, left: 2 }],
    });
    expect(m.items.find((i) => i.title === 'Laboratoire')).toMatchObject({
      status: 'full',
      weeks: [{ week: 1, places: 1, taken: 1, left: 0 }],
    });
    expect(m.items.some((i) => i.id === other.id)).toBe(false);
    expect(m.services).toEqual([]);
    // the other host sees its own, not the first host's
    const o = await mine('host_member', 'outside');
    expect(o.owner).toBe('Breizh Informatique');
    expect(o.items.map((i) => i.title).sort()).toEqual([
      'Brouillon',
      'Développement web',
      'Offre de Breizh Informatique',
    ]);
  });

  it('gives the campaign’s weeks and limits, and the sectors, for the editor', async () => {
    const m = await mine('host_member');
    expect(m.campaign).toEqual({
      schoolYear: '2026-2027',
      weeks: [
        { week: 1, start: '2027-06-14', end: '2027-06-18' },
        { week: 2, start: '2027-06-21', end: '2027-06-25' },
      ],
      limits: DEFAULT_LIMITS,
    });
    expect(m.sectors).toEqual([
      { code: 'informatique-et-reseaux', name: 'Informatique et réseaux' },
      { code: 'sante', name: 'Santé' },
    ]);
  });

  it('gives a school head the lycée’s offers only, and an école director the école’s with the IEN’s reason', async () => {
    const lycee = await create('school_head', offer('Vie scolaire', { place: null }));
    await create('school_head', offer('Lycée de Quimper', { place: null }), 'outside');
    const ecole = await create('school_director', offer('Une journée en maternelle'));
    await create(
      'school_director',
      offer('École de Quimper', { place: { postalCode: '29000', communeName: 'Quimper' } }),
      'outside',
    );

    const head = await mine('school_head');
    expect(head).toMatchObject({ channel: 'lycee', owner: 'Lycée Émile Zola' });
    expect(head.items.map((i) => i.id)).toEqual([lycee.id]);
    expect(head.items[0]).toMatchObject({ status: 'published' });

    expect((await call('school_director', 'POST', `/api/offers/${ecole.id}/events/submit`)).statusCode).toBe(
      200,
    );
    let director = await mine('school_director');
    expect(director).toMatchObject({ channel: 'ecole', owner: 'École Jean Moulin' });
    expect(director.items).toMatchObject([{ id: ecole.id, status: 'submitted', statusReason: null }]);
    const returned = await call('ien', 'POST', `/api/offers/${ecole.id}/events/return`, {
      reason: 'Précisez les activités.',
    });
    expect(returned.statusCode).toBe(200);
    director = await mine('school_director');
    expect(director.items).toMatchObject([
      { id: ecole.id, status: 'draft', statusReason: 'Précisez les activités.' },
    ]);
    expect((await mine('school_director', 'outside')).items.map((i) => i.title)).toEqual([
      'École de Quimper',
    ]);
  });

  it('gives a DSDEN its département’s services and their offers, the rectorat those of the académie', async () => {
    const rennes = await create(
      'dsden',
      offer('Au service de la scolarité', { place: null, serviceUai: '0351234A' }),
    );
    const quimper = await create(
      'dsden',
      offer('Au service des examens', { place: null, serviceUai: '0291234B' }),
      'outside',
    );
    const d35 = await mine('dsden');
    expect(d35.channel).toBe('service');
    expect(d35.services).toEqual([{ uai: '0351234A', name: 'DSDEN d’Ille-et-Vilaine' }]);
    expect(d35.items).toMatchObject([
      { id: rennes.id, status: 'published', serviceName: 'DSDEN d’Ille-et-Vilaine' },
    ]);
    const d29 = await mine('dsden', 'outside');
    expect(d29.items.map((i) => i.id)).toEqual([quimper.id]);
    const rectorat = await mine('rectorat');
    expect(rectorat.services.map((s) => s.uai).sort()).toEqual(['0291234B', '0351234A']);
    expect(rectorat.items.map((i) => i.id)).toEqual([rennes.id, quimper.id]);
  });

  it('is refused to roles without a channel and to visitors', async () => {
    expect((await call('student', 'GET', '/api/offers/mine')).statusCode).toBe(403);
    expect((await call('ien', 'GET', '/api/offers/mine')).statusCode).toBe(403);
    expect((await call(null, 'GET', '/api/offers/mine')).statusCode).toBe(401);
    expect((await call('host_member', 'GET', '/api/offers/mine?x=1')).statusCode).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(spec.paths['/api/offers/mine']).toBeDefined();
  });
});
