/** Every field of an offer, as the IEN reads it before publishing it. Text is rendered as text. */
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';

/** GET /api/offers/:id */
export interface OfferDetail {
  id: string;
  status: 'draft' | 'submitted' | 'published' | 'full' | 'unpublished' | 'archived';
  source: string;
  title: string;
  description: string;
  activities: string | null;
  sectorCode: string;
  host: { id: string; name: string; isPublic: boolean; publicEmployerGroup: string | null };
  place: {
    address: string | null;
    postalCode: string | null;
    communeName: string | null;
    communeInsee: string | null;
    lat: number | null;
    lon: number | null;
  };
  weeks: { week: number; places: number; taken: number; left: number }[];
  groupReception: boolean;
  hours: { day: number; from: string; to: string; breakMinutes: number }[] | null;
  lunch: string | null;
  accessible: boolean;
  educationNationale: boolean;
  priorityEducation: boolean;
  reservedTo: string[];
  contact: { name: string | null; email: string | null; phone: string | null };
  schoolUai: string | null;
  serviceUai: string | null;
  statusReason: string | null;
  submittedAt: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
}

export const STATUS_LABELS: Record<OfferDetail['status'], string> = {
  draft: 'Brouillon',
  submitted: 'Soumise à l’IEN',
  published: 'Publiée',
  full: 'Complète',
  unpublished: 'Dépubliée',
  archived: 'Archivée',
};

const DAYS = ['', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'];

function places(n: number): string {
  return `${n} place${n > 1 ? 's' : ''}`;
}

/** "09:00" → "9 h", "16:30" → "16 h 30". */
function time(hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return m && m !== '00' ? `${Number(h)} h ${m}` : `${Number(h)} h`;
}

/** Multi-line text kept as written (line breaks shown), never interpreted as HTML. */
function Paragraphs({ text }: { text: string }) {
  return <p style={{ whiteSpace: 'pre-line' }}>{text}</p>;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fr-mb-2w">
      <dt className="fr-text--bold">{label}</dt>
      <dd className="fr-ml-0">{children}</dd>
    </div>
  );
}

const NOT_GIVEN = <span className="fr-text--sm fr-mb-0">Non renseigné</span>;

/** The sector's French name (GET /api/sectors, shared with the search page's cache). */
function SectorName({ code }: { code: string }) {
  const sectors = useQuery({
    queryKey: ['public', 'sectors'],
    queryFn: ({ signal }) => getJson<{ items: { code: string; name: string }[] }>('/api/sectors', signal),
    staleTime: Infinity,
  });
  return <>{sectors.data?.items.find((s) => s.code === code)?.name ?? code}</>;
}

/** The whole offer: what students will see once it is published, and the contact. */
export function OfferDetails({ offer, headingLevel = 2 }: { offer: OfferDetail; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const address = [
    offer.place.address,
    [offer.place.postalCode, offer.place.communeName].filter(Boolean).join(' '),
  ]
    .filter((x) => x && x.trim() !== '')
    .join(', ');
  return (
    <div className="sts-offer-details">
      <ul className="fr-badges-group fr-mb-2w">
        <li>
          <Badge small noIcon severity="info">
            {STATUS_LABELS[offer.status]}
          </Badge>
        </li>
        {offer.educationNationale && (
          <li>
            <Badge small noIcon>
              Éducation nationale
            </Badge>
          </li>
        )}
        {offer.accessible && (
          <li>
            <Badge small noIcon>
              Accessible
            </Badge>
          </li>
        )}
        {offer.priorityEducation && (
          <li>
            <Badge small noIcon>
              Prioritaire REP/QPV
            </Badge>
          </li>
        )}
      </ul>

      <H>L’offre</H>
      <dl>
        <Field label="Titre">{offer.title}</Field>
        <Field label="Description">
          <Paragraphs text={offer.description} />
        </Field>
        <Field label="Activités observées">
          {offer.activities ? <Paragraphs text={offer.activities} /> : NOT_GIVEN}
        </Field>
        <Field label="Secteur">
          <SectorName code={offer.sectorCode} />
        </Field>
        <Field label="Accueil">{offer.host.name}</Field>
      </dl>

      <H>Lieu</H>
      <dl>
        <Field label="Adresse">{address || NOT_GIVEN}</Field>
        <Field label="Accessible aux élèves en situation de handicap">
          {offer.accessible ? 'Oui' : 'Non'}
        </Field>
      </dl>

      <H>Semaines et places</H>
      {offer.weeks.length === 0 ? (
        <p>Aucune semaine indiquée.</p>
      ) : (
        <ul>
          {offer.weeks.map((w) => (
            <li key={w.week}>
              Semaine {w.week} : {places(w.places)}
              {w.taken > 0 ? ` (${w.taken} prise${w.taken > 1 ? 's' : ''})` : ''}
            </li>
          ))}
        </ul>
      )}
      <p>{offer.groupReception ? 'Accueil en groupe possible.' : 'Pas d’accueil en groupe.'}</p>

      <H>Horaires</H>
      {offer.hours && offer.hours.length > 0 ? (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Horaires quotidiens</caption>
            <thead>
              <tr>
                <th scope="col">Jour</th>
                <th scope="col">Horaires</th>
                <th scope="col">Pause</th>
              </tr>
            </thead>
            <tbody>
              {offer.hours.map((h) => (
                <tr key={h.day}>
                  <th scope="row">{DAYS[h.day] ?? `Jour ${h.day}`}</th>
                  <td>
                    de {time(h.from)} à {time(h.to)}
                  </td>
                  <td>{h.breakMinutes > 0 ? `${h.breakMinutes} min` : 'aucune'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Horaires non renseignés.</p>
      )}

      <H>Conditions</H>
      <dl>
        <Field label="Repas">{offer.lunch ? <Paragraphs text={offer.lunch} /> : NOT_GIVEN}</Field>
        <Field label="Réservée à des lycées">
          {offer.reservedTo.length > 0 ? offer.reservedTo.join(', ') : 'Non, ouverte à tous les élèves'}
        </Field>
        <Field label="Priorité aux élèves REP/REP+ ou QPV">{offer.priorityEducation ? 'Oui' : 'Non'}</Field>
      </dl>

      <H>Contact</H>
      <dl>
        <Field label="Nom">{offer.contact.name ?? NOT_GIVEN}</Field>
        <Field label="Courriel">{offer.contact.email ?? NOT_GIVEN}</Field>
        <Field label="Téléphone">{offer.contact.phone ?? NOT_GIVEN}</Field>
      </dl>

      {(offer.submittedAt || offer.updatedAt) && (
        <p className="fr-text--sm">
          {offer.submittedAt && <>Soumise le {formatDateTime(offer.submittedAt)}. </>}
          {offer.updatedAt && <>Dernière modification le {formatDateTime(offer.updatedAt)}.</>}
        </p>
      )}
    </div>
  );
}
