import { describe, expect, it } from 'vitest';
import {
  confirmPlan,
  coveredWeeks,
  currentState,
  endedText,
  groupApplications,
  liveApplicationTo,
  motivationError,
  motivationLength,
  stateBadge,
  studentActions,
  weekChoices,
  weekSummary,
  weeksText,
  type MyApplication,
  type Placement,
} from './logic.ts';

const NOW = new Date('2027-02-10T09:00:00Z');

function app(over: Partial<MyApplication> & { id: string }): MyApplication {
  return {
    status: 'pending',
    statusLabel: '',
    weeks: [1],
    motivation: 'Motivé',
    offer: { id: `offer-${over.id}`, title: `Offre ${over.id}` },
    host: { id: 'h1', name: 'CHU de Rennes' },
    student: { id: 's1', firstName: 'Léa', lastName: 'Martin', schoolUai: '0350024L' },
    appliedAt: '2027-02-01T09:00:00.000Z',
    readAt: null,
    expiresAt: '2027-02-16T09:00:00.000Z',
    acceptedAt: null,
    confirmBy: null,
    refusedAt: null,
    confirmedAt: null,
    closedAt: null,
    hostMessage: null,
    cancelReason: null,
    ...over,
  } as MyApplication;
}

const accepted = (id: string, confirmBy: string, over: Partial<MyApplication> = {}) =>
  app({ id, status: 'accepted', acceptedAt: '2027-02-05T09:00:00.000Z', confirmBy, ...over });

describe('groups', () => {
  it('puts each application in its group, the nearest deadline to confirm first', () => {
    const items = [
      app({ id: 'p' }),
      accepted('a-late', '2027-02-14T09:00:00.000Z'),
      accepted('a-soon', '2027-02-12T09:00:00.000Z'),
      app({ id: 's', status: 'split_pending', weeks: [2] }),
      app({ id: 'c2', status: 'confirmed', weeks: [2] }),
      app({ id: 'c1', status: 'confirmed', weeks: [1] }),
      app({ id: 'r', status: 'refused', closedAt: '2027-02-03T09:00:00.000Z' }),
      app({ id: 'w', status: 'withdrawn_by_student', closedAt: '2027-02-04T09:00:00.000Z' }),
    ];
    const g = groupApplications(items, NOW);
    expect(g.to_confirm.map((a) => a.id)).toEqual(['a-soon', 'a-late']);
    expect(g.waiting.map((a) => a.id).sort()).toEqual(['p', 's']);
    expect(g.confirmed.map((a) => a.id)).toEqual(['c1', 'c2']);
    expect(g.ended.map((a) => a.id)).toEqual(['w', 'r']);
  });

  it('counts deadlines passed as ended before any job records them', () => {
    const lapsed = accepted('l', '2027-02-09T09:00:00.000Z');
    const expired = app({ id: 'e', expiresAt: '2027-02-09T09:00:00.000Z' });
    expect(currentState(lapsed, NOW)).toBe('expired');
    expect(currentState(expired, NOW)).toBe('expired');
    const g = groupApplications([lapsed, expired], NOW);
    expect(g.ended).toHaveLength(2);
    expect(stateBadge(lapsed, NOW).label).toBe('Non confirmée à temps');
    expect(stateBadge(expired, NOW).label).toBe('Expirée sans réponse');
    expect(endedText(lapsed, NOW)).toMatch(
      /^L’organisme avait accepté, mais le stage n’a pas été confirmé avant le 9 février 2027/,
    );
    expect(endedText(expired, NOW)).toMatch(/n’a pas répondu avant le 9 février 2027/);
    // nothing to do with them any more
    expect(studentActions(lapsed, NOW)).toEqual({ confirm: false, withdraw: false });
  });

  it('explains each ending', () => {
    expect(endedText(app({ id: 'x', status: 'refused' }), NOW)).toBe(
      'L’organisme a refusé votre candidature.',
    );
    expect(endedText(app({ id: 'x', status: 'withdrawn_by_student' }), NOW)).toBe(
      'Vous avez retiré cette candidature.',
    );
    expect(
      endedText(
        app({ id: 'x', status: 'withdrawn_by_student', confirmedAt: '2027-02-02T09:00:00.000Z' }),
        NOW,
      ),
    ).toMatch(/place a été libérée/);
    expect(endedText(app({ id: 'x', status: 'cancelled_by_overlap' }), NOW)).toMatch(/autre stage/);
    expect(endedText(app({ id: 'x', status: 'split_refused' }), NOW)).toMatch(/chef d’établissement/);
    expect(endedText(app({ id: 'x' }), NOW)).toBeNull();
  });
});

