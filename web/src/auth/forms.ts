/** Helpers shared by the e-mail sign-in pages: field errors, the token of a mailed link, focus. */
import { useEffect, useState } from 'react';
import { ApiError } from '../lib/api.ts';

export type FieldErrors = Record<string, string>;

/** A light check of an e-mail address before asking the server (which checks it again). */
export function emailError(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Indiquez votre adresse électronique.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
    return 'Adresse électronique invalide (exemple : nom@domaine.fr).';
  return undefined;
}

/** Field errors of a failed call ({ field: message }), keyed by the API's field names. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const e of error.errors) out[e.field] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
  return out;
}

/** Moves the focus to the first field in error (by id), after React has rendered the messages. */
export function focusFirstError(ids: string[]): void {
  requestAnimationFrame(() => {
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el) {
        el.focus();
        return;
      }
    }
  });
}

export function focusById(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/**
 * The token of a mailed link: the URL's fragment (#…), which the browser never sends to the
 * server. Read once; the fragment is then removed from the address bar and the history.
 */
export function useFragmentToken(): string {
  const [token, setToken] = useState(readFragment);
  useEffect(() => {
    const clear = () => {
      if (window.location.hash !== '')
        window.history.replaceState(window.history.state, '', window.location.pathname);
    };
    // a link pasted while the page is open changes only the fragment: read it again
    const onHashChange = () => {
      const value = readFragment();
      if (value !== '') setToken(value);
      clear();
    };
    clear();
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return token;
}

function readFragment(): string {
  try {
    return decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  } catch {
    return '';
  }
}
