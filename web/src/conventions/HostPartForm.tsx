import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { conventionProblems, missingHostFields } from '../../../src/domain/convention.ts';
import { ApiError } from '../lib/api.ts';
import { send, type ConventionDetail } from './api.ts';
import { ErrorSummary, TextField } from './Fields.tsx';
import { HoursTable } from './HoursTable.tsx';
import {
  charactersLeft,
  fieldDomId,
  hostDraftOf,
  hostPartOf,
  problemsOf,
  serverFieldErrors,
  summaryEntries,
  type HostDraft,
  type SummaryEntry,
} from './logic.ts';

const P = 'hp';
const id = (path: string) => fieldDomId(P, path);
export const ACTIVITIES_MAX = 1500;
const LUNCH_MAX = 250;

type Contact = 'representative' | 'tutor';

/**
 * The host's part of a convention (representative, tutor, place, activities, daily hours, lunch,
 * insurance), checked live with the domain's rules; « Enregistrer » keeps a draft, « Enregistrer
 * et déclarer complet » refuses while a field is missing or a rule is broken (error summary with
 * links to the fields, focus on it).
 */
export function HostPartForm({
  detail,
  csrf,
  onSaved,
  onReload,
}: {
  detail: ConventionDetail;
  csrf: string | null;
  onSaved: (next: ConventionDetail, complete: boolean) => void;
  /** reads the convention again (after a 409: someone changed it meanwhile) */
  onReload: () => void;
}) {
  const [draft, setDraft] = useState<HostDraft>(() => hostDraftOf(detail.hostPart));
  const [entries, setEntries] = useState<SummaryEntry[]>([]);
  const [pending, setPending] = useState(false);
  const [stale, setStale] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  // which submit button was used (Enter in a field saves a draft)
  const completeRef = useRef(false);

  const part = useMemo(() => hostPartOf(draft), [draft]);
  const liveProblems = useMemo(
    () =>
      problemsOf(
        'host',
        conventionProblems({
          parties: detail.parties,
          hostPart: part,
          schoolPart: detail.schoolPart,
          startDate: detail.startDate,
          endDate: detail.endDate,
          limits: detail.limits,
        }),
      ),
    [part, detail],
  );
  const errorOf = (path: string) => entries.find((e) => e.id === id(path))?.message;

  const showErrors = (next: SummaryEntry[]) => {
    setEntries(next);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const save = async (complete: boolean) => {
    if (complete) {
      const local = summaryEntries(P, missingHostFields(part), liveProblems);
      if (local.length > 0) return showErrors(local);
    }
    setEntries([]);
    setPending(true);
    try {
      const next = await send<ConventionDetail>(
        'PUT',
        `/api/conventions/${encodeURIComponent(detail.id)}/host-part`,
        csrf,
        { version: detail.version, hostPart: part, complete },
      );
      onSaved(next, complete);
    } catch (error) {
      setStale(error instanceof ApiError && error.status === 409);
      const fields = error instanceof ApiError ? serverFieldErrors(P, error.errors) : [];
      const message = error instanceof Error ? error.message : 'Enregistrement impossible.';
      showErrors(fields.length > 0 ? fields : [{ id: `${P}-form`, message }]);
    } finally {
      setPending(false);
    }
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const complete = completeRef.current;
    completeRef.current = false;
    void save(complete);
  };

  const setContact = (who: Contact, key: 'name' | 'role' | 'email' | 'phone', value: string) =>
    setDraft((d) => ({ ...d, [who]: { ...d[who], [key]: value } }));

  const contact = (who: Contact, legend: string, hint: string) => (
    <fieldset className="fr-fieldset" aria-labelledby={`${P}-${who}-legend`}>
      <legend className="fr-fieldset__legend" id={`${P}-${who}-legend`}>
        {legend}
        <span className="fr-hint-text">{hint}</span>
      </legend>
      {(
        [
          ['name', 'Prénom et nom', 'text', 'name'],
          ['role', 'Fonction', 'text', 'organization-title'],
          ['email', 'Adresse électronique', 'email', 'email'],
          ['phone', 'Téléphone (facultatif)', 'tel', 'tel'],
        ] as const
      ).map(([key, label, type]) => (
        <div className="fr-fieldset__element" key={key}>
          <TextField
            id={id(`${who}.${key}`)}
            label={label}
            type={type}
            {...(key === 'email' ? { hint: 'Exemple : nom@domaine.fr', maxLength: 254 } : {})}
            value={draft[who][key]}
            error={errorOf(`${who}.${key}`)}
            onChange={(v) => setContact(who, key, v)}
          />
        </div>
      ))}
    </fieldset>
  );

  return (
    <form id={`${P}-form`} tabIndex={-1} onSubmit={submit} noValidate aria-labelledby={`${P}-title`}>
      <h2 id={`${P}-title`}>Partie de l’organisme d’accueil</h2>
      <ErrorSummary
        ref={summaryRef}
        title="La partie de l’organisme ne peut pas être déclarée complète"
        entries={entries}
      />
      {stale && (
        <Button type="button" priority="secondary" className="fr-mb-3w" onClick={onReload}>
          Recharger la dernière version (vos saisies non enregistrées seront perdues)
        </Button>
      )}
      <p className="fr-text--sm">
        Les champs sont obligatoires pour déclarer la partie complète, sauf ceux marqués « facultatif ».
      </p>
      {contact(
        'representative',
        'Représentant de l’organisme (signataire)',
        'La personne qui signe la convention pour l’organisme : le code de signature lui est envoyé à cette adresse.',
      )}
      {contact('tutor', 'Tuteur ou tutrice de l’élève', 'La personne qui encadre l’élève pendant le stage.')}
      <TextField
        id={id('placeAddress')}
        label="Lieu du stage (facultatif)"
        hint="À indiquer s’il diffère de l’adresse de l’organisme."
        value={draft.placeAddress}
        maxLength={300}
        error={errorOf('placeAddress')}
        onChange={(v) => setDraft((d) => ({ ...d, placeAddress: v }))}
      />
      <Input
        textArea
        label="Activités prévues"
        hintText={
          <span id={`${id('activities')}-count`}>
            Observation uniquement : enquêtes, participation à des activités et démonstrations sous le
            contrôle du tuteur. {charactersLeft(draft.activities, ACTIVITIES_MAX)}.
          </span>
        }
        state={errorOf('activities') || draft.activities.length > ACTIVITIES_MAX ? 'error' : 'default'}
        stateRelatedMessage={
          errorOf('activities') ??
          (draft.activities.length > ACTIVITIES_MAX
            ? `Les activités dépassent ${ACTIVITIES_MAX} caractères.`
            : undefined)
        }
        nativeTextAreaProps={{
          id: id('activities'),
          rows: 6,
          value: draft.activities,
          onChange: (e) => setDraft((d) => ({ ...d, activities: e.target.value })),
        }}
      />
      <h3 className="fr-h5">Horaires journaliers</h3>
      <HoursTable
        prefix={P}
        days={draft.days}
        limits={detail.limits}
        problems={liveProblems}
        onChange={(days) => setDraft((d) => ({ ...d, days }))}
      />
      <Input
        textArea
        label="Pause déjeuner"
        hintText={`Où l’élève déjeune et qui paie (à la charge de la famille sauf si l’organisme le prend en charge). ${charactersLeft(draft.lunch, LUNCH_MAX)}.`}
        state={errorOf('lunch') ? 'error' : 'default'}
        stateRelatedMessage={errorOf('lunch')}
        nativeTextAreaProps={{
          id: id('lunch'),
          rows: 2,
          value: draft.lunch,
          onChange: (e) => setDraft((d) => ({ ...d, lunch: e.target.value })),
        }}
      />
      <fieldset className="fr-fieldset" aria-labelledby={`${P}-insurance-legend`}>
        <legend className="fr-fieldset__legend" id={`${P}-insurance-legend`}>
          Assurance responsabilité civile de l’organisme
          <span className="fr-hint-text">
            Un service de l’État est son propre assureur : indiquez « État ».
          </span>
        </legend>
        <div className="fr-fieldset__element">
          <TextField
            id={id('insurance.insurer')}
            label="Assureur"
            value={draft.insurance.insurer}
            error={errorOf('insurance.insurer')}
            onChange={(v) => setDraft((d) => ({ ...d, insurance: { ...d.insurance, insurer: v } }))}
          />
        </div>
        <div className="fr-fieldset__element">
          <TextField
            id={id('insurance.policyNumber')}
            label="Numéro de contrat (facultatif)"
            value={draft.insurance.policyNumber}
            error={errorOf('insurance.policyNumber')}
            onChange={(v) => setDraft((d) => ({ ...d, insurance: { ...d.insurance, policyNumber: v } }))}
          />
        </div>
      </fieldset>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button
            type="submit"
            priority="secondary"
            disabled={pending}
            onClick={() => (completeRef.current = false)}
          >
            Enregistrer
          </Button>
        </li>
        <li>
          <Button type="submit" disabled={pending} onClick={() => (completeRef.current = true)}>
            {pending ? 'Enregistrement…' : 'Enregistrer et déclarer complet'}
          </Button>
        </li>
      </ul>
    </form>
  );
}