describe('actions from the state table', () => {
  it('confirm an acceptance; withdraw before or after confirmation; nothing once ended', () => {
    expect(studentActions(accepted('a', '2027-02-12T09:00:00.000Z'), NOW)).toEqual({
      confirm: true,
      withdraw: true,
    });
    expect(studentActions(app({ id: 'p' }), NOW)).toEqual({ confirm: false, withdraw: true });
    expect(studentActions(app({ id: 'c', status: 'confirmed' }), NOW)).toEqual({
      confirm: false,
      withdraw: true,
    });
    expect(studentActions(app({ id: 's', status: 'split_pending' }), NOW)).toEqual({
      confirm: false,
      withdraw: true,
    });
    for (const status of ['refused', 'withdrawn_by_student', 'cancelled_by_host', 'split_refused'] as const)
      expect(studentActions(app({ id: 'x', status }), NOW)).toEqual({ confirm: false, withdraw: false });
  });

  it('a confirmation cancels the other live applications on the same weeks', () => {
    const a = accepted('a', '2027-02-12T09:00:00.000Z', { weeks: [1, 2] });
    const p1 = app({ id: 'p1', weeks: [1], host: { id: 'h2', name: 'Mairie' } });
    const p2 = accepted('p2', '2027-02-13T09:00:00.000Z', { weeks: [2], host: { id: 'h3', name: 'Garage' } });
    const refused = app({ id: 'r', status: 'refused', weeks: [1] });
    const plan = confirmPlan(a, [a, p1, p2, refused]);
    expect(plan.kind).toBe('confirm');
    expect(plan.kind !== 'covered' && plan.cancels.map((o) => o.id)).toEqual(['p1', 'p2']);
    // one week only: the other week's applications stay
    const b = accepted('b', '2027-02-12T09:00:00.000Z', { weeks: [1] });
    const other = app({ id: 'o', weeks: [2] });
    expect(confirmPlan(b, [b, other])).toEqual({ kind: 'confirm', cancels: [] });
  });

  it('a second host on the other week asks the head; a week already held cannot be confirmed again', () => {
    const held = app({ id: 'c', status: 'confirmed', weeks: [1], host: { id: 'h1', name: 'CHU' } });
    const second = accepted('s', '2027-02-12T09:00:00.000Z', {
      weeks: [2],
      host: { id: 'h2', name: 'Mairie' },
    });
    const pending2 = app({ id: 'p', weeks: [2], host: { id: 'h3', name: 'Garage' } });
    const plan = confirmPlan(second, [held, second, pending2]);
    expect(plan.kind).toBe('split');
    expect(plan.kind === 'split' && plan.cancels.map((o) => o.id)).toEqual(['p']);
    // the same host for the other week: no agreement needed
    const sameHost = accepted('m', '2027-02-12T09:00:00.000Z', {
      weeks: [2],
      host: { id: 'h1', name: 'CHU' },
    });
    expect(confirmPlan(sameHost, [held, sameHost]).kind).toBe('confirm');
    const clash = accepted('x', '2027-02-12T09:00:00.000Z', { weeks: [1] });
    expect(confirmPlan(clash, [held, clash])).toEqual({ kind: 'covered', week: 1 });
  });

  it('finds the live application to an offer', () => {
    const items = [
      app({ id: 'r', status: 'refused', offer: { id: 'o1', title: 'A' } }),
      app({ id: 'p', offer: { id: 'o1', title: 'A' } }),
    ];
    expect(liveApplicationTo(items, 'o1')?.id).toBe('p');
    expect(liveApplicationTo(items.slice(0, 1), 'o1')).toBeNull();
  });
});

