/**
 * Placement status of a student (DOMAIN.md §1 and §5, issue 5 point 7), derived from the facts.
 * Pure: the applications module maps its rows to `PlacementFacts` (the application states are
 * those of src/domain/application.ts) and calls `derivePlacement`. Nothing here is typed by hand
 * except the school head's two decisions: an exemption and the repli in the lycée.
 *
 * The statuses:
 * - `to_place` (à placer): no week covered, no live application.
 * - `in_progress` (en cours): a live application (pending, accepted and waiting for the student's
 *   confirmation, or a second host's week waiting for the head's agreement to the split), or one
 *   week covered.
 * - `covered` (couvert): both weeks covered by confirmed placements: one host for the two weeks,
 *   or two hosts one week each (the application machine confirms the second one only once the
 *   head approved the split: until then it is `split_pending`). Conventions not all signed yet.
 * - `placed` (placé): covered, and the convention of every placement covering a week is signed.
 * - `exempted` (dispensé): an exemption granted by the head (SNU, mobility, STHR, medical).
 * - `repli` (repli au lycée): the head decided the student stays in the lycée.
 *
 * Precedence and choices (DOMAIN.md is silent on these; each one is tested):
 * 1. A granted exemption wins over everything, repli and placements included; the weeks still
 *    show the placements there are, the other weeks read "exempted".
 * 2. Both weeks covered: covered or placed, whatever the repli decision (it has nothing left to
 *    cover).
 * 3. Otherwise a repli decision covers every week with nothing on it: the status is `repli`, and
 *    the weeks show which part is a placement (or a split waiting) and which part is the lycée.
 * 4. Otherwise: one week covered or a live application → in progress; else to place. DOMAIN.md
 *    §5 calls "to place" a student with nothing confirmed; we count a live application as in
 *    progress (issue 5's wording), and `gaps` tells the head what is actually happening.
 * 5. Deadlines: when `asOf` is given, a pending application at or past `expiresAt` counts as
 *    expired and an acceptance past `confirmBy` as lapsed (application.ts `acceptanceLapsed`),
 *    even before the job that records it has run.
 * 6. A week held by two applications (confirmed or split pending) cannot happen (student_weeks'
 *    primary key); if the facts say so anyway, a confirmed one before a split pending one, then
 *    the one confirmed first (earlier `confirmedAt`; week 1's when unknown or equal) holds it.
 * 7. An acceptance that lapsed is an `expired` application with an `acceptedAt`; a withdrawal or
 *    a host's cancellation "after confirmation" is one with a `confirmedAt`.
 */
import {
  acceptanceLapsed,
  EXEMPTION_REASONS,
  type ApplicationState,
  type ExemptionReason,
  type WeekNumber,
} from './application.ts';

export type { ApplicationState, ExemptionReason, WeekNumber };
export const WEEK_NUMBERS: readonly WeekNumber[] = [1, 2];

export interface PlacementApplication {
  readonly id: string;
  readonly offerId: string;
  /** the host organisation: two offers of one host are one host */
  readonly hostId: string;
  readonly hostName?: string;
  readonly offerTitle?: string;
  /** the weeks applied for: [1], [2] or [1, 2] (application.ts weeksOfMask) */
  readonly weeks: readonly WeekNumber[];
  readonly status: ApplicationState;
  /** ISO instants from the application's row */
  readonly acceptedAt?: string | null;
  /** kept after a withdrawal or a host's cancellation */
  readonly confirmedAt?: string | null;
  readonly expiresAt?: string | null;
  readonly confirmBy?: string | null;
  /** for a confirmed placement: its convention is signed by all (conventions issue) */
  readonly conventionSigned?: boolean;
}

