/**
 * Conventions (issue 6): the API's shapes, the web paths and the calls of the convention pages
 * (server: src/conventions). Writes carry the session's anti-CSRF token when a session exists.
 */
import { useQuery } from '@tanstack/react-query';
import type { CampaignLimits } from '../../../src/domain/campaign.ts';
import type {
  ConventionHostPart,
  ConventionParties,
  ConventionSchoolPart,
  ConventionState,
  SignatoryRole,
} from '../../../src/domain/convention.ts';
import { ApiError, getJson } from '../lib/api.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';

export const CONVENTION_PATHS = {
  list: '/conventions',
  detail: '/conventions/:id',
  sign: '/signature/:token',
  verify: '/verifier',
} as const;

export function conventionPath(id: string): string {
  return `${CONVENTION_PATHS.list}/${encodeURIComponent(id)}`;
}

export const CONVENTIONS_KEY = [...ACCOUNT_KEY, 'conventions'] as const;

/** The steps of the head's page (same order as the domain's CONVENTION_STEPS). */
export const STEPS = [
  'host_to_complete',
  'school_to_complete',
  'to_validate',
  'signatures',
  'signed',
  'done',
  'cancelled',
] as const;
export type Step = (typeof STEPS)[number];

export interface MissingField {
  field: string;
  label: string;
}

export interface ConventionProblem {
  rule: string;
  day?: number;
  field?: string;
  message: string;
}

export interface ConventionSummary {
  id: string;
  reference: string;
  status: ConventionState;
  step: Step;
  stepLabel: string;
  student: { id: string; firstName: string; lastName: string; className: string };
  host: { id: string; name: string };
  offerTitle: string;
  weeks: number[];
  startDate: string;
  endDate: string;
  missingSignatures: SignatoryRole[];
  updatedAt: string;
}

export interface ConventionList {
  items: ConventionSummary[];
  total: number;
  counts: Partial<Record<Step, number>>;
}

export interface SignatoryView {
  role: SignatoryRole;
  roleLabel: string;
  name: string;
  email: string;
  signedAt: string | null;
  method: string | null;
}

export interface ConventionDetail extends ConventionSummary {
  version: number;
  parties: ConventionParties;
  hostPart: ConventionHostPart;
  schoolPart: ConventionSchoolPart;
  hostCompletedAt: string | null;
  schoolCompletedAt: string | null;
  missing: { host: MissingField[]; school: MissingField[] };
  problems: ConventionProblem[];
  limits: CampaignLimits;
  signatories: SignatoryView[];
  template: { id: string; name: string; version: number; schoolYear: string };
  documentSha256: string | null;
  sealed: boolean;
  amendsId: string | null;
  /** the avenants of this convention, the first first (absent from older servers) */
  amendments?: { id: string; reference: string; status: ConventionState }[];
  cancelReason: string | null;
  viewer: {
    canEditHost: boolean;
    canEditSchool: boolean;
    canValidate: boolean;
    canCancel: boolean;
    signAs: SignatoryRole[];
  };
}

export interface CodeSent {
  challengeId: string;
  sentTo: string;
  expiresAt: string;
}

export interface PublicSignature {
  reference: string;
  role: SignatoryRole;
  roleLabel: string;
  name: string;
  signedAt: string | null;
  conventionStatus: ConventionState;
  student: { firstName: string; lastName: string };
  host: { name: string };
  startDate: string;
  endDate: string;
  documentSha256: string | null;
  sentTo: string;
}

export interface VerifyResult {
  authentic: boolean;
  message: string;
  reference?: string;
  convention?: {
    reference: string;
    status: ConventionState;
    template: { name: string; version: number; schoolYear: string };
    sealedAt: string | null;
    signatures: { roleLabel: string; name: string; signedAt: string }[];
  };
}

export function documentUrl(id: string): string {
  return `/api/conventions/${encodeURIComponent(id)}/document.pdf`;
}

export function attestationUrl(id: string): string {
  return `/api/conventions/${encodeURIComponent(id)}/attestation.pdf`;
}

/** The ZIP of a class's sealed conventions (head and staff). */
export function archiveUrl(classId: string): string {
  return `/api/conventions/archive.zip?classId=${encodeURIComponent(classId)}`;
}

export function publicDocumentUrl(token: string): string {
  return `/api/signatures/${encodeURIComponent(token)}/document.pdf`;
}

/** The session's anti-CSRF token, or null for a visitor (public pages). */
export function useCsrf(): string | null {
  const session = useSession();
  return session.data?.authenticated ? session.data.csrfToken : null;
}

async function problemOf(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as {
    type?: string;
    title?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
  };
  const text = problem.detail || problem.title;
  return new ApiError(
    text ? text : `Le service a répondu par une erreur (code ${response.status}).`,
    response.status,
    problem,
  );
}

/** A write (JSON or multipart) with the anti-CSRF token; throws an ApiError with the server's French message. */
export async function send<T>(
  method: 'POST' | 'PUT',
  path: string,
  csrf: string | null,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  let payload: BodyInit | null = null;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError('Le service est injoignable. Vérifiez votre connexion à internet.', null);
  }
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface ListFilter {
  step: Step | null;
  classId: string | null;
  q: string;
  page: number;
}

export function listQuery(filter: ListFilter): string {
  const p = new URLSearchParams();
  if (filter.step) p.set('step', filter.step);
  if (filter.classId) p.set('classId', filter.classId);
  if (filter.q.trim()) p.set('q', filter.q.trim());
  if (filter.page > 1) p.set('page', String(filter.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function useConventions(filter: ListFilter) {
  return useQuery({
    queryKey: [...CONVENTIONS_KEY, 'list', filter],
    queryFn: ({ signal }) => getJson<ConventionList>(`/api/conventions${listQuery(filter)}`, signal),
  });
}

export function useConvention(id: string) {
  return useQuery({
    queryKey: [...CONVENTIONS_KEY, 'one', id],
    queryFn: ({ signal }) => getJson<ConventionDetail>(`/api/conventions/${encodeURIComponent(id)}`, signal),
    retry: false,
  });
}
