/** The API calls of the host's inbox « Candidatures reçues » and of one application. */
import { useQuery } from '@tanstack/react-query';
import { ApiError, getJson } from '../lib/api.ts';
import { ACCOUNT_KEY } from '../lib/session.ts';
import type { HostApplication } from './inbox.ts';

export const HOST_APPLICATIONS_PATHS = {
  list: '/organisme/candidatures',
  detail: '/organisme/candidatures/:id',
} as const;

export function applicationPath(id: string): string {
  return `${HOST_APPLICATIONS_PATHS.list}/${encodeURIComponent(id)}`;
}

/** The inbox filtered on one offer (link from « Mes offres »). */
export function offerApplicationsPath(offerId: string): string {
  return `${HOST_APPLICATIONS_PATHS.list}?etat=toutes&offre=${encodeURIComponent(offerId)}`;
}

export const HOST_APPLICATIONS_KEY = [...ACCOUNT_KEY, 'host-applications'] as const;

export function useHostApplications(hostId: string) {
  return useQuery({
    queryKey: [...HOST_APPLICATIONS_KEY, 'list', hostId],
    queryFn: ({ signal }) =>
      getJson<{ items: HostApplication[] }>(`/api/hosts/${encodeURIComponent(hostId)}/applications`, signal),
  });
}

/** One application; the first opening by the host is its read receipt (the server records it). */
export function useHostApplication(id: string) {
  return useQuery({
    queryKey: [...HOST_APPLICATIONS_KEY, 'one', id],
    queryFn: ({ signal }) => getJson<HostApplication>(`/api/applications/${encodeURIComponent(id)}`, signal),
    retry: false,
  });
}

export interface HostSettings {
  dailyDigest: boolean;
  lastDigestAt: string | null;
}

export function useHostSettings(hostId: string) {
  return useQuery({
    queryKey: [...HOST_APPLICATIONS_KEY, 'settings', hostId],
    queryFn: ({ signal }) =>
      getJson<HostSettings>(`/api/hosts/${encodeURIComponent(hostId)}/settings`, signal),
    retry: false,
  });
}

export interface BulkResult {
  items: { id: string; ok: boolean; status?: string; message?: string }[];
}

/** A write with the session's anti-CSRF token; throws an ApiError with the server's French message. */
export async function sendJson<T>(
  method: 'POST' | 'PUT',
  path: string,
  csrfToken: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': csrfToken };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiError('Le service est injoignable. Vérifiez votre connexion à internet.', null);
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      type?: string;
      title?: string;
      detail?: string;
      errors?: { field: string; message: string }[];
    };
    const text = problem.detail ?? problem.title;
    throw new ApiError(
      text ? text : `Le service a répondu par une erreur (code ${response.status}).`,
      response.status,
      problem,
    );
  }
  return (await response.json()) as T;
}
