import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, defaultCalendar } from './campaign.ts';
import {
  APPLICATION_ACTORS,
  APPLICATION_EVENTS,
  FROM_STATES,
  acceptanceLapsed,
  applicationTransition,
  checkApply,
  confirmBy,
  confirmationKind,
  expiresAt,
  overlapCancellations,
  weeksMask,
  weeksOfMask,
  type ApplicationActor,
  type ApplicationEvent,
  type ApplicationState,
  type ApplyFacts,
  type FromState,
  type OtherApplication,
} from './application.ts';

/** The expected machine, written out independently of the table: [from, event, actors, to]. */
const HOST: ApplicationActor[] = ['host_member', 'partner'];
const EXPECTED: [FromState, ApplicationEvent, ApplicationActor[], ApplicationState][] = [
  ['none', 'apply', ['student'], 'pending'],
  ['pending', 'read', HOST, 'pending'],
  ['pending', 'accept', HOST, 'accepted'],
  ['pending', 'refuse', HOST, 'refused'],
  ['pending', 'expire', ['platform'], 'expired'],
  ['accepted', 'confirm', ['student'], 'confirmed'],
  ['accepted', 'request_split', ['student'], 'split_pending'],
  ['split_pending', 'approve_split', ['school_head'], 'confirmed'],
  ['split_pending', 'refuse_split', ['school_head'], 'split_refused'],
  ['accepted', 'acceptance_lapsed', ['platform'], 'expired'],
  ['pending', 'withdraw', ['student'], 'withdrawn_by_student'],
  ['accepted', 'withdraw', ['student'], 'withdrawn_by_student'],
  ['split_pending', 'withdraw', ['student'], 'withdrawn_by_student'],
  ['confirmed', 'withdraw', ['student'], 'withdrawn_by_student'],
  ['accepted', 'host_cancel', HOST, 'cancelled_by_host'],
  ['split_pending', 'host_cancel', HOST, 'cancelled_by_host'],
  ['confirmed', 'host_cancel', HOST, 'cancelled_by_host'],
  ['pending', 'overlap_cancel', ['platform'], 'cancelled_by_overlap'],
  ['accepted', 'overlap_cancel', ['platform'], 'cancelled_by_overlap'],
  ['split_pending', 'overlap_cancel', ['platform'], 'cancelled_by_overlap'],
];

const cases = FROM_STATES.flatMap((s) =>
  APPLICATION_EVENTS.flatMap((e) => APPLICATION_ACTORS.map((a) => [s, e, a] as const)),
);

describe('application state machine', () => {
  it('covers every state × event × actor', () => {
    expect(cases.length).toBe(11 * 13 * 5);
  });
  it.each(cases)('%s --%s--> by %s', (state, event, actor) => {
    const rows = EXPECTED.filter(([s, e]) => s === state && e === event);
    const r = applicationTransition(state, event, actor);
    if (rows.length === 0) {
      expect(r).toMatchObject({ ok: false, error: 'invalid_state' });
      if (!r.ok) expect(r.message).toMatch(/^Impossible de « .+ » une candidature .+\.$/);
      return;
    }
    const row = rows.find(([, , actors]) => actors.includes(actor));
    if (!row) {
      expect(r).toMatchObject({ ok: false, error: 'forbidden_role' });
      if (!r.ok) expect(r.message).toMatch(/^Votre rôle ne permet pas de « .+ » cette candidature\.$/);
    } else expect(r).toMatchObject({ ok: true, next: row[3] });
  });
  it('asks a message to refuse, a reason to cancel and to refuse a split', () => {
    expect(applicationTransition('pending', 'refuse', 'host_member')).toMatchObject({ reasonRequired: true });
    expect(applicationTransition('confirmed', 'host_cancel', 'partner')).toMatchObject({
      reasonRequired: true,
    });
    expect(applicationTransition('split_pending', 'refuse_split', 'school_head')).toMatchObject({
      reasonRequired: true,
    });
    expect(applicationTransition('pending', 'accept', 'host_member')).toMatchObject({
      reasonRequired: false,
    });
    expect(applicationTransition('expired', 'confirm', 'student')).toEqual({
      ok: false,
      error: 'invalid_state',
      message: 'Impossible de « confirmer » une candidature expirée.',
    });
  });
});