describe('applying', () => {
  const campaign = [
    { number: 1, start: '2027-06-14', end: '2027-06-18' },
    { number: 2, start: '2027-06-21', end: '2027-06-25' },
  ];

  it('offers each week of the offer with its dates, and both; full or covered weeks cannot be chosen', () => {
    const all = weekChoices(
      [
        { week: 1, left: 2 },
        { week: 2, left: 1 },
      ],
      [],
      campaign,
    );
    expect(all.map((c) => [c.value, c.label, c.disabledWhy])).toEqual([
      ['1', 'Semaine 1 (du lundi 14 juin au vendredi 18 juin 2027)', null],
      ['2', 'Semaine 2 (du lundi 21 juin au vendredi 25 juin 2027)', null],
      ['both', 'Les deux semaines', null],
    ]);
    const full = weekChoices(
      [
        { week: 1, left: 0 },
        { week: 2, left: 1 },
      ],
      [2],
      campaign,
    );
    expect(full.map((c) => c.disabledWhy)).toEqual([
      'complète',
      'vous avez déjà un stage cette semaine-là',
      'semaine 1 : complète',
    ]);
    // an offer of week 2 only: no « both »
    expect(weekChoices([{ week: 2, left: 3 }], [], []).map((c) => [c.value, c.label])).toEqual([
      ['2', 'Semaine 2'],
    ]);
  });

  it('counts the motivation as the server does and says what is wrong', () => {
    expect(motivationLength('é😀a')).toBe(3);
    expect(motivationError('   ')).toBe('Motivation : quelques lignes sont demandées.');
    expect(motivationError('x'.repeat(1500))).toBeNull();
    expect(motivationError('x'.repeat(1501))).toBe('Motivation : 1 500 caractères au plus (1501 reçus).');
  });

  it('writes weeks', () => {
    expect(weeksText([1])).toBe('la semaine 1');
    expect(weeksText([2, 1])).toBe('les semaines 1 et 2');
  });
});

describe('the placement summary', () => {
  const placement = (weeks: Placement['weeks'], gaps: Placement['gaps'] = []): Placement => ({
    status: 'in_progress',
    statusLabel: 'En cours',
    weeks,
    gaps,
    reason: null,
  });
  const week = (w: 1 | 2, kind: Placement['weeks'][number]['kind'], hostName: string | null = null) => ({
    week: w,
    kind,
    applicationId: hostName ? 'a' : null,
    hostName,
    offerTitle: hostName ? 'Découverte' : null,
  });

  it('covered by a host, waiting, or to find', () => {
    const p = placement(
      [week(1, 'placement', 'CHU de Rennes'), week(2, 'none')],
      [{ week: 2, code: 'applications_pending', text: '2 candidatures en attente de réponse', until: null }],
    );
    expect(weekSummary(p.weeks[0]!, p.gaps)).toEqual({
      kind: 'covered',
      text: 'couverte par CHU de Rennes',
      detail: 'Découverte',
    });
    expect(weekSummary(p.weeks[1]!, p.gaps)).toEqual({
      kind: 'waiting',
      text: 'en attente',
      detail: '2 candidatures en attente de réponse.',
    });
    expect(
      weekSummary(week(2, 'none'), [
        { week: 2, code: 'acceptance_to_confirm', text: '', until: '2027-02-12T09:00:00.000Z' },
      ]),
    ).toMatchObject({
      kind: 'waiting',
      detail: 'Une acceptation à confirmer avant le 12 février 2027 à 10:00.',
    });
    expect(
      weekSummary(week(1, 'none'), [
        { week: 1, code: 'no_application', text: 'aucune candidature', until: null },
      ]),
    ).toEqual({
      kind: 'to_find',
      text: 'à trouver',
      detail: null,
    });
    expect(
      weekSummary(week(1, 'none'), [
        { week: 1, code: 'acceptance_lapsed', text: 'acceptation non confirmée dans le délai', until: null },
      ]),
    ).toMatchObject({ kind: 'to_find', detail: 'Acceptation non confirmée dans le délai.' });
    expect(weekSummary(week(2, 'split_pending', 'Mairie'), [])).toMatchObject({
      kind: 'waiting',
      detail: 'Stage chez Mairie : en attente de l’accord du chef d’établissement.',
    });
    expect(weekSummary(week(1, 'repli'), []).kind).toBe('repli');
    expect(coveredWeeks(placement([week(1, 'placement', 'X'), week(2, 'split_pending', 'Y')]))).toEqual([
      1, 2,
    ]);
    expect(coveredWeeks(placement([week(1, 'none'), week(2, 'exempted')]))).toEqual([]);
  });
});
