import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { postJson } from '../lib/api.ts';
import { refreshSession, withFreshCsrf } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { EmailRequestPage } from './EmailRequestPage.tsx';
import { AUTH_PATHS } from './HostSignInForm.tsx';
import { PasswordField } from './PasswordField.tsx';
import { fieldErrorsOf, focusById, useFragmentToken } from './forms.ts';

const MISSING = 'Ce lien est incomplet : ouvrez-le depuis le courriel reçu, ou copiez son adresse entière.';

/**
 * /connexion/lien#jeton: shows a "Me connecter" button; only the click uses the link (mail
 * scanners that open links consume nothing). Without a token: the form to receive a link.
 */
export function SignInLinkPage() {
  const token = useFragmentToken();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const consume = useMutation({
    mutationFn: async () => {
      await withFreshCsrf(queryClient, () => postJson('/api/auth/link/consume', { token }));
      await refreshSession(queryClient);
    },
    onSuccess: () => void navigate(PATHS.account),
    onError: () => focusById('lien-erreur'),
  });

  if (token === '')
    return (
      <EmailRequestPage
        title="Recevoir un lien de connexion"
        intro="Indiquez l’adresse électronique de votre compte : vous recevrez un lien pour vous connecter sans mot de passe. Il est valable 15 minutes et ne sert qu’une fois."
        endpoint="/api/auth/link/request"
        submitLabel="Recevoir le lien"
      />
    );

  return (
    <AuthFrame title="Connexion par lien">
      <p>Vous avez demandé à vous connecter avec un lien reçu par courriel.</p>
      {consume.isError && (
        <div id="lien-erreur" tabIndex={-1} className="fr-mb-3w">
          <Alert severity="error" title="Connexion impossible" description={consume.error.message} />
          <p className="fr-mt-2w">
            <Link to={AUTH_PATHS.link}>Recevoir un nouveau lien</Link>
          </p>
        </div>
      )}
      {!consume.isError && (
        <Button onClick={() => consume.mutate()} disabled={consume.isPending} aria-busy={consume.isPending}>
          {consume.isPending ? 'Connexion en cours…' : 'Me connecter'}
        </Button>
      )}
    </AuthFrame>
  );
}

/**
 * /verification#jeton: a button confirms the address (like the sign-in link, opening the page
 * alone changes nothing: mail scanners open links). No session is opened.
 */
export function VerifyEmailPage() {
  const token = useFragmentToken();
  const verify = useMutation({
    mutationFn: () => postJson('/api/auth/verify-email', { token }),
    onSettled: () => focusById('verification-resultat'),
  });

  return (
    <AuthFrame title="Confirmation de votre adresse">
      {token === '' ? (
        <Alert severity="error" title="Lien incomplet" description={MISSING} />
      ) : verify.isSuccess ? (
        <div id="verification-resultat" tabIndex={-1}>
          <Alert
            severity="success"
            title="Adresse confirmée"
            description="Votre adresse électronique est confirmée : vous pouvez vous connecter."
          />
          <p className="fr-mt-3w">
            <Link className="fr-btn" to={PATHS.signIn}>
              Se connecter
            </Link>
          </p>
        </div>
      ) : verify.isError ? (
        <div id="verification-resultat" tabIndex={-1}>
          <Alert severity="error" title="Confirmation impossible" description={verify.error.message} />
          <p className="fr-mt-3w">
            <Link to={PATHS.signIn}>Retour à la connexion</Link>
          </p>
        </div>
      ) : (
        <>
          <p>Pour finir de créer votre compte, confirmez votre adresse électronique.</p>
          <Button onClick={() => verify.mutate()} disabled={verify.isPending} aria-busy={verify.isPending}>
            {verify.isPending ? 'Confirmation en cours…' : 'Confirmer mon adresse'}
          </Button>
        </>
      )}
    </AuthFrame>
  );
}

/** /reinitialisation#jeton: choose a new password. */
export function ResetPasswordPage() {
  const token = useFragmentToken();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const reset = useMutation({
    mutationFn: () => postJson('/api/auth/password-reset', { token, password }),
    onSuccess: () => focusById('reinitialisation-resultat'),
    onError: (e) => {
      const field = fieldErrorsOf(e).password;
      setError(field);
      focusById(field ? 'reinitialisation-mot-de-passe' : 'reinitialisation-erreur');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password === '') {
      setError('Indiquez un nouveau mot de passe.');
      focusById('reinitialisation-mot-de-passe');
      return;
    }
    setError(undefined);
    reset.mutate();
  };

  if (token === '')
    return (
      <AuthFrame title="Nouveau mot de passe">
        <Alert severity="error" title="Lien incomplet" description={MISSING} />
        <p className="fr-mt-3w">
          <Link to={AUTH_PATHS.forgotPassword}>Demander un nouveau lien</Link>
        </p>
      </AuthFrame>
    );

  if (reset.isSuccess)
    return (
      <AuthFrame title="Nouveau mot de passe">
        <div id="reinitialisation-resultat" tabIndex={-1}>
          <Alert
            severity="success"
            title="Mot de passe modifié"
            description="Votre nouveau mot de passe est enregistré. Par sécurité, toutes vos sessions ont été fermées : connectez-vous de nouveau."
          />
        </div>
        <p className="fr-mt-3w">
          <Link className="fr-btn" to={PATHS.signIn}>
            Se connecter
          </Link>
        </p>
      </AuthFrame>
    );

  return (
    <AuthFrame title="Nouveau mot de passe">
      {reset.isError && !error && (
        <div id="reinitialisation-erreur" tabIndex={-1} className="fr-mb-3w">
          <Alert severity="error" small description={reset.error.message} />
          <p className="fr-mt-2w">
            <Link to={AUTH_PATHS.forgotPassword}>Demander un nouveau lien</Link>
          </p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <PasswordField
          id="reinitialisation-mot-de-passe"
          label="Nouveau mot de passe"
          mode="new"
          value={password}
          onChange={setPassword}
          error={error}
        />
        <Button type="submit" className="fr-mt-2w" disabled={reset.isPending} aria-busy={reset.isPending}>
          {reset.isPending ? 'Enregistrement…' : 'Enregistrer le mot de passe'}
        </Button>
      </form>
    </AuthFrame>
  );
}
