import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion.js';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox.js';
import {
  COLUMN_HELP,
  MAX_OFFER_IMPORT_BYTES,
  MAX_OFFER_IMPORT_ROWS,
  OFFER_COLUMNS,
  OFFER_IMPORT_TEMPLATE,
  REQUIRED_COLUMNS,
} from '../../../src/domain/offer-import-format.ts';
import { ApiError, getJson } from '../lib/api.ts';
import { formatInteger } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import type { PlacedSession } from '../school/http.ts';

export const OFFER_IMPORT_PATH = '/mes-offres/import';
const MY_OFFERS = '/mes-offres';

/** POST /api/hosts/:hostId/offers/import (preview or publication). */
interface ImportSummary {
  host: { id: string; name: string };
  dryRun: boolean;
  encoding: string;
  separator: string;
  status: string;
  counts: { lines: number; valid: number; errors: number; published: number };
  offers: {
    line: number;
    title: string;
    sectorCode: string;
    communeName: string;
    postalCode: string | null;
    geocodeMethod: string;
    weeks: { week: number; places: number }[];
    accessible: boolean;
    reservedTo: string[];
  }[];
  errors: { line: number; column: string | null; message: string }[];
}

type Progress = { phase: 'upload'; percent: number } | { phase: 'check' };

const SEPARATORS: Record<string, string> = { ';': 'point-virgule', ',': 'virgule', '\t': 'tabulation' };

function plural(n: number, one: string, many: string): string {
  return `${formatInteger(n)} ${n > 1 ? many : one}`;
}

/**
 * Sends the file as text/csv with the session's CSRF token; XMLHttpRequest rather than fetch for
 * the upload's progress.
 */
function sendCsv(
  url: string,
  file: File,
  csrfToken: string,
  onProgress: (p: Progress) => void,
): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        onProgress({ phase: 'upload', percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => onProgress({ phase: 'check' });
    xhr.onerror = () =>
      reject(new ApiError('Le service est injoignable. Vérifiez votre connexion à internet.', null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the generic message below
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportSummary);
      else {
        const p = (body ?? {}) as { title?: string; detail?: string; type?: string };
        reject(
          new ApiError(
            p.detail ?? p.title ?? `Le service a répondu par une erreur (code ${xhr.status}).`,
            xhr.status,
            p,
          ),
        );
      }
    };
    xhr.send(file);
  });
}

/** "Importer des offres": a host member publishes many offers from a CSV file. */
export function OfferImportPage() {
  useDocumentTitle('Importer des offres');
  const session = useSession();
  const s = session.data?.authenticated ? (session.data as PlacedSession) : null;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel="Importer des offres"
        homeLinkProps={{ to: PATHS.home }}
        segments={[{ label: 'Mes offres', linkProps: { to: MY_OFFERS } }]}
      />
      <h1>Importer des offres</h1>
      {session.isPending && <p role="status">Chargement…</p>}
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {s && (s.role !== 'host_member' || !s.hostId) && (
        <Alert
          severity="info"
          title="Page réservée aux organismes d’accueil"
          description="Votre rôle ne permet pas d’importer des offres depuis un fichier."
        />
      )}
      {s && s.role === 'host_member' && s.hostId && <ImportForm hostId={s.hostId} csrf={s.csrfToken} />}
    </div>
  );
}

