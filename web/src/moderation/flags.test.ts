import { describe, expect, it } from 'vitest';
import { decisionOf, FLAG_REASON_LABELS, groupByOffer, type Flag } from './flags.ts';

const offerA = { id: 'a', title: 'Offre A', status: 'published', hostName: 'Hôte A' };
const offerB = { id: 'b', title: 'Offre B', status: 'published', hostName: 'Hôte B' };
const flag = (id: string, offer: Flag['offer'], reason: Flag['reason']): Flag => ({
  id,
  reason,
  comment: null,
  createdAt: '2026-11-28T10:00:00Z',
  resolvedAt: null,
  resolution: null,
  offer,
});

describe('flags for moderation', () => {
  it('labels every reason of the API in French', () => {
    expect(Object.keys(FLAG_REASON_LABELS)).toEqual([
      'suspicious',
      'inappropriate',
      'wrong_address',
      'misleading',
      'other',
    ]);
  });

  it('groups by offer in the order of the list, counting the reasons', () => {
    const groups = groupByOffer([
      flag('1', offerB, 'other'),
      flag('2', offerA, 'suspicious'),
      flag('3', offerB, 'misleading'),
      flag('4', offerB, 'misleading'),
    ]);
    expect(groups.map((g) => g.offer.id)).toEqual(['b', 'a']);
    expect(groups[0]!.flags.map((f) => f.id)).toEqual(['1', '3', '4']);
    expect(groups[0]!.reasons).toEqual([
      { reason: 'misleading', count: 2 },
      { reason: 'other', count: 1 },
    ]);
    expect(groupByOffer([])).toEqual([]);
  });

  it('reads the decision of a resolved flag', () => {
    expect(decisionOf('unpublish: Une offre ne demande jamais de paiement.')).toEqual({
      label: 'Offre dépubliée',
      message: 'Une offre ne demande jamais de paiement.',
    });
    expect(decisionOf('dismiss')).toEqual({ label: 'Classé sans suite', message: null });
    expect(decisionOf('dismiss: RAS')).toEqual({ label: 'Classé sans suite', message: 'RAS' });
    expect(decisionOf(null)).toEqual({ label: 'Traité', message: null });
    expect(decisionOf('autre chose')).toEqual({ label: 'Traité', message: 'autre chose' });
  });
});
