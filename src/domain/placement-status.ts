/**
 * Placement status of a student (DOMAIN.md §1 and §5, issue 5 point 7), derived from the facts.
 * Pure: the applications module maps its rows to `PlacementFacts` and calls `derivePlacement`.
 * Nothing here is typed by hand except the two decisions of the school head: an exemption
 * (granted or not) and the repli in the lycée.
 *
 * The statuses:
 * - `to_place` (à placer): no week covered, no live application.
 * - `in_progress` (en cours): a live application (pending, or accepted and waiting for the
 *   student's confirmation), or one week covered.
 * - `covered` (couvert): both weeks covered by confirmed placements: one host for the two weeks,
 *   or two hosts one week each once the school head approved the split. Conventions not all
 *   signed yet.
 * - `placed` (placé): covered, and the convention of every placement covering a week is signed.
 * - `exempted` (dispensé): an exemption granted by the school head (SNU, mobility, STHR, medical).
 * - `repli` (repli au lycée): the school head decided the student stays in the lycée.
 *
 * Precedence and choices (DOMAIN.md is silent on these; each one is tested):
 * 1. A granted exemption wins over everything, repli and placements included. A requested or
 *    refused exemption changes nothing (the head's list shows the request through `exemption`).
 * 2. Two confirmed placements with the same host (two one-week offers of one host) are one host:
 *    no split approval is needed. Two different hosts need the head's approval: until it is
 *    given (none asked, asked, or refused) only the placement confirmed first counts (the earlier
 *    `confirmedAt`; week 1 when unknown or equal); the other week is `split_not_approved`.
 * 3. Both weeks covered: the status is covered or placed, whatever the repli decision (the repli
 *    then has nothing left to cover).
 * 4. Otherwise a repli decision covers every week that no placement covers (a non-approved second
 *    host included): the status is `repli`, and the weeks show which part is a placement and
 *    which part is spent in the lycée.
 * 5. Otherwise: one week covered or a live application → in progress; else to place. DOMAIN.md
 *    §5 calls "to place" a student with nothing confirmed; we count a live application as in
 *    progress (issue 5's wording), and `gaps` tells the head what is actually happening.
 * 6. Deadlines: when `asOf` is given, a pending application past `expiresAt` counts as expired
 *    and an acceptance past `confirmBy` as lapsed, even before the job that records it has run.
 * 7. Two confirmed placements on the same week cannot happen (the database refuses it); if the
 *    facts say so anyway, the one confirmed first covers the week and the other is ignored.
 */
import type { Week } from './campaign.ts';

export type WeekNumber = Week['number'];
export const WEEK_NUMBERS: readonly WeekNumber[] = [1, 2];

/**
 * Application states as the placement status needs them. They follow the application state
 * machine (src/domain/application.ts); map any other name to the closest one here.
 */
export const APPLICATION_FACT_STATUSES = [
  'pending',
  'accepted',
  'confirmed',
  'refused',
  'expired',
  'acceptance_lapsed',
  'withdrawn_by_student',
  'cancelled_by_host',
  'cancelled_by_overlap',
] as const;
export type ApplicationFactStatus = (typeof APPLICATION_FACT_STATUSES)[number];

export interface PlacementApplication {
  readonly id: string;
  readonly offerId: string;
  /** the host organisation: two offers of one host are one host (no split approval needed) */
  readonly hostId: string;
  readonly hostName?: string;
  readonly offerTitle?: string;
  /** the weeks applied for: [1], [2] or [1, 2] */
  readonly weeks: readonly WeekNumber[];
  readonly status: ApplicationFactStatus;
  /** ISO instant of the student's confirmation, kept after a withdrawal or a host's cancellation */
  readonly confirmedAt?: string | null;
  /** ISO instant: a pending application expires then */
  readonly expiresAt?: string | null;
  /** ISO instant: an accepted application must be confirmed before then */
  readonly confirmBy?: string | null;
  /** for a confirmed placement: its convention is signed by all (conventions issue) */
  readonly conventionSigned?: boolean;
}

export const EXEMPTION_REASONS = ['snu', 'mobility', 'sthr', 'medical'] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];

export type DecisionState = 'requested' | 'granted' | 'refused';
export type SplitApprovalState = 'requested' | 'approved' | 'refused';

