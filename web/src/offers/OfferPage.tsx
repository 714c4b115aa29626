import { lazy, Suspense } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { ApiError } from '../lib/api.ts';
import { formatDateRange } from '../lib/format.ts';
import { usePublicStats } from '../lib/publicStats.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { FlagOfferForm } from '../moderation/FlagOfferForm.tsx';
import { ApplySection } from '../applications/ApplySection.tsx';
import { useOffer, useSectors, type OfferView } from './api.ts';
import { OfferBadges } from './OfferBadges.tsx';
import { dayDuration, formatTime, weekPlacesText } from './offerText.ts';
import { backToSearch } from './paths.ts';
import './offers.css';

const OfferPlaceMap = lazy(() => import('../map/OffersMap.tsx').then((m) => ({ default: m.OfferPlaceMap })));

const DAYS = ['', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'] as const;

/** An offer's public page (/offres/:id). */
export function OfferPage() {
  const { id = '' } = useParams();
  const offer = useOffer(id);
  const location = useLocation();
  const back = backToSearch(location.state);
  const backLink = (
    <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={back.to}>
      {back.fromSearch ? 'Retour aux résultats de la recherche' : 'Chercher d’autres offres'}
    </Link>
  );

  // 404: no offer (or not visible to this visitor); 400: the address does not hold an offer's id
  if (
    offer.isError &&
    offer.error instanceof ApiError &&
    (offer.error.status === 404 || offer.error.status === 400)
  )
    return <NotFoundPage />;

  return (
    <div className="fr-container fr-pb-8w">
      <Breadcrumb
        currentPageLabel={offer.data?.title ?? 'Offre de stage'}
        homeLinkProps={{ to: PATHS.home }}
        segments={[{ label: 'Trouver un stage', linkProps: { to: back.to } }]}
      />
      <p className="fr-mb-3w">{backLink}</p>
      {/* one <h1>, kept while the offer loads: the focus put on it by the layout stays there */}
      <Title text={offer.data?.title ?? 'Offre de stage'} />
      {offer.isPending ? (
        <p role="status">Chargement de l’offre…</p>
      ) : offer.isError ? (
        <>
          <Alert severity="error" title="L’offre n’a pas pu être chargée" description={offer.error.message} />
          <Button
            className="fr-mt-2w"
            priority="secondary"
            iconId="fr-icon-refresh-line"
            onClick={() => void offer.refetch()}
          >
            Réessayer
          </Button>
        </>
      ) : (
        <OfferDetails offer={offer.data} />
      )}
    </div>
  );
}

function Title({ text }: { text: string }) {
  useDocumentTitle(text);
  return <h1>{text}</h1>;
}

function OfferDetails({ offer }: { offer: OfferView }) {
  const sectors = useSectors();
  const stats = usePublicStats();
  const sectorName = sectors.data?.items.find((s) => s.code === offer.sectorCode)?.name ?? offer.sectorCode;
  const campaignWeeks = stats.data?.campaign?.weeks ?? [];
  const weeks = [...offer.weeks].sort((a, b) => a.week - b.week);
  const hours = [...(offer.hours ?? [])].sort((a, b) => a.day - b.day);
  const p = offer.place;
  const hasPoint = p.lat !== null && p.lon !== null;
  const addressLines = [p.address, [p.postalCode, p.communeName].filter(Boolean).join(' ')].filter(
    (l): l is string => typeof l === 'string' && l.trim() !== '',
  );
  const contact = offer.contact;
  const hasContact = Boolean(contact.name || contact.email || contact.phone);

  return (
    <div>
      <p className="fr-text--lead fr-mb-1w">{offer.host.name}</p>
      <p className="fr-mb-2w">
        {sectorName}
        {offer.host.isPublic ? ' · organisme public' : ' · organisme privé'}
        {offer.host.publicEmployerGroup ? ` (${offer.host.publicEmployerGroup})` : ''}
      </p>
      <OfferBadges offer={{ ...offer, isPublic: offer.host.isPublic }} className="fr-mb-3w" />
      {offer.status === 'full' && (
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description="Cette offre est complète : toutes ses places sont prises."
        />
      )}

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-7">
          <section aria-labelledby="offre-description">
            <h2 id="offre-description">Le stage</h2>
            <p className="sts-text">{offer.description}</p>
            {offer.activities && (
              <>
                <h3 className="fr-h5">Activités observées</h3>
                <p className="sts-text">{offer.activities}</p>
              </>
            )}
          </section>

          <section aria-labelledby="offre-places" className="fr-mt-4w">
            <h2 id="offre-places">Semaines et places</h2>
            <div className="fr-table fr-table--no-caption">
              <div className="fr-table__wrapper">
                <div className="fr-table__container">
                  <div className="fr-table__content">
                    <table data-testid="offer-weeks">
                      <caption>Places par semaine</caption>
                      <thead>
                        <tr>
                          <th scope="col">Semaine</th>
                          <th scope="col">Dates</th>
                          <th scope="col">Places</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[1, 2].map((n) => {
                          const w = weeks.find((x) => x.week === n);
                          const dates = campaignWeeks.find((c) => c.number === n);
                          return (
                            <tr key={n}>
                              <th scope="row">Semaine {n}</th>
                              <td>{dates ? formatDateRange(dates.start, dates.end) : '—'}</td>
                              <td>{weekPlacesText(w ? { places: w.places, left: w.left } : null)}</td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
            <p className="fr-text--sm">
              {offer.groupReception
                ? 'L’organisme accueille plusieurs élèves ensemble.'
                : 'L’organisme accueille les élèves un par un.'}{' '}
              Une place sur deux semaines occupe une place dans chaque semaine.
            </p>
          </section>

          <ApplySection offer={offer} />

          <section aria-labelledby="offre-horaires" className="fr-mt-4w">
            <h2 id="offre-horaires">Horaires et repas</h2>
            {hours.length > 0 ? (
              <div className="fr-table fr-table--no-caption">
                <div className="fr-table__wrapper">
                  <div className="fr-table__container">
                    <div className="fr-table__content">
                      <table data-testid="offer-hours">
                        <caption>Horaires de la journée</caption>
                        <thead>
                          <tr>
                            <th scope="col">Jour</th>
                            <th scope="col">Horaires</th>
                            <th scope="col">Pause</th>
                            <th scope="col">Durée de présence</th>
                          </tr>
                        </thead>
                        <tbody>
                          {hours.map((h) => (
                            <tr key={h.day}>
                              <th scope="row">{DAYS[h.day] ?? `Jour ${h.day}`}</th>
                              <td>
                                de {formatTime(h.from)} à {formatTime(h.to)}
                              </td>
                              <td>{h.breakMinutes > 0 ? `${h.breakMinutes} min` : 'aucune'}</td>
                              <td>{dayDuration(h.from, h.to, h.breakMinutes)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  </div>
                </div>
              </div>
            ) : (
              <p>Les horaires seront précisés par l’organisme dans la convention de stage.</p>
            )}
            <h3 className="fr-h6">Repas</h3>
            <p className="sts-text">
              {offer.lunch ??
                'Non précisé. Sauf indication contraire de l’organisme, le repas de midi est à la charge de la famille.'}
            </p>
          </section>
        </div>

        <div className="fr-col-12 fr-col-lg-5">
          <section aria-labelledby="offre-lieu">
            <h2 id="offre-lieu">Lieu du stage</h2>
            {addressLines.length > 0 ? (
              <address className="sts-address fr-mb-2w" data-testid="offer-address">
                {addressLines.map((line, i) => (
                  <span key={i}>
                    {line}
                    {i < addressLines.length - 1 && <br />}
                  </span>
                ))}
              </address>
            ) : (
              <p>Adresse non précisée.</p>
            )}
            {hasPoint && (
              <Suspense fallback={<p role="status">Chargement de la carte…</p>}>
                <OfferPlaceMap
                  lat={p.lat!}
                  lon={p.lon!}
                  label={`Carte : lieu du stage « ${offer.title} »${p.communeName ? ` à ${p.communeName}` : ''}`}
                />
              </Suspense>
            )}
          </section>

          <section aria-labelledby="offre-conditions" className="fr-mt-4w">
            <h2 id="offre-conditions">Conditions d’accueil</h2>
            <dl className="sts-facts">
              <dt>Accessibilité</dt>
              <dd>
                {offer.accessible
                  ? 'Accueil possible d’élèves en situation de handicap.'
                  : 'L’organisme n’a pas indiqué pouvoir accueillir des élèves en situation de handicap.'}
              </dd>
              <dt>Éducation nationale</dt>
              <dd>
                {offer.educationNationale
                  ? 'Offre d’un service ou d’un établissement de l’Éducation nationale.'
                  : 'Non'}
              </dd>
              <dt>Priorité</dt>
              <dd>
                {offer.priorityEducation
                  ? 'Les élèves des lycées REP, REP+ ou situés en quartier prioritaire (QPV) voient cette offre en premier.'
                  : 'Aucune'}
              </dd>
              {offer.reservedTo.length > 0 && (
                <>
                  <dt>Réservée</dt>
                  <dd>
                    Offre réservée aux élèves de{' '}
                    {offer.reservedTo.length === 1 ? 'un lycée' : 'certains lycées'} (
                    {offer.reservedTo.join(', ')}).
                  </dd>
                </>
              )}
            </dl>
          </section>

          {hasContact && (
            <section aria-labelledby="offre-contact" className="fr-mt-4w">
              <h2 id="offre-contact">Contact</h2>
              <ul className="sts-offer-card__weeks">
                {contact.name && <li>{contact.name}</li>}
                {contact.email && (
                  <li>
                    <a href={`mailto:${contact.email}`}>{contact.email}</a>
                  </li>
                )}
                {contact.phone && (
                  <li>
                    <a href={`tel:${contact.phone.replace(/\s/g, '')}`}>{contact.phone}</a>
                  </li>
                )}
              </ul>
            </section>
          )}
        </div>
      </div>

      <FlagOfferForm offerId={offer.id} offerTitle={offer.title} />
    </div>
  );
}
