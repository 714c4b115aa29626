import { describe, expect, it } from 'vitest';
import {
  countGroups,
  currentState,
  expiryText,
  filterInbox,
  historyOf,
  hostActions,
  isNew,
  offersOf,
  weeksText,
  type HostApplication,
} from './inbox.ts';

const NOW = new Date('2027-02-01T09:00:00Z'); // 10:00 in Paris

function app(over: Partial<HostApplication> & { id: string }): HostApplication {
  return {
    status: 'pending',
    statusLabel: 'en attente de réponse',
    weeks: [1],
    motivation: 'Motivée',
    offer: { id: 'o1', title: 'Accueil' },
    host: { id: 'h1', name: 'CHU' },
    student: { id: 's1', firstName: 'Léa', lastName: 'Le Goff', schoolUai: '0350024L', schoolName: 'Lycée' },
    appliedAt: '2027-01-25T09:00:00.000Z',
    readAt: null,
    expiresAt: '2027-02-09T09:00:00.000Z',
    acceptedAt: null,
    confirmBy: null,
    refusedAt: null,
    confirmedAt: null,
    closedAt: null,
    hostMessage: null,
    cancelReason: null,
    ...over,
  } as HostApplication;
}

describe('host inbox', () => {
  const items = [
    app({ id: 'a', weeks: [1, 2] }),
    app({ id: 'b', weeks: [2], offer: { id: 'o2', title: 'Blanchisserie' }, readAt: NOW.toISOString() }),
    app({ id: 'c', status: 'accepted', confirmBy: '2027-02-05T09:00:00.000Z' }),
    app({ id: 'd', status: 'confirmed', weeks: [2] }),
    app({ id: 'e', status: 'refused', refusedAt: NOW.toISOString(), hostMessage: 'Complet' }),
    // past its expiry: closed, whatever the job has done yet
    app({ id: 'f', expiresAt: '2027-01-31T09:00:00.000Z' }),
  ];

  it('counts and filters each group, by offer and week', () => {
    expect(countGroups(items, { offerId: null, week: null }, NOW)).toEqual({
      'a-traiter': 2,
      acceptees: 1,
      confirmees: 1,
      closes: 2,
      toutes: 6,
    });
    expect(countGroups(items, { offerId: null, week: 2 }, NOW)).toMatchObject({ 'a-traiter': 2, toutes: 3 });
    const ids = (f: Parameters<typeof filterInbox>[1]) => filterInbox(items, f, NOW).map((a) => a.id);
    expect(ids({ group: 'a-traiter', offerId: null, week: null })).toEqual(['a', 'b']);
    expect(ids({ group: 'a-traiter', offerId: 'o1', week: null })).toEqual(['a']);
    expect(ids({ group: 'closes', offerId: null, week: null })).toEqual(['e', 'f']);
    expect(ids({ group: 'toutes', offerId: null, week: 2 })).toEqual(['a', 'b', 'd']);
    expect(offersOf(items)).toEqual([
      { id: 'o1', title: 'Accueil' },
      { id: 'o2', title: 'Blanchisserie' },
    ]);
  });

  it('marks unread waiting applications as new, not an expired one', () => {
    expect(items.filter((a) => isNew(a, NOW)).map((a) => a.id)).toEqual(['a']);
    expect(currentState(items[5]!, NOW)).toBe('expired');
  });

  it('says how long is left on the Paris calendar', () => {
    expect(expiryText('2027-02-04T09:00:00.000Z', NOW)).toBe('expire dans 3 jours');
    expect(expiryText('2027-02-02T08:00:00.000Z', NOW)).toBe('expire demain à 09:00');
    expect(expiryText('2027-02-01T20:00:00.000Z', NOW)).toBe('expire aujourd’hui à 21:00');
    // 23:30 Paris on the 1st is still today, 00:30 Paris on the 2nd is tomorrow
    expect(expiryText('2027-02-01T22:30:00.000Z', NOW)).toBe('expire aujourd’hui à 23:30');
    expect(expiryText('2027-02-01T23:30:00.000Z', NOW)).toBe('expire demain à 00:30');
    expect(expiryText('2027-02-01T08:00:00.000Z', NOW)).toBe('a expiré sans réponse');
  });

  it('lets the host decide a waiting one, cancel an accepted or confirmed one, nothing else', () => {
    expect(hostActions('pending')).toEqual({ decide: true, cancel: false });
    expect(hostActions('accepted')).toEqual({ decide: false, cancel: true });
    expect(hostActions('confirmed')).toEqual({ decide: false, cancel: true });
    expect(hostActions('refused')).toEqual({ decide: false, cancel: false });
    expect(hostActions('expired')).toEqual({ decide: false, cancel: false });
  });

  it('writes the weeks with their dates', () => {
    const campaign = [
      { week: 1, start: '2027-06-14', end: '2027-06-18' },
      { week: 2, start: '2027-06-21', end: '2027-06-25' },
    ];
    expect(weeksText([2], campaign)).toBe('Semaine 2 (du lundi 21 juin au vendredi 25 juin 2027)');
    expect(weeksText([2, 1])).toBe('Semaine 1 et semaine 2');
  });

  it('tells the history in order, with the messages', () => {
    const cancelled = app({
      id: 'x',
      status: 'cancelled_by_host',
      readAt: '2027-01-26T09:00:00.000Z',
      acceptedAt: '2027-01-27T09:00:00.000Z',
      confirmedAt: '2027-01-28T09:00:00.000Z',
      closedAt: '2027-01-29T09:00:00.000Z',
      hostMessage: 'Bienvenue',
      cancelReason: 'Fermeture',
    });
    expect(historyOf(cancelled, NOW).map((h) => [h.text, h.detail])).toEqual([
      ['Candidature reçue', undefined],
      ['Ouverte pour la première fois par votre organisme', undefined],
      ['Acceptée', 'Message à l’élève : Bienvenue'],
      ['Confirmée par l’élève', undefined],
      ['Annulée par votre organisme', 'Motif : Fermeture'],
    ]);
    expect(historyOf(items[5]!, NOW).at(-1)?.text).toBe('Expirée sans réponse');
    expect(historyOf(items[4]!, NOW).at(-1)).toMatchObject({
      text: 'Refusée',
      detail: 'Message à l’élève : Complet',
    });
  });
});
