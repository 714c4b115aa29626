import { useId, useRef, useState, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination.js';
import { getJson } from '../lib/api.ts';
import { formatDate, formatDateTime, formatInteger } from '../lib/format.ts';
import { ACCOUNT_KEY, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { fileToBase64, writeJson, type PlacedSession } from './http.ts';
import { StudentPlacementDetail, StudentsPlacementList } from './StudentsPlacement.tsx';

export const SCHOOL_PATHS = {
  students: '/etablissement/eleves',
  student: '/etablissement/eleves/:id',
  import: '/etablissement/eleves/import',
  staff: '/etablissement/personnels',
  audit: '/etablissement/journal',
} as const;

const SCHOOL_KEY = [...ACCOUNT_KEY, 'school'] as const;

interface SchoolContext {
  session: PlacedSession;
  uai: string;
  isHead: boolean;
}

const NAV: { path: string; label: string; headOnly: boolean }[] = [
  { path: SCHOOL_PATHS.students, label: 'Élèves', headOnly: false },
  { path: SCHOOL_PATHS.import, label: 'Importer des élèves', headOnly: true },
  { path: SCHOOL_PATHS.staff, label: 'Personnels', headOnly: true },
  { path: SCHOOL_PATHS.audit, label: 'Journal des accès', headOnly: true },
];

/** The frame of the lycée's pages: checks the role, shows the lycée's menu. */
function SchoolFrame({
  title,
  headOnly = false,
  children,
}: {
  title: string;
  headOnly?: boolean;
  children: (ctx: SchoolContext) => ReactNode;
}) {
  useDocumentTitle(title);
  const session = useSession();
  const { pathname } = useLocation();
  let body: ReactNode;
  let ctx: SchoolContext | null = null;
  if (session.isPending) body = <p role="status">Chargement…</p>;
  else if (session.isError)
    body = (
      <Alert severity="error" title="La page n’a pas pu être chargée" description={session.error.message} />
    );
  else if (!session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  else {
    const s = session.data as PlacedSession;
    const isHead = s.role === 'school_head';
    if ((s.role !== 'school_head' && s.role !== 'school_staff') || !s.schoolUai)
      body = (
        <Alert
          severity="info"
          title="Page réservée aux personnels des lycées"
          description="Votre rôle ne donne pas accès aux pages d’un établissement."
        />
      );
    else if (headOnly && !isHead)
      body = (
        <Alert
          severity="info"
          title="Page réservée au chef d’établissement"
          description="Demandez à votre chef d’établissement si vous avez besoin de cette page."
        />
      );
    else ctx = { session: s, uai: s.schoolUai, isHead };
  }
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb
        currentPageLabel={title}
        homeLinkProps={{ to: PATHS.home }}
        segments={[{ label: 'Mon établissement', linkProps: { to: SCHOOL_PATHS.students } }]}
      />
      <h1>{title}</h1>
      {ctx && (
        <nav className="fr-mb-4w" aria-label="Mon établissement">
          <p className="fr-mb-1w">{ctx.session.scopeLabel}</p>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
            {NAV.filter((n) => ctx.isHead || !n.headOnly).map((n) => (
              <li key={n.path}>
                <Link
                  className={`fr-btn ${n.path === pathname ? '' : 'fr-btn--secondary'}`}
                  to={n.path}
                  aria-current={n.path === pathname ? 'page' : undefined}
                >
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {ctx ? children(ctx) : body}
    </div>
  );
}

function ErrorAlert({ error, title }: { error: Error; title: string }) {
  return <Alert severity="error" role="alert" small={false} title={title} description={error.message} />;
}

// ---------------------------------------------------------------------------------------------
// Élèves

export function SchoolStudentsPage() {
  return <SchoolFrame title="Élèves">{(ctx) => <StudentsPlacementList ctx={ctx} />}</SchoolFrame>;
}

/** One student's placement, its history and (for the head) the exemption and repli decisions. */
export function SchoolStudentPage() {
  return <SchoolFrame title="Stage d’un élève">{(ctx) => <StudentPlacementDetail ctx={ctx} />}</SchoolFrame>;
}

// ---------------------------------------------------------------------------------------------
// Import

interface ImportSummary {
  encoding: string;
  separator: string;
  counts: { lines: number; new: number; updated: number; unchanged: number; errors: number };
  newClasses: string[];
  rows: {
    line: number;
    status: 'new' | 'updated' | 'unchanged';
    ine: string;
    lastName: string;
    firstName: string;
    birthDate: string;
    className: string;
    guardians: {
      rank: number;
      lastName: string;
      firstName: string;
      email: string | null;
      phone: string | null;
    }[];
  }[];
  errors: { line: number; column: string | null; message: string }[];
  changed?: boolean;
}

/** "1 nouvel élève", "2 nouveaux élèves", "0 nouvel élève". */
function plural(n: number, one: string, many: string): string {
  return `${formatInteger(n)} ${n > 1 ? many : one}`;
}

const STATUS_LABELS = { new: 'Nouveau', updated: 'Mis à jour', unchanged: 'Inchangé' } as const;
const SEPARATORS: Record<string, string> = { ';': 'point-virgule', ',': 'virgule', '\t': 'tabulation' };

export function SchoolImportPage() {
  return (
    <SchoolFrame title="Importer des élèves" headOnly>
      {(ctx) => <ImportForm ctx={ctx} />}
    </SchoolFrame>
  );
}

function ImportForm({ ctx }: { ctx: SchoolContext }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ filename: string; contentBase64: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const preview = useMutation({
    mutationFn: (body: { filename: string; contentBase64: string }) =>
      writeJson<ImportSummary>(
        'POST',
        `/api/schools/${ctx.uai}/students/import/preview`,
        ctx.session.csrfToken,
        body,
      ),
  });
  const run = useMutation({
    mutationFn: (body: { filename: string; contentBase64: string }) =>
      writeJson<ImportSummary>(
        'POST',
        `/api/schools/${ctx.uai}/students/import`,
        ctx.session.csrfToken,
        body,
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...SCHOOL_KEY, 'students'] }),
  });

  const onFile = async (f: File | undefined) => {
    run.reset();
    preview.reset();
    setFile(null);
    setReadError(null);
    if (!f) return;
    if (f.size > 2 * 1024 * 1024) {
      setReadError('Le fichier dépasse 2 Mo : découpez-le par classe.');
      return;
    }
    try {
      const body = { filename: f.name, contentBase64: await fileToBase64(f) };
      setFile(body);
      preview.mutate(body);
    } catch (e) {
      setReadError((e as Error).message);
    }
  };

  const p = preview.data;
  const writable = p ? p.counts.new + p.counts.updated : 0;
  return (
    <>
      <p>
        Choisissez le fichier CSV exporté du logiciel de vie scolaire : une ligne par élève, avec les colonnes{' '}
        <strong>INE</strong>, <strong>Nom</strong>, <strong>Prénom</strong>,{' '}
        <strong>Date de naissance</strong>, <strong>Classe</strong> (ou Division), <strong>Nom</strong> et{' '}
        <strong>Prénom responsable 1</strong>, et si possible leur courriel et téléphone, puis le responsable
        2. Le séparateur (point-virgule, virgule ou tabulation) et l’encodage (UTF-8 ou Windows-1252) sont
        reconnus. Un aperçu s’affiche avant tout enregistrement ; réimporter le même fichier ne crée pas de
        doublon.
      </p>
      <div className="fr-upload-group fr-mb-4w">
        <label className="fr-label" htmlFor={fileId}>
          Fichier des élèves
          <span className="fr-hint-text">Format CSV, 2 Mo au plus.</span>
        </label>
        <input
          ref={inputRef}
          className="fr-upload"
          type="file"
          id={fileId}
          accept=".csv,text/csv,text/plain"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </div>
      {readError && <Alert severity="error" role="alert" title="Fichier refusé" description={readError} />}
      {preview.isPending && <p role="status">Lecture du fichier…</p>}
      {preview.isError && <ErrorAlert error={preview.error} title="Fichier refusé" />}
      {p && !run.isSuccess && (
        <section aria-labelledby="apercu-titre">
          <h2 id="apercu-titre">Aperçu de l’import</h2>
          <ul data-testid="import-counts">
            <li>{plural(p.counts.new, 'nouvel élève', 'nouveaux élèves')}</li>
            <li>{plural(p.counts.updated, 'élève mis à jour', 'élèves mis à jour')}</li>
            <li>{plural(p.counts.unchanged, 'élève inchangé', 'élèves inchangés')}</li>
            <li>
              {plural(
                p.counts.errors,
                'ligne en erreur, qui sera ignorée',
                'lignes en erreur, qui seront ignorées',
              )}
            </li>
          </ul>
          <p className="fr-text--sm">
            Fichier lu en {p.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'}, séparateur :{' '}
            {SEPARATORS[p.separator] ?? p.separator}.
            {p.newClasses.length > 0 && ` Classes créées : ${p.newClasses.join(', ')}.`}
          </p>
          {p.errors.length > 0 && (
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
          )}
          {p.rows.length > 0 && (
            <div className="fr-table">
              <table>
                <caption>
                  {p.rows.length < p.counts.new + p.counts.updated + p.counts.unchanged
                    ? `Les ${p.rows.length} premières lignes, telles qu’elles seront enregistrées`
                    : 'Les lignes telles qu’elles seront enregistrées'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ligne</th>
                    <th scope="col">État</th>
                    <th scope="col">INE</th>
                    <th scope="col">Nom</th>
                    <th scope="col">Prénom</th>
                    <th scope="col">Naissance</th>
                    <th scope="col">Classe</th>
                    <th scope="col">Responsables</th>
                  </tr>
                </thead>
                <tbody>
                  {p.rows.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>
                        <Badge
                          as="span"
                          small
                          noIcon
                          severity={
                            r.status === 'new' ? 'success' : r.status === 'updated' ? 'info' : undefined
                          }
                        >
                          {STATUS_LABELS[r.status]}
                        </Badge>
                      </td>
                      <td>{r.ine}</td>
                      <td>{r.lastName}</td>
                      <td>{r.firstName}</td>
                      <td>{formatDate(r.birthDate, { withWeekday: false })}</td>
                      <td>{r.className}</td>
                      <td>{r.guardians.map((g) => `${g.firstName} ${g.lastName}`).join(' ; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {run.isError && <ErrorAlert error={run.error} title="L’import a échoué" />}
          <div className="fr-btns-group fr-btns-group--inline-md">
            <Button
              onClick={() => file && run.mutate(file)}
              disabled={run.isPending}
              nativeButtonProps={{ 'aria-busy': run.isPending }}
            >
              {run.isPending
                ? 'Import en cours…'
                : writable === 0
                  ? 'Confirmer l’import (aucun changement)'
                  : `Confirmer l’import de ${formatInteger(writable)} élève${writable > 1 ? 's' : ''}`}
            </Button>
            <Button
              priority="secondary"
              onClick={() => {
                preview.reset();
                setFile(null);
                if (inputRef.current) inputRef.current.value = '';
              }}
            >
              Annuler
            </Button>
          </div>
        </section>
      )}
      {run.isSuccess && (
        <Alert
          severity="success"
          role="status"
          title={run.data.changed ? 'Import terminé' : 'Rien n’a changé'}
          description={
            run.data.changed
              ? `${plural(run.data.counts.new, 'élève ajouté', 'élèves ajoutés')}, ${plural(run.data.counts.updated, 'mis à jour', 'mis à jour')}, ${plural(run.data.counts.unchanged, 'inchangé', 'inchangés')}, ${plural(run.data.counts.errors, 'ligne ignorée', 'lignes ignorées')}.`
              : 'Ce fichier était déjà importé : aucun élève n’a été ajouté ni modifié.'
          }
        />
      )}
      {run.isSuccess && (
        <p className="fr-mt-2w">
          <Link to={SCHOOL_PATHS.students}>Voir la liste des élèves</Link>
        </p>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Personnels

interface StaffList {
  school: { uai: string; name: string };
  classes: { id: string; name: string }[];
  staff: {
    membershipId: string;
    role: string;
    firstName: string;
    lastName: string;
    email: string;
    function: string | null;
    signatureDelegate: boolean;
    referentClassIds: string[];
  }[];
  invitations: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    function: string;
    signatureDelegate: boolean;
    createdAt: string;
    expiresAt: string;
  }[];
}

const FUNCTIONS: Record<string, string> = {
  professeur: 'Professeur',
  cpe: 'CPE',
  gestionnaire: 'Gestionnaire',
  autre: 'Autre personnel',
};

export function SchoolStaffPage() {
  return (
    <SchoolFrame title="Personnels" headOnly>
      {(ctx) => (
        <>
          <InviteForm ctx={ctx} />
          <StaffTable ctx={ctx} />
        </>
      )}
    </SchoolFrame>
  );
}

function InviteForm({ ctx }: { ctx: SchoolContext }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: '', firstName: '', lastName: '', function: 'professeur' });
  const [delegate, setDelegate] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const fnId = useId();
  const delegateId = useId();
  const invite = useMutation({
    mutationFn: () =>
      writeJson<{ ok: true }>('POST', `/api/schools/${ctx.uai}/staff/invitations`, ctx.session.csrfToken, {
        ...form,
        signatureDelegate: delegate,
      }),
    onSuccess: () => {
      setSentTo(form.email);
      setForm({ email: '', firstName: '', lastName: '', function: 'professeur' });
      setDelegate(false);
      void queryClient.invalidateQueries({ queryKey: [...SCHOOL_KEY, 'staff'] });
    },
  });
  const field = (key: 'email' | 'firstName' | 'lastName') => ({
    value: form[key],
    required: true,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value }),
  });
  return (
    <section aria-labelledby="inviter-titre" className="fr-mb-6w">
      <h2 id="inviter-titre">Inviter un personnel</h2>
      <p>
        La personne reçoit un courriel avec un lien valable 7 jours ; son compte est créé quand elle accepte.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSentTo(null);
          invite.mutate();
        }}
      >
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Prénom" nativeInputProps={{ ...field('firstName'), autoComplete: 'off' }} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Nom" nativeInputProps={{ ...field('lastName'), autoComplete: 'off' }} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Adresse électronique"
              nativeInputProps={{ ...field('email'), type: 'email', autoComplete: 'off' }}
            />
          </div>
        </div>
        <div className="fr-select-group fr-mt-2w">
          <label className="fr-label" htmlFor={fnId}>
            Fonction
          </label>
          <select
            id={fnId}
            className="fr-select"
            value={form.function}
            onChange={(e) => setForm({ ...form, function: e.target.value })}
          >
            {Object.entries(FUNCTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="fr-checkbox-group fr-mb-3w">
          <input
            id={delegateId}
            type="checkbox"
            checked={delegate}
            onChange={(e) => setDelegate(e.target.checked)}
          />
          <label className="fr-label" htmlFor={delegateId}>
            Délégué de signature des conventions
          </label>
        </div>
        {invite.isError && <ErrorAlert error={invite.error} title="L’invitation n’a pas été envoyée" />}
        {sentTo && (
          <Alert
            severity="success"
            role="status"
            small
            description={`Invitation envoyée à ${sentTo}.`}
            className="fr-mb-2w"
          />
        )}
        <Button type="submit" disabled={invite.isPending} iconId="fr-icon-mail-line">
          {invite.isPending ? 'Envoi…' : 'Envoyer l’invitation'}
        </Button>
      </form>
    </section>
  );
}

function StaffTable({ ctx }: { ctx: SchoolContext }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...SCHOOL_KEY, 'staff', ctx.uai],
    queryFn: ({ signal }) => getJson<StaffList>(`/api/schools/${ctx.uai}/staff`, signal),
  });
  const update = useMutation({
    mutationFn: (v: { membershipId: string; signatureDelegate?: boolean; referentClassIds?: string[] }) =>
      writeJson<{ ok: true }>(
        'PATCH',
        `/api/schools/${ctx.uai}/staff/${v.membershipId}`,
        ctx.session.csrfToken,
        {
          ...(v.signatureDelegate === undefined ? {} : { signatureDelegate: v.signatureDelegate }),
          ...(v.referentClassIds === undefined ? {} : { referentClassIds: v.referentClassIds }),
        },
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [...SCHOOL_KEY, 'staff'] }),
  });
  if (query.isPending) return <p role="status">Chargement des personnels…</p>;
  if (query.isError) return <ErrorAlert error={query.error} title="La liste n’a pas pu être chargée" />;
  const { staff, classes, invitations } = query.data;
  return (
    <>
      <section aria-labelledby="personnels-titre">
        <h2 id="personnels-titre">Personnels du lycée</h2>
        {update.isError && (
          <ErrorAlert error={update.error} title="La modification n’a pas été enregistrée" />
        )}
        <div className="fr-table">
          <table>
            <caption className="fr-sr-only">Personnels du lycée</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Fonction</th>
                <th scope="col">Délégué de signature</th>
                <th scope="col">Professeur référent des classes</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((m) => {
                const name = `${m.firstName} ${m.lastName}`;
                const head = m.role === 'school_head';
                return (
                  <tr key={m.membershipId}>
                    <th scope="row">{name}</th>
                    <td>{m.email}</td>
                    <td>{head ? 'Chef d’établissement' : (FUNCTIONS[m.function ?? ''] ?? '—')}</td>
                    <td>
                      {head ? (
                        'Signataire'
                      ) : (
                        <div className="fr-checkbox-group fr-checkbox-group--sm">
                          <input
                            id={`delegue-${m.membershipId}`}
                            type="checkbox"
                            checked={m.signatureDelegate}
                            disabled={update.isPending}
                            onChange={(e) =>
                              update.mutate({
                                membershipId: m.membershipId,
                                signatureDelegate: e.target.checked,
                              })
                            }
                          />
                          <label className="fr-label" htmlFor={`delegue-${m.membershipId}`}>
                            <span className="fr-sr-only">{name} : </span>délégué
                          </label>
                        </div>
                      )}
                    </td>
                    <td>
                      {head ? (
                        '—'
                      ) : classes.length === 0 ? (
                        'Aucune classe'
                      ) : (
                        <fieldset className="fr-fieldset sts-referents">
                          <legend className="fr-sr-only">Classes dont {name} est professeur référent</legend>
                          {classes.map((c) => {
                            const id = `ref-${m.membershipId}-${c.id}`;
                            const checked = m.referentClassIds.includes(c.id);
                            return (
                              <div key={c.id} className="fr-checkbox-group fr-checkbox-group--sm">
                                <input
                                  id={id}
                                  type="checkbox"
                                  checked={checked}
                                  disabled={update.isPending}
                                  onChange={() =>
                                    update.mutate({
                                      membershipId: m.membershipId,
                                      referentClassIds: checked
                                        ? m.referentClassIds.filter((x) => x !== c.id)
                                        : [...m.referentClassIds, c.id],
                                    })
                                  }
                                />
                                <label className="fr-label" htmlFor={id}>
                                  {c.name}
                                </label>
                              </div>
                            );
                          })}
                        </fieldset>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="invitations-titre">
        <h2 id="invitations-titre">Invitations en attente</h2>
        {invitations.length === 0 ? (
          <p>Aucune invitation en attente.</p>
        ) : (
          <div className="fr-table">
            <table>
              <caption className="fr-sr-only">Invitations en attente</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Adresse électronique</th>
                  <th scope="col">Fonction</th>
                  <th scope="col">Valable jusqu’au</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.firstName} {i.lastName}
                    </td>
                    <td>{i.email}</td>
                    <td>{FUNCTIONS[i.function] ?? i.function}</td>
                    <td>{formatDateTime(i.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Journal des accès

interface AuditList {
  total: number;
  page: number;
  pageSize: number;
  items: {
    id: number;
    at: string;
    label: string;
    actorName: string | null;
    actorRoleLabel: string | null;
    studentName: string | null;
    ip: string | null;
  }[];
}

export function SchoolAuditPage() {
  return (
    <SchoolFrame title="Journal des accès" headOnly>
      {(ctx) => <AuditTable ctx={ctx} />}
    </SchoolFrame>
  );
}

function AuditTable({ ctx }: { ctx: SchoolContext }) {
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = useQuery({
    queryKey: [...SCHOOL_KEY, 'audit', ctx.uai, page],
    queryFn: ({ signal }) => getJson<AuditList>(`/api/schools/${ctx.uai}/audit?page=${page}`, signal),
  });
  return (
    <>
      <p>
        Qui a consulté les données des élèves du lycée, importé des élèves, invité des personnels, et les
        connexions des personnels : du plus récent au plus ancien.
      </p>
      {query.isPending && <p role="status">Chargement du journal…</p>}
      {query.isError && <ErrorAlert error={query.error} title="Le journal n’a pas pu être chargé" />}
      {query.data &&
        (query.data.items.length === 0 ? (
          <p>Aucun événement pour l’instant.</p>
        ) : (
          <>
            <div className="fr-table">
              <table>
                <caption className="fr-sr-only">Journal des accès</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Événement</th>
                    <th scope="col">Personne</th>
                    <th scope="col">Rôle</th>
                    <th scope="col">Élève</th>
                    <th scope="col">Adresse IP</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.items.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(e.at)}</td>
                      <td>{e.label}</td>
                      <td>{e.actorName ?? '—'}</td>
                      <td>{e.actorRoleLabel ?? '—'}</td>
                      <td>{e.studentName ?? '—'}</td>
                      <td>{e.ip ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {query.data.total > query.data.pageSize && (
              <Pagination
                count={Math.ceil(query.data.total / query.data.pageSize)}
                defaultPage={page}
                getPageLinkProps={(n) => ({ to: `${SCHOOL_PATHS.audit}?page=${n}` })}
              />
            )}
          </>
        ))}
    </>
  );
}
