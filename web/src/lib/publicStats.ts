import { useQuery } from '@tanstack/react-query';
import type { PublicStats } from '../../../src/steering/schemas.ts';
import { getJson } from './api.ts';

export type { PublicStats };

/** The public figures of the running campaign (GET /api/public/stats), no personal data. */
export function usePublicStats() {
  return useQuery({
    queryKey: ['public', 'stats'],
    queryFn: ({ signal }) => getJson<PublicStats>('/api/public/stats', signal),
    staleTime: 60_000,
    retry: 1,
  });
}
