/**
 * Steering (issue 7, DOMAIN.md §7): the scopes a dashboard can show, who may see which, the
 * figures precomputed by the refresh (src/steering/refresh.ts) and the arithmetic that turns them
 * into indicators. Pure: shared by the server and the web app.
 */
import { EXEMPTION_REASONS, type ExemptionReason } from './application.ts';
import type { Role, Scope } from './permissions.ts';

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

// ---------------------------------------------------------------------------------------------
// Who may see which scope

/** Who looks at a dashboard: the principal's role and perimeter, and a teacher's classes. */
export interface Viewer {
  role: Role;
  scope: Scope;
  /** the classes a school_staff member is referent of (a teacher); empty for everyone else */
  referentClassIds: readonly string[];
}

/** Where a resolved scope sits, for canView. */
export interface ScopeGeography {
  kind: ScopeKind;
  academyCode?: string | undefined;
  departementCode?: string | undefined;
  /** the départements of a bassin's lycées (a bassin may straddle two) */
  bassinDepartementCodes?: readonly string[] | undefined;
  schoolUai?: string | undefined;
  classId?: string | undefined;
  circonscriptionId?: string | undefined;
}

/** ok, or refused: 403 the role never sees dashboards, 404 the scope is outside the perimeter. */
export type ViewDecision = { ok: true } | { ok: false; status: 403 | 404; reason: string };

/** The roles that have dashboards. */
export const STEERING_ROLES: readonly Role[] = [
  'admin',
  'rectorat',
  'dsden',
  'school_head',
  'school_staff',
  'ien',
];

const ROLE_REFUSED: ViewDecision = {
  ok: false,
  status: 403,
  reason: 'Votre rôle ne donne pas accès aux tableaux de bord de pilotage.',
};
const OUTSIDE: ViewDecision = {
  ok: false,
  status: 404,
  reason: 'Aucun périmètre de votre ressort ne correspond.',
};
const OK: ViewDecision = { ok: true };

const STUDENT_SIDE: readonly ScopeKind[] = ['departement', 'bassin', 'lycee', 'classe'];

/**
 * May this viewer see this scope? admin: everything; rectorat: its académie and everything in it
 * (not national); dsden: its département and what is inside (a bassin only when all its lycées
 * are in the département; not the académie); school_head: its lycée and its classes;
 * school_staff: only the classes they are referent of; ien: its circonscription only; every
 * other role: nothing (403). Outside the perimeter: 404, as authorize() does.
 */
export function canView(viewer: Viewer, target: ScopeGeography): ViewDecision {
  const s = viewer.scope;
  switch (viewer.role) {
    case 'admin':
      return OK;
    case 'rectorat':
      if (s.kind !== 'academie' || target.kind === 'national') return OUTSIDE;
      return target.academyCode === s.code ? OK : OUTSIDE;
    case 'dsden': {
      if (s.kind !== 'departement') return OUTSIDE;
      if (target.kind === 'bassin') {
        const deps = target.bassinDepartementCodes ?? [];
        return deps.length > 0 && deps.every((d) => d === s.code) ? OK : OUTSIDE;
      }
      if (STUDENT_SIDE.includes(target.kind) || target.kind === 'circonscription')
        return target.departementCode === s.code ? OK : OUTSIDE;
      return OUTSIDE;
    }
    case 'school_head':
      if (s.kind !== 'lycee') return OUTSIDE;
      return (target.kind === 'lycee' || target.kind === 'classe') && target.schoolUai === s.uai
        ? OK
        : OUTSIDE;
    case 'school_staff':
      if (s.kind !== 'lycee') return OUTSIDE;
      return target.kind === 'classe' &&
        target.schoolUai === s.uai &&
        target.classId !== undefined &&
        viewer.referentClassIds.includes(target.classId)
        ? OK
        : OUTSIDE;
    case 'ien':
      if (s.kind !== 'circonscription') return OUTSIDE;
      return target.kind === 'circonscription' && target.circonscriptionId === s.id ? OK : OUTSIDE;
    default:
      return ROLE_REFUSED;
  }
}

/**
 * Where a viewer lands: rectorat → its académie, dsden → its département, head → its lycée,
 * teacher → their first class, ien → its circonscription, admin → national; undefined for a
 * staff member referent of no class and for the roles without dashboards.
 */
export function homeScope(viewer: Viewer): ScopeRef | undefined {
  const s = viewer.scope;
  switch (viewer.role) {
    case 'admin':
      return { kind: 'national' };
    case 'rectorat':
      return s.kind === 'academie' ? { kind: 'academie', code: s.code } : undefined;
    case 'dsden':
      return s.kind === 'departement' ? { kind: 'departement', code: s.code } : undefined;
    case 'school_head':
      return s.kind === 'lycee' ? { kind: 'lycee', code: s.uai } : undefined;
    case 'school_staff': {
      const first = viewer.referentClassIds[0];
      return s.kind === 'lycee' && first !== undefined ? { kind: 'classe', code: first } : undefined;
    }
    case 'ien':
      return s.kind === 'circonscription' ? { kind: 'circonscription', code: s.id } : undefined;
    default:
      return undefined;
  }
}

