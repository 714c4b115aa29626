import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { CONVENTION_STATE_LABELS, attestationOpen } from '../../../src/domain/convention.ts';
import { formatDate } from '../lib/format.ts';
import { attestationUrl, conventionPath, send, type ConventionDetail } from './api.ts';
import { stageDays } from './logic.ts';

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
function parisToday(): string {
  return PARIS_DAY.format(new Date());
}

/** The avenant's note, kept in its parties by the server (absent on an original convention). */
function amendmentNote(
  s: ConventionDetail,
): { number: number; amends: string; reason: string; changes: string[] } | undefined {
  return (s.parties as { amendment?: { number: number; amends: string; reason: string; changes: string[] } })
    .amendment;
}

const CHANGES = [
  ['dates', 'Les dates'],
  ['hours', 'Les horaires'],
  ['tutor', 'Le tuteur'],
  ['place', 'Le lieu'],
] as const;

type Announce = (n: { severity: 'success' | 'error' | 'info'; text: string }) => void;

/**
 * After the signature: an avenant (a new convention linked to this one, signed again; the signed
 * one stays intact) for the lycée's signers and the host; the host's confirmation of the days of
 * presence (the attestation de stage), then the attestation's PDF.
 */
export function AfterSignature({
  detail: s,
  csrf,
  role,
  onDone,
  announce,
}: {
  detail: ConventionDetail;
  csrf: string | null;
  role: string;
  onDone: (next: ConventionDetail) => void;
  announce: Announce;
}) {
  const amendments = s.amendments ?? [];
  const inProgress = amendments.find((a) => a.status === 'completion' || a.status === 'validated');
  // an avenant is asked on the original convention, one at a time
  const canAmend =
    s.status === 'signed' && s.amendsId === null && (s.viewer.canCancel || role === 'host_member');
  // once an avenant is signed, the presence is confirmed on it (it states the stage)
  const signedAmendment = amendments.filter((a) => a.status === 'signed' || a.status === 'done').at(-1);
  const canAttest = s.status === 'signed' && role === 'host_member' && !signedAmendment;
  // the stage's last day has come (in Paris), the host may confirm the days of presence
  const open = attestationOpen(s.endDate, parisToday());
  const note = amendmentNote(s);
  if (!canAmend && !canAttest && s.status !== 'done' && amendments.length === 0 && !note) return null;
  return (
    <section className="fr-mb-6w" aria-labelledby="apres-signature">
      <h2 id="apres-signature" className="fr-h4">
        Après la signature
      </h2>
      {note && s.amendsId && (
        <p>
          Avenant n° {note.number} à la convention <Link to={conventionPath(s.amendsId)}>{note.amends}</Link>{' '}
          (qui reste valable telle qu’elle a été signée). Motif : {note.reason}
        </p>
      )}
      {amendments.length > 0 && (
        <>
          <h3 className="fr-h6">Avenants</h3>
          <ul>
            {amendments.map((a, i) => (
              <li key={a.id}>
                <Link to={conventionPath(a.id)}>Avenant {a.reference}</Link> (n° {i + 1}) :{' '}
                {CONVENTION_STATE_LABELS[a.status]}
              </li>
            ))}
          </ul>
        </>
      )}
      {s.status === 'done' && (
        <p>
          <a
            className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
            href={attestationUrl(s.id)}
            target="_blank"
            rel="noopener"
          >
            Télécharger l’attestation de stage (PDF scellé)
            <span className="fr-sr-only"> (nouvelle fenêtre)</span>
          </a>
        </p>
      )}
      {signedAmendment && s.status === 'signed' && role === 'host_member' && (
        <p className="fr-text--sm">
          La présence de l’élève se confirme sur l’avenant signé{' '}
          <Link to={conventionPath(signedAmendment.id)}>{signedAmendment.reference}</Link>.
        </p>
      )}
      {canAttest && open && <Attendance detail={s} csrf={csrf} onDone={onDone} announce={announce} />}
      {canAttest && !open && (
        <p className="fr-text--sm">
          L’attestation de stage pourra être remplie à partir du {formatDate(s.endDate)}, dernier jour du
          stage.
        </p>
      )}
      {canAmend && inProgress && (
        <p className="fr-text--sm">
          Un avenant est en cours ({inProgress.reference}) : un autre pourra être demandé une fois celui-ci
          signé ou annulé.
        </p>
      )}
      {canAmend && !inProgress && <Amend detail={s} csrf={csrf} announce={announce} />}
    </section>
  );
}

