import { useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api.ts';

/** The configured map background (GET /api/public/map): Leaflet tile URL template and its credit. */
export interface MapTiles {
  tileUrl: string;
  attribution: string;
}

/** The map background; maps wait for it (it never changes while the page is open). */
export function useMapTiles() {
  return useQuery({
    queryKey: ['public', 'map'],
    queryFn: ({ signal }) => getJson<MapTiles>('/api/public/map', signal),
    staleTime: Infinity,
  });
}
