import { describe, expect, it } from 'vitest';
import {
  derivePlacement,
  effectiveStatus,
  GAP_CODES,
  PLACEMENT_STATUS_DESCRIPTIONS,
  PLACEMENT_STATUS_LABELS,
  PLACEMENT_STATUS_SEVERITIES,
  PLACEMENT_STATUSES,
  summarizePlacements,
  type ApplicationState,
  type GapCode,
  type PlacementApplication,
  type PlacementDerivation,
  type PlacementFacts,
  type PlacementStatus,
  type WeekNumber,
} from './placement-status.ts';

let seq = 0;
/** An application to host `host` for `weeks`, in state `status`. */
function app(
  host: string,
  weeks: WeekNumber[],
  status: ApplicationState,
  extra: Partial<PlacementApplication> = {},
): PlacementApplication {
  seq++;
  return {
    id: `a${seq}`,
    offerId: `o-${host}-${weeks.join('')}`,
    hostId: host,
    hostName: `Organisme ${host}`,
    weeks,
    status,
    ...extra,
  };
}
const confirmed = (host: string, weeks: WeekNumber[], at: string, signed = false) =>
  app(host, weeks, 'confirmed', { acceptedAt: at, confirmedAt: at, conventionSigned: signed });
/** a second host's week, confirmed by the student, waiting for the head */
const splitPending = (host: string, week: WeekNumber) =>
  app(host, [week], 'split_pending', { acceptedAt: T1 });

function facts(applications: PlacementApplication[], more: Partial<PlacementFacts> = {}): PlacementFacts {
  return { applications, exemption: null, repli: false, ...more };
}

type Kind = 'placement' | 'split_pending' | 'exempted' | 'repli' | 'none';

interface Case {
  name: string;
  facts: PlacementFacts;
  status: PlacementStatus;
  weeks: [Kind, Kind];
  gaps?: GapCode[];
  hosts?: number;
  toSign?: number;
}

const T1 = '2026-05-01T10:00:00Z';
const T2 = '2026-05-02T10:00:00Z';
const NOW = '2026-05-10T12:00:00Z';
const LATER = '2026-05-12T12:00:00Z';
const EARLIER = '2026-05-09T12:00:00Z';

