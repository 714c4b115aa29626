/**
 * /pilotage/non-places: the students without a placement. For a lycée or a class (head, referent
 * teacher): their names, with one click to remind them all; above the lycée (DSDEN, rectorat):
 * counts per lycée only, and a reminder to the heads of the lycées, after a confirmation.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import {
  PLACEMENT_STATUS_LABELS,
  PLACEMENT_STATUS_SEVERITIES,
} from '../../../src/domain/placement-status.ts';
import { postJson } from '../lib/api.ts';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { SCHOOL_PATHS } from '../school/SchoolPages.tsx';
import { STEERING_PATHS, steeringHref, unplacedKey, useUnplaced, type Unplaced } from './api.ts';
import { formatShare } from './logic.ts';
import {
  ExportLinks,
  LoadError,
  SteeringBreadcrumb,
  SteeringFrame,
  type SteeringContext,
} from './SteeringFrame.tsx';

export function UnplacedPage() {
  return <SteeringFrame>{(ctx) => <UnplacedBody ctx={ctx} />}</SteeringFrame>;
}

interface ReminderResult {
  sent: number;
  message: string;
}

function UnplacedBody({ ctx }: { ctx: SteeringContext }) {
  const query = useUnplaced(ctx.scope);
  const data = query.data;
  const title = data ? `Élèves sans stage : ${data.scope.name}` : 'Élèves sans stage';
  useDocumentTitle(title);

  return (
    <div className="fr-container fr-py-4w sts-steering">
      <SteeringBreadcrumb crumbs={data ? [data.scope] : []} current="Élèves sans stage" />
      <h1>{title}</h1>
      {query.isError && <LoadError title="La liste n’a pas pu être chargée" error={query.error} />}
      {query.isPending && (
        <p role="status" className="sts-steering-loading">
          Chargement de la liste…
        </p>
      )}
      {data && (
        <>
          <p>
            <Link to={steeringHref(STEERING_PATHS.dashboard, data.scope.ref, ctx.schoolType)}>
              Retour au tableau de bord : {data.scope.name}
            </Link>
          </p>
          {data.kind === 'names' ? <Names data={data} ctx={ctx} /> : <Counts data={data} ctx={ctx} />}
        </>
      )}
    </div>
  );
}

/** Sends the reminders of the scope; the API's message is shown in an alert that takes the focus. */
function useReminders(scope: string) {
  const queryClient = useQueryClient();
  const [result, setResult] = useState<ReminderResult | null>(null);
  const remind = useMutation({
    mutationFn: () => postJson<ReminderResult>('/api/steering/reminders', { scope }),
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: unplacedKey(scope) });
    },
  });
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result || remind.isError) resultRef.current?.focus();
  }, [result, remind.isError]);
  const outcome = (
    <div ref={resultRef} tabIndex={-1} className="fr-mt-2w">
      {result && (
        <Alert
          severity={result.sent > 0 ? 'success' : 'info'}
          title={result.sent > 0 ? 'Relances envoyées' : 'Aucune relance envoyée'}
          description={result.message}
        />
      )}
      {remind.isError && (
        <Alert
          severity="error"
          title="Les relances n’ont pas été envoyées"
          description={remind.error.message}
        />
      )}
    </div>
  );
  const send = () => {
    setResult(null);
    remind.mutate();
  };
  return { send, pending: remind.isPending, outcome };
}

