import { Badge } from '@codegouvfr/react-dsfr/Badge.js';

interface BadgeFacts {
  educationNationale: boolean;
  accessible: boolean;
  priorityEducation: boolean;
  isPublic?: boolean;
}

/** The offer's badges: Éducation nationale, accessible, REP/QPV priority, public host. */
export function OfferBadges({ offer, className }: { offer: BadgeFacts; className?: string }) {
  const badges: { text: string; severity?: 'info' | 'success' | 'new' }[] = [];
  if (offer.educationNationale) badges.push({ text: 'Éducation nationale', severity: 'info' });
  if (offer.accessible) badges.push({ text: 'Accessible', severity: 'success' });
  if (offer.priorityEducation) badges.push({ text: 'Prioritaire REP/QPV', severity: 'new' });
  if (offer.isPublic && !offer.educationNationale) badges.push({ text: 'Organisme public' });
  if (badges.length === 0) return null;
  return (
    <ul className={`fr-badges-group ${className ?? ''}`}>
      {badges.map((b) => (
        <li key={b.text}>
          <Badge small noIcon as="span" {...(b.severity ? { severity: b.severity } : {})}>
            {b.text}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
