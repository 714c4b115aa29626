import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import {
  conventionProblems,
  missingSchoolFields,
  type ConventionSchoolPart,
  type GuardianContact,
} from '../../../src/domain/convention.ts';
import { ApiError } from '../lib/api.ts';
import { send, type ConventionDetail } from './api.ts';
import { ErrorSummary, TextField } from './Fields.tsx';
import { fieldDomId, problemsOf, serverFieldErrors, summaryEntries, type SummaryEntry } from './logic.ts';

const P = 'sp';
const id = (path: string) => fieldDomId(P, path);
const EMPTY_GUARDIAN: GuardianContact = { firstName: '', lastName: '', email: '', phone: '' };

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
  const [entries, setEntries] = useState<SummaryEntry[]>([]);
  const [pending, setPending] = useState(false);
  const [stale, setStale] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  // which submit button was used (Enter in a field saves a draft)
  const completeRef = useRef(false);
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
  const errorOf = (path: string) => entries.find((e) => e.id === id(path))?.message;

  const showErrors = (next: SummaryEntry[]) => {
    setEntries(next);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const save = async (complete: boolean) => {
    if (complete) {
      const local = summaryEntries(P, missingSchoolFields(part, detail.parties), liveProblems);
      if (local.length > 0) return showErrors(local);
    }
    setEntries([]);
    setPending(true);
    try {
      const next = await send<ConventionDetail>(
        'PUT',
        `/api/conventions/${encodeURIComponent(detail.id)}/school-part`,
        csrf,
        { version: detail.version, schoolPart: part, complete },
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

  const setGuardian = (i: number, key: keyof GuardianContact, value: string) =>
    setPart((p) => ({ ...p, guardians: p.guardians.map((g, j) => (j === i ? { ...g, [key]: value } : g)) }));
  const guardians = part.guardians.length === 0 ? [] : part.guardians.slice(0, 2);

  return (
    <form id={`${P}-form`} tabIndex={-1} onSubmit={submit} noValidate aria-labelledby={`${P}-title`}>
      <h2 id={`${P}-title`}>Partie de l’établissement</h2>
      <ErrorSummary
        ref={summaryRef}
        title="La partie de l’établissement ne peut pas être déclarée complète"
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
      <fieldset className="fr-fieldset" aria-labelledby={`${P}-rep-legend`}>
        <legend className="fr-fieldset__legend" id={`${P}-rep-legend`}>
          Chef d’établissement ou délégué (signataire)
        </legend>
        {(
          [
            ['name', 'Prénom et nom', 'text'],
            ['role', 'Fonction', 'text'],
            ['email', 'Adresse électronique', 'email'],
            ['phone', 'Téléphone', 'tel'],
          ] as const
        ).map(([key, label, type]) => (
          <div className="fr-fieldset__element" key={key}>
            <TextField
              id={id(`representative.${key}`)}
              label={label}
              type={type}
              value={part.representative[key]}
              error={errorOf(`representative.${key}`)}
              onChange={(v) => setPart((p) => ({ ...p, representative: { ...p.representative, [key]: v } }))}
            />
          </div>
        ))}
      </fieldset>
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
      <fieldset className="fr-fieldset" aria-labelledby={`${P}-ref-legend`}>
        <legend className="fr-fieldset__legend" id={`${P}-ref-legend`}>
          Professeur référent
        </legend>
        {(
          [
            ['name', 'Prénom et nom', 'text'],
            ['email', 'Adresse électronique', 'email'],
            ['phone', 'Téléphone', 'tel'],
          ] as const
        ).map(([key, label, type]) => (
          <div className="fr-fieldset__element" key={key}>
            <TextField
              id={id(`referentTeacher.${key}`)}
              label={label}
              type={type}
              value={part.referentTeacher[key]}
              error={errorOf(`referentTeacher.${key}`)}
              onChange={(v) =>
                setPart((p) => ({ ...p, referentTeacher: { ...p.referentTeacher, [key]: v } }))
              }
            />
          </div>
        ))}
      </fieldset>
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
        <fieldset className="fr-fieldset" aria-labelledby={`${P}-g${i}-legend`} key={i}>
          <legend className="fr-fieldset__legend" id={`${P}-g${i}-legend`}>
            Représentant légal {i + 1}
          </legend>
          {(
            [
              ['firstName', 'Prénom', 'text'],
              ['lastName', 'Nom', 'text'],
              ['email', 'Adresse électronique', 'email'],
              ['phone', 'Téléphone (facultatif)', 'tel'],
            ] as const
          ).map(([key, label, type]) => (
            <div className="fr-fieldset__element" key={key}>
              <TextField
                id={id(`guardians.${i}.${key}`)}
                label={`${label} du représentant légal ${i + 1}`}
                type={type}
                value={g[key]}
                error={errorOf(`guardians.${i}.${key}`)}
                onChange={(v) => setGuardian(i, key, v)}
              />
            </div>
          ))}
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
        </fieldset>
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
