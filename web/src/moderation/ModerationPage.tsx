/**
 * Moderation of flagged offers (admin, rectorat): open flags grouped by offer, oldest first, to
 * unpublish with a message to the host or to dismiss; resolved flags in a second view.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
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
import { decisionOf, FLAG_REASON_SHORT, groupByOffer, type Flag, type FlaggedOffer } from './flags.ts';

export const MODERATION_PATH = '/moderation';
/** The public page of an offer (web/src/offers/OfferPage.tsx). */
const offerPagePath = (id: string) => `/offres/${id}`;
const FLAGS_KEY = [...ACCOUNT_KEY, 'moderation', 'flags'] as const;
const MESSAGE_MAX = 2000;

const OFFER_STATUS: Record<string, string> = {
  draft: 'Brouillon',
  submitted: 'Soumise à l’IEN',
  published: 'Publiée',
  full: 'Complète',
  unpublished: 'Dépubliée',
  archived: 'Archivée',
};

type View = 'open' | 'resolved';

export function ModerationPage() {
  const title = 'Modération des offres';
  useDocumentTitle(title);
  const session = useSession();
  let body: ReactNode;
  if (session.isPending) body = <p role="status">Chargement…</p>;
  else if (session.isError)
    body = (
      <Alert severity="error" title="La page n’a pas pu être chargée" description={session.error.message} />
    );
  else if (!session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  else if (session.data.role !== 'admin' && session.data.role !== 'rectorat')
    body = (
      <Alert
        severity="info"
        title="Page réservée à la modération"
        description="Les signalements d’offres sont traités par les administrateurs de la plateforme et le rectorat."
      />
    );
  else body = <Moderation session={session.data} />;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb currentPageLabel={title} homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>{title}</h1>
      {body}
    </div>
  );
}

