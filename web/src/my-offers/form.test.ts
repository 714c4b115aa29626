import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/domain/campaign.ts';
import { checkHours } from '../../../src/domain/hours.ts';
import { emptyForm, formField, hoursOf, parseCoordinate, payloadOf, stepErrors, stepOf } from './form.ts';
import { allowedEvents, finishes, statusView } from './status.ts';

const ctx = { placeRequired: true, serviceRequired: false };

describe('offer editor form', () => {
  it('starts with hours that respect the default limits', () => {
    expect(hoursOf(emptyForm())).toHaveLength(5);
    expect(checkHours(hoursOf(emptyForm()), DEFAULT_LIMITS)).toEqual([]);
  });

  it('sends what the form holds: weeks checked, hours of the checked days, place with typed coordinates', () => {
    const form = {
      ...emptyForm(),
      title: 'Atelier',
      description: 'Découverte',
      sectorCode: 'sante',
      postalCode: ' 35000 ',
      communeName: 'Rennes',
      lat: '48,1113',
      lon: '-1,68',
      week2: false,
      places1: '3',
      reservedTo: '0350024l, 0290062L ;',
      contactEmail: '',
      serviceUai: '0351234A',
    };
    const body = payloadOf(form, { create: true, withService: false });
    expect(body).toMatchObject({
      title: 'Atelier',
      activities: null,
      place: { address: null, postalCode: '35000', communeName: 'Rennes', lat: 48.1113, lon: -1.68 },
      weeks: [{ week: 1, places: 3 }],
      reservedTo: ['0350024L', '0290062L'],
      contactEmail: null,
    });
    expect(body.hours.map((h) => h.day)).toEqual([1, 2, 3, 4, 5]);
    expect('serviceUai' in body).toBe(false);
    expect(payloadOf(form, { create: true, withService: true }).serviceUai).toBe('0351234A');
    // an edit never sends the service; an empty place is left to the school or service's address
    expect('serviceUai' in payloadOf(form, { create: false, withService: true })).toBe(false);
    expect('place' in payloadOf(emptyForm(), { create: true, withService: false })).toBe(false);
  });

  it('reads coordinates with a comma or a dot, and refuses text', () => {
    expect(parseCoordinate('48,5')).toBe(48.5);
    expect(parseCoordinate(' -1.68 ')).toBe(-1.68);
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate('nord')).toBeNaN();
  });

  it('checks each step before going on, in French', () => {
    expect(stepErrors(0, emptyForm(), ctx)).toEqual({
      title: 'Indiquez le titre de l’offre.',
      description: 'Décrivez l’offre.',
      sectorCode: 'Choisissez le secteur.',
    });
    expect(stepErrors(0, emptyForm(), { ...ctx, serviceRequired: true }).serviceUai).toBe(
      'Choisissez le service qui accueille.',
    );
    expect(stepErrors(1, { ...emptyForm(), lat: '48', postalCode: '350' }, ctx)).toEqual({
      lon: 'Indiquez aussi la longitude, ou effacez la latitude.',
      postalCode: 'Le code postal a 5 chiffres, par exemple 35000.',
      communeName: 'Indiquez la commune.',
    });
    // a lycée or an école may leave the place empty
    expect(stepErrors(1, emptyForm(), { ...ctx, placeRequired: false })).toEqual({});
    expect(stepErrors(2, { ...emptyForm(), week1: false, week2: false }, ctx)).toEqual({
      weeks: 'Proposez au moins une des deux semaines.',
    });
    expect(stepErrors(2, { ...emptyForm(), places1: '0', places2: '51' }, ctx)).toEqual({
      places1: 'Semaine 1 : au moins 1 place.',
      places2: 'Semaine 2 : 50 places au plus.',
    });
    expect(stepErrors(4, { ...emptyForm(), contactEmail: 'moi@', reservedTo: '0350024L, 12' }, ctx)).toEqual({
      contactEmail: 'Adresse invalide (exemple : prenom.nom@organisme.fr).',
      reservedTo: 'UAI invalide : 12 (7 chiffres et une lettre, par exemple 0350024L).',
    });
  });

  it('puts the server’s field errors on their input and step', () => {
    const sent = { weeks: [{ week: 2 }] };
    expect(formField('weeks.0.places', sent)).toBe('places2');
    expect(formField('weeks', sent)).toBe('weeks');
    expect(formField('place.postalCode', sent)).toBe('postalCode');
    expect(formField('place', sent)).toBe('place');
    expect(formField('hours.3', sent)).toBe('hours.3');
    expect(formField('reservedTo', sent)).toBe('reservedTo');
    expect(stepOf('title')).toBe(0);
    expect(stepOf('postalCode')).toBe(1);
    expect(stepOf('places2')).toBe(2);
    expect(stepOf('hours.3')).toBe(3);
    expect(stepOf('reservedTo')).toBe(4);
    expect(stepOf('inconnu')).toBe(5);
  });
});

describe('dashboard statuses and actions', () => {
  it('reads a draft returned by the IEN as such, with its reason', () => {
    expect(statusView('draft', 'ecole', 'Précisez les horaires.')).toEqual({
      label: 'Renvoyée par l’IEN',
      severity: 'error',
      reason: 'Précisez les horaires.',
    });
    expect(statusView('draft', 'host', null).label).toBe('Brouillon');
    expect(statusView('submitted', 'ecole', null).label).toBe('Soumise à l’IEN');
  });

  it('offers the actions of the state table for the role', () => {
    expect(allowedEvents('draft', 'host_member')).toEqual(['publish']);
    expect(allowedEvents('draft', 'school_director')).toEqual(['submit']);
    expect(allowedEvents('unpublished', 'school_director')).toEqual(['submit']);
    expect(allowedEvents('published', 'school_head')).toEqual(['unpublish']);
    expect(allowedEvents('unpublished', 'dsden')).toEqual(['republish']);
    expect(allowedEvents('submitted', 'school_director')).toEqual([]);
    expect(allowedEvents('archived', 'host_member')).toEqual([]);
  });

  it('gives the editor’s final buttons by channel and status', () => {
    const labels = (
      role: Parameters<typeof finishes>[0],
      status: Parameters<typeof finishes>[1],
      creating: boolean,
    ) => finishes(role, status, creating).map((f) => f.label);
    expect(labels('host_member', 'draft', true)).toEqual(['Enregistrer le brouillon', 'Publier']);
    expect(labels('school_director', 'draft', true)).toEqual([
      'Enregistrer le brouillon',
      'Soumettre à l’IEN',
    ]);
    expect(labels('school_head', 'published', true)).toEqual(['Publier']);
    expect(labels('dsden', 'published', true)).toEqual(['Publier']);
    expect(labels('host_member', 'published', false)).toEqual(['Enregistrer les modifications']);
    expect(labels('host_member', 'unpublished', false)).toEqual([
      'Enregistrer les modifications',
      'Enregistrer et republier',
    ]);
    expect(labels('school_director', 'unpublished', false)).toEqual([
      'Enregistrer les modifications',
      'Soumettre à l’IEN',
    ]);
  });
});
