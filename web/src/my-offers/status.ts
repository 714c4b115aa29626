/** How an offer's status reads on "Mes offres", and the actions the state table allows. */
import type { Role } from '../../../src/domain/permissions.ts';
import { transition, type OfferEvent, type OfferState } from '../../../src/domain/offer.ts';

export type BadgeSeverity = 'success' | 'info' | 'warning' | 'error' | 'new' | undefined;

export interface StatusView {
  label: string;
  severity: BadgeSeverity;
  /** the reason to show under the badge (the IEN's return, the moderation's withdrawal) */
  reason: string | null;
}

/** The badge of an offer: a draft with a reason from the IEN reads "Renvoyée par l’IEN". */
export function statusView(status: OfferState, source: string, reason: string | null): StatusView {
  switch (status) {
    case 'draft':
      return source === 'ecole' && reason
        ? { label: 'Renvoyée par l’IEN', severity: 'error', reason }
        : { label: 'Brouillon', severity: undefined, reason: null };
    case 'submitted':
      return { label: 'Soumise à l’IEN', severity: 'info', reason: null };
    case 'published':
      return { label: 'Publiée', severity: 'success', reason: null };
    case 'full':
      return { label: 'Complète', severity: 'new', reason: null };
    case 'unpublished':
      return { label: 'Dépubliée', severity: 'warning', reason };
    case 'archived':
      return { label: 'Archivée', severity: undefined, reason: null };
  }
}

/** The lifecycle events an owner triggers from the dashboard, in the order of the buttons. */
export const ROW_EVENTS = [
  'publish',
  'submit',
  'republish',
  'unpublish',
] as const satisfies readonly OfferEvent[];
export type RowEvent = (typeof ROW_EVENTS)[number];

export const EVENT_BUTTONS: Record<RowEvent, { label: string; confirm: string; done: string }> = {
  publish: {
    label: 'Publier',
    confirm: 'L’offre sera visible des élèves dans la recherche.',
    done: 'L’offre est publiée : les élèves la voient dans la recherche.',
  },
  submit: {
    label: 'Soumettre à l’IEN',
    confirm:
      'L’offre sera transmise à l’IEN de votre circonscription, qui la publiera ou vous la renverra avec un motif. Elle ne sera plus modifiable pendant l’examen.',
    done: 'L’offre est soumise à l’IEN de votre circonscription.',
  },
  republish: {
    label: 'Republier',
    confirm: 'L’offre sera de nouveau visible des élèves dans la recherche.',
    done: 'L’offre est de nouveau publiée.',
  },
  unpublish: {
    label: 'Dépublier',
    confirm:
      'L’offre ne sera plus visible dans la recherche ; les candidatures déjà reçues ne sont pas annulées. Vous pourrez la republier.',
    done: 'L’offre est dépubliée : elle n’apparaît plus dans la recherche.',
  },
};

/** The events the state table lets this role trigger on an offer in this status. */
export function allowedEvents(status: OfferState, role: Role): RowEvent[] {
  return ROW_EVENTS.filter((e) => transition(status, e, role).ok);
}

/** Whether the owner may still edit it (the server locks submitted and archived offers). */
export function isEditable(status: OfferState): boolean {
  return status !== 'submitted' && status !== 'archived';
}

/** What the final buttons do: save, then (optionally) an event of the state table. */
export interface Finish {
  label: string;
  event: 'publish' | 'republish' | 'submit' | null;
  primary: boolean;
}

export function finishes(role: Role, status: OfferState, creating: boolean): Finish[] {
  if (creating && status === 'published') return [{ label: 'Publier', event: null, primary: true }];
  const events: Finish[] = [];
  if (transition(status, 'publish', role).ok)
    events.push({ label: 'Publier', event: 'publish', primary: true });
  if (transition(status, 'republish', role).ok)
    events.push({ label: 'Enregistrer et republier', event: 'republish', primary: true });
  if (transition(status, 'submit', role).ok)
    events.push({ label: 'Soumettre à l’IEN', event: 'submit', primary: true });
  return [
    {
      label: status === 'draft' ? 'Enregistrer le brouillon' : 'Enregistrer les modifications',
      event: null,
      primary: events.length === 0,
    },
    ...events,
  ];
}
