/**
 * The search page keeps its whole state in the address (shareable, the back button works):
 * this module turns the query string into the search's state and back, and builds the API calls
 * (GET /api/offers, GET /api/offers/map). Pure functions, no React.
 *
 * The page's query string uses the API's own parameter names (commune, near, radiusKm, q, sector,
 * week, placesLeft, accessible, host, sort, page) plus two of the page: `lieu` (the name shown for
 * the commune) and `vue` (liste or carte). A value the page cannot use is dropped, never sent.
 */

export const RADIUS_OPTIONS = [5, 10, 15, 20, 30, 40, 50, 60] as const;
export const DEFAULT_RADIUS_KM = 20;
export const MIN_RADIUS_KM = 5;
export const MAX_RADIUS_KM = 60;
export const PAGE_SIZE = 20;
const MAX_PAGE = 1000;
const MAX_TEXT = 200;
const MAX_SECTORS = 30;

export type Week = '1' | '2' | 'both';
export type HostKind = 'public' | 'private';
export type SortOrder = 'distance' | 'relevance';
export type View = 'liste' | 'carte';

export interface Point {
  lat: number;
  lon: number;
}

export interface SearchState {
  /** INSEE code of the chosen commune */
  commune: string | null;
  /** its name as the autocomplete showed it, e.g. "Rennes (35000)" */
  communeLabel: string | null;
  /** a point given instead of a commune */
  near: Point | null;
  radiusKm: number;
  q: string;
  sectors: string[];
  week: Week | null;
  placesLeft: boolean;
  accessible: boolean;
  host: HostKind | null;
  sort: SortOrder | null;
  page: number;
  view: View;
}

export const EMPTY_SEARCH: SearchState = {
  commune: null,
  communeLabel: null,
  near: null,
  radiusKm: DEFAULT_RADIUS_KM,
  q: '',
  sectors: [],
  week: null,
  placesLeft: false,
  accessible: false,
  host: null,
  sort: null,
  page: 1,
  view: 'liste',
};

const INSEE = /^(\d{5}|2[AB]\d{3})$/;
const POINT = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

function parsePoint(value: string | null): Point | null {
  const m = value === null ? null : POINT.exec(value);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

function parseRadius(value: string | null): number {
  if (value === null || !/^\d{1,2}$/.test(value.trim())) return DEFAULT_RADIUS_KM;
  const n = Number(value);
  return n >= MIN_RADIUS_KM && n <= MAX_RADIUS_KM ? n : DEFAULT_RADIUS_KM;
}

function parsePage(value: string | null): number {
  if (value === null || !/^\d{1,4}$/.test(value.trim())) return 1;
  const n = Number(value);
  return n >= 1 && n <= MAX_PAGE ? n : 1;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

const SECTOR_CODE = /^[a-z0-9][a-z0-9-]{0,80}$/;

/** The search's state from the page's query string; unusable values fall back to the defaults. */
export function parseSearchParams(params: URLSearchParams): SearchState {
  const commune = params.get('commune')?.trim() ?? '';
  const hasCommune = INSEE.test(commune);
  const sectors = [
    ...new Set(
      params
        .getAll('sector')
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => SECTOR_CODE.test(s)),
    ),
  ].slice(0, MAX_SECTORS);
  const label = params.get('lieu')?.trim() ?? '';
  return {
    commune: hasCommune ? commune : null,
    communeLabel: hasCommune && label !== '' ? label.slice(0, 120) : null,
    // a commune wins over a point: the API refuses both
    near: hasCommune ? null : parsePoint(params.get('near')),
    radiusKm: parseRadius(params.get('radiusKm')),
    q: (params.get('q') ?? '').slice(0, MAX_TEXT),
    sectors,
    week: oneOf<Week>(params.get('week'), ['1', '2', 'both']),
    placesLeft: params.get('placesLeft') === 'true',
    accessible: params.get('accessible') === 'true',
    host: oneOf<HostKind>(params.get('host'), ['public', 'private']),
    sort: oneOf<SortOrder>(params.get('sort'), ['distance', 'relevance']),
    page: parsePage(params.get('page')),
    view: params.get('vue') === 'carte' ? 'carte' : 'liste',
  };
}

/** The API's filters of a search (everything but the page, the order and the view). */
function filterParams(state: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.commune) p.set('commune', state.commune);
  else if (state.near) p.set('near', `${state.near.lat},${state.near.lon}`);
  if (state.radiusKm !== DEFAULT_RADIUS_KM) p.set('radiusKm', String(state.radiusKm));
  const q = state.q.trim();
  if (q !== '') p.set('q', q);
  for (const s of state.sectors) p.append('sector', s);
  if (state.week) p.set('week', state.week);
  if (state.placesLeft) p.set('placesLeft', 'true');
  if (state.accessible) p.set('accessible', 'true');
  if (state.host) p.set('host', state.host);
  return p;
}

/** The page's query string for a state; defaults are left out so that addresses stay short. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const p = filterParams(state);
  if (state.commune && state.communeLabel) p.set('lieu', state.communeLabel);
  if (state.sort) p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  if (state.view === 'carte') p.set('vue', 'carte');
  return p;
}

/** GET /api/offers for a state: its filters, order and page. */
export function offersApiPath(state: SearchState, pageSize = PAGE_SIZE): string {
  const p = filterParams(state);
  if (state.sort) p.set('sort', state.sort);
  p.set('page', String(state.page));
  p.set('pageSize', String(pageSize));
  return `/api/offers?${p.toString()}`;
}

/** GET /api/offers/map for a state: the same filters, no page and no order. */
export function offersMapApiPath(state: SearchState): string {
  const query = filterParams(state).toString();
  return query === '' ? '/api/offers/map' : `/api/offers/map?${query}`;
}

/** A new state after a change of filters: back to the first page. */
export function withFilters(state: SearchState, change: Partial<SearchState>): SearchState {
  return { ...state, ...change, page: change.page ?? 1 };
}

/**
 * Whether the API can answer: it needs a starting point (a commune, a point, or, for a signed-in
 * student, their home or lycée) unless a text is searched (ordered by relevance).
 */
export function canSearch(state: SearchState, studentOrigin: boolean): boolean {
  return state.commune !== null || state.near !== null || studentOrigin || state.q.trim() !== '';
}

/** "à 3,2 km" (distances under 1 km in metres, rounded to 100 m). */
export function formatDistance(km: number): string {
  if (km < 0.1) return 'à moins de 100 m';
  if (km < 1) return `à ${Math.round(km * 10) * 100} m`;
  return `à ${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(km)} km`;
}

/** "1 offre", "12 offres", "1 234 offres" (French plural: 0 and 1 are singular). */
export function countLabel(n: number, singular: string, plural: string): string {
  const formatted = new Intl.NumberFormat('fr-FR').format(n);
  return `${formatted} ${n <= 1 ? singular : plural}`;
}
