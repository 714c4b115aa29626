/**
 * Who runs the service: the facts printed in the footer and on the legal pages, in one place so
 * that an operator changes them here only. Values marked "à confirmer" must be checked before
 * the platform goes into production.
 */
export const SITE = {
  name: 'Stages de seconde',
  tagline: 'Stages d’observation des élèves de seconde générale et technologique',
  academy: 'académie de Rennes',
  publisher: {
    name: 'Rectorat de l’académie de Rennes',
    address: ['96 rue d’Antrain', 'CS 10503', '35705 Rennes Cedex 7'],
    director: 'le recteur de la région académique Bretagne, recteur de l’académie de Rennes',
    website: 'https://www.ac-rennes.fr',
  },
  /** à confirmer : l’hébergeur de l’instance de production. */
  hosting: {
    name: 'Rectorat de l’académie de Rennes, direction des systèmes d’information',
    address: ['96 rue d’Antrain', 'CS 10503', '35705 Rennes Cedex 7'],
    country: 'France',
  },
  /** Délégué à la protection des données de l’académie (adresse à confirmer). */
  dpo: {
    email: 'dpo@ac-rennes.fr',
    address: [
      'Délégué à la protection des données',
      'Rectorat de l’académie de Rennes',
      '96 rue d’Antrain',
      'CS 10503',
      '35705 Rennes Cedex 7',
    ],
  },
  /** Date of the accessibility statement (AAAA-MM-JJ). */
  accessibilityStatementDate: '2026-11-28',
} as const;

/** Client-side routes of the public pages. */
export const PATHS = {
  home: '/',
  accessibility: '/accessibilite',
  legalNotice: '/mentions-legales',
  personalData: '/donnees-personnelles',
  siteMap: '/plan-du-site',
  signIn: '/connexion',
  account: '/compte',
  outbox: '/boite-d-envoi',
} as const;
