import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons.js';
import { AuthFrame } from '../auth/AuthFrame.tsx';
import { emailError, fieldErrorsOf, focusById, focusFirstError, type FieldErrors } from '../auth/forms.ts';
import { postJson } from '../lib/api.ts';
import { PATHS } from '../lib/site.ts';

type Who = 'student' | 'guardian';

interface Form {
  classCode: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  email: string;
  guardianLastName: string;
  guardianFirstName: string;
}

const EMPTY: Form = {
  classCode: '',
  lastName: '',
  firstName: '',
  birthDate: '',
  email: '',
  guardianLastName: '',
  guardianFirstName: '',
};

/** Field ids, in the order of the form (the first in error gets the focus). */
const IDS: Record<keyof Form, string> = {
  classCode: 'activation-code',
  guardianLastName: 'activation-rl-nom',
  guardianFirstName: 'activation-rl-prenom',
  lastName: 'activation-nom',
  firstName: 'activation-prenom',
  birthDate: 'activation-naissance',
  email: 'activation-email',
};

function check(form: Form, who: Who): FieldErrors {
  const errors: FieldErrors = {};
  const code = form.classCode.replace(/[\s-]+/g, '');
  if (code === '') errors.classCode = 'Indiquez le code de classe donné par le professeur.';
  else if (code.length !== 8)
    errors.classCode = 'Le code de classe compte 8 caractères (exemple : K7QM-4TZA).';
  if (who === 'guardian') {
    if (!form.guardianLastName.trim()) errors.guardianLastName = 'Indiquez votre nom.';
    if (!form.guardianFirstName.trim()) errors.guardianFirstName = 'Indiquez votre prénom.';
  }
  if (!form.lastName.trim()) errors.lastName = 'Indiquez le nom de l’élève.';
  if (!form.firstName.trim()) errors.firstName = 'Indiquez le prénom de l’élève.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.birthDate))
    errors.birthDate = 'Indiquez la date de naissance de l’élève.';
  const email = emailError(form.email);
  if (email) errors.email = email;
  return errors;
}

/**
 * "Activer mon compte": a student (or a guardian) without ÉduConnect types the class code given
 * by the teacher, the student's name and birth date, and an e-mail address; a one-time sign-in
 * link is sent there. A failure never says which field was wrong.
 */
