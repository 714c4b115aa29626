import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { getJson, postJson } from '../lib/api.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export const CLASS_CODES_PATH = '/etablissement/codes';

interface ClassCode {
  code: string;
  createdAt: string;
  expiresAt: string;
}

interface SchoolClass {
  id: string;
  name: string;
  schoolYear: string;
  students: number;
  codes: ClassCode[];
}

const KEY = [...ACCOUNT_KEY, 'class-codes'] as const;

const dateFr = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));

/** "K7QM4TZA" → "K7QM-4TZA", easier to read aloud and to copy. */
const spaced = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * "Codes de classe" (head and staff of a lycée): a code per class lets students and their
 * guardians activate their accounts without ÉduConnect; it is valid 30 days.
 */
export function ClassCodesPage() {
  useDocumentTitle('Codes de classe');
  const session = useSession();
  const allowed =
    session.data?.authenticated &&
    (session.data.role === 'school_head' || session.data.role === 'school_staff');
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => getJson<{ items: SchoolClass[] }>('/api/class-codes', signal),
    enabled: Boolean(allowed),
  });
  const [created, setCreated] = useState<{ className: string; code: string } | null>(null);
  const create = useMutation({
    mutationFn: (c: SchoolClass) => postJson<ClassCode & { className: string }>(`/api/classes/${c.id}/codes`),
    onSuccess: (r) => {
      setCreated({ className: r.className, code: r.code });
      void queryClient.invalidateQueries({ queryKey: KEY });
      requestAnimationFrame(() => document.getElementById('code-cree')?.focus());
    },
  });

  return (
    <div className="fr-container fr-pb-10w">
      <Breadcrumb currentPageLabel="Codes de classe" homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>Codes de classe</h1>
      {session.isPending ? (
        <p role="status">Chargement…</p>
      ) : !allowed ? (
        <Alert
          severity="info"
          title="Page réservée aux personnels des lycées"
          description={
            <>
              Connectez-vous avec un compte de chef d’établissement ou de personnel d’un lycée.{' '}
              <Link to={PATHS.signIn}>Se connecter</Link>
            </>
          }
        />
      ) : (
        <>
          <p>
            Donnez à vos élèves le code de leur classe : avec lui, leur nom et leur date de naissance, ils (ou
            leurs représentants légaux) activent leur compte sans ÉduConnect et reçoivent un lien de connexion
            par courriel. Un code est valable 30 jours.
          </p>
          {created && (
            <div id="code-cree" tabIndex={-1} className="fr-mb-3w">
              <Alert
                severity="success"
                title={`Code créé pour la classe ${created.className}`}
                description={
                  <>
                    Code à donner aux élèves : <strong data-testid="code-cree">{spaced(created.code)}</strong>
                  </>
                }
              />
            </div>
          )}
          {create.isError && (
            <Alert
              className="fr-mb-3w"
              severity="error"
              role="alert"
              title="Le code n’a pas pu être créé"
              description={create.error.message}
            />
          )}
          {list.isPending ? (
            <p role="status">Chargement des classes…</p>
          ) : list.isError ? (
            <Alert
              severity="error"
              role="alert"
              title="Les classes n’ont pas pu être chargées"
              description={list.error.message}
            />
          ) : list.data.items.length === 0 ? (
            <p>Aucune classe n’est encore enregistrée pour votre lycée : importez d’abord vos élèves.</p>
          ) : (
            <div className="fr-table fr-table--no-caption">
              <div className="fr-table__wrapper">
                <div className="fr-table__container">
                  <div className="fr-table__content">
                    <table>
                      <caption>Classes du lycée et codes en cours de validité</caption>
                      <thead>
                        <tr>
                          <th scope="col">Classe</th>
                          <th scope="col">Élèves</th>
                          <th scope="col">Codes valables</th>
                          <th scope="col">Action</th>
                        </tr>
                      </thead>
                      <tbody>
                        {list.data.items.map((c) => (
                          <tr key={c.id} data-testid={`classe-${c.name}`}>
                            <th scope="row">
                              {c.name} <span className="fr-text--xs">({c.schoolYear})</span>
                            </th>
                            <td>{c.students}</td>
                            <td>
                              {c.codes.length === 0 ? (
                                'Aucun'
                              ) : (
                                <ul className="fr-raw-list">
                                  {c.codes.map((k) => (
                                    <li key={k.code}>
                                      <strong>{spaced(k.code)}</strong> jusqu’au {dateFr(k.expiresAt)}
                                    </li>
                                  ))}
                                </ul>
                              )}
                            </td>
                            <td>
                              <Button
                                size="small"
                                priority="secondary"
                                onClick={() => create.mutate(c)}
                                disabled={create.isPending}
                                nativeButtonProps={{ 'aria-label': `Créer un code pour la classe ${c.name}` }}
                              >
                                Créer un code
                              </Button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}
