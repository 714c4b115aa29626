/**
 * The host's inbox « Candidatures reçues » in the words of the pages: the groups (tabs) and their
 * counts, the filters, the time left before an unanswered application expires, what the host may
 * do with one (from the domain's state table), and its history. Pure, unit-tested.
 */
import {
  APPLICATION_STATE_LABELS,
  applicationTransition,
  type ApplicationState,
  type WeekNumber,
} from '../../../src/domain/application.ts';
import { effectiveStatus } from '../../../src/domain/placement-status.ts';
import type { ApplicationView } from '../../../src/applications/service.ts';
import { formatDateRange, formatDateTime } from '../lib/format.ts';

/** One application as the API gives it (GET /api/hosts/:hostId/applications, GET /api/applications/:id). */
export type HostApplication = ApplicationView & {
  /** the CV sent with it, when the API gives one */
  cv?: { id: string; fileName: string; size: number } | null;
};

/** A week of the campaign, with its dates (GET /api/offers/mine). */
export interface CampaignWeek {
  week: number;
  start: string;
  end: string;
}

// ------------------------------------------------------------------------------------ states

/** The state an application really is in at `now`: a deadline passed counts as expired. */
export function currentState(a: HostApplication, now: Date): ApplicationState {
  return effectiveStatus(
    {
      id: a.id,
      offerId: a.offer.id,
      hostId: a.host.id,
      weeks: a.weeks as WeekNumber[],
      status: a.status,
      expiresAt: a.expiresAt,
      confirmBy: a.confirmBy,
    },
    now.toISOString(),
  );
}

/** What the host may do with an application in `state` (the domain's state table decides). */
export function hostActions(state: ApplicationState): { decide: boolean; cancel: boolean } {
  const can = (event: 'accept' | 'host_cancel') => applicationTransition(state, event, 'host_member').ok;
  return { decide: can('accept'), cancel: can('host_cancel') };
}

/** Not opened yet by anyone of the host, and still waiting for an answer. */
export function isNew(a: HostApplication, now: Date): boolean {
  return a.readAt === null && currentState(a, now) === 'pending';
}

// ------------------------------------------------------------------------------------ groups

export const GROUPS = ['a-traiter', 'acceptees', 'confirmees', 'closes', 'toutes'] as const;
export type GroupKey = (typeof GROUPS)[number];

export const GROUP_LABELS: Record<GroupKey, string> = {
  'a-traiter': 'À traiter',
  acceptees: 'Acceptées, en attente de l’élève',
  confirmees: 'Confirmées',
  closes: 'Closes',
  toutes: 'Toutes',
};

export function groupOf(state: ApplicationState): Exclude<GroupKey, 'toutes'> {
  switch (state) {
    case 'pending':
      return 'a-traiter';
    case 'accepted':
    case 'split_pending':
      return 'acceptees';
    case 'confirmed':
      return 'confirmees';
    default:
      return 'closes';
  }
}

export function isGroup(value: string | null): value is GroupKey {
  return value !== null && (GROUPS as readonly string[]).includes(value);
}

export interface InboxFilter {
  group: GroupKey;
  offerId: string | null;
  week: 1 | 2 | null;
}

function matchesOfferAndWeek(a: HostApplication, f: Pick<InboxFilter, 'offerId' | 'week'>): boolean {
  return (f.offerId === null || a.offer.id === f.offerId) && (f.week === null || a.weeks.includes(f.week));
}

/** The applications of a group under the offer and week filters, in the API's order (oldest first). */
export function filterInbox(items: HostApplication[], f: InboxFilter, now: Date): HostApplication[] {
  return items.filter(
    (a) => matchesOfferAndWeek(a, f) && (f.group === 'toutes' || groupOf(currentState(a, now)) === f.group),
  );
}

/** How many applications each group holds under the offer and week filters. */
export function countGroups(
  items: HostApplication[],
  f: Pick<InboxFilter, 'offerId' | 'week'>,
  now: Date,
): Record<GroupKey, number> {
  const counts = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<GroupKey, number>;
  for (const a of items) {
    if (!matchesOfferAndWeek(a, f)) continue;
    counts[groupOf(currentState(a, now))] += 1;
    counts.toutes += 1;
  }
  return counts;
}

/** The offers the applications are for, once each, by title. */
export function offersOf(items: HostApplication[]): { id: string; title: string }[] {
  const byId = new Map(items.map((a) => [a.offer.id, a.offer.title]));
  return [...byId].map(([id, title]) => ({ id, title })).sort((x, y) => x.title.localeCompare(y.title, 'fr'));
}

