import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { postJson } from '../lib/api.ts';
import { refreshSession, withFreshCsrf } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { MY_OFFERS_PATHS } from '../my-offers/api.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export const INVITATION_PATH = '/invitation';

/**
 * /invitation#<jeton>: the link of an invitation e-mail. Opening the page consumes nothing (mail
 * scanners open links); the invitation is accepted by the click on the button.
 */
export function InvitationPage() {
  useDocumentTitle('Accepter l’invitation');
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const accept = useMutation({
    mutationFn: async () => {
      await withFreshCsrf(queryClient, () => postJson('/api/auth/invitation/accept', { token }));
      return refreshSession(queryClient);
    },
    onSuccess: (session) => {
      // the token must not stay in the address bar or the history
      window.history.replaceState(null, '', INVITATION_PATH);
      // a host organisation's new member starts with its offers; lycée staff with their account
      const hostMember = session.authenticated && session.role === 'host_member';
      void navigate(hostMember ? MY_OFFERS_PATHS.list : PATHS.account);
    },
  });
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Accepter l’invitation</h1>
          {token.length < 10 ? (
            <Alert
              severity="error"
              title="Lien incomplet"
              description="Ce lien d’invitation est incomplet : ouvrez le lien du courriel reçu, en entier."
            />
          ) : (
            <>
              <p>
                Vous êtes invité à rejoindre la plateforme des stages d’observation de seconde, pour
                l’établissement ou l’organisme d’accueil et avec le rôle indiqués dans le courriel reçu. En
                acceptant, votre compte est créé (ou, si vous en avez déjà un à cette adresse, ce rôle y est
                ajouté) et vous êtes connecté.
              </p>
              {accept.isError && (
                <Alert
                  severity="error"
                  role="alert"
                  className="fr-mb-3w"
                  title="Invitation non valable"
                  description={accept.error.message}
                />
              )}
              <Button
                onClick={() => accept.mutate()}
                disabled={accept.isPending}
                nativeButtonProps={{ 'aria-busy': accept.isPending }}
              >
                {accept.isPending ? 'Création du compte…' : 'Accepter l’invitation'}
              </Button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
