import { useEffect } from 'react';

export const SITE_NAME = 'Stages de seconde';

/** Sets `document.title` to "<page> - Stages de seconde" (RGAA 8.6: a relevant title per page). */
export function useDocumentTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = `${pageTitle} - ${SITE_NAME}`;
  }, [pageTitle]);
}
