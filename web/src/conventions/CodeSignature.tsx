import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { formatDateTime } from '../lib/format.ts';
import type { CodeSent } from './api.ts';
import { cleanCode, codeError } from './logic.ts';

/**
 * The one-time code step of a signature: « Recevoir un code » (sent to the e-mail recorded on the
 * convention), then a 6-digit input (autocomplete one-time-code) and « Signer ». The server's
 * French refusals (wrong code with the attempts left, expired, too many attempts) are shown next
 * to the input, which gets the focus back.
 */
export function CodeSignature({
  who,
  blockedReason,
  requestCode,
  sign,
  signLabel = 'Signer',
}: {
  /** « en tant qu’élève », for the buttons' accessible names */
  who: string;
  /** why asking a code is not possible yet (e.g. the document not read), or null */
  blockedReason: string | null;
  requestCode: () => Promise<CodeSent>;
  sign: (challengeId: string, code: string) => Promise<void>;
  signLabel?: string;
}) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const inputId = `code-${uid}`;
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const requestErrorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (sent) inputRef.current?.focus();
  }, [sent]);

  const ask = async () => {
    setRequestError(null);
    if (blockedReason) {
      setRequestError(blockedReason);
      requestAnimationFrame(() => requestErrorRef.current?.focus());
      return;
    }
    setPending(true);
    try {
      setSent(await requestCode());
      setCode('');
      setError(null);
    } catch (e) {
      setRequestError(e instanceof Error ? e.message : 'Le code n’a pas pu être envoyé.');
      requestAnimationFrame(() => requestErrorRef.current?.focus());
    } finally {
      setPending(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!sent) return;
    const wrong = codeError(code);
    if (wrong) {
      setError(wrong);
      inputRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await sign(sent.challengeId, cleanCode(code));
    } catch (err) {
      setError(err instanceof Error ? err.message : 'La signature a échoué.');
      requestAnimationFrame(() => inputRef.current?.focus());
    } finally {
      setPending(false);
    }
  };

  return (
    <div data-testid="code-signature">
      <div ref={requestErrorRef} tabIndex={-1}>
        {requestError && (
          <Alert severity="error" small role="alert" className="fr-mb-2w" description={requestError} />
        )}
      </div>
      {!sent ? (
        <Button type="button" iconId="fr-icon-mail-line" disabled={pending} onClick={() => void ask()}>
          {pending ? 'Envoi du code…' : 'Recevoir un code'}
          <span className="fr-sr-only"> pour signer {who}</span>
        </Button>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Signer ${who} avec le code reçu`}>
          <p role="status" className="fr-text--sm">
            Un code à 6 chiffres a été envoyé à {sent.sentTo}. Il est valable jusqu’au{' '}
            {formatDateTime(sent.expiresAt)}.
          </p>
          <div className={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
            <label className="fr-label" htmlFor={inputId}>
              Code de signature
              <span className="fr-hint-text">6 chiffres, reçus par courriel</span>
            </label>
            <input
              ref={inputRef}
              className={`fr-input${error ? ' fr-input--error' : ''}`}
              id={inputId}
              name="one-time-code"
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9]*"
              maxLength={6}
              value={code}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${inputId}-msg`}
              onChange={(e) => setCode(e.target.value.replace(/[^\d]/g, '').slice(0, 6))}
            />
            <div id={`${inputId}-msg`} aria-live="polite">
              {error && <p className="fr-error-text">{error}</p>}
            </div>
          </div>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" iconId="fr-icon-edit-line" disabled={pending}>
                {pending ? 'Signature…' : signLabel}
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" disabled={pending} onClick={() => void ask()}>
                Recevoir un nouveau code
              </Button>
            </li>
          </ul>
        </form>
      )}
    </div>
  );
}
