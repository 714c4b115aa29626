/**
 * Small form pieces of the convention pages: a text field bound to an id, the error summary, a
 * fieldset of contact fields, and what the host's and the school's part forms share (saving, head,
 * buttons).
 */
import { forwardRef, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { ApiError } from '../lib/api.ts';
import { send, type ConventionDetail } from './api.ts';
import { fieldDomId, serverFieldErrors, type SummaryEntry } from './logic.ts';

export function TextField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  type = 'text',
  maxLength = 200,
  autoComplete = 'off',
  disabled = false,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  type?: 'text' | 'email' | 'tel' | 'date';
  maxLength?: number;
  autoComplete?: string;
  disabled?: boolean;
}) {
  return (
    <Input
      label={label}
      {...(hint ? { hintText: hint } : {})}
      disabled={disabled}
      state={error ? 'error' : 'default'}
      stateRelatedMessage={error}
      nativeInputProps={{
        id,
        type,
        value,
        maxLength,
        autoComplete,
        onChange: (e) => onChange(e.target.value),
      }}
    />
  );
}

/**
 * The DSFR error summary of a form (RGAA 11.10): a titled alert listing each error as a link to its
 * field. Focusable so that a failed submit can move the focus to it.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, { title: string; entries: SummaryEntry[] }>(
  function ErrorSummary({ title, entries }, ref) {
    if (entries.length === 0) return null;
    return (
      <div
        ref={ref}
        tabIndex={-1}
        role="alert"
        className="fr-alert fr-alert--error fr-mb-3w"
        data-testid="error-summary"
      >
        <h3 className="fr-alert__title">{title}</h3>
        <ul>
          {entries.map((e) => (
            <li key={`${e.id}|${e.message}`}>
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
            </li>
          ))}
        </ul>
      </div>
    );
  },
);

/** One field of a contact fieldset: its key, label, input type and, optionally, hint and length. */
export interface ContactField<K extends string> {
  key: K;
  label: string;
  type: 'text' | 'email' | 'tel';
  hint?: string;
  maxLength?: number;
}

/**
 * A fieldset of contact fields (`<path>.<key>` each), in a DSFR fieldset with its legend; `children`
 * go after the fields.
 */
export function ContactFieldset<K extends string>({
  legendId,
  legend,
  hint,
  idOf,
  path,
  fields,
  value,
  errorOf,
  onChange,
  children,
}: {
  legendId: string;
  legend: ReactNode;
  hint?: string;
  idOf: (path: string) => string;
  path: string;
  fields: readonly ContactField<K>[];
  value: Record<K, string>;
  errorOf: (path: string) => string | undefined;
  onChange: (key: K, value: string) => void;
  children?: ReactNode;
}) {
  return (
    <fieldset className="fr-fieldset" aria-labelledby={legendId}>
      <legend className="fr-fieldset__legend" id={legendId}>
        {legend}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </legend>
      {fields.map((f) => (
        <div className="fr-fieldset__element" key={f.key}>
          <TextField
            id={idOf(`${path}.${f.key}`)}
            label={f.label}
            type={f.type}
            {...(f.hint ? { hint: f.hint } : {})}
            {...(f.maxLength ? { maxLength: f.maxLength } : {})}
            value={value[f.key]}
            error={errorOf(`${path}.${f.key}`)}
            onChange={(v) => onChange(f.key, v)}
          />
        </div>
      ))}
      {children}
    </fieldset>
  );
}

/**
 * The saving of one part of a convention (`side`), shared by the host's and the school's forms:
 * « Enregistrer » keeps a draft; « Enregistrer et déclarer complet » first runs `check` (missing
 * fields, broken rules) and refuses while it finds any; a server refusal is shown field by field
 * (or for the whole form), a 409 offers to reload.
 */
export function usePartSave({
  prefix,
  side,
  detail,
  csrf,
  onSaved,
  check,
  body,
}: {
  prefix: string;
  side: 'host' | 'school';
  detail: ConventionDetail;
  csrf: string | null;
  onSaved: (next: ConventionDetail, complete: boolean) => void;
  check: () => SummaryEntry[];
  body: () => object;
}) {
  const [entries, setEntries] = useState<SummaryEntry[]>([]);
  const [pending, setPending] = useState(false);
  const [stale, setStale] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  // which submit button was used (Enter in a field saves a draft)
  const completeRef = useRef(false);

  const errorOf = (path: string) => entries.find((e) => e.id === fieldDomId(prefix, path))?.message;

  const showErrors = (next: SummaryEntry[]) => {
    setEntries(next);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const save = async (complete: boolean) => {
    if (complete) {
      const local = check();
      if (local.length > 0) return showErrors(local);
    }
    setEntries([]);
    setPending(true);
    try {
      const next = await send<ConventionDetail>(
        'PUT',
        `/api/conventions/${encodeURIComponent(detail.id)}/${side}-part`,
        csrf,
        { version: detail.version, ...body(), complete },
      );
      onSaved(next, complete);
    } catch (error) {
      setStale(error instanceof ApiError && error.status === 409);
      const fields = error instanceof ApiError ? serverFieldErrors(prefix, error.errors) : [];
      const message = error instanceof Error ? error.message : 'Enregistrement impossible.';
      showErrors(fields.length > 0 ? fields : [{ id: `${prefix}-form`, message }]);
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

  return { entries, pending, stale, summaryRef, completeRef, errorOf, submit };
}

/**
 * The form of one part: its title, error summary, reload button after a 409, the note on
 * mandatory fields, the fields (`children`), the two save buttons.
 */
export function PartForm({
  prefix,
  title,
  summaryTitle,
  save,
  onReload,
  children,
}: {
  prefix: string;
  title: string;
  summaryTitle: string;
  save: Pick<ReturnType<typeof usePartSave>, 'entries' | 'pending' | 'stale' | 'summaryRef' | 'submit'> & {
    completeRef: RefObject<boolean>;
  };
  onReload: () => void;
  children: ReactNode;
}) {
  const { entries, pending, stale, summaryRef, completeRef, submit } = save;
  return (
    <form
      id={`${prefix}-form`}
      tabIndex={-1}
      onSubmit={submit}
      noValidate
      aria-labelledby={`${prefix}-title`}
    >
      <h2 id={`${prefix}-title`}>{title}</h2>
      <ErrorSummary ref={summaryRef} title={summaryTitle} entries={entries} />
      {stale && (
        <Button type="button" priority="secondary" className="fr-mb-3w" onClick={onReload}>
          Recharger la dernière version (vos saisies non enregistrées seront perdues)
        </Button>
      )}
      <p className="fr-text--sm">
        Les champs sont obligatoires pour déclarer la partie complète, sauf ceux marqués « facultatif ».
      </p>
      {children}
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
