import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Role } from '../../../src/domain/permissions.ts';
import { ApiError, getJson, postJson, setCsrfToken } from './api.ts';

/** GET /api/session: who is signed in, in which role and scope. */
export type Session =
  | { authenticated: false }
  | {
      authenticated: true;
      user: { id: string; firstName: string; lastName: string; email: string };
      role: Role;
      roleLabel: string;
      /** where the role acts, in plain French ("Lycée Emile Zola"); empty for a student or a parent */
      scopeLabel: string;
      csrfToken: string;
    };

export type SignedInSession = Extract<Session, { authenticated: true }>;

export const SESSION_KEY = ['session'] as const;
/** Queries holding the signed-in user's own data: dropped whenever the session changes. */
export const ACCOUNT_KEY = ['account'] as const;

const SIGNED_OUT: Session = { authenticated: false };

async function fetchSession(signal?: AbortSignal): Promise<Session> {
  const session = await getJson<Session>('/api/session', signal);
  setCsrfToken(session.authenticated ? session.csrfToken : null);
  return session;
}

/** The current session (GET /api/session), shared by the header and the pages. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
    retry: 1,
  });
}

/** Reloads the session from the server, and forgets the previous user's data. */
export async function refreshSession(queryClient: QueryClient): Promise<Session> {
  queryClient.removeQueries({ queryKey: ACCOUNT_KEY });
  return queryClient.fetchQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => fetchSession(signal) });
}

/** Marks the visitor as signed out without asking the server again. */
export function forgetSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ queryKey: ACCOUNT_KEY });
  queryClient.setQueryData<Session>(SESSION_KEY, SIGNED_OUT);
}

/**
 * Runs a write that changes who is signed in (sign-in, sign-out); if the server refuses this tab's
 * anti-CSRF token because the session changed meanwhile (another tab), reads the session again
 * and retries once. Only for these writes: any other write must not silently run under another
 * identity than the one the page shows.
 */
export async function withFreshCsrf<T>(
  queryClient: QueryClient,
  write: (session: Session | null) => Promise<T>,
): Promise<T> {
  try {
    return await write(null);
  } catch (error) {
    if (!(error instanceof ApiError && error.isCsrf)) throw error;
    return write(await refreshSession(queryClient));
  }
}

export function fullName(session: SignedInSession): string {
  return `${session.user.firstName} ${session.user.lastName}`;
}

async function signOutOnce(): Promise<void> {
  try {
    await postJson('/api/session/sign-out');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    throw error;
  }
}

/**
 * Signs out of the current session (POST /api/session/sign-out). A session that had already
 * ended (401) counts as signed out. When the token held by this tab is stale (another tab signed
 * in meanwhile), the session is read again and the sign-out retried once: signing out is what the
 * visitor asked for, whoever the cookie now belongs to.
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      withFreshCsrf(queryClient, async (fresh) => {
        if (fresh === null || fresh.authenticated) await signOutOnce();
      }),
    onSuccess: () => forgetSession(queryClient),
    onError: () => void queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
