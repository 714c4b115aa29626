import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { postJson } from '../lib/api.ts';
import { PATHS } from '../lib/site.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { emailError, fieldErrorsOf, focusById } from './forms.ts';

interface Props {
  title: string;
  intro: string;
  endpoint: string;
  submitLabel: string;
}

/**
 * A page that asks for an e-mail and sends a mail (password reset, sign-in link). The answer is
 * the same whether the address has an account or not.
 */
export function EmailRequestPage({ title, intro, endpoint, submitLabel }: Props) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const request = useMutation({
    mutationFn: () => postJson<{ message: string }>(endpoint, { email: email.trim() }),
    onSuccess: () => focusById('demande-resultat'),
    onError: (e) => {
      const field = fieldErrorsOf(e).email;
      setError(field);
      focusById(field ? 'demande-email' : 'demande-erreur');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const e = emailError(email);
    setError(e);
    request.reset();
    if (e) {
      focusById('demande-email');
      return;
    }
    request.mutate();
  };

  if (request.isSuccess)
    return (
      <AuthFrame title={title}>
        <div id="demande-resultat" tabIndex={-1}>
          <Alert severity="success" title="Vérifiez votre messagerie" description={request.data.message} />
        </div>
        <p className="fr-mt-3w">
          Rien reçu ? Vérifiez le dossier des indésirables, ou{' '}
          <Button priority="tertiary no outline" type="button" onClick={() => request.reset()}>
            faites une nouvelle demande
          </Button>
          .
        </p>
        <p>
          <Link to={PATHS.signIn}>Retour à la connexion</Link>
        </p>
      </AuthFrame>
    );

  return (
    <AuthFrame title={title}>
      <p>{intro}</p>
      {request.isError && !error && (
        <div id="demande-erreur" tabIndex={-1} className="fr-mb-3w">
          <Alert severity="error" small description={request.error.message} />
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Input
          label="Adresse électronique"
          hintText="Format attendu : nom@domaine.fr"
          state={error ? 'error' : 'default'}
          stateRelatedMessage={error}
          nativeInputProps={{
            id: 'demande-email',
            name: 'email',
            type: 'email',
            autoComplete: 'email',
            required: true,
            value: email,
            onChange: (e) => setEmail(e.target.value),
            'aria-invalid': error ? true : undefined,
          }}
        />
        <Button type="submit" disabled={request.isPending} aria-busy={request.isPending}>
          {request.isPending ? 'Envoi en cours…' : submitLabel}
        </Button>
      </form>
      <p className="fr-mt-4w">
        <Link to={PATHS.signIn}>Retour à la connexion</Link>
      </p>
    </AuthFrame>
  );
}

export function ForgotPasswordPage() {
  return (
    <EmailRequestPage
      title="Mot de passe oublié"
      intro="Indiquez l’adresse électronique de votre compte : vous recevrez un lien, valable 1 heure, pour choisir un nouveau mot de passe."
      endpoint="/api/auth/password-reset/request"
      submitLabel="Recevoir le lien"
    />
  );
}
