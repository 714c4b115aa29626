/**
 * Offers (DOMAIN.md §3): the lifecycle as a data table (state × event → next state, allowed
 * roles), the channel an offer comes through, and the validation of its fields. Pure.
 */
import type { CampaignLimits } from './campaign.ts';
import { checkHours, type DayHours } from './hours.ts';
import type { Role } from './permissions.ts';

export const OFFER_STATES = ['draft', 'submitted', 'published', 'full', 'unpublished', 'archived'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

export const OFFER_EVENTS = [
  'publish',
  'submit',
  'validate',
  'return',
  'unpublish',
  'republish',
  'fill',
  'free',
  'archive',
] as const;
export type OfferEvent = (typeof OFFER_EVENTS)[number];

/** Who triggers an event: a role, or the platform itself (places taken, end of campaign). */
export type Actor = Role | 'system';
export const ACTORS: readonly Actor[] = [
  'student',
  'guardian',
  'school_head',
  'school_staff',
  'school_director',
  'ien',
  'dsden',
  'rectorat',
  'host_member',
  'partner',
  'admin',
  'system',
];

export const STATE_LABELS: Record<OfferState, string> = {
  draft: 'brouillon',
  submitted: 'soumise à l’IEN',
  published: 'publiée',
  full: 'complète',
  unpublished: 'dépubliée',
  archived: 'archivée',
};

export const EVENT_LABELS: Record<OfferEvent, string> = {
  publish: 'publier',
  submit: 'soumettre à l’IEN',
  validate: 'valider',
  return: 'renvoyer au directeur',
  unpublish: 'dépublier',
  republish: 'republier',
  fill: 'complète (plus de place)',
  free: 'place libérée',
  archive: 'archiver (fin de campagne)',
};

export interface TransitionRule {
  from: readonly OfferState[];
  event: OfferEvent;
  to: OfferState;
  /** who may trigger it; the service also checks that the offer lies in their perimeter */
  by: readonly Actor[];
  /** a reason must be given (IEN's return, moderation's unpublish) */
  reasonRequiredFor?: readonly Actor[];
}

/** the roles that own offers of some channel, and may withdraw them */
const OWNERS = ['host_member', 'partner', 'school_head', 'school_director', 'dsden', 'rectorat'] as const;

/** The lifecycle of an offer: every allowed move, and nothing else. */
export const OFFER_TRANSITIONS: readonly TransitionRule[] = [
  // host and partner channels: a draft is published by its owner
  { from: ['draft'], event: 'publish', to: 'published', by: ['host_member', 'partner'] },
  // école channel: the director submits to the IEN, who validates or returns with a reason
  { from: ['draft', 'unpublished'], event: 'submit', to: 'submitted', by: ['school_director'] },
  { from: ['submitted'], event: 'validate', to: 'published', by: ['ien'] },
  { from: ['submitted'], event: 'return', to: 'draft', by: ['ien'], reasonRequiredFor: ['ien'] },
  // places: the platform marks an offer full when no place is left, and published again when one comes back
  { from: ['published'], event: 'fill', to: 'full', by: ['system'] },
  { from: ['full'], event: 'free', to: 'published', by: ['system'] },
  // withdrawal: the owner, or moderation (admin, rectorat) with a reason
  {
    from: ['published', 'full'],
    event: 'unpublish',
    to: 'unpublished',
    by: [...OWNERS, 'admin'],
    reasonRequiredFor: ['admin'],
  },
  {
    from: ['unpublished'],
    event: 'republish',
    to: 'published',
    by: ['host_member', 'partner', 'school_head', 'dsden', 'rectorat'],
  },
  // end of campaign
  {
    from: ['draft', 'submitted', 'published', 'full', 'unpublished'],
    event: 'archive',
    to: 'archived',
    by: ['system'],
  },
];

export type TransitionResult =
  | { ok: true; next: OfferState; reasonRequired: boolean }
  | { ok: false; error: 'invalid_state' | 'forbidden_role'; message: string };

/** The next state of an offer in `state` when `actor` triggers `event`, or why not. */
export function transition(state: OfferState, event: OfferEvent, actor: Actor): TransitionResult {
  const rules = OFFER_TRANSITIONS.filter((r) => r.event === event && r.from.includes(state));
  if (rules.length === 0)
    return {
      ok: false,
      error: 'invalid_state',
      message: `Impossible de « ${EVENT_LABELS[event]} » une offre ${STATE_LABELS[state]}.`,
    };
  const rule = rules.find((r) => r.by.includes(actor));
  if (!rule)
    return {
      ok: false,
      error: 'forbidden_role',
      message: `Votre rôle ne permet pas de « ${EVENT_LABELS[event]} » cette offre.`,
    };
  return { ok: true, next: rule.to, reasonRequired: rule.reasonRequiredFor?.includes(actor) ?? false };
}

/** Where an offer comes from, deduced from the role of who creates it. */
export type Channel = 'host' | 'lycee' | 'ecole' | 'service' | 'partner';

export const CHANNEL_OF_ROLE: Partial<Record<Role, Channel>> = {
  host_member: 'host',
  partner: 'partner',
  school_head: 'lycee',
  school_director: 'ecole',
  dsden: 'service',
  rectorat: 'service',
};

/** Status at creation: school heads and academic services publish at once (Éducation nationale). */
export const INITIAL_STATE: Record<Channel, OfferState> = {
  host: 'draft',
  partner: 'draft',
  lycee: 'published',
  ecole: 'draft',
  service: 'published',
};

/** True for the channels of the Éducation nationale itself. */
export function isEducationNationale(channel: Channel): boolean {
  return channel === 'lycee' || channel === 'ecole' || channel === 'service';
}

/** An offer is shown to the public (search, offer page) in these states only. */
export function isVisible(state: OfferState): boolean {
  return state === 'published' || state === 'full';
}

/**
 * published ⇄ full from the places left (the "fill" and "free" events of the platform): an offer
 * with no place left in any week is full; a full offer with a place back is published again.
 */
export function statusAfterPlaces(
  status: OfferState,
  weeks: readonly { places: number; taken: number }[],
): OfferState {
  const left = weeks.some((w) => w.places > w.taken);
  if (status === 'published' && !left) return transition(status, 'fill', 'system').ok ? 'full' : status;
  if (status === 'full' && left) return transition(status, 'free', 'system').ok ? 'published' : status;
  return status;
}

/** The IEN's reason to return an offer to the école: long enough for the école to know what to fix. */
export const RETURN_REASON_MIN = 10;

export const OFFER_LIMITS = {
  title: 150,
  description: 1500,
  activities: 1500,
  lunch: 500,
  contactName: 150,
  contactPhone: 30,
  maxPlaces: 50,
} as const;

export interface OfferFields {
  title: string;
  description: string;
  activities?: string | null | undefined;
  lunch?: string | null | undefined;
  weeks: readonly { week: number; places: number }[];
  hours?: readonly DayHours[] | null | undefined;
  contactName?: string | null | undefined;
  contactEmail?: string | null | undefined;
  contactPhone?: string | null | undefined;
}

export interface FieldError {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

function n(value: number): string {
  return value.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');
}

function length(
  errors: FieldError[],
  field: string,
  label: string,
  value: string | null | undefined,
  max: number,
) {
  if (value === null || value === undefined) return;
  const count = [...value].length;
  if (count > max)
    errors.push({ field, message: `${label} : ${n(max)} caractères au plus (${n(count)} reçus)` });
}

/**
 * Checks an offer's fields (text is kept as given: HTML is text, never stripped nor interpreted).
 * `taken` gives, per week, the places already taken, below which places cannot go.
 */
export function validateOffer(
  o: OfferFields,
  limits: CampaignLimits,
  taken: Readonly<Record<number, number>> = {},
): FieldError[] {
  const errors: FieldError[] = [];
  if (o.title.trim() === '') errors.push({ field: 'title', message: 'titre : à renseigner' });
  length(errors, 'title', 'titre', o.title, OFFER_LIMITS.title);
  if (o.description.trim() === '')
    errors.push({ field: 'description', message: 'description : à renseigner' });
  length(errors, 'description', 'description', o.description, OFFER_LIMITS.description);
  length(errors, 'activities', 'activités', o.activities, OFFER_LIMITS.activities);
  length(errors, 'lunch', 'repas', o.lunch, OFFER_LIMITS.lunch);
  length(errors, 'contactName', 'nom du contact', o.contactName, OFFER_LIMITS.contactName);
  length(errors, 'contactPhone', 'téléphone du contact', o.contactPhone, OFFER_LIMITS.contactPhone);
  if (o.contactEmail !== null && o.contactEmail !== undefined && o.contactEmail !== '') {
    if (o.contactEmail.length > 254 || !EMAIL.test(o.contactEmail))
      errors.push({
        field: 'contactEmail',
        message: 'courriel du contact : adresse invalide (exemple : prenom.nom@organisme.fr)',
      });
  }

  if (o.weeks.length === 0)
    errors.push({ field: 'weeks', message: 'semaines : proposez au moins une semaine avec une place' });
  const seen = new Set<number>();
  o.weeks.forEach((w, i) => {
    const field = `weeks.${i}`;
    if (w.week !== 1 && w.week !== 2) {
      errors.push({
        field: `${field}.week`,
        message: `semaine ${String(w.week)} : la campagne n’a que les semaines 1 et 2`,
      });
      return;
    }
    if (seen.has(w.week)) {
      errors.push({ field: `${field}.week`, message: `semaine ${w.week} : indiquée deux fois` });
      return;
    }
    seen.add(w.week);
    if (!Number.isInteger(w.places) || w.places < 1)
      errors.push({ field: `${field}.places`, message: `semaine ${w.week} : au moins 1 place` });
    else if (w.places > OFFER_LIMITS.maxPlaces)
      errors.push({
        field: `${field}.places`,
        message: `semaine ${w.week} : ${OFFER_LIMITS.maxPlaces} places au plus`,
      });
    else if (w.places < (taken[w.week] ?? 0))
      errors.push({
        field: `${field}.places`,
        message: `semaine ${w.week} : ${taken[w.week]} places déjà prises, impossible d’en proposer moins`,
      });
  });
  for (const [week, count] of Object.entries(taken)) {
    if (count > 0 && !seen.has(Number(week)) && o.weeks.length > 0)
      errors.push({
        field: 'weeks',
        message: `semaine ${week} : ${count} place${count > 1 ? 's' : ''} déjà prise${count > 1 ? 's' : ''}, la semaine ne peut pas être retirée`,
      });
  }

  if (o.hours) {
    for (const v of checkHours(o.hours, limits))
      errors.push({
        field: v.day === undefined ? 'hours' : `hours.${v.day}`,
        message: `horaires : ${v.message}`,
      });
  }
  return errors;
}
