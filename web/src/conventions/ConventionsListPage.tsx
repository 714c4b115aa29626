import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { Tag } from '@codegouvfr/react-dsfr/Tag.js';
import { CONVENTION_STEP_LABELS } from '../../../src/domain/convention.ts';
import { getJson } from '../lib/api.ts';
import { formatDateRange } from '../lib/format.ts';
import { useSession, type SignedInSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  archiveUrl,
  conventionPath,
  CONVENTIONS_KEY,
  send,
  STEPS,
  useConventions,
  useCsrf,
  type ConventionSummary,
  type Step,
} from './api.ts';
import { cleanCode, codeError, missingSignaturesText, runBatches, stepSeverity } from './logic.ts';
import './conventions.css';

const PAGE_SIZE = 50;

function isStep(value: string | null): value is Step {
  return value !== null && (STEPS as readonly string[]).includes(value);
}

/** /conventions: the signed-in role's conventions (the lycée's by step for the head, with bulk actions). */
export function ConventionsListPage() {
  const session = useSession();
  const s = session.data?.authenticated ? session.data : null;
  const title =
    s?.role === 'student' || s?.role === 'guardian'
      ? 'Mes conventions de stage'
      : s?.role === 'host_member'
        ? 'Conventions de l’organisme'
        : 'Conventions du lycée';
  useDocumentTitle(title);
  return (
    <div className="fr-container fr-py-4w">
      <h1>{title}</h1>
      {session.isPending && <p role="status">Chargement…</p>}
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {s && <List session={s} />}
    </div>
  );
}

