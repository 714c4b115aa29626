/**
 * The student's applications in the words of the pages: which group each one is in, what the
 * student may do with it (from the domain's state table), what a confirmation will cancel, the
 * weeks one may apply for, and each week of the placement summary. Pure, unit-tested.
 */
import {
  applicationTransition,
  confirmationKind,
  LIVE_STATES,
  MOTIVATION_MAX,
  overlapCancellations,
  type ApplicationState,
  type WeekNumber,
} from '../../../src/domain/application.ts';
import { effectiveStatus } from '../../../src/domain/placement-status.ts';
import type { myApplications } from '../../../src/applications/service.ts';
import { formatDateRange, formatDateTime } from '../lib/format.ts';

/** GET /api/applications/mine */
export type MyApplications = Awaited<ReturnType<typeof myApplications>>;
export type MyApplication = MyApplications['items'][number];
export type Placement = MyApplications['placement'];
export type PlacementWeek = Placement['weeks'][number];

/** A week of the campaign (GET /api/public/stats). */
export interface CampaignWeek {
  number: number;
  start: string;
  end: string;
}

// ------------------------------------------------------------------------------------ states

/** The state an application is really in at `now`: deadlines passed count as expired. */
export function currentState(a: MyApplication, now: Date): ApplicationState {
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

export const GROUPS = ['to_confirm', 'waiting', 'confirmed', 'ended'] as const;
export type GroupKey = (typeof GROUPS)[number];

export const GROUP_TITLES: Record<GroupKey, string> = {
  to_confirm: 'À confirmer',
  waiting: 'En attente de réponse',
  confirmed: 'Confirmées',
  ended: 'Terminées',
};

export function groupOf(state: ApplicationState): GroupKey {
  switch (state) {
    case 'accepted':
      return 'to_confirm';
    case 'pending':
    case 'split_pending':
      return 'waiting';
    case 'confirmed':
      return 'confirmed';
    default:
      return 'ended';
  }
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : 0);

/**
 * The applications by group: to confirm, the nearest deadline first; waiting and ended, the most
 * recent first; confirmed, week 1 first.
 */
export function groupApplications(
  items: readonly MyApplication[],
  now: Date,
): Record<GroupKey, MyApplication[]> {
  const out: Record<GroupKey, MyApplication[]> = { to_confirm: [], waiting: [], confirmed: [], ended: [] };
  for (const a of items) out[groupOf(currentState(a, now))].push(a);
  out.to_confirm.sort((x, y) => time(x.confirmBy) - time(y.confirmBy));
  out.waiting.sort((x, y) => time(y.appliedAt) - time(x.appliedAt));
  out.confirmed.sort((x, y) => Math.min(...x.weeks) - Math.min(...y.weeks));
  out.ended.sort(
    (x, y) => time(y.closedAt ?? y.confirmBy ?? y.expiresAt) - time(x.closedAt ?? x.confirmBy ?? x.expiresAt),
  );
  return out;
}

/** The badge of an application: its state in the student's words, and the DSFR severity. */
export function stateBadge(
  a: MyApplication,
  now: Date,
): { label: string; severity: 'success' | 'warning' | 'info' | 'error' | 'new' | undefined } {
  const s = currentState(a, now);
  switch (s) {
    case 'pending':
      return { label: 'En attente de réponse', severity: 'info' };
    case 'accepted':
      return { label: 'Acceptée : à confirmer', severity: 'new' };
    case 'split_pending':
      return { label: 'En attente de l’accord du chef d’établissement', severity: 'warning' };
    case 'confirmed':
      return { label: 'Confirmée', severity: 'success' };
    case 'refused':
      return { label: 'Refusée', severity: 'error' };
    case 'expired':
      return a.acceptedAt || a.status === 'accepted'
        ? { label: 'Non confirmée à temps', severity: undefined }
        : { label: 'Expirée sans réponse', severity: undefined };
    case 'withdrawn_by_student':
      return { label: 'Retirée', severity: undefined };
    case 'cancelled_by_host':
      return { label: 'Annulée par l’organisme', severity: 'error' };
    case 'cancelled_by_overlap':
      return { label: 'Annulée', severity: undefined };
    case 'split_refused':
      return { label: 'Stage en deux lieux refusé', severity: 'error' };
  }
}

/** What happened to an ended application, in one sentence (null for a live one). */
export function endedText(a: MyApplication, now: Date): string | null {
  switch (currentState(a, now)) {
    case 'refused':
      return 'L’organisme a refusé votre candidature.';
    case 'expired':
      return a.acceptedAt || a.status === 'accepted'
        ? `L’organisme avait accepté, mais le stage n’a pas été confirmé avant le ${formatDateTime(a.confirmBy ?? '')}.`
        : `L’organisme n’a pas répondu avant le ${formatDateTime(a.expiresAt)} : la candidature a expiré.`;
    case 'withdrawn_by_student':
      return a.confirmedAt
        ? 'Vous vous êtes désisté après confirmation : la place a été libérée.'
        : 'Vous avez retiré cette candidature.';
    case 'cancelled_by_host':
      return 'L’organisme a annulé ce stage.';
    case 'cancelled_by_overlap':
      return 'Annulée automatiquement : vous avez confirmé un autre stage sur la même semaine.';
    case 'split_refused':
      return 'Votre chef d’établissement n’a pas autorisé ce stage en deux lieux.';
    default:
      return null;
  }
}

// ----------------------------------------------------------------------------------- actions

export interface StudentActions {
  confirm: boolean;
  withdraw: boolean;
}

/** What the student may do now, from the domain's state table (and the confirmation deadline). */
export function studentActions(a: MyApplication, now: Date): StudentActions {
  const s = currentState(a, now);
  return {
    confirm: applicationTransition(s, 'confirm', 'student').ok,
    withdraw: applicationTransition(s, 'withdraw', 'student').ok,
  };
}

export type ConfirmPlan =
  /** one of its weeks is already held by another placement: the server would refuse */
  | { kind: 'covered'; week: number }
  /** confirming takes the place(s) now and cancels these live applications */
  | { kind: 'confirm'; cancels: MyApplication[] }
  /** a second host's week: the head must agree first; on approval these will be cancelled */
  | { kind: 'split'; cancels: MyApplication[] };

/** What confirming `a` will do (application.ts confirmationKind and overlapCancellations). */
export function confirmPlan(a: MyApplication, all: readonly MyApplication[]): ConfirmPlan {
  const others = all.map((o) => ({ id: o.id, hostId: o.host.id, status: o.status, weeks: o.weeks }));
  const kind = confirmationKind({ id: a.id, hostId: a.host.id, weeks: a.weeks }, others);
  if (kind.kind === 'covered') return kind;
  const ids = new Set(overlapCancellations(a.id, a.weeks, others));
  return { kind: kind.kind, cancels: all.filter((o) => ids.has(o.id)) };
}

/** The student's live application to an offer, if any (one at most). */
export function liveApplicationTo(items: readonly MyApplication[], offerId: string): MyApplication | null {
  return items.find((a) => a.offer.id === offerId && LIVE_STATES.includes(a.status)) ?? null;
}

// -------------------------------------------------------------------------------------- weeks

/** « la semaine 1 », « les semaines 1 et 2 » */
export function weeksText(weeks: readonly number[]): string {
  const ws = [...new Set(weeks)].sort();
  return ws.length === 2 ? 'les semaines 1 et 2' : `la semaine ${ws[0] ?? '?'}`;
}

/** « Semaine 1 (du lundi 14 juin au vendredi 18 juin 2027) » */
export function weekWithDates(week: number, campaign: readonly CampaignWeek[]): string {
  const w = campaign.find((c) => c.number === week);
  return w ? `Semaine ${week} (${formatDateRange(w.start, w.end)})` : `Semaine ${week}`;
}

export type WeekChoiceValue = '1' | '2' | 'both';

export interface WeekChoice {
  value: WeekChoiceValue;
  weeks: WeekNumber[];
  label: string;
  /** why it cannot be chosen, or null */
  disabledWhy: string | null;
}

/**
 * The choices of weeks for an application: each week the offer has, and both when it has both;
 * a week without places left, or already covered for the student, cannot be chosen.
 */
export function weekChoices(
  offerWeeks: readonly { week: number; left: number }[],
  covered: readonly number[],
  campaign: readonly CampaignWeek[],
): WeekChoice[] {
  const why = (w: number): string | null => {
    const ow = offerWeeks.find((x) => x.week === w);
    if (!ow) return 'non proposée';
    if (covered.includes(w)) return 'vous avez déjà un stage cette semaine-là';
    if (ow.left <= 0) return 'complète';
    return null;
  };
  const offered = ([1, 2] as const).filter((w) => offerWeeks.some((x) => x.week === w));
  const choices: WeekChoice[] = offered.map((w) => ({
    value: String(w) as '1' | '2',
    weeks: [w],
    label: weekWithDates(w, campaign),
    disabledWhy: why(w),
  }));
  if (offered.length === 2) {
    const reasons = [1, 2].map((w) => why(w));
    const first = reasons.find((r) => r !== null);
    choices.push({
      value: 'both',
      weeks: [1, 2],
      label: 'Les deux semaines',
      disabledWhy: first ? `semaine ${reasons.indexOf(first) + 1} : ${first}` : null,
    });
  }
  return choices;
}

/** The weeks already held for the student (confirmed, or waiting for the head's agreement). */
export function coveredWeeks(placement: Placement | undefined): number[] {
  return (placement?.weeks ?? [])
    .filter((w) => w.kind === 'placement' || w.kind === 'split_pending')
    .map((w) => w.week);
}

// --------------------------------------------------------------------------- motivation

/** Characters as the server counts them (code points). */
export function motivationLength(text: string): number {
  return [...text].length;
}

/** The motivation's problem before sending, in the server's words, or null. */
export function motivationError(text: string): string | null {
  if (text.trim() === '') return 'Motivation : quelques lignes sont demandées.';
  const n = motivationLength(text);
  if (n > MOTIVATION_MAX)
    return `Motivation : ${MOTIVATION_MAX.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} caractères au plus (${n} reçus).`;
  return null;
}

// -------------------------------------------------------------------------- the summary

export type WeekSummaryKind = 'covered' | 'waiting' | 'to_find' | 'exempted' | 'repli';

/** One week of the placement summary, in the student's words. */
export function weekSummary(
  w: PlacementWeek,
  gaps: Placement['gaps'],
): { kind: WeekSummaryKind; text: string; detail: string | null } {
  switch (w.kind) {
    case 'placement':
      return { kind: 'covered', text: `couverte par ${w.hostName ?? 'un organisme'}`, detail: w.offerTitle };
    case 'split_pending':
      return {
        kind: 'waiting',
        text: 'en attente',
        detail: `Stage chez ${w.hostName ?? 'un second organisme'} : en attente de l’accord du chef d’établissement.`,
      };
    case 'exempted':
      return { kind: 'exempted', text: 'dispense accordée', detail: null };
    case 'repli':
      return { kind: 'repli', text: 'au lycée (repli)', detail: null };
    case 'none': {
      const gap = gaps.find((g) => g.week === w.week);
      if (gap?.code === 'acceptance_to_confirm')
        return {
          kind: 'waiting',
          text: 'en attente',
          detail: `Une acceptation à confirmer avant le ${formatDateTime(gap.until ?? '')}.`,
        };
      if (gap?.code === 'applications_pending')
        return {
          kind: 'waiting',
          text: 'en attente',
          detail: gap.text.charAt(0).toUpperCase() + gap.text.slice(1) + (gap.text.endsWith('.') ? '' : '.'),
        };
      return {
        kind: 'to_find',
        text: 'à trouver',
        detail:
          gap && gap.code !== 'no_application'
            ? gap.text.charAt(0).toUpperCase() + gap.text.slice(1) + '.'
            : null,
      };
    }
  }
}
