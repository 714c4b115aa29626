/** The API calls of the offers pages (search, map, offer page), as TanStack queries. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { OfferView } from '../../../src/offers/service.ts';
import type { OfferSearchItem, OfferSearchResult } from '../../../src/search/service.ts';
import { ApiError, getJson } from '../lib/api.ts';
import { offersApiPath, offersMapApiPath, type SearchState } from './searchParams.ts';

export type { OfferSearchItem, OfferSearchResult, OfferView };

/** A sector of the platform's list (GET /api/sectors). */
export interface Sector {
  code: string;
  name: string;
}

/** A commune of the autocomplete (GET /api/communes). */
export interface Commune {
  insee: string;
  name: string;
  postalCode: string;
  departementCode: string;
  lat: number;
  lon: number;
}

/** GET /api/offers/map: the offers of a search as points, the nearest first. */
export interface OffersMapAnswer {
  total: number;
  truncated: boolean;
  points: { id: string; lat: number; lon: number; title: string; hostName: string; placesLeft: number }[];
}

/** Do not retry an answer that will not change (400 bad search, 404 unknown offer). */
function retryUnlessRefused(failures: number, error: Error): boolean {
  if (error instanceof ApiError && error.status !== null && error.status < 500) return false;
  return failures < 2;
}

export function useSectors() {
  return useQuery({
    queryKey: ['public', 'sectors'],
    queryFn: ({ signal }) => getJson<{ items: Sector[] }>('/api/sectors', signal),
    staleTime: Infinity,
    retry: retryUnlessRefused,
  });
}

export function useOfferSearch(state: SearchState, enabled: boolean) {
  const path = offersApiPath(state);
  return useQuery({
    queryKey: ['offers', 'search', path],
    queryFn: ({ signal }) => getJson<OfferSearchResult>(path, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: retryUnlessRefused,
  });
}

export function useOffersMap(state: SearchState, enabled: boolean) {
  const path = offersMapApiPath(state);
  return useQuery({
    queryKey: ['offers', 'map', path],
    queryFn: ({ signal }) => getJson<OffersMapAnswer>(path, signal),
    enabled,
    staleTime: 30_000,
    retry: retryUnlessRefused,
  });
}

export function useOffer(id: string) {
  return useQuery({
    queryKey: ['offers', 'offer', id],
    queryFn: ({ signal }) => getJson<OfferView>(`/api/offers/${encodeURIComponent(id)}`, signal),
    retry: retryUnlessRefused,
  });
}

export async function fetchCommunes(text: string, signal?: AbortSignal): Promise<Commune[]> {
  const answer = await getJson<{ items: Commune[] }>(
    `/api/communes?${new URLSearchParams({ q: text }).toString()}`,
    signal,
  );
  return answer.items;
}