const cases: Case[] = [
  // --- each status
  {
    name: 'no application: to place',
    facts: facts([]),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['no_application', 'no_application'],
    hosts: 0,
    toSign: 0,
  },
  {
    name: 'one pending application for both weeks: in progress',
    facts: facts([app('A', [1, 2], 'pending')]),
    status: 'in_progress',
    weeks: ['none', 'none'],
    gaps: ['applications_pending', 'applications_pending'],
  },
  {
    name: 'an acceptance waiting for the student: in progress',
    facts: facts([app('A', [1, 2], 'accepted', { acceptedAt: T1, confirmBy: LATER })], { asOf: NOW }),
    status: 'in_progress',
    weeks: ['none', 'none'],
    gaps: ['acceptance_to_confirm', 'acceptance_to_confirm'],
  },
  {
    name: 'one week confirmed only: in progress',
    facts: facts([confirmed('A', [1], T1)]),
    status: 'in_progress',
    weeks: ['placement', 'none'],
    gaps: ['no_application'],
    hosts: 1,
    toSign: 1,
  },
  {
    name: 'week 2 confirmed only, a pending application on week 1: in progress',
    facts: facts([confirmed('A', [2], T1), app('B', [1], 'pending')]),
    status: 'in_progress',
    weeks: ['none', 'placement'],
    gaps: ['applications_pending'],
  },
  {
    name: 'one host for two weeks, convention not signed: covered',
    facts: facts([confirmed('A', [1, 2], T1)]),
    status: 'covered',
    weeks: ['placement', 'placement'],
    hosts: 1,
    toSign: 1,
  },
  {
    name: 'one host for two weeks, convention signed: placed',
    facts: facts([confirmed('A', [1, 2], T1, true)]),
    status: 'placed',
    weeks: ['placement', 'placement'],
    hosts: 1,
    toSign: 0,
  },
  {
    name: 'exemption granted: exempted',
    facts: facts([], { exemption: 'snu' }),
    status: 'exempted',
    weeks: ['exempted', 'exempted'],
  },
  {
    name: 'repli decided, nothing else: repli',
    facts: facts([], { repli: true }),
    status: 'repli',
    weeks: ['repli', 'repli'],
  },

  // --- 1 + 1
  {
    name: '1+1 two hosts, split approved (both confirmed), conventions unsigned: covered',
    facts: facts([confirmed('A', [1], T1), confirmed('B', [2], T2)]),
    status: 'covered',
    weeks: ['placement', 'placement'],
    hosts: 2,
    toSign: 2,
  },
  {
    name: '1+1 two hosts, one convention signed: covered',
    facts: facts([confirmed('A', [1], T1, true), confirmed('B', [2], T2)]),
    status: 'covered',
    weeks: ['placement', 'placement'],
    hosts: 2,
    toSign: 1,
  },
  {
    name: '1+1 two hosts, both conventions signed: placed',
    facts: facts([confirmed('A', [1], T1, true), confirmed('B', [2], T2, true)]),
    status: 'placed',
    weeks: ['placement', 'placement'],
    hosts: 2,
    toSign: 0,
  },
  {
    name: '1+1 two hosts, split waiting for the head: in progress, one host counted',
    facts: facts([confirmed('A', [1], T1, true), splitPending('B', 2)]),
    status: 'in_progress',
    weeks: ['placement', 'split_pending'],
    gaps: ['split_awaiting_approval'],
    hosts: 1,
    toSign: 0,
  },
  {
    name: '1+1 two hosts, split waiting on week 1: in progress',
    facts: facts([splitPending('B', 1), confirmed('A', [2], T1)]),
    status: 'in_progress',
    weeks: ['split_pending', 'placement'],
    gaps: ['split_awaiting_approval'],
  },
  {
    name: '1+1 two hosts, split refused: in progress, the refusal is the reason',
    facts: facts([confirmed('A', [1], T1), app('B', [2], 'split_refused', { acceptedAt: T1 })]),
    status: 'in_progress',
    weeks: ['placement', 'none'],
    gaps: ['split_refused'],
  },
  {
    name: '1+1 split refused, then a new pending application: live first',
    facts: facts([confirmed('A', [1], T1), app('B', [2], 'split_refused'), app('C', [2], 'pending')]),
    status: 'in_progress',
    weeks: ['placement', 'none'],
    gaps: ['applications_pending'],
  },
  {
    name: '1+1 with the same host (two offers): covered, one host, two conventions',
    facts: facts([confirmed('A', [1], T1), confirmed('A', [2], T2)]),
    status: 'covered',
    weeks: ['placement', 'placement'],
    hosts: 1,
    toSign: 2,
  },
  {
    name: 'split waiting, first week withdrawn since: in progress, the split is the reason',
    facts: facts([app('A', [1], 'withdrawn_by_student', { confirmedAt: T1 }), splitPending('B', 2)]),
    status: 'in_progress',
    weeks: ['none', 'split_pending'],
    gaps: ['withdrawn_after_confirmation', 'split_awaiting_approval'],
  },

  // --- lapses, withdrawals, endings
  {
    name: 'acceptance lapsed (recorded as expired after acceptance): to place',
    facts: facts([app('A', [1, 2], 'expired', { acceptedAt: T1 })]),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['acceptance_lapsed', 'acceptance_lapsed'],
  },
  {
    name: 'acceptance past its deadline, job not run yet: lapsed, to place',
    facts: facts([app('A', [1, 2], 'accepted', { confirmBy: EARLIER })], { asOf: NOW }),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['acceptance_lapsed', 'acceptance_lapsed'],
  },
  {
    name: 'acceptance with a passed deadline but no asOf: still waiting',
    facts: facts([app('A', [1, 2], 'accepted', { confirmBy: EARLIER })]),
    status: 'in_progress',
    weeks: ['none', 'none'],
    gaps: ['acceptance_to_confirm', 'acceptance_to_confirm'],
  },
  {
    name: 'pending application past its expiry, job not run yet: ended, to place',
    facts: facts([app('A', [1], 'pending', { expiresAt: EARLIER })], { asOf: NOW }),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['applications_ended', 'no_application'],
  },
  {
    name: 'pending application before its expiry: in progress',
    facts: facts([app('A', [1], 'pending', { expiresAt: LATER })], { asOf: NOW }),
    status: 'in_progress',
    weeks: ['none', 'none'],
    gaps: ['applications_pending', 'no_application'],
  },
  {
    name: 'withdrawn after confirmation: to place, the withdrawal is the reason',
    facts: facts([
      app('A', [1, 2], 'withdrawn_by_student', { confirmedAt: T1 }),
      app('B', [1, 2], 'refused'),
    ]),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['withdrawn_after_confirmation', 'withdrawn_after_confirmation'],
  },
  {
    name: 'withdrawn before confirmation: an ended application',
    facts: facts([app('A', [2], 'withdrawn_by_student')]),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['no_application', 'applications_ended'],
  },
  {
    name: 'host cancelled after confirmation, week 1 still covered: in progress',
    facts: facts([confirmed('A', [1], T1), app('B', [2], 'cancelled_by_host', { confirmedAt: T2 })]),
    status: 'in_progress',
    weeks: ['placement', 'none'],
    gaps: ['cancelled_by_host'],
  },
  {
    name: 'refused, expired and overlap-cancelled only: to place',
    facts: facts([
      app('A', [1], 'refused'),
      app('B', [1, 2], 'expired'),
      app('C', [2], 'cancelled_by_overlap'),
    ]),
    status: 'to_place',
    weeks: ['none', 'none'],
    gaps: ['applications_ended', 'applications_ended'],
  },
  {
    name: 'a new pending application after a withdrawal: live first, in progress',
    facts: facts([
      app('A', [1, 2], 'withdrawn_by_student', { confirmedAt: T1 }),
      app('B', [1, 2], 'pending'),
    ]),
    status: 'in_progress',
    weeks: ['none', 'none'],
    gaps: ['applications_pending', 'applications_pending'],
  },
  {
    name: 'an acceptance comes before pending applications in the reason',
    facts: facts([app('A', [1], 'pending'), app('B', [1], 'accepted')]),
    status: 'in_progress',
    weeks: ['none', 'none'],
    gaps: ['acceptance_to_confirm', 'no_application'],
  },

  // --- precedence
  {
    name: 'exemption wins over a placed student, the placement stays visible',
    facts: facts([confirmed('A', [1, 2], T1, true)], { exemption: 'medical' }),
    status: 'exempted',
    weeks: ['placement', 'placement'],
  },
  {
    name: 'exemption wins over repli, the confirmed week stays visible',
    facts: facts([confirmed('A', [1], T1)], { exemption: 'mobility', repli: true }),
    status: 'exempted',
    weeks: ['placement', 'exempted'],
  },
  {
    name: 'exemption wins over live applications',
    facts: facts([app('A', [1, 2], 'pending')], { exemption: 'sthr' }),
    status: 'exempted',
    weeks: ['exempted', 'exempted'],
  },
  {
    name: 'both weeks covered win over repli',
    facts: facts([confirmed('A', [1, 2], T1)], { repli: true }),
    status: 'covered',
    weeks: ['placement', 'placement'],
  },
  {
    name: 'repli covers the week that is not covered',
    facts: facts([confirmed('A', [1], T1, true)], { repli: true }),
    status: 'repli',
    weeks: ['placement', 'repli'],
  },
  {
    name: 'repli wins over live applications',
    facts: facts([app('A', [1, 2], 'pending')], { repli: true }),
    status: 'repli',
    weeks: ['repli', 'repli'],
  },
  {
    name: 'repli leaves a split waiting for the head visible',
    facts: facts([confirmed('A', [1], T1), splitPending('B', 2)], { repli: true }),
    status: 'repli',
    weeks: ['placement', 'split_pending'],
  },
  {
    name: 'impossible facts (two confirmed on week 1): the first confirmed holds it',
    facts: facts([confirmed('B', [1], T2), confirmed('A', [1, 2], T1)]),
    status: 'covered',
    weeks: ['placement', 'placement'],
    hosts: 1,
  },
  {
    name: 'impossible facts (confirmed and split pending on week 2): the confirmed one holds it',
    facts: facts([
      { ...splitPending('B', 2), confirmedAt: '2026-04-01T00:00:00Z' },
      confirmed('A', [1, 2], T1),
    ]),
    status: 'covered',
    weeks: ['placement', 'placement'],
    hosts: 1,
  },
];

