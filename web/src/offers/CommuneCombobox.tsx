import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError } from '../lib/api.ts';
import { fetchCommunes, type Commune } from './api.ts';

/** "Rennes (35000)": how a commune is written in the field and in the page's address. */
export function communeLabel(c: Pick<Commune, 'name' | 'postalCode'>): string {
  return `${c.name} (${c.postalCode})`;
}

interface CommuneComboboxProps {
  label: string;
  hint?: string;
  /** the chosen commune's label, shown in the field at first (remount the field to change it) */
  selectedLabel: string | null;
  onSelect: (commune: Commune | null) => void;
  /** the text of the field, as typed */
  onTextChange?: (text: string) => void;
  /** error message of the field (the search could not use the commune) */
  error?: string | null;
}

/**
 * Commune autocomplete, after the ARIA combobox pattern (list autocomplete): the suggestions
 * follow the text (GET /api/communes), ↓ and ↑ move in the list, Entrée chooses, Échap closes the
 * list (or empties the field when it is closed). The number of suggestions is announced.
 */
export function CommuneCombobox({
  label,
  hint,
  selectedLabel,
  onSelect,
  onTextChange,
  error,
}: CommuneComboboxProps) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [text, setText] = useState(selectedLabel ?? '');
  const [items, setItems] = useState<Commune[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const lastChosen = useRef(selectedLabel ?? '');

  useEffect(() => {
    const query = text.trim();
    if (query === lastChosen.current || query.length < 2) {
      setItems([]);
      setOpen(false);
      setStatus('');
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      fetchCommunes(query, controller.signal)
        .then((found) => {
          setItems(found);
          setActive(-1);
          setOpen(found.length > 0);
          setLoadError(null);
          setStatus(
            found.length === 0
              ? 'Aucune commune ne correspond.'
              : `${found.length} ${found.length === 1 ? 'commune proposée' : 'communes proposées'}, flèche bas pour les parcourir.`,
          );
        })
        .catch((e: unknown) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          setItems([]);
          setOpen(false);
          setLoadError(e instanceof ApiError ? e.message : 'Les communes n’ont pas pu être chargées.');
        });
    }, 200);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [text]);

  function choose(commune: Commune) {
    const chosen = communeLabel(commune);
    lastChosen.current = chosen;
    setText(chosen);
    setOpen(false);
    setItems([]);
    setActive(-1);
    setStatus(`${chosen} choisie.`);
    onSelect(commune);
    onTextChange?.(chosen);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        if (items.length === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((a) => (a + 1) % items.length);
        return;
      case 'ArrowUp':
        if (items.length === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
        return;
      case 'Enter': {
        const item = open ? items[active] : undefined;
        if (item) {
          // choosing a commune does not send the form yet
          event.preventDefault();
          choose(item);
        }
        return;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== '') {
          event.preventDefault();
          setText('');
          lastChosen.current = '';
          onSelect(null);
          onTextChange?.('');
        }
        return;
      default:
    }
  }

  const message = error ?? loadError;
  const describedBy = [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(' ');
  const expanded = open && items.length > 0;

  return (
    <div className={`fr-input-group sts-combobox${message ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={inputId}>
        {label}
        {hint && (
          <span className="fr-hint-text" id={hintId}>
            {hint}
          </span>
        )}
      </label>
      <input
        id={inputId}
        className={`fr-input${message ? ' fr-input--error' : ''}`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy || undefined}
        aria-invalid={message ? true : undefined}
        value={text}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          onTextChange?.(value);
          // the text no longer names the chosen commune: the choice is dropped
          if (lastChosen.current !== '' && value !== lastChosen.current) {
            lastChosen.current = '';
            onSelect(null);
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`Communes proposées pour « ${text.trim()} »`}
        className="sts-combobox__list"
        hidden={!expanded}
      >
        {items.map((c, i) => (
          <li
            key={`${c.insee}-${c.postalCode}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={
              i === active ? 'sts-combobox__option sts-combobox__option--active' : 'sts-combobox__option'
            }
            // mousedown: before the field loses focus and closes the list
            onMouseDown={(e) => {
              e.preventDefault();
              choose(c);
            }}
          >
            {c.name} <span className="sts-combobox__detail">({c.postalCode})</span>
          </li>
        ))}
      </ul>
      {message && (
        <p id={errorId} className="fr-error-text">
          {message}
        </p>
      )}
      <p className="fr-sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
