/**
 * The lycée's students and their placement (issue 5 §3 split, §7, §8): counts per status, filters,
 * status and hosts per week, reminders to the students without a stage, CSV export, the split
 * requests to answer; and one student's page with the history and the head's decisions.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination.js';
import {
  PLACEMENT_STATUSES,
  PLACEMENT_STATUS_DESCRIPTIONS,
  PLACEMENT_STATUS_LABELS,
  PLACEMENT_STATUS_SEVERITIES,
  type PlacementStatus,
} from '../../../src/domain/placement-status.ts';
import {
  EXEMPTION_LABELS,
  EXEMPTION_REASONS,
  type ExemptionReason,
} from '../../../src/domain/application.ts';
import { BarChart } from '../components/BarChart.tsx';
import { PdfUpload, type UploadedFile } from '../components/PdfUpload.tsx';
import { getJson } from '../lib/api.ts';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { ACCOUNT_KEY } from '../lib/session.ts';
import { writeJson, type PlacedSession } from './http.ts';

const STUDENTS_PATH = '/etablissement/eleves';
const KEY = [...ACCOUNT_KEY, 'school'] as const;

export interface PlacementContext {
  session: PlacedSession;
  uai: string;
  isHead: boolean;
}

interface PlacementView {
  status: PlacementStatus;
  statusLabel: string;
  weeks: {
    week: number;
    kind: 'placement' | 'split_pending' | 'exempted' | 'repli' | 'none';
    label: string;
    applicationId: string | null;
    hostName: string | null;
    offerTitle: string | null;
  }[];
  reason: string | null;
  hosts: number;
  conventionsToSign: number;
  exemptionReason: ExemptionReason | null;
  exemptionLabel: string | null;
}

interface StudentsPage {
  school: { uai: string; name: string };
  classes: { id: string; name: string }[];
  restrictedToClasses: boolean;
  counts: Record<PlacementStatus | 'total', number>;
  items: {
    id: string;
    ine: string | null;
    lastName: string;
    firstName: string;
    classId: string;
    className: string;
    lastReminderAt: string | null;
    placement: PlacementView;
  }[];
  total: number;
  page: number;
  pageSize: number;
}

interface ReminderResult {
  sent: number;
  mails: number;
  skipped: Record<string, number> & { total: number };
  message: string;
}

function ErrorAlert({ error, title }: { error: Error; title: string }) {
  return <Alert severity="error" role="alert" small={false} title={title} description={error.message} />;
}

export function StatusBadge({ status }: { status: PlacementStatus }) {
  const severity = PLACEMENT_STATUS_SEVERITIES[status];
  return (
    <Badge small noIcon {...(severity ? { severity } : {})}>
      {PLACEMENT_STATUS_LABELS[status]}
    </Badge>
  );
}

/** « S1 : CHU de Rennes », « S2 : non couverte ». */
function WeeksCell({ p }: { p: PlacementView }) {
  return (
    <ul className="fr-raw-list">
      {p.weeks.map((w) => (
        <li key={w.week}>
          <span className="fr-text--bold">S{w.week}</span>{' '}
          {w.kind === 'placement' || w.kind === 'split_pending'
            ? `${w.hostName ?? ''}${w.kind === 'split_pending' ? ' (accord attendu)' : ''}`
            : w.kind === 'none'
              ? 'non couverte'
              : w.label}
        </li>
      ))}
    </ul>
  );
}

const parseStatuses = (v: string | null): PlacementStatus[] =>
  (v ?? '')
    .split(',')
    .filter((s): s is PlacementStatus => (PLACEMENT_STATUSES as readonly string[]).includes(s));

// ---------------------------------------------------------------------------------------------
// The list

