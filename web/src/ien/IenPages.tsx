/**
 * The IEN's validation of the écoles' offers (DOMAIN.md §3, école channel): the queue of the
 * circonscription, oldest first, each offer readable in full, published or returned to the école
 * with a reason.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { ApiError, getJson } from '../lib/api.ts';
import { focusPageHeading } from '../lib/focus.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession, type SignedInSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { useNotify } from '../layout/notice.ts';
import { writeJson } from '../school/http.ts';
import { OfferDetails, STATUS_LABELS, type OfferDetail } from './OfferDetails.tsx';
import { isLongWait, RETURN_REASON_MAX, returnReasonIssue, waitingSince } from './waiting.ts';

export const IEN_PATHS = {
  queue: '/validation-des-offres',
  offer: '/validation-des-offres/:id',
} as const;

const offerPath = (id: string) => `${IEN_PATHS.queue}/${id}`;
const QUEUE_KEY = [...ACCOUNT_KEY, 'ien', 'queue'] as const;
const offerKey = (id: string) => [...ACCOUNT_KEY, 'ien', 'offer', id] as const;

/** GET /api/ien/queue */
interface QueueItem {
  id: string;
  title: string;
  status: string;
  communeName: string | null;
  weeks: { week: number; places: number }[];
  submittedAt: string | null;
  schoolName: string;
}

/** Checks that the visitor is an IEN; otherwise says why the page is not theirs. */
function IenFrame({
  title,
  crumbs = [],
  children,
}: {
  title: string;
  crumbs?: { label: string; to: string }[];
  children: (session: SignedInSession) => ReactNode;
}) {
  useDocumentTitle(title);
  const session = useSession();
  let body: ReactNode;
  if (session.isPending) body = <p role="status">Chargement…</p>;
  else if (session.isError)
    body = (
      <Alert severity="error" title="La page n’a pas pu être chargée" description={session.error.message} />
    );
  else if (!session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  else if (session.data.role !== 'ien')
    body = (
      <Alert
        severity="info"
        title="Page réservée aux inspecteurs de l’Éducation nationale"
        description="La validation des offres des écoles revient à l’IEN de leur circonscription."
      />
    );
  else body = children(session.data);
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel={title}
        homeLinkProps={{ to: PATHS.home }}
        segments={crumbs.map((c) => ({ label: c.label, linkProps: { to: c.to } }))}
      />
      <h1>{title}</h1>
      {body}
    </div>
  );
}