/** The roles that see students' names in the list of unplaced students (lycée and class only). */
export function seesNames(role: Role): boolean {
  return role === 'school_head' || role === 'school_staff';
}

// ---------------------------------------------------------------------------------------------
// Indicators: from summed figures to the dashboard's sections

const get = (f: Figures, m: StudentMetric): number => f[m] ?? 0;

/** a / b, null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** Adds figures metric by metric. */
export function addFigures(into: Figures, more: Figures): Figures {
  for (const [k, v] of Object.entries(more) as [StudentMetric, number][]) into[k] = (into[k] ?? 0) + v;
  return into;
}

export function exemptedTotal(f: Figures): number {
  return EXEMPTION_REASONS.reduce((n, r) => n + get(f, `status.exempted.${r}`), 0);
}

export function headline(f: Figures) {
  const students = get(f, 'students');
  const placed = get(f, 'status.placed');
  return {
    students,
    placed,
    share: ratio(placed, students),
    signedAny: get(f, 'signed_any'),
    covered: get(f, 'status.covered'),
    exempted: exemptedTotal(f),
    unplaced: get(f, 'status.to_place') + get(f, 'status.in_progress'),
  };
}

/** The statuses of a dashboard, in this order, with their French labels. */
export const STATUS_ROWS = [
  { key: 'to_place', label: 'À placer' },
  { key: 'in_progress', label: 'En cours' },
  { key: 'covered', label: 'Couverts (conventions à signer)' },
  { key: 'placed', label: 'Placés (conventions signées)' },
  { key: 'repli', label: 'Repli au lycée' },
  { key: 'exempted.snu', label: 'Dispensés — SNU' },
  { key: 'exempted.mobility', label: 'Dispensés — mobilité' },
  { key: 'exempted.sthr', label: 'Dispensés — 2de STHR' },
  { key: 'exempted.medical', label: 'Dispensés — raison médicale' },
] as const satisfies readonly { key: string; label: string }[];

export function statusRows(f: Figures) {
  const students = get(f, 'students');
  return STATUS_ROWS.map(({ key, label }) => {
    const count = get(f, `status.${key}`);
    return { key, label, count, share: ratio(count, students) };
  });
}

export const CONVENTION_STEP_LABELS: Record<ConventionStep, string> = {
  host: 'Partie de l’organisme à remplir',
  school: 'Partie de l’établissement à remplir',
  validation: 'À valider par l’établissement',
  signatures: 'En signature',
  signed: 'Signées',
};

export const SIGNATURE_PARTY_LABELS: Record<SignatureParty, string> = {
  school: 'Chef d’établissement',
  host: 'Organisme d’accueil',
  student: 'Élève',
  guardian: 'Représentants légaux',
};

export function conventionSection(f: Figures) {
  return {
    steps: CONVENTION_STEPS.map((s) => ({
      key: s,
      label: CONVENTION_STEP_LABELS[s],
      count: get(f, `conv.${s}`),
    })),
    cancelled: get(f, 'conv.cancelled'),
    missingSignatures: SIGNATURE_PARTIES.map((p) => ({
      key: p,
      label: SIGNATURE_PARTY_LABELS[p],
      count: get(f, `sig.missing.${p}`),
    })),
  };
}

export const DISTANCE_BUCKET_LABELS: Record<(typeof DISTANCE_BUCKETS)[number], string> = {
  b0_5: 'moins de 5 km',
  b5_10: 'de 5 à 10 km',
  b10_20: 'de 10 à 20 km',
  b20_50: 'de 20 à 50 km',
  b50p: '50 km et plus',
};

export const DELAY_BUCKET_LABELS: Record<(typeof DELAY_BUCKETS)[number], string> = {
  b0_7: '7 jours ou moins',
  b8_14: 'de 8 à 14 jours',
  b15_30: 'de 15 à 30 jours',
  b31p: 'plus de 30 jours',
};

export function distanceSection(f: Figures, from: 'home' | 'school') {
  const n = get(f, `dist.${from}.n`);
  const sumM = get(f, `dist.${from}.sum_m`);
  return {
    n,
    meanKm: n === 0 ? null : sumM / n / 1000,
    buckets: DISTANCE_BUCKETS.map((b) => ({
      key: b,
      label: DISTANCE_BUCKET_LABELS[b],
      count: get(f, `dist.${from}.${b}`),
    })),
  };
}