export function StudentsPlacementList({ ctx }: { ctx: PlacementContext }) {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const classId = params.get('classe') ?? '';
  const q = params.get('recherche') ?? '';
  const statuses = parseStatuses(params.get('statut'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<null | 'selected' | 'all'>(null);
  const [result, setResult] = useState<ReminderResult | null>(null);
  const selectId = useId();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const filters = new URLSearchParams();
  if (classId) filters.set('classId', classId);
  if (q) filters.set('q', q);
  if (statuses.length) filters.set('status', statuses.join(','));
  const query = useQuery({
    queryKey: [...KEY, 'students', ctx.uai, classId, q, statuses.join(','), page],
    queryFn: ({ signal }) => {
      const search = new URLSearchParams(filters);
      search.set('page', String(page));
      return getJson<StudentsPage>(`/api/schools/${ctx.uai}/students?${search}`, signal);
    },
  });

  const remind = useMutation({
    mutationFn: (body: { studentIds?: string[]; classId?: string }) =>
      writeJson<ReminderResult>(
        'POST',
        `/api/schools/${ctx.uai}/placement-reminders`,
        ctx.session.csrfToken,
        body,
      ),
    onSuccess: (r) => {
      setResult(r);
      setConfirming(null);
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'students'] });
    },
  });
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (result || remind.isError) resultRef.current?.focus();
  }, [result, remind.isError]);

  const go = (next: { classe?: string; recherche?: string; statut?: PlacementStatus[]; page?: number }) => {
    const p = new URLSearchParams();
    const c = next.classe ?? classId;
    const r = next.recherche ?? q;
    const s = next.statut ?? statuses;
    if (c) p.set('classe', c);
    if (r) p.set('recherche', r);
    if (s.length) p.set('statut', s.join(','));
    if (next.page && next.page > 1) p.set('page', String(next.page));
    return p;
  };
  const link = (next: Parameters<typeof go>[0]) => {
    const s = go(next).toString();
    return `${STUDENTS_PATH}${s ? `?${s}` : ''}`;
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setParams(go({ recherche: text.trim(), page: 1 }));
  };
  const toggleStatus = (s: PlacementStatus) =>
    setParams(
      go({ statut: statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s], page: 1 }),
    );

  const data = query.data;
  const pageIds = data?.items.map((i) => i.id) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const className = data?.classes.find((c) => c.id === classId)?.name;

  return (
    <>
      <p className="fr-text--sm">
        Les données des élèves sont personnelles : chaque consultation est inscrite au journal des accès du
        lycée.
        {data?.restrictedToClasses &&
          ' Vous voyez les élèves des classes dont vous êtes professeur référent.'}
      </p>

      {data && (
        <BarChart
          caption={`Élèves par statut de placement${className ? ` (${className})` : ''}`}
          captionAs="h2"
          description={`${formatInteger(data.counts.total)} élève${data.counts.total > 1 ? 's' : ''}${q ? ' correspondant à la recherche' : ''}.`}
          rows={PLACEMENT_STATUSES.map((s) => ({ s, n: data.counts[s] }))}
          getLabel={(r) => PLACEMENT_STATUS_LABELS[r.s]}
          getValue={(r) => r.n}
          labelHeader="Statut"
          valueHeader="Élèves"
          extraColumns={[{ header: 'Signification', render: (r) => PLACEMENT_STATUS_DESCRIPTIONS[r.s] }]}
          className="fr-mb-3w"
        />
      )}

      <form role="search" onSubmit={onSearch} className="sts-school-filters fr-mb-1w">
        <div className="fr-select-group">
          <label className="fr-label" htmlFor={selectId}>
            Classe
          </label>
          <select
            id={selectId}
            className="fr-select"
            value={classId}
            onChange={(e) => setParams(go({ classe: e.target.value, page: 1 }))}
          >
            <option value="">Toutes les classes</option>
            {data?.classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <Input
          label="Rechercher un élève"
          hintText="Nom, prénom ou INE"
          nativeInputProps={{ value: text, onChange: (e) => setText(e.target.value), type: 'search' }}
        />
        <Button type="submit" iconId="fr-icon-search-line">
          Rechercher
        </Button>
      </form>
      <fieldset className="fr-fieldset fr-mb-2w" aria-labelledby="statut-legende">
        <legend className="fr-fieldset__legend fr-text--regular" id="statut-legende">
          Statut de placement
        </legend>
        {PLACEMENT_STATUSES.map((s) => (
          <div key={s} className="fr-fieldset__element fr-fieldset__element--inline">
            <div className="fr-checkbox-group fr-checkbox-group--sm">
              <input
                id={`statut-${s}`}
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={() => toggleStatus(s)}
              />
              <label className="fr-label" htmlFor={`statut-${s}`}>
                {PLACEMENT_STATUS_LABELS[s]}
                {data ? ` (${formatInteger(data.counts[s])})` : ''}
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left fr-mb-2w">
        <li>
          <Link className="fr-btn fr-btn--tertiary" to={link({ statut: ['to_place'], page: 1 })}>
            Voir les élèves sans stage
          </Link>
        </li>
        <li>
          <a
            className="fr-btn fr-btn--secondary fr-icon-download-line"
            href={`/api/schools/${ctx.uai}/students.csv${filters.size ? `?${filters}` : ''}`}
            download
          >
            Exporter (CSV)
          </a>
        </li>
        {ctx.isHead && (
          <li>
            <Link className="fr-btn fr-btn--tertiary fr-icon-upload-line" to={`${STUDENTS_PATH}/import`}>
              Importer des élèves depuis un fichier CSV
            </Link>
          </li>
        )}
      </ul>

      <section aria-labelledby="relances-titre" className="fr-mb-3w">
        <h2 id="relances-titre" className="fr-h5">
          Relancer les élèves sans stage
        </h2>
        <p className="fr-text--sm">
          Un courriel à l’élève et à ses responsables légaux, avec le lien vers les offres et vers ses
          candidatures. Seuls les élèves « À placer » sont relancés, une fois par 24 heures au plus.
        </p>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          <li>
            <Button
              priority="secondary"
              disabled={selected.size === 0 || remind.isPending}
              onClick={() => {
                setResult(null);
                setConfirming('selected');
              }}
            >
              {`Relancer les élèves sélectionnés (${selected.size})`}
            </Button>
          </li>
          <li>
            <Button
              priority="secondary"
              disabled={remind.isPending}
              onClick={() => {
                setResult(null);
                setConfirming('all');
              }}
            >
              {className
                ? `Relancer tous les élèves sans stage de ${className}`
                : 'Relancer tous les élèves sans stage'}
            </Button>
          </li>
        </ul>
        {confirming && (
          <div className="fr-callout fr-mb-2w" data-testid="confirmation-relance">
            <h3 className="fr-callout__title" tabIndex={-1} ref={confirmRef}>
              Confirmer la relance
            </h3>
            <p className="fr-callout__text">
              {confirming === 'selected'
                ? `Relancer ${selected.size} élève${selected.size > 1 ? 's' : ''} sélectionné${selected.size > 1 ? 's' : ''} (ceux qui ont déjà un stage ne recevront rien) ?`
                : `Relancer tous les élèves à placer${className ? ` de ${className}` : ' de votre périmètre'} ?`}
            </p>
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
              <li>
                <Button
                  disabled={remind.isPending}
                  onClick={() =>
                    remind.mutate(
                      confirming === 'selected' ? { studentIds: [...selected] } : classId ? { classId } : {},
                    )
                  }
                >
                  Envoyer les relances
                </Button>
              </li>
              <li>
                <Button priority="secondary" onClick={() => setConfirming(null)}>
                  Annuler
                </Button>
              </li>
            </ul>
          </div>
        )}
        <div ref={resultRef} tabIndex={-1} aria-live="polite">
          {result && (
            <Alert
              severity={result.sent > 0 ? 'success' : 'info'}
              small={false}
              title={result.sent > 0 ? 'Relances envoyées' : 'Aucune relance envoyée'}
              description={result.message}
            />
          )}
          {remind.isError && <ErrorAlert error={remind.error} title="Les relances n’ont pas été envoyées" />}
        </div>
      </section>

      {ctx.isHead && <SplitRequests ctx={ctx} />}

      <h2 className="fr-h4">Liste des élèves</h2>
      {query.isPending && <p role="status">Chargement des élèves…</p>}
      {query.isError && <ErrorAlert error={query.error} title="La liste n’a pas pu être chargée" />}
      {data && (
        <>
          <p role="status">
            {data.total === 0
              ? 'Aucun élève ne correspond.'
              : `${formatInteger(data.total)} élève${data.total > 1 ? 's' : ''}`}
          </p>
          {data.items.length > 0 && (
            <div className="fr-table">
              <table>
                <caption className="fr-sr-only">Élèves du lycée</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <div className="fr-checkbox-group fr-checkbox-group--sm">
                        <input
                          id="select-page"
                          type="checkbox"
                          checked={allOnPage}
                          onChange={() =>
                            setSelected((prev) => {
                              const next = new Set(prev);
                              for (const id of pageIds) {
                                if (allOnPage) next.delete(id);
                                else next.add(id);
                              }
                              return next;
                            })
                          }
                        />
                        <label className="fr-label" htmlFor="select-page">
                          <span className="fr-sr-only">Sélectionner tous les élèves de la page</span>
                        </label>
                      </div>
                    </th>
                    <th scope="col">Nom</th>
                    <th scope="col">Prénom</th>
                    <th scope="col">Classe</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Situation</th>
                    <th scope="col">Dernière relance</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s) => {
                    const name = `${s.firstName} ${s.lastName}`;
                    return (
                      <tr key={s.id} data-testid="student-row">
                        <td>
                          <div className="fr-checkbox-group fr-checkbox-group--sm">
                            <input
                              id={`select-${s.id}`}
                              type="checkbox"
                              checked={selected.has(s.id)}
                              onChange={() => toggle(s.id)}
                            />
                            <label className="fr-label" htmlFor={`select-${s.id}`}>
                              <span className="fr-sr-only">Sélectionner {name}</span>
                            </label>
                          </div>
                        </td>
                        <td>
                          <Link to={`${STUDENTS_PATH}/${s.id}`} aria-label={`${name} : historique du stage`}>
                            {s.lastName}
                          </Link>
                        </td>
                        <td>{s.firstName}</td>
                        <td>{s.className}</td>
                        <td>
                          <StatusBadge status={s.placement.status} />
                        </td>
                        <td>
                          <WeeksCell p={s.placement} />
                        </td>
                        <td className="fr-text--sm">
                          {s.placement.exemptionLabel ?? s.placement.reason ?? '—'}
                        </td>
                        <td className="fr-text--sm">
                          {s.lastReminderAt ? formatDateTime(s.lastReminderAt) : '—'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {data.total > data.pageSize && (
            <Pagination
              count={Math.ceil(data.total / data.pageSize)}
              defaultPage={page}
              getPageLinkProps={(n) => ({ to: link({ page: n }) })}
            />
          )}
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Split requests

interface SplitRequest {
  id: string;
  weeks: number[];
  offer: { id: string; title: string };
  host: { id: string; name: string };
  student: { id: string; firstName: string; lastName: string };
}

function SplitRequests({ ctx }: { ctx: PlacementContext }) {
  const queryClient = useQueryClient();
  const [refusing, setRefusing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const query = useQuery({
    queryKey: [...KEY, 'splits', ctx.uai],
    queryFn: ({ signal }) =>
      getJson<{ items: SplitRequest[] }>(`/api/schools/${ctx.uai}/split-requests`, signal),
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'approve' | 'refuse'; reason?: string; name: string }) =>
      writeJson('POST', `/api/applications/${v.id}/split`, ctx.session.csrfToken, {
        decision: v.decision,
        ...(v.reason ? { reason: v.reason } : {}),
      }),
    onSuccess: (_r, v) => {
      setNotice(
        v.decision === 'approve'
          ? `Stage en deux lieux accepté pour ${v.name}.`
          : `Stage en deux lieux refusé pour ${v.name} ; l’élève est prévenu.`,
      );
      setRefusing(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: [...KEY] });
    },
  });
  useEffect(() => {
    if (notice || decide.isError) noticeRef.current?.focus();
  }, [notice, decide.isError]);
  useEffect(() => {
    if (refusing) reasonRef.current?.focus();
  }, [refusing]);
  const items = query.data?.items ?? [];
  return (
    <section aria-labelledby="partages-titre" className="fr-mb-3w">
      <h2 id="partages-titre" className="fr-h5">
        Demandes de partage en deux stages
      </h2>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && <Alert severity="success" small description={notice} />}
        {decide.isError && <ErrorAlert error={decide.error} title="La décision n’a pas été enregistrée" />}
      </div>
      {query.isPending && <p role="status">Chargement des demandes…</p>}
      {query.isError && <ErrorAlert error={query.error} title="Les demandes n’ont pas pu être chargées" />}
      {query.data && items.length === 0 && <p>Aucune demande en attente.</p>}
      {items.length > 0 && (
        <div className="fr-table">
          <table>
            <caption className="fr-sr-only">Demandes de stage en deux lieux</caption>
            <thead>
              <tr>
                <th scope="col">Élève</th>
                <th scope="col">Semaine</th>
                <th scope="col">Second organisme</th>
                <th scope="col">Décision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const name = `${r.student.firstName} ${r.student.lastName}`;
                return (
                  <tr key={r.id} data-testid="split-row">
                    <td>
                      <Link to={`${STUDENTS_PATH}/${r.student.id}`}>{name}</Link>
                    </td>
                    <td>{r.weeks.map((w) => `Semaine ${w}`).join(', ')}</td>
                    <td>
                      {r.host.name} — « {r.offer.title} »
                    </td>
                    <td>
                      {refusing === r.id ? (
                        <form
                          noValidate
                          onSubmit={(e) => {
                            e.preventDefault();
                            if (!reason.trim()) {
                              setReasonError('Indiquez le motif du refus, il sera communiqué à l’élève.');
                              reasonRef.current?.focus();
                              return;
                            }
                            setReasonError(null);
                            decide.mutate({ id: r.id, decision: 'refuse', reason: reason.trim(), name });
                          }}
                        >
                          <Input
                            textArea
                            label={`Motif du refus pour ${name}`}
                            state={reasonError ? 'error' : 'default'}
                            stateRelatedMessage={reasonError ?? undefined}
                            nativeTextAreaProps={{
                              value: reason,
                              onChange: (e) => setReason(e.target.value),
                              ref: reasonRef,
                              rows: 2,
                            }}
                          />
                          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
                            <li>
                              <Button type="submit" disabled={decide.isPending}>
                                Confirmer le refus
                              </Button>
                            </li>
                            <li>
                              <Button priority="secondary" type="button" onClick={() => setRefusing(null)}>
                                Annuler
                              </Button>
                            </li>
                          </ul>
                        </form>
                      ) : (
                        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
                          <li>
                            <Button
                              disabled={decide.isPending}
                              nativeButtonProps={{
                                'aria-label': `Accepter le stage en deux lieux de ${name}`,
                              }}
                              onClick={() => {
                                setNotice(null);
                                decide.mutate({ id: r.id, decision: 'approve', name });
                              }}
                            >
                              Accepter
                            </Button>
                          </li>
                          <li>
                            <Button
                              priority="secondary"
                              nativeButtonProps={{
                                'aria-label': `Refuser le stage en deux lieux de ${name}`,
                              }}
                              onClick={() => {
                                setNotice(null);
                                setReason('');
                                setReasonError(null);
                                setRefusing(r.id);
                              }}
                            >
                              Refuser
                            </Button>
                          </li>
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// One student

interface StudentPlacement {
  student: {
    id: string;
    ine: string | null;
    firstName: string;
    lastName: string;
    class: { id: string; name: string };
    school: { uai: string; name: string };
  };
  placement: PlacementView;
  decisions: {
    id: string;
    kind: 'exemption' | 'repli';
    reasonLabel: string | null;
    comment: string | null;
    documentFileId: string | null;
    documentFileName: string | null;
    decidedAt: string;
    decidedByName: string | null;
    revokedAt: string | null;
  }[];
  timeline: { at: string; kind: string; label: string; detail: string | null }[];
  canDecide: boolean;
}

export function StudentPlacementDetail({ ctx }: { ctx: PlacementContext }) {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: [...KEY, 'student-placement', id],
    queryFn: ({ signal }) => getJson<StudentPlacement>(`/api/students/${id}/placement`, signal),
  });
  if (query.isPending) return <p role="status">Chargement de l’élève…</p>;
  if (query.isError) return <ErrorAlert error={query.error} title="L’élève n’a pas pu être chargé" />;
  const d = query.data;
  const current = d.decisions.find((x) => x.revokedAt === null) ?? null;
  return (
    <>
      <p>
        <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={STUDENTS_PATH}>
          Retour à la liste des élèves
        </Link>
      </p>
      <h2 data-testid="student-name">
        {d.student.firstName} {d.student.lastName}{' '}
        <span className="fr-text--md fr-text--regular">({d.student.class.name})</span>
      </h2>
      <div className="fr-mb-3w">
        Statut : <StatusBadge status={d.placement.status} />
        {d.placement.reason && <span className="fr-ml-1w">{d.placement.reason}</span>}
      </div>
      <div className="fr-table">
        <table>
          <caption>Semaines de stage</caption>
          <thead>
            <tr>
              <th scope="col">Semaine</th>
              <th scope="col">Situation</th>
              <th scope="col">Organisme</th>
              <th scope="col">Offre</th>
            </tr>
          </thead>
          <tbody>
            {d.placement.weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">Semaine {w.week}</th>
                <td>{w.label}</td>
                <td>{w.hostName ?? '—'}</td>
                <td>{w.offerTitle ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="historique-titre">
        <h2 id="historique-titre" className="fr-h4">
          Historique
        </h2>
        {d.timeline.length === 0 ? (
          <p>Aucun événement : l’élève n’a pas encore candidaté.</p>
        ) : (
          <div className="fr-table">
            <table data-testid="timeline">
              <caption className="fr-sr-only">Historique du stage de l’élève</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Événement</th>
                  <th scope="col">Détail</th>
                </tr>
              </thead>
              <tbody>
                {d.timeline.map((e, i) => (
                  <tr key={i}>
                    <td>{formatDateTime(e.at)}</td>
                    <th scope="row">{e.label}</th>
                    <td>{e.detail ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {d.canDecide && ctx.isHead && (
        <Decisions studentId={d.student.id} ctx={ctx} current={current} status={d.placement.status} />
      )}
    </>
  );
}

function Decisions({
  studentId,
  ctx,
  current,
  status,
}: {
  studentId: string;
  ctx: PlacementContext;
  current: StudentPlacement['decisions'][number] | null;
  status: PlacementStatus;
}) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const done = (text: string) => {
    setNotice(text);
    setConfirmRevoke(false);
    void queryClient.invalidateQueries({ queryKey: [...KEY] });
  };
  const revoke = useMutation({
    mutationFn: () =>
      writeJson('DELETE', `/api/students/${studentId}/placement-decisions/current`, ctx.session.csrfToken),
    onSuccess: () => done('Décision révoquée : l’élève retrouve le statut de ses candidatures.'),
  });
  useEffect(() => {
    if (notice || revoke.isError) noticeRef.current?.focus();
  }, [notice, revoke.isError]);
  return (
    <section aria-labelledby="decisions-titre" className="fr-mt-4w">
      <h2 id="decisions-titre" className="fr-h4">
        Dispense ou repli au lycée
      </h2>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && <Alert severity="success" small description={notice} />}
        {revoke.isError && <ErrorAlert error={revoke.error} title="La révocation n’a pas été enregistrée" />}
      </div>
      {current ? (
        <>
          <p>
            En vigueur :{' '}
            <strong>
              {current.kind === 'exemption' ? `dispense (${current.reasonLabel})` : 'repli au lycée'}
            </strong>
            , décidé le {formatDateTime(current.decidedAt)}
            {current.decidedByName ? ` par ${current.decidedByName}` : ''}.
            {current.comment ? ` ${current.comment}` : ''}
          </p>
          {current.documentFileId && (
            <p>
              <a className="fr-link" href={`/api/files/${current.documentFileId}`}>
                Justificatif : {current.documentFileName ?? 'document PDF'}
              </a>
            </p>
          )}
          {confirmRevoke ? (
            <div className="fr-callout">
              <p className="fr-callout__text">Révoquer cette décision ? Elle restera dans l’historique.</p>
              <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
                <li>
                  <Button disabled={revoke.isPending} onClick={() => revoke.mutate()}>
                    Confirmer la révocation
                  </Button>
                </li>
                <li>
                  <Button priority="secondary" onClick={() => setConfirmRevoke(false)}>
                    Annuler
                  </Button>
                </li>
              </ul>
            </div>
          ) : (
            <Button priority="secondary" onClick={() => setConfirmRevoke(true)}>
              Révoquer la décision
            </Button>
          )}
        </>
      ) : status === 'covered' || status === 'placed' ? (
        <p>Les deux semaines sont couvertes : ni dispense ni repli à décider.</p>
      ) : (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <ExemptionForm studentId={studentId} ctx={ctx} onDone={done} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <RepliForm studentId={studentId} ctx={ctx} onDone={done} />
          </div>
        </div>
      )}
    </section>
  );
}

function FormError({ error }: { error: Error | null }): ReactNode {
  if (!error) return null;
  return <ErrorAlert error={error} title="La décision n’a pas été enregistrée" />;
}

function ExemptionForm({
  studentId,
  ctx,
  onDone,
}: {
  studentId: string;
  ctx: PlacementContext;
  onDone: (text: string) => void;
}) {
  const [reason, setReason] = useState<ExemptionReason | ''>('');
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; file?: string }>({});
  const selectRef = useRef<HTMLSelectElement>(null);
  const selectId = useId();
  const save = useMutation({
    mutationFn: () =>
      writeJson('POST', `/api/students/${studentId}/placement-decisions`, ctx.session.csrfToken, {
        kind: 'exemption',
        reason,
        documentFileId: file?.id,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    onSuccess: () => onDone(`Dispense enregistrée (${EXEMPTION_LABELS[reason as ExemptionReason]}).`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!reason) next.reason = 'Choisissez le motif de la dispense.';
    if (!file) next.file = 'Déposez le justificatif (PDF).';
    setErrors(next);
    if (next.reason) {
      selectRef.current?.focus();
      return;
    }
    if (next.file) return;
    save.mutate();
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="dispense-titre">
      <h3 id="dispense-titre" className="fr-h5">
        Dispenser l’élève
      </h3>
      <div className={`fr-select-group ${errors.reason ? 'fr-select-group--error' : ''}`}>
        <label className="fr-label" htmlFor={selectId}>
          Motif de la dispense
        </label>
        <select
          id={selectId}
          ref={selectRef}
          className="fr-select"
          value={reason}
          aria-describedby={errors.reason ? `${selectId}-err` : undefined}
          onChange={(e) => setReason(e.target.value as ExemptionReason | '')}
        >
          <option value="">Choisir un motif</option>
          {EXEMPTION_REASONS.map((r) => (
            <option key={r} value={r}>
              {EXEMPTION_LABELS[r]}
            </option>
          ))}
        </select>
        {errors.reason && (
          <p className="fr-error-text" id={`${selectId}-err`}>
            {errors.reason}
          </p>
        )}
      </div>
      <PdfUpload
        label="Justificatif (certificat, contrat d’études…)"
        purpose="exemption"
        onUploaded={(f) => {
          setFile(f);
          setErrors((x) => ({ ...x, file: undefined }));
        }}
        onCleared={() => setFile(null)}
      />
      {errors.file && (
        <p className="fr-error-text" role="alert">
          {errors.file}
        </p>
      )}
      <Input
        textArea
        label="Commentaire (facultatif)"
        nativeTextAreaProps={{ value: comment, onChange: (e) => setComment(e.target.value), rows: 2 }}
      />
      <FormError error={save.error} />
      <Button type="submit" disabled={save.isPending}>
        Enregistrer la dispense
      </Button>
    </form>
  );
}

function RepliForm({
  studentId,
  ctx,
  onDone,
}: {
  studentId: string;
  ctx: PlacementContext;
  onDone: (text: string) => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const save = useMutation({
    mutationFn: () =>
      writeJson('POST', `/api/students/${studentId}/placement-decisions`, ctx.session.csrfToken, {
        kind: 'repli',
        comment: comment.trim(),
      }),
    onSuccess: () => onDone('Repli au lycée enregistré.'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (comment.trim().length < 10) {
      setError('Indiquez ce que l’élève fera au lycée (10 caractères au moins).');
      ref.current?.focus();
      return;
    }
    setError(null);
    save.mutate();
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="repli-titre">
      <h3 id="repli-titre" className="fr-h5">
        Décider le repli au lycée
      </h3>
      <Input
        textArea
        label="Ce que l’élève fera au lycée"
        hintText="Pour les semaines non couvertes par un stage."
        state={error ? 'error' : 'default'}
        stateRelatedMessage={error ?? undefined}
        nativeTextAreaProps={{ value: comment, onChange: (e) => setComment(e.target.value), ref, rows: 3 }}
      />
      <FormError error={save.error} />
      <Button type="submit" disabled={save.isPending}>
        Enregistrer le repli
      </Button>
    </form>
  );
}
