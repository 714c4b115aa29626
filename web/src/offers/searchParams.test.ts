import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RADIUS_KM,
  EMPTY_SEARCH,
  canSearch,
  countLabel,
  formatDistance,
  offersApiPath,
  offersMapApiPath,
  parseSearchParams,
  toSearchParams,
  withFilters,
  type SearchState,
} from './searchParams.ts';

const parse = (query: string) => parseSearchParams(new URLSearchParams(query));
const nbsp = (s: string) => s.replace(/\s/g, ' ');

describe('search page address → state', () => {
  it('gives the defaults for an empty address', () => {
    expect(parse('')).toEqual(EMPTY_SEARCH);
    expect(EMPTY_SEARCH.radiusKm).toBe(DEFAULT_RADIUS_KM);
  });

  it('reads every filter', () => {
    expect(
      parse(
        'commune=35238&lieu=Rennes+(35000)&radiusKm=10&q=boulangerie&sector=automobile&sector=sante,social&week=both&placesLeft=true&accessible=true&host=public&sort=relevance&page=3&vue=carte',
      ),
    ).toEqual<SearchState>({
      commune: '35238',
      communeLabel: 'Rennes (35000)',
      near: null,
      radiusKm: 10,
      q: 'boulangerie',
      sectors: ['automobile', 'sante', 'social'],
      week: 'both',
      placesLeft: true,
      accessible: true,
      host: 'public',
      sort: 'relevance',
      page: 3,
      view: 'carte',
    });
    expect(parse('commune=2A004').commune).toBe('2A004');
    expect(parse('near=48.11,-1.68').near).toEqual({ lat: 48.11, lon: -1.68 });
  });

  it('drops what the API would refuse instead of sending it', () => {
    const s = parse(
      'commune=Rennes&lieu=Rennes&near=95,1&radiusKm=100&week=3&host=mixte&sort=date&page=0&placesLeft=oui&vue=satellite&sector=<b>',
    );
    expect(s).toEqual(EMPTY_SEARCH);
    expect(parse('radiusKm=4').radiusKm).toBe(DEFAULT_RADIUS_KM);
    expect(parse('radiusKm=60').radiusKm).toBe(60);
    expect(parse('radiusKm=abc').radiusKm).toBe(DEFAULT_RADIUS_KM);
    expect(parse('page=1001').page).toBe(1);
    expect(parse(`q=${'a'.repeat(300)}`).q).toHaveLength(200);
    expect(parse('sector=a&sector=a').sectors).toEqual(['a']);
  });

  it('keeps the commune and drops the point when both are given (the API refuses both)', () => {
    const s = parse('commune=35238&near=48.1,-1.6');
    expect(s.commune).toBe('35238');
    expect(s.near).toBeNull();
  });
});

describe('state → address and API calls', () => {
  it('writes only what differs from the defaults, and reads back the same state', () => {
    expect(toSearchParams(EMPTY_SEARCH).toString()).toBe('');
    const state: SearchState = {
      ...EMPTY_SEARCH,
      commune: '35238',
      communeLabel: 'Rennes (35000)',
      radiusKm: 30,
      q: 'hôpital',
      sectors: ['sante', 'automobile'],
      week: '2',
      accessible: true,
      host: 'private',
      page: 2,
      view: 'carte',
    };
    const query = toSearchParams(state).toString();
    expect(parse(query)).toEqual(state);
    expect(query).not.toContain('placesLeft');
  });

  it('builds GET /api/offers with the page and GET /api/offers/map without it', () => {
    const state = withFilters(
      { ...EMPTY_SEARCH, commune: '35238', communeLabel: 'Rennes' },
      { sectors: ['automobile'], placesLeft: true },
    );
    expect(offersApiPath({ ...state, page: 2 })).toBe(
      '/api/offers?commune=35238&sector=automobile&placesLeft=true&page=2&pageSize=20',
    );
    expect(offersMapApiPath({ ...state, page: 2, sort: 'distance', view: 'carte' })).toBe(
      '/api/offers/map?commune=35238&sector=automobile&placesLeft=true',
    );
    expect(offersMapApiPath(EMPTY_SEARCH)).toBe('/api/offers/map');
    expect(offersApiPath({ ...EMPTY_SEARCH, near: { lat: 48.1, lon: -1.6 }, q: '  pain ' })).toBe(
      '/api/offers?near=48.1%2C-1.6&q=pain&page=1&pageSize=20',
    );
  });

  it('goes back to the first page when a filter changes', () => {
    expect(withFilters({ ...EMPTY_SEARCH, page: 4 }, { week: '1' }).page).toBe(1);
    expect(withFilters({ ...EMPTY_SEARCH, page: 4 }, { page: 5 }).page).toBe(5);
  });

  it('needs a starting point or a text', () => {
    expect(canSearch(EMPTY_SEARCH, false)).toBe(false);
    expect(canSearch(EMPTY_SEARCH, true)).toBe(true);
    expect(canSearch({ ...EMPTY_SEARCH, q: '  ' }, false)).toBe(false);
    expect(canSearch({ ...EMPTY_SEARCH, q: 'pain' }, false)).toBe(true);
    expect(canSearch({ ...EMPTY_SEARCH, commune: '35238' }, false)).toBe(true);
  });
});

describe('French wording', () => {
  it('writes distances', () => {
    expect(formatDistance(3.2)).toBe('à 3,2 km');
    expect(formatDistance(12)).toBe('à 12 km');
    expect(formatDistance(0.4)).toBe('à 400 m');
    expect(formatDistance(0)).toBe('à moins de 100 m');
  });

  it('counts with the French plural', () => {
    expect(countLabel(0, 'offre', 'offres')).toBe('0 offre');
    expect(countLabel(1, 'offre', 'offres')).toBe('1 offre');
    expect(nbsp(countLabel(1234, 'offre', 'offres'))).toBe('1 234 offres');
  });
});
