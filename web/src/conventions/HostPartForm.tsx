import { useMemo, useState } from 'react';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { conventionProblems, missingHostFields } from '../../../src/domain/convention.ts';
import type { ConventionDetail } from './api.ts';
import { ContactFieldset, PartForm, TextField, usePartSave, type ContactField } from './Fields.tsx';
import { HoursTable } from './HoursTable.tsx';
import {
  charactersLeft,
  fieldDomId,
  hostDraftOf,
  hostPartOf,
  problemsOf,
  summaryEntries,
  type HostDraft,
} from './logic.ts';

const P = 'hp';
const id = (path: string) => fieldDomId(P, path);
export const ACTIVITIES_MAX = 1500;
const LUNCH_MAX = 250;

type Contact = 'representative' | 'tutor';

const CONTACT_FIELDS: readonly ContactField<'name' | 'role' | 'email' | 'phone'>[] = [
  { key: 'name', label: 'Prénom et nom', type: 'text' },
  { key: 'role', label: 'Fonction', type: 'text' },
  {
    key: 'email',
    label: 'Adresse électronique',
    type: 'email',
    hint: 'Exemple : nom@domaine.fr',
    maxLength: 254,
  },
  { key: 'phone', label: 'Téléphone (facultatif)', type: 'tel' },
];

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
  const form = usePartSave({
    prefix: P,
    side: 'host',
    detail,
    csrf,
    onSaved,
    check: () => summaryEntries(P, missingHostFields(part), liveProblems),
    body: () => ({ hostPart: part }),
  });
  const { errorOf } = form;

  const setContact = (who: Contact, key: 'name' | 'role' | 'email' | 'phone', value: string) =>
    setDraft((d) => ({ ...d, [who]: { ...d[who], [key]: value } }));

  const contact = (who: Contact, legend: string, hint: string) => (
    <ContactFieldset
      legendId={`${P}-${who}-legend`}
      legend={legend}
      hint={hint}
      idOf={id}
      path={who}
      fields={CONTACT_FIELDS}
      value={draft[who]}
      errorOf={errorOf}
      onChange={(key, v) => setContact(who, key, v)}
    />
  );

  return (
    <PartForm
      prefix={P}
      title="Partie de l’organisme d’accueil"
      summaryTitle="La partie de l’organisme ne peut pas être déclarée complète"
      save={form}
      onReload={onReload}
    >
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
    </PartForm>
  );
}