// ------------------------------------------------------------------------------------ texts

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const parisTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});

/** Calendar days between two instants, counted on the Paris calendar. */
function parisDaysBetween(from: Date, to: Date): number {
  const day = (d: Date) => Date.parse(`${parisDay.format(d)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** « expire dans 3 jours », « expire demain », « expire aujourd’hui à 10:00 », « a expiré ». */
export function expiryText(expiresAt: string, now: Date): string {
  const end = new Date(expiresAt);
  if (end.getTime() <= now.getTime()) return 'a expiré sans réponse';
  const days = parisDaysBetween(now, end);
  if (days <= 0) return `expire aujourd’hui à ${parisTime.format(end)}`;
  if (days === 1) return `expire demain à ${parisTime.format(end)}`;
  return `expire dans ${days} jours`;
}

/** Few days left: the line asks for attention. */
export function expiresSoon(expiresAt: string, now: Date): boolean {
  return new Date(expiresAt).getTime() - now.getTime() <= 3 * 86_400_000;
}

/** « Semaine 1 (du lundi 14 juin au vendredi 18 juin 2027) », or both weeks. */
export function weeksText(weeks: readonly number[], campaign: readonly CampaignWeek[] = []): string {
  const one = (w: number) => {
    const c = campaign.find((x) => x.week === w);
    return c ? `semaine ${w} (${formatDateRange(c.start, c.end)})` : `semaine ${w}`;
  };
  const text = [...weeks].sort().map(one).join(' et ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function studentName(a: HostApplication): string {
  return `${a.student.firstName} ${a.student.lastName}`;
}

/** The state in French, with a capital. */
export function stateLabel(state: ApplicationState): string {
  const label = APPLICATION_STATE_LABELS[state];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export type BadgeSeverity = 'new' | 'info' | 'success' | 'warning' | 'error' | undefined;

export function stateSeverity(state: ApplicationState): BadgeSeverity {
  switch (state) {
    case 'pending':
      return 'new';
    case 'accepted':
    case 'split_pending':
      return 'info';
    case 'confirmed':
      return 'success';
    case 'refused':
    case 'cancelled_by_host':
      return 'error';
    default:
      return undefined;
  }
}

/** « L’élève a jusqu’au 8 février 2027 à 10:00 pour confirmer. » */
export function confirmByText(a: HostApplication): string | null {
  return a.confirmBy ? `L’élève a jusqu’au ${formatDateTime(a.confirmBy)} pour confirmer.` : null;
}

export interface HistoryEntry {
  at: string;
  text: string;
  detail?: string;
}

const CLOSED_TEXT: Partial<Record<ApplicationState, string>> = {
  expired: 'Expirée',
  withdrawn_by_student: 'Retirée par l’élève',
  cancelled_by_host: 'Annulée par votre organisme',
  cancelled_by_overlap: 'Annulée : l’élève a confirmé un autre stage sur la même semaine',
  split_refused: 'Stage en deux lieux refusé par le chef d’établissement',
};

/** What happened to the application, oldest first. */
export function historyOf(a: HostApplication, now: Date): HistoryEntry[] {
  const h: HistoryEntry[] = [{ at: a.appliedAt, text: 'Candidature reçue' }];
  if (a.readAt) h.push({ at: a.readAt, text: 'Ouverte pour la première fois par votre organisme' });
  if (a.acceptedAt)
    h.push({
      at: a.acceptedAt,
      text: 'Acceptée',
      ...(a.hostMessage && !a.refusedAt ? { detail: `Message à l’élève : ${a.hostMessage}` } : {}),
    });
  if (a.refusedAt)
    h.push({
      at: a.refusedAt,
      text: 'Refusée',
      ...(a.hostMessage ? { detail: `Message à l’élève : ${a.hostMessage}` } : {}),
    });
  if (a.confirmedAt) h.push({ at: a.confirmedAt, text: 'Confirmée par l’élève' });
  const state = currentState(a, now);
  if (a.closedAt && CLOSED_TEXT[a.status] && !a.refusedAt)
    h.push({
      at: a.closedAt,
      text: CLOSED_TEXT[a.status]!,
      ...(a.cancelReason ? { detail: `Motif : ${a.cancelReason}` } : {}),
    });
  else if (state === 'expired' && a.status !== 'expired')
    h.push({
      at: a.status === 'pending' ? a.expiresAt : a.confirmBy!,
      text: a.status === 'pending' ? 'Expirée sans réponse' : 'Expirée : l’élève n’a pas confirmé à temps',
    });
  return h.sort((x, y) => x.at.localeCompare(y.at));
}
