/** A complete convention of the 2025-2026 campaign, for the domain tests. */
import type { ConventionHostPart, ConventionParties, ConventionSchoolPart } from './convention.ts';
import type { DayHours } from './hours.ts';

export const day = (d: number, from = '09:00', to = '17:00', breakMinutes = 60): DayHours => ({
  day: d,
  from,
  to,
  breakMinutes,
});

/** Monday–Friday 9:00–17:00, one hour of lunch: 7 h a day, 35 h a week. */
export const FULL_WEEK = [1, 2, 3, 4, 5].map((d) => day(d));

export function parties(overrides: Partial<ConventionParties> = {}): ConventionParties {
  return {
    host: {
      name: 'Boulangerie Le Fournil',
      siret: '73282932000074',
      isPublic: false,
      address: '3 rue de Brest, 29000 Quimper',
    },
    school: {
      uai: '0290062L',
      name: 'Lycée de Cornouaille',
      isPublic: true,
      address: '8 avenue des Oiseaux, 29000 Quimper',
      email: 'ce.0290062L@ac-rennes.fr',
    },
    student: { firstName: 'Aziliz', lastName: 'Abgrall', birthDate: '2010-03-01', className: '2nde 3' },
    offer: { title: 'Découverte de la boulangerie', sector: 'Alimentation' },
    campaign: {
      schoolYear: '2025-2026',
      weeks: [
        { number: 1, start: '2026-06-15', end: '2026-06-20' },
        { number: 2, start: '2026-06-22', end: '2026-06-27' },
      ],
    },
    ...overrides,
  };
}

export function hostPart(overrides: Partial<ConventionHostPart> = {}): ConventionHostPart {
  return {
    representative: {
      name: 'Yann Le Goff',
      role: 'Gérant',
      email: 'yann@fournil.example',
      phone: '02 98 00 00 00',
    },
    tutor: { name: 'Maïwenn Kerjean', role: 'Boulangère', email: 'maiwenn@fournil.example', phone: '' },
    placeAddress: '',
    activities: 'Observer le pétrissage et la cuisson.\nPrésenter les métiers de la vente.',
    hours: FULL_WEEK,
    lunch: 'Repas tiré du sac, salle de pause à disposition.',
    insurance: { insurer: 'Mutuelle de Bretagne', policyNumber: 'RC-123456' },
    ...overrides,
  };
}

export function schoolPart(overrides: Partial<ConventionSchoolPart> = {}): ConventionSchoolPart {
  return {
    representative: {
      name: 'Anne Morvan',
      role: 'Proviseure',
      email: 'anne.morvan@ac-rennes.fr',
      phone: '02 98 11 11 11',
    },
    caDeliberationDate: '2025-09-18',
    referentTeacher: { name: 'Paul Tanguy', email: 'paul.tanguy@ac-rennes.fr', phone: '06 00 00 00 00' },
    className: '2nde 3',
    pai: { has: false, kitBy: '' },
    guardians: [
      {
        firstName: 'Soizic',
        lastName: 'Abgrall',
        email: 'soizic.abgrall@example.org',
        phone: '06 11 11 11 11',
      },
    ],
    guardiansChecked: true,
    preparation: 'Préparation en classe ; restitution orale au retour.',
    ...overrides,
  };
}