export interface ExemptionFact {
  readonly reason: ExemptionReason;
  readonly state: DecisionState;
}

/** Everything the status is derived from, for one student and one campaign. */
export interface PlacementFacts {
  /** every application of the student in the campaign, in any state, in any order */
  readonly applications: readonly PlacementApplication[];
  /** the head's answer to a split between two hosts; null when nobody asked */
  readonly splitApproval: SplitApprovalState | null;
  /** the student's exemption request and the head's decision; null when none */
  readonly exemption: ExemptionFact | null;
  /** the head decided the student stays in the lycée for what is not covered */
  readonly repli: boolean;
  /** ISO instant "now": pending and accepted applications past their deadline count as ended */
  readonly asOf?: string;
}

export const PLACEMENT_STATUSES = [
  'to_place',
  'in_progress',
  'covered',
  'placed',
  'exempted',
  'repli',
] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

export interface CoveringPlacement {
  readonly applicationId: string;
  readonly offerId: string;
  readonly hostId: string;
  readonly hostName?: string;
  readonly offerTitle?: string;
  /** both weeks with this one placement */
  readonly twoWeeks: boolean;
  readonly conventionSigned: boolean;
}

export type WeekCoverage =
  | { readonly week: WeekNumber; readonly kind: 'placement'; readonly placement: CoveringPlacement }
  | {
      readonly week: WeekNumber;
      readonly kind: 'split_not_approved';
      readonly placement: CoveringPlacement;
      /** 'missing': nobody asked the head yet */
      readonly approval: 'missing' | 'requested' | 'refused';
    }
  | { readonly week: WeekNumber; readonly kind: 'exempted' }
  | { readonly week: WeekNumber; readonly kind: 'repli' }
  | { readonly week: WeekNumber; readonly kind: 'none' };

/** Why a week is not covered, most advanced situation first. */
export const GAP_CODES = [
  'split_awaiting_approval',
  'split_refused',
  'acceptance_to_confirm',
  'applications_pending',
  'withdrawn_after_confirmation',
  'cancelled_by_host',
  'acceptance_lapsed',
  'applications_ended',
  'no_application',
] as const;
export type GapCode = (typeof GAP_CODES)[number];

export interface WeekGap {
  readonly week: WeekNumber;
  readonly code: GapCode;
  /** applications behind the code (pending ones, ended ones…); 0 for no_application */
  readonly count: number;
  /** for acceptance_to_confirm: the earliest deadline of the student's confirmation */
  readonly until?: string;
  /** French, for the head's list and the export */
  readonly text: string;
}

export interface PlacementDerivation {
  readonly status: PlacementStatus;
  readonly weeks: readonly [WeekCoverage, WeekCoverage];
  /** why each week is not covered: only for to_place and in_progress, else empty */
  readonly gaps: readonly WeekGap[];
  /** French summary of the gaps (null when there are none) */
  readonly reason: string | null;
  /** number of distinct hosts among the placements that cover a week */
  readonly hosts: number;
  /** placements covering a week whose convention is not signed yet */
  readonly conventionsToSign: number;
  /** the granted exemption's reason, when status is exempted */
  readonly exemptionReason: ExemptionReason | null;
  /** an exemption asked and not decided yet: the head has to act */
  readonly exemptionRequested: ExemptionReason | null;
}

// ---------------------------------------------------------------------------------------------
// Labels (French) and DSFR badge severities, imported by the web app.

export type BadgeSeverity = 'success' | 'warning' | 'info' | 'error' | 'new';

export const PLACEMENT_STATUS_LABELS: Record<PlacementStatus, string> = {
  to_place: 'À placer',
  in_progress: 'En cours',
  covered: 'Couvert',
  placed: 'Placé',
  exempted: 'Dispensé',
  repli: 'Repli au lycée',
};

/** What each status means, for a hint or a legend. */
export const PLACEMENT_STATUS_DESCRIPTIONS: Record<PlacementStatus, string> = {
  to_place: 'Aucune semaine couverte et aucune candidature en cours.',
  in_progress: 'Une candidature en cours, une acceptation à confirmer ou une seule semaine couverte.',
  covered: 'Les deux semaines sont couvertes par des stages confirmés ; conventions pas toutes signées.',
  placed: 'Les deux semaines sont couvertes et toutes les conventions sont signées.',
  exempted: 'Dispense accordée par le chef d’établissement.',
  repli: 'Le chef d’établissement a décidé que l’élève reste au lycée pour les semaines non couvertes.',
};

