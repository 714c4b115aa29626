/** Fetching the platform's JSON API (same origin, under /api). */

/** A failed call to the API, with the French message to show. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ProblemDetails {
  title?: string;
  detail?: string;
}

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && ('title' in value || 'detail' in value);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** GET a JSON resource of the API; throws an ApiError with a French message on failure. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('Le service est injoignable. Vérifiez votre connexion à internet.', null);
  }
  if (!response.ok) {
    let message = `Le service a répondu par une erreur (code ${response.status}).`;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const body: unknown = await response.json().catch(() => null);
      if (isProblem(body) && body.detail) message = sentence(body.detail);
    }
    throw new ApiError(message, response.status);
  }
  return (await response.json()) as T;
}
