import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { formatDateRange, formatDateTime } from '../lib/format.ts';
import { getJson } from '../lib/api.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { publicDocumentUrl, send, useCsrf, type CodeSent, type PublicSignature } from './api.ts';
import { CodeSignature } from './CodeSignature.tsx';
import './conventions.css';

const TITLE = 'Signer une convention de stage';

/**
 * /signature/:token: the personal signing link mailed to each signatory (no account needed). Shows
 * who signs and what, the PDF to read (« J’ai lu la convention » before asking a code), the code
 * step, then the confirmation.
 */
export function PublicSignaturePage() {
  useDocumentTitle(TITLE);
  const { token = '' } = useParams();
  const key = ['public-signature', token];
  const queryClient = useQueryClient();
  const link = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getJson<PublicSignature>(`/api/signatures/${encodeURIComponent(token)}`, signal),
    retry: false,
  });
  const csrf = useCsrf();
  const [read, setRead] = useState(false);
  const [signed, setSigned] = useState<{ signedAt: string; conventionStatus: string } | null>(null);

  const s = link.data;
  return (
    <div className="fr-container fr-py-4w">
      <h1>{TITLE}</h1>
      {link.isPending && <p role="status">Chargement…</p>}
      {link.isError && (
        <Alert
          severity="error"
          role="alert"
          title="Ce lien de signature n’est pas valable"
          description={`${link.error.message} Si vous pensez qu’il s’agit d’une erreur, contactez le lycée de l’élève.`}
        />
      )}
      {s && (
        <>
          <p>
            Vous signez en qualité de <strong>{s.roleLabel}</strong> : {s.name}.
          </p>
          <dl className="sts-conv-dl">
            <dt>Convention</dt>
            <dd>{s.reference}</dd>
            <dt>Élève</dt>
            <dd>
              {s.student.firstName} {s.student.lastName}
            </dd>
            <dt>Organisme d’accueil</dt>
            <dd>{s.host.name}</dd>
            <dt>Dates</dt>
            <dd>{formatDateRange(s.startDate, s.endDate)} inclus</dd>
          </dl>
          <div aria-live="polite" data-testid="public-signature-state">
            {(signed || s.signedAt) && (
              <Alert
                severity="success"
                title="Signature enregistrée"
                description={
                  <>
                    Vous avez signé le {formatDateTime(signed?.signedAt ?? s.signedAt!)}.{' '}
                    {(signed?.conventionStatus ?? s.conventionStatus) === 'signed'
                      ? 'Toutes les parties ont signé : chacune reçoit par courriel le document final scellé.'
                      : 'Vous recevrez le document final par courriel quand toutes les parties auront signé.'}
                  </>
                }
              />
            )}
            {!signed && !s.signedAt && s.conventionStatus !== 'validated' && (
              <Alert
                severity="warning"
                title="Signature impossible"
                description={
                  s.conventionStatus === 'cancelled'
                    ? 'Cette convention a été annulée.'
                    : 'Cette convention a été modifiée ou n’est plus en signature : un nouveau lien vous sera envoyé si elle est validée à nouveau.'
                }
              />
            )}
          </div>
          {!signed && !s.signedAt && s.conventionStatus === 'validated' && (
            <section aria-labelledby="lire" className="fr-mt-4w">
              <h2 id="lire" className="fr-h4">
                1. Lire la convention
              </h2>
              <p>
                <a
                  className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
                  href={publicDocumentUrl(token)}
                  target="_blank"
                  rel="noopener"
                  data-testid="public-pdf"
                >
                  Voir le document (PDF)<span className="fr-sr-only"> (nouvelle fenêtre)</span>
                </a>
              </p>
              {s.documentSha256 && (
                <p className="fr-text--xs">
                  Empreinte du document (SHA-256) : <code>{s.documentSha256}</code>
                </p>
              )}
              <div className="fr-checkbox-group fr-mb-3w">
                <input type="checkbox" id="lu" checked={read} onChange={(e) => setRead(e.target.checked)} />
                <label className="fr-label" htmlFor="lu">
                  J’ai lu la convention
                  <span className="fr-hint-text">
                    Le document ouvert ci-dessus est exactement celui que vous signez.
                  </span>
                </label>
              </div>
              <h2 className="fr-h4">2. Signer avec un code</h2>
              <p className="fr-text--sm">
                Un code à usage unique est envoyé à {s.sentTo}. Il est valable 10 minutes ; 5 essais au plus.
              </p>
              <CodeSignature
                who={`en qualité de ${s.roleLabel}`}
                blockedReason={
                  read ? null : 'Cochez d’abord « J’ai lu la convention » après avoir ouvert le document.'
                }
                requestCode={() =>
                  send<CodeSent>('POST', `/api/signatures/${encodeURIComponent(token)}/code`, csrf, {
                    channel: 'email',
                  })
                }
                sign={async (challengeId, code) => {
                  const r = await send<{ signedAt: string; conventionStatus: string }>(
                    'POST',
                    `/api/signatures/${encodeURIComponent(token)}/sign`,
                    csrf,
                    { challengeId, code },
                  );
                  setSigned(r);
                  void queryClient.invalidateQueries({ queryKey: key });
                }}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}
