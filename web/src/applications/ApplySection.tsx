import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons.js';
import { MOTIVATION_MAX } from '../../../src/domain/application.ts';
import { PdfUpload } from '../components/PdfUpload.tsx';
import { ApiError } from '../lib/api.ts';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { usePublicStats } from '../lib/publicStats.ts';
import { useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import './applications.css';
import { applyToOffer, APPLICATIONS_PATHS, MY_APPLICATIONS_KEY, useMyApplications } from './api.ts';
import {
  coveredWeeks,
  liveApplicationTo,
  motivationError,
  motivationLength,
  stateBadge,
  weekChoices,
  weeksText,
  type MyApplication,
  type WeekChoiceValue,
} from './logic.ts';

/** What the offer page needs of the offer. */
export interface ApplyOffer {
  id: string;
  title: string;
  status: string;
  weeks: { week: number; places: number; left: number }[];
}

const TITLE_ID = 'postuler-titre';

/**
 * « Postuler » on an offer's page: the form for a signed-in student (weeks, motivation, CV), the
 * state of their application when they already applied, an invitation to sign in for a visitor;
 * nothing for the other roles.
 */
export function ApplySection({ offer }: { offer: ApplyOffer }) {
  const session = useSession();
  if (!session.data) return null;
  if (!session.data.authenticated)
    return (
      <section aria-labelledby={TITLE_ID} className="fr-mt-4w sts-apply">
        <h2 id={TITLE_ID}>Postuler</h2>
        <p>Les élèves de seconde postulent avec leur compte.</p>
        <Link
          className="fr-btn fr-icon-account-circle-line fr-btn--icon-left"
          to={`${PATHS.signIn}?next=${encodeURIComponent(`/offres/${offer.id}`)}`}
        >
          Connectez-vous pour postuler
        </Link>
      </section>
    );
  if (session.data.role !== 'student') return null;
  return (
    <section aria-labelledby={TITLE_ID} className="fr-mt-4w sts-apply">
      <h2 id={TITLE_ID}>Postuler</h2>
      <StudentApply offer={offer} />
    </section>
  );
}

function StudentApply({ offer }: { offer: ApplyOffer }) {
  const mine = useMyApplications();
  const [sent, setSent] = useState<MyApplication | null>(null);
  if (mine.isPending) return <p role="status">Chargement de vos candidatures…</p>;
  if (mine.isError)
    return (
      <Alert
        severity="error"
        role="alert"
        title="Vos candidatures n’ont pas pu être chargées"
        description={mine.error.message}
      />
    );
  const live = sent ?? liveApplicationTo(mine.data.items, offer.id);
  if (live) return <ApplicationState application={live} justSent={sent !== null} />;
  if (offer.status !== 'published' && offer.status !== 'full') return null;
  return <ApplyForm offer={offer} covered={coveredWeeks(mine.data.placement)} onSent={(a) => setSent(a)} />;
}

/** The student's live application to this offer, instead of the form. */
function ApplicationState({ application: a, justSent }: { application: MyApplication; justSent: boolean }) {
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (justSent) noticeRef.current?.focus();
  }, [justSent]);
  const badge = stateBadge(a, new Date());
  return (
    <div ref={noticeRef} tabIndex={-1} data-testid="apply-state">
      {justSent ? (
        <Alert
          severity="success"
          role="status"
          title="Candidature envoyée"
          description={
            <>
              L’organisme a reçu votre candidature pour {weeksText(a.weeks)}. Il a jusqu’au{' '}
              {formatDateTime(a.expiresAt)} pour vous répondre ; vous serez prévenu par courriel. Suivez-la
              dans <Link to={APPLICATIONS_PATHS.mine}>Mes candidatures</Link>.
            </>
          }
        />
      ) : (
        <>
          <p className="fr-mb-1w">
            Vous avez déjà postulé à cette offre pour {weeksText(a.weeks)}, le {formatDateTime(a.appliedAt)}.
          </p>
          <p className="fr-mb-1w">
            État :{' '}
            <Badge as="span" small noIcon {...(badge.severity ? { severity: badge.severity } : {})}>
              {badge.label}
            </Badge>
          </p>
          {a.status === 'accepted' && a.confirmBy && (
            <p className="fr-mb-1w">Confirmez ce stage avant le {formatDateTime(a.confirmBy)}.</p>
          )}
          <p>
            <Link to={APPLICATIONS_PATHS.mine}>Voir et gérer mes candidatures</Link>
          </p>
        </>
      )}
    </div>
  );
}

const FIELD_IDS = { weeks: 'postuler-semaines', motivation: 'postuler-motivation' } as const;
type Field = keyof typeof FIELD_IDS;

