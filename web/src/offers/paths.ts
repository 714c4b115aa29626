/** Addresses of the offers pages. */
export const OFFER_PATHS = {
  search: '/offres',
  offer: '/offres/:id',
} as const;

export function offerPath(id: string): string {
  return `${OFFER_PATHS.search}/${encodeURIComponent(id)}`;
}

/** What an offer page is given by the search that opened it: the search's query string. */
export interface BackState {
  search: string;
}

/** The search to go back to from an offer page (the one that opened it, else a new search). */
export function backToSearch(state: unknown): { to: string; fromSearch: boolean } {
  const search =
    typeof state === 'object' && state !== null && 'search' in state && typeof state.search === 'string'
      ? state.search
      : null;
  if (search === null || (search !== '' && !search.startsWith('?')))
    return { to: OFFER_PATHS.search, fromSearch: false };
  return { to: `${OFFER_PATHS.search}${search}`, fromSearch: true };
}
