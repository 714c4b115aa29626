import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Upload } from '@codegouvfr/react-dsfr/Upload.js';
import { formatDateTime } from '../lib/format.ts';
import { getJson } from '../lib/api.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { send, useCsrf, type VerifyResult } from './api.ts';
import './conventions.css';

const TITLE = 'Vérifier une convention';

/** A file is authentic or not; a reference typed by hand only says whether the convention exists and is sealed. */
function verdictTitle(how: 'file' | 'reference', r: VerifyResult): string {
  if (how === 'file') return r.authentic ? 'Convention authentique' : 'Document non authentique';
  return r.authentic
    ? 'Référence reconnue : convention signée et scellée'
    : 'Référence reconnue : convention non signée';
}

function verdictSeverity(how: 'file' | 'reference', r: VerifyResult): 'success' | 'warning' | 'error' {
  if (r.authentic) return 'success';
  return how === 'reference' ? 'warning' : 'error';
}
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * /verifier (public): upload a sealed convention PDF, or type the reference printed in its footer,
 * and learn whether it is authentic, which template and which signatures it carries.
 */
export function VerifyPage() {
  useDocumentTitle(TITLE);
  const csrf = useCsrf();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [referenceError, setReferenceError] = useState<string | null>(null);
  const [result, setResult] = useState<{ how: 'file' | 'reference'; r: VerifyResult } | null>(null);
  const [pending, setPending] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  const show = (how: 'file' | 'reference', r: VerifyResult) => {
    setResult({ how, r });
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const checkFile = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    if (!file) {
      setFileError('Choisissez le fichier PDF de la convention.');
      return document.getElementById('verifier-fichier')?.focus();
    }
    if (file.size > MAX_BYTES) {
      setFileError('Le fichier dépasse 5 Mo.');
      return document.getElementById('verifier-fichier')?.focus();
    }
    setFileError(null);
    setPending(true);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      show('file', await send<VerifyResult>('POST', '/api/verify', csrf, body));
    } catch (err) {
      setFileError(err instanceof Error ? err.message : 'Vérification impossible.');
      document.getElementById('verifier-fichier')?.focus();
    } finally {
      setPending(false);
    }
  };

  const checkReference = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    const ref = reference.trim().toUpperCase();
    if (ref === '') {
      setReferenceError('Saisissez la référence imprimée en pied de page (exemple : CS-2026-7K3M-Q9XD).');
      return document.getElementById('verifier-reference')?.focus();
    }
    setReferenceError(null);
    setPending(true);
    try {
      show('reference', await getJson<VerifyResult>(`/api/verify/${encodeURIComponent(ref)}`));
    } catch (err) {
      setReferenceError(err instanceof Error ? err.message : 'Vérification impossible.');
      document.getElementById('verifier-reference')?.focus();
    } finally {
      setPending(false);
    }
  };

  const c = result?.r.convention;
  return (
    <div className="fr-container fr-py-4w">
      <h1>{TITLE}</h1>
      <p>
        Chaque convention signée sur la plateforme est scellée par son certificat. Déposez le fichier PDF reçu
        pour savoir s’il est authentique et intact, ou saisissez la référence imprimée en bas de chaque page.
      </p>

      <div ref={resultRef} tabIndex={-1} aria-live="polite" data-testid="verify-result">
        {result && (
          <Alert
            severity={verdictSeverity(result.how, result.r)}
            className="fr-mb-4w"
            title={verdictTitle(result.how, result.r)}
            description={
              <>
                <span className="sts-conv-block">{result.r.message}</span>
                {c && (
                  <>
                    <span className="sts-conv-block">
                      Référence {c.reference} — modèle « {c.template.name} », version {c.template.version} (
                      {c.template.schoolYear})
                    </span>
                    {c.sealedAt && (
                      <span className="sts-conv-block">Scellée le {formatDateTime(c.sealedAt)}</span>
                    )}
                    {c.signatures.length > 0 && (
                      <ul className="fr-mt-1w">
                        {c.signatures.map((x) => (
                          <li key={`${x.roleLabel}-${x.signedAt}`}>
                            {x.roleLabel} : {x.name}, le {formatDateTime(x.signedAt)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </>
            }
          />
        )}
      </div>

      <form onSubmit={(e) => void checkFile(e)} noValidate aria-labelledby="par-fichier" className="fr-mb-6w">
        <h2 id="par-fichier" className="fr-h4">
          Par le fichier PDF
        </h2>
        <Upload
          label="Fichier de la convention"
          hint="PDF, 5 Mo au plus"
          state={fileError ? 'error' : 'default'}
          stateRelatedMessage={fileError ?? undefined}
          nativeInputProps={{
            id: 'verifier-fichier',
            accept: 'application/pdf,.pdf',
            onChange: (e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setFileError(null);
            },
          }}
        />
        <Button type="submit" className="fr-mt-2w" disabled={pending} iconId="fr-icon-search-line">
          Vérifier le fichier
        </Button>
      </form>

      <form onSubmit={(e) => void checkReference(e)} noValidate aria-labelledby="par-reference">
        <h2 id="par-reference" className="fr-h4">
          Par la référence
        </h2>
        <Input
          label="Référence de la convention"
          hintText="Imprimée en bas de chaque page, par exemple CS-2026-7K3M-Q9XD. Seule l’existence et l’état de la convention sont indiqués ; pour l’authenticité du document, déposez le fichier."
          state={referenceError ? 'error' : 'default'}
          stateRelatedMessage={referenceError}
          nativeInputProps={{
            id: 'verifier-reference',
            value: reference,
            maxLength: 40,
            autoComplete: 'off',
            spellCheck: false,
            onChange: (e) => setReference(e.target.value),
          }}
        />
        <Button type="submit" disabled={pending} iconId="fr-icon-search-line">
          Vérifier la référence
        </Button>
      </form>
    </div>
  );
}