/** No severity: the DSFR's neutral grey badge. */
export const PLACEMENT_STATUS_SEVERITIES: Record<PlacementStatus, BadgeSeverity | undefined> = {
  to_place: 'error',
  in_progress: 'warning',
  covered: 'info',
  placed: 'success',
  exempted: undefined,
  repli: 'new',
};

export const EXEMPTION_REASON_LABELS: Record<ExemptionReason, string> = {
  snu: 'Service national universel (SNU)',
  mobility: 'Mobilité européenne ou internationale',
  sthr: '2de STHR (stage de quatre semaines)',
  medical: 'Raison médicale',
};

export const SPLIT_APPROVAL_LABELS: Record<SplitApprovalState, string> = {
  requested: 'Partage demandé',
  approved: 'Partage accordé',
  refused: 'Partage refusé',
};

const plural = (n: number, one: string, many: string): string => `${n} ${n > 1 ? many : one}`;

function gapText(code: GapCode, count: number): string {
  switch (code) {
    case 'split_awaiting_approval':
      return 'stage confirmé chez un second organisme, en attente de l’accord du chef d’établissement';
    case 'split_refused':
      return 'partage entre deux organismes refusé par le chef d’établissement';
    case 'acceptance_to_confirm':
      return `${plural(count, 'acceptation', 'acceptations')} à confirmer par l’élève`;
    case 'applications_pending':
      return `${plural(count, 'candidature', 'candidatures')} en attente de réponse`;
    case 'withdrawn_after_confirmation':
      return 'désistement de l’élève après confirmation';
    case 'cancelled_by_host':
      return 'stage annulé par l’organisme d’accueil';
    case 'acceptance_lapsed':
      return 'acceptation non confirmée dans le délai';
    case 'applications_ended':
      return `${plural(count, 'candidature refusée, expirée ou retirée', 'candidatures refusées, expirées ou retirées')}, aucune en cours`;
    case 'no_application':
      return 'aucune candidature';
  }
}

// ---------------------------------------------------------------------------------------------
// Derivation.

const instant = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`placement facts: invalid instant "${iso}"`);
  return t;
};

/** The status an application really has at `asOf` (deadlines passed count as ended). */
export function effectiveStatus(a: PlacementApplication, asOf?: string): ApplicationFactStatus {
  if (asOf === undefined) return a.status;
  const now = instant(asOf);
  if (a.status === 'pending' && a.expiresAt && instant(a.expiresAt) <= now) return 'expired';
  if (a.status === 'accepted' && a.confirmBy && instant(a.confirmBy) <= now) return 'acceptance_lapsed';
  return a.status;
}

function checkWeeks(a: PlacementApplication): void {
  const ok =
    a.weeks.length >= 1 &&
    a.weeks.length <= 2 &&
    a.weeks.every((w) => w === 1 || w === 2) &&
    new Set(a.weeks).size === a.weeks.length;
  if (!ok) throw new RangeError(`placement facts: application ${a.id} has weeks ${JSON.stringify(a.weeks)}`);
}

const confirmedOrder = (a: PlacementApplication, b: PlacementApplication): number => {
  const ta = a.confirmedAt ? instant(a.confirmedAt) : Number.POSITIVE_INFINITY;
  const tb = b.confirmedAt ? instant(b.confirmedAt) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  // unknown or equal times: the placement holding week 1 first (a two-week one before a one-week one)
  const wa = Math.min(...a.weeks) * 10 - a.weeks.length;
  const wb = Math.min(...b.weeks) * 10 - b.weeks.length;
  return wa - wb;
};

function covering(a: PlacementApplication): CoveringPlacement {
  return {
    applicationId: a.id,
    offerId: a.offerId,
    hostId: a.hostId,
    ...(a.hostName === undefined ? {} : { hostName: a.hostName }),
    ...(a.offerTitle === undefined ? {} : { offerTitle: a.offerTitle }),
    twoWeeks: a.weeks.length === 2,
    conventionSigned: a.conventionSigned === true,
  };
}

