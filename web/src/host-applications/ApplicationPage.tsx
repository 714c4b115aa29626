import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { createModal } from '@codegouvfr/react-dsfr/Modal/index.js';
import { ApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { useMyOffers } from '../my-offers/api.ts';
import {
  HOST_APPLICATIONS_KEY,
  HOST_APPLICATIONS_PATHS,
  offerApplicationsPath,
  sendJson,
  useHostApplication,
} from './api.ts';
import { HostFrame } from './HostFrame.tsx';
import {
  confirmByText,
  currentState,
  expiresSoon,
  expiryText,
  historyOf,
  hostActions,
  stateLabel,
  stateSeverity,
  studentName,
  weeksText,
  type CampaignWeek,
  type HostApplication,
} from './inbox.ts';
import './host-applications.css';

const cancelModal = createModal({ id: 'annuler-stage', isOpenedByDefault: false });

/** One application received by the host: the student, the motivation, the answer, the history. */
export function ApplicationPage() {
  const { id = '' } = useParams();
  return (
    <HostFrame title="Candidature" crumb="Une candidature" ownHeading>
      {({ csrf }) => <Application id={id} csrf={csrf} />}
    </HostFrame>
  );
}

const MESSAGE_ID = 'message-eleve';
const REASON_ID = 'motif-annulation';

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} ko`
    : `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