/** Everything the status is derived from, for one student and one campaign. */
export interface PlacementFacts {
  /** every application of the student in the campaign, in any state, in any order */
  readonly applications: readonly PlacementApplication[];
  /** the exemption granted by the head (decision in force), null when none */
  readonly exemption: ExemptionReason | null;
  /** the head decided the student stays in the lycée for what is not covered (decision in force) */
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
  /** a second host's week, waiting for the head's agreement to the split */
  | { readonly week: WeekNumber; readonly kind: 'split_pending'; readonly placement: CoveringPlacement }
  | { readonly week: WeekNumber; readonly kind: 'exempted' }
  | { readonly week: WeekNumber; readonly kind: 'repli' }
  | { readonly week: WeekNumber; readonly kind: 'none' };

/** Why a week is not covered, the most advanced situation first. */
export const GAP_CODES = [
  'split_awaiting_approval',
  'acceptance_to_confirm',
  'applications_pending',
  'withdrawn_after_confirmation',
  'cancelled_by_host',
  'split_refused',
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

const plural = (n: number, one: string, many: string): string => `${n} ${n > 1 ? many : one}`;

function gapText(code: GapCode, count: number): string {
  switch (code) {
    case 'split_awaiting_approval':
      return 'stage chez un second organisme, en attente de l’accord du chef d’établissement';
    case 'acceptance_to_confirm':
      return `${plural(count, 'acceptation', 'acceptations')} à confirmer par l’élève`;
    case 'applications_pending':
      return `${plural(count, 'candidature', 'candidatures')} en attente de réponse`;
    case 'withdrawn_after_confirmation':
      return 'désistement de l’élève après confirmation';
    case 'cancelled_by_host':
      return 'stage annulé par l’organisme d’accueil';
    case 'split_refused':
      return 'stage en deux lieux refusé par le chef d’établissement';
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

/** The state an application really is in at `asOf`: deadlines passed count as expired. */
export function effectiveStatus(a: PlacementApplication, asOf?: string): ApplicationState {
  if (asOf === undefined) return a.status;
  const now = instant(asOf);
  if (a.status === 'pending' && a.expiresAt && instant(a.expiresAt) <= now) return 'expired';
  if (
    a.status === 'accepted' &&
    a.confirmBy &&
    acceptanceLapsed(new Date(now), new Date(instant(a.confirmBy)))
  )
    return 'expired';
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

interface Seen {
  readonly a: PlacementApplication;
  readonly s: ApplicationState;
}

const holdOrder = (x: Seen, y: Seen): number => {
  if (x.s !== y.s) return x.s === 'confirmed' ? -1 : 1;
  const tx = x.a.confirmedAt ? instant(x.a.confirmedAt) : Number.POSITIVE_INFINITY;
  const ty = y.a.confirmedAt ? instant(y.a.confirmedAt) : Number.POSITIVE_INFINITY;
  if (tx !== ty) return tx < ty ? -1 : 1;
  // unknown or equal times: the one holding week 1 first (a two-week one before a one-week one)
  const wx = Math.min(...x.a.weeks) * 10 - x.a.weeks.length;
  const wy = Math.min(...y.a.weeks) * 10 - y.a.weeks.length;
  return wx - wy;
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

/** Why `week`, which nothing holds, is not covered. */
function weekGap(week: WeekNumber, apps: readonly Seen[]): WeekGap {
  const onWeek = apps.filter(({ a }) => a.weeks.includes(week));
  const make = (code: GapCode, count: number, until?: string): WeekGap => ({
    week,
    code,
    count,
    ...(until === undefined ? {} : { until }),
    text: gapText(code, count),
  });
  const count = (pred: (x: Seen) => boolean) => onWeek.filter(pred).length;
  const accepted = onWeek.filter(({ s }) => s === 'accepted');
  if (accepted.length > 0) {
    const deadlines = accepted.map(({ a }) => a.confirmBy).filter((d): d is string => !!d);
    deadlines.sort((x, y) => instant(x) - instant(y));
    return make('acceptance_to_confirm', accepted.length, deadlines[0]);
  }
  const pending = count(({ s }) => s === 'pending');
  if (pending > 0) return make('applications_pending', pending);
  // nothing live: the most telling ending first
  const withdrawn = count(({ a, s }) => s === 'withdrawn_by_student' && !!a.confirmedAt);
  if (withdrawn > 0) return make('withdrawn_after_confirmation', withdrawn);
  const hostCancelled = count(({ s }) => s === 'cancelled_by_host');
  if (hostCancelled > 0) return make('cancelled_by_host', hostCancelled);
  const splitRefused = count(({ s }) => s === 'split_refused');
  if (splitRefused > 0) return make('split_refused', splitRefused);
  const lapsed = count(({ a, s }) => s === 'expired' && (!!a.acceptedAt || a.status === 'accepted'));
  if (lapsed > 0) return make('acceptance_lapsed', lapsed);
  const ended = count(({ s }) => s !== 'confirmed' && s !== 'split_pending');
  if (ended > 0) return make('applications_ended', ended);
  return make('no_application', 0);
}

function summarizeGaps(gaps: readonly WeekGap[]): string | null {
  const [first, second] = gaps;
  if (!first) return null;
  if (!second) return `Semaine ${first.week} : ${first.text}.`;
  if (first.text === second.text) return `Semaines 1 et 2 : ${first.text}.`;
  return `Semaine ${first.week} : ${first.text}. Semaine ${second.week} : ${second.text}.`;
}

export function derivePlacement(facts: PlacementFacts): PlacementDerivation {
  for (const a of facts.applications) checkWeeks(a);
  const apps: Seen[] = facts.applications.map((a) => ({ a, s: effectiveStatus(a, facts.asOf) }));

  // The weeks held by a confirmed or split-pending application (rule 6 for impossible facts).
  const holders = apps.filter(({ s }) => s === 'confirmed' || s === 'split_pending').sort(holdOrder);
  const coverage = new Map<WeekNumber, WeekCoverage>();
  for (const { a, s } of holders) {
    if (a.weeks.some((w) => coverage.has(w))) continue;
    const kind = s === 'confirmed' ? 'placement' : 'split_pending';
    for (const week of a.weeks) coverage.set(week, { week, kind, placement: covering(a) });
  }

  const counted = new Map<string, CoveringPlacement>();
  for (const c of coverage.values())
    if (c.kind === 'placement') counted.set(c.placement.applicationId, c.placement);
  const covered = WEEK_NUMBERS.filter((w) => coverage.get(w)?.kind === 'placement').length;
  const hosts = new Set([...counted.values()].map((p) => p.hostId)).size;
  const conventionsToSign = [...counted.values()].filter((p) => !p.conventionSigned).length;

  /** the weeks, those with nothing on them filled with `kind` */
  const fill = (kind: 'exempted' | 'repli' | 'none'): [WeekCoverage, WeekCoverage] => {
    const at = (week: WeekNumber): WeekCoverage => coverage.get(week) ?? { week, kind };
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
    exemptionReason: status === 'exempted' ? facts.exemption : null,
  });

  // 1. a granted exemption wins
  if (facts.exemption) return result('exempted', fill('exempted'));
  // 2. both weeks covered
  if (covered === 2) return result(conventionsToSign === 0 ? 'placed' : 'covered', fill('none'));
  // 3. repli covers the weeks with nothing on them
  if (facts.repli) return result('repli', fill('repli'));
  // 4. in progress or to place, with the reason of each uncovered week
  const weeks = fill('none');
  const gaps = weeks
    .filter((c) => c.kind !== 'placement')
    .map((c): WeekGap => {
      if (c.kind === 'split_pending')
        return {
          week: c.week,
          code: 'split_awaiting_approval',
          count: 1,
          text: gapText('split_awaiting_approval', 1),
        };
      return weekGap(c.week, apps);
    });
  const live = apps.some(({ s }) => s === 'pending' || s === 'accepted' || s === 'split_pending');
  return result(covered > 0 || live ? 'in_progress' : 'to_place', weeks, gaps);
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
  /** students with a second host's week waiting for the head's agreement */
  readonly splitsToApprove: number;
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
  for (const d of derivations) {
    total++;
    byStatus[d.status]++;
    if (d.status === 'exempted' && d.exemptionReason) exemptedByReason[d.exemptionReason]++;
    if (d.status === 'covered' || d.status === 'placed') {
      if (d.hosts === 1) oneHost++;
      else twoHosts++;
    }
    if (d.weeks.some((w) => w.kind === 'split_pending')) splitsToApprove++;
  }
  return {
    total,
    byStatus,
    exemptedByReason,
    oneHost,
    twoHosts,
    bothWeeksCovered: byStatus.covered + byStatus.placed,
    splitsToApprove,
    placedRate: total === 0 ? null : byStatus.placed / total,
  };
}
