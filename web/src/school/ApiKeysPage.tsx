import { useState } from 'react';
import { Navigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { getJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { writeJson, type PlacedSession } from './http.ts';

export const API_KEYS_PATH = '/organisme/cles-api';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** "Clés d’API": a host member creates (shown once), lists and revokes the partner API keys. */
export function ApiKeysPage() {
  useDocumentTitle('Clés d’API');
  const session = useSession();
  const s = session.data?.authenticated ? (session.data as PlacedSession) : null;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb currentPageLabel="Clés d’API" homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>Clés d’API</h1>
      {session.isPending && <p role="status">Chargement…</p>}
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {s && (s.role !== 'host_member' || !s.hostId) && (
        <Alert
          severity="info"
          title="Page réservée aux organismes d’accueil"
          description="Votre rôle ne donne pas accès aux clés d’API."
        />
      )}
      {s && s.role === 'host_member' && s.hostId && <Keys hostId={s.hostId} csrf={s.csrfToken} />}
    </div>
  );
}

function Keys({ hostId, csrf }: { hostId: string; csrf: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const key = [...ACCOUNT_KEY, 'api-keys', hostId];
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getJson<{ items: ApiKey[] }>(`/api/hosts/${hostId}/api-keys`, signal),
  });
  const create = useMutation({
    mutationFn: () =>
      writeJson<{ key: string; apiKey: ApiKey }>('POST', `/api/hosts/${hostId}/api-keys`, csrf, { name }),
    onSuccess: (r) => {
      setShown({ name: r.apiKey.name, key: r.key });
      setCopied(false);
      setName('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      writeJson<{ ok: true }>('DELETE', `/api/hosts/${hostId}/api-keys/${id}`, csrf),
    onSettled: () => {
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <>
      <p>
        Une clé d’API permet au système d’information de votre organisme de publier des offres sur la
        plateforme. Envoyez-la dans l’en-tête <code>Authorization: Bearer …</code>. Elle n’est affichée qu’une
        fois : seule son empreinte est conservée.
      </p>
      <form
        className="fr-mb-4w"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Input
          label="Nom de la nouvelle clé"
          hintText="Pour la reconnaître, par exemple « SIRH » ou « Site carrières »"
          nativeInputProps={{
            value: name,
            required: true,
            maxLength: 100,
            onChange: (e) => setName(e.target.value),
          }}
        />
        {create.isError && (
          <Alert
            severity="error"
            role="alert"
            className="fr-mb-2w"
            title="Clé non créée"
            description={create.error.message}
          />
        )}
        <Button type="submit" disabled={create.isPending} iconId="ri-key-2-line">
          Créer la clé
        </Button>
      </form>
      {shown && (
        <Alert
          severity="warning"
          role="status"
          className="fr-mb-4w"
          title={`Votre clé « ${shown.name} »`}
          description={
            <>
              <span className="fr-mb-1w" style={{ display: 'block' }}>
                Copiez-la maintenant et gardez-la en lieu sûr : elle ne sera plus jamais affichée.
              </span>
              <code data-testid="api-key" className="sts-api-key">
                {shown.key}
              </code>
              <Button
                size="small"
                priority="secondary"
                className="fr-mt-1w"
                iconId="fr-icon-clipboard-line"
                onClick={() => void navigator.clipboard?.writeText(shown.key).then(() => setCopied(true))}
              >
                {copied ? 'Clé copiée' : 'Copier la clé'}
              </Button>
            </>
          }
        />
      )}
      <h2>Clés de l’organisme</h2>
      {list.isPending && <p role="status">Chargement…</p>}
      {list.isError && <Alert severity="error" title="Liste indisponible" description={list.error.message} />}
      {revoke.isError && (
        <Alert
          severity="error"
          role="alert"
          title="Révocation impossible"
          description={revoke.error.message}
        />
      )}
      {list.data &&
        (list.data.items.length === 0 ? (
          <p>Aucune clé pour l’instant.</p>
        ) : (
          <div className="fr-table">
            <table>
              <caption className="fr-sr-only">Clés de l’organisme</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Début de la clé</th>
                  <th scope="col">Créée le</th>
                  <th scope="col">Dernière utilisation</th>
                  <th scope="col">État</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{formatDateTime(k.createdAt)}</td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Jamais'}</td>
                    <td>
                      {k.revokedAt ? (
                        `Révoquée le ${formatDateTime(k.revokedAt)}`
                      ) : confirming === k.id ? (
                        <span className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                          <Button
                            size="small"
                            onClick={() => revoke.mutate(k.id)}
                            disabled={revoke.isPending}
                          >
                            Confirmer la révocation de « {k.name} »
                          </Button>
                          <Button size="small" priority="secondary" onClick={() => setConfirming(null)}>
                            Annuler
                          </Button>
                        </span>
                      ) : (
                        <Button size="small" priority="secondary" onClick={() => setConfirming(k.id)}>
                          Révoquer<span className="fr-sr-only"> la clé « {k.name} »</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
