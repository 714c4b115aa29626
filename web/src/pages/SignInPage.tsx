import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Card } from '@codegouvfr/react-dsfr/Card.js';
import type { Role } from '../../../src/domain/permissions.ts';
import { ApiError, getJson, postJson } from '../lib/api.ts';
import { fullName, refreshSession, useSession, withFreshCsrf } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { HostSignInForm } from '../auth/HostSignInForm.tsx';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { IdentityProviders } from '../components/IdentityProviders.tsx';

/** GET /api/demo/accounts: one account per role (demo mode only). */
interface DemoAccount {
  membershipId: string;
  role: Role;
  roleLabel: string;
  name: string;
  email: string;
  scopeLabel: string;
}

/** The demo accounts, or null when the demo is off (the API answers 404). */
function useDemoAccounts() {
  return useQuery({
    queryKey: ['demo', 'accounts'],
    queryFn: async ({ signal }) => {
      try {
        return (await getJson<{ items: DemoAccount[] }>('/api/demo/accounts', signal)).items;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

/**
 * "Se connecter": ÉduConnect and ProConnect when configured, the class-code activation and the
 * message of a failed OpenID Connect sign-in; host organisations with their e-mail (password or
 * one-time link); then the demo accounts in one click when the demo is on.
 */
export function SignInPage() {
  useDocumentTitle('Se connecter');
  const accounts = useDemoAccounts();

  return (
    <div className="fr-container fr-pb-10w">
      <Breadcrumb currentPageLabel="Se connecter" homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>Se connecter</h1>
      <IdentityProviders />
      <HostSignInForm />
      {accounts.isPending ? (
        <p role="status" className="sts-loading">
          Chargement des moyens de connexion…
        </p>
      ) : accounts.isError ? (
        <>
          <Alert
            severity="error"
            role="alert"
            title="Les moyens de connexion n’ont pas pu être chargés"
            description={`${accounts.error.message} Réessayez dans quelques instants.`}
          />
          <Button
            className="fr-mt-2w"
            priority="secondary"
            iconId="fr-icon-refresh-line"
            onClick={() => void accounts.refetch()}
            aria-busy={accounts.isFetching}
          >
            {accounts.isFetching ? 'Nouvel essai en cours…' : 'Réessayer'}
          </Button>
        </>
      ) : accounts.data === null ? (
        <p className="fr-text--lead">
          Élèves et familles sans ÉduConnect : activez votre compte avec le code de classe (lien ci-dessus).
        </p>
      ) : (
        <DemoAccounts accounts={accounts.data} />
      )}
    </div>
  );
}

function DemoAccounts({ accounts }: { accounts: DemoAccount[] }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signIn = useMutation({
    mutationFn: async (account: DemoAccount) => {
      await withFreshCsrf(queryClient, () =>
        postJson('/api/demo/sign-in', { membershipId: account.membershipId }),
      );
      // the account page must find the new session, not the previous one
      await refreshSession(queryClient);
    },
    onSuccess: () => void navigate(PATHS.account),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const current = session.data?.authenticated ? session.data : null;

  const choose = (account: DemoAccount) => {
    if (signIn.isPending) return;
    setChosen(account.membershipId);
    signIn.mutate(account);
  };

  return (
    <>
      <p className="fr-text--lead">
        Ceci est une académie de démonstration : les établissements sont réels, mais les élèves, les familles
        et les personnels sont des personnes générées, qui n’existent pas.
      </p>
      {current && (
        <Alert
          className="fr-mb-4w"
          severity="info"
          small
          description={
            <>
              Session ouverte : {fullName(current)} ({current.roleLabel}). Choisir un autre compte ferme cette
              session. <Link to={PATHS.account}>Voir mon compte</Link>
            </>
          }
        />
      )}
      <h2>Comptes de démonstration</h2>
      <p>Un compte par rôle : la connexion se fait en un clic, sans mot de passe.</p>
      {signIn.isError && (
        <Alert
          className="fr-mb-3w"
          severity="error"
          role="alert"
          title="La connexion a échoué"
          description={signIn.error.message}
        />
      )}
      <ul className="fr-grid-row fr-grid-row--gutters sts-card-list">
        {accounts.map((account) => {
          const busy = signIn.isPending && chosen === account.membershipId;
          return (
            <li key={account.membershipId} className="fr-col-12 fr-col-md-6 fr-col-lg-4">
              <Card
                className="sts-demo-account"
                title={account.roleLabel}
                titleAs="h3"
                size="small"
                desc={
                  <>
                    <span className="sts-demo-account__name">{account.name}</span>
                    {account.scopeLabel && (
                      <>
                        <br />
                        {account.scopeLabel}
                      </>
                    )}
                  </>
                }
                footer={
                  <ul className="fr-btns-group">
                    <li>
                      <Button
                        priority={current?.role === account.role ? 'secondary' : 'primary'}
                        onClick={() => choose(account)}
                        aria-busy={busy}
                        nativeButtonProps={{ 'data-testid': `demo-sign-in-${account.role}` }}
                      >
                        {busy ? 'Connexion en cours…' : `Se connecter en tant que ${account.roleLabel}`}
                      </Button>
                    </li>
                  </ul>
                }
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}
