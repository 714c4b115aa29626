import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons.js';
import { emailError, fieldErrorsOf, focusFirstError, type FieldErrors } from '../auth/forms.ts';
import { ApiError, getJson, postJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { formatSiret, statusSeverity, type ExternalStage, type ExternalStageList } from './api.ts';
import { HOST_FIELDS, HostFields, hostErrors, type HostValues } from './HostFields.tsx';

const TITLE = 'J’ai trouvé un stage par moi-même';
const KEY = [...ACCOUNT_KEY, 'external-stages', 'mine'];
const PREFIX = 'declaration';
const fieldId = (f: string) => `${PREFIX}-${f}`;
const ORDER = ['weeks', ...HOST_FIELDS, 'contactName', 'contactEmail', 'activities'];

const EMPTY = {
  weeks: '',
  hostName: '',
  isPublic: false,
  siret: '',
  address: '',
  postalCode: '',
  communeName: '',
  contactName: '',
  contactEmail: '',
  activities: '',
};

/** « J’ai trouvé un stage par moi-même » (/candidatures/stage-trouve): the student declares a stage found by their family. */
export function DeclarePage() {
  useDocumentTitle(TITLE);
  const session = useSession();
  const s = session.data?.authenticated ? session.data : null;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel="Stage trouvé par moi-même"
        homeLinkProps={{ to: PATHS.home }}
        segments={[{ label: 'Mes candidatures', linkProps: { to: '/candidatures' } }]}
      />
      <h1>{TITLE}</h1>
      {session.isPending && <p role="status">Chargement…</p>}
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {s && s.role !== 'student' && (
        <Alert
          severity="info"
          title="Page réservée aux élèves"
          description="Le lycée déclare le stage d’un élève depuis la page de cet élève."
        />
      )}
      {s && s.role === 'student' && <Declare />}
    </div>
  );
}

