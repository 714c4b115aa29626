import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './campaign.ts';
import {
  ACTORS,
  INITIAL_STATE,
  OFFER_EVENTS,
  OFFER_STATES,
  statusAfterPlaces,
  transition,
  validateOffer,
  type Actor,
  type OfferEvent,
  type OfferState,
} from './offer.ts';

/** The expected lifecycle, written out independently of the table: [from, event, actors, to]. */
const OWNERS: Actor[] = ['host_member', 'partner', 'school_head', 'school_director', 'dsden', 'rectorat'];
const EXPECTED: [OfferState, OfferEvent, Actor[], OfferState][] = [
  ['draft', 'publish', ['host_member', 'partner'], 'published'],
  ['draft', 'submit', ['school_director'], 'submitted'],
  ['unpublished', 'submit', ['school_director'], 'submitted'],
  ['submitted', 'validate', ['ien'], 'published'],
  ['submitted', 'return', ['ien'], 'draft'],
  ['published', 'fill', ['system'], 'full'],
  ['full', 'free', ['system'], 'published'],
  ['published', 'unpublish', [...OWNERS, 'admin'], 'unpublished'],
  ['full', 'unpublish', [...OWNERS, 'admin'], 'unpublished'],
  ['unpublished', 'republish', ['host_member', 'partner', 'school_head', 'dsden', 'rectorat'], 'published'],
  ...(['draft', 'submitted', 'published', 'full', 'unpublished'] as const).map(
    (s) => [s, 'archive', ['system'], 'archived'] as [OfferState, OfferEvent, Actor[], OfferState],
  ),
];

const cases = OFFER_STATES.flatMap((s) => OFFER_EVENTS.flatMap((e) => ACTORS.map((a) => [s, e, a] as const)));

describe('offer state machine', () => {
  it('covers every state × event × actor', () => {
    expect(cases.length).toBe(6 * 9 * 12);
  });
  it.each(cases)('%s --%s--> by %s', (state, event, actor) => {
    const rows = EXPECTED.filter(([s, e]) => s === state && e === event);
    const r = transition(state, event, actor);
    if (rows.length === 0) {
      expect(r).toMatchObject({ ok: false, error: 'invalid_state' });
      return;
    }
    const row = rows.find(([, , actors]) => actors.includes(actor));
    if (!row) expect(r).toMatchObject({ ok: false, error: 'forbidden_role' });
    else expect(r).toMatchObject({ ok: true, next: row[3] });
  });
  it('asks a reason of the IEN who returns and of moderation', () => {
    expect(transition('submitted', 'return', 'ien')).toMatchObject({ reasonRequired: true });
    expect(transition('published', 'unpublish', 'admin')).toMatchObject({ reasonRequired: true });
    expect(transition('published', 'unpublish', 'host_member')).toMatchObject({ reasonRequired: false });
    expect(transition('archived', 'publish', 'host_member')).toMatchObject({
      ok: false,
      message: 'Impossible de « publier » une offre archivée.',
    });
  });
  it('starts school heads and services published, hosts and écoles as drafts', () => {
    expect(INITIAL_STATE).toEqual({
      host: 'draft',
      partner: 'draft',
      lycee: 'published',
      ecole: 'draft',
      service: 'published',
    });
  });
});

const ok = { title: 'Découverte', description: 'Une semaine', weeks: [{ week: 1, places: 2 }] };

describe('offer validation', () => {
  it('accepts a simple offer, HTML as text', () => {
    expect(validateOffer(ok, DEFAULT_LIMITS)).toEqual([]);
    expect(validateOffer({ ...ok, title: '<script>alert(1)</script>' }, DEFAULT_LIMITS)).toEqual([]);
  });
  it('gives a French message per field', () => {
    const e = validateOffer(
      {
        title: 'x'.repeat(151),
        description: 'd'.repeat(100_000),
        activities: 'a'.repeat(1501),
        contactEmail: 'pas-une-adresse',
        weeks: [
          { week: 3, places: 1 },
          { week: 1, places: 0 },
          { week: 2, places: 51 },
        ],
      },
      DEFAULT_LIMITS,
    );
    expect(e).toEqual([
      { field: 'title', message: 'titre : 150 caractères au plus (151 reçus)' },
      { field: 'description', message: 'description : 1 500 caractères au plus (100 000 reçus)' },
      { field: 'activities', message: 'activités : 1 500 caractères au plus (1 501 reçus)' },
      {
        field: 'contactEmail',
        message: 'courriel du contact : adresse invalide (exemple : prenom.nom@organisme.fr)',
      },
      { field: 'weeks.0.week', message: 'semaine 3 : la campagne n’a que les semaines 1 et 2' },
      { field: 'weeks.1.places', message: 'semaine 1 : au moins 1 place' },
      { field: 'weeks.2.places', message: 'semaine 2 : 50 places au plus' },
    ]);
  });
  it('needs a week, a title and a description; no duplicate week', () => {
    expect(
      validateOffer({ title: ' ', description: '', weeks: [] }, DEFAULT_LIMITS).map((x) => x.field),
    ).toEqual(['title', 'description', 'weeks']);
    expect(
      validateOffer(
        {
          ...ok,
          weeks: [
            { week: 1, places: 1 },
            { week: 1, places: 2 },
          ],
        },
        DEFAULT_LIMITS,
      )[0]?.field,
    ).toBe('weeks.1.week');
  });
  it('keeps the places already taken', () => {
    expect(
      validateOffer({ ...ok, weeks: [{ week: 1, places: 1 }] }, DEFAULT_LIMITS, { 1: 2 })[0]?.message,
    ).toBe('semaine 1 : 2 places déjà prises, impossible d’en proposer moins');
    expect(
      validateOffer({ ...ok, weeks: [{ week: 2, places: 1 }] }, DEFAULT_LIMITS, { 1: 1 })[0]?.field,
    ).toBe('weeks');
  });
  it('checks the hours against the campaign limits', () => {
    const hours = [1, 2, 3, 4].map((day) => ({ day, from: '08:00', to: '17:00', breakMinutes: 30 }));
    expect(validateOffer({ ...ok, hours }, DEFAULT_LIMITS)).toContainEqual({
      field: 'hours.1',
      message: 'horaires : lundi : 8 h 30 de présence, au-delà de 7 h par jour',
    });
  });
});

describe('places and the full state', () => {
  it('fills when no week has a place left, frees when one comes back, leaves other states alone', () => {
    const full = [
      { places: 2, taken: 2 },
      { places: 1, taken: 1 },
    ];
    const open = [
      { places: 2, taken: 2 },
      { places: 1, taken: 0 },
    ];
    expect(statusAfterPlaces('published', full)).toBe('full');
    expect(statusAfterPlaces('published', open)).toBe('published');
    expect(statusAfterPlaces('full', open)).toBe('published');
    expect(statusAfterPlaces('full', full)).toBe('full');
    for (const s of ['draft', 'submitted', 'unpublished', 'archived'] as const) {
      expect(statusAfterPlaces(s, full)).toBe(s);
      expect(statusAfterPlaces(s, open)).toBe(s);
    }
  });
});