function List({ session }: { session: SignedInSession }) {
  const [params, setParams] = useSearchParams();
  const school = session.role === 'school_head' || session.role === 'school_staff';
  const family = session.role === 'student' || session.role === 'guardian';
  const stepParam = params.get('etape');
  const step = isStep(stepParam) ? stepParam : null;
  const classId = params.get('classe');
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useConventions({ step, classId, q, page });
  const [search, setSearch] = useState(q);
  const uai = (session as SignedInSession & { schoolUai?: string | null }).schoolUai ?? null;
  const classes = useQuery({
    queryKey: [...CONVENTIONS_KEY, 'classes', uai],
    enabled: school && uai !== null,
    queryFn: ({ signal }) =>
      getJson<{ classes: { id: string; name: string }[] }>(`/api/schools/${uai}/students`, signal),
    staleTime: 5 * 60_000,
  });

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
    if (name !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setParam('q', search.trim());
  };

  const counts = list.data?.counts ?? {};
  const all = STEPS.reduce((sum, st) => sum + (counts[st] ?? 0), 0);
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <p>
        {family
          ? 'La convention de chacun de vos stages : ce qui reste à compléter, qui a signé, et le document signé une fois toutes les signatures réunies.'
          : school
            ? 'Les conventions des élèves du lycée, par étape : à compléter par l’organisme ou par le lycée, à valider, en signature, signées.'
            : 'Les conventions des élèves que vous accueillez : complétez votre partie (tuteur, activités, horaires), puis signez.'}
      </p>
      {!family && (
        <nav aria-label="Étapes des conventions" className="fr-mb-2w">
          <ul className="fr-tags-group">
            <li>
              <Tag pressed={step === null} nativeButtonProps={{ onClick: () => setParam('etape', null) }}>
                Toutes ({all})
              </Tag>
            </li>
            {STEPS.map((st) => (
              <li key={st}>
                <Tag pressed={st === step} nativeButtonProps={{ onClick: () => setParam('etape', st) }}>
                  {CONVENTION_STEP_LABELS[st]} ({counts[st] ?? 0})
                </Tag>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {school && (
        <div className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
          <div className="fr-col-12 fr-col-md-4">
            <Select
              label="Classe"
              nativeSelectProps={{
                value: classId ?? '',
                onChange: (e) => setParam('classe', e.target.value),
              }}
            >
              <option value="">Toutes les classes</option>
              {(classes.data?.classes ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-8">
            <form
              role="search"
              onSubmit={submitSearch}
              className="fr-search-bar fr-mt-4w"
              aria-label="Rechercher un élève"
            >
              <label className="fr-label" htmlFor="conventions-q">
                Rechercher un élève
              </label>
              <input
                className="fr-input"
                id="conventions-q"
                type="search"
                placeholder="Nom ou prénom"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
              <button className="fr-btn" type="submit" title="Rechercher">
                Rechercher
              </button>
            </form>
          </div>
        </div>
      )}

      {school && classId && (counts.signed ?? 0) + (counts.done ?? 0) > 0 && (
        <p>
          <a
            className="fr-link fr-icon-download-line fr-link--icon-left"
            href={archiveUrl(classId)}
            download
            data-testid="class-archive"
          >
            Télécharger les conventions signées de la classe (ZIP, {(counts.signed ?? 0) + (counts.done ?? 0)}{' '}
            PDF scellés)
          </a>
        </p>
      )}
      {list.isPending && <p role="status">Chargement des conventions…</p>}
      {list.isError && (
        <Alert severity="error" role="alert" title="Liste indisponible" description={list.error.message} />
      )}
      {list.data && (
        <>
          <p role="status" className="fr-text--sm">
            {total === 0
              ? 'Aucune convention.'
              : `${total} convention${total > 1 ? 's' : ''}${step ? ` « ${CONVENTION_STEP_LABELS[step]} »` : ''}.`}
          </p>
          {session.role === 'school_head' ? (
            <HeadTable items={items} />
          ) : (
            items.length > 0 && <Table items={items} selectable={null} />
          )}
          {pages > 1 && (
            <nav aria-label="Pages de la liste" className="fr-mt-2w">
              <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                <li>
                  <Button
                    priority="secondary"
                    size="small"
                    disabled={page <= 1}
                    onClick={() => setParam('page', String(page - 1))}
                  >
                    Page précédente
                  </Button>
                </li>
                <li>
                  <span className="fr-text--sm">
                    Page {page} sur {pages}
                  </span>
                </li>
                <li>
                  <Button
                    priority="secondary"
                    size="small"
                    disabled={page >= pages}
                    onClick={() => setParam('page', String(page + 1))}
                  >
                    Page suivante
                  </Button>
                </li>
              </ul>
            </nav>
          )}
        </>
      )}
    </>
  );
}

interface Selectable {
  selected: Set<string>;
  can: (c: ConventionSummary) => boolean;
  toggle: (id: string, on: boolean) => void;
}

function Table({ items, selectable }: { items: ConventionSummary[]; selectable: Selectable | null }) {
  return (
    <div className="fr-table">
      <table data-testid="conventions-table">
        <caption className="fr-sr-only">Conventions</caption>
        <thead>
          <tr>
            {selectable && <th scope="col">Choisir</th>}
            <th scope="col">Élève</th>
            <th scope="col">Organisme et stage</th>
            <th scope="col">Étape</th>
            <th scope="col">Référence</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const name = `${c.student.firstName} ${c.student.lastName}`;
            return (
              <tr key={c.id} data-testid="convention-row">
                {selectable && (
                  <td>
                    {selectable.can(c) && (
                      <div className="fr-checkbox-group fr-checkbox-group--sm">
                        <input
                          type="checkbox"
                          id={`choisir-${c.id}`}
                          checked={selectable.selected.has(c.id)}
                          onChange={(e) => selectable.toggle(c.id, e.target.checked)}
                        />
                        <label className="fr-label" htmlFor={`choisir-${c.id}`}>
                          <span className="fr-sr-only">Choisir la convention de {name}</span>
                        </label>
                      </div>
                    )}
                  </td>
                )}
                <th scope="row">
                  <Link to={conventionPath(c.id)}>{name}</Link>
                  <span className="fr-text--xs sts-conv-block">{c.student.className}</span>
                </th>
                <td>
                  {c.host.name}
                  <span className="fr-text--xs sts-conv-block">
                    {c.offerTitle} — {formatDateRange(c.startDate, c.endDate)}
                  </span>
                </td>
                <td>
                  <Badge as="span" small noIcon severity={stepSeverity(c.step)}>
                    {c.stepLabel}
                  </Badge>
                  {c.step === 'signatures' && c.missingSignatures.length > 0 && (
                    <span className="fr-text--xs sts-conv-block">
                      {missingSignaturesText(c.missingSignatures)}
                    </span>
                  )}
                </td>
                <td>
                  <span className="fr-text--sm">{c.reference}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Bulk =
  | { kind: 'idle' }
  | { kind: 'code'; challengeId: string; total: number; sentTo: string; ids: string[] }
  | { kind: 'signing'; done: number; total: number }
  | { kind: 'signed'; done: number; total: number }
  | { kind: 'validated'; validated: number; refused: { reference: string; message: string }[] };

const canValidate = (c: ConventionSummary) => c.step === 'to_validate';
const canSign = (c: ConventionSummary) => c.step === 'signatures' && c.missingSignatures.includes('school');

/** The head's table: select many → « Valider la sélection », « Signer la sélection » (one code, batches). */
function HeadTable({ items }: { items: ConventionSummary[] }) {
  const queryClient = useQueryClient();
  const csrf = useCsrf();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<Bulk>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codeMessage, setCodeMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // the code's input takes the focus once it is in the page (after the code is sent, or refused)
  const codeStep = bulk.kind === 'code' ? bulk.challengeId : null;
  useEffect(() => {
    if (codeStep) codeRef.current?.focus();
  }, [codeStep, codeMessage]);

  const selectable = items.filter((c) => canValidate(c) || canSign(c));
  const chosen = items.filter((c) => selected.has(c.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const focusResult = () => requestAnimationFrame(() => resultRef.current?.focus());
  const refresh = () => queryClient.invalidateQueries({ queryKey: CONVENTIONS_KEY });

  const validate = async () => {
    setError(null);
    const ids = chosen.filter(canValidate).map((c) => c.id);
    if (ids.length === 0) {
      setError('Cochez au moins une convention « À valider ».');
      return focusResult();
    }
    setPending(true);
    try {
      const r = await send<{
        validated: string[];
        refused: { id: string; reference: string; message: string }[];
      }>('POST', '/api/conventions/bulk/validate', csrf, { ids });
      setBulk({ kind: 'validated', validated: r.validated.length, refused: r.refused });
      setSelected(new Set());
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Validation impossible.');
    } finally {
      setPending(false);
      focusResult();
    }
  };

  const askCode = async () => {
    setError(null);
    const ids = chosen.filter(canSign).map((c) => c.id);
    if (ids.length === 0) {
      setError('Cochez au moins une convention en signature qui attend votre signature.');
      return focusResult();
    }
    setPending(true);
    try {
      const r = await send<{ challengeId: string; total: number; sentTo: string; expiresAt: string }>(
        'POST',
        '/api/conventions/bulk-sign/code',
        csrf,
        { ids },
      );
      setBulk({ kind: 'code', challengeId: r.challengeId, total: r.total, sentTo: r.sentTo, ids });
      setCode('');
      setCodeMessage(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Le code n’a pas pu être envoyé.');
      focusResult();
    } finally {
      setPending(false);
    }
  };

  const signAll = async (e: FormEvent) => {
    e.preventDefault();
    if (bulk.kind !== 'code') return;
    const wrong = codeError(code);
    if (wrong) {
      setCodeMessage(wrong);
      codeRef.current?.focus();
      return;
    }
    const { challengeId, total } = bulk;
    const value = cleanCode(code);
    setCodeMessage(null);
    setPending(true);
    let first = true;
    try {
      const r = await runBatches(
        async () => {
          const out = await send<{ done: number; total: number }>(
            'POST',
            `/api/conventions/bulk-sign/${encodeURIComponent(challengeId)}`,
            csrf,
            { code: value },
          );
          first = false;
          return out;
        },
        (done, t) => setBulk({ kind: 'signing', done, total: t }),
      );
      setBulk({ kind: 'signed', done: r.done, total: r.total });
      setSelected(new Set());
      await refresh();
      focusResult();
    } catch (err) {
      const message = err instanceof Error ? err.message : 'La signature groupée a échoué.';
      if (first) {
        // wrong code: stay on the code step
        setBulk({ kind: 'code', challengeId, total, sentTo: bulk.sentTo, ids: bulk.ids });
        setCodeMessage(message);
        requestAnimationFrame(() => codeRef.current?.focus());
      } else {
        setError(message);
        await refresh();
        focusResult();
      }
    } finally {
      setPending(false);
    }
  };

  const allChosen = selectable.length > 0 && selectable.every((c) => selected.has(c.id));
  return (
    <>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" data-testid="bulk-result">
        {error && <Alert severity="error" small className="fr-mb-2w" description={error} />}
        {bulk.kind === 'validated' && (
          <Alert
            severity={bulk.refused.length === 0 ? 'success' : 'warning'}
            className="fr-mb-2w"
            title={`${bulk.validated} convention${bulk.validated > 1 ? 's' : ''} validée${bulk.validated > 1 ? 's' : ''}${bulk.refused.length > 0 ? `, ${bulk.refused.length} refusée${bulk.refused.length > 1 ? 's' : ''}` : ''}`}
            description={
              bulk.refused.length > 0 ? (
                <ul>
                  {bulk.refused.map((r) => (
                    <li key={r.reference}>
                      {r.reference} : {r.message}
                    </li>
                  ))}
                </ul>
              ) : (
                'Chaque signataire reçoit son lien de signature par courriel.'
              )
            }
          />
        )}
        {bulk.kind === 'signed' && (
          <Alert
            severity="success"
            className="fr-mb-2w"
            title={`${bulk.done} convention${bulk.done > 1 ? 's' : ''} signée${bulk.done > 1 ? 's' : ''} sur ${bulk.total}`}
            description="Votre signature est enregistrée sur chacune ; celles qui ont toutes leurs signatures sont scellées."
          />
        )}
      </div>

      {(bulk.kind === 'signing' || bulk.kind === 'signed') && (
        <div className="fr-mb-3w" data-testid="bulk-progress">
          <label htmlFor="bulk-progress" className="fr-label">
            {bulk.kind === 'signing' ? 'Signature en cours' : 'Signature terminée'}
          </label>
          <progress id="bulk-progress" className="sts-conv-progress" max={bulk.total} value={bulk.done} />
        </div>
      )}
      {/* always in the page, so that each batch's progress is announced */}
      <p role="status" aria-live="polite" className="fr-text--sm" data-testid="bulk-progress-text">
        {bulk.kind === 'signing' &&
          `${bulk.done} convention${bulk.done > 1 ? 's' : ''} signée${bulk.done > 1 ? 's' : ''} sur ${bulk.total}`}
      </p>

      {bulk.kind === 'code' && (
        <form
          onSubmit={(e) => void signAll(e)}
          noValidate
          className="fr-mb-3w"
          aria-label="Signer la sélection avec le code reçu"
        >
          <p className="fr-text--sm">
            Un code a été envoyé à {bulk.sentTo} pour signer {bulk.total} convention
            {bulk.total > 1 ? 's' : ''}.
          </p>
          <div className={`fr-input-group${codeMessage ? ' fr-input-group--error' : ''}`}>
            <label className="fr-label" htmlFor="bulk-code">
              Code de signature
              <span className="fr-hint-text">6 chiffres, reçus par courriel</span>
            </label>
            <input
              ref={codeRef}
              className={`fr-input${codeMessage ? ' fr-input--error' : ''}`}
              id="bulk-code"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              value={code}
              aria-invalid={codeMessage ? true : undefined}
              aria-describedby="bulk-code-msg"
              onChange={(e) => setCode(e.target.value.replace(/[^\d]/g, '').slice(0, 6))}
            />
            <div id="bulk-code-msg" aria-live="polite">
              {codeMessage && <p className="fr-error-text">{codeMessage}</p>}
            </div>
          </div>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={pending} iconId="fr-icon-edit-line">
                Signer les {bulk.total} conventions
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={() => setBulk({ kind: 'idle' })}>
                Abandonner
              </Button>
            </li>
          </ul>
        </form>
      )}

      {selectable.length > 0 && (
        <div className="fr-mb-2w">
          <div className="fr-checkbox-group fr-mb-2w">
            <input
              type="checkbox"
              id="tout-choisir"
              checked={allChosen}
              onChange={(e) =>
                setSelected(e.target.checked ? new Set(selectable.map((c) => c.id)) : new Set())
              }
            />
            <label className="fr-label" htmlFor="tout-choisir">
              Choisir toutes les conventions à valider ou à signer de la page ({selectable.length})
            </label>
          </div>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button
                type="button"
                iconId="fr-icon-check-line"
                disabled={pending || bulk.kind === 'signing'}
                onClick={() => void validate()}
              >
                Valider la sélection ({chosen.filter(canValidate).length})
              </Button>
            </li>
            <li>
              <Button
                type="button"
                iconId="fr-icon-edit-line"
                priority="secondary"
                disabled={pending || bulk.kind === 'signing'}
                onClick={() => void askCode()}
              >
                Signer la sélection ({chosen.filter(canSign).length})
              </Button>
            </li>
          </ul>
        </div>
      )}
      {items.length > 0 && (
        <Table items={items} selectable={{ selected, can: (c) => canValidate(c) || canSign(c), toggle }} />
      )}
    </>
  );
}
