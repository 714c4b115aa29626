import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination.js';
import { getJson } from '../lib/api.ts';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

/** GET /api/outbox */
interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: 'pending' | 'sent' | 'failed';
  createdAt: string;
  sentAt: string | null;
}
interface OutboxPage {
  items: OutboxItem[];
  total: number;
  page: number;
  pageSize: number;
}
/** GET /api/outbox/:id */
interface Mail extends OutboxItem {
  text: string;
  html: string;
  attempts: number;
  lastError: string | null;
}

const STATUS: Record<OutboxItem['status'], { label: string; severity: 'info' | 'success' | 'error' }> = {
  pending: { label: 'En attente', severity: 'info' },
  sent: { label: 'Remis', severity: 'success' },
  failed: { label: 'Abandonné', severity: 'error' },
};

function StatusBadge({ status }: { status: OutboxItem['status'] }) {
  const s = STATUS[status];
  return (
    <Badge small noIcon severity={s.severity}>
      {s.label}
    </Badge>
  );
}

function Frame({
  title,
  children,
  crumbs = [],
}: {
  title: string;
  children: ReactNode;
  crumbs?: { label: string; to: string }[];
}) {
  return (
    <div className="fr-container fr-mb-8w">
      <Breadcrumb
        currentPageLabel={title}
        homeLinkProps={{ to: PATHS.home }}
        segments={crumbs.map((c) => ({ label: c.label, linkProps: { to: c.to } }))}
      />
      <h1>{title}</h1>
      {children}
    </div>
  );
}

