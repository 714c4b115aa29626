/**
 * Text helpers for matching French place names and building stable codes: accent folding,
 * commune-name normalisation, slugs, and two string similarities (trigrams as pg_trgm computes
 * them, and Levenshtein).
 */

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss' };

/** Removes diacritics and expands ligatures ("Île-Tudy" → "Ile-Tudy", "Plœuc" → "Ploeuc"). */
export function foldAccents(text: string): string {
  return text
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

const TOKEN_EXPANSIONS: Record<string, string> = {
  st: 'saint',
  ste: 'sainte',
  sts: 'saints',
  stes: 'saintes',
};

/**
 * Normalises a commune name for matching: lower case, accents folded, apostrophes, hyphens,
 * punctuation and spaces unified into single spaces, "St"/"Ste" spelled out, "Cedex" and digits
 * removed. Leading articles are kept ("Le Rheu" → "le rheu").
 *
 * "35044 RENNES CEDEX 9" → "rennes"; "ST M'HERVE" → "saint m herve"; "Saint-Brieuc" → "saint brieuc".
 */
export function normalizeCommuneName(name: string): string {
  const tokens = foldAccents(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t !== '' && t !== 'cedex' && !/^\d+$/.test(t))
    .filter((t) => !/^\d+[a-z]{0,3}$/.test(t)) // numbers and ordinals: "3eme", "1er"
    .map((t) => t.replace(/\d+/g, ''))
    .filter((t) => t !== '')
    .map((t) => TOKEN_EXPANSIONS[t] ?? t);
  return tokens.join(' ');
}

/** A URL- and code-friendly slug: "Bâtiment et travaux publics (BTP)" → "batiment-et-travaux-publics-btp". */
export function slugify(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const SMALL_WORDS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'en',
  'sur',
  'sous',
  'et',
  'aux',
  'au',
  'lès',
  'lez',
]);

/** Capitalises each word of an upper-case or lower-case name ("SAINT-AUBIN-D'AUBIGNE" → "Saint-Aubin-d'Aubigne"). */
export function titleCase(text: string): string {
  return text.toLowerCase().replace(/\p{L}+/gu, (word: string, offset: number, whole: string) => {
    if (offset > 0 && SMALL_WORDS.has(word)) return word;
    if (offset > 0 && (word === 'l' || word === 'd') && /['’]/.test(whole.charAt(offset + 1))) return word;
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
}

/** Trigrams of a string as pg_trgm builds them: each word padded with two spaces before, one after. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm's similarity: shared trigrams / all distinct trigrams, in [0, 1]. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 && tb.size === 0) return a === b ? 1 : 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** 1 − distance / length of the longer string, in [0, 1]. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

/** The better of the trigram and Levenshtein similarities: robust to both word order and typos. */
export function nameSimilarity(a: string, b: string): number {
  return Math.max(trigramSimilarity(a, b), levenshteinSimilarity(a, b));
}

const ELIDING = /^[aeiouyhâàéèêëîïôöûüœ]/i;

/**
 * "de" before a place name, with French elision and contraction:
 * "Vitré" → "de Vitré", "Auray" → "d’Auray", "Le Rheu" → "du Rheu", "Les Forges" → "des Forges",
 * "La Gacilly" → "de La Gacilly".
 */
export function withDe(place: string): string {
  const m = /^(le|les)\s+(.*)$/i.exec(place);
  if (m) return `${m[1]!.toLowerCase() === 'le' ? 'du' : 'des'} ${m[2]}`;
  return ELIDING.test(foldAccents(place)) ? `d’${place}` : `de ${place}`;
}

/** "à" before a place name: "Vitré" → "à Vitré", "Le Rheu" → "au Rheu", "Les Forges" → "aux Forges". */
export function withA(place: string): string {
  const m = /^(le|les)\s+(.*)$/i.exec(place);
  if (m) return `${m[1]!.toLowerCase() === 'le' ? 'au' : 'aux'} ${m[2]}`;
  return `à ${place}`;
}

/** The months in French, January first (dates written out: « 1er juin 2027 »). */
export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;
