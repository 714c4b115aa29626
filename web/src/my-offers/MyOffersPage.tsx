import { OFFER_IMPORT_PATH } from '../offers-import/OfferImportPage.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { createModal } from '@codegouvfr/react-dsfr/Modal/index.js';
import type { Role } from '../../../src/domain/permissions.ts';
import { formatDateRange } from '../lib/format.ts';
import type { SignedInSession } from '../lib/session.ts';
import { useNotify } from '../layout/notice.ts';
import { writeJson } from '../school/http.ts';
import { offerApplicationsPath } from '../host-applications/api.ts';
import {
  MY_OFFERS_KEY,
  MY_OFFERS_PATHS,
  useMyOffers,
  type MyOfferItem,
  type MyOffers,
  type WeekPlaces,
} from './api.ts';
import { MyOffersFrame, MY_OFFERS_TITLES } from './MyOffersFrame.tsx';
import { allowedEvents, EVENT_BUTTONS, isEditable, statusView, type RowEvent } from './status.ts';
import './my-offers.css';

const confirmModal = createModal({ id: 'confirmer-action-offre', isOpenedByDefault: false });

/** "Mes offres": the owner's offers, their status, places per week and the allowed actions. */
export function MyOffersPage() {
  return (
    <MyOffersFrame title={(s) => MY_OFFERS_TITLES[s.role] ?? 'Mes offres'}>
      {(session) => <Dashboard session={session} />}
    </MyOffersFrame>
  );
}

function weekText(w: WeekPlaces | undefined): string {
  if (!w) return 'Non proposée';
  const taken = `${w.taken} prise${w.taken > 1 ? 's' : ''}`;
  const left = w.left === 0 ? 'aucune restante' : `${w.left} restante${w.left > 1 ? 's' : ''}`;
  return `${w.places} place${w.places > 1 ? 's' : ''} : ${taken}, ${left}`;
}

function EmptyState({ role }: { role: Role }) {
  const how: Partial<Record<Role, string>> = {
    host_member:
      'Décrivez ce que l’élève observera, le lieu, les semaines et les places, puis les horaires : l’offre reste un brouillon jusqu’à ce que vous la publiiez.',
    school_head:
      'Les offres de votre lycée (vie scolaire, intendance, laboratoires…) sont publiées dès leur enregistrement, marquées Éducation nationale.',
    school_director:
      'Les offres de votre école sont d’abord enregistrées en brouillon, puis soumises à l’IEN de votre circonscription, qui les publie ou vous les renvoie avec un motif.',
    dsden: 'Choisissez le service qui accueille : l’offre est publiée dès son enregistrement.',
    rectorat: 'Choisissez le service qui accueille : l’offre est publiée dès son enregistrement.',
  };
  return (
    <div className="fr-callout fr-my-4w" data-testid="my-offers-empty">
      <h2 className="fr-callout__title">Aucune offre pour le moment</h2>
      <p className="fr-callout__text">{how[role]}</p>
      <Link className="fr-btn fr-mt-2w" to={MY_OFFERS_PATHS.create}>
        Créer une première offre
      </Link>
    </div>
  );
}