describe('weeks', () => {
  it('stores weeks as a bit mask', () => {
    expect(weeksMask([1])).toBe(1);
    expect(weeksMask([2])).toBe(2);
    expect(weeksMask([1, 2])).toBe(3);
    expect(weeksOfMask(3)).toEqual([1, 2]);
    expect(weeksOfMask(2)).toEqual([2]);
    expect(weeksOfMask(0)).toEqual([]);
  });
});

const calendar = defaultCalendar('2026-2027');
const base: ApplyFacts = {
  weeks: [1],
  motivation: 'J’aimerais découvrir le métier.',
  offer: {
    status: 'published',
    weeks: [
      { week: 1, places: 2, taken: 0 },
      { week: 2, places: 1, taken: 1 },
    ],
    reservedTo: [],
  },
  student: { schoolUai: '0350024L' },
  calendar,
  today: '2027-02-01',
  live: [],
  offerId: 'o1',
};

describe('applying', () => {
  it('lets a student apply for an offered week with places left', () => {
    expect(checkApply(base)).toBeNull();
    expect(checkApply({ ...base, offer: { ...base.offer, reservedTo: ['0350024L'] } })).toBeNull();
  });
  it.each([
    [{ weeks: [] }, 'weeks_invalid', 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.'],
    [{ weeks: [3] }, 'weeks_invalid', 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.'],
    [{ weeks: [1, 1] }, 'weeks_invalid', 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.'],
    [{ motivation: '  ' }, 'motivation', 'Motivation : quelques lignes sont demandées.'],
    [{ motivation: 'é'.repeat(1501) }, 'motivation', 'Motivation : 1 500 caractères au plus (1501 reçus).'],
    [
      { offer: { ...base.offer, status: 'unpublished' } },
      'offer_not_open',
      'Cette offre ne reçoit pas de candidature.',
    ],
    [
      { offer: { ...base.offer, reservedTo: ['0290062L'] } },
      'reserved',
      'Cette offre est réservée aux élèves d’autres lycées que le vôtre.',
    ],
    [{ today: '2027-01-14' }, 'not_open_yet', 'Les candidatures ouvrent le 15 janvier 2027.'],
    [
      { today: '2027-06-14' },
      'closed',
      'Les candidatures pour la semaine 1 sont closes depuis le 13 juin 2027.',
    ],
    [
      { today: '2027-06-21', weeks: [2] },
      'closed',
      'Les candidatures pour la semaine 2 sont closes depuis le 20 juin 2027.',
    ],
    [
      { offer: { ...base.offer, weeks: [{ week: 1, places: 1, taken: 0 }] }, weeks: [1, 2] },
      'week_not_offered',
      'Cette offre ne propose pas la semaine 2.',
    ],
    [
      { live: [{ offerId: 'o1', status: 'pending', weeks: [2] }] },
      'already_applied',
      'Vous avez déjà une candidature en cours pour cette offre.',
    ],
    [
      { live: [{ offerId: 'o2', status: 'confirmed', weeks: [1] }] },
      'already_covered',
      'Vous avez déjà un stage confirmé pour la semaine 1.',
    ],
    [
      { live: [{ offerId: 'o2', status: 'split_pending', weeks: [1] }] },
      'already_covered',
      'Vous avez déjà un stage confirmé pour la semaine 1.',
    ],
    [{ weeks: [2] }, 'week_full', 'Plus aucune place pour la semaine 2 dans cette offre.'],
    [{ weeks: [1, 2] }, 'week_full', 'Plus aucune place pour la semaine 2 dans cette offre.'],
    [
      { exempted: true },
      'exempted',
      'Votre chef d’établissement vous a dispensé de stage : vous ne pouvez ni postuler ni confirmer un stage. Si votre situation change, adressez-vous à lui.',
    ],
  ] as [Partial<ApplyFacts>, string, string][])('refuses %j: %s', (change, error, message) => {
    expect(checkApply({ ...base, ...change })).toEqual({ error, message });
  });
  it('lets a student apply the day before the week starts, and for week 2 during week 1', () => {
    expect(calendar.weeks[0].start).toBe('2027-06-14');
    expect(checkApply({ ...base, today: '2027-06-13' })).toBeNull();
    expect(
      checkApply({
        ...base,
        weeks: [2],
        offer: { ...base.offer, weeks: [{ week: 2, places: 1, taken: 0 }] },
        today: '2027-06-15',
      }),
    ).toBeNull();
  });
  it('ignores finished applications and pending ones elsewhere on the same week', () => {
    expect(
      checkApply({
        ...base,
        live: [
          { offerId: 'o2', status: 'pending', weeks: [1] },
          { offerId: 'o3', status: 'accepted', weeks: [1, 2] },
        ],
      }),
    ).toBeNull();
  });
});

const app = (id: string, hostId: string, status: ApplicationState, weeks: number[]): OtherApplication => ({
  id,
  hostId,
  status,
  weeks,
});

describe('overlap rule', () => {
  const others = [
    app('a', 'h1', 'pending', [1]),
    app('b', 'h2', 'pending', [2]),
    app('c', 'h3', 'accepted', [1, 2]),
    app('d', 'h4', 'split_pending', [1]),
    app('e', 'h5', 'refused', [1]),
    app('f', 'h6', 'confirmed', [2]),
    app('x', 'h7', 'accepted', [1]),
  ];
  it('a week-1 confirmation cancels the live applications touching week 1, not itself', () => {
    expect(overlapCancellations('x', [1], others)).toEqual(['a', 'c', 'd']);
  });
  it('a two-week confirmation cancels every unplaced live application', () => {
    expect(overlapCancellations('x', [1, 2], others)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('a week-2 confirmation leaves week 1 alone', () => {
    expect(overlapCancellations('x', [2], others)).toEqual(['b', 'c']);
  });
});

describe('split rule', () => {
  it('two weeks with one host: confirmed at once', () => {
    expect(confirmationKind({ id: 'x', hostId: 'h1', weeks: [1, 2] }, [])).toEqual({ kind: 'confirm' });
  });
  it('first week alone: confirmed at once', () => {
    expect(confirmationKind({ id: 'x', hostId: 'h1', weeks: [1] }, [app('p', 'h2', 'pending', [2])])).toEqual(
      {
        kind: 'confirm',
      },
    );
  });
  it('1 + 1 with the same host: confirmed at once', () => {
    expect(
      confirmationKind({ id: 'x', hostId: 'h1', weeks: [2] }, [app('a', 'h1', 'confirmed', [1])]),
    ).toEqual({
      kind: 'confirm',
    });
  });
  it('1 + 1 with two hosts: the second needs the head’s agreement', () => {
    expect(
      confirmationKind({ id: 'x', hostId: 'h2', weeks: [2] }, [app('a', 'h1', 'confirmed', [1])]),
    ).toEqual({
      kind: 'split',
    });
  });
  it('a week already placed (or waiting for a split) cannot be confirmed again', () => {
    expect(
      confirmationKind({ id: 'x', hostId: 'h2', weeks: [1, 2] }, [app('a', 'h1', 'confirmed', [1])]),
    ).toEqual({ kind: 'covered', week: 1 });
    expect(
      confirmationKind({ id: 'x', hostId: 'h3', weeks: [2] }, [app('a', 'h1', 'split_pending', [2])]),
    ).toEqual({ kind: 'covered', week: 2 });
  });
});

describe('deadlines', () => {
  const t = new Date('2027-02-01T10:00:00Z');
  it('expires after 15 days and gives 7 days to confirm by default, as campaign settings', () => {
    expect(expiresAt(t, DEFAULT_SETTINGS).toISOString()).toBe('2027-02-16T10:00:00.000Z');
    expect(confirmBy(t, DEFAULT_SETTINGS).toISOString()).toBe('2027-02-08T10:00:00.000Z');
    expect(expiresAt(t, { applicationExpiryDays: 10 }).toISOString()).toBe('2027-02-11T10:00:00.000Z');
    expect(confirmBy(t, { confirmationDelayDays: 3 }).toISOString()).toBe('2027-02-04T10:00:00.000Z');
  });
  it('accepts a confirmation until the deadline included', () => {
    const deadline = confirmBy(t, DEFAULT_SETTINGS);
    expect(acceptanceLapsed(deadline, deadline)).toBe(false);
    expect(acceptanceLapsed(new Date(deadline.getTime() + 1), deadline)).toBe(true);
  });
});