function Application({ id, csrf }: { id: string; csrf: string }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const back = (location.state as { search?: unknown } | null)?.search;
  const backTo =
    typeof back === 'string' && back !== ''
      ? `${HOST_APPLICATIONS_PATHS.list}?${back}`
      : HOST_APPLICATIONS_PATHS.list;
  const one = useHostApplication(id);
  const offers = useMyOffers();
  const campaign: CampaignWeek[] = offers.data?.campaign.weeks ?? [];
  const key = [...HOST_APPLICATIONS_KEY, 'one', id];

  const [message, setMessage] = useState('');
  const [messageError, setMessageError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const updated = (next: HostApplication, text: string) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: [...HOST_APPLICATIONS_KEY, 'list'] });
    setDone(text);
    requestAnimationFrame(() => doneRef.current?.focus());
  };

  const decide = useMutation({
    mutationFn: (decision: 'accept' | 'refuse') =>
      sendJson<HostApplication>('POST', `/api/applications/${encodeURIComponent(id)}/decision`, csrf, {
        decision,
        ...(message.trim() ? { message: message.trim() } : {}),
      }),
    onSuccess: (next, decision) => {
      setMessage('');
      updated(
        next,
        decision === 'accept'
          ? `Candidature acceptée : l’élève est prévenu par courriel. ${confirmByText(next) ?? ''}`
          : 'Candidature refusée : l’élève est prévenu par courriel, avec votre message.',
      );
    },
    onError: (error) => {
      const field = error instanceof ApiError ? error.errors.find((e) => e.field === 'message') : undefined;
      if (field) {
        setMessageError(field.message);
        requestAnimationFrame(() => document.getElementById(MESSAGE_ID)?.focus());
      } else requestAnimationFrame(() => errorRef.current?.focus());
    },
  });

  const cancel = useMutation({
    mutationFn: () =>
      sendJson<HostApplication>('POST', `/api/applications/${encodeURIComponent(id)}/cancel`, csrf, {
        reason: reason.trim(),
      }),
    onSuccess: (next) => {
      cancelModal.close();
      setReason('');
      updated(
        next,
        'Stage annulé : l’élève est prévenu par courriel avec votre motif, et la place est libérée.',
      );
    },
    onError: (error) => {
      const field = error instanceof ApiError ? error.errors.find((e) => e.field === 'reason') : undefined;
      setReasonError(field ? field.message : error.message);
      requestAnimationFrame(() => document.getElementById(REASON_ID)?.focus());
    },
  });

  const a = one.data;
  useDocumentTitle(a ? `Candidature de ${studentName(a)}` : 'Candidature');

  if (one.isPending)
    return (
      <>
        <h1>Candidature</h1>
        <p role="status">Chargement de la candidature…</p>
      </>
    );
  if (one.isError)
    return (
      <>
        <h1>Candidature</h1>
        <Alert
          severity="error"
          role="alert"
          title="Candidature introuvable"
          description={one.error.message}
          className="fr-mb-3w"
        />
        <Link to={HOST_APPLICATIONS_PATHS.list} className="fr-link">
          Retour aux candidatures reçues
        </Link>
      </>
    );

  const now = new Date();
  const state = currentState(a!, now);
  const can = hostActions(state);
  const name = studentName(a!);
  const wasPlaced = state === 'confirmed' || state === 'split_pending';

  const submitDecision = (decision: 'accept' | 'refuse') => {
    setDone(null);
    decide.reset();
    setMessageError(null);
    if (decision === 'refuse' && message.trim() === '') {
      setMessageError('Indiquez un message à l’élève pour expliquer le refus.');
      requestAnimationFrame(() => document.getElementById(MESSAGE_ID)?.focus());
      return;
    }
    decide.mutate(decision);
  };

  const submitCancel = () => {
    if (cancel.isPending) return;
    setReasonError(null);
    if (reason.trim() === '') {
      setReasonError('Indiquez le motif de l’annulation : il est communiqué à l’élève.');
      requestAnimationFrame(() => document.getElementById(REASON_ID)?.focus());
      return;
    }
    cancel.mutate();
  };

  return (
    <>
      <h1>Candidature de {name}</h1>
      <p>
        <Badge as="span" noIcon {...(stateSeverity(state) ? { severity: stateSeverity(state) } : {})}>
          {stateLabel(state)}
        </Badge>
        {state === 'pending' && (
          <span className={`fr-ml-2w${expiresSoon(a!.expiresAt, now) ? ' sts-inbox__soon' : ''}`}>
            {expiryText(a!.expiresAt, now)} ({formatDateTime(a!.expiresAt)})
          </span>
        )}
      </p>
      {a!.readAt && (
        <p className="fr-text--sm" data-testid="read-receipt">
          Ouverte pour la première fois par votre organisme le {formatDateTime(a!.readAt)} : l’élève voit que
          sa candidature a été lue.
        </p>
      )}

      <div ref={doneRef} tabIndex={-1} aria-live="polite" className="sts-focus-target">
        {done && <Alert severity="success" className="fr-mb-3w" small description={done} />}
      </div>
      {state === 'accepted' && !done && (
        <Alert severity="info" small className="fr-mb-3w" description={confirmByText(a!) ?? ''} />
      )}

      <h2 className="fr-h4">L’élève et sa demande</h2>
      <dl className="sts-facts">
        <dt>Élève</dt>
        <dd>{name}</dd>
        <dt>Lycée</dt>
        <dd>{a!.student.schoolName}</dd>
        <dt>Classe</dt>
        <dd>Seconde générale et technologique</dd>
        <dt>Offre</dt>
        <dd>
          {a!.offer.title}{' '}
          <Link to={offerApplicationsPath(a!.offer.id)} className="fr-link fr-link--sm">
            Toutes les candidatures à cette offre
          </Link>
        </dd>
        <dt>Semaine demandée</dt>
        <dd>{weeksText(a!.weeks, campaign)}</dd>
        <dt>Reçue le</dt>
        <dd>{formatDateTime(a!.appliedAt)}</dd>
        <dt>CV</dt>
        <dd>
          {a!.cv ? (
            <a
              className="fr-link fr-link--download"
              href={`/api/files/${encodeURIComponent(a!.cv.id)}`}
              download
            >
              Télécharger le CV de {name}
              <span className="fr-link__detail">PDF – {sizeText(a!.cv.size)}</span>
            </a>
          ) : (
            'Pas de CV joint'
          )}
        </dd>
      </dl>

      <h3 className="fr-h5">Motivation</h3>
      <p className="sts-motivation">{a!.motivation}</p>

      {can.decide && (
        <form
          className="sts-inbox__bulk fr-p-3w fr-mb-4w"
          aria-labelledby="votre-reponse"
          noValidate
          onSubmit={(e) => e.preventDefault()}
        >
          <h2 id="votre-reponse" className="fr-h4">
            Votre réponse
          </h2>
          <Input
            textArea
            label="Message à l’élève"
            hintText="Obligatoire pour un refus. Facultatif pour une acceptation : par exemple l’heure et le lieu du premier jour."
            state={messageError ? 'error' : 'default'}
            stateRelatedMessage={messageError ?? undefined}
            nativeTextAreaProps={{
              id: MESSAGE_ID,
              value: message,
              maxLength: 1500,
              rows: 4,
              onChange: (e) => {
                setMessage(e.target.value);
                setMessageError(null);
              },
            }}
          />
          <div ref={errorRef} tabIndex={-1} className="sts-focus-target">
            {decide.isError && !messageError && (
              <Alert
                severity="error"
                small
                role="alert"
                className="fr-mb-2w"
                description={decide.error.message}
              />
            )}
          </div>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button
                type="button"
                iconId="fr-icon-check-line"
                iconPosition="left"
                disabled={decide.isPending}
                onClick={() => submitDecision('accept')}
              >
                Accepter
              </Button>
            </li>
            <li>
              <Button
                type="button"
                priority="secondary"
                iconId="fr-icon-close-line"
                iconPosition="left"
                disabled={decide.isPending}
                onClick={() => submitDecision('refuse')}
              >
                Refuser
              </Button>
            </li>
          </ul>
          {decide.isPending && <p role="status">Envoi de votre réponse…</p>}
        </form>
      )}

      {can.cancel && (
        <section className="fr-mb-4w" aria-labelledby="annuler">
          <h2 id="annuler" className="fr-h4">
            Un empêchement ?
          </h2>
          <p>
            {wasPlaced
              ? 'Si vous ne pouvez plus accueillir l’élève, annulez le stage : l’élève et son lycée sont prévenus, la place est libérée.'
              : 'Si vous ne pouvez plus accueillir l’élève, annulez votre acceptation : l’élève est prévenu.'}
          </p>
          <Button
            type="button"
            priority="tertiary"
            iconId="fr-icon-close-circle-line"
            iconPosition="left"
            onClick={() => {
              cancel.reset();
              setReasonError(null);
              cancelModal.open();
            }}
          >
            Annuler le stage
          </Button>
        </section>
      )}

      <h2 className="fr-h4">Historique</h2>
      <ol className="fr-raw-list sts-history">
        {historyOf(a!, now).map((h, i) => (
          <li key={i}>
            <strong>{formatDateTime(h.at)}</strong> : {h.text}
            {h.detail && <span className="sts-block fr-text--sm fr-mb-0">{h.detail}</span>}
          </li>
        ))}
      </ol>

      <p className="fr-mt-4w">
        <Link to={backTo} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Retour aux candidatures reçues
        </Link>
      </p>

      <cancelModal.Component
        title={`Annuler le stage de ${name} ?`}
        titleAs="h2"
        buttons={[
          { children: 'Ne pas annuler', priority: 'secondary' },
          {
            children: cancel.isPending ? 'Annulation…' : 'Confirmer l’annulation',
            doClosesModal: false,
            onClick: submitCancel,
          },
        ]}
      >
        <p>
          {wasPlaced
            ? `${name} a confirmé ce stage. En l’annulant, vous libérez sa place : l’élève est prévenu par courriel avec votre motif, et le chef d’établissement de son lycée aussi, pour l’aider à retrouver un stage.`
            : `${name} n’a pas encore confirmé. En annulant votre acceptation, l’élève est prévenu par courriel avec votre motif.`}
        </p>
        <Input
          textArea
          label="Motif de l’annulation"
          hintText="Communiqué à l’élève."
          state={reasonError ? 'error' : 'default'}
          stateRelatedMessage={reasonError ?? undefined}
          nativeTextAreaProps={{
            id: REASON_ID,
            value: reason,
            maxLength: 1500,
            rows: 3,
            onChange: (e) => {
              setReason(e.target.value);
              setReasonError(null);
            },
          }}
        />
      </cancelModal.Component>
    </>
  );
}
