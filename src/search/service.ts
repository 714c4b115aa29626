import type { Db } from '../db/client.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import type { Point } from '../domain/geo.ts';
import type { Principal } from '../domain/permissions.ts';
import { normalizeCommuneName } from '../domain/text.ts';
import {
  allSectors,
  communeByInsee,
  communesStartingWith,
  countOffers,
  knownSectors,
  mapOffers,
  searchOffers,
  studentPlace,
  type CommuneRow,
  type OfferSearchFilter,
  type OfferSearchPageRow,
  type StudentPlace,
} from './store.ts';
import { searchVersion, type SearchCache } from './cache.ts';

export interface SearchDeps {
  db: Db;
  clock: () => Date;
  /** answers kept under the search version (the server has one; the benchmark measures without) */
  cache?: { list: SearchCache<OfferListAnswer>; map: SearchCache<OfferMapAnswer> } | undefined;
}

export interface OfferSearchQuery {
  near?: Point | undefined;
  commune?: string | undefined;
  radiusKm: number;
  q?: string | undefined;
  sectors: string[];
  week?: 1 | 2 | 'both' | undefined;
  placesLeft: boolean;
  accessible: boolean;
  host?: 'public' | 'private' | undefined;
  sort?: 'distance' | 'relevance' | undefined;
  page: number;
  pageSize: number;
}

export interface WeekPlaces {
  places: number;
  left: number;
}

export interface OfferSearchItem {
  id: string;
  title: string;
  hostName: string;
  sector: { code: string; name: string };
  communeName: string | null;
  postalCode: string | null;
  lat: number | null;
  lon: number | null;
  distanceKm: number | null;
  weeks: { week1: WeekPlaces | null; week2: WeekPlaces | null };
  accessible: boolean;
  isPublic: boolean;
  educationNationale: boolean;
  priorityEducation: boolean;
  nearMatch: boolean;
}

export interface OfferSearchResult {
  total: number;
  page: number;
  pageSize: number;
  origin: { lat: number; lon: number; source: 'near' | 'commune' | 'home' | 'school' } | null;
  items: OfferSearchItem[];
  nearMatches?: OfferSearchItem[];
}

export type OfferSearchError = 'unknown_commune' | 'unknown_sector' | 'no_origin' | 'both_origins';

/** Below this many full-text results, near matches (trigram similarity) are added after. */
export const NEAR_MATCH_THRESHOLD = 5;
const NEAR_MATCH_LIMIT = 10;

type Resolved =
  | { ok: true; filter: OfferSearchFilter; origin: OfferSearchResult['origin']; q: string | null }
  | { ok: false; error: OfferSearchError; detail?: string };

/**
 * The filter of a search for this caller: sectors checked, the origin (near, commune, or for a
 * signed-in student their home, else their lycée), the lycée whose reserved offers are shown.
 */
async function resolveSearch(
  deps: SearchDeps,
  place: StudentPlace | null,
  query: Omit<OfferSearchQuery, 'page' | 'pageSize'>,
  page: { limit: number; offset: number },
): Promise<Resolved> {
  if (query.near && query.commune) return { ok: false, error: 'both_origins' };
  const sectors = [...new Set(query.sectors)];
  if (sectors.length > 0) {
    const known = new Set(await knownSectors(deps.db, sectors));
    const unknown = sectors.filter((s) => !known.has(s));
    if (unknown.length > 0) return { ok: false, error: 'unknown_sector', detail: unknown.join(', ') };
  }

  let origin: OfferSearchResult['origin'] = null;
  if (query.near) origin = { ...query.near, source: 'near' };
  else if (query.commune) {
    const c = await communeByInsee(deps.db, query.commune);
    if (!c) return { ok: false, error: 'unknown_commune', detail: query.commune };
    origin = { lat: c.lat, lon: c.lon, source: 'commune' };
  }
  let schoolUai: string | null = null;
  let priorityFirst = false;
  if (place) {
    schoolUai = place.schoolUai;
    priorityFirst = place.priority;
    if (!origin && place.home) origin = { ...place.home, source: 'home' };
    if (!origin && place.school) origin = { ...place.school, source: 'school' };
  }
  const q = query.q?.trim() ? query.q.trim() : null;
  const sort = query.sort ?? (q ? 'relevance' : 'distance');
  if (sort === 'distance' && !origin) return { ok: false, error: 'no_origin' };

  const filter: OfferSearchFilter = {
    // the store falls back to the latest campaign when today's school year has none
    schoolYear: schoolYearOn(deps.clock().toISOString().slice(0, 10)),
    center: origin ? { lat: origin.lat, lon: origin.lon } : null,
    radiusKm: query.radiusKm,
    q,
    sectors,
    week: query.week ?? null,
    placesLeft: query.placesLeft,
    accessible: query.accessible,
    host: query.host ?? null,
    schoolUai,
    priorityFirst,
    sort,
    limit: page.limit,
    offset: page.offset,
    mode: 'match',
  };
  return { ok: true, filter, origin, q };
}

/** The home and lycée of a signed-in student (what their search depends on), else null. */
async function placeOf(deps: SearchDeps, principal: Principal | null): Promise<StudentPlace | null> {
  const studentId = principal?.role === 'student' ? principal.studentIds[0] : undefined;
  return studentId ? studentPlace(deps.db, studentId) : null;
}

/**
 * The answer kept in the cache for this search and the current search version, or else computed
 * and kept. The key holds all the answer depends on: the query, the student's place, the day's
 * school year.
 */
