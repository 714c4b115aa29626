/**
 * Offline geocoder: places an address on the centre of its commune from a list of communes
 * (INSEE code, postal code, name, centre, population), without any network access.
 *
 * Strategy, for (postal code, commune name) as typed by people:
 *   1. the postal code is known and one of its communes bears the name → "postal_code_name";
 *   2. the postal code is known but none of its communes bears the name, and exactly that name
 *      exists elsewhere in the postal code's département → "name" (a wrong postal code is a more
 *      common mistake than a real commune name typed by accident);
 *   3. the postal code is known → its only commune, or, when several share it, the one whose name
 *      is the closest (trigrams / Levenshtein), or else the most populous → "postal_code";
 *   4. the postal code is unknown (Cedex, INSEE code typed instead…) → the commune whose INSEE
 *      code it is if the name agrees, else the name alone, exact then approximate, within the
 *      département of the postal code → "name";
 *   5. otherwise not placed, with a French reason.
 *
 * The index is built from plain records so it can be fed from the CSV files or from the
 * communes table alike.
 */
import { levenshtein, normalizeCommuneName, trigramSimilarity } from '../../domain/text.ts';

export interface CommuneRecord {
  insee: string;
  postalCode: string;
  name: string;
  lat: number | null;
  lon: number | null;
  population?: number | null;
  /** COM (commune), COMD (former commune, delegated), ARM (arrondissement of Paris, Lyon, Marseille) */
  type: string;
  /** derived from the INSEE code when absent */
  departementCode?: string | null;
  /** for COMD and ARM: the INSEE code of the current commune */
  parentInsee?: string | null;
  /** normalised name, computed when absent */
  searchName?: string | null;
}

export type GeocodeMethod = 'postal_code_name' | 'postal_code' | 'name';

export interface GeocodePlaced {
  placed: true;
  lat: number;
  lon: number;
  /** INSEE code of the current commune */
  insee: string;
  /** official name of the current commune (the commune nouvelle for a former commune) */
  communeName: string;
  /** postal code of the matched row */
  postalCode: string;
  /** name of the matched row (differs from communeName for a former commune) */
  matchedName: string;
  method: GeocodeMethod;
}

export interface GeocodeNotPlaced {
  placed: false;
  reason: string;
}

export type GeocodeResult = GeocodePlaced | GeocodeNotPlaced;

export interface OfflineGeocoder {
  /** number of commune rows in the index */
  readonly size: number;
  locate(postalCode: string | null | undefined, communeName: string | null | undefined): GeocodeResult;
}

interface Entry {
  insee: string;
  postalCode: string;
  name: string;
  searchName: string;
  /** searchName, plus the city's name for an arrondissement ("paris" for "Paris 15e Arrondissement") */
  names: string[];
  lat: number;
  lon: number;
  population: number;
  departement: string;
  /** current commune: itself, or its parent for a COMD/ARM row */
  currentInsee: string;
  currentName: string;
}

/** Similarity above which a name is taken as a misspelling of a commune of the same postal code. */
const POSTAL_CODE_NAME_THRESHOLD = 0.5;
/** Stricter threshold for an approximate name searched in a whole département. */
const DEPARTEMENT_NAME_THRESHOLD = 0.75;

/** "35238" → "35", "2A004" → "2A", "97411" → "974". */
export function departementOfInsee(insee: string): string | null {
  if (/^97\d{3}$/.test(insee) || /^98\d{3}$/.test(insee)) return insee.slice(0, 3);
  if (/^(\d{2}|2[AB])\d{3}$/.test(insee)) return insee.slice(0, 2);
  return null;
}

/** Département of a postal code: "35044" → "35", "20000" → "2A", "20200" → "2B", "97400" → "974". */
export function departementOfPostalCode(postalCode: string | null | undefined): string | null {
  const pc = (postalCode ?? '').trim();
  if (/^2[AB]\d{3}$/.test(pc)) return pc.slice(0, 2);
  if (!/^\d{5}$/.test(pc)) return null;
  if (pc.startsWith('97') || pc.startsWith('98')) return pc.slice(0, 3);
  if (pc.startsWith('20')) return Number(pc) < 20200 ? '2A' : '2B';
  if (pc === '00000') return null;
  return pc.slice(0, 2);
}

const ARRONDISSEMENT = /^(.*?)\s+\d+(?:er|e|ème)?\s+arrondissement$/i;

function mostPopulous(entries: readonly Entry[]): Entry {
  let best = entries[0]!;
  for (const e of entries) {
    if (e.population > best.population || (e.population === best.population && e.insee < best.insee))
      best = e;
  }
  return best;
}

/**
 * How close a typed (normalised) name is to a commune's: 0.9 when one is the other followed by
 * more words ("saint die" / "saint die des vosges"), else the trigram similarity, or the
 * Levenshtein similarity when the names differ by at most two edits (a typo).
 */
export function communeNameScore(typed: string, candidate: string): number {
  if (typed === candidate) return 1;
  if (candidate.startsWith(`${typed} `) || typed.startsWith(`${candidate} `)) return 0.9;
  const tri = trigramSimilarity(typed, candidate);
  const distance = levenshtein(typed, candidate);
  const lev = distance <= 2 ? 1 - distance / Math.max(typed.length, candidate.length) : 0;
  return Math.max(tri, lev);
}