function Declare() {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => getJson<ExternalStageList>('/api/students/me/external-stages', signal),
  });
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sent, setSent] = useState<ExternalStage | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const declare = useMutation({
    mutationFn: () =>
      postJson<ExternalStage>('/api/students/me/external-stages', {
        weeks: Number(form.weeks),
        hostName: form.hostName.trim(),
        siret: form.siret.trim() === '' ? null : form.siret.trim(),
        isPublic: form.isPublic,
        address: form.address.trim(),
        postalCode: form.postalCode.trim(),
        communeName: form.communeName.trim(),
        contactName: form.contactName.trim(),
        contactEmail: form.contactEmail.trim(),
        activities: form.activities.trim() === '' ? null : form.activities.trim(),
      }),
    onSuccess: (stage) => {
      setSent(stage);
      setForm(EMPTY);
      void queryClient.invalidateQueries({ queryKey: KEY });
      requestAnimationFrame(() => noticeRef.current?.focus());
    },
    onError: (error) => {
      const next = fieldErrorsOf(error);
      setErrors(next);
      focusFirstError(
        ORDER.filter((f) => next[f]).map((f) => (f === 'weeks' ? fieldId('weeks-0') : fieldId(f))),
      );
    },
  });

  const cancel = useMutation({
    mutationFn: (id: string) => postJson<ExternalStage>(`/api/external-stages/${id}/cancel`),
    onSuccess: () => {
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(null);
    const next: FieldErrors = hostErrors(form);
    if (!form.weeks) next.weeks = 'Choisissez la semaine 1, la semaine 2 ou les deux.';
    if (!form.contactName.trim()) next.contactName = 'Indiquez le nom du représentant de l’organisme.';
    const mail = emailError(form.contactEmail);
    if (mail) next.contactEmail = mail.replace('votre adresse', 'l’adresse');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError(
        ORDER.filter((f) => next[f]).map((f) => (f === 'weeks' ? fieldId('weeks-0') : fieldId(f))),
      );
      return;
    }
    declare.mutate();
  };

  const set = (field: string, value: string | boolean) => {
    setForm((x) => ({ ...x, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const state = (f: string) => (errors[f] ? ('error' as const) : ('default' as const));
  const otherError = declare.isError && !Object.values(errors).some(Boolean) ? declare.error.message : null;
  const calendar = list.data?.calendar ?? [];
  const weekOptions = [
    { value: '1', label: 'Semaine 1', hint: calendar.find((w) => w.week === 1)?.label },
    { value: '2', label: 'Semaine 2', hint: calendar.find((w) => w.week === 2)?.label },
    {
      value: '3',
      label: 'Les deux semaines',
      hint: 'Une seule convention pour les deux semaines chez cet organisme',
    },
  ];

  return (
    <>
      <p>
        Votre famille ou vos relations vous ont trouvé un stage ? Déclarez-le ici : nous écrivons au
        représentant de l’organisme pour qu’il confirme l’accueil et complète ses informations. Vous
        confirmerez ensuite ce stage comme une candidature acceptée, puis la convention sera préparée.
      </p>

      <div ref={noticeRef} tabIndex={-1}>
        {sent && (
          <Alert
            severity="success"
            role="status"
            className="fr-mb-3w"
            title="Invitation envoyée"
            description={`Nous avons écrit à ${sent.contactName} (${sent.contactEmail}) : le lien est valable jusqu’au ${formatDateTime(sent.expiresAt)}. Vous recevrez un courriel dès sa réponse.`}
          />
        )}
      </div>

      <h2>Déclarer un stage</h2>
      <form
        onSubmit={submit}
        noValidate
        aria-label="Déclarer un stage trouvé par moi-même"
        className="fr-mb-6w"
      >
        {otherError && (
          <Alert severity="error" role="alert" small className="fr-mb-2w" description={otherError} />
        )}
        <p className="fr-text--sm">Tous les champs sont obligatoires, sauf ceux marqués « facultatif ».</p>
        <RadioButtons
          legend="Semaine(s) de stage"
          id={fieldId('weeks')}
          name="declaration-semaines"
          state={state('weeks')}
          stateRelatedMessage={errors.weeks}
          options={weekOptions.map((o) => ({
            label: o.label,
            ...(o.hint ? { hintText: o.hint } : {}),
            nativeInputProps: {
              value: o.value,
              checked: form.weeks === o.value,
              onChange: () => set('weeks', o.value),
            },
          }))}
        />
        <HostFields
          prefix={PREFIX}
          legend="L’organisme qui vous accueille"
          values={form as HostValues}
          errors={errors}
          onChange={set}
        />
        <fieldset className="fr-fieldset" aria-labelledby={fieldId('contact-legend')}>
          <legend className="fr-fieldset__legend" id={fieldId('contact-legend')}>
            Son représentant
            <span className="fr-hint-text">
              La personne qui vous accueille ou qui signe pour l’organisme : c’est à elle que nous écrivons.
            </span>
          </legend>
          <div className="fr-fieldset__element">
            <Input
              label="Prénom et nom du représentant"
              state={state('contactName')}
              stateRelatedMessage={errors.contactName}
              nativeInputProps={{
                id: fieldId('contactName'),
                value: form.contactName,
                maxLength: 200,
                autoComplete: 'off',
                onChange: (e) => set('contactName', e.target.value),
              }}
            />
          </div>
          <div className="fr-fieldset__element">
            <Input
              label="Adresse électronique du représentant"
              hintText="Exemple : nom@domaine.fr"
              state={state('contactEmail')}
              stateRelatedMessage={errors.contactEmail}
              nativeInputProps={{
                id: fieldId('contactEmail'),
                type: 'email',
                value: form.contactEmail,
                maxLength: 254,
                autoComplete: 'off',
                onChange: (e) => set('contactEmail', e.target.value),
              }}
            />
          </div>
        </fieldset>
        <Input
          textArea
          label="Ce que vous y observerez (facultatif)"
          hintText="L’organisme pourra le compléter."
          state={state('activities')}
          stateRelatedMessage={errors.activities}
          nativeTextAreaProps={{
            id: fieldId('activities'),
            rows: 3,
            maxLength: 1500,
            value: form.activities,
            onChange: (e) => set('activities', e.target.value),
          }}
        />
        <Button type="submit" disabled={declare.isPending} iconId="fr-icon-mail-line">
          {declare.isPending ? 'Envoi…' : 'Envoyer l’invitation'}
        </Button>
      </form>

      <h2>Mes stages déclarés</h2>
      {list.isPending && <p role="status">Chargement…</p>}
      {list.isError && <Alert severity="error" title="Liste indisponible" description={list.error.message} />}
      {cancel.isError && (
        <Alert
          severity="error"
          role="alert"
          className="fr-mb-2w"
          title="Annulation impossible"
          description={cancel.error instanceof ApiError ? cancel.error.message : 'Réessayez.'}
        />
      )}
      {list.data && list.data.items.length === 0 && <p>Aucun stage déclaré pour l’instant.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="fr-table" aria-live="polite">
          <table>
            <caption className="fr-sr-only">Mes stages déclarés</caption>
            <thead>
              <tr>
                <th scope="col">Organisme</th>
                <th scope="col">Semaines</th>
                <th scope="col">État</th>
                <th scope="col">Représentant</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((x) => (
                <tr key={x.id} data-testid="external-stage-row">
                  <th scope="row">
                    {x.hostName}
                    <br />
                    <span className="fr-text--xs">
                      {x.siret ? `SIRET ${formatSiret(x.siret)} – ` : ''}
                      {x.postalCode} {x.communeName}
                    </span>
                  </th>
                  <td>
                    {x.weekDates.map((w) => (
                      <span key={w.week} className="fr-text--sm" style={{ display: 'block' }}>
                        {w.label}
                      </span>
                    ))}
                  </td>
                  <td>
                    <Badge as="span" small noIcon severity={statusSeverity(x.status)}>
                      {x.statusLabel}
                    </Badge>
                    {x.status === 'invited' && (
                      <span className="fr-text--xs" style={{ display: 'block' }}>
                        Lien valable jusqu’au {formatDateTime(x.expiresAt)}
                      </span>
                    )}
                    {x.declineReason && (
                      <span className="fr-text--xs" style={{ display: 'block' }}>
                        Motif : {x.declineReason}
                      </span>
                    )}
                  </td>
                  <td>
                    {x.contactName}
                    <br />
                    <span className="fr-text--xs">{x.contactEmail}</span>
                  </td>
                  <td>
                    {x.status === 'confirmed' ? (
                      <Link to="/candidatures">Confirmer dans mes candidatures</Link>
                    ) : x.status !== 'invited' ? (
                      <span className="fr-text--sm">—</span>
                    ) : confirming === x.id ? (
                      <span className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                        <Button
                          size="small"
                          ref={confirmRef}
                          disabled={cancel.isPending}
                          onClick={() => cancel.mutate(x.id)}
                        >
                          Confirmer l’annulation
                        </Button>
                        <Button size="small" priority="secondary" onClick={() => setConfirming(null)}>
                          Garder
                        </Button>
                      </span>
                    ) : (
                      <Button
                        size="small"
                        priority="secondary"
                        onClick={() => {
                          cancel.reset();
                          setConfirming(x.id);
                        }}
                      >
                        Annuler<span className="fr-sr-only"> la déclaration chez {x.hostName}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