async function cached<T>(
  deps: SearchDeps,
  cache: SearchCache<T> | undefined,
  key: unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  if (!cache) return compute();
  const version = await searchVersion(deps.db);
  const text = JSON.stringify([schoolYearOn(deps.clock().toISOString().slice(0, 10)), ...key]);
  const hit = cache.get(text, version, performance.now());
  if (hit) return hit;
  const value = await compute();
  cache.set(text, version, performance.now(), value);
  return value;
}

export type OfferListAnswer =
  { ok: true; value: OfferSearchResult } | { ok: false; error: OfferSearchError; detail?: string };

/** Public search of the offers of the current campaign (issue 4, item 5). */
export async function searchOfferList(
  deps: SearchDeps,
  principal: Principal | null,
  query: OfferSearchQuery,
): Promise<OfferListAnswer> {
  const place = await placeOf(deps, principal);
  return cached(deps, deps.cache?.list, [place, query], () => computeOfferList(deps, place, query));
}

async function computeOfferList(
  deps: SearchDeps,
  place: StudentPlace | null,
  query: OfferSearchQuery,
): Promise<OfferListAnswer> {
  const resolved = await resolveSearch(deps, place, query, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  if (!resolved.ok) return resolved;
  const { filter, origin, q } = resolved;
  const found = await searchOffers(deps.db, filter);
  const total = found[0]?.total ?? (filter.offset > 0 ? await countOffers(deps.db, filter) : 0);
  let near: OfferSearchPageRow[] = [];
  if (q && total < NEAR_MATCH_THRESHOLD) {
    near = await searchOffers(deps.db, {
      ...filter,
      mode: 'near',
      sort: 'relevance',
      limit: NEAR_MATCH_LIMIT,
      offset: 0,
    });
  }
  const weeksOf = (r: OfferSearchPageRow) => {
    const entry: { week1: WeekPlaces | null; week2: WeekPlaces | null } = { week1: null, week2: null };
    for (const [week, places, taken] of r.weeks ?? []) {
      const w = { places, left: Math.max(0, places - taken) };
      if (week === 1) entry.week1 = w;
      else entry.week2 = w;
    }
    return entry;
  };
  const item = (r: OfferSearchPageRow, nearMatch: boolean): OfferSearchItem => ({
    id: r.id,
    title: r.title,
    hostName: r.hostName,
    sector: { code: r.sectorCode, name: r.sectorName },
    communeName: r.communeName,
    postalCode: r.postalCode,
    lat: r.lat,
    lon: r.lon,
    distanceKm: r.distanceKm === null ? null : Math.round(Number(r.distanceKm) * 10) / 10,
    weeks: weeksOf(r),
    accessible: r.accessible,
    isPublic: r.isPublic,
    educationNationale: r.educationNationale,
    priorityEducation: r.priorityEducation,
    nearMatch,
  });
  return {
    ok: true,
    value: {
      total,
      page: query.page,
      pageSize: query.pageSize,
      origin,
      items: found.map((r) => item(r, false)),
      ...(q && total < NEAR_MATCH_THRESHOLD ? { nearMatches: near.map((r) => item(r, true)) } : {}),
    },
  };
}

/** Commune autocomplete: folded name prefix ("st malo" finds Saint-Malo) or postal code prefix. */
export async function searchCommunes(deps: SearchDeps, text: string): Promise<CommuneRow[]> {
  const trimmed = text.trim();
  if (/^\d{2,5}$/.test(trimmed))
    return communesStartingWith(deps.db, { name: null, postalCode: trimmed }, 10);
  const name = normalizeCommuneName(trimmed);
  if (name.length < 2) return [];
  return communesStartingWith(deps.db, { name, postalCode: null }, 10);
}

/** The most points the map answer carries (the nearest ones). */
export const MAP_POINT_LIMIT = 2000;

export interface OfferMapPoint {
  id: string;
  lat: number;
  lon: number;
  title: string;
  hostName: string;
  /** places left, summed over the weeks */
  placesLeft: number;
}

export interface OfferMapResult {
  total: number;
  truncated: boolean;
  points: OfferMapPoint[];
}

/**
 * The offers of a search as map points: the same filters and eligibility as the list, every
 * located offer up to MAP_POINT_LIMIT, nearest first (by relevance when there is no origin).
 */
export async function searchOfferMap(
  deps: SearchDeps,
  principal: Principal | null,
  query: Omit<OfferSearchQuery, 'page' | 'pageSize' | 'sort'>,
): Promise<OfferMapAnswer> {
  const place = await placeOf(deps, principal);
  return cached(deps, deps.cache?.map, [place, query], () => computeOfferMap(deps, place, query));
}

export type OfferMapAnswer =
  { ok: true; value: OfferMapResult } | { ok: false; error: OfferSearchError; detail?: string };

async function computeOfferMap(
  deps: SearchDeps,
  place: StudentPlace | null,
  query: Omit<OfferSearchQuery, 'page' | 'pageSize' | 'sort'>,
): Promise<OfferMapAnswer> {
  const resolved = await resolveSearch(deps, place, query, { limit: MAP_POINT_LIMIT, offset: 0 });
  if (!resolved.ok) return resolved;
  const found = await mapOffers(deps.db, { ...resolved.filter, priorityFirst: false });
  const total = found[0]?.total ?? 0;
  return {
    ok: true,
    value: {
      total,
      truncated: total > found.length,
      points: found.map((r) => ({
        id: r.id,
        lat: r.lat,
        lon: r.lon,
        title: r.title,
        hostName: r.hostName,
        placesLeft: r.placesLeft,
      })),
    },
  };
}

/** The sectors of the platform, for the search's filters and the offer page (public). */
export async function sectorList(deps: SearchDeps): Promise<{ code: string; name: string }[]> {
  return allSectors(deps.db);
}
