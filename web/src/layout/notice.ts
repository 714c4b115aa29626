import { useOutletContext } from 'react-router';

/** A message shown at the top of a page after an action that led there (sign-out…). */
export interface Notice {
  severity: 'success' | 'error';
  text: string;
  /** the page it belongs to: it goes away when the visitor leaves that page */
  path: string;
}

export interface LayoutContext {
  notify: (notice: Notice) => void;
}

/** For pages: shows a notice at the top of the page they lead to (see Layout). */
export function useNotify(): LayoutContext['notify'] {
  return useOutletContext<LayoutContext>().notify;
}
