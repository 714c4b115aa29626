/**
 * The steering pages' calls to the API (GET /api/steering/*, POST /api/steering/reminders) and
 * their addresses. Types come from the contract shared with the server (src/steering/schemas.ts).
 */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  circonscriptionFiguresSchema,
  Dashboard,
  EXPORT_TABLES,
  ScopeView,
  SteeringMap,
  Unplaced,
} from '../../../src/steering/schemas.ts';
import type { SchoolType } from '../../../src/domain/steering.ts';
import { getJson } from '../lib/api.ts';
import { ACCOUNT_KEY } from '../lib/session.ts';

export type { ChildRow, Dashboard, ScopeView, SteeringMap, Unplaced } from '../../../src/steering/schemas.ts';
export type { SchoolType };
export type CirconscriptionFigures = z.infer<typeof circonscriptionFiguresSchema>;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export type ExportFormat = 'csv' | 'xlsx';

export const STEERING_PATHS = {
  dashboard: '/pilotage',
  map: '/pilotage/carte',
  unplaced: '/pilotage/non-places',
  ecoles: '/pilotage/ecoles',
} as const;

const KEY = [...ACCOUNT_KEY, 'steering'] as const;

/** A page's address for a scope, keeping the public/private filter when it is not "all". */
export function steeringHref(
  path: (typeof STEERING_PATHS)[keyof typeof STEERING_PATHS],
  scope: string,
  schoolType: SchoolType = 'all',
): string {
  const search = new URLSearchParams({ scope });
  if (schoolType !== 'all') search.set('type', schoolType);
  return `${path}?${search}`;
}

/** The filter read from the address (?type=public|private); anything else: all schools. */
export function schoolTypeOf(param: string | null): SchoolType {
  return param === 'public' || param === 'private' ? param : 'all';
}

/** The export of one table of a scope (a file download). */
export function exportHref(
  scope: string,
  schoolType: SchoolType,
  table: ExportTable,
  format: ExportFormat,
): string {
  const search = new URLSearchParams({ scope, schoolType, table, format });
  return `/api/steering/export?${search}`;
}

/** Where the viewer lands: GET /api/steering/home. */
export function useHomeScope(enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'home'],
    queryFn: ({ signal }) => getJson<{ scope: ScopeView }>('/api/steering/home', signal),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
}

// the figures are refreshed every minute on the server: read them again as often while the page is open
const LIVE = { staleTime: 30_000, refetchInterval: 60_000, retry: false } as const;

export function useDashboard(scope: string | undefined, schoolType: SchoolType) {
  return useQuery({
    queryKey: [...KEY, 'dashboard', scope, schoolType],
    queryFn: ({ signal }) =>
      getJson<Dashboard>(
        `/api/steering/dashboard?${new URLSearchParams({ scope: scope ?? '', schoolType })}`,
        signal,
      ),
    enabled: scope !== undefined,
    placeholderData: (previous) => previous,
    ...LIVE,
  });
}

export function useSteeringMap(scope: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'map', scope],
    queryFn: ({ signal }) =>
      getJson<SteeringMap>(`/api/steering/map?${new URLSearchParams({ scope: scope ?? '' })}`, signal),
    enabled: scope !== undefined,
    ...LIVE,
  });
}

export const unplacedKey = (scope: string | undefined) => [...KEY, 'unplaced', scope] as const;

export function useUnplaced(scope: string | undefined) {
  return useQuery({
    queryKey: unplacedKey(scope),
    queryFn: ({ signal }) =>
      getJson<Unplaced>(`/api/steering/unplaced?${new URLSearchParams({ scope: scope ?? '' })}`, signal),
    enabled: scope !== undefined,
    ...LIVE,
  });
}

export function useCirconscription(scope: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'circonscription', scope],
    queryFn: ({ signal }) =>
      getJson<CirconscriptionFigures>(
        `/api/steering/circonscription?${new URLSearchParams({ scope: scope ?? '' })}`,
        signal,
      ),
    enabled: scope !== undefined,
    ...LIVE,
  });
}
