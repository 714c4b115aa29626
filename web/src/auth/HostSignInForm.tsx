import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { ApiError, postJson } from '../lib/api.ts';
import { refreshSession, withFreshCsrf } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { PasswordField } from './PasswordField.tsx';
import { emailError, focusById, focusFirstError, type FieldErrors } from './forms.ts';

export const AUTH_PATHS = {
  signUp: '/inscription',
  verify: '/verification',
  forgotPassword: '/mot-de-passe-oublie',
  reset: '/reinitialisation',
  link: '/connexion/lien',
} as const;

const UNVERIFIED = 'urn:stage-seconde:probleme:adresse-non-confirmee';

/** "Organisme d'accueil": e-mail and password, with the ways out (forgotten password, link, sign-up). */
export function HostSignInForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const signIn = useMutation({
    mutationFn: async () => {
      await withFreshCsrf(queryClient, () =>
        postJson('/api/auth/sign-in', { email: email.trim(), password }),
      );
      await refreshSession(queryClient);
    },
    onSuccess: () => void navigate(PATHS.account),
    onError: () => focusById('connexion-hote-erreur'),
  });
  const resend = useMutation({
    mutationFn: () => postJson<{ message: string }>('/api/auth/verify-email/resend', { email: email.trim() }),
    onSettled: () => focusById('connexion-hote-renvoi'),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    const e = emailError(email);
    if (e) next.email = e;
    if (password === '') next.password = 'Indiquez votre mot de passe.';
    setErrors(next);
    resend.reset();
    if (Object.keys(next).length > 0) {
      const order: [string, string][] = [
        ['email', 'connexion-hote-email'],
        ['password', 'connexion-hote-mot-de-passe'],
      ];
      focusFirstError(order.filter(([field]) => next[field]).map(([, id]) => id));
      return;
    }
    signIn.mutate();
  };

  const failure =
    signIn.error instanceof ApiError
      ? signIn.error
      : signIn.error
        ? new ApiError(signIn.error.message, null)
        : null;

  return (
    <section aria-labelledby="connexion-hote-titre" className="sts-auth-box fr-mb-6w">
      <h2 id="connexion-hote-titre">Organisme d’accueil</h2>
      <p>Entreprises, associations, administrations : connectez-vous avec votre adresse électronique.</p>
      <form onSubmit={submit} noValidate>
        {failure && (
          <div id="connexion-hote-erreur" tabIndex={-1} className="fr-mb-3w">
            <Alert
              severity="error"
              small
              description={
                failure.type === UNVERIFIED ? (
                  <>
                    {failure.message}{' '}
                    <Button
                      priority="tertiary"
                      size="small"
                      type="button"
                      className="fr-mt-1w"
                      onClick={() => resend.mutate()}
                      disabled={resend.isPending}
                    >
                      Recevoir un nouveau courriel de confirmation
                    </Button>
                  </>
                ) : (
                  failure.message
                )
              }
            />
          </div>
        )}
        {(resend.isSuccess || resend.isError) && (
          <div id="connexion-hote-renvoi" tabIndex={-1} className="fr-mb-3w" role="status">
            <Alert
              severity={resend.isSuccess ? 'success' : 'error'}
              small
              description={resend.isSuccess ? resend.data.message : (resend.error?.message ?? '')}
            />
          </div>
        )}
        <Input
          label="Adresse électronique"
          hintText="Format attendu : nom@domaine.fr"
          state={errors.email ? 'error' : 'default'}
          stateRelatedMessage={errors.email}
          nativeInputProps={{
            id: 'connexion-hote-email',
            name: 'email',
            type: 'email',
            autoComplete: 'email',
            required: true,
            value: email,
            onChange: (e) => {
              setEmail(e.target.value);
              setErrors(({ email: _gone, ...rest }) => rest);
            },
            'aria-invalid': errors.email ? true : undefined,
          }}
        />
        <PasswordField
          id="connexion-hote-mot-de-passe"
          label="Mot de passe"
          mode="current"
          value={password}
          onChange={(value) => {
            setPassword(value);
            setErrors(({ password: _gone, ...rest }) => rest);
          }}
          error={errors.password}
        />
        <p className="fr-mt-2w">
          <Link to={AUTH_PATHS.forgotPassword}>Mot de passe oublié ?</Link>
        </p>
        <Button type="submit" disabled={signIn.isPending} aria-busy={signIn.isPending}>
          {signIn.isPending ? 'Connexion en cours…' : 'Se connecter'}
        </Button>
      </form>
      <ul className="fr-links-group fr-mt-3w">
        <li>
          <Link className="fr-link" to={AUTH_PATHS.link}>
            Recevoir un lien de connexion par courriel
          </Link>
        </li>
        <li>
          <Link className="fr-link" to={AUTH_PATHS.signUp}>
            Créer un compte organisme d’accueil
          </Link>
        </li>
      </ul>
    </section>
  );
}