describe('placement status derivation', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const d = derivePlacement(c.facts);
    expect(d.status).toBe(c.status);
    expect(d.weeks.map((w) => w.kind)).toEqual(c.weeks);
    expect(d.weeks.map((w) => w.week)).toEqual([1, 2]);
    if (c.gaps) expect(d.gaps.map((g) => g.code)).toEqual(c.gaps);
    if (c.status === 'to_place' || c.status === 'in_progress') {
      expect(d.gaps.map((g) => g.week)).toEqual(
        d.weeks.filter((w) => w.kind !== 'placement').map((w) => w.week),
      );
      expect(d.reason).not.toBeNull();
    } else {
      expect(d.gaps).toEqual([]);
      expect(d.reason).toBeNull();
    }
    if (c.hosts !== undefined) expect(d.hosts).toBe(c.hosts);
    if (c.toSign !== undefined) expect(d.conventionsToSign).toBe(c.toSign);
  });

  it('has a case for every status and every reason', () => {
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(PLACEMENT_STATUSES));
    expect(new Set(cases.flatMap((c) => c.gaps ?? []))).toEqual(new Set(GAP_CODES));
  });

  it('names the host and offer of each covered week', () => {
    const a = confirmed('A', [1], T1);
    const b = confirmed('B', [2], T2, true);
    const d = derivePlacement(facts([a, b]));
    expect(d.weeks[0]).toEqual({
      week: 1,
      kind: 'placement',
      placement: {
        applicationId: a.id,
        offerId: a.offerId,
        hostId: 'A',
        hostName: 'Organisme A',
        twoWeeks: false,
        conventionSigned: false,
      },
    });
    expect(d.weeks[1]).toMatchObject({
      kind: 'placement',
      placement: { hostId: 'B', conventionSigned: true },
    });
    const two = derivePlacement(facts([confirmed('C', [1, 2], T1)]));
    expect(two.weeks[0]).toMatchObject({ placement: { hostId: 'C', twoWeeks: true } });
    expect(two.weeks[1]).toMatchObject({ placement: { hostId: 'C', twoWeeks: true } });
    const split = derivePlacement(facts([a, splitPending('D', 2)]));
    expect(split.weeks[1]).toMatchObject({ kind: 'split_pending', placement: { hostId: 'D' } });
  });

  it('gives the exemption reason only with the exempted status', () => {
    expect(derivePlacement(facts([], { exemption: 'medical' })).exemptionReason).toBe('medical');
    expect(derivePlacement(facts([])).exemptionReason).toBeNull();
  });

  it('writes the reason in French, counting applications and joining identical weeks', () => {
    expect(derivePlacement(facts([])).reason).toBe('Semaines 1 et 2 : aucune candidature.');
    expect(derivePlacement(facts([app('A', [1, 2], 'pending'), app('B', [1], 'pending')])).reason).toBe(
      'Semaine 1 : 2 candidatures en attente de réponse. Semaine 2 : 1 candidature en attente de réponse.',
    );
    expect(derivePlacement(facts([confirmed('A', [1], T1), splitPending('B', 2)])).reason).toBe(
      'Semaine 2 : stage chez un second organisme, en attente de l’accord du chef d’établissement.',
    );
    expect(
      derivePlacement(facts([app('A', [1, 2], 'withdrawn_by_student', { confirmedAt: T1 })])).reason,
    ).toBe('Semaines 1 et 2 : désistement de l’élève après confirmation.');
    expect(derivePlacement(facts([app('A', [1], 'refused'), app('B', [1], 'expired')])).reason).toBe(
      'Semaine 1 : 2 candidatures refusées, expirées ou retirées, aucune en cours. Semaine 2 : aucune candidature.',
    );
  });

  it('gives the earliest confirmation deadline of the acceptances of a week', () => {
    const d = derivePlacement(
      facts([
        app('A', [1], 'accepted', { confirmBy: '2026-05-20T00:00:00Z' }),
        app('B', [1, 2], 'accepted', { confirmBy: '2026-05-15T00:00:00Z' }),
      ]),
    );
    expect(d.gaps[0]).toMatchObject({
      week: 1,
      code: 'acceptance_to_confirm',
      count: 2,
      until: '2026-05-15T00:00:00Z',
    });
    expect(d.gaps[1]).toMatchObject({ week: 2, count: 1, until: '2026-05-15T00:00:00Z' });
    expect(d.gaps[0]?.text).toBe('2 acceptations à confirmer par l’élève');
  });

  it('does not depend on the order of the applications', () => {
    const apps = [
      confirmed('A', [1], T2),
      app('C', [2], 'refused'),
      confirmed('E', [1], T1, true), // impossible: the earlier one holds week 1
      app('D', [2], 'pending'),
      splitPending('B', 2),
    ];
    const expected = derivePlacement(facts(apps));
    expect(derivePlacement(facts([...apps].reverse()))).toEqual(expected);
    expect(expected.weeks[0]).toMatchObject({ kind: 'placement', placement: { hostId: 'E' } });
    expect(expected.weeks[1]).toMatchObject({ kind: 'split_pending', placement: { hostId: 'B' } });
  });

  it.each([
    ['no week', []],
    ['week 3', [3]],
    ['week 1 twice', [1, 1]],
  ])('refuses impossible facts: %s', (_n, weeks) => {
    const bad = { ...app('A', [1], 'pending'), weeks: weeks as WeekNumber[] };
    expect(() => derivePlacement(facts([bad]))).toThrow(RangeError);
  });

  it('refuses an unreadable instant', () => {
    expect(() =>
      derivePlacement(facts([app('A', [1], 'pending', { expiresAt: 'demain' })], { asOf: NOW })),
    ).toThrow(/invalid instant/);
  });

  it.each([
    ['pending', { expiresAt: NOW }, 'expired'],
    ['pending', { expiresAt: EARLIER }, 'expired'],
    ['pending', { expiresAt: LATER }, 'pending'],
    // the deadline itself is still in time (application.ts acceptanceLapsed)
    ['accepted', { confirmBy: NOW }, 'accepted'],
    ['accepted', { confirmBy: EARLIER }, 'expired'],
    ['accepted', { confirmBy: LATER }, 'accepted'],
    ['accepted', {}, 'accepted'],
    ['confirmed', { confirmBy: EARLIER, expiresAt: EARLIER }, 'confirmed'],
    ['split_pending', { confirmBy: EARLIER }, 'split_pending'],
    ['refused', { expiresAt: EARLIER }, 'refused'],
  ] as const)('effective state of %s %j at asOf is %s', (status, extra, expected) => {
    expect(effectiveStatus(app('A', [1], status, extra), NOW)).toBe(expected);
    expect(effectiveStatus(app('A', [1], status, extra))).toBe(status);
  });
});