function Names({ data, ctx }: { data: Extract<Unplaced, { kind: 'names' }>; ctx: SteeringContext }) {
  const { send, pending, outcome } = useReminders(data.scope.ref);
  const students = [...data.students].sort(
    (a, b) =>
      a.className.localeCompare(b.className, 'fr', { numeric: true }) ||
      a.lastName.localeCompare(b.lastName, 'fr') ||
      a.firstName.localeCompare(b.firstName, 'fr'),
  );
  const toPlace = students.filter((s) => s.status === 'to_place').length;
  return (
    <>
      <p role="status">
        {students.length === 0
          ? 'Tous les élèves ont un stage, une candidature en cours ou une dispense.'
          : `${formatInteger(students.length)} élève${students.length > 1 ? 's' : ''} sans stage : ${formatInteger(toPlace)} à placer, ${formatInteger(students.length - toPlace)} en cours.`}
      </p>
      <section aria-labelledby="relance-eleves" className="fr-mb-4w">
        <h2 id="relance-eleves" className="fr-h5">
          Relancer les élèves
        </h2>
        <p className="fr-text--sm">
          Un courriel à chaque élève « À placer » et à ses responsables légaux, avec le lien vers les offres ;
          un élève n’est relancé qu’une fois par 24 heures.
        </p>
        <Button iconId="fr-icon-mail-line" onClick={send} disabled={pending || toPlace === 0}>
          Relancer tous les élèves à placer
        </Button>
        {pending && (
          <p role="status" className="fr-text--sm">
            Envoi des relances…
          </p>
        )}
        {outcome}
      </section>
      <p>
        <Link to={SCHOOL_PATHS.students} className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
          Le détail de chaque élève sur la page des élèves de l’établissement
        </Link>
      </p>
      {students.length > 0 && (
        <div className="fr-table fr-table--no-scroll">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>Élèves sans stage, par classe</caption>
                  <thead>
                    <tr>
                      <th scope="col">Classe</th>
                      <th scope="col">Élève</th>
                      <th scope="col">Situation</th>
                      <th scope="col">Dernière relance</th>
                    </tr>
                  </thead>
                  <tbody>
                    {students.map((s) => (
                      <tr key={s.id}>
                        <td>{s.className}</td>
                        <th scope="row">
                          {s.lastName} {s.firstName}
                        </th>
                        <td>
                          <Badge small noIcon severity={PLACEMENT_STATUS_SEVERITIES[s.status]}>
                            {PLACEMENT_STATUS_LABELS[s.status]}
                          </Badge>
                        </td>
                        <td>{s.lastReminderAt ? formatDateTime(s.lastReminderAt) : 'Jamais'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
      <ExportLinks
        scope={data.scope.ref}
        schoolType={ctx.schoolType}
        table="unplaced"
        what="la liste des élèves sans stage"
      />
    </>
  );
}

function Counts({ data, ctx }: { data: Extract<Unplaced, { kind: 'counts' }>; ctx: SteeringContext }) {
  const { send, pending, outcome } = useReminders(data.scope.ref);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const rows = [...data.rows].sort(
    (a, b) => b.unplaced - a.unplaced || a.scope.name.localeCompare(b.scope.name, 'fr'),
  );
  const total = rows.reduce((sum, r) => sum + r.unplaced, 0);
  const lycees = rows.filter((r) => r.unplaced > 0).length;

  return (
    <>
      <p>
        Au-dessus du lycée, la liste ne donne que des nombres : les noms des élèves restent dans leur lycée.{' '}
        {data.computedAt && (
          <span className="sts-mention">Chiffres à jour du {formatDateTime(data.computedAt)}.</span>
        )}
      </p>
      <p role="status">
        {total === 0
          ? 'Aucun élève sans stage dans ce périmètre.'
          : `${formatInteger(total)} élève${total > 1 ? 's' : ''} sans stage dans ${formatInteger(lycees)} lycée${lycees > 1 ? 's' : ''}.`}
      </p>
      <section aria-labelledby="relance-chefs" className="fr-mb-4w">
        <h2 id="relance-chefs" className="fr-h5">
          Relancer les chefs d’établissement
        </h2>
        <p className="fr-text--sm">
          Un courriel au chef de chaque lycée qui a des élèves sans stage, avec leur nombre et le lien vers
          son tableau de bord ; un lycée n’est relancé qu’une fois par 24 heures.
        </p>
        {!confirming ? (
          <Button
            iconId="fr-icon-mail-line"
            priority="secondary"
            disabled={pending || lycees === 0}
            onClick={() => setConfirming(true)}
          >
            Relancer les chefs d’établissement
          </Button>
        ) : (
          <div className="fr-callout">
            <h3 className="fr-callout__title" tabIndex={-1} ref={confirmRef}>
              Confirmer la relance
            </h3>
            <p className="fr-callout__text">
              Relancer les chefs d’établissement des {formatInteger(lycees)} lycée{lycees > 1 ? 's' : ''} qui
              ont des élèves sans stage ({data.scope.name}) ?
            </p>
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
              <li>
                <Button
                  disabled={pending}
                  onClick={() => {
                    setConfirming(false);
                    send();
                  }}
                >
                  Envoyer les relances
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
        {pending && (
          <p role="status" className="fr-text--sm">
            Envoi des relances…
          </p>
        )}
        {outcome}
      </section>
      {rows.length > 0 && (
        <div className="fr-table fr-table--no-scroll">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>Élèves sans stage par lycée</caption>
                  <thead>
                    <tr>
                      <th scope="col">Lycée</th>
                      <th scope="col" className="fr-cell--right">
                        Élèves
                      </th>
                      <th scope="col" className="fr-cell--right">
                        À placer
                      </th>
                      <th scope="col" className="fr-cell--right">
                        En cours
                      </th>
                      <th scope="col" className="fr-cell--right">
                        Sans stage
                      </th>
                      <th scope="col" className="fr-cell--right">
                        Part placée
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.scope.ref}>
                        <th scope="row">
                          <Link to={steeringHref(STEERING_PATHS.dashboard, r.scope.ref, ctx.schoolType)}>
                            {r.scope.name}
                          </Link>
                        </th>
                        <td className="fr-cell--right">{formatInteger(r.students)}</td>
                        <td className="fr-cell--right">{formatInteger(r.toPlace)}</td>
                        <td className="fr-cell--right">{formatInteger(r.inProgress)}</td>
                        <td className="fr-cell--right">{formatInteger(r.unplaced)}</td>
                        <td className="fr-cell--right">{formatShare(r.share)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
      <ExportLinks
        scope={data.scope.ref}
        schoolType={ctx.schoolType}
        table="unplaced"
        what="les élèves sans stage par lycée"
      />
    </>
  );
}