function Attendance({
  detail: s,
  csrf,
  onDone,
  announce,
}: {
  detail: ConventionDetail;
  csrf: string | null;
  onDone: (next: ConventionDetail) => void;
  announce: Announce;
}) {
  const days = stageDays(s.startDate, s.endDate, s.hostPart.hours);
  const [present, setPresent] = useState<Set<string>>(
    () => new Set(days.filter((d) => d.planned).map((d) => d.iso)),
  );
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (present.size === 0) {
      setError('Cochez au moins un jour de présence.');
      requestAnimationFrame(() => document.getElementById(`presence-${days[0]?.iso}`)?.focus());
      return;
    }
    setPending(true);
    setError(null);
    try {
      const next = await send<ConventionDetail>('POST', `/api/conventions/${s.id}/attendance`, csrf, {
        days: [...present].sort(),
      });
      onDone(next);
      announce({
        severity: 'success',
        text: 'Présence confirmée : l’attestation de stage est produite, l’élève et le lycée sont prévenus.',
      });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Confirmation impossible.');
      requestAnimationFrame(() => document.getElementById(`presence-${days[0]?.iso}`)?.focus());
    } finally {
      setPending(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="fr-mb-4w" aria-labelledby="presence-titre">
      <h3 className="fr-h6" id="presence-titre">
        Confirmer la présence de l’élève
      </h3>
      <fieldset
        className={`fr-fieldset${error ? ' fr-fieldset--error' : ''}`}
        aria-labelledby="presence-legend"
        aria-describedby="presence-msg"
      >
        <legend className="fr-fieldset__legend" id="presence-legend">
          Jours de présence de l’élève
          <span className="fr-hint-text">
            Cochez chaque jour où l’élève était présent ; l’attestation de stage est produite et scellée.
          </span>
        </legend>
        {days.map((d) => (
          <div className="fr-fieldset__element" key={d.iso}>
            <div className="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id={`presence-${d.iso}`}
                checked={present.has(d.iso)}
                onChange={(e) =>
                  setPresent((p) => {
                    const next = new Set(p);
                    if (e.target.checked) next.add(d.iso);
                    else next.delete(d.iso);
                    return next;
                  })
                }
              />
              <label className="fr-label" htmlFor={`presence-${d.iso}`}>
                {formatDate(d.iso)}
              </label>
            </div>
          </div>
        ))}
        <div className="fr-messages-group" id="presence-msg" aria-live="polite">
          {error && <p className="fr-message fr-message--error">{error}</p>}
        </div>
      </fieldset>
      <Button type="submit" disabled={pending} iconId="fr-icon-check-line">
        {pending ? 'Confirmation…' : 'Confirmer la présence et produire l’attestation'}
      </Button>
    </form>
  );
}

function Amend({
  detail: s,
  csrf,
  announce,
}: {
  detail: ConventionDetail;
  csrf: string | null;
  announce: Announce;
}) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [startDate, setStartDate] = useState(s.startDate);
  const [endDate, setEndDate] = useState(s.endDate);
  const [changes, setChanges] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<{ reason?: string; changes?: string; other?: string }>({});
  const [pending, setPending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (changes.size === 0)
      next.changes = 'Cochez au moins une modification (dates, horaires, tuteur ou lieu).';
    if (reason.trim() === '') next.reason = 'Indiquez le motif de l’avenant.';
    setErrors(next);
    if (next.changes || next.reason) {
      requestAnimationFrame(() =>
        document.getElementById(next.changes ? 'avenant-dates' : 'avenant-motif')?.focus(),
      );
      return;
    }
    setPending(true);
    try {
      const created = await send<ConventionDetail>('POST', `/api/conventions/${s.id}/amend`, csrf, {
        reason: reason.trim(),
        changes: [...changes],
        ...(changes.has('dates') ? { startDate, endDate } : {}),
      });
      announce({ severity: 'success', text: `Avenant ${created.reference} ouvert.` });
      void navigate(conventionPath(created.id));
    } catch (err) {
      setErrors({ other: err instanceof Error ? err.message : 'Avenant impossible.' });
      requestAnimationFrame(() => document.getElementById('avenant-motif')?.focus());
    } finally {
      setPending(false);
    }
  };
  if (!open)
    return (
      <Button
        type="button"
        priority="secondary"
        iconId="fr-icon-file-add-line"
        onClick={() => {
          setOpen(true);
          requestAnimationFrame(() => document.getElementById('avenant-dates')?.focus());
        }}
      >
        Demander un avenant…
      </Button>
    );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="avenant-titre">
      <h3 className="fr-h6" id="avenant-titre">
        Avenant
      </h3>
      <p className="fr-text--sm">
        Un avenant est une nouvelle convention liée à celle-ci, complétée puis signée à nouveau par les mêmes
        parties. La convention signée reste intacte.
      </p>
      <fieldset
        className={`fr-fieldset${errors.changes ? ' fr-fieldset--error' : ''}`}
        aria-labelledby="avenant-legend"
        aria-describedby="avenant-changes-msg"
      >
        <legend className="fr-fieldset__legend" id="avenant-legend">
          Ce que l’avenant modifie
        </legend>
        {CHANGES.map(([value, label]) => (
          <div className="fr-fieldset__element" key={value}>
            <div className="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id={`avenant-${value}`}
                checked={changes.has(value)}
                onChange={(e) =>
                  setChanges((c) => {
                    const next = new Set(c);
                    if (e.target.checked) next.add(value);
                    else next.delete(value);
                    return next;
                  })
                }
              />
              <label className="fr-label" htmlFor={`avenant-${value}`}>
                {label}
              </label>
            </div>
          </div>
        ))}
        <div className="fr-messages-group" id="avenant-changes-msg" aria-live="polite">
          {errors.changes && <p className="fr-message fr-message--error">{errors.changes}</p>}
        </div>
      </fieldset>
      {changes.has('dates') && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Nouveau premier jour"
              hintText="Dans les semaines officielles du stage"
              nativeInputProps={{
                id: 'avenant-debut',
                type: 'date',
                value: startDate,
                onChange: (e) => setStartDate(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Nouveau dernier jour"
              hintText="Dans les semaines officielles du stage"
              nativeInputProps={{
                id: 'avenant-fin',
                type: 'date',
                value: endDate,
                onChange: (e) => setEndDate(e.target.value),
              }}
            />
          </div>
        </div>
      )}
      <Input
        textArea
        label="Motif de l’avenant"
        state={errors.reason || errors.other ? 'error' : 'default'}
        stateRelatedMessage={errors.reason ?? errors.other}
        nativeTextAreaProps={{
          id: 'avenant-motif',
          rows: 3,
          maxLength: 500,
          value: reason,
          onChange: (e) => setReason(e.target.value),
        }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" disabled={pending}>
            {pending ? 'Ouverture…' : 'Ouvrir l’avenant'}
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
            Renoncer
          </Button>
        </li>
      </ul>
    </form>
  );
}
