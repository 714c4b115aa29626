import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import type { PlacedSession } from '../school/http.ts';
import { HOST_APPLICATIONS_PATHS } from './api.ts';

/**
 * The frame of the host's application pages: breadcrumb, title, and the signed-in host member
 * (the host of the session's membership: one per session, as on the members page; the platform
 * has no membership switch yet for a member of several hosts). Visitors are sent to the sign-in page, other roles are told the page is not theirs.
 */
export function HostFrame({
  title,
  crumb,
  ownHeading = false,
  children,
}: {
  title: string;
  /** the page writes its own <h1> (e.g. with the name it loads) */
  ownHeading?: boolean;
  /** the current page's label when it is below the inbox */
  crumb?: string;
  children: (host: { hostId: string; csrf: string }) => ReactNode;
}) {
  const session = useSession();
  const s = session.data?.authenticated ? (session.data as PlacedSession) : null;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel={crumb ?? 'Candidatures reçues'}
        homeLinkProps={{ to: PATHS.home }}
        segments={
          crumb ? [{ label: 'Candidatures reçues', linkProps: { to: HOST_APPLICATIONS_PATHS.list } }] : []
        }
      />
      {(!ownHeading || !s || s.role !== 'host_member' || !s.hostId) && <h1>{title}</h1>}
      {session.isPending && <p role="status">Chargement…</p>}
      {session.isError && (
        <Alert severity="error" title="Session indisponible" description={session.error.message} />
      )}
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {s && (s.role !== 'host_member' || !s.hostId) && (
        <Alert
          severity="info"
          title="Page réservée aux organismes d’accueil"
          description="Votre rôle ne donne pas accès aux candidatures reçues par un organisme."
        />
      )}
      {s && s.role === 'host_member' && s.hostId && children({ hostId: s.hostId, csrf: s.csrfToken })}
    </div>
  );
}
