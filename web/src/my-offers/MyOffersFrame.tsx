import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import type { Role } from '../../../src/domain/permissions.ts';
import { useSession, type SignedInSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { MY_OFFERS_PATHS } from './api.ts';

/** The roles that publish offers through a channel of their own. */
export const OWNER_ROLES: readonly Role[] = [
  'host_member',
  'school_head',
  'school_director',
  'dsden',
  'rectorat',
];

/** Wording of "my offers" by role, for the menu and the pages. */
export const MY_OFFERS_TITLES: Partial<Record<Role, string>> = {
  host_member: 'Les offres de mon organisme',
  school_head: 'Les offres de mon lycée',
  school_director: 'Les offres de mon école',
  dsden: 'Les offres de nos services',
  rectorat: 'Les offres de nos services',
};

/** The frame of the "Mes offres" pages: checks the role, breadcrumb, title. */
export function MyOffersFrame({
  title,
  parent = false,
  children,
}: {
  /** the page's title; null while it depends on the session */
  title: (session: SignedInSession) => string;
  /** true on the editor: the breadcrumb goes back to the dashboard */
  parent?: boolean;
  children: (session: SignedInSession) => ReactNode;
}) {
  const session = useSession();
  const signed = session.data?.authenticated ? session.data : null;
  const allowed = signed !== null && OWNER_ROLES.includes(signed.role);
  const pageTitle = signed && allowed ? title(signed) : 'Mes offres';
  useDocumentTitle(pageTitle);
  if (session.data && !session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  let body: ReactNode;
  if (session.isPending) body = <p role="status">Chargement…</p>;
  else if (session.isError)
    body = (
      <Alert severity="error" title="La page n’a pas pu être chargée" description={session.error.message} />
    );
  else if (!allowed)
    body = (
      <Alert
        severity="info"
        title="Page réservée à ceux qui publient des offres"
        description="Les organismes d’accueil, les chefs d’établissement, les directeurs d’école et les services académiques publient des offres de stage. Votre rôle ne le permet pas."
      />
    );
  else body = children(signed);
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel={pageTitle}
        homeLinkProps={{ to: PATHS.home }}
        segments={
          parent && signed && allowed
            ? [
                {
                  label: MY_OFFERS_TITLES[signed.role] ?? 'Mes offres',
                  linkProps: { to: MY_OFFERS_PATHS.list },
                },
              ]
            : []
        }
      />
      <h1>{pageTitle}</h1>
      {body}
    </div>
  );
}