function ApplyForm({
  offer,
  covered,
  onSent,
}: {
  offer: ApplyOffer;
  covered: number[];
  onSent: (a: MyApplication) => void;
}) {
  const queryClient = useQueryClient();
  const stats = usePublicStats();
  const campaignWeeks = stats.data?.campaign?.weeks ?? [];
  const choices = weekChoices(offer.weeks, covered, campaignWeeks);
  const open = choices.filter((c) => c.disabledWhy === null);
  const [choice, setChoice] = useState<WeekChoiceValue | null>(open.length === 1 ? open[0]!.value : null);
  const [motivation, setMotivation] = useState('');
  const [cvFileId, setCvFileId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const counterId = `postuler-compteur-${uid}`;
  const length = motivationLength(motivation);
  const spoken = useDebounced(length, 1000);

  /** the field of an error: the first week that can be chosen, or the motivation */
  const focusField = (f: Field) => {
    const el =
      f === 'weeks'
        ? document.querySelector<HTMLInputElement>(`#${FIELD_IDS.weeks} input[type="radio"]:not(:disabled)`)
        : document.getElementById(FIELD_IDS.motivation);
    el?.focus();
  };

  const showErrors = (next: Partial<Record<Field, string>>, other: string | null) => {
    setErrors(next);
    setFailure(other);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const apply = useMutation({
    mutationFn: () => {
      const weeks = choices.find((c) => c.value === choice)?.weeks ?? [];
      return applyToOffer(offer.id, {
        weeks,
        motivation,
        ...(cvFileId ? { cvFileId } : {}),
      });
    },
    onSuccess: async (a) => {
      onSent(a);
      await queryClient.invalidateQueries({ queryKey: MY_APPLICATIONS_KEY });
    },
    onError: (error) => {
      const next: Partial<Record<Field, string>> = {};
      if (error instanceof ApiError)
        for (const e of error.errors)
          if (e.field === 'weeks' || e.field === 'motivation')
            next[e.field] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
      showErrors(next, Object.keys(next).length > 0 ? null : error.message);
    },
  });

  if (open.length === 0)
    return (
      <Alert
        severity="info"
        small
        description={
          covered.length === 2
            ? 'Vos deux semaines sont déjà couvertes par un stage.'
            : 'Aucune semaine de cette offre n’est ouverte pour vous : elles sont complètes ou déjà couvertes par un stage.'
        }
      />
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (apply.isPending) return;
    const next: Partial<Record<Field, string>> = {};
    if (!choice) next.weeks = 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.';
    const m = motivationError(motivation);
    if (m) next.motivation = m;
    if (Object.keys(next).length > 0) {
      showErrors(next, null);
      return;
    }
    setErrors({});
    setFailure(null);
    apply.mutate();
  };

  const listed = (Object.keys(FIELD_IDS) as Field[]).filter((f) => errors[f]);
  return (
    <form onSubmit={submit} noValidate aria-labelledby={TITLE_ID} data-testid="apply-form">
      <div ref={summaryRef} tabIndex={-1} className="sts-apply__summary">
        {(listed.length > 0 || failure) && (
          <Alert
            severity="error"
            role="alert"
            className="fr-mb-3w"
            title="Votre candidature n’est pas envoyée"
            description={
              failure ?? (
                <ul>
                  {listed.map((f) => (
                    <li key={f}>
                      <a
                        href={`#${FIELD_IDS[f]}`}
                        onClick={(ev) => {
                          ev.preventDefault();
                          focusField(f);
                        }}
                      >
                        {errors[f]}
                      </a>
                    </li>
                  ))}
                </ul>
              )
            }
          />
        )}
      </div>
      <p className="fr-text--sm">Tous les champs sont obligatoires, sauf le CV.</p>
      <RadioButtons
        legend="Semaine(s) de stage"
        hintText="Une candidature pour les deux semaines prend une place dans chacune."
        id={FIELD_IDS.weeks}
        name="postuler-semaines"
        state={errors.weeks ? 'error' : 'default'}
        stateRelatedMessage={errors.weeks}
        options={choices.map((c) => ({
          label: c.label,
          ...(c.disabledWhy ? { hintText: `Indisponible : ${c.disabledWhy}` } : {}),
          nativeInputProps: {
            value: c.value,
            checked: choice === c.value,
            disabled: c.disabledWhy !== null,
            onChange: () => {
              setChoice(c.value);
              setErrors(({ weeks: _gone, ...rest }) => rest);
            },
          },
        }))}
      />
      <Input
        textArea
        label="Votre motivation"
        hintText="Quelques lignes pour l’organisme : ce qui vous attire dans ce métier ou ce lieu, ce que vous aimeriez observer."
        state={errors.motivation ? 'error' : 'default'}
        stateRelatedMessage={errors.motivation}
        nativeTextAreaProps={{
          id: FIELD_IDS.motivation,
          name: 'motivation',
          rows: 6,
          value: motivation,
          'aria-describedby': counterId,
          onChange: (e) => {
            setMotivation(e.target.value);
            setErrors(({ motivation: _gone, ...rest }) => rest);
          },
        }}
      />
      <p
        id={counterId}
        className={`fr-text--sm sts-apply__counter${length > MOTIVATION_MAX ? ' sts-apply__counter--over' : ''}`}
        data-testid="motivation-counter"
      >
        {formatInteger(length)} / {formatInteger(MOTIVATION_MAX)} caractères
        {length > MOTIVATION_MAX && ` : ${formatInteger(length - MOTIVATION_MAX)} de trop`}
      </p>
      <p className="fr-sr-only" aria-live="polite">
        {spoken > 0 &&
          (spoken > MOTIVATION_MAX
            ? `${formatInteger(spoken - MOTIVATION_MAX)} caractères de trop`
            : `${formatInteger(MOTIVATION_MAX - spoken)} caractères restants`)}
      </p>
      <PdfUpload
        label="Votre CV (facultatif)"
        purpose="cv"
        hint="PDF, 2 Mo au plus. Il est transmis à l’organisme avec votre candidature."
        onUploaded={(f) => setCvFileId(f.id)}
        onCleared={() => setCvFileId(null)}
      />
      <Button type="submit" iconId="fr-icon-send-plane-line" iconPosition="right" disabled={apply.isPending}>
        {apply.isPending ? 'Envoi de la candidature…' : 'Envoyer ma candidature'}
      </Button>
    </form>
  );
}

/** The value, once it has not changed for `ms` milliseconds (what a screen reader is told). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}
