import { useRef, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { createModal } from '@codegouvfr/react-dsfr/Modal/index.js';
import { PLACEMENT_STATUS_SEVERITIES } from '../../../src/domain/placement-status.ts';
import { formatDateTime } from '../lib/format.ts';
import { usePublicStats } from '../lib/publicStats.ts';
import { useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  APPLICATIONS_PATHS,
  confirmApplication,
  MY_APPLICATIONS_KEY,
  useMyApplications,
  withdrawApplication,
} from './api.ts';
import {
  confirmPlan,
  endedText,
  GROUP_TITLES,
  GROUPS,
  groupApplications,
  stateBadge,
  studentActions,
  weekSummary,
  weeksText,
  weekWithDates,
  type CampaignWeek,
  type GroupKey,
  type MyApplication,
  type MyApplications,
} from './logic.ts';
import './applications.css';

const confirmModal = createModal({ id: 'confirmer-stage', isOpenedByDefault: false });
const withdrawModal = createModal({ id: 'retirer-candidature', isOpenedByDefault: false });

const TITLE = 'Mes candidatures';

/** « Mes candidatures » (/candidatures): the student's placement, applications and actions. */
export function MyApplicationsPage() {
  useDocumentTitle(TITLE);
  const session = useSession();
  return (
    <div className="fr-container fr-pb-8w">
      <Breadcrumb currentPageLabel={TITLE} homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>{TITLE}</h1>
      {session.isPending && <p role="status">Chargement…</p>}
      {session.data && !session.data.authenticated && (
        <Navigate to={`${PATHS.signIn}?next=${encodeURIComponent(APPLICATIONS_PATHS.mine)}`} replace />
      )}
      {session.data?.authenticated && session.data.role !== 'student' && (
        <Alert
          severity="info"
          title="Page réservée aux élèves"
          description="Votre rôle ne donne pas accès aux candidatures d’un élève."
        />
      )}
      {session.data?.authenticated && session.data.role === 'student' && <Applications />}
    </div>
  );
}

type Notice = { severity: 'success' | 'error'; title: string; text: string };

function Applications() {
  const mine = useMyApplications();
  const stats = usePublicStats();
  const campaign = stats.data?.campaign?.weeks ?? [];
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<MyApplication | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const done = async (next: Notice) => {
    await queryClient.invalidateQueries({ queryKey: MY_APPLICATIONS_KEY });
    setNotice(next);
    // the card that held the button moved or went: the focus goes to the result
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const confirm = useMutation({
    mutationFn: (a: MyApplication) => confirmApplication(a.id),
    onSuccess: async (r) => {
      confirmModal.close();
      await done(
        r.status === 'split_pending'
          ? {
              severity: 'success',
              title: 'Demande envoyée au chef d’établissement',
              text: `Votre stage « ${r.offer.title} » pour ${weeksText(r.weeks)} attend l’accord de votre chef d’établissement : vous serez prévenu de sa réponse.`,
            }
          : {
              severity: 'success',
              title: 'Stage confirmé',
              text: `Vous ferez votre stage chez ${r.host.name} (« ${r.offer.title} ») pour ${weeksText(r.weeks)}.`,
            },
      );
    },
  });
  const withdraw = useMutation({
    mutationFn: (a: MyApplication) => withdrawApplication(a.id),
    onSuccess: async (r, a) => {
      withdrawModal.close();
      await done({
        severity: 'success',
        title: a.status === 'confirmed' ? 'Désistement enregistré' : 'Candidature retirée',
        text:
          a.status === 'confirmed'
            ? `Votre place chez ${r.host.name} est libérée ; l’organisme est prévenu.`
            : `Votre candidature à « ${r.offer.title} » est retirée ; l’organisme est prévenu.`,
      });
    },
  });

  const ask = (a: MyApplication, what: 'confirm' | 'withdraw') => {
    confirm.reset();
    withdraw.reset();
    setNotice(null);
    setTarget(a);
    (what === 'confirm' ? confirmModal : withdrawModal).open();
  };

  if (mine.isPending) return <p role="status">Chargement de vos candidatures…</p>;
  if (mine.isError)
    return (
      <>
        <Alert
          severity="error"
          role="alert"
          title="Vos candidatures n’ont pas pu être chargées"
          description={mine.error.message}
        />
        <Button
          className="fr-mt-2w"
          priority="secondary"
          iconId="fr-icon-refresh-line"
          onClick={() => void mine.refetch()}
        >
          Réessayer
        </Button>
      </>
    );

  const data = mine.data;
  const now = new Date();
  const groups = groupApplications(data.items, now);
  // the modals show what is being decided on, from the current list
  const current = target ? (data.items.find((a) => a.id === target.id) ?? target) : null;
  const plan = current ? confirmPlan(current, data.items) : null;

  return (
    <>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite" data-testid="applications-notice">
        {notice && (
          <Alert
            severity={notice.severity}
            className="fr-mb-3w"
            title={notice.title}
            description={notice.text}
            closable
            onClose={() => setNotice(null)}
          />
        )}
      </div>
      <Summary data={data} campaign={campaign} />
      <p className="fr-mt-2w">
        <Link
          className="fr-link fr-icon-arrow-right-line fr-link--icon-right"
          to={APPLICATIONS_PATHS.foundMyself}
        >
          J’ai trouvé un stage par moi-même
        </Link>
      </p>

      {data.items.length === 0 ? (
        <div className="fr-callout fr-my-4w" data-testid="applications-empty">
          <h2 className="fr-callout__title">Vous n’avez encore envoyé aucune candidature</h2>
          <p className="fr-callout__text">
            Cherchez des offres près de chez vous ou de votre lycée, puis postulez depuis la page de l’offre.
          </p>
          <Link className="fr-btn fr-mt-2w" to="/offres">
            Trouver un stage
          </Link>
        </div>
      ) : (
        GROUPS.filter((g) => groups[g].length > 0).map((g) => (
          <Group
            key={g}
            group={g}
            items={groups[g]}
            campaign={campaign}
            now={now}
            onConfirm={(a) => ask(a, 'confirm')}
            onWithdraw={(a) => ask(a, 'withdraw')}
          />
        ))
      )}
      {data.items.length > 0 && (
        <p className="fr-mt-4w">
          <Link to="/offres">Chercher d’autres offres</Link>
        </p>
      )}

      <confirmModal.Component
        title={current ? `Confirmer le stage « ${current.offer.title} » ?` : 'Confirmer le stage'}
        titleAs="h2"
        buttons={
          plan?.kind === 'covered'
            ? [{ children: 'Fermer', priority: 'secondary' }]
            : [
                { children: 'Annuler', priority: 'secondary' },
                {
                  children: confirm.isPending
                    ? 'Confirmation…'
                    : plan?.kind === 'split'
                      ? 'Demander l’accord'
                      : 'Oui, je confirme ce stage',
                  doClosesModal: false,
                  nativeButtonProps: { 'data-testid': 'confirm-yes' },
                  onClick: () => {
                    if (current && !confirm.isPending) confirm.mutate(current);
                  },
                },
              ]
        }
      >
        {current && <ConfirmText application={current} all={data.items} campaign={campaign} />}
        {confirm.isError && (
          <Alert
            severity="error"
            small
            role="alert"
            className="fr-mt-2w"
            description={`La confirmation a échoué. ${confirm.error.message}`}
          />
        )}
      </confirmModal.Component>

      <withdrawModal.Component
        title={
          current
            ? current.status === 'confirmed'
              ? `Vous désister du stage « ${current.offer.title} » ?`
              : `Retirer la candidature « ${current.offer.title} » ?`
            : 'Retirer la candidature'
        }
        titleAs="h2"
        buttons={[
          { children: 'Annuler', priority: 'secondary' },
          {
            children: withdraw.isPending
              ? 'Retrait…'
              : current?.status === 'confirmed'
                ? 'Oui, je me désiste'
                : 'Oui, je retire ma candidature',
            doClosesModal: false,
            nativeButtonProps: { 'data-testid': 'withdraw-yes' },
            onClick: () => {
              if (current && !withdraw.isPending) withdraw.mutate(current);
            },
          },
        ]}
      >
        {current && (
          <p>
            {current.status === 'confirmed' || current.status === 'split_pending'
              ? `Votre place chez ${current.host.name} pour ${weeksText(current.weeks)} sera libérée pour un autre élève, et l’organisme sera prévenu. Vous ne pourrez pas revenir en arrière.`
              : current.status === 'accepted'
                ? `L’organisme ${current.host.name} vous avait accepté : la place qu’il vous proposait sera rendue, et il sera prévenu. Vous ne pourrez pas revenir en arrière.`
                : `L’organisme ${current.host.name} sera prévenu que vous retirez votre candidature. Vous ne pourrez pas revenir en arrière.`}
          </p>
        )}
        {withdraw.isError && (
          <Alert
            severity="error"
            small
            role="alert"
            className="fr-mt-2w"
            description={`Le retrait a échoué. ${withdraw.error.message}`}
          />
        )}
      </withdrawModal.Component>
    </>
  );
}

/** At the top: the overall status and each week. */
function Summary({ data, campaign }: { data: MyApplications; campaign: readonly CampaignWeek[] }) {
  const p = data.placement;
  const severity = PLACEMENT_STATUS_SEVERITIES[p.status];
  return (
    <section aria-labelledby="mon-stage" className="sts-placement" data-testid="placement-summary">
      <h2 id="mon-stage">Mon stage</h2>
      <p>
        Statut :{' '}
        <Badge as="span" noIcon {...(severity ? { severity } : {})} data-testid="placement-status">
          {p.statusLabel}
        </Badge>
      </p>
      <ul className="sts-placement__weeks">
        {p.weeks.map((w) => {
          const s = weekSummary(w, p.gaps);
          return (
            <li
              key={w.week}
              className={`sts-placement__week sts-placement__week--${s.kind}`}
              data-testid={`week-${w.week}`}
            >
              <strong>{weekWithDates(w.week, campaign)}</strong> : {s.text}
              {s.detail && <span className="fr-hint-text">{s.detail}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Group({
  group,
  items,
  campaign,
  now,
  onConfirm,
  onWithdraw,
}: {
  group: GroupKey;
  items: MyApplication[];
  campaign: readonly CampaignWeek[];
  now: Date;
  onConfirm: (a: MyApplication) => void;
  onWithdraw: (a: MyApplication) => void;
}) {
  const id = `groupe-${group}`;
  return (
    <section aria-labelledby={id} className="fr-mt-5w" data-testid={`group-${group}`}>
      <h2 id={id}>
        {GROUP_TITLES[group]} <span className="fr-text--md fr-text--regular">({items.length})</span>
      </h2>
      <ul className="sts-applications">
        {items.map((a) => (
          <li key={a.id}>
            <ApplicationCard
              a={a}
              campaign={campaign}
              now={now}
              onConfirm={() => onConfirm(a)}
              onWithdraw={() => onWithdraw(a)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ApplicationCard({
  a,
  campaign,
  now,
  onConfirm,
  onWithdraw,
}: {
  a: MyApplication;
  campaign: readonly CampaignWeek[];
  now: Date;
  onConfirm: () => void;
  onWithdraw: () => void;
}) {
  const badge = stateBadge(a, now);
  const actions = studentActions(a, now);
  const ended = endedText(a, now);
  return (
    <article
      className="sts-application"
      data-testid="application-card"
      aria-labelledby={`candidature-${a.id}`}
    >
      <h3 id={`candidature-${a.id}`} className="fr-h5 fr-mb-1w">
        <Link to={`/offres/${a.offer.id}`}>{a.offer.title}</Link>
      </h3>
      <p className="fr-mb-1w">{a.host.name}</p>
      <p className="fr-mb-1w">
        <Badge as="span" small noIcon {...(badge.severity ? { severity: badge.severity } : {})}>
          {badge.label}
        </Badge>
      </p>
      <ul className="fr-mb-1w sts-application__facts">
        {a.weeks.map((w) => (
          <li key={w}>{weekWithDates(w, campaign)}</li>
        ))}
        <li>Envoyée le {formatDateTime(a.appliedAt)}</li>
        {a.cv && (
          <li>
            CV joint :{' '}
            <a href={`/api/files/${encodeURIComponent(a.cv.id)}`} download={a.cv.fileName}>
              {a.cv.fileName}
            </a>
          </li>
        )}
        {a.status === 'pending' && !ended && (
          <li>Réponse attendue au plus tard le {formatDateTime(a.expiresAt)}</li>
        )}
      </ul>
      {a.status === 'accepted' && !ended && a.confirmBy && (
        <p className="fr-mb-1w sts-application__deadline">
          <strong>À confirmer avant le {formatDateTime(a.confirmBy)}</strong>, sinon la place sera rendue.
        </p>
      )}
      {a.status === 'split_pending' && (
        <p className="fr-mb-1w">
          Vous avez déjà un stage l’autre semaine chez un autre organisme : votre chef d’établissement doit
          autoriser ce stage en deux lieux.
        </p>
      )}
      {ended && <p className="fr-mb-1w">{ended}</p>}
      {a.hostMessage && (
        <blockquote className="sts-application__message">
          <p className="fr-mb-0">
            <span className="fr-text--bold">Message de l’organisme : </span>
            {a.hostMessage}
          </p>
        </blockquote>
      )}
      {a.cancelReason && a.status !== 'withdrawn_by_student' && (
        <p className="fr-mb-1w">
          <span className="fr-text--bold">Motif : </span>
          {a.cancelReason}
        </p>
      )}
      {(actions.confirm || actions.withdraw) && (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
          {actions.confirm && (
            <li>
              <Button size="large" onClick={onConfirm} iconId="fr-icon-check-line">
                Confirmer ce stage
                <span className="fr-sr-only"> : {a.offer.title}</span>
              </Button>
            </li>
          )}
          {actions.withdraw && (
            <li>
              <Button priority="secondary" onClick={onWithdraw}>
                {a.status === 'confirmed' ? 'Me désister' : 'Retirer ma candidature'}
                <span className="fr-sr-only"> : {a.offer.title}</span>
              </Button>
            </li>
          )}
        </ul>
      )}
    </article>
  );
}

/** What confirming will do: the places taken, the applications cancelled, or the head's agreement. */
function ConfirmText({
  application: a,
  all,
  campaign,
}: {
  application: MyApplication;
  all: readonly MyApplication[];
  campaign: readonly CampaignWeek[];
}) {
  const plan = confirmPlan(a, all);
  if (plan.kind === 'covered')
    return (
      <p>
        Vous avez déjà un stage pour la semaine {plan.week} : retirez-le d’abord si vous préférez celui-ci.
      </p>
    );
  const list =
    plan.cancels.length > 0 ? (
      <ul>
        {plan.cancels.map((o) => (
          <li key={o.id}>
            « {o.offer.title} » ({o.host.name}, {weeksText(o.weeks)})
          </li>
        ))}
      </ul>
    ) : null;
  const weeks = a.weeks.map((w) => weekWithDates(w, campaign)).join(' et ');
  if (plan.kind === 'split')
    return (
      <>
        <p>
          Vous avez déjà un stage confirmé chez un autre organisme pour l’autre semaine. Faire ses deux
          semaines dans deux lieux doit être autorisé par votre chef d’établissement : votre demande lui sera
          envoyée.
        </p>
        <p>{weeks} vous est réservée en attendant sa réponse.</p>
        {list && (
          <>
            <p>S’il accepte, vos autres candidatures sur cette semaine seront annulées :</p>
            {list}
          </>
        )}
      </>
    );
  return (
    <>
      <p>
        Vous vous engagez à faire ce stage chez {a.host.name} : {weeks}. Votre place est réservée dès
        maintenant.
      </p>
      {list ? (
        <>
          <p>
            {plan.cancels.length > 1
              ? `Vos ${plan.cancels.length} autres candidatures sur ${a.weeks.length > 1 ? 'ces semaines' : 'cette semaine'} seront annulées, et les organismes prévenus :`
              : `Votre autre candidature sur ${a.weeks.length > 1 ? 'ces semaines' : 'cette semaine'} sera annulée, et l’organisme prévenu :`}
          </p>
          {list}
        </>
      ) : (
        <p>Aucune autre candidature n’est annulée.</p>
      )}
    </>
  );
}