function Dashboard({ session }: { session: SignedInSession }) {
  const mine = useMyOffers();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [pending, setPending] = useState<{ offer: MyOfferItem; event: RowEvent } | null>(null);
  const act = useMutation({
    mutationFn: (p: { offer: MyOfferItem; event: RowEvent }) =>
      writeJson('POST', `/api/offers/${p.offer.id}/events/${p.event}`, session.csrfToken),
    onSuccess: async (_data, p) => {
      confirmModal.close();
      await queryClient.invalidateQueries({ queryKey: MY_OFFERS_KEY });
      notify({
        severity: 'success',
        text: `« ${p.offer.title} » : ${EVENT_BUTTONS[p.event].done}`,
        path: MY_OFFERS_PATHS.list,
      });
    },
  });
  const ask = (offer: MyOfferItem, event: RowEvent) => {
    act.reset();
    setPending({ offer, event });
    confirmModal.open();
  };

  if (mine.isPending) return <p role="status">Chargement de vos offres…</p>;
  if (mine.isError)
    return (
      <Alert
        severity="error"
        role="alert"
        title="Vos offres n’ont pas pu être chargées"
        description={mine.error.message}
      />
    );
  const data: MyOffers = mine.data;
  const [w1, w2] = data.campaign.weeks;
  return (
    <>
      {data.owner && <p className="fr-text--lead">{data.owner}</p>}
      <p>
        Campagne {data.campaign.schoolYear}
        {w1 && ` : semaine 1 ${formatDateRange(w1.start, w1.end)}`}
        {w2 && `, semaine 2 ${formatDateRange(w2.start, w2.end)}`}.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Link className="fr-btn fr-icon-add-line fr-btn--icon-left" to={MY_OFFERS_PATHS.create}>
            Nouvelle offre
          </Link>
        </li>
        {session.role === 'host_member' && (
          <li>
            <Link
              className="fr-btn fr-btn--secondary fr-icon-upload-line fr-btn--icon-left"
              to={OFFER_IMPORT_PATH}
            >
              Importer des offres (fichier CSV)
            </Link>
          </li>
        )}
      </ul>
      {data.items.length === 0 ? (
        <EmptyState role={session.role} />
      ) : (
        <div className="fr-table fr-table--no-caption sts-my-offers">
          <table>
            <caption>{MY_OFFERS_TITLES[session.role]}</caption>
            <thead>
              <tr>
                <th scope="col">Offre</th>
                <th scope="col">Statut</th>
                <th scope="col">Semaine 1</th>
                <th scope="col">Semaine 2</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((o) => {
                const st = statusView(o.status, o.source, o.statusReason);
                const events = allowedEvents(o.status, session.role);
                return (
                  <tr key={o.id} data-testid="my-offer-row">
                    <th scope="row">
                      {o.title}
                      {(o.serviceName || o.communeName) && (
                        <span className="fr-hint-text">
                          {[o.serviceName, o.communeName].filter(Boolean).join(' – ')}
                        </span>
                      )}
                    </th>
                    <td>
                      <Badge as="span" small noIcon {...(st.severity ? { severity: st.severity } : {})}>
                        {st.label}
                      </Badge>
                      {st.reason && <p className="fr-text--sm fr-mt-1w fr-mb-0">Motif : {st.reason}</p>}
                    </td>
                    <td>{weekText(o.weeks.find((w) => w.week === 1))}</td>
                    <td>{weekText(o.weeks.find((w) => w.week === 2))}</td>
                    <td>
                      <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--inline-lg">
                        {isEditable(o.status) && (
                          <li>
                            <Link
                              className="fr-btn fr-btn--secondary fr-btn--sm"
                              to={MY_OFFERS_PATHS.edit(o.id)}
                              title={`Modifier « ${o.title} »`}
                            >
                              Modifier
                            </Link>
                          </li>
                        )}
                        {session.role === 'host_member' && (
                          <li>
                            <Link
                              className="fr-btn fr-btn--tertiary fr-btn--sm"
                              to={offerApplicationsPath(o.id)}
                              title={`Candidatures à « ${o.title} »`}
                            >
                              Candidatures
                            </Link>
                          </li>
                        )}
                        {events.map((e) => (
                          <li key={e}>
                            <Button
                              type="button"
                              size="small"
                              priority={e === 'unpublish' ? 'tertiary' : 'primary'}
                              title={`${EVENT_BUTTONS[e].label} « ${o.title} »`}
                              onClick={() => ask(o, e)}
                            >
                              {EVENT_BUTTONS[e].label}
                            </Button>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <confirmModal.Component
        title={pending ? `${EVENT_BUTTONS[pending.event].label} « ${pending.offer.title} » ?` : 'Confirmer'}
        titleAs="h2"
        buttons={[
          { children: 'Annuler', priority: 'secondary' },
          {
            children: act.isPending
              ? 'En cours…'
              : `Confirmer : ${pending ? EVENT_BUTTONS[pending.event].label.toLowerCase() : ''}`,
            doClosesModal: false,
            onClick: () => {
              if (pending && !act.isPending) act.mutate(pending);
            },
          },
        ]}
      >
        <p>{pending ? EVENT_BUTTONS[pending.event].confirm : ''}</p>
        {act.isError && (
          <Alert
            severity="error"
            small
            role="alert"
            description={`L’action a échoué. ${act.error.message}`}
          />
        )}
      </confirmModal.Component>
    </>
  );
}
