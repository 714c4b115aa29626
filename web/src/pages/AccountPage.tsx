import { useState, type ReactNode } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { createModal } from '@codegouvfr/react-dsfr/Modal/index.js';
import { Table } from '@codegouvfr/react-dsfr/Table.js';
import { getJson, postJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY, forgetSession, fullName, useSession, type SignedInSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { describeUserAgent } from '../lib/userAgent.ts';
import { useNotify } from '../layout/notice.ts';
import { SummariesFieldset } from '../steering/SummariesFieldset.tsx';

/** GET /api/account/sessions */
interface AccountSession {
  id: string;
  current: boolean;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

const signOutEverywhereModal = createModal({ id: 'deconnexion-partout', isOpenedByDefault: false });

/**
 * "Mon compte": who I am, my open sessions, sign out everywhere, download my data. A visitor who
 * is not signed in is sent to the sign-in page; a session that ends while the page is open (sign
 * out, here or in the header) leaves a short message, the sign-out itself leads to the home page.
 */
export function AccountPage() {
  useDocumentTitle('Mon compte');
  const session = useSession();
  const [seenSignedIn, setSeenSignedIn] = useState(false);
  if (session.data?.authenticated && !seenSignedIn) setSeenSignedIn(true);

  if (session.isPending) {
    return (
      <AccountFrame>
        <p role="status" className="sts-loading">
          Chargement de votre compte…
        </p>
      </AccountFrame>
    );
  }
  if (session.isError) {
    return (
      <AccountFrame>
        <Alert
          severity="error"
          role="alert"
          title="Votre compte n’a pas pu être chargé"
          description={`${session.error.message} Réessayez dans quelques instants.`}
        />
      </AccountFrame>
    );
  }
  if (!session.data.authenticated) {
    if (!seenSignedIn) return <Navigate to={PATHS.signIn} replace />;
    return (
      <AccountFrame>
        <p>
          Votre session est fermée. <Link to={PATHS.signIn}>Se connecter</Link>
        </p>
      </AccountFrame>
    );
  }

  return (
    <AccountFrame>
      <Identity session={session.data} />
      <SummariesFieldset csrf={session.data.csrfToken} />
      <Sessions />
      <PersonalData />
    </AccountFrame>
  );
}

function AccountFrame({ children }: { children: ReactNode }) {
  return (
    <div className="fr-container fr-pb-10w">
      <Breadcrumb currentPageLabel="Mon compte" homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>Mon compte</h1>
      {children}
    </div>
  );
}

function Identity({ session }: { session: SignedInSession }) {
  const rows: [string, string][] = [
    ['Nom', fullName(session)],
    ['Adresse électronique', session.user.email],
    ['Rôle', session.roleLabel],
  ];
  if (session.scopeLabel) rows.push(['Périmètre', session.scopeLabel]);
  return (
    <section aria-labelledby="identite">
      <h2 id="identite">Mon identité</h2>
      <dl className="sts-identity" data-testid="identity">
        {rows.map(([label, value]) => (
          <div key={label} className="sts-identity__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function useAccountSessions() {
  return useQuery({
    queryKey: [...ACCOUNT_KEY, 'sessions'],
    queryFn: ({ signal }) => getJson<{ items: AccountSession[] }>('/api/account/sessions', signal),
    select: (data) =>
      // this session first, then the most recently used
      [...data.items].sort(
        (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
      ),
    retry: 1,
  });
}

function Sessions() {
  const sessions = useAccountSessions();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notify = useNotify();
  const signOutEverywhere = useMutation({
    mutationFn: () => postJson<{ ok: true; closed: number }>('/api/account/sign-out-everywhere'),
    onSuccess: ({ closed }) => {
      signOutEverywhereModal.close();
      forgetSession(queryClient);
      // the home page, with the notice (the account page no longer shows anything useful)
      notify({
        severity: 'success',
        text:
          closed > 1
            ? `Déconnexion effectuée sur tous les appareils : ${closed} sessions fermées.`
            : 'Déconnexion effectuée : votre session est fermée.',
        path: PATHS.home,
      });
      void navigate(PATHS.home);
    },
  });

  return (
    <section aria-labelledby="sessions" className="fr-mt-6w">
      <h2 id="sessions">Mes sessions ouvertes</h2>
      <p>
        Chaque connexion ouvre une session sur l’appareil utilisé. Une session se ferme après deux heures sans
        activité, et au plus tard douze heures après la connexion.
      </p>
      {sessions.isPending ? (
        <p role="status" className="sts-loading">
          Chargement de vos sessions…
        </p>
      ) : sessions.isError ? (
        <Alert
          severity="error"
          role="alert"
          title="Vos sessions n’ont pas pu être chargées"
          description={sessions.error.message}
        />
      ) : (
        <Table
          caption="Mes sessions ouvertes"
          noCaption
          headers={['Appareil', 'Adresse IP', 'Ouverte le', 'Dernière activité']}
          data={sessions.data.map((s) => [
            <>
              {describeUserAgent(s.userAgent)}
              {s.current && (
                <Badge as="span" severity="info" small noIcon className="fr-ml-1w">
                  Cette session
                </Badge>
              )}
            </>,
            s.ip ?? 'inconnue',
            formatDateTime(s.createdAt),
            formatDateTime(s.lastSeenAt),
          ])}
        />
      )}
      <Button
        priority="secondary"
        iconId="fr-icon-logout-box-r-line"
        nativeButtonProps={signOutEverywhereModal.buttonProps}
      >
        Se déconnecter de tous les appareils
      </Button>
      <signOutEverywhereModal.Component
        title="Se déconnecter de tous les appareils ?"
        titleAs="h2"
        buttons={[
          { children: 'Annuler', priority: 'secondary' },
          {
            children: signOutEverywhere.isPending ? 'Déconnexion…' : 'Me déconnecter partout',
            doClosesModal: false,
            onClick: () => {
              if (!signOutEverywhere.isPending) signOutEverywhere.mutate();
            },
          },
        ]}
      >
        <p>
          Toutes vos sessions seront fermées, sur cet appareil comme sur les autres. Il faudra vous
          reconnecter.
        </p>
        {signOutEverywhere.isError && (
          <Alert
            severity="error"
            small
            role="alert"
            description={`La déconnexion a échoué. ${signOutEverywhere.error.message}`}
          />
        )}
      </signOutEverywhereModal.Component>
    </section>
  );
}

function PersonalData() {
  return (
    <section aria-labelledby="donnees" className="fr-mt-6w">
      <h2 id="donnees">Mes données</h2>
      <p>
        Téléchargez les données que la plateforme garde sur votre compte : votre identité, vos rôles et vos
        sessions.
      </p>
      <a className="fr-link fr-link--download" href="/api/account/data" download>
        Télécharger mes données (JSON)
      </a>
    </section>
  );
}