/** Only the demo admin reads the outbox; others are sent to sign in or told it is not theirs. */
function useAdminGate(): ReactNode | null {
  const session = useSession();
  if (session.isPending) return <p role="status">Chargement…</p>;
  if (session.isError) return <Alert severity="error" small description={session.error.message} />;
  if (!session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  if (session.data.role !== 'admin') {
    return (
      <Alert
        severity="warning"
        title="Page réservée aux administrateurs"
        description="La boîte d’envoi de démonstration n’est lisible que par l’administrateur de la plateforme."
      />
    );
  }
  return null;
}

/**
 * The demo's outbox: in the embedded demonstration no mail leaves the platform, every mail it
 * would send (invitations, sign-in links…) lands here, so that a newcomer can follow the links.
 */
export function OutboxPage() {
  useDocumentTitle('Boîte d’envoi de démonstration');
  const gate = useAdminGate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const to = params.get('destinataire') ?? '';
  const [draft, setDraft] = useState(to);
  const query = useQuery({
    queryKey: [...ACCOUNT_KEY, 'outbox', page, to],
    queryFn: ({ signal }) =>
      getJson<OutboxPage>(`/api/outbox?page=${page}${to ? `&to=${encodeURIComponent(to)}` : ''}`, signal),
    enabled: gate === null,
    refetchInterval: 5_000,
  });
  if (gate) return <Frame title="Boîte d’envoi de démonstration">{gate}</Frame>;

  const onFilter = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.trim()) next.set('destinataire', draft.trim());
    setParams(next);
  };
  const pageCount = query.data ? Math.max(1, Math.ceil(query.data.total / query.data.pageSize)) : 1;

  return (
    <Frame title="Boîte d’envoi de démonstration">
      <p>
        En démonstration, la plateforme n’envoie aucun courriel : chaque message qu’elle enverrait
        (invitation, lien de connexion, vérification d’adresse…) arrive ici. Ouvrez-le pour suivre son lien.
        La liste se met à jour toute seule.
      </p>
      <form onSubmit={onFilter} className="fr-grid-row fr-grid-row--bottom fr-grid-row--gutters fr-mb-3w">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Destinataire"
            hintText="Adresse électronique, complète"
            nativeInputProps={{
              type: 'email',
              value: draft,
              onChange: (e) => setDraft(e.target.value),
              autoComplete: 'off',
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Button type="submit" priority="secondary" className="fr-mb-3w">
            Filtrer
          </Button>
        </div>
      </form>
      {query.isPending && <p role="status">Chargement des courriels…</p>}
      {query.isError && (
        <Alert
          severity="error"
          title="La boîte d’envoi n’a pas pu être lue"
          description={query.error.message}
        />
      )}
      {query.data && (
        <>
          <p role="status">
            {query.data.total === 0
              ? 'Aucun courriel.'
              : `${formatInteger(query.data.total)} courriel${query.data.total > 1 ? 's' : ''}, du plus récent au plus ancien.`}
          </p>
          {query.data.items.length > 0 && (
            <div className="fr-table fr-table--no-caption">
              <div className="fr-table__wrapper">
                <div className="fr-table__container">
                  <div className="fr-table__content">
                    <table>
                      <caption>Courriels de la boîte d’envoi</caption>
                      <thead>
                        <tr>
                          <th scope="col">Mis en file le</th>
                          <th scope="col">Destinataire</th>
                          <th scope="col">Objet</th>
                          <th scope="col">État</th>
                        </tr>
                      </thead>
                      <tbody>
                        {query.data.items.map((m) => (
                          <tr key={m.id}>
                            <td>{formatDateTime(m.createdAt)}</td>
                            <td>{m.to}</td>
                            <td>
                              <Link to={`${PATHS.outbox}/${m.id}`}>{m.subject}</Link>
                            </td>
                            <td>
                              <StatusBadge status={m.status} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
          )}
          {pageCount > 1 && (
            <Pagination
              count={pageCount}
              defaultPage={page}
              getPageLinkProps={(n) => ({
                to: `${PATHS.outbox}?page=${n}${to ? `&destinataire=${encodeURIComponent(to)}` : ''}`,
              })}
            />
          )}
        </>
      )}
    </Frame>
  );
}

/** Turns the URLs of a plain-text mail into links; everything else stays text. */
export function linkify(text: string): ReactNode[] {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export function OutboxMailPage() {
  const { id = '' } = useParams();
  const gate = useAdminGate();
  const query = useQuery({
    queryKey: [...ACCOUNT_KEY, 'outbox', 'mail', id],
    queryFn: ({ signal }) => getJson<Mail>(`/api/outbox/${encodeURIComponent(id)}`, signal),
    enabled: gate === null,
    retry: false,
  });
  useDocumentTitle(query.data ? query.data.subject : 'Courriel');
  const crumbs = [{ label: 'Boîte d’envoi', to: PATHS.outbox }];
  if (gate)
    return (
      <Frame title="Courriel" crumbs={crumbs}>
        {gate}
      </Frame>
    );
  if (query.isPending)
    return (
      <Frame title="Courriel" crumbs={crumbs}>
        <p role="status">Chargement du courriel…</p>
      </Frame>
    );
  if (query.isError) {
    return (
      <Frame title="Courriel" crumbs={crumbs}>
        <Alert severity="error" title="Ce courriel n’a pas pu être lu" description={query.error.message} />
      </Frame>
    );
  }
  const m = query.data;
  return (
    <Frame title={m.subject} crumbs={crumbs}>
      <dl className="sts-mail-meta">
        <dt>Destinataire</dt>
        <dd>{m.to}</dd>
        <dt>Mis en file le</dt>
        <dd>{formatDateTime(m.createdAt)}</dd>
        <dt>État</dt>
        <dd>
          <StatusBadge status={m.status} />
          {m.lastError && <span> — dernière erreur : {m.lastError}</span>}
        </dd>
      </dl>
      <h2 className="fr-h5">Message (version texte)</h2>
      <pre className="sts-mail-text">{linkify(m.text)}</pre>
      <p>
        <Link to={PATHS.outbox}>Retour à la boîte d’envoi</Link>
      </p>
    </Frame>
  );
}
