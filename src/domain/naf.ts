/**
 * NAF codes (INSEE's rév. 2 nomenclature of activities) → the sector suggested to a host for its
 * offers (our sectors: data/secteurs.csv, codes are the slugs of their names). The labels and the
 * list of valid codes come from @socialgouv/codes-naf (static data, no I/O).
 */
import codesNaf from '@socialgouv/codes-naf';

const LABELS = new Map(codesNaf.map((c) => [c.id, c.label]));

/** "8610Z", "86.10z", " 86.10 Z " → "86.10Z"; null when the shape is wrong. */
export function normaliseNaf(input: string): string | null {
  const m = /^(\d{2})\.?(\d{2})\s*([A-Za-z])$/.exec(input.trim().replace(/\s+/g, ''));
  return m ? `${m[1]}.${m[2]}${m[3]!.toUpperCase()}` : null;
}

/** The label of a sub-class ("86.10Z" → "Activités hospitalières"), or null when it does not exist. */
export function nafLabel(code: string): string | null {
  return LABELS.get(code) ?? null;
}

/** Divisions (two first digits) → sector slug. Ranges are inclusive. */
const DIVISIONS: readonly [from: number, to: number, sector: string][] = [
  [1, 3, 'agriculture'],
  [5, 9, 'energie'],
  [10, 12, 'industrie-alimentaire'],
  [13, 15, 'mode'],
  [16, 16, 'filiere-bois'],
  [17, 18, 'industrie-ingenierie-industrielle'],
  [19, 21, 'industrie-chimique'],
  [22, 22, 'industrie-chimique'],
  [23, 23, 'verre-beton-ceramique'],
  [24, 25, 'mecanique'],
  [26, 27, 'electronique'],
  [28, 28, 'mecanique'],
  [29, 29, 'automobile'],
  [30, 30, 'construction-aeronautique-ferroviaire-et-navale'],
  [31, 32, 'artisanat-d-art'],
  [33, 33, 'maintenance'],
  [35, 35, 'energie'],
  [36, 39, 'environnement'],
  [41, 43, 'batiment-et-travaux-publics-btp'],
  [45, 45, 'automobile'],
  [46, 47, 'commerce-et-distribution'],
  [49, 52, 'logistique-et-transport'],
  [53, 53, 'services-postaux'],
  [55, 56, 'hotellerie-restauration'],
  [58, 58, 'edition-librairie-bibliotheque'],
  [59, 60, 'audiovisuel'],
  [61, 63, 'informatique-et-reseaux'],
  [64, 66, 'banque-et-assurance'],
  [68, 68, 'immobilier-transactions-immobilieres'],
  [69, 69, 'droit-et-justice'],
  [70, 70, 'conseil-et-audit'],
  [71, 71, 'architecture-urbanisme-et-paysage'],
  [72, 72, 'recherche'],
  [73, 73, 'marketing-publicite'],
  [74, 74, 'art-et-design'],
  [75, 75, 'sante'],
  [77, 77, 'commerce-et-distribution'],
  [78, 78, 'comptabilite-gestion-ressources-humaines'],
  [79, 79, 'tourisme'],
  [80, 80, 'securite'],
  [81, 81, 'environnement'],
  [82, 82, 'comptabilite-gestion-ressources-humaines'],
  [84, 84, 'fonction-publique'],
  [85, 85, 'enseignement'],
  [86, 86, 'sante'],
  [87, 88, 'social'],
  [90, 90, 'arts-du-spectacle'],
  [91, 91, 'culture-et-patrimoine'],
  [93, 93, 'sport'],
  [94, 94, 'social'],
  [95, 95, 'maintenance'],
  [96, 96, 'bien-etre'],
];

/** Finer sub-classes that the division would place badly. */
const SUBCLASSES: Record<string, string> = {
  '62.01Z': 'informatique-et-reseaux',
  '58.21Z': 'jeu-video',
  '63.91Z': 'journalisme',
  '73.11Z': 'marketing-publicite',
  '70.21Z': 'communication',
  '74.30Z': 'traduction-interpretation',
  '84.22Z': 'armee-defense',
  '84.23Z': 'droit-et-justice',
  '84.24Z': 'securite',
  '84.25Z': 'securite',
  '86.90A': 'paramedical',
  '86.90D': 'paramedical',
  '86.90E': 'paramedical',
  '71.12B': 'industrie-ingenierie-industrielle',
  '72.11Z': 'recherche',
  '90.03A': 'art-et-design',
};

/** The sector to suggest for a NAF sub-class, or null when none fits. */
export function suggestedSector(code: string): string | null {
  const sub = SUBCLASSES[code];
  if (sub) return sub;
  const division = Number(code.slice(0, 2));
  return DIVISIONS.find(([from, to]) => division >= from && division <= to)?.[2] ?? null;
}

export type NafCheck =
  { ok: true; code: string; label: string; suggestedSector: string | null } | { ok: false; message: string };

/** Validates a NAF code typed by a host, with its label and the suggested sector. */
export function checkNaf(input: string): NafCheck {
  const code = normaliseNaf(input);
  if (!code)
    return { ok: false, message: 'code NAF : format attendu 4 chiffres et une lettre, par exemple 86.10Z' };
  const label = nafLabel(code);
  if (!label)
    return { ok: false, message: `code NAF : ${code} n’existe pas dans la nomenclature (NAF rév. 2)` };
  return { ok: true, code, label, suggestedSector: suggestedSector(code) };
}