function closest(entries: readonly Entry[], names: readonly string[]): { entry: Entry; score: number } {
  let best = entries[0]!;
  let bestScore = -1;
  for (const e of entries) {
    for (const n of names) {
      const score = Math.max(...e.names.map((name) => communeNameScore(n, name)));
      if (score > bestScore || (score === bestScore && e.population > best.population)) {
        best = e;
        bestScore = score;
      }
    }
  }
  return { entry: best, score: bestScore };
}

function placed(e: Entry, method: GeocodeMethod): GeocodePlaced {
  return {
    placed: true,
    lat: e.lat,
    lon: e.lon,
    insee: e.currentInsee,
    communeName: e.currentName,
    postalCode: e.postalCode,
    matchedName: e.name,
    method,
  };
}

/** Name variants tried: the whole name, the article in parentheses put first, the name without what is in parentheses. */
function nameVariants(communeName: string | null | undefined): string[] {
  const raw = (communeName ?? '').trim();
  if (raw === '') return [];
  const out = new Set<string>();
  const whole = normalizeCommuneName(raw);
  if (whole) out.add(whole);
  // "Pouzin (Le)" → "le pouzin"
  const article = /^(.*?)\s*\((le|la|les|l['’])\)\s*$/i.exec(raw);
  if (article) out.add(normalizeCommuneName(`${article[2]} ${article[1]}`));
  const outside = normalizeCommuneName(raw.replace(/\([^)]*\)?/g, ' '));
  if (outside) out.add(outside);
  return [...out];
}

export function buildOfflineGeocoder(communes: Iterable<CommuneRecord>): OfflineGeocoder {
  const all: CommuneRecord[] = [...communes];
  // official names of current communes, to name the result of a former commune after its parent
  const currentNames = new Map<string, string>();
  for (const c of all) if (c.type === 'COM' && !currentNames.has(c.insee)) currentNames.set(c.insee, c.name);

  const byPostalCode = new Map<string, Entry[]>();
  const byInsee = new Map<string, Entry[]>();
  const byDepartement = new Map<string, Entry[]>();
  const byDepartementName = new Map<string, Entry[]>();
  let size = 0;
  for (const c of all) {
    if (c.lat === null || c.lon === null || !Number.isFinite(c.lat) || !Number.isFinite(c.lon)) continue;
    const departement = c.departementCode || departementOfInsee(c.insee);
    if (!departement) continue;
    const currentInsee = c.type === 'COM' ? c.insee : (c.parentInsee ?? c.insee);
    const searchName = c.searchName || normalizeCommuneName(c.name);
    const names = [searchName];
    const city = ARRONDISSEMENT.exec(c.name);
    if (c.type === 'ARM' && city) names.push(normalizeCommuneName(city[1]!));
    const entry: Entry = {
      insee: c.insee,
      postalCode: c.postalCode,
      name: c.name,
      searchName,
      names,
      lat: c.lat,
      lon: c.lon,
      population: c.population ?? 0,
      departement,
      currentInsee,
      currentName: currentNames.get(currentInsee) ?? c.name,
    };
    size++;
    push(byPostalCode, entry.postalCode, entry);
    push(byInsee, entry.insee, entry);
    push(byDepartement, departement, entry);
    for (const n of names) push(byDepartementName, `${departement}|${n}`, entry);
  }

  function exactInDepartement(departement: string, names: readonly string[]): Entry | null {
    for (const n of names) {
      const found = byDepartementName.get(`${departement}|${n}`);
      if (found) return mostPopulous(found);
    }
    return null;
  }

  return {
    size,
    locate(postalCodeInput, communeName) {
      const postalCode = (postalCodeInput ?? '').trim();
      const names = nameVariants(communeName);
      const departement = departementOfPostalCode(postalCode);
      const candidates = byPostalCode.get(postalCode);

      if (candidates) {
        const exact = candidates.filter((e) => e.names.some((n) => names.includes(n)));
        if (exact.length > 0) return placed(mostPopulous(exact), 'postal_code_name');
        if (departement && names.length > 0) {
          const elsewhere = exactInDepartement(departement, names);
          if (elsewhere) return placed(elsewhere, 'name');
        }
        if (candidates.length === 1 || names.length === 0)
          return placed(mostPopulous(candidates), 'postal_code');
        const { entry, score } = closest(candidates, names);
        return placed(score >= POSTAL_CODE_NAME_THRESHOLD ? entry : mostPopulous(candidates), 'postal_code');
      }

      if (!departement) {
        return {
          placed: false,
          reason: names.length === 0 ? 'code postal et commune absents' : 'code postal absent ou invalide',
        };
      }
      if (names.length === 0) return { placed: false, reason: 'code postal inconnu et commune absente' };
      // an INSEE code typed as postal code ("29232" for Quimper, "75115" for Paris 15e)
      const byCode = byInsee.get(postalCode)?.filter((e) => e.names.some((n) => names.includes(n)));
      if (byCode && byCode.length > 0) return placed(mostPopulous(byCode), 'name');
      const exact = exactInDepartement(departement, names);
      if (exact) return placed(exact, 'name');
      const inDepartement = byDepartement.get(departement);
      if (!inDepartement) {
        return {
          placed: false,
          reason: `code postal inconnu et département ${departement} absent du référentiel`,
        };
      }
      const { entry, score } = closest(inDepartement, names);
      if (score >= DEPARTEMENT_NAME_THRESHOLD) return placed(entry, 'name');
      return { placed: false, reason: 'code postal inconnu et commune introuvable' };
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