function weekGap(
  week: WeekNumber,
  apps: readonly { a: PlacementApplication; s: ApplicationFactStatus }[],
): WeekGap {
  const onWeek = apps.filter(({ a }) => a.weeks.includes(week));
  const make = (code: GapCode, count: number, until?: string): WeekGap => ({
    week,
    code,
    count,
    ...(until === undefined ? {} : { until }),
    text: gapText(code, count),
  });
  const accepted = onWeek.filter(({ s }) => s === 'accepted');
  if (accepted.length > 0) {
    const deadlines = accepted.map(({ a }) => a.confirmBy).filter((d): d is string => !!d);
    deadlines.sort((x, y) => instant(x) - instant(y));
    return make('acceptance_to_confirm', accepted.length, deadlines[0]);
  }
  const pending = onWeek.filter(({ s }) => s === 'pending').length;
  if (pending > 0) return make('applications_pending', pending);
  // nothing live: the latest thing that went wrong on this week, the most telling first
  const ended = onWeek.filter(({ s }) => s !== 'confirmed');
  const count = (pred: (x: { a: PlacementApplication; s: ApplicationFactStatus }) => boolean) =>
    ended.filter(pred).length;
  const withdrawn = count(({ a, s }) => s === 'withdrawn_by_student' && !!a.confirmedAt);
  if (withdrawn > 0) return make('withdrawn_after_confirmation', withdrawn);
  const hostCancelled = count(({ s }) => s === 'cancelled_by_host');
  if (hostCancelled > 0) return make('cancelled_by_host', hostCancelled);
  const lapsed = count(({ s }) => s === 'acceptance_lapsed');
  if (lapsed > 0) return make('acceptance_lapsed', lapsed);
  if (ended.length > 0) return make('applications_ended', ended.length);
  return make('no_application', 0);
}

function summarizeGaps(gaps: readonly WeekGap[]): string | null {
  const [first, second] = gaps;
  if (!first) return null;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  if (!second) return `Semaine ${first.week} : ${first.text}.`;
  if (first.text === second.text) return `Semaines 1 et 2 : ${first.text}.`;
  return `Semaine ${first.week} : ${first.text}. ${cap(`semaine ${second.week}`)} : ${second.text}.`;
}

