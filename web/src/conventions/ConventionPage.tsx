import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { DAY_NAMES, formatDuration, presenceMinutes } from '../../../src/domain/hours.ts';
import { SIGNATORY_ROLE_LABELS, type SignatoryRole } from '../../../src/domain/convention.ts';
import { formatDateRange, formatDateTime } from '../lib/format.ts';
import { useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  CONVENTION_PATHS,
  CONVENTIONS_KEY,
  documentUrl,
  send,
  useConvention,
  useCsrf,
  type CodeSent,
  type ConventionDetail,
} from './api.ts';
import { AfterSignature } from './AfterSignature.tsx';
import { CodeSignature } from './CodeSignature.tsx';
import { HostPartForm } from './HostPartForm.tsx';
import {
  problemPlace,
  problemsOf,
  sentence,
  stepSeverity,
  summaryEntries,
  type SummaryEntry,
} from './logic.ts';
import { SchoolPartForm } from './SchoolPartForm.tsx';
import './conventions.css';

/** /conventions/:id: a convention's summary, what is missing, the parts by role, validation, signatures, PDF. */
export function ConventionPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const convention = useConvention(id);
  const title = convention.data ? `Convention ${convention.data.reference}` : 'Convention de stage';
  useDocumentTitle(title);
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel={convention.data?.reference ?? 'Convention'}
        homeLinkProps={{ to: PATHS.home }}
        segments={[{ label: 'Conventions', linkProps: { to: CONVENTION_PATHS.list } }]}
      />
      <h1>{title}</h1>
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {convention.isPending && <p role="status">Chargement de la convention…</p>}
      {convention.isError && (
        <Alert
          severity="error"
          role="alert"
          title="Convention introuvable"
          description={convention.error.message}
        />
      )}
      {convention.data && <Detail detail={convention.data} />}
    </div>
  );
}

type Notice = { severity: 'success' | 'error' | 'info'; text: string } | null;

function Detail({ detail }: { detail: ConventionDetail }) {
  const queryClient = useQueryClient();
  const csrf = useCsrf();
  const session = useSession();
  const role = session.data?.authenticated ? session.data.role : '';
  const [notice, setNotice] = useState<Notice>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const key = [...CONVENTIONS_KEY, 'one', detail.id];

  const announce = (next: Notice) => {
    setNotice(next);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };
  const update = (next: ConventionDetail) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: [...CONVENTIONS_KEY, 'list'] });
  };
  const reload = () => void queryClient.invalidateQueries({ queryKey: key });
  const onSaved = (part: string) => (next: ConventionDetail, complete: boolean) => {
    update(next);
    announce({
      severity: 'success',
      text: complete
        ? `${part} enregistrée et déclarée complète.`
        : `${part} enregistrée. Elle reste à déclarer complète.`,
    });
  };

  const s = detail;
  const v = s.viewer;
  return (
    <>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite" data-testid="convention-notice">
        {notice && (
          <Alert
            severity={notice.severity}
            small
            className="fr-mb-3w"
            description={notice.text}
            closable
            onClose={() => setNotice(null)}
          />
        )}
      </div>

      <Summary detail={s} />
      <Missing detail={s} />

      {v.canEditHost && s.status !== 'signed' && s.status !== 'done' && s.status !== 'cancelled' ? (
        <section className="fr-mb-6w">
          {s.status === 'validated' && (
            <Alert
              severity="warning"
              small
              className="fr-mb-2w"
              description="La convention est validée : toute modification la renvoie en complétion et annule les signatures déjà données."
            />
          )}
          <HostPartForm
            key={s.version}
            detail={s}
            csrf={csrf}
            onSaved={onSaved('Partie de l’organisme')}
            onReload={reload}
          />
        </section>
      ) : (
        <HostPartView detail={s} />
      )}

      {v.canEditSchool && s.status !== 'signed' && s.status !== 'done' && s.status !== 'cancelled' ? (
        <section className="fr-mb-6w">
          <SchoolPartForm
            key={s.version}
            detail={s}
            csrf={csrf}
            onSaved={onSaved('Partie de l’établissement')}
            onReload={reload}
          />
        </section>
      ) : (
        <SchoolPartView detail={s} />
      )}

      {v.canValidate && s.status === 'completion' && (
        <Validate detail={s} csrf={csrf} onDone={update} announce={announce} />
      )}

      <Signatures detail={s} csrf={csrf} onSigned={update} announce={announce} />

      <AfterSignature detail={s} csrf={csrf} role={role} onDone={update} announce={announce} />

      {v.canCancel && s.status !== 'cancelled' && s.status !== 'done' && (
        <Cancel detail={s} csrf={csrf} onDone={update} announce={announce} />
      )}
    </>
  );
}

