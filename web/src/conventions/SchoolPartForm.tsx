import { useMemo, useState } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import {
  conventionProblems,
  missingSchoolFields,
  type ConventionSchoolPart,
  type GuardianContact,
} from '../../../src/domain/convention.ts';
import type { ConventionDetail } from './api.ts';
import { ContactFieldset, PartForm, TextField, usePartSave, type ContactField } from './Fields.tsx';
import { fieldDomId, problemsOf, summaryEntries } from './logic.ts';

const P = 'sp';
const id = (path: string) => fieldDomId(P, path);
const EMPTY_GUARDIAN: GuardianContact = { firstName: '', lastName: '', email: '', phone: '' };

const REPRESENTATIVE_FIELDS: readonly ContactField<'name' | 'role' | 'email' | 'phone'>[] = [
  { key: 'name', label: 'Prénom et nom', type: 'text' },
  { key: 'role', label: 'Fonction', type: 'text' },
  { key: 'email', label: 'Adresse électronique', type: 'email' },
  { key: 'phone', label: 'Téléphone', type: 'tel' },
];
const REFERENT_FIELDS: readonly ContactField<'name' | 'email' | 'phone'>[] = [
  { key: 'name', label: 'Prénom et nom', type: 'text' },
  { key: 'email', label: 'Adresse électronique', type: 'email' },
  { key: 'phone', label: 'Téléphone', type: 'tel' },
];
const GUARDIAN_FIELDS: readonly ContactField<keyof GuardianContact>[] = [
  { key: 'firstName', label: 'Prénom', type: 'text' },
  { key: 'lastName', label: 'Nom', type: 'text' },
  { key: 'email', label: 'Adresse électronique', type: 'email' },
  { key: 'phone', label: 'Téléphone (facultatif)', type: 'tel' },
];

/**
 * The school's part (representative, CA deliberation date for a public lycée, referent teacher,
 * class, PAI and its kit, one or two guardians, the check of their contacts, preparation): same
 * save and completion rules as the host's part.
 */
