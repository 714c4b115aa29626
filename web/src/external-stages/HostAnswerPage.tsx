import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { emailError, fieldErrorsOf, focusFirstError, type FieldErrors } from '../auth/forms.ts';
import { ApiError, getJson, postJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { focusPageHeading } from '../lib/focus.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { formatSiret, type AcceptResult, type Invitation } from './api.ts';
import { HOST_FIELDS, HostFields, hostErrors, type HostValues } from './HostFields.tsx';

const TITLE = 'Accueil d’un élève en stage de seconde';
const PREFIX = 'accueil';
const fieldId = (f: string) => `${PREFIX}-${f}`;
const ORDER = [
  ...HOST_FIELDS,
  'sectorCode',
  'contactFirstName',
  'contactLastName',
  'contactPhone',
  'activities',
  'tutorEmail',
];

/**
 * The host's page (/accueil-stage/:token), reached from the mail without an account: what is asked,
 * the student's first name, lycée and weeks; the host's part prefilled from the declaration;
 * « Confirmer l’accueil » or « Refuser » with a reason; then what happens next.
 */
export function HostAnswerPage() {
  useDocumentTitle(TITLE);
  const { token = '' } = useParams();
  const invitation = useQuery({
    queryKey: ['external-stage-invitation', token],
    queryFn: ({ signal }) =>
      getJson<Invitation>(`/api/external-stages/invitations/${encodeURIComponent(token)}`, signal),
    retry: false,
  });
  const [done, setDone] = useState<{ kind: 'accepted'; result: AcceptResult } | { kind: 'declined' } | null>(
    null,
  );
  useEffect(() => {
    if (done) requestAnimationFrame(() => focusPageHeading());
  }, [done]);

  return (
    <div className="fr-container fr-py-4w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-lg-9">
          {done?.kind === 'accepted' && invitation.data ? (
            <Accepted invitation={invitation.data} result={done.result} />
          ) : done?.kind === 'declined' ? (
            <>
              <h1>Refus enregistré</h1>
              <p role="status">
                Merci d’avoir répondu. L’élève est prévenu par courriel, avec votre motif ; ce lien ne sert
                plus.
              </p>
            </>
          ) : (
            <>
              <h1>{TITLE}</h1>
              {invitation.isPending && <p role="status">Chargement…</p>}
              {invitation.isError && (
                <Alert
                  severity="error"
                  title={
                    invitation.error instanceof ApiError && invitation.error.title
                      ? invitation.error.title
                      : 'Lien inutilisable'
                  }
                  description={invitation.error.message}
                />
              )}
              {invitation.data && (
                <Answer
                  token={token}
                  invitation={invitation.data}
                  onAccepted={(result) => setDone({ kind: 'accepted', result })}
                  onDeclined={() => setDone({ kind: 'declined' })}
                />
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function Accepted({ invitation, result }: { invitation: Invitation; result: AcceptResult }) {
  const name = invitation.student.firstName;
  return (
    <>
      <h1>Accueil confirmé</h1>
      <Alert
        severity="success"
        role="status"
        className="fr-mb-3w"
        title="Merci, votre réponse est enregistrée"
        description={`${name} doit maintenant confirmer son stage, avant le ${formatDateTime(result.confirmBy)}.`}
      />
      <h2>La suite</h2>
      <ol>
        <li>
          {name} confirme le stage sur la plateforme : la place est alors réservée et vous êtes prévenu par
          courriel.
        </li>
        <li>
          La convention de stage est préparée : vous complétez la partie de l’organisme (tuteur, horaires,
          activités), le {invitation.student.schoolName} la sienne, puis chacun signe en ligne.
        </li>
      </ol>
      {result.account === 'invited' && (
        <Alert
          severity="info"
          title="Votre accès à la plateforme"
          description={`Nous vous avons envoyé à ${result.email} un lien pour vous connecter comme membre de l’organisme (valable 7 jours) : vous y suivrez ce stage et sa convention.`}
        />
      )}
      {result.account === 'existing_host' && (
        <Alert
          severity="info"
          title="Votre organisme est déjà inscrit"
          description="Ses membres ont été prévenus de ce stage. Pour suivre la convention vous-même, demandez à l’un d’eux de vous inviter depuis la page « Membres » de l’organisme."
        />
      )}
      {result.account === 'member' && (
        <p>
          Vous retrouvez ce stage dans <Link to="/organisme/candidatures">les candidatures reçues</Link> de
          votre organisme.
        </p>
      )}
    </>
  );
}

function Answer({
  token,
  invitation,
  onAccepted,
  onDeclined,
}: {
  token: string;
  invitation: Invitation;
  onAccepted: (r: AcceptResult) => void;
  onDeclined: () => void;
}) {
  const h = invitation.host;
  const [form, setForm] = useState({
    hostName: h.hostName,
    isPublic: h.isPublic,
    siret: h.siret ? formatSiret(h.siret) : '',
    address: h.address,
    postalCode: h.postalCode,
    communeName: h.communeName,
    sectorCode: '',
    contactFirstName: h.contactFirstName,
    contactLastName: h.contactLastName,
    contactRole: '',
    contactPhone: '',
    activities: h.activities ?? '',
    tutorName: '',
    tutorEmail: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (declining) reasonRef.current?.focus();
  }, [declining]);
  const sectors = useQuery({
    queryKey: ['sectors'],
    queryFn: ({ signal }) => getJson<{ items: { code: string; name: string }[] }>('/api/sectors', signal),
    staleTime: 3_600_000,
  });

  const url = `/api/external-stages/invitations/${encodeURIComponent(token)}`;
  const accept = useMutation({
    mutationFn: () => {
      const opt = (v: string) => (v.trim() === '' ? null : v.trim());
      return postJson<AcceptResult>(`${url}/accept`, {
        hostName: form.hostName.trim(),
        siret: opt(form.siret),
        isPublic: form.isPublic,
        address: form.address.trim(),
        postalCode: form.postalCode.trim(),
        communeName: form.communeName.trim(),
        sectorCode: form.sectorCode,
        contactFirstName: form.contactFirstName.trim(),
        contactLastName: form.contactLastName.trim(),
        contactRole: opt(form.contactRole),
        contactPhone: opt(form.contactPhone),
        activities: form.activities.trim(),
        tutorName: opt(form.tutorName),
        tutorEmail: opt(form.tutorEmail),
      });
    },
    onSuccess: onAccepted,
    onError: (error) => {
      const next = fieldErrorsOf(error);
      setErrors(next);
      focusFirstError(ORDER.filter((f) => next[f]).map(fieldId));
    },
  });
  const decline = useMutation({
    mutationFn: () => postJson<{ ok: true }>(`${url}/decline`, { reason: reason.trim() }),
    onSuccess: onDeclined,
  });

  const set = (field: string, value: string | boolean) => {
    setForm((x) => ({ ...x, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const state = (f: string) => (errors[f] ? ('error' as const) : ('default' as const));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = hostErrors(form as HostValues);
    if (!form.sectorCode) next.sectorCode = 'Choisissez le secteur de l’organisme.';
    if (!form.contactFirstName.trim()) next.contactFirstName = 'Indiquez votre prénom.';
    if (!form.contactLastName.trim()) next.contactLastName = 'Indiquez votre nom.';
    if (!form.activities.trim()) next.activities = 'Décrivez en quelques mots ce que l’élève observera.';
    if (form.tutorEmail.trim() && emailError(form.tutorEmail))
      next.tutorEmail = 'Adresse électronique du tuteur invalide (exemple : nom@domaine.fr).';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError(ORDER.filter((f) => next[f]).map(fieldId));
      return;
    }
    accept.mutate();
  };

  const submitDecline = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError('Indiquez le motif du refus : il est transmis à l’élève.');
      reasonRef.current?.focus();
      return;
    }
    decline.mutate();
  };

  // a refusal about the weeks (covered since, closed) has no field on this page: shown above the form
  const otherError = accept.isError && !ORDER.some((f) => errors[f]) ? accept.error.message : null;
  const { firstName, schoolName } = invitation.student;

  return (
    <>
      <p className="fr-text--lead">
        {firstName}, élève de seconde au {schoolName}, indique que {h.hostName} l’accueillera pour son stage
        d’observation :
      </p>
      <ul>
        {invitation.weekDates.map((w) => (
          <li key={w.week}>{w.label}</li>
        ))}
      </ul>
      <p>
        Ce stage a été trouvé hors de la plateforme. Confirmer l’accueil, c’est vérifier et compléter
        ci-dessous les informations de votre organisme. {firstName} confirmera ensuite son stage, puis la
        convention vous sera proposée à compléter et à signer. Aucun compte n’est nécessaire pour répondre ;
        ce lien est valable jusqu’au {formatDateTime(invitation.expiresAt)}.
      </p>

      {!declining && (
        <form onSubmit={submit} noValidate aria-label="Confirmer l’accueil" className="fr-mb-4w">
          {otherError && (
            <Alert severity="error" role="alert" small className="fr-mb-2w" description={otherError} />
          )}
          <p className="fr-text--sm">Tous les champs sont obligatoires, sauf ceux marqués « facultatif ».</p>
          <HostFields prefix={PREFIX} legend="Votre organisme" values={form} errors={errors} onChange={set} />
          <Select
            label="Secteur d’activité"
            state={state('sectorCode')}
            stateRelatedMessage={errors.sectorCode}
            nativeSelectProps={{
              id: fieldId('sectorCode'),
              value: form.sectorCode,
              onChange: (e) => set('sectorCode', e.target.value),
            }}
          >
            <option value="" disabled>
              {sectors.isPending ? 'Chargement…' : 'Choisissez un secteur'}
            </option>
            {sectors.data?.items.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </Select>
          <fieldset className="fr-fieldset" aria-labelledby={fieldId('rep-legend')}>
            <legend className="fr-fieldset__legend" id={fieldId('rep-legend')}>
              Vous, représentant de l’organisme
              <span className="fr-hint-text">Adresse électronique : {h.contactEmail}</span>
            </legend>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Input
                label="Prénom"
                state={state('contactFirstName')}
                stateRelatedMessage={errors.contactFirstName}
                nativeInputProps={{
                  id: fieldId('contactFirstName'),
                  value: form.contactFirstName,
                  autoComplete: 'given-name',
                  maxLength: 100,
                  onChange: (e) => set('contactFirstName', e.target.value),
                }}
              />
            </div>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Input
                label="Nom"
                state={state('contactLastName')}
                stateRelatedMessage={errors.contactLastName}
                nativeInputProps={{
                  id: fieldId('contactLastName'),
                  value: form.contactLastName,
                  autoComplete: 'family-name',
                  maxLength: 100,
                  onChange: (e) => set('contactLastName', e.target.value),
                }}
              />
            </div>
            <div className="fr-fieldset__element">
              <Input
                label="Fonction (facultatif)"
                hintText="Exemple : gérante, directeur des ressources humaines"
                nativeInputProps={{
                  id: fieldId('contactRole'),
                  value: form.contactRole,
                  autoComplete: 'organization-title',
                  maxLength: 200,
                  onChange: (e) => set('contactRole', e.target.value),
                }}
              />
            </div>
            <div className="fr-fieldset__element">
              <Input
                label="Téléphone (facultatif)"
                hintText="Exemple : 02 99 00 00 00"
                state={state('contactPhone')}
                stateRelatedMessage={errors.contactPhone}
                nativeInputProps={{
                  id: fieldId('contactPhone'),
                  type: 'tel',
                  value: form.contactPhone,
                  autoComplete: 'tel',
                  maxLength: 30,
                  onChange: (e) => set('contactPhone', e.target.value),
                }}
              />
            </div>
          </fieldset>
          <Input
            textArea
            label="Activités proposées à l’élève"
            hintText="Ce que l’élève observera : métiers, services, réunions… (1 500 caractères au plus)"
            state={state('activities')}
            stateRelatedMessage={errors.activities}
            nativeTextAreaProps={{
              id: fieldId('activities'),
              rows: 4,
              maxLength: 1500,
              value: form.activities,
              onChange: (e) => set('activities', e.target.value),
            }}
          />
          <fieldset className="fr-fieldset" aria-labelledby={fieldId('tutor-legend')}>
            <legend className="fr-fieldset__legend" id={fieldId('tutor-legend')}>
              Le tuteur (facultatif)
              <span className="fr-hint-text">
                La personne qui encadrera l’élève ; la convention le demandera de nouveau.
              </span>
            </legend>
            <div className="fr-fieldset__element">
              <Input
                label="Prénom et nom du tuteur (facultatif)"
                nativeInputProps={{
                  id: fieldId('tutorName'),
                  value: form.tutorName,
                  maxLength: 200,
                  autoComplete: 'off',
                  onChange: (e) => set('tutorName', e.target.value),
                }}
              />
            </div>
            <div className="fr-fieldset__element">
              <Input
                label="Adresse électronique du tuteur (facultatif)"
                hintText="Exemple : nom@domaine.fr"
                state={state('tutorEmail')}
                stateRelatedMessage={errors.tutorEmail}
                nativeInputProps={{
                  id: fieldId('tutorEmail'),
                  type: 'email',
                  value: form.tutorEmail,
                  maxLength: 254,
                  autoComplete: 'off',
                  onChange: (e) => set('tutorEmail', e.target.value),
                }}
              />
            </div>
          </fieldset>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={accept.isPending} iconId="fr-icon-check-line">
                {accept.isPending ? 'Envoi…' : 'Confirmer l’accueil'}
              </Button>
            </li>
            <li>
              <Button
                type="button"
                priority="secondary"
                onClick={() => {
                  setDeclining(true);
                  decline.reset();
                }}
              >
                Refuser
              </Button>
            </li>
          </ul>
        </form>
      )}

      {declining && (
        <form onSubmit={submitDecline} noValidate aria-label="Refuser l’accueil" className="fr-mb-4w">
          <h2>Refuser l’accueil</h2>
          {decline.isError && (
            <Alert
              severity="error"
              role="alert"
              small
              className="fr-mb-2w"
              description={decline.error.message}
            />
          )}
          <Input
            textArea
            label="Motif du refus"
            hintText={`Il est transmis à ${firstName}. Exemple : nous ne sommes pas en mesure d’accueillir un élève à ces dates.`}
            state={reasonError ? 'error' : 'default'}
            stateRelatedMessage={reasonError}
            nativeTextAreaProps={{
              id: fieldId('reason'),
              ref: reasonRef,
              rows: 3,
              maxLength: 1000,
              value: reason,
              onChange: (e) => {
                setReason(e.target.value);
                setReasonError(undefined);
              },
            }}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={decline.isPending}>
                {decline.isPending ? 'Envoi…' : 'Envoyer le refus'}
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={() => setDeclining(false)}>
                Revenir à la confirmation
              </Button>
            </li>
          </ul>
        </form>
      )}
    </>
  );
}
