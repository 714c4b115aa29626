/**
 * The rectorat's convention templates (issue 6 §2): the versions of its académie and the
 * platform's default for each school year (badges), a « Nouvelle version » form (name, year, the
 * text prefilled with the version in force, or read from a .txt/.md file in the browser), the
 * server's refusals listed per placeholder, a PDF preview of each version, the publication with a
 * confirmation, and the placeholders a template may use.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { ApiError, getJson } from '../lib/api.ts';
import { focusPageHeading } from '../lib/focus.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession, type SignedInSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { useNotify } from '../layout/notice.ts';
import { writeJson } from '../school/http.ts';
import { inForce, type TemplateVersion } from './logic.ts';

export const CONVENTION_TEMPLATES_PATH = '/modeles-de-convention';
const KEY = [...ACCOUNT_KEY, 'convention-templates'] as const;
const FILE_MAX = 200_000;

interface PlaceholderDoc {
  key: string;
  code: string;
  label: string;
  required: boolean;
  block: boolean;
}

const STATUS: Record<TemplateVersion['status'], { label: string; severity: 'success' | 'new' | 'info' }> = {
  published: { label: 'Publiée', severity: 'success' },
  draft: { label: 'Brouillon', severity: 'new' },
  retired: { label: 'Retirée', severity: 'info' },
};

export function ConventionTemplatesPage() {
  const title = 'Modèles de convention';
  useDocumentTitle(title);
  const session = useSession();
  let body: ReactNode;
  if (session.isPending) body = <p role="status">Chargement…</p>;
  else if (session.isError)
    body = (
      <Alert severity="error" title="La page n’a pas pu être chargée" description={session.error.message} />
    );
  else if (!session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  else if (session.data.role !== 'admin' && session.data.role !== 'rectorat')
    body = (
      <Alert
        severity="info"
        title="Page réservée au rectorat"
        description="Le texte des conventions de stage de l’académie est chargé et publié par le rectorat."
      />
    );
  else body = <Templates session={session.data} />;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb currentPageLabel={title} homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>{title}</h1>
      {body}
    </div>
  );
}

function Templates({ session }: { session: SignedInSession }) {
  const list = useQuery({
    queryKey: [...KEY, 'list'],
    queryFn: ({ signal }) => getJson<{ items: TemplateVersion[] }>('/api/convention-templates', signal),
  });
  const placeholders = useQuery({
    queryKey: [...KEY, 'placeholders'],
    queryFn: ({ signal }) =>
      getJson<{ items: PlaceholderDoc[] }>('/api/convention-templates/placeholders', signal),
  });
  if (list.isPending) return <p role="status">Chargement des modèles…</p>;
  if (list.isError)
    return (
      <Alert
        severity="error"
        title="Les modèles n’ont pas pu être chargés"
        description={list.error.message}
      />
    );
  const items = list.data.items;
  const years = [...new Set(items.map((t) => t.schoolYear))];
  return (
    <>
      <p>
        Chaque convention de stage est rédigée à partir du modèle publié pour son année scolaire : celui de
        l’académie s’il existe, sinon le modèle par défaut de la plateforme. Une nouvelle version est
        enregistrée comme brouillon ; vérifiez-la avec l’aperçu PDF, puis publiez-la. Les conventions pas
        encore validées passent alors à cette version ; les conventions validées ou signées gardent la leur.
      </p>
      {years.map((year) => (
        <VersionsTable
          key={year}
          year={year}
          items={items.filter((t) => t.schoolYear === year)}
          session={session}
        />
      ))}
      <NewVersionForm items={items} years={years} session={session} />
      <PlaceholdersTable query={placeholders} />
    </>
  );
}

function VersionsTable({
  year,
  items,
  session,
}: {
  year: string;
  items: TemplateVersion[];
  session: SignedInSession;
}) {
  return (
    <section className="fr-mb-4w" aria-labelledby={`annee-${year}`}>
      <h2 id={`annee-${year}`}>Année scolaire {year}</h2>
      <div className="fr-table fr-table--no-scroll">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table>
                <caption className="fr-sr-only">Versions du modèle de convention pour {year}</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Enregistrée</th>
                    <th scope="col">Conventions</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((t) => (
                    <VersionRow key={t.id} t={t} session={session} />
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}

function VersionRow({ t, session }: { t: TemplateVersion; session: SignedInSession }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { pathname } = useLocation();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const publishRef = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (opened.current) publishRef.current?.focus();
    opened.current = confirming;
  }, [confirming]);
  const label = `${t.name} (v${t.version})`;
  const publish = useMutation({
    mutationFn: () =>
      writeJson<{ switched: number; retired: string[] }>(
        'POST',
        `/api/convention-templates/${t.id}/publish`,
        session.csrfToken,
      ),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      notify({
        severity: 'success',
        path: pathname,
        text: `La version ${t.version} « ${t.name} » est publiée pour ${t.schoolYear}. ${
          r.switched === 0
            ? 'Aucune convention en cours n’a changé de modèle.'
            : `${r.switched} convention${r.switched > 1 ? 's' : ''} pas encore validée${r.switched > 1 ? 's passent' : ' passe'} à cette version.`
        }`,
      });
      focusPageHeading();
    },
  });
  const canPublish = t.status === 'draft' && (!t.isDefault || session.role === 'admin');
  return (
    <tr>
      <td>
        <strong>v{t.version}</strong> — {t.name}
        <br />
        <span className="fr-text--sm">
          {t.isDefault
            ? 'Modèle par défaut de la plateforme'
            : session.role === 'admin'
              ? `Académie ${t.academyCode}`
              : 'Modèle de l’académie'}
        </span>
      </td>
      <td>
        <Badge small noIcon severity={STATUS[t.status].severity}>
          {STATUS[t.status].label}
        </Badge>
        {t.publishedAt && (
          <>
            <br />
            <span className="fr-text--sm">le {formatDateTime(t.publishedAt)}</span>
          </>
        )}
      </td>
      <td>
        {formatDateTime(t.createdAt)}
        <br />
        <span className="fr-text--sm">{t.createdBy ? `par ${t.createdBy}` : 'par la plateforme'}</span>
      </td>
      <td>{t.conventionCount}</td>
      <td>
        <p className="fr-mb-1w">
          <a
            className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
            href={`/api/convention-templates/${t.id}/preview.pdf`}
            target="_blank"
            rel="noopener"
          >
            Aperçu PDF<span className="fr-sr-only"> de la version {label} (nouvelle fenêtre)</span>
          </a>
        </p>
        {canPublish && !confirming && (
          <Button size="small" ref={publishRef} onClick={() => setConfirming(true)}>
            Publier<span className="fr-sr-only"> la version {label}</span>
          </Button>
        )}
        {canPublish && confirming && (
          <div role="group" aria-label={`Confirmer la publication de la version ${label}`}>
            <p className="fr-text--sm fr-mb-1w">
              Publier la version {t.version} pour {t.schoolYear} ? La version publiée actuelle sera retirée.
            </p>
            <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
              <li>
                <Button ref={confirmRef} disabled={publish.isPending} onClick={() => publish.mutate()}>
                  Confirmer la publication
                </Button>
              </li>
              <li>
                <Button priority="secondary" onClick={() => setConfirming(false)}>
                  Annuler
                </Button>
              </li>
            </ul>
          </div>
        )}
        {publish.isError && <Alert severity="error" small description={publish.error.message} />}
      </td>
    </tr>
  );
}

function NewVersionForm({
  items,
  years,
  session,
}: {
  items: TemplateVersion[];
  years: string[];
  session: SignedInSession;
}) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { pathname } = useLocation();
  const [year, setYear] = useState(years[0] ?? '');
  const current = inForce(items, year);
  const [name, setName] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const body = text ?? current?.body ?? '';
  const create = useMutation({
    mutationFn: () =>
      writeJson<TemplateVersion>('POST', '/api/convention-templates', session.csrfToken, {
        schoolYear: year,
        name: name.trim(),
        body,
      }),
    onSuccess: async (t) => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      setName('');
      setText(null);
      notify({
        severity: 'success',
        path: pathname,
        text: `La version ${t.version} « ${t.name} » est enregistrée comme brouillon : vérifiez son aperçu PDF avant de la publier.`,
      });
      focusPageHeading();
    },
  });
  useEffect(() => {
    if (create.isError) summaryRef.current?.focus();
  }, [create.isError]);
  const bodyErrors =
    create.error instanceof ApiError ? create.error.errors.filter((e) => e.field.startsWith('body')) : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') {
      setNameError('Donnez un nom à cette version, par exemple « Convention de l’académie, juin 2027 ».');
      document.getElementById('modele-nom')?.focus();
      return;
    }
    setNameError(null);
    create.mutate();
  };
  const readFile = async (file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    if (!/\.(txt|md)$/i.test(file.name)) {
      setFileError(`« ${file.name} » : un fichier texte .txt ou .md est attendu.`);
      return;
    }
    if (file.size > FILE_MAX) {
      setFileError(`« ${file.name} » est trop volumineux : 200 Ko au plus.`);
      return;
    }
    setText(await file.text());
    create.reset();
  };
  return (
    <section className="fr-mb-4w" aria-labelledby="nouvelle-version">
      <h2 id="nouvelle-version">Nouvelle version</h2>
      <p>
        Partez du texte en vigueur ou chargez votre fichier. Les champs s’écrivent entre doubles accolades,
        par exemple <code>{'{{eleve.nom}}'}</code> ; les tableaux sont seuls sur leur ligne. Les champs
        obligatoires sont listés plus bas.
      </p>
      <form onSubmit={submit} noValidate>
        {create.isError && (
          <div ref={summaryRef} tabIndex={-1} className="fr-mb-2w">
            <Alert
              severity="error"
              title="La version n’a pas été enregistrée"
              description={
                bodyErrors.length > 0 ? (
                  <ul id="modele-erreurs">
                    {bodyErrors.map((err) => (
                      <li key={err.field}>
                        <a href="#modele-texte">{err.message}</a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  create.error.message
                )
              }
            />
          </div>
        )}
        <Input
          label="Nom de la version"
          state={nameError ? 'error' : 'default'}
          stateRelatedMessage={nameError ?? undefined}
          nativeInputProps={{
            id: 'modele-nom',
            value: name,
            maxLength: 200,
            onChange: (e) => setName(e.target.value),
          }}
        />
        <Select
          label="Année scolaire"
          nativeSelectProps={{
            value: year,
            onChange: (e) => {
              setYear(e.target.value);
              setText(null);
            },
          }}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <div className="fr-upload-group fr-mb-3w">
          <label className="fr-label" htmlFor="modele-fichier">
            Charger un fichier (facultatif)
            <span className="fr-hint-text">
              Texte .txt ou .md, 200 Ko au plus : il remplace le texte ci-dessous.
            </span>
          </label>
          <input
            className="fr-upload"
            type="file"
            id="modele-fichier"
            accept=".txt,.md,text/plain,text/markdown"
            aria-describedby={fileError ? 'modele-fichier-erreur' : undefined}
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
          {fileError && (
            <p id="modele-fichier-erreur" className="fr-error-text" role="alert">
              {fileError}
            </p>
          )}
        </div>
        <Input
          textArea
          label="Texte du modèle"
          hintText={
            current
              ? `Prérempli avec la version en vigueur : ${current.name} (v${current.version}).`
              : undefined
          }
          state={bodyErrors.length > 0 ? 'error' : 'default'}
          stateRelatedMessage={
            bodyErrors.length > 0
              ? `${bodyErrors.length} champ${bodyErrors.length > 1 ? 's' : ''} à corriger : voir la liste en haut du formulaire.`
              : undefined
          }
          nativeTextAreaProps={{
            id: 'modele-texte',
            value: body,
            rows: 18,
            spellCheck: false,
            style: { fontFamily: 'monospace' },
            onChange: (e) => setText(e.target.value),
          }}
        />
        <Button type="submit" disabled={create.isPending}>
          Enregistrer comme brouillon
        </Button>
      </form>
    </section>
  );
}

function PlaceholdersTable({ query }: { query: ReturnType<typeof useQuery<{ items: PlaceholderDoc[] }>> }) {
  return (
    <section aria-labelledby="champs">
      <h2 id="champs">Les champs d’un modèle</h2>
      {query.isPending && <p role="status">Chargement des champs…</p>}
      {query.isError && <Alert severity="error" small description={query.error.message} />}
      {query.data && (
        <div className="fr-table fr-table--no-scroll">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>
                    Les {query.data.items.length} champs : ceux marqués « obligatoire » doivent figurer dans
                    tout modèle
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Champ</th>
                      <th scope="col">Contenu</th>
                      <th scope="col">Obligatoire</th>
                    </tr>
                  </thead>
                  <tbody>
                    {query.data.items.map((p) => (
                      <tr key={p.key}>
                        <td>
                          <code>{p.code}</code>
                        </td>
                        <td>
                          {p.label}
                          {p.block && ' (tableau, seul sur sa ligne)'}
                        </td>
                        <td>{p.required ? 'obligatoire' : 'facultatif'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