export function delaySection(f: Figures) {
  const n = get(f, 'delay.n');
  return {
    n,
    meanDays: ratio(get(f, 'delay.sum_days'), n),
    buckets: DELAY_BUCKETS.map((b) => ({
      key: b,
      label: DELAY_BUCKET_LABELS[b],
      count: get(f, `delay.${b}`),
    })),
  };
}

/** One line of steering_offer_figures, or a sum of them. */
export interface OfferFigures {
  offers: number;
  placesWeek1: number;
  placesWeek2: number;
  takenWeek1: number;
  takenWeek2: number;
}

export function emptyOfferFigures(): OfferFigures {
  return { offers: 0, placesWeek1: 0, placesWeek2: 0, takenWeek1: 0, takenWeek2: 0 };
}

export function addOfferFigures(into: OfferFigures, more: OfferFigures): OfferFigures {
  into.offers += more.offers;
  into.placesWeek1 += more.placesWeek1;
  into.placesWeek2 += more.placesWeek2;
  into.takenWeek1 += more.takenWeek1;
  into.takenWeek2 += more.takenWeek2;
  return into;
}

/** (places of week 1 + places of week 2) / (2 × students); null without students. */
export function placesPerStudent(places: number, students: number): number | null {
  return students === 0 ? null : places / (2 * students);
}

export interface OfferFigureRow extends OfferFigures {
  sectorCode: string;
  sectorName: string;
  hostKind: string;
}

/**
 * The offers' section: totals, unfilled places (places − taken, never negative), places per
 * student, Éducation nationale's share of the places, by sector (most places first) and by kind
 * of host (the order of HOST_KINDS).
 */
export function offerSection(list: readonly OfferFigureRow[], students: number) {
  const total = emptyOfferFigures();
  const sectors = new Map<
    string,
    { code: string; name: string; offers: number; places: number; taken: number }
  >();
  const kinds = new Map<string, OfferFigures>();
  for (const r of list) {
    addOfferFigures(total, r);
    const s = sectors.get(r.sectorCode) ?? {
      code: r.sectorCode,
      name: r.sectorName,
      offers: 0,
      places: 0,
      taken: 0,
    };
    s.offers += r.offers;
    s.places += r.placesWeek1 + r.placesWeek2;
    s.taken += r.takenWeek1 + r.takenWeek2;
    sectors.set(r.sectorCode, s);
    addOfferFigures(kinds.get(r.hostKind) ?? kinds.set(r.hostKind, emptyOfferFigures()).get(r.hostKind)!, r);
  }
  const places = total.placesWeek1 + total.placesWeek2;
  const en = kinds.get('education_nationale');
  const kindRow = (kind: string, label: string) => {
    const k = kinds.get(kind) ?? emptyOfferFigures();
    return {
      kind,
      label,
      offers: k.offers,
      places: k.placesWeek1 + k.placesWeek2,
      taken: k.takenWeek1 + k.takenWeek2,
    };
  };
  return {
    ...total,
    unfilledWeek1: Math.max(0, total.placesWeek1 - total.takenWeek1),
    unfilledWeek2: Math.max(0, total.placesWeek2 - total.takenWeek2),
    placesPerStudent: placesPerStudent(places, students),
    educationNationaleShare: en ? ratio(en.placesWeek1 + en.placesWeek2, places) : places === 0 ? null : 0,
    bySector: [...sectors.values()].sort((a, b) => b.places - a.places || a.name.localeCompare(b.name, 'fr')),
    byHostKind: [
      ...HOST_KINDS.map((k) => kindRow(k, HOST_KIND_LABELS[k])),
      ...[...kinds.keys()]
        .filter((k) => !(HOST_KINDS as readonly string[]).includes(k))
        .map((k) => kindRow(k, k)),
    ],
  };
}

/** One row of a drill-down table (places: of both weeks; null for a class, which has none). */
export function childRow<S>(scope: S, f: Figures, places: number | null) {
  const h = headline(f);
  return {
    scope,
    students: h.students,
    placed: h.placed,
    share: h.share,
    toPlace: get(f, 'status.to_place'),
    inProgress: get(f, 'status.in_progress'),
    covered: h.covered,
    exempted: h.exempted,
    repli: get(f, 'status.repli'),
    unplaced: h.unplaced,
    placesPerStudent: places === null ? null : placesPerStudent(places, h.students),
  };
}

/** Snapshot figures summed by day (steering_daily) → the trend's share. */
export function trendPoint(day: string, students: number, placed: number) {
  return { day, students, placed, share: ratio(placed, students) };
}

/** Whole days from `day` to `week1Start` (both AAAA-MM-JJ): positive before the first week. */
export function daysBefore(day: string, week1Start: string): number {
  return Math.round((Date.parse(`${week1Start}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}
