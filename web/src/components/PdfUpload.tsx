import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Upload } from '@codegouvfr/react-dsfr/Upload.js';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useSession } from '../lib/session.ts';

/** A file accepted by POST /api/files. */
export interface UploadedFile {
  id: string;
  fileName: string;
  size: number;
}

export interface PdfUploadProps {
  label: string;
  /** what the file is for: a student's CV, or the document behind an exemption */
  purpose: 'cv' | 'exemption';
  /** shown under the label; « PDF, 2 Mo au plus » by default */
  hint?: string;
  onUploaded(file: UploadedFile): void;
  /** the user removed the file they had sent (or chose another one) */
  onCleared?(): void;
}

/** The server's limit (src/domain/files.ts). */
export const MAX_PDF_BYTES = 2 * 1024 * 1024;

/** « 1,2 Mo », « 350 ko »: a file size in French. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
  }
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} ko`;
}

/** What is wrong with a chosen file before sending it (the server checks its content again). */
function precheck(file: File): string | null {
  if (file.size === 0) return 'Le fichier est vide.';
  if (file.size > MAX_PDF_BYTES) return 'Le fichier dépasse 2 Mo.';
  const pdfType = file.type === 'application/pdf' || file.type === '';
  if (!pdfType || !/\.pdf$/i.test(file.name)) return 'Le fichier n’est pas un PDF.';
  return null;
}

type State =
  | { kind: 'idle' }
  | { kind: 'sending'; fileName: string; percent: number | null }
  | { kind: 'error'; message: string }
  | { kind: 'done'; file: UploadedFile };

const UNREACHABLE = 'Le service est injoignable. Vérifiez votre connexion à internet.';

/** Sends one file to POST /api/files (multipart), reporting the progress. */
function send(
  file: File,
  purpose: PdfUploadProps['purpose'],
  csrfToken: string,
  onProgress: (percent: number) => void,
): { promise: Promise<UploadedFile>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadedFile>((resolve, reject) => {
    const body = new FormData();
    // the field comes first so the server knows the purpose before reading the file
    body.append('purpose', purpose);
    body.append('file', file, file.name);
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new Error(UNREACHABLE));
    xhr.onabort = () => reject(new Error('Envoi annulé.'));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = null;
      }
      if (xhr.status === 201 && parsed && typeof parsed === 'object' && 'id' in parsed) {
        const f = parsed as UploadedFile;
        resolve({ id: f.id, fileName: f.fileName, size: f.size });
        return;
      }
      const problem = (parsed ?? {}) as { title?: string; detail?: string };
      const text = problem.detail || problem.title;
      reject(new Error(text ? text : `Le service a répondu par une erreur (code ${xhr.status}).`));
    };
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}

/**
 * A PDF upload field (DSFR Upload): checks type and size in the browser, sends the file to
 * POST /api/files with the session's anti-CSRF token, shows the progress and the server's French
 * error next to the field, and hands the stored file to `onUploaded`.
 */
export function PdfUpload({
  label,
  purpose,
  hint = 'PDF, 2 Mo au plus',
  onUploaded,
  onCleared,
}: PdfUploadProps) {
  const session = useSession();
  const csrfToken = session.data?.authenticated ? session.data.csrfToken : null;
  const [state, setState] = useState<State>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<(() => void) | null>(null);
  const id = useId();
  const inputId = `pdf-upload-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const statusId = `${inputId}-status`;

  function reset(focus: boolean) {
    abortRef.current?.();
    abortRef.current = null;
    if (inputRef.current) inputRef.current.value = '';
    setState({ kind: 'idle' });
    onCleared?.();
    if (focus) inputRef.current?.focus();
  }

  async function choose(file: File | undefined) {
    abortRef.current?.();
    if (state.kind === 'done') onCleared?.();
    if (!file) {
      setState({ kind: 'idle' });
      return;
    }
    const wrong = precheck(file);
    if (wrong) {
      setState({ kind: 'error', message: wrong });
      return;
    }
    if (!csrfToken) {
      setState({ kind: 'error', message: 'Connectez-vous pour envoyer un fichier.' });
      return;
    }
    setState({ kind: 'sending', fileName: file.name, percent: null });
    const request = send(file, purpose, csrfToken, (percent) =>
      setState((s) => (s.kind === 'sending' ? { ...s, percent } : s)),
    );
    abortRef.current = request.abort;
    try {
      const uploaded = await request.promise;
      abortRef.current = null;
      setState({ kind: 'done', file: uploaded });
      onUploaded(uploaded);
    } catch (error) {
      abortRef.current = null;
      if (inputRef.current) inputRef.current.value = '';
      setState({ kind: 'error', message: error instanceof Error ? error.message : UNREACHABLE });
    }
  }

  const uploadState = state.kind === 'error' ? 'error' : state.kind === 'done' ? 'success' : 'default';
  const message =
    state.kind === 'error'
      ? state.message
      : state.kind === 'done'
        ? `Fichier envoyé : ${state.file.fileName} (${formatSize(state.file.size)}).`
        : undefined;

  return (
    <div className="fr-mb-3w">
      <Upload
        label={label}
        hint={hint}
        state={uploadState}
        stateRelatedMessage={message}
        disabled={state.kind === 'sending'}
        nativeInputProps={{
          id: inputId,
          ref: inputRef,
          accept: 'application/pdf,.pdf',
          'aria-describedby': statusId,
          onChange: (event: ChangeEvent<HTMLInputElement>) => void choose(event.currentTarget.files?.[0]),
        }}
      />
      <div id={statusId} aria-live="polite" role="status">
        {state.kind === 'sending' && (
          <p className="fr-text--sm fr-mt-1w fr-mb-0">
            Envoi en cours…{' '}
            {state.percent !== null && (
              <progress max={100} value={state.percent} aria-label="Progression de l’envoi" />
            )}
          </p>
        )}
        {state.kind === 'error' && <span className="fr-sr-only">{state.message}</span>}
        {state.kind === 'done' && <span className="fr-sr-only">{message}</span>}
      </div>
      {state.kind === 'done' && (
        <Button
          type="button"
          priority="tertiary"
          size="small"
          iconId="fr-icon-delete-line"
          className="fr-mt-1w"
          onClick={() => reset(true)}
        >
          Retirer ce fichier
        </Button>
      )}
      {state.kind === 'sending' && (
        <Button
          type="button"
          priority="tertiary"
          size="small"
          className="fr-mt-1w"
          onClick={() => reset(true)}
        >
          Annuler l’envoi
        </Button>
      )}
    </div>
  );
}
