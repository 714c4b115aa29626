import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { formatDuration, parseTime } from '../../../src/domain/hours.ts';
import { formatDateRange } from '../lib/format.ts';
import type { CampaignWeek } from './api.ts';
import { DAY_LABELS, hoursOf, weeksOf, type OfferForm } from './form.ts';

/**
 * The offer as a student will read it on its page: title, host, badges, what they will observe,
 * where, which weeks with how many places, the hours and the conditions. Built from the form,
 * before anything is saved.
 */
export function OfferPreview({
  form,
  hostName,
  educationNationale,
  sectorName,
  weeks,
}: {
  form: OfferForm;
  hostName: string;
  educationNationale: boolean;
  sectorName: string;
  weeks: CampaignWeek[];
}) {
  const offered = weeksOf(form);
  const hours = hoursOf(form);
  const place = [
    form.address.trim(),
    [form.postalCode.trim(), form.communeName.trim()].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  const badges: { text: string; severity?: 'info' | 'success' | 'new' }[] = [];
  if (educationNationale) badges.push({ text: 'Éducation nationale', severity: 'info' });
  if (form.accessible) badges.push({ text: 'Accessible', severity: 'success' });
  if (form.priorityEducation) badges.push({ text: 'Prioritaire REP/QPV', severity: 'new' });
  return (
    <article
      className="sts-offer-preview fr-p-3w"
      aria-labelledby="apercu-titre-offre"
      data-testid="offer-preview"
    >
      <p className="fr-text--sm fr-mb-1w">{sectorName}</p>
      <h3 id="apercu-titre-offre">{form.title || 'Sans titre'}</h3>
      <p className="fr-text--lead">{hostName}</p>
      {badges.length > 0 && (
        <ul className="fr-badges-group">
          {badges.map((b) => (
            <li key={b.text}>
              <Badge small noIcon as="span" {...(b.severity ? { severity: b.severity } : {})}>
                {b.text}
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <h4>Le stage</h4>
      <p className="sts-preline">{form.description}</p>
      {form.activities.trim() !== '' && (
        <>
          <h4>Ce que l’élève observera</h4>
          <p className="sts-preline">{form.activities}</p>
        </>
      )}
      <h4>Lieu</h4>
      <p>{place || 'À l’adresse de l’établissement ou du service'}</p>
      <h4>Semaines et places</h4>
      <ul>
        {offered.map((w) => {
          const dates = weeks.find((c) => c.week === w.week);
          return (
            <li key={w.week}>
              Semaine {w.week}
              {dates ? `, ${formatDateRange(dates.start, dates.end)}` : ''} : {w.places}{' '}
              {w.places > 1 ? 'places' : 'place'}
            </li>
          );
        })}
      </ul>
      {form.groupReception && <p>Accueil en groupe : plusieurs élèves peuvent être accueillis ensemble.</p>}
      <h4>Horaires</h4>
      {hours.length === 0 ? (
        <p>Horaires non précisés.</p>
      ) : (
        <ul>
          {hours.map((h) => {
            const from = parseTime(h.from);
            const to = parseTime(h.to);
            return (
              <li key={h.day}>
                {DAY_LABELS[h.day - 1]} : {from === null ? h.from : formatDuration(from)} –{' '}
                {to === null ? h.to : formatDuration(to)}
                {h.breakMinutes > 0 ? `, pause de ${formatDuration(h.breakMinutes)}` : ''}
              </li>
            );
          })}
        </ul>
      )}
      <h4>Conditions</h4>
      <ul>
        <li>Repas : {form.lunch.trim() || 'non précisé'}</li>
        <li>
          {form.accessible
            ? 'Accessible aux élèves en situation de handicap'
            : 'Accessibilité aux élèves en situation de handicap non indiquée'}
        </li>
        {form.priorityEducation && (
          <li>Priorité aux élèves des lycées REP, REP+ ou des quartiers prioritaires</li>
        )}
        {form.reservedTo.trim() !== '' && <li>Réservée aux élèves des lycées : {form.reservedTo}</li>}
      </ul>
      {(form.contactName || form.contactEmail || form.contactPhone) && (
        <>
          <h4>Contact</h4>
          <p>
            {[form.contactName, form.contactEmail, form.contactPhone]
              .filter((x) => x.trim() !== '')
              .join(' – ')}
          </p>
        </>
      )}
    </article>
  );
}
