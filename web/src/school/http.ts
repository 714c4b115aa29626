/** Writes to the API with a method other than POST (PATCH, DELETE), with the session's CSRF token. */
import { ApiError } from '../lib/api.ts';
import type { SignedInSession } from '../lib/session.ts';

/** The signed-in session, with where its role acts (GET /api/session). */
export type PlacedSession = SignedInSession & { schoolUai?: string | null; hostId?: string | null };

export async function writeJson<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  csrfToken: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': csrfToken };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('Le service est injoignable. Vérifiez votre connexion à internet.', null);
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      type?: string;
      title?: string;
      detail?: string;
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

/** Reads a file as base64 (without the data: prefix). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('Le fichier n’a pas pu être lu.'));
    reader.readAsDataURL(file);
  });
}