export function SchoolPartForm({
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
  const [part, setPart] = useState<ConventionSchoolPart>(() => detail.schoolPart);
  const isPublic = detail.parties.school.isPublic;

  const liveProblems = useMemo(
    () =>
      problemsOf(
        'school',
        conventionProblems({
          parties: detail.parties,
          hostPart: detail.hostPart,
          schoolPart: part,
          startDate: detail.startDate,
          endDate: detail.endDate,
          limits: detail.limits,
        }),
      ),
    [part, detail],
  );
  const form = usePartSave({
    prefix: P,
    side: 'school',
    detail,
    csrf,
    onSaved,
    check: () => summaryEntries(P, missingSchoolFields(part, detail.parties), liveProblems),
    body: () => ({ schoolPart: part }),
  });
  const { errorOf } = form;

  const setGuardian = (i: number, key: keyof GuardianContact, value: string) =>
    setPart((p) => ({ ...p, guardians: p.guardians.map((g, j) => (j === i ? { ...g, [key]: value } : g)) }));
  const guardians = part.guardians.length === 0 ? [] : part.guardians.slice(0, 2);

  return (
    <PartForm
      prefix={P}
      title="Partie de l’établissement"
      summaryTitle="La partie de l’établissement ne peut pas être déclarée complète"
      save={form}
      onReload={onReload}
    >
      <ContactFieldset
        legendId={`${P}-rep-legend`}
        legend="Chef d’établissement ou délégué (signataire)"
        idOf={id}
        path="representative"
        fields={REPRESENTATIVE_FIELDS}
        value={part.representative}
        errorOf={errorOf}
        onChange={(key, v) => setPart((p) => ({ ...p, representative: { ...p.representative, [key]: v } }))}
      />
      {isPublic && (
        <TextField
          id={id('caDeliberationDate')}
          label="Date de la délibération du conseil d’administration"
          hint="Lycée public : la délibération qui autorise le chef d’établissement à signer les conventions."
          type="date"
          value={part.caDeliberationDate}
          error={errorOf('caDeliberationDate')}
          onChange={(v) => setPart((p) => ({ ...p, caDeliberationDate: v }))}
        />
      )}
      <ContactFieldset
        legendId={`${P}-ref-legend`}
        legend="Professeur référent"
        idOf={id}
        path="referentTeacher"
        fields={REFERENT_FIELDS}
        value={part.referentTeacher}
        errorOf={errorOf}
        onChange={(key, v) => setPart((p) => ({ ...p, referentTeacher: { ...p.referentTeacher, [key]: v } }))}
      />
      <TextField
        id={id('className')}
        label="Classe de l’élève"
        value={part.className}
        maxLength={50}
        error={errorOf('className')}
        onChange={(v) => setPart((p) => ({ ...p, className: v }))}
      />
      <fieldset className="fr-fieldset" aria-labelledby={`${P}-pai-legend`}>
        <legend className="fr-fieldset__legend" id={`${P}-pai-legend`}>
          Projet d’accueil individualisé (PAI)
        </legend>
        <div className="fr-fieldset__element">
          <div className="fr-radio-group">
            <input
              type="radio"
              id={id('pai.has')}
              name={`${P}-pai`}
              checked={!part.pai.has}
              onChange={() => setPart((p) => ({ ...p, pai: { has: false, kitBy: '' } }))}
            />
            <label className="fr-label" htmlFor={id('pai.has')}>
              L’élève n’a pas de PAI
            </label>
          </div>
        </div>
        <div className="fr-fieldset__element">
          <div className="fr-radio-group">
            <input
              type="radio"
              id={`${id('pai.has')}-oui`}
              name={`${P}-pai`}
              checked={part.pai.has}
              onChange={() => setPart((p) => ({ ...p, pai: { ...p.pai, has: true } }))}
            />
            <label className="fr-label" htmlFor={`${id('pai.has')}-oui`}>
              L’élève a un PAI
            </label>
          </div>
        </div>
      </fieldset>
      {part.pai.has && (
        <fieldset
          className={`fr-fieldset${errorOf('pai.kitBy') ? ' fr-fieldset--error' : ''}`}
          aria-labelledby={`${P}-kit-legend`}
          role="radiogroup"
        >
          <legend className="fr-fieldset__legend" id={`${P}-kit-legend`}>
            Qui apporte la trousse d’urgence du PAI ?
          </legend>
          {(
            [
              ['family', 'La famille'],
              ['school', 'L’établissement'],
            ] as const
          ).map(([value, label], i) => (
            <div className="fr-fieldset__element" key={value}>
              <div className="fr-radio-group">
                <input
                  type="radio"
                  id={i === 0 ? id('pai.kitBy') : `${id('pai.kitBy')}-${value}`}
                  name={`${P}-kit`}
                  checked={part.pai.kitBy === value}
                  onChange={() => setPart((p) => ({ ...p, pai: { has: true, kitBy: value } }))}
                />
                <label
                  className="fr-label"
                  htmlFor={i === 0 ? id('pai.kitBy') : `${id('pai.kitBy')}-${value}`}
                >
                  {label}
                </label>
              </div>
            </div>
          ))}
          {errorOf('pai.kitBy') && (
            <div className="fr-messages-group">
              <p className="fr-message fr-message--error">{errorOf('pai.kitBy')}</p>
            </div>
          )}
        </fieldset>
      )}
      <h3 className="fr-h5" id={id('guardians')} tabIndex={-1}>
        Représentants légaux
      </h3>
      <p className="fr-text--sm">
        Un ou deux représentants légaux signent la convention : le code de signature est envoyé à leur adresse
        électronique.
      </p>
      {guardians.map((g, i) => (
        <ContactFieldset
          key={i}
          legendId={`${P}-g${i}-legend`}
          legend={`Représentant légal ${i + 1}`}
          idOf={id}
          path={`guardians.${i}`}
          fields={GUARDIAN_FIELDS.map((f) => ({ ...f, label: `${f.label} du représentant légal ${i + 1}` }))}
          value={g}
          errorOf={errorOf}
          onChange={(key, v) => setGuardian(i, key, v)}
        >
          {i === 1 && (
            <div className="fr-fieldset__element">
              <Button
                type="button"
                priority="tertiary"
                size="small"
                iconId="fr-icon-delete-line"
                onClick={() => setPart((p) => ({ ...p, guardians: p.guardians.slice(0, 1) }))}
              >
                Retirer le représentant légal 2
              </Button>
            </div>
          )}
        </ContactFieldset>
      ))}
      {guardians.length < 2 && (
        <Button
          type="button"
          priority="secondary"
          size="small"
          iconId="fr-icon-add-line"
          className="fr-mb-3w"
          onClick={() => setPart((p) => ({ ...p, guardians: [...p.guardians, { ...EMPTY_GUARDIAN }] }))}
        >
          {guardians.length === 0 ? 'Ajouter le représentant légal 1' : 'Ajouter un représentant légal 2'}
        </Button>
      )}
      <div
        className={`fr-checkbox-group fr-mb-3w${errorOf('guardiansChecked') ? ' fr-checkbox-group--error' : ''}`}
      >
        <input
          type="checkbox"
          id={id('guardiansChecked')}
          checked={part.guardiansChecked}
          aria-describedby={`${id('guardiansChecked')}-msg`}
          onChange={(e) => setPart((p) => ({ ...p, guardiansChecked: e.target.checked }))}
        />
        <label className="fr-label" htmlFor={id('guardiansChecked')}>
          J’ai vérifié les coordonnées des représentants légaux
          <span className="fr-hint-text">Leurs adresses reçoivent les codes de signature.</span>
        </label>
        <div id={`${id('guardiansChecked')}-msg`} className="fr-messages-group">
          {errorOf('guardiansChecked') && (
            <p className="fr-message fr-message--error">{errorOf('guardiansChecked')}</p>
          )}
        </div>
      </div>
      <Input
        textArea
        label="Préparation et restitution du stage"
        state={errorOf('preparation') ? 'error' : 'default'}
        stateRelatedMessage={errorOf('preparation')}
        nativeTextAreaProps={{
          id: id('preparation'),
          rows: 3,
          value: part.preparation,
          onChange: (e) => setPart((p) => ({ ...p, preparation: e.target.value })),
        }}
      />
      <div aria-live="polite" data-testid="school-problems">
        {liveProblems.map((p) => (
          <p key={p.message} className="fr-message fr-message--error">
            {p.message}
          </p>
        ))}
      </div>
    </PartForm>
  );
}