function Moderation({ session }: { session: SignedInSession }) {
  const [params] = useSearchParams();
  const view: View = params.get('vue') === 'traites' ? 'resolved' : 'open';
  const views: { view: View; label: string; to: string }[] = [
    { view: 'open', label: 'À traiter', to: MODERATION_PATH },
    { view: 'resolved', label: 'Traités', to: `${MODERATION_PATH}?vue=traites` },
  ];
  return (
    <>
      <p>
        Toute personne peut signaler une offre depuis sa page. Vérifiez l’offre, puis dépubliez-la en
        expliquant pourquoi à l’organisme (il reçoit votre message par courriel), ou classez le signalement
        sans suite.
        {session.role === 'rectorat' && ' Vous voyez les offres de votre académie.'}
      </p>
      <nav aria-label="Signalements" className="fr-mb-3w">
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
          {views.map((v) => (
            <li key={v.view}>
              <Link
                className={`fr-btn ${v.view === view ? '' : 'fr-btn--secondary'}`}
                to={v.to}
                aria-current={v.view === view ? 'page' : undefined}
              >
                {v.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === 'open' ? <OpenFlags session={session} /> : <ResolvedFlags />}
    </>
  );
}

function useFlags(view: View) {
  return useQuery({
    queryKey: [...FLAGS_KEY, view],
    queryFn: ({ signal }) =>
      getJson<{ items: Flag[] }>(
        `/api/moderation/flags${view === 'resolved' ? '?status=resolved' : ''}`,
        signal,
      ),
  });
}

// ---------------------------------------------------------------------------------------------
// open flags

function OpenFlags({ session }: { session: SignedInSession }) {
  const query = useFlags('open');
  const notify = useNotify();
  const { pathname } = useLocation();
  if (query.isPending) return <p role="status">Chargement des signalements…</p>;
  if (query.isError)
    return (
      <Alert
        severity="error"
        title="Les signalements n’ont pas pu être chargés"
        description={query.error.message}
      />
    );
  const groups = groupByOffer(query.data.items);
  if (groups.length === 0)
    return (
      <Alert
        severity="info"
        title="Aucun signalement à traiter"
        description="Les offres signalées par les visiteurs apparaîtront ici."
      />
    );
  const done = (text: string) => {
    notify({ severity: 'success', text, path: pathname });
    focusPageHeading();
  };
  return (
    <>
      <p role="status">
        {groups.length} offre{groups.length > 1 ? 's signalées' : ' signalée'}, {query.data.items.length}{' '}
        signalement{query.data.items.length > 1 ? 's' : ''} à traiter.
      </p>
      <ol style={{ listStyle: 'none', paddingLeft: 0 }}>
        {groups.map((g) => (
          <li key={g.offer.id} className="fr-card fr-p-3w fr-mb-3w" style={{ display: 'block' }}>
            <FlaggedOfferCard group={g} session={session} onDone={done} />
          </li>
        ))}
      </ol>
    </>
  );
}

function FlaggedOfferCard({
  group,
  session,
  onDone,
}: {
  group: FlaggedOffer;
  session: SignedInSession;
  onDone: (text: string) => void;
}) {
  const { offer, flags, reasons } = group;
  const queryClient = useQueryClient();
  const [unpublishing, setUnpublishing] = useState(false);
  const [message, setMessage] = useState('');
  const [issue, setIssue] = useState<string | null>(null);
  const textAreaRef = useRef<HTMLTextAreaElement>(null);
  const openButtonRef = useRef<HTMLButtonElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (unpublishing) textAreaRef.current?.focus();
    else if (opened.current) openButtonRef.current?.focus();
    opened.current = unpublishing;
  }, [unpublishing]);

  const resolve = useMutation({
    mutationFn: async (input: { action: 'unpublish'; message: string } | { action: 'dismiss' }) => {
      if (input.action === 'unpublish')
        // one flag is enough: the server closes every open flag of the offer
        return writeJson<{ offerStatus: string }>(
          'POST',
          `/api/moderation/flags/${flags[0]!.id}/resolve`,
          session.csrfToken,
          input,
        );
      let last: { offerStatus: string } | undefined;
      for (const f of flags)
        last = await writeJson<{ offerStatus: string }>(
          'POST',
          `/api/moderation/flags/${f.id}/resolve`,
          session.csrfToken,
          { action: 'dismiss' },
        );
      return last!;
    },
    onSuccess: async (_data, input) => {
      await queryClient.invalidateQueries({ queryKey: FLAGS_KEY });
      onDone(
        input.action === 'unpublish'
          ? `L’offre « ${offer.title} » est dépubliée ; l’organisme a été prévenu par courriel.`
          : `Signalement${flags.length > 1 ? 's' : ''} de l’offre « ${offer.title} » classé${flags.length > 1 ? 's' : ''} sans suite.`,
      );
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: FLAGS_KEY });
    },
  });
  useEffect(() => {
    if (resolve.isError) errorRef.current?.focus();
  }, [resolve.isError]);

  const submitUnpublish = (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    const problem =
      text === ''
        ? 'Écrivez le message à l’organisme : il doit savoir pourquoi son offre est retirée.'
        : text.length > MESSAGE_MAX
          ? `Le message est trop long : ${MESSAGE_MAX} caractères au plus.`
          : null;
    setIssue(problem);
    if (problem) {
      textAreaRef.current?.focus();
      return;
    }
    resolve.mutate({ action: 'unpublish', message: text });
  };
  const cancelUnpublish = () => {
    setUnpublishing(false);
    setIssue(null);
    resolve.reset();
  };
  const serverFieldError =
    resolve.error instanceof ApiError
      ? resolve.error.errors.find((e) => e.field === 'message')?.message
      : undefined;
  const visible = offer.status === 'published' || offer.status === 'full';

  return (
    <>
      <h2 className="fr-h4 fr-mb-1w">{offer.title}</h2>
      <p className="fr-mb-1w">
        {offer.hostName}{' '}
        <Badge small noIcon severity={visible ? 'info' : 'new'}>
          {OFFER_STATUS[offer.status] ?? offer.status}
        </Badge>
      </p>
      <p className="fr-mb-1w">
        <strong>
          {flags.length} signalement{flags.length > 1 ? 's' : ''}
        </strong>{' '}
        :{' '}
        {reasons.map((r) => `${FLAG_REASON_SHORT[r.reason]}${r.count > 1 ? ` (${r.count})` : ''}`).join(', ')}
      </p>
      <ul className="fr-mb-2w">
        {flags.map((f) => (
          <li key={f.id}>
            {FLAG_REASON_SHORT[f.reason]}, le {formatDateTime(f.createdAt)}
            {f.comment ? (
              <>
                {' '}
                : <q style={{ whiteSpace: 'pre-line' }}>{f.comment}</q>
              </>
            ) : (
              ' (sans commentaire)'
            )}
          </li>
        ))}
      </ul>
      <p className="fr-mb-2w">
        <Link to={offerPagePath(offer.id)} className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
          Voir l’offre<span className="fr-sr-only"> « {offer.title} »</span>
        </Link>
      </p>
      {resolve.isError && (
        <div ref={errorRef} tabIndex={-1} className="fr-mb-2w">
          <Alert severity="error" small description={resolve.error.message} />
        </div>
      )}
      {!unpublishing ? (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
          <li>
            <Button
              iconId="fr-icon-eye-off-line"
              disabled={resolve.isPending}
              onClick={() => setUnpublishing(true)}
              ref={openButtonRef}
            >
              {visible ? 'Dépublier et prévenir l’organisme' : 'Clore et prévenir l’organisme'}
              <span className="fr-sr-only"> (offre « {offer.title} »)</span>
            </Button>
          </li>
          <li>
            <Button
              priority="secondary"
              disabled={resolve.isPending}
              onClick={() => resolve.mutate({ action: 'dismiss' })}
            >
              Classer sans suite<span className="fr-sr-only"> (offre « {offer.title} »)</span>
            </Button>
          </li>
        </ul>
      ) : (
        <form
          onSubmit={submitUnpublish}
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancelUnpublish();
          }}
          noValidate
          aria-label={`Dépublier l’offre « ${offer.title} »`}
        >
          {!visible && (
            <p className="fr-text--sm">
              L’offre n’est déjà plus publiée : les signalements seront clos et l’organisme recevra votre
              message.
            </p>
          )}
          <Input
            label="Message à l’organisme"
            hintText={`Envoyé par courriel aux membres de ${offer.hostName} ; dites ce qui ne va pas et ce qu’il faut corriger (${MESSAGE_MAX} caractères au plus).`}
            textArea
            state={issue || serverFieldError ? 'error' : 'default'}
            stateRelatedMessage={issue ?? serverFieldError}
            nativeTextAreaProps={{
              ref: textAreaRef,
              value: message,
              rows: 4,
              maxLength: MESSAGE_MAX,
              required: true,
              onChange: (e) => {
                setMessage(e.target.value);
                if (issue) setIssue(e.target.value.trim() === '' ? issue : null);
              },
            }}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
            <li>
              <Button type="submit" disabled={resolve.isPending}>
                Dépublier et envoyer le message
              </Button>
            </li>
            <li>
              <Button priority="tertiary" type="button" onClick={cancelUnpublish}>
                Annuler
              </Button>
            </li>
          </ul>
        </form>
      )}
      {resolve.isPending && (
        <p role="status" className="fr-text--sm">
          Enregistrement…
        </p>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// resolved flags

function ResolvedFlags() {
  const query = useFlags('resolved');
  if (query.isPending) return <p role="status">Chargement des signalements traités…</p>;
  if (query.isError)
    return (
      <Alert
        severity="error"
        title="Les signalements n’ont pas pu être chargés"
        description={query.error.message}
      />
    );
  const items = query.data.items;
  if (items.length === 0)
    return (
      <Alert severity="info" title="Aucun signalement traité" description="Rien n’a encore été traité." />
    );
  return (
    <div className="fr-table">
      <table>
        <caption>Signalements traités, les plus récents d’abord</caption>
        <thead>
          <tr>
            <th scope="col">Offre</th>
            <th scope="col">Motif</th>
            <th scope="col">Signalé le</th>
            <th scope="col">Traité le</th>
            <th scope="col">Décision</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => {
            const d = decisionOf(f.resolution);
            return (
              <tr key={f.id}>
                <td>
                  <Link to={offerPagePath(f.offer.id)}>{f.offer.title}</Link>
                  <br />
                  <span className="fr-text--sm">{f.offer.hostName}</span>
                </td>
                <td>
                  {FLAG_REASON_SHORT[f.reason]}
                  {f.comment && (
                    <>
                      <br />
                      <q className="fr-text--sm" style={{ whiteSpace: 'pre-line' }}>
                        {f.comment}
                      </q>
                    </>
                  )}
                </td>
                <td>{formatDateTime(f.createdAt)}</td>
                <td>{f.resolvedAt ? formatDateTime(f.resolvedAt) : ''}</td>
                <td>
                  {d.label}
                  {d.message && (
                    <>
                      <br />
                      <span className="fr-text--sm" style={{ whiteSpace: 'pre-line' }}>
                        {d.message}
                      </span>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
