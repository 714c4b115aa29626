import { describe, expect, it } from 'vitest';
import {
  checkAcceptance,
  checkDeclarable,
  checkDeclaration,
  cleanSiret,
  currentStatus,
  invitationRefusal,
  splitName,
  weeksWithDates,
  type DeclarableFacts,
} from './external-stage.ts';

const declaration = {
  weeks: 1,
  hostName: 'Boulangerie Le Fournil',
  siret: '732 829 320 00074',
  address: '3 rue de la Monnaie',
  postalCode: '35000',
  communeName: 'Rennes',
  contactName: 'Jeanne Riou',
  contactEmail: 'jeanne@example.net',
};

const weeks = [
  { number: 1 as const, start: '2027-06-14', end: '2027-06-18' },
  { number: 2 as const, start: '2027-06-21', end: '2027-06-25' },
];
const facts = (over: Partial<DeclarableFacts> = {}): DeclarableFacts => ({
  weeks: [1],
  calendar: { weeks, studentsOpenOn: '2027-01-15' },
  today: '2027-02-01',
  placedWeeks: [],
  live: [],
  invited: [],
  ...over,
});

describe('declaration', () => {
  it('accepts a complete one, SIRET with spaces', () => {
    expect(checkDeclaration(declaration)).toEqual([]);
    expect(cleanSiret(' 732 829 320 00074 ')).toBe('73282932000074');
    expect(cleanSiret('  ')).toBeNull();
  });

  it('checks the SIRET (Luhn) unless a public body has none, the weeks, postal code and e-mail', () => {
    const errors = checkDeclaration({
      ...declaration,
      weeks: 4,
      siret: '73282932000075',
      postalCode: '3500',
      contactEmail: 'jeanne',
      hostName: ' ',
    });
    expect(errors.map((e) => e.field)).toEqual(['weeks', 'hostName', 'siret', 'postalCode', 'contactEmail']);
    expect(errors.find((e) => e.field === 'siret')!.message).toMatch(/clé de contrôle/);
    expect(checkDeclaration({ ...declaration, siret: null }).map((e) => e.field)).toEqual(['siret']);
    expect(checkDeclaration({ ...declaration, siret: null, isPublic: true })).toEqual([]);
    expect(checkDeclaration({ ...declaration, siret: '123' })[0]!.message).toBe(
      'Le SIRET doit comporter 14 chiffres.',
    );
  });

  it('asks the representative for the activities, their names and a sector', () => {
    const errors = checkAcceptance({
      ...declaration,
      sectorCode: '',
      contactFirstName: '',
      contactLastName: 'Riou',
      activities: '',
      contactPhone: 'abc',
      tutorEmail: 'x',
    });
    expect(errors.map((e) => e.field)).toEqual([
      'sectorCode',
      'contactFirstName',
      'contactPhone',
      'activities',
      'tutorEmail',
    ]);
  });

  it('splits a declared name to prefill the answer', () => {
    expect(splitName('Jeanne Riou-Le Bihan')).toEqual({ firstName: 'Jeanne', lastName: 'Riou-Le Bihan' });
    expect(splitName(' Anne  Marie Le Goff ')).toEqual({ firstName: 'Anne', lastName: 'Marie Le Goff' });
    expect(splitName('Jeanne')).toEqual({ firstName: 'Jeanne', lastName: '' });
  });
});

describe('weeks that may be declared', () => {
  it('follows the campaign: from the students’ opening day to the day before the week’s Monday', () => {
    expect(checkDeclarable(facts())).toBeNull();
    expect(checkDeclarable(facts({ today: '2027-01-14' }))).toMatchObject({
      error: 'not_open_yet',
      message: 'Les stages pourront être déclarés à partir du 15 janvier 2027.',
    });
    expect(checkDeclarable(facts({ today: '2027-06-13' }))).toBeNull();
    expect(checkDeclarable(facts({ today: '2027-06-14' }))).toMatchObject({ error: 'closed' });
    expect(checkDeclarable(facts({ today: '2027-06-14', weeks: [2] }))).toBeNull();
  });

  it('refuses a week placed, held by an acceptance, or waiting for another host', () => {
    expect(checkDeclarable(facts({ placedWeeks: [1] }))).toMatchObject({ error: 'already_covered' });
    expect(checkDeclarable(facts({ live: [{ status: 'accepted', weeks: [1, 2] }] }))).toMatchObject({
      error: 'already_covered',
    });
    // a pending application does not hold the week: a confirmation would cancel it
    expect(checkDeclarable(facts({ live: [{ status: 'pending', weeks: [1] }] }))).toBeNull();
    expect(checkDeclarable(facts({ invited: [{ id: 'e1', weeks: [1] }] }))).toMatchObject({
      error: 'already_declared',
    });
    // the declaration being accepted does not block itself
    expect(checkDeclarable(facts({ invited: [{ id: 'e1', weeks: [1] }], selfId: 'e1' }))).toBeNull();
    expect(checkDeclarable(facts({ weeks: [2], placedWeeks: [1] }))).toBeNull();
  });
});

describe('invitation state', () => {
  const at = new Date('2027-02-15T09:00:00Z');
  it('is expired past its date, before any job runs', () => {
    expect(currentStatus({ status: 'invited', tokenExpiresAt: at }, new Date(at.getTime() + 1))).toBe(
      'expired',
    );
    expect(currentStatus({ status: 'invited', tokenExpiresAt: at }, at)).toBe('invited');
    expect(currentStatus({ status: 'declined', tokenExpiresAt: at }, new Date(at.getTime() + 1))).toBe(
      'declined',
    );
  });

  it('says in French why a link no longer works', () => {
    expect(invitationRefusal('invited')).toBeNull();
    expect(invitationRefusal('expired')).toMatchObject({ error: 'expired' });
    expect(invitationRefusal('confirmed')!.message).toBe(
      'Vous avez déjà confirmé cet accueil : ce lien ne sert plus.',
    );
    expect(invitationRefusal('cancelled')).toMatchObject({ error: 'answered' });
  });

  it('gives the dates of the declared weeks', () => {
    expect(weeksWithDates(3, weeks).map((w) => w.label)).toEqual([
      'semaine 1 : du 14 juin 2027 au 18 juin 2027',
      'semaine 2 : du 21 juin 2027 au 25 juin 2027',
    ]);
  });
});
