/**
 * Steering (issue 7, DOMAIN.md §7): the scopes a dashboard can show, who may see which, the
 * figures precomputed by the refresh (src/steering/refresh.ts) and the arithmetic that turns them
 * into indicators. Pure: shared by the server and the web app.
 */
import { EXEMPTION_REASONS, type ExemptionReason } from './application.ts';

// ---------------------------------------------------------------------------------------------
// Scopes

/** The levels of the drill-down, from the country to a class; plus an IEN's circonscription. */
export const SCOPE_KINDS = [
  'national',
  'academie',
  'departement',
  'bassin',
  'lycee',
  'classe',
  'circonscription',
] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** A scope as written in URLs and query strings: "national", "academie:14", "lycee:0350001A"… */
export type ScopeRef = { kind: 'national' } | { kind: Exclude<ScopeKind, 'national'>; code: string };

/** The child level of each level of the drill-down (a class has none). */
export const CHILD_KIND: Partial<Record<ScopeKind, ScopeKind>> = {
  national: 'academie',
  academie: 'departement',
  departement: 'bassin',
  bassin: 'lycee',
  lycee: 'classe',
};

/** Which schools count: the filter « public / privé sous contrat » of every dashboard. */
export const SCHOOL_TYPES = ['all', 'public', 'private'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export function formatScope(ref: ScopeRef): string {
  return ref.kind === 'national' ? 'national' : `${ref.kind}:${ref.code}`;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Parses "academie:14"; undefined when the text is not a scope. */
export function parseScope(text: string): ScopeRef | undefined {
  if (text === 'national') return { kind: 'national' };
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  const kind = text.slice(0, i);
  const code = text.slice(i + 1);
  if (kind === 'national' || !(SCOPE_KINDS as readonly string[]).includes(kind) || !CODE.test(code))
    return undefined;
  return { kind: kind as Exclude<ScopeKind, 'national'>, code };
}

// ---------------------------------------------------------------------------------------------
// Figures computed by the refresh (keys of steering_figures.metric)

/** Distance buckets, in km: [0, 5), [5, 10), [10, 20), [20, 50), [50, ∞). */
export const DISTANCE_BUCKETS = ['b0_5', 'b5_10', 'b10_20', 'b20_50', 'b50p'] as const;
export const DISTANCE_BUCKET_BOUNDS_KM = [5, 10, 20, 50] as const;
/** Days from the application to the last signature: 0–7, 8–14, 15–30, 31 and more. */
export const DELAY_BUCKETS = ['b0_7', 'b8_14', 'b15_30', 'b31p'] as const;
export const DELAY_BUCKET_BOUNDS_DAYS = [7, 14, 30] as const;

/** The steps of a live convention, for the counts by step. */
export const CONVENTION_STEPS = ['host', 'school', 'validation', 'signatures', 'signed'] as const;
export type ConventionStep = (typeof CONVENTION_STEPS)[number];
/** Missing signatures are counted by party; the two guardians count as one party. */
export const SIGNATURE_PARTIES = ['school', 'host', 'student', 'guardian'] as const;
export type SignatureParty = (typeof SIGNATURE_PARTIES)[number];

/**
 * Every student-side metric, per class and per lycée:
 * - students: 2de GT students of the school year;
 * - status.*: students by placement status (src/domain/placement-status.ts), exemptions by reason;
 * - signed_any: students with at least one signed convention;
 * - hosts.one / hosts.two: students with both weeks covered by confirmed placements, with one
 *   host for the two weeks or two hosts;
 * - conv.<step>: live conventions (not cancelled, avenants excluded) by step; conv.cancelled;
 * - sig.missing.<party>: validated conventions still missing that party's signature;
 * - dist.home.* / dist.school.*: confirmed placements by straight-line distance from the
 *   student's home (or lycée) to the offer's place: count `n`, sum in metres `sum_m`, buckets;
 * - delay.*: signed conventions by days from the application to the last signature: count `n`,
 *   sum in days `sum_days`, buckets.
 */
export const STUDENT_METRICS = [
  'students',
  'status.to_place',
  'status.in_progress',
  'status.covered',
  'status.placed',
  'status.repli',
  ...EXEMPTION_REASONS.map((r) => `status.exempted.${r}` as const),
  'signed_any',
  'hosts.one',
  'hosts.two',
  ...CONVENTION_STEPS.map((s) => `conv.${s}` as const),
  'conv.cancelled',
  ...SIGNATURE_PARTIES.map((p) => `sig.missing.${p}` as const),
  'dist.home.n',
  'dist.home.sum_m',
  ...DISTANCE_BUCKETS.map((b) => `dist.home.${b}` as const),
  'dist.school.n',
  'dist.school.sum_m',
  ...DISTANCE_BUCKETS.map((b) => `dist.school.${b}` as const),
  'delay.n',
  'delay.sum_days',
  ...DELAY_BUCKETS.map((b) => `delay.${b}` as const),
] as const;
export type StudentMetric = (typeof STUDENT_METRICS)[number];
export type Figures = Partial<Record<StudentMetric, number>>;

/** The metrics kept day by day in steering_daily (history and trends). */
export const SNAPSHOT_METRICS = [
  'students',
  'status.to_place',
  'status.in_progress',
  'status.covered',
  'status.placed',
  'status.repli',
  'status.exempted',
  'signed_any',
  'conv.signed',
] as const;
export type SnapshotMetric = (typeof SNAPSHOT_METRICS)[number];

/** Kinds of host for the offer-side figures; Éducation nationale's own lycées and services apart. */
export const HOST_KINDS = ['private', 'public', 'education_nationale'] as const;
export type HostKind = (typeof HOST_KINDS)[number];
export const HOST_KIND_LABELS: Record<HostKind, string> = {
  private: 'Organismes privés',
  public: 'Organismes publics (hors Éducation nationale)',
  education_nationale: 'Éducation nationale',
};

export type { ExemptionReason };

/** Public figures: a count under this threshold is not shown by lycée (re-identification). */
export const PUBLIC_MIN_COUNT = 10;
