/**
 * The CSV format of the offers' import, without dependencies (the web page shows it): columns,
 * what each holds, a template, the limits. Parsing: offer-import.ts.
 */

/** Largest file accepted (bytes). */
export const MAX_OFFER_IMPORT_BYTES = 20 * 1024 * 1024;
/** Largest number of offer lines in one file. */
export const MAX_OFFER_IMPORT_ROWS = 20_000;

export const OFFER_COLUMNS = [
  'titre',
  'description',
  'activites',
  'code_secteur',
  'secteur',
  'adresse',
  'code_postal',
  'commune',
  'semaine_1_places',
  'semaine_2_places',
  'horaires',
  'repas',
  'accessible',
  'accueil_groupe',
  'priorite_rep',
  'lycees_reserves',
  'contact_nom',
  'contact_courriel',
  'contact_telephone',
] as const;
export type OfferColumn = (typeof OFFER_COLUMNS)[number];

/** What each column holds, for the documentation (page, API). */
export const COLUMN_HELP: Record<OfferColumn, string> = {
  titre: 'obligatoire, 150 caractères au plus',
  description: 'obligatoire, 1 500 caractères au plus',
  activites: 'activités observées, 1 500 caractères au plus',
  code_secteur: 'code du secteur (par exemple « sante ») ; ou la colonne secteur',
  secteur: 'nom du secteur (par exemple « Santé ») ; ou la colonne code_secteur',
  adresse: 'numéro et voie du lieu du stage',
  code_postal: 'code postal du lieu (ou la commune, au moins l’un des deux)',
  commune: 'commune du lieu',
  semaine_1_places: 'places la semaine 1, de 0 à 50 (vide = 0)',
  semaine_2_places: 'places la semaine 2, de 0 à 50 (vide = 0) ; au moins une place en tout',
  horaires: 'par exemple « lun-jeu 9:00-12:00,13:30-17:00 | ven 9:00-12:00 » (vide = non précisés)',
  repas: 'organisation du déjeuner, 500 caractères au plus',
  accessible: 'accessible aux élèves en situation de handicap : oui ou non (vide = non)',
  accueil_groupe: 'accueil de plusieurs élèves ensemble : oui ou non (vide = non)',
  priorite_rep: 'priorité aux élèves des lycées REP/REP+ ou QPV : oui ou non (vide = non)',
  lycees_reserves: 'UAI des lycées auxquels l’offre est réservée, séparés par des espaces ou « | »',
  contact_nom: 'nom de la personne à contacter',
  contact_courriel: 'courriel de la personne à contacter',
  contact_telephone: 'téléphone de la personne à contacter',
};

/** A template file: the header and one example line. */
export const OFFER_IMPORT_TEMPLATE = `${OFFER_COLUMNS.filter((c) => c !== 'secteur').join(';')}
Découverte du laboratoire d’analyses;Une semaine aux côtés des techniciens du laboratoire.;Prélèvements, analyses, contrôle qualité;sante;2 rue Henri Le Guilloux;35000;Rennes;2;1;lun-jeu 9:00-12:00,13:30-17:00 | ven 9:00-12:00;Self de l’hôpital;oui;non;non;;Marie Le Goff;stages@example.fr;02 99 00 00 00
`;

/** The columns without which a file is refused (one of each pair at least). */
export const REQUIRED_COLUMNS: readonly (readonly OfferColumn[])[] = [
  ['titre'],
  ['description'],
  ['code_secteur', 'secteur'],
  ['code_postal', 'commune'],
  ['semaine_1_places', 'semaine_2_places'],
];
