/**
 * Applications (DOMAIN.md §5): the state machine as a data table (state × event → next state,
 * allowed actors), the week rules (which weeks one may apply for), the overlap rule (what a
 * confirmation cancels), the split rule (1 + 1 weeks with two hosts needs the school head's
 * agreement), the checks before applying, and the deadlines from the campaign settings. Pure.
 */
import { FRENCH_MONTHS } from './text.ts';
import { addDays, type CampaignSettings, type IsoDate, type Week } from './campaign.ts';

export const APPLICATION_STATES = [
  'pending',
  'accepted',
  'split_pending',
  'confirmed',
  'refused',
  'expired',
  'withdrawn_by_student',
  'cancelled_by_host',
  'cancelled_by_overlap',
  'split_refused',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Before the first event, an application does not exist yet. */
export type FromState = ApplicationState | 'none';
export const FROM_STATES: readonly FromState[] = ['none', ...APPLICATION_STATES];

export const APPLICATION_EVENTS = [
  'apply',
  'read',
  'accept',
  'refuse',
  'expire',
  'confirm',
  'request_split',
  'approve_split',
  'refuse_split',
  'withdraw',
  'host_cancel',
  'acceptance_lapsed',
  'overlap_cancel',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** Who triggers an event: the student, the host (member or partner key), the head, the platform. */
export const APPLICATION_ACTORS = ['student', 'host_member', 'partner', 'school_head', 'platform'] as const;
export type ApplicationActor = (typeof APPLICATION_ACTORS)[number];

export const APPLICATION_STATE_LABELS: Record<ApplicationState, string> = {
  pending: 'en attente de réponse',
  accepted: 'acceptée, à confirmer',
  split_pending: 'en attente de l’accord du chef d’établissement',
  confirmed: 'confirmée',
  refused: 'refusée',
  expired: 'expirée',
  withdrawn_by_student: 'retirée par l’élève',
  cancelled_by_host: 'annulée par l’organisme',
  cancelled_by_overlap: 'annulée (autre stage confirmé sur la même semaine)',
  split_refused: 'stage en deux lieux refusé par le chef d’établissement',
};

export const APPLICATION_EVENT_LABELS: Record<ApplicationEvent, string> = {
  apply: 'candidater',
  read: 'lire',
  accept: 'accepter',
  refuse: 'refuser',
  expire: 'expirer',
  confirm: 'confirmer',
  request_split: 'confirmer (stage en deux lieux)',
  approve_split: 'accepter le stage en deux lieux',
  refuse_split: 'refuser le stage en deux lieux',
  withdraw: 'retirer',
  host_cancel: 'annuler',
  acceptance_lapsed: 'clore faute de confirmation',
  overlap_cancel: 'annuler (chevauchement)',
};

export interface ApplicationRule {
  from: readonly FromState[];
  event: ApplicationEvent;
  to: ApplicationState;
  by: readonly ApplicationActor[];
  /** a reason or message must be given */
  reasonRequired?: boolean;
}

const HOST = ['host_member', 'partner'] as const;
/** applications that still hold or may still hold a place: a confirmation of the same weeks cancels them */
export const LIVE_STATES: readonly ApplicationState[] = ['pending', 'accepted', 'split_pending', 'confirmed'];

/** Every allowed move, and nothing else. */
export const APPLICATION_TRANSITIONS: readonly ApplicationRule[] = [
  { from: ['none'], event: 'apply', to: 'pending', by: ['student'] },
  // the host opens it: read receipt, the state does not change
  { from: ['pending'], event: 'read', to: 'pending', by: HOST },
  { from: ['pending'], event: 'accept', to: 'accepted', by: HOST },
  { from: ['pending'], event: 'refuse', to: 'refused', by: HOST, reasonRequired: true },
  { from: ['pending'], event: 'expire', to: 'expired', by: ['platform'] },
  // the student confirms an acceptance before its deadline; the place is taken then
  { from: ['accepted'], event: 'confirm', to: 'confirmed', by: ['student'] },
  // second week with another host: waits for the head's agreement, the place is taken on approval
  { from: ['accepted'], event: 'request_split', to: 'split_pending', by: ['student'] },
  { from: ['split_pending'], event: 'approve_split', to: 'confirmed', by: ['school_head'] },
  {
    from: ['split_pending'],
    event: 'refuse_split',
    to: 'split_refused',
    by: ['school_head'],
    reasonRequired: true,
  },
  { from: ['accepted'], event: 'acceptance_lapsed', to: 'expired', by: ['platform'] },
  {
    from: ['pending', 'accepted', 'split_pending', 'confirmed'],
    event: 'withdraw',
    to: 'withdrawn_by_student',
    by: ['student'],
  },
  {
    from: ['accepted', 'split_pending', 'confirmed'],
    event: 'host_cancel',
    to: 'cancelled_by_host',
    by: HOST,
    reasonRequired: true,
  },
  {
    from: ['pending', 'accepted', 'split_pending'],
    event: 'overlap_cancel',
    to: 'cancelled_by_overlap',
    by: ['platform'],
  },
];

export type ApplicationTransition =
  | { ok: true; next: ApplicationState; reasonRequired: boolean }
  | { ok: false; error: 'invalid_state' | 'forbidden_role'; message: string };

function stateLabel(s: FromState): string {
  return s === 'none' ? 'inexistante' : APPLICATION_STATE_LABELS[s];
}

/** The next state of an application in `state` when `actor` triggers `event`, or why not. */
export function applicationTransition(
  state: FromState,
  event: ApplicationEvent,
  actor: ApplicationActor,
): ApplicationTransition {
  const rules = APPLICATION_TRANSITIONS.filter((r) => r.event === event && r.from.includes(state));
  if (rules.length === 0) {
    return {
      ok: false,
      error: 'invalid_state',
      message:
        state === 'none'
          ? `Impossible de « ${APPLICATION_EVENT_LABELS[event]} » une candidature qui n’existe pas.`
          : `Impossible de « ${APPLICATION_EVENT_LABELS[event]} » une candidature ${stateLabel(state)}.`,
    };
  }
  const rule = rules.find((r) => r.by.includes(actor));
  if (!rule)
    return {
      ok: false,
      error: 'forbidden_role',
      message: `Votre rôle ne permet pas de « ${APPLICATION_EVENT_LABELS[event]} » cette candidature.`,
    };
  return { ok: true, next: rule.to, reasonRequired: rule.reasonRequired ?? false };
}

// ---------------------------------------------------------------------------------------------
// Weeks: an application is for week 1, week 2 or both; stored as a bit mask (1, 2, 3).

export type WeekNumber = 1 | 2;

export function weeksMask(weeks: readonly number[]): number {
  return weeks.reduce((m, w) => m | (w === 1 ? 1 : w === 2 ? 2 : 0), 0);
}

export function weeksOfMask(mask: number): WeekNumber[] {
  const out: WeekNumber[] = [];
  if (mask & 1) out.push(1);
  if (mask & 2) out.push(2);
  return out;
}

export function weeksLabel(weeks: readonly number[]): string {
  const ws = [...new Set(weeks)].sort();
  if (ws.length === 2) return 'les semaines 1 et 2';
  return `la semaine ${ws[0] ?? '?'}`;
}

export function overlaps(a: readonly number[], b: readonly number[]): boolean {
  return (weeksMask(a) & weeksMask(b)) !== 0;
}

export type ApplyRefusal =
  | 'weeks_invalid'
  | 'week_not_offered'
  | 'week_full'
  | 'offer_not_open'
  | 'reserved'
  | 'not_open_yet'
  | 'closed'
  | 'already_applied'
  | 'already_covered'
  | 'exempted'
  | 'motivation';

export const MOTIVATION_MAX = 1500;

export interface ApplyFacts {
  /** the weeks asked for */
  weeks: readonly number[];
  motivation: string;
  offer: {
    /** offer lifecycle state (only published offers take applications) */
    status: string;
    weeks: readonly { week: number; places: number; taken: number }[];
    /** UAI of the lycées it is reserved to (empty: open to all) */
    reservedTo: readonly string[];
  };
  student: { schoolUai: string };
  /** the campaign's calendar */
  calendar: { weeks: readonly Week[]; studentsOpenOn: IsoDate };
  /** today, in Paris (ISO date) */
  today: IsoDate;
  /** the student's live applications (pending, accepted, split pending, confirmed) */
  live: readonly { offerId: string; status: ApplicationState; weeks: readonly number[] }[];
  offerId: string;
  /** the school head's exemption is in force (SNU, mobility, STHR, medical): no stage to look for */
  exempted?: boolean;
}

/** Why an exempted student neither applies nor confirms. */
export const EXEMPTED_MESSAGE =
  'Votre chef d’établissement vous a dispensé de stage : vous ne pouvez ni postuler ni confirmer un stage. Si votre situation change, adressez-vous à lui.';

function formatDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d === 1 ? '1er' : String(d)} ${FRENCH_MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** The last day one may apply for a week: the day before its Monday. */
export function applicationsCloseOn(week: Week): IsoDate {
  return addDays(week.start, -1);
}

/**
 * Why a student may not apply (first reason found, in a fixed order), or null when they may.
 * Each reason comes with a precise French message.
 */
export function checkApply(f: ApplyFacts): { error: ApplyRefusal; message: string } | null {
  const asked = f.weeks;
  if (
    asked.length === 0 ||
    asked.length > 2 ||
    asked.some((w) => w !== 1 && w !== 2) ||
    new Set(asked).size !== asked.length
  )
    return {
      error: 'weeks_invalid',
      message: 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.',
    };
  if (f.exempted) return { error: 'exempted', message: EXEMPTED_MESSAGE };
  const motivationLength = [...f.motivation].length;
  if (f.motivation.trim() === '')
    return { error: 'motivation', message: 'Motivation : quelques lignes sont demandées.' };
  if (motivationLength > MOTIVATION_MAX)
    return {
      error: 'motivation',
      message: `Motivation : ${MOTIVATION_MAX.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} caractères au plus (${motivationLength} reçus).`,
    };
  if (f.offer.status !== 'published' && f.offer.status !== 'full')
    return { error: 'offer_not_open', message: 'Cette offre ne reçoit pas de candidature.' };
  if (f.offer.reservedTo.length > 0 && !f.offer.reservedTo.includes(f.student.schoolUai))
    return {
      error: 'reserved',
      message: 'Cette offre est réservée aux élèves d’autres lycées que le vôtre.',
    };
  if (f.today < f.calendar.studentsOpenOn)
    return {
      error: 'not_open_yet',
      message: `Les candidatures ouvrent le ${formatDate(f.calendar.studentsOpenOn)}.`,
    };
  for (const w of asked) {
    const week = f.calendar.weeks.find((x) => x.number === w);
    if (week && f.today > applicationsCloseOn(week))
      return {
        error: 'closed',
        message: `Les candidatures pour la semaine ${w} sont closes depuis le ${formatDate(applicationsCloseOn(week))}.`,
      };
  }
  for (const w of asked) {
    const ow = f.offer.weeks.find((x) => x.week === w);
    if (!ow)
      return {
        error: 'week_not_offered',
        message: `Cette offre ne propose pas la semaine ${w}.`,
      };
  }
  if (f.live.some((a) => a.offerId === f.offerId))
    return {
      error: 'already_applied',
      message: 'Vous avez déjà une candidature en cours pour cette offre.',
    };
  const covered = f.live.filter((a) => a.status === 'confirmed' || a.status === 'split_pending');
  for (const w of asked) {
    if (covered.some((a) => a.weeks.includes(w)))
      return {
        error: 'already_covered',
        message: `Vous avez déjà un stage confirmé pour la semaine ${w}.`,
      };
  }
  for (const w of asked) {
    const ow = f.offer.weeks.find((x) => x.week === w)!;
    if (ow.taken >= ow.places)
      return { error: 'week_full', message: `Plus aucune place pour la semaine ${w} dans cette offre.` };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Confirmation: the overlap and split rules.

export interface OtherApplication {
  id: string;
  hostId: string;
  status: ApplicationState;
  weeks: readonly number[];
}

/** The student's other applications a confirmation of `weeks` cancels: the live ones not yet placed on those weeks. */
export function overlapCancellations(
  confirmedId: string,
  weeks: readonly number[],
  others: readonly OtherApplication[],
): string[] {
  return others
    .filter(
      (o) =>
        o.id !== confirmedId &&
        (o.status === 'pending' || o.status === 'accepted' || o.status === 'split_pending') &&
        overlaps(o.weeks, weeks),
    )
    .map((o) => o.id);
}

/**
 * What confirming an accepted application does:
 * - `covered`: one of its weeks is already confirmed (or waits for a split approval) → refused;
 * - `split`: one week with a host while the other week is confirmed with another host → the
 *   school head must agree first (request_split);
 * - `confirm`: takes the place(s) now.
 */
export function confirmationKind(
  app: { id: string; hostId: string; weeks: readonly number[] },
  others: readonly OtherApplication[],
): { kind: 'confirm' | 'split' } | { kind: 'covered'; week: number } {
  const placed = others.filter(
    (o) => o.id !== app.id && (o.status === 'confirmed' || o.status === 'split_pending'),
  );
  for (const w of app.weeks) if (placed.some((o) => o.weeks.includes(w))) return { kind: 'covered', week: w };
  if (app.weeks.length === 1 && placed.some((o) => o.hostId !== app.hostId)) return { kind: 'split' };
  return { kind: 'confirm' };
}

// ---------------------------------------------------------------------------------------------
// Deadlines (campaign settings: 15 days without an answer, 7 days to confirm).

const DAY_MS = 86_400_000;

export function expiresAt(appliedAt: Date, settings: Pick<CampaignSettings, 'applicationExpiryDays'>): Date {
  return new Date(appliedAt.getTime() + settings.applicationExpiryDays * DAY_MS);
}

export function confirmBy(acceptedAt: Date, settings: Pick<CampaignSettings, 'confirmationDelayDays'>): Date {
  return new Date(acceptedAt.getTime() + settings.confirmationDelayDays * DAY_MS);
}

/** An acceptance may be confirmed until its deadline, included. */
export function acceptanceLapsed(now: Date, deadline: Date): boolean {
  return now.getTime() > deadline.getTime();
}

// ---------------------------------------------------------------------------------------------
// Exemptions and repli (decided by the school head, DOMAIN.md §5).

export const EXEMPTION_REASONS = ['snu', 'mobility', 'sthr', 'medical'] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];
export const EXEMPTION_LABELS: Record<ExemptionReason, string> = {
  snu: 'Service national universel (séjour de cohésion ou mission d’intérêt général)',
  mobility: 'Mobilité européenne ou internationale (contrat d’études)',
  sthr: 'Seconde STHR (stage de quatre semaines)',
  medical: 'Raison médicale (certificat)',
};
export const PLACEMENT_DECISION_KINDS = ['exemption', 'repli'] as const;
export type PlacementDecisionKind = (typeof PLACEMENT_DECISION_KINDS)[number];