export function derivePlacement(facts: PlacementFacts): PlacementDerivation {
  for (const a of facts.applications) checkWeeks(a);
  const apps = facts.applications.map((a) => ({ a, s: effectiveStatus(a, facts.asOf) }));

  // Confirmed placements, first confirmed first; each week goes to the first one that holds it.
  const confirmed = apps.filter(({ s }) => s === 'confirmed').map(({ a }) => a);
  confirmed.sort(confirmedOrder);
  const holder = new Map<WeekNumber, PlacementApplication>();
  for (const a of confirmed) {
    if (a.weeks.some((w) => holder.has(w))) continue; // rule 7: impossible facts, the first wins
    for (const w of a.weeks) holder.set(w, a);
  }

  // The first host counts; a different host needs the head's approval of the split.
  const firstHost = confirmed.find((a) => a.weeks.some((w) => holder.get(w) === a))?.hostId;
  const coverage = new Map<WeekNumber, WeekCoverage>();
  for (const week of WEEK_NUMBERS) {
    const a = holder.get(week);
    if (!a) continue;
    if (a.hostId !== firstHost && facts.splitApproval !== 'approved') {
      const approval = facts.splitApproval ?? 'missing';
      coverage.set(week, { week, kind: 'split_not_approved', placement: covering(a), approval });
    } else {
      coverage.set(week, { week, kind: 'placement', placement: covering(a) });
    }
  }

  const covered = WEEK_NUMBERS.filter((w) => coverage.get(w)?.kind === 'placement');
  const countedPlacements = new Map<string, CoveringPlacement>();
  for (const w of covered) {
    const c = coverage.get(w);
    if (c?.kind === 'placement') countedPlacements.set(c.placement.applicationId, c.placement);
  }
  const hosts = new Set([...countedPlacements.values()].map((p) => p.hostId)).size;
  const conventionsToSign = [...countedPlacements.values()].filter((p) => !p.conventionSigned).length;

  const exemptionGranted = facts.exemption?.state === 'granted' ? facts.exemption.reason : null;
  const exemptionRequested = facts.exemption?.state === 'requested' ? facts.exemption.reason : null;

  const fill = (kind: 'exempted' | 'repli' | null): [WeekCoverage, WeekCoverage] => {
    const at = (week: WeekNumber): WeekCoverage => {
      const c = coverage.get(week);
      if (c?.kind === 'placement') return c;
      if (kind) return { week, kind };
      return c ?? { week, kind: 'none' };
    };
    return [at(1), at(2)];
  };
  const result = (
    status: PlacementStatus,
    weeks: [WeekCoverage, WeekCoverage],
    gaps: readonly WeekGap[] = [],
  ): PlacementDerivation => ({
    status,
    weeks,
    gaps,
    reason: summarizeGaps(gaps),
    hosts,
    conventionsToSign,
    exemptionReason: status === 'exempted' ? exemptionGranted : null,
    exemptionRequested,
  });

  // 1. a granted exemption wins
  if (exemptionGranted) return result('exempted', fill('exempted'));
  // 3. both weeks covered
  if (covered.length === 2) return result(conventionsToSign === 0 ? 'placed' : 'covered', fill(null));
  // 4. repli covers what is not covered
  if (facts.repli) return result('repli', fill('repli'));
  // 5. in progress or to place, with the reason of each uncovered week
  const weeks = fill(null);
  const gaps = weeks
    .filter((c) => c.kind !== 'placement')
    .map((c): WeekGap => {
      if (c.kind === 'split_not_approved') {
        const code: GapCode = c.approval === 'refused' ? 'split_refused' : 'split_awaiting_approval';
        return { week: c.week, code, count: 1, text: gapText(code, 1) };
      }
      return weekGap(c.week, apps);
    });
  const live = apps.some(({ s }) => s === 'pending' || s === 'accepted');
  const inProgress = covered.length > 0 || live || weeks.some((c) => c.kind === 'split_not_approved');
  return result(inProgress ? 'in_progress' : 'to_place', weeks, gaps);
}

// ---------------------------------------------------------------------------------------------
// Indicators over a set of students (DOMAIN.md §7).

export interface PlacementSummary {
  readonly total: number;
  readonly byStatus: Record<PlacementStatus, number>;
  readonly exemptedByReason: Record<ExemptionReason, number>;
  /** covered or placed students by number of hosts: one host, or two hosts one week each */
  readonly oneHost: number;
  readonly twoHosts: number;
  /** students whose both weeks are covered (covered + placed) */
  readonly bothWeeksCovered: number;
  /** splits waiting for the head's answer, exemptions waiting for the head's decision */
  readonly splitsToApprove: number;
  readonly exemptionsToDecide: number;
  /** placed / total, the headline "% of students with a signed convention"; null with no student */
  readonly placedRate: number | null;
}

export function summarizePlacements(derivations: Iterable<PlacementDerivation>): PlacementSummary {
  const byStatus = Object.fromEntries(PLACEMENT_STATUSES.map((s) => [s, 0])) as Record<
    PlacementStatus,
    number
  >;
  const exemptedByReason = Object.fromEntries(EXEMPTION_REASONS.map((r) => [r, 0])) as Record<
    ExemptionReason,
    number
  >;
  let total = 0;
  let oneHost = 0;
  let twoHosts = 0;
  let splitsToApprove = 0;
  let exemptionsToDecide = 0;
  for (const d of derivations) {
    total++;
    byStatus[d.status]++;
    if (d.status === 'exempted' && d.exemptionReason) exemptedByReason[d.exemptionReason]++;
    if (d.status === 'covered' || d.status === 'placed') {
      if (d.hosts === 1) oneHost++;
      else twoHosts++;
    }
    if (d.gaps.some((g) => g.code === 'split_awaiting_approval')) splitsToApprove++;
    if (d.exemptionRequested && d.status !== 'exempted') exemptionsToDecide++;
  }
  return {
    total,
    byStatus,
    exemptedByReason,
    oneHost,
    twoHosts,
    bothWeeksCovered: byStatus.covered + byStatus.placed,
    splitsToApprove,
    exemptionsToDecide,
    placedRate: total === 0 ? null : byStatus.placed / total,
  };
}