function places(weeks: QueueItem['weeks']): string {
  if (weeks.length === 0) return 'aucune place indiquée';
  return weeks.map((w) => `semaine ${w.week} : ${w.places} place${w.places > 1 ? 's' : ''}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// the actions: publish, or return with a reason

type Decision = 'validate' | 'return';

/** Publishes the offer or returns it to the école; tells the page what happened. */
function useDecision(
  session: SignedInSession,
  offer: { id: string; title: string },
  onDone: (text: string) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ event, reason }: { event: Decision; reason?: string }) =>
      writeJson<OfferDetail>(
        'POST',
        `/api/offers/${offer.id}/events/${event}`,
        session.csrfToken,
        event === 'return' ? { reason } : {},
      ),
    onSuccess: async (_data, { event }) => {
      await queryClient.invalidateQueries({ queryKey: QUEUE_KEY });
      queryClient.removeQueries({ queryKey: offerKey(offer.id) });
      onDone(
        event === 'validate'
          ? `L’offre « ${offer.title} » est publiée : les élèves peuvent la trouver.`
          : `L’offre « ${offer.title} » est renvoyée à l’école avec votre motif.`,
      );
    },
  });
}

function ReviewActions({
  session,
  offer,
  onDone,
}: {
  session: SignedInSession;
  offer: { id: string; title: string };
  onDone: (text: string) => void;
}) {
  const decide = useDecision(session, offer, onDone);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [issue, setIssue] = useState<string | null>(null);
  const textAreaRef = useRef<HTMLTextAreaElement>(null);
  const returnButtonRef = useRef<HTMLButtonElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // the focus follows the disclosure: into the reason when it opens, back to its button on cancel
  const opened = useRef(false);
  useEffect(() => {
    if (returning) textAreaRef.current?.focus();
    else if (opened.current) returnButtonRef.current?.focus();
    opened.current = returning;
  }, [returning]);
  useEffect(() => {
    if (decide.isError) errorRef.current?.focus();
  }, [decide.isError]);

  const submitReturn = (e: FormEvent) => {
    e.preventDefault();
    const problem = returnReasonIssue(reason);
    setIssue(problem);
    if (problem) {
      textAreaRef.current?.focus();
      return;
    }
    decide.mutate({ event: 'return', reason: reason.trim() });
  };

  const cancelReturn = () => {
    setReturning(false);
    setIssue(null);
    decide.reset();
  };

  const serverFieldError =
    decide.error instanceof ApiError
      ? decide.error.errors.find((e) => e.field === 'reason')?.message
      : undefined;

  return (
    <div className="fr-mt-2w">
      {decide.isError && (
        <div ref={errorRef} tabIndex={-1} className="fr-mb-2w">
          <Alert severity="error" small description={decide.error.message} />
        </div>
      )}
      {!returning ? (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
          <li>
            <Button
              iconId="fr-icon-check-line"
              disabled={decide.isPending}
              onClick={() => decide.mutate({ event: 'validate' })}
            >
              Publier<span className="fr-sr-only"> l’offre « {offer.title} »</span>
            </Button>
          </li>
          <li>
            <Button
              priority="secondary"
              iconId="fr-icon-arrow-go-back-line"
              disabled={decide.isPending}
              onClick={() => setReturning(true)}
              ref={returnButtonRef}
            >
              Renvoyer à l’école<span className="fr-sr-only"> l’offre « {offer.title} »</span>
            </Button>
          </li>
        </ul>
      ) : (
        <form
          onSubmit={submitReturn}
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancelReturn();
          }}
          noValidate
          aria-label={`Renvoyer l’offre « ${offer.title} » à l’école`}
        >
          <Input
            label="Motif du renvoi"
            hintText={`Communiqué au directeur de l’école pour qu’il corrige l’offre (10 à ${RETURN_REASON_MAX} caractères).`}
            textArea
            state={issue || serverFieldError ? 'error' : 'default'}
            stateRelatedMessage={issue ?? serverFieldError}
            nativeTextAreaProps={{
              ref: textAreaRef,
              value: reason,
              rows: 3,
              maxLength: RETURN_REASON_MAX,
              required: true,
              onChange: (e) => {
                setReason(e.target.value);
                if (issue) setIssue(returnReasonIssue(e.target.value));
              },
            }}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
            <li>
              <Button type="submit" disabled={decide.isPending}>
                Renvoyer l’offre
              </Button>
            </li>
            <li>
              <Button priority="tertiary" type="button" onClick={cancelReturn}>
                Annuler
              </Button>
            </li>
          </ul>
        </form>
      )}
      {decide.isPending && (
        <p role="status" className="fr-text--sm">
          Enregistrement…
        </p>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// the queue

export function IenQueuePage() {
  return <IenFrame title="Offres à valider">{(session) => <Queue session={session} />}</IenFrame>;
}

function Queue({ session }: { session: SignedInSession }) {
  const notify = useNotify();
  const { pathname } = useLocation();
  const query = useQuery({
    queryKey: QUEUE_KEY,
    queryFn: ({ signal }) => getJson<{ items: QueueItem[] }>('/api/ien/queue', signal),
  });
  const now = new Date();
  const done = (text: string) => {
    notify({ severity: 'success', text, path: pathname });
    focusPageHeading();
  };

  if (query.isPending) return <p role="status">Chargement des offres à valider…</p>;
  if (query.isError)
    return (
      <Alert
        severity="error"
        title="Les offres n’ont pas pu être chargées"
        description={query.error.message}
      />
    );
  const items = query.data.items;
  return (
    <>
      <p>
        {session.scopeLabel ? `${session.scopeLabel} : l` : 'L'}es offres que les directeurs d’école vous ont
        soumises, les plus anciennes d’abord. Publiez-les, ou renvoyez-les à l’école avec un motif pour
        qu’elle les corrige.
      </p>
      {items.length === 0 ? (
        <Alert
          severity="info"
          title="Aucune offre n’attend votre validation"
          description="Les offres que les écoles de votre circonscription vous soumettront apparaîtront ici."
        />
      ) : (
        <>
          <p role="status">
            {items.length} offre{items.length > 1 ? 's attendent' : ' attend'} votre validation.
          </p>
          <ol className="sts-ien-queue" style={{ listStyle: 'none', paddingLeft: 0 }}>
            {items.map((item) => (
              <li key={item.id} className="fr-card fr-p-3w fr-mb-3w" style={{ display: 'block' }}>
                <h2 className="fr-h4 fr-mb-1w">
                  <Link to={offerPath(item.id)}>{item.title}</Link>
                </h2>
                <p className="fr-mb-1w">
                  <strong>{item.schoolName}</strong>
                  {item.communeName ? ` — ${item.communeName}` : ''}
                </p>
                {item.submittedAt && (
                  <p className="fr-mb-1w">
                    Soumise le {formatDateTime(item.submittedAt)}, en attente{' '}
                    {waitingSince(item.submittedAt, now)}{' '}
                    {isLongWait(item.submittedAt, now) && (
                      <Badge small severity="warning">
                        Attente longue
                      </Badge>
                    )}
                  </p>
                )}
                <p className="fr-text--sm fr-mb-1w">Places : {places(item.weeks)}.</p>
                <p className="fr-mb-1w">
                  <Link
                    to={offerPath(item.id)}
                    className="fr-link fr-icon-arrow-right-line fr-link--icon-right"
                  >
                    Lire toute l’offre<span className="fr-sr-only"> « {item.title} »</span>
                  </Link>
                </p>
                <ReviewActions session={session} offer={item} onDone={done} />
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// one offer, in full

export function IenOfferPage() {
  const { id = '' } = useParams();
  return (
    <IenFrame title="Offre à valider" crumbs={[{ label: 'Offres à valider', to: IEN_PATHS.queue }]}>
      {(session) => <OfferReview session={session} id={id} />}
    </IenFrame>
  );
}

function OfferReview({ session, id }: { session: SignedInSession; id: string }) {
  const notify = useNotify();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: offerKey(id),
    queryFn: ({ signal }) => getJson<OfferDetail>(`/api/offers/${encodeURIComponent(id)}`, signal),
    retry: (count, error) =>
      !(error instanceof ApiError && error.status !== null && error.status < 500) && count < 2,
  });
  if (query.isPending) return <p role="status">Chargement de l’offre…</p>;
  if (query.isError)
    return (
      <>
        <Alert severity="error" title="L’offre n’a pas pu être chargée" description={query.error.message} />
        <p className="fr-mt-2w">
          <Link to={IEN_PATHS.queue}>Retour aux offres à valider</Link>
        </p>
      </>
    );
  const offer = query.data;
  return (
    <>
      <h2>{offer.title}</h2>
      {offer.status === 'submitted' ? (
        <section aria-labelledby="decision" className="fr-mb-4w">
          <h3 id="decision" className="fr-h5 fr-mb-1w">
            Votre décision
          </h3>
          <ReviewActions
            session={session}
            offer={offer}
            onDone={(text) => {
              notify({ severity: 'success', text, path: IEN_PATHS.queue });
              void navigate(IEN_PATHS.queue);
            }}
          />
        </section>
      ) : (
        <Alert
          className="fr-mb-4w"
          severity="info"
          small
          description={`Cette offre n’attend pas votre validation (état : ${STATUS_LABELS[offer.status].toLowerCase()}${offer.status === 'draft' && offer.statusReason ? `, renvoyée à l’école : « ${offer.statusReason} »` : ''}).`}
        />
      )}
      <OfferDetails offer={offer} headingLevel={3} />
      <p className="fr-mt-4w">
        <Link to={IEN_PATHS.queue}>Retour aux offres à valider</Link>
      </p>
    </>
  );
}
