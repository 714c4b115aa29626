import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { passwordIssues, PASSWORD_MESSAGES } from '../../../src/domain/password.ts';
import { postJson } from '../lib/api.ts';
import { PATHS } from '../lib/site.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { PasswordField } from './PasswordField.tsx';
import { emailError, fieldErrorsOf, focusById, focusFirstError, type FieldErrors } from './forms.ts';

/** API field → id of its input, in the order of the form. */
const FIELDS: [string, string][] = [
  ['firstName', 'inscription-prenom'],
  ['lastName', 'inscription-nom'],
  ['email', 'inscription-email'],
  ['password', 'inscription-mot-de-passe'],
  ['organisation.name', 'inscription-organisme'],
  ['organisation.siret', 'inscription-siret'],
];

/** /inscription: a host creates its account and its organisation. */
export function SignUpPage() {
  const [values, setValues] = useState({
    firstName: '',
    lastName: '',
    email: '',
    password: '',
    name: '',
    siret: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const fieldOf: Record<keyof typeof values, string> = {
    firstName: 'firstName',
    lastName: 'lastName',
    email: 'email',
    password: 'password',
    name: 'organisation.name',
    siret: 'organisation.siret',
  };
  // editing a field clears its error: the message of the last submission no longer applies
  const set = (key: keyof typeof values) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [fieldOf[key]]: _gone, ...rest }) => rest);
  };

  const signUp = useMutation({
    mutationFn: () =>
      postJson<{ message: string }>('/api/auth/sign-up', {
        email: values.email.trim(),
        password: values.password,
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        organisation: {
          name: values.name.trim(),
          siret: values.siret.trim() === '' ? null : values.siret.trim(),
        },
      }),
    onSuccess: () => focusById('inscription-resultat'),
    onError: (error) => {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      const ids = FIELDS.filter(([f]) => fields[f]).map(([, id]) => id);
      focusFirstError(ids.length > 0 ? ids : ['inscription-erreur']);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    if (values.firstName.trim() === '') next.firstName = 'Indiquez votre prénom.';
    if (values.lastName.trim() === '') next.lastName = 'Indiquez votre nom.';
    const e = emailError(values.email);
    if (e) next.email = e;
    const issue = passwordIssues(values.password, { email: values.email })[0];
    if (issue) next.password = PASSWORD_MESSAGES[issue];
    if (values.name.trim().length < 2) next['organisation.name'] = 'Indiquez le nom de votre organisme.';
    if (values.siret.trim() !== '' && !/^\d{14}$/.test(values.siret.replace(/\s/g, '')))
      next['organisation.siret'] = 'Le SIRET doit comporter 14 chiffres.';
    setErrors(next);
    signUp.reset();
    if (Object.keys(next).length > 0) {
      focusFirstError(FIELDS.filter(([f]) => next[f]).map(([, id]) => id));
      return;
    }
    signUp.mutate();
  };

  if (signUp.isSuccess) {
    return (
      <AuthFrame title="Créer un compte organisme d’accueil">
        <div id="inscription-resultat" tabIndex={-1}>
          <Alert severity="success" title="Vérifiez votre messagerie" description={signUp.data.message} />
        </div>
        <p className="fr-mt-3w">
          Le lien de confirmation est valable 24 heures. Une fois votre adresse confirmée,{' '}
          <Link to={PATHS.signIn}>connectez-vous</Link>.
        </p>
      </AuthFrame>
    );
  }

  const general = signUp.isError && Object.keys(fieldErrorsOf(signUp.error)).length === 0;
  const input = (
    field: string,
    id: string,
    label: string,
    key: keyof typeof values,
    extra: object = {},
    hint?: string,
  ) => (
    <Input
      label={label}
      hintText={hint}
      state={errors[field] ? 'error' : 'default'}
      stateRelatedMessage={errors[field]}
      nativeInputProps={{
        id,
        name: field,
        value: values[key],
        onChange: (e) => set(key)(e.target.value),
        'aria-invalid': errors[field] ? true : undefined,
        ...extra,
      }}
    />
  );

  return (
    <AuthFrame title="Créer un compte organisme d’accueil">
      <p>
        Entreprise, association, administration, collectivité : créez votre compte pour proposer des stages
        d’observation aux élèves de seconde. Tous les champs sont obligatoires sauf mention contraire.
      </p>
      {general && (
        <div id="inscription-erreur" tabIndex={-1} className="fr-mb-3w">
          <Alert severity="error" small description={signUp.error.message} />
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">Vous</legend>
          <div className="fr-fieldset__element">
            {input('firstName', 'inscription-prenom', 'Prénom', 'firstName', {
              autoComplete: 'given-name',
              required: true,
            })}
          </div>
          <div className="fr-fieldset__element">
            {input('lastName', 'inscription-nom', 'Nom', 'lastName', {
              autoComplete: 'family-name',
              required: true,
            })}
          </div>
          <div className="fr-fieldset__element">
            {input(
              'email',
              'inscription-email',
              'Adresse électronique',
              'email',
              { type: 'email', autoComplete: 'email', required: true },
              'Format attendu : nom@domaine.fr. Un lien de confirmation y sera envoyé.',
            )}
          </div>
          <div className="fr-fieldset__element">
            <PasswordField
              id="inscription-mot-de-passe"
              label="Mot de passe"
              mode="new"
              value={values.password}
              onChange={set('password')}
              email={values.email}
              error={errors.password}
            />
          </div>
        </fieldset>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">Votre organisme</legend>
          <div className="fr-fieldset__element">
            {input('organisation.name', 'inscription-organisme', 'Nom de l’organisme', 'name', {
              autoComplete: 'organization',
              required: true,
            })}
          </div>
          <div className="fr-fieldset__element">
            {input(
              'organisation.siret',
              'inscription-siret',
              'SIRET (facultatif)',
              'siret',
              { inputMode: 'numeric', autoComplete: 'off' },
              '14 chiffres, par exemple 732 829 320 00074. Les organismes publics sans SIRET peuvent le laisser vide.',
            )}
          </div>
        </fieldset>
        <Button type="submit" disabled={signUp.isPending} aria-busy={signUp.isPending}>
          {signUp.isPending ? 'Création en cours…' : 'Créer mon compte'}
        </Button>
      </form>
      <p className="fr-mt-4w">
        Vous avez déjà un compte ? <Link to={PATHS.signIn}>Se connecter</Link>
      </p>
    </AuthFrame>
  );
}
