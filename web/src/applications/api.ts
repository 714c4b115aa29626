/** The API calls of the student's application pages, as TanStack queries and plain writes. */
import { useQuery } from '@tanstack/react-query';
import { getJson, postJson } from '../lib/api.ts';
import { ACCOUNT_KEY } from '../lib/session.ts';
import type { MyApplication, MyApplications } from './logic.ts';

export const APPLICATIONS_PATHS = {
  mine: '/candidatures',
  foundMyself: '/candidatures/stage-trouve',
} as const;

/** Dropped with the session (ACCOUNT_KEY): the next user never sees these. */
export const MY_APPLICATIONS_KEY = [...ACCOUNT_KEY, 'applications', 'mine'] as const;

export function useMyApplications(enabled = true) {
  return useQuery({
    queryKey: MY_APPLICATIONS_KEY,
    queryFn: ({ signal }) => getJson<MyApplications>('/api/applications/mine', signal),
    enabled,
  });
}

export interface ApplyBody {
  weeks: number[];
  motivation: string;
  cvFileId?: string;
}

export function applyToOffer(offerId: string, body: ApplyBody): Promise<MyApplication> {
  return postJson<MyApplication>(`/api/offers/${encodeURIComponent(offerId)}/applications`, body);
}

export function confirmApplication(id: string): Promise<MyApplication> {
  return postJson<MyApplication>(`/api/applications/${encodeURIComponent(id)}/confirm`);
}

export function withdrawApplication(id: string): Promise<MyApplication> {
  return postJson<MyApplication>(`/api/applications/${encodeURIComponent(id)}/withdraw`);
}