describe('placement summary', () => {
  const d = (f: PlacementFacts): PlacementDerivation => derivePlacement(f);

  it('counts each status, exemptions by reason, one host and two hosts, splits to approve, the placed rate', () => {
    const s = summarizePlacements([
      d(facts([])),
      d(facts([app('A', [1, 2], 'pending')])),
      d(facts([confirmed('A', [1], T1), splitPending('B', 2)])),
      d(facts([confirmed('A', [1, 2], T1)])),
      d(facts([confirmed('A', [1], T1, true), confirmed('B', [2], T2, true)])),
      d(facts([confirmed('A', [1, 2], T1, true)])),
      d(facts([], { exemption: 'snu' })),
      d(facts([], { exemption: 'snu' })),
      d(facts([], { exemption: 'medical' })),
      d(facts([], { repli: true })),
      d(facts([confirmed('A', [1], T1), splitPending('B', 2)], { repli: true })),
    ]);
    expect(s.total).toBe(11);
    expect(s.byStatus).toEqual({ to_place: 1, in_progress: 2, covered: 1, placed: 2, exempted: 3, repli: 2 });
    expect(s.exemptedByReason).toEqual({ snu: 2, mobility: 0, sthr: 0, medical: 1 });
    expect(s.oneHost).toBe(2);
    expect(s.twoHosts).toBe(1);
    expect(s.bothWeeksCovered).toBe(3);
    expect(s.splitsToApprove).toBe(2);
    expect(s.placedRate).toBeCloseTo(2 / 11);
  });

  it('summarises nobody with zeros and no rate', () => {
    const s = summarizePlacements([]);
    expect(s.total).toBe(0);
    expect(Object.values(s.byStatus).every((n) => n === 0)).toBe(true);
    expect(s.placedRate).toBeNull();
  });
});

describe('labels', () => {
  it('has a distinct French label, a description and a DSFR badge severity for every status', () => {
    for (const s of PLACEMENT_STATUSES) {
      expect(PLACEMENT_STATUS_LABELS[s]).toMatch(/^[A-ZÀ-Ý]/);
      expect(PLACEMENT_STATUS_DESCRIPTIONS[s].length).toBeGreaterThan(10);
      expect([undefined, 'success', 'warning', 'info', 'error', 'new']).toContain(
        PLACEMENT_STATUS_SEVERITIES[s],
      );
    }
    expect(new Set(Object.values(PLACEMENT_STATUS_LABELS)).size).toBe(PLACEMENT_STATUSES.length);
    expect(PLACEMENT_STATUS_SEVERITIES.placed).toBe('success');
    expect(PLACEMENT_STATUS_SEVERITIES.to_place).toBe('error');
  });
});