function ImportForm({ hostId, csrf }: { hostId: string; csrf: string }) {
  const queryClient = useQueryClient();
  const fileId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const [skipErrors, setSkipErrors] = useState(false);
  const busy = progress !== null;
  const templateUrl = useMemo(
    () => URL.createObjectURL(new Blob([`\ufeff${OFFER_IMPORT_TEMPLATE}`], { type: 'text/csv' })),
    [],
  );
  useEffect(() => () => URL.revokeObjectURL(templateUrl), [templateUrl]);

  const run = async (f: File, dryRun: boolean) => {
    setError(null);
    setProgress({ phase: 'upload', percent: 0 });
    const query = dryRun ? '?dryRun=true' : skipErrors ? '?skipErrors=true' : '';
    try {
      const r = await sendCsv(`/api/hosts/${hostId}/offers/import${query}`, f, csrf, setProgress);
      if (dryRun) setPreview(r);
      else {
        setResult(r);
        setPreview(null);
        void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
      }
    } catch (e) {
      setError({
        title: dryRun ? 'Fichier refusé' : 'Les offres n’ont pas été publiées',
        message: (e as Error).message,
      });
    } finally {
      setProgress(null);
    }
  };

  const onFile = (f: File | undefined) => {
    setPreview(null);
    setResult(null);
    setError(null);
    setSkipErrors(false);
    setFile(f ?? null);
    if (!f) return;
    if (f.size > MAX_OFFER_IMPORT_BYTES) {
      setError({
        title: 'Fichier refusé',
        message: 'Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.',
      });
      return;
    }
    void run(f, true);
  };

  const p = preview;
  const canPublish = p !== null && p.counts.valid > 0 && (p.counts.errors === 0 || skipErrors) && !busy;
  return (
    <>
      <p>
        Publiez en une fois les offres de votre organisme depuis un fichier CSV (export d’un tableur) : une
        ligne par offre. Un aperçu vérifie chaque ligne avant toute publication ; les offres sont publiées dès
        que vous confirmez, et vous pourrez ensuite les modifier une à une dans{' '}
        <Link to={MY_OFFERS}>Mes offres</Link>.
      </p>
      <p>
        <a
          className="fr-link fr-icon-download-line fr-link--icon-left"
          href={templateUrl}
          download="modele-offres.csv"
        >
          Télécharger le modèle de fichier (CSV, une offre d’exemple)
        </a>
      </p>
      <FormatHelp />

      <div className="fr-upload-group fr-my-4w">
        <label className="fr-label" htmlFor={fileId}>
          Fichier des offres
          <span className="fr-hint-text">
            Format CSV (séparateur point-virgule, virgule ou tabulation ; UTF-8 ou Windows-1252), 20 Mo et{' '}
            {formatInteger(MAX_OFFER_IMPORT_ROWS)} lignes au plus.
          </span>
        </label>
        <input
          ref={inputRef}
          className="fr-upload"
          type="file"
          id={fileId}
          accept=".csv,text/csv"
          disabled={busy}
          onChange={(e) => onFile(e.target.files?.[0])}
        />
      </div>

      <div aria-live="polite">
        {progress && (
          <div className="fr-mb-4w" role="status">
            <label htmlFor={`${fileId}-progress`}>
              {progress.phase === 'upload'
                ? `Envoi du fichier : ${progress.percent} %`
                : 'Vérification des lignes et localisation des adresses…'}
            </label>
            <progress
              id={`${fileId}-progress`}
              className="fr-ml-2w"
              max={100}
              {...(progress.phase === 'upload' ? { value: progress.percent } : {})}
            />
          </div>
        )}
      </div>
      {error && (
        <Alert
          severity="error"
          role="alert"
          className="fr-mb-4w"
          title={error.title}
          description={error.message}
        />
      )}

      {p && !result && (
        <section aria-labelledby="apercu-titre">
          <h2 id="apercu-titre">Aperçu de l’import</h2>
          <ul data-testid="import-counts">
            <li>{plural(p.counts.lines, 'ligne lue', 'lignes lues')}</li>
            <li>{plural(p.counts.valid, 'offre prête à publier', 'offres prêtes à publier')}</li>
            <li>{plural(p.counts.errors, 'ligne en erreur', 'lignes en erreur')}</li>
          </ul>
          <p className="fr-text--sm">
            Fichier lu en {p.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'}, séparateur :{' '}
            {SEPARATORS[p.separator] ?? p.separator}.
          </p>
          {p.errors.length > 0 && (
            <>
              <Alert
                severity="warning"
                className="fr-mb-2w"
                title={`${plural(p.counts.errors, 'ligne est', 'lignes sont')} en erreur`}
                description="Corrigez le fichier puis choisissez-le à nouveau, ou publiez les offres valides seules en cochant la case sous le tableau."
              />
              <div className="fr-table">
                <table>
                  <caption>Lignes en erreur</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ligne</th>
                      <th scope="col">Colonne</th>
                      <th scope="col">Erreur</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.line}</td>
                        <td>{e.column ?? '—'}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {p.offers.length > 0 && (
            <div className="fr-table">
              <table>
                <caption>
                  {p.offers.length < p.counts.valid
                    ? `Les ${p.offers.length} premières offres, telles qu’elles seront publiées`
                    : 'Les offres telles qu’elles seront publiées'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ligne</th>
                    <th scope="col">Titre</th>
                    <th scope="col">Secteur</th>
                    <th scope="col">Lieu</th>
                    <th scope="col">Semaine 1</th>
                    <th scope="col">Semaine 2</th>
                    <th scope="col">Accessible</th>
                  </tr>
                </thead>
                <tbody>
                  {p.offers.map((o) => (
                    <tr key={o.line}>
                      <td>{o.line}</td>
                      <td>{o.title}</td>
                      <td>{o.sectorCode}</td>
                      <td>
                        {o.postalCode} {o.communeName}
                        {o.geocodeMethod === 'ban' ? ' (adresse localisée)' : ' (centre de la commune)'}
                      </td>
                      {[1, 2].map((w) => {
                        const places = o.weeks.find((x) => x.week === w)?.places ?? 0;
                        return <td key={w}>{places === 0 ? '—' : plural(places, 'place', 'places')}</td>;
                      })}
                      <td>{o.accessible ? 'Oui' : 'Non'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {p.counts.errors > 0 && p.counts.valid > 0 && (
            <Checkbox
              options={[
                {
                  label: `Publier les ${formatInteger(p.counts.valid)} offres valides sans les lignes en erreur`,
                  nativeInputProps: { checked: skipErrors, onChange: (e) => setSkipErrors(e.target.checked) },
                },
              ]}
            />
          )}
          <div className="fr-btns-group fr-btns-group--inline-md">
            <Button
              onClick={() => file && void run(file, false)}
              disabled={!canPublish}
              nativeButtonProps={{ 'aria-busy': busy }}
            >
              {p.counts.valid === 0
                ? 'Aucune offre à publier'
                : `Publier ${p.counts.valid > 1 ? `les ${formatInteger(p.counts.valid)} offres` : 'l’offre'}`}
            </Button>
            <Button
              priority="secondary"
              disabled={busy}
              onClick={() => {
                setPreview(null);
                setFile(null);
                setError(null);
                if (inputRef.current) inputRef.current.value = '';
              }}
            >
              Annuler
            </Button>
          </div>
        </section>
      )}

      {result && (
        <>
          <Alert
            severity="success"
            role="status"
            title="Offres publiées"
            description={`${plural(result.counts.published, 'offre publiée', 'offres publiées')} pour ${result.host.name}${result.counts.errors > 0 ? ` ; ${plural(result.counts.errors, 'ligne en erreur laissée', 'lignes en erreur laissées')} de côté` : ''}. Les élèves peuvent dès maintenant les trouver dans la recherche.`}
          />
          <p className="fr-mt-2w">
            <Link to={MY_OFFERS}>Voir les offres de mon organisme</Link>
          </p>
        </>
      )}
    </>
  );
}

/** The documented column format, and the sectors' codes. */
function FormatHelp() {
  const sectors = useQuery({
    queryKey: [...ACCOUNT_KEY, 'offers-import', 'sectors'],
    queryFn: ({ signal }) =>
      getJson<{ sectors?: { code: string; name: string }[] }>('/api/offers/mine', signal),
    staleTime: 10 * 60_000,
  });
  const required = new Set(REQUIRED_COLUMNS.flat());
  return (
    <div className="fr-accordions-group">
      <Accordion label="Format du fichier : les colonnes">
        <p>
          La première ligne nomme les colonnes (majuscules, accents et espaces indifférents : « Code postal »
          vaut « code_postal »). Les colonnes marquées d’un astérisque sont obligatoires (pour les paires,
          l’une des deux). Le texte est gardé tel quel.
        </p>
        <div className="fr-table">
          <table>
            <caption>Colonnes du fichier des offres</caption>
            <thead>
              <tr>
                <th scope="col">Colonne</th>
                <th scope="col">Contenu</th>
              </tr>
            </thead>
            <tbody>
              {OFFER_COLUMNS.map((c) => (
                <tr key={c}>
                  <td>
                    <code>{c}</code>
                    {required.has(c) ? ' *' : ''}
                  </td>
                  <td>{COLUMN_HELP[c]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          Horaires : des groupes « jours heures » séparés par « | ». Les jours sont un intervalle (« lun-ven
          ») ou une liste (« lun,mer,ven ») parmi lun, mar, mer, jeu, ven, sam ; les heures une plage («
          9:00-17:00 ») ou deux plages séparées par une virgule (« 9:00-12:00,13:30-17:00 »), l’écart entre
          elles étant la pause du midi. Ils doivent respecter les limites de la campagne (7 h par jour, 35 h
          par semaine, de 6 h à 20 h, pause au-delà de 4 h 30).
        </p>
      </Accordion>
      <Accordion label="Codes des secteurs">
        {sectors.isPending && <p role="status">Chargement des secteurs…</p>}
        {sectors.data?.sectors && (
          <ul>
            {sectors.data.sectors.map((s) => (
              <li key={s.code}>
                <code>{s.code}</code> : {s.name}
              </li>
            ))}
          </ul>
        )}
        {sectors.isError && <p>La liste des secteurs n’a pas pu être chargée.</p>}
      </Accordion>
    </div>
  );
}