export function ActivationPage() {
  const [who, setWho] = useState<Who>('student');
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const activate = useMutation({
    mutationFn: () =>
      postJson<{ ok: true; email: string }>('/api/auth/activate', {
        classCode: form.classCode.trim(),
        lastName: form.lastName.trim(),
        firstName: form.firstName.trim(),
        birthDate: form.birthDate,
        email: form.email.trim(),
        ...(who === 'guardian'
          ? { guardian: { lastName: form.guardianLastName.trim(), firstName: form.guardianFirstName.trim() } }
          : {}),
      }),
    onSuccess: () => focusById('activation-resultat'),
    onError: (e) => {
      const api = fieldErrorsOf(e);
      const mapped: FieldErrors = {};
      for (const [field, message] of Object.entries(api)) {
        const key =
          field === 'guardian.lastName'
            ? 'guardianLastName'
            : field === 'guardian.firstName'
              ? 'guardianFirstName'
              : field;
        if (key in IDS) mapped[key] = message;
      }
      setErrors(mapped);
      if (Object.keys(mapped).length > 0)
        focusFirstError(
          Object.entries(IDS)
            .filter(([k]) => mapped[k])
            .map(([, id]) => id),
        );
      else focusById('activation-erreur');
    },
  });

  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    activate.reset();
    const found = check(form, who);
    setErrors(found);
    const ids = Object.entries(IDS)
      .filter(([k]) => found[k])
      .map(([, id]) => id);
    if (ids.length > 0) {
      focusFirstError(ids);
      return;
    }
    activate.mutate();
  };

  const field = (
    key: keyof Form,
    label: string,
    extra: { hint?: string; type?: string; autoComplete?: string } = {},
  ) => (
    <Input
      label={label}
      hintText={extra.hint}
      state={errors[key] ? 'error' : 'default'}
      stateRelatedMessage={errors[key]}
      nativeInputProps={{
        id: IDS[key],
        name: key,
        type: extra.type ?? 'text',
        autoComplete: extra.autoComplete,
        required: true,
        value: form[key],
        onChange: set(key),
        'aria-invalid': errors[key] ? true : undefined,
      }}
    />
  );

  if (activate.isSuccess)
    return (
      <AuthFrame title="Activer mon compte">
        <div id="activation-resultat" tabIndex={-1}>
          <Alert
            severity="success"
            title="Vérifiez votre messagerie"
            description={`Un lien de connexion vient d’être envoyé à ${activate.data.email}. Il est valable 15 minutes et ne sert qu’une fois : ouvrez-le pour vous connecter.`}
          />
        </div>
        <p className="fr-mt-3w">
          Rien reçu ? Vérifiez le dossier des indésirables, ou{' '}
          <Button priority="tertiary no outline" type="button" onClick={() => activate.reset()}>
            recommencez
          </Button>
          .
        </p>
        <p>
          <Link to={PATHS.signIn}>Retour à la connexion</Link>
        </p>
      </AuthFrame>
    );

  return (
    <AuthFrame title="Activer mon compte">
      <p>
        Sans compte ÉduConnect, activez votre compte avec le code de classe donné par votre professeur. Les
        informations de l’élève doivent être écrites comme dans son dossier au lycée.
      </p>
      {activate.isError && Object.keys(errors).length === 0 && (
        <div id="activation-erreur" tabIndex={-1} className="fr-mb-3w">
          <Alert severity="error" title="Activation impossible" description={activate.error.message} />
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <RadioButtons
          legend="Vous êtes"
          orientation="horizontal"
          options={[
            {
              label: 'l’élève',
              nativeInputProps: {
                checked: who === 'student',
                onChange: () => setWho('student'),
                value: 'student',
              },
            },
            {
              label: 'son représentant légal',
              nativeInputProps: {
                checked: who === 'guardian',
                onChange: () => setWho('guardian'),
                value: 'guardian',
              },
            },
          ]}
        />
        {field('classCode', 'Code de classe', {
          hint: '8 lettres et chiffres, par exemple K7QM-4TZA',
          autoComplete: 'off',
        })}
        {who === 'guardian' && (
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">Vous, représentant légal</legend>
            <div className="fr-fieldset__element">
              {field('guardianLastName', 'Votre nom', { autoComplete: 'family-name' })}
            </div>
            <div className="fr-fieldset__element">
              {field('guardianFirstName', 'Votre prénom', { autoComplete: 'given-name' })}
            </div>
          </fieldset>
        )}
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">L’élève</legend>
          <div className="fr-fieldset__element">
            {field('lastName', 'Nom de l’élève', { autoComplete: who === 'student' ? 'family-name' : 'off' })}
          </div>
          <div className="fr-fieldset__element">
            {field('firstName', 'Prénom de l’élève', {
              autoComplete: who === 'student' ? 'given-name' : 'off',
            })}
          </div>
          <div className="fr-fieldset__element">
            {field('birthDate', 'Date de naissance de l’élève', {
              type: 'date',
              hint: 'Format attendu : JJ/MM/AAAA',
              autoComplete: who === 'student' ? 'bday' : 'off',
            })}
          </div>
        </fieldset>
        {field('email', 'Adresse électronique', {
          type: 'email',
          hint: 'Le lien de connexion y sera envoyé. Format attendu : nom@domaine.fr',
          autoComplete: 'email',
        })}
        <Button type="submit" disabled={activate.isPending} aria-busy={activate.isPending}>
          {activate.isPending ? 'Envoi en cours…' : 'Recevoir mon lien de connexion'}
        </Button>
      </form>
      <p className="fr-mt-4w">
        <Link to={PATHS.signIn}>Retour à la connexion</Link>
      </p>
    </AuthFrame>
  );
}
