import type { ReactNode } from 'react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

/** The frame of an e-mail sign-in page: breadcrumb (Accueil › Se connecter › page), title, narrow column. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="fr-container fr-pb-10w">
      <Breadcrumb
        currentPageLabel={title}
        homeLinkProps={{ to: PATHS.home }}
        segments={[{ label: 'Se connecter', linkProps: { to: PATHS.signIn } }]}
      />
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{title}</h1>
          {children}
        </div>
      </div>
    </div>
  );
}