function Summary({ detail: s }: { detail: ConventionDetail }) {
  const p = s.parties;
  return (
    <section className="fr-mb-4w" aria-labelledby="resume">
      <h2 id="resume" className="fr-h4">
        En bref
      </h2>
      <p>
        <Badge as="span" severity={stepSeverity(s.step)} noIcon data-testid="convention-step">
          {s.stepLabel}
        </Badge>
      </p>
      {s.cancelReason && (
        <Alert
          severity="info"
          small
          className="fr-mb-2w"
          description={`Motif de l’annulation : ${s.cancelReason}`}
        />
      )}
      <dl className="sts-conv-dl">
        <dt>Élève</dt>
        <dd>
          {s.student.firstName} {s.student.lastName} ({s.student.className || p.student.className})
        </dd>
        <dt>Organisme d’accueil</dt>
        <dd>
          {s.host.name}
          {p.host.address ? ` — ${p.host.address}` : ''}
        </dd>
        <dt>Établissement</dt>
        <dd>
          {p.school.name} ({p.school.isPublic ? 'public' : 'privé'}, UAI {p.school.uai})
        </dd>
        <dt>Stage</dt>
        <dd>
          {s.offerTitle}, {formatDateRange(s.startDate, s.endDate)} inclus
        </dd>
        <dt>Modèle</dt>
        <dd>
          {s.template.name}, version {s.template.version} ({s.template.schoolYear})
        </dd>
        <dt>Référence</dt>
        <dd>{s.reference}</dd>
      </dl>
      <p>
        <a
          className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
          href={documentUrl(s.id)}
          target="_blank"
          rel="noopener"
          data-testid="convention-pdf"
        >
          Voir le document (PDF)
          <span className="fr-sr-only">
            {s.sealed ? ', version signée et scellée' : s.status === 'completion' ? ', projet' : ''} (nouvelle
            fenêtre)
          </span>
        </a>
        {s.status === 'completion' && (
          <span className="fr-hint-text">Avant validation, le document porte la mention « PROJET ».</span>
        )}
      </p>
    </section>
  );
}

