/** Small form pieces of the convention pages: a text field bound to an id, the error summary. */
import { forwardRef } from 'react';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import type { SummaryEntry } from './logic.ts';

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
