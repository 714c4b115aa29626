/** Fetching the platform's JSON API (same origin, under /api). */

/** A failed call to the API, with the French message to show. */
export class ApiError extends Error {
  /** `title` and `detail` of the problem+json answer (RFC 9457), when the server sent one. */
  readonly title: string | null;
  readonly detail: string | null;
  /** `type` of the problem, e.g. "urn:stage-seconde:probleme:csrf". */
  readonly type: string | null;
  /** Field-level errors of the problem (`errors`), e.g. [{ field: 'password', message: '…' }]. */
  readonly errors: { field: string; message: string }[];

  constructor(
    message: string,
    readonly status: number | null,
    problem: ProblemDetails = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.title = problem.title ?? null;
    this.detail = problem.detail ?? null;
    this.type = problem.type ?? null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** The server refused a write because its anti-CSRF token was missing or stale. */
  get isCsrf(): boolean {
    return this.status === 403 && (this.type?.endsWith(':csrf') ?? false);
  }
}

interface ProblemDetails {
  type?: string;
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && ('title' in value || 'detail' in value);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const UNREACHABLE = 'Le service est injoignable. Vérifiez votre connexion à internet.';

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(UNREACHABLE, null);
  }
}

/** Turns a failed answer into an ApiError; its message is the problem's detail (or title). */
async function errorOf(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body: unknown = await response.json().catch(() => null);
    if (isProblem(body)) {
      const text = body.detail || body.title;
      const message = text
        ? sentence(text)
        : `Le service a répondu par une erreur (code ${response.status}).`;
      return new ApiError(message, response.status, body);
    }
  }
  return new ApiError(`Le service a répondu par une erreur (code ${response.status}).`, response.status);
}

/** GET a JSON resource of the API; throws an ApiError with a French message on failure. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await send(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/**
 * The anti-CSRF token of the signed-in session: every write (POST…) made with the session cookie
 * must carry it in X-CSRF-Token. Kept up to date by the session query (lib/session.ts).
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * POST a JSON body to the API (none when `body` is undefined), with the session's anti-CSRF
 * token; returns the JSON answer, or throws an ApiError carrying the problem's title and detail.
 */
export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const response = await send(path, {
    method: 'POST',
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