function Missing({ detail: s }: { detail: ConventionDetail }) {
  if (s.status !== 'completion') return null;
  const general = s.problems.filter((p) => problemPlace(p).part === 'general');
  const nothing =
    s.missing.host.length + s.missing.school.length + s.problems.length === 0 &&
    s.hostCompletedAt &&
    s.schoolCompletedAt;
  // the lists link to the fields when the viewer has the form on the page
  const host = summaryEntries('hp', s.missing.host, problemsOf('host', s.problems));
  const school = summaryEntries('sp', s.missing.school, problemsOf('school', s.problems));
  const editing = s.viewer;
  return (
    <section className="fr-mb-4w" aria-labelledby="manque" data-testid="convention-missing">
      <h2 id="manque" className="fr-h4">
        Ce qui manque
      </h2>
      <p className="fr-text--sm">D’après la dernière version enregistrée de chaque partie.</p>
      {nothing ? (
        <p>
          Rien : les deux parties sont complètes et les règles respectées. La convention peut être validée.
        </p>
      ) : (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <h3 className="fr-h6">
              Organisme d’accueil{s.hostCompletedAt ? ' (partie déclarée complète)' : ''}
            </h3>
            <PartList entries={host} links={editing.canEditHost} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <h3 className="fr-h6">Établissement{s.schoolCompletedAt ? ' (partie déclarée complète)' : ''}</h3>
            <PartList entries={school} links={editing.canEditSchool} />
          </div>
          {general.length > 0 && (
            <div className="fr-col-12">
              <h3 className="fr-h6">Dates et règles générales</h3>
              <PartList
                entries={general.map((p) => ({ id: '', message: sentence(p.message) }))}
                links={false}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function PartList({ entries, links }: { entries: SummaryEntry[]; links: boolean }) {
  if (entries.length === 0) return <p className="fr-text--sm">Rien ne manque.</p>;
  return (
    <ul className="fr-text--sm">
      {entries.map((e) => (
        <li key={`${e.id}|${e.message}`}>
          {links && e.id ? (
            <a
              href={`#${e.id}`}
              onClick={(ev) => {
                const target = document.getElementById(e.id);
                if (!target) return;
                ev.preventDefault();
                target.scrollIntoView({ block: 'center' });
                target.focus();
              }}
            >
              {e.message}
            </a>
          ) : (
            e.message
          )}
        </li>
      ))}
    </ul>
  );
}

function HostPartView({ detail: s }: { detail: ConventionDetail }) {
  const h = s.hostPart;
  return (
    <section className="fr-mb-4w" aria-labelledby="partie-organisme">
      <h2 id="partie-organisme" className="fr-h4">
        Partie de l’organisme d’accueil
      </h2>
      <dl className="sts-conv-dl">
        <dt>Représentant</dt>
        <dd>{contactText(h.representative)}</dd>
        <dt>Tuteur</dt>
        <dd>{contactText(h.tutor)}</dd>
        <dt>Lieu</dt>
        <dd>{h.placeAddress || s.parties.host.address || '—'}</dd>
        <dt>Activités</dt>
        <dd style={{ whiteSpace: 'pre-line' }}>{h.activities || '—'}</dd>
        <dt>Horaires</dt>
        <dd>
          {h.hours.length === 0
            ? '—'
            : h.hours
                .map(
                  (d) =>
                    `${DAY_NAMES[d.day]} ${d.from}–${d.to} (pause ${d.breakMinutes} min, ${formatDuration(presenceMinutes(d))})`,
                )
                .join(' ; ')}
        </dd>
        <dt>Déjeuner</dt>
        <dd>{h.lunch || '—'}</dd>
        <dt>Assurance</dt>
        <dd>
          {h.insurance.insurer || '—'}
          {h.insurance.policyNumber ? `, contrat ${h.insurance.policyNumber}` : ''}
        </dd>
      </dl>
    </section>
  );
}

function SchoolPartView({ detail: s }: { detail: ConventionDetail }) {
  const p = s.schoolPart;
  return (
    <section className="fr-mb-4w" aria-labelledby="partie-etablissement">
      <h2 id="partie-etablissement" className="fr-h4">
        Partie de l’établissement
      </h2>
      <dl className="sts-conv-dl">
        <dt>Chef d’établissement ou délégué</dt>
        <dd>{contactText(p.representative)}</dd>
        {s.parties.school.isPublic && (
          <>
            <dt>Délibération du conseil d’administration</dt>
            <dd>{p.caDeliberationDate || '—'}</dd>
          </>
        )}
        <dt>Professeur référent</dt>
        <dd>
          {[p.referentTeacher.name, p.referentTeacher.email, p.referentTeacher.phone]
            .filter(Boolean)
            .join(', ') || '—'}
        </dd>
        <dt>Classe</dt>
        <dd>{p.className || '—'}</dd>
        <dt>PAI</dt>
        <dd>
          {p.pai.has
            ? `oui, trousse apportée par ${p.pai.kitBy === 'school' ? 'l’établissement' : p.pai.kitBy === 'family' ? 'la famille' : '—'}`
            : 'non'}
        </dd>
        <dt>Représentants légaux</dt>
        <dd>
          {p.guardians.length === 0
            ? '—'
            : p.guardians
                .map((g) => `${g.firstName} ${g.lastName}${g.email ? ` (${g.email})` : ''}`)
                .join(' ; ')}
        </dd>
        <dt>Préparation et restitution</dt>
        <dd>{p.preparation || '—'}</dd>
      </dl>
    </section>
  );
}

function contactText(c: { name: string; role: string; email: string; phone: string }): string {
  return [c.name, c.role, c.email, c.phone].filter((x) => x.trim() !== '').join(', ') || '—';
}

interface ActionProps {
  detail: ConventionDetail;
  csrf: string | null;
  onDone: (next: ConventionDetail) => void;
  announce: (n: Notice) => void;
}

function Validate({ detail: s, csrf, onDone, announce }: ActionProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const ready = Boolean(s.hostCompletedAt && s.schoolCompletedAt) && s.problems.length === 0;
  const validate = async () => {
    setPending(true);
    setError(null);
    try {
      const next = await send<ConventionDetail>('POST', `/api/conventions/${s.id}/validate`, csrf, {
        version: s.version,
      });
      onDone(next);
      announce({
        severity: 'success',
        text: 'Convention validée : chaque signataire reçoit par courriel son lien personnel de signature.',
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Validation impossible.');
      requestAnimationFrame(() => errorRef.current?.focus());
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="fr-mb-6w" aria-labelledby="validation">
      <h2 id="validation" className="fr-h4">
        Validation
      </h2>
      <p>
        {ready
          ? 'Les deux parties sont complètes et les règles respectées : validez la convention pour ouvrir les signatures. Le document est alors figé.'
          : 'La convention pourra être validée quand les deux parties seront déclarées complètes et que toutes les règles seront respectées.'}
      </p>
      <div ref={errorRef} tabIndex={-1}>
        {error && <Alert severity="error" small role="alert" className="fr-mb-2w" description={error} />}
      </div>
      <Button
        type="button"
        iconId="fr-icon-check-line"
        disabled={pending || !ready}
        onClick={() => void validate()}
      >
        {pending ? 'Validation…' : 'Valider la convention'}
      </Button>
    </section>
  );
}

function Signatures({
  detail: s,
  csrf,
  onSigned,
  announce,
}: {
  detail: ConventionDetail;
  csrf: string | null;
  onSigned: (next: ConventionDetail) => void;
  announce: (n: Notice) => void;
}) {
  const mine = s.viewer.signAs.filter((role) => !s.signatories.find((x) => x.role === role)?.signedAt);
  return (
    <section className="fr-mb-6w" aria-labelledby="signatures">
      <h2 id="signatures" className="fr-h4">
        Signatures
      </h2>
      {s.signatories.length === 0 ? (
        <p>Les signataires seront connus à la validation de la convention.</p>
      ) : (
        <div className="fr-table">
          <table data-testid="convention-signatories">
            <caption className="fr-sr-only">Signataires de la convention</caption>
            <thead>
              <tr>
                <th scope="col">Qualité</th>
                <th scope="col">Nom</th>
                <th scope="col">Adresse du code</th>
                <th scope="col">Signature</th>
              </tr>
            </thead>
            <tbody>
              {s.signatories.map((x) => (
                <tr key={x.role}>
                  <th scope="row">{x.roleLabel}</th>
                  <td>{x.name}</td>
                  <td>{x.email}</td>
                  <td>
                    {x.signedAt ? (
                      <Badge as="span" small severity="success">
                        Signé le {formatDateTime(x.signedAt)}
                      </Badge>
                    ) : (
                      <Badge as="span" small severity="warning">
                        En attente
                      </Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {s.status === 'validated' &&
        mine.map((role) => (
          <SignAs key={role} detail={s} role={role} csrf={csrf} onSigned={onSigned} announce={announce} />
        ))}
      {s.sealed && (
        <p>
          Toutes les parties ont signé : le document final est scellé par la plateforme.{' '}
          <Link to={CONVENTION_PATHS.verify}>Vérifier une convention</Link>
        </p>
      )}
    </section>
  );
}

function SignAs({
  detail: s,
  role,
  csrf,
  onSigned,
  announce,
}: {
  detail: ConventionDetail;
  role: SignatoryRole;
  csrf: string | null;
  onSigned: (next: ConventionDetail) => void;
  announce: (n: Notice) => void;
}) {
  const label = SIGNATORY_ROLE_LABELS[role];
  return (
    <div className="fr-card fr-card--no-arrow fr-p-3w fr-mb-3w" data-testid={`sign-as-${role}`}>
      <h3 className="fr-h6">Signer en qualité de : {label}</h3>
      <p className="fr-text--sm">
        Lisez d’abord le document exact que vous signez :{' '}
        <a href={documentUrl(s.id)} target="_blank" rel="noopener">
          Voir le document (PDF)<span className="fr-sr-only"> (nouvelle fenêtre)</span>
        </a>
        . Un code à usage unique est envoyé à l’adresse enregistrée sur la convention.
      </p>
      <CodeSignature
        who={`en qualité de ${label}`}
        blockedReason={null}
        requestCode={() => send<CodeSent>('POST', `/api/conventions/${s.id}/code`, csrf, { role })}
        sign={async (challengeId, code) => {
          const next = await send<ConventionDetail>('POST', `/api/conventions/${s.id}/sign`, csrf, {
            role,
            challengeId,
            code,
          });
          onSigned(next);
          announce({
            severity: 'success',
            text:
              next.status === 'signed'
                ? 'Signature enregistrée. Toutes les parties ont signé : la convention est scellée.'
                : `Signature enregistrée en qualité de ${label}.`,
          });
        }}
      />
    </div>
  );
}

function Cancel({ detail: s, csrf, onDone, announce }: ActionProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setError('Indiquez le motif de l’annulation : il est envoyé aux parties.');
      requestAnimationFrame(() => document.getElementById('annulation-motif')?.focus());
      return;
    }
    setPending(true);
    setError(null);
    try {
      const next = await send<ConventionDetail>('POST', `/api/conventions/${s.id}/cancel`, csrf, {
        reason: reason.trim(),
      });
      onDone(next);
      setOpen(false);
      announce({ severity: 'info', text: 'Convention annulée. Les parties sont prévenues.' });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Annulation impossible.');
      requestAnimationFrame(() => document.getElementById('annulation-motif')?.focus());
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="fr-mb-6w" aria-labelledby="annulation">
      <h2 id="annulation" className="fr-h4">
        Annuler la convention
      </h2>
      {!open ? (
        <Button
          type="button"
          priority="secondary"
          iconId="fr-icon-close-circle-line"
          onClick={() => {
            setOpen(true);
            requestAnimationFrame(() => document.getElementById('annulation-motif')?.focus());
          }}
        >
          Annuler la convention…
        </Button>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Annuler la convention">
          <Input
            textArea
            label="Motif de l’annulation"
            hintText="Envoyé par courriel à chaque partie. L’annulation est définitive."
            state={error ? 'error' : 'default'}
            stateRelatedMessage={error}
            nativeTextAreaProps={{
              id: 'annulation-motif',
              rows: 3,
              maxLength: 500,
              value: reason,
              onChange: (e) => setReason(e.target.value),
            }}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={pending}>
                {pending ? 'Annulation…' : 'Confirmer l’annulation'}
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
                Garder la convention
              </Button>
            </li>
          </ul>
        </form>
      )}
    </section>
  );
}
