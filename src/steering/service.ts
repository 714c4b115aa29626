import { currentCampaign } from '../campaigns/store.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import type { Db } from '../db/client.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { findUserById, membershipsOf } from '../accounts/store.ts';
import { principalOf } from '../accounts/service.ts';
import { findCampaign } from '../campaigns/store.ts';
import type { Principal, Role } from '../domain/permissions.ts';
import {
  STEERING_ROLES,
  canView,
  childRow,
  conventionSection,
  delaySection,
  distanceSection,
  formatScope,
  headline,
  homeScope,
  offerSection,
  parseScope,
  placesPerStudent,
  ratio,
  seesNames,
  statusRows,
  trendPoint,
  type Figures,
  type SchoolType,
  type ScopeGeography,
  type ScopeKind,
  type ScopeRef,
  type StudentMetric,
  type Viewer,
} from '../domain/steering.ts';
import { queueMail } from '../notifications/service.ts';
import { REMINDER_INTERVAL_MS, deriveRow, sendReminders } from '../schools/placement.service.ts';
import { placementRows } from '../schools/placement.store.ts';
import type {
  ChildRow,
  CirconscriptionFigures,
  Dashboard,
  ScopeView,
  SteeringMap,
  Unplaced,
} from './schemas.ts';
import {
  HEAD_REMINDER_ACTION,
  alignedTrend,
  childScopes,
  circonscriptionEcoles,
  circonscriptionTotals,
  classFigures,
  communeCentres,
  dailyTrend,
  figuresBy,
  findScopeRow,
  headsOf,
  headsRemindedSince,
  lockHeadReminders,
  mapLycees,
  offerFiguresBy,
  placesByCommune,
  referentClasses,
  refreshedAt,
  studentsByHomeCommune,
  type FigureGroup,
  type FigureLine,
  type NamedCode,
  type OfferLine,
  type OfferSelection,
  type SchoolSelection,
  type ScopeRow,
} from './store.ts';
import { publicSteering } from './public.ts';
import type { PublicStats } from './schemas.ts';
import { academyName, offersBySector, publicCounts } from './store.ts';

export interface SteeringDeps {
  db: Db;
  clock: () => Date;
}

/** Aggregated public figures of the running campaign: no personal data. */
export async function getPublicStats(deps: SteeringDeps): Promise<PublicStats> {
  const now = deps.clock();
  const campaign = await currentCampaign(deps.db, schoolYearOn(now.toISOString().slice(0, 10)));
  if (!campaign) {
    return {
      campaign: null,
      counts: {
        lycees: 0,
        students: 0,
        offers: 0,
        placesWeek1: 0,
        placesWeek2: 0,
        hosts: 0,
        publicHostsShare: 0,
      },
      offersBySector: [],
      generatedAt: now.toISOString(),
      steering: null,
    };
  }
  const [counts, sectors, academy, steering] = await Promise.all([
    publicCounts(deps.db, campaign.id, campaign.schoolYear),
    offersBySector(deps.db, campaign.id),
    academyName(deps.db, campaign.academyCode),
    publicSteering(deps.db, campaign.schoolYear, campaign.academyCode),
  ]);
  const { publicHosts, ...rest } = counts;
  return {
    campaign: {
      schoolYear: campaign.schoolYear,
      academy: { code: campaign.academyCode, name: academy ?? campaign.academyCode },
      weeks: [
        { number: 1, start: campaign.week1Start, end: campaign.week1End },
        { number: 2, start: campaign.week2Start, end: campaign.week2End },
      ],
      hostsOpenOn: campaign.hostsOpenOn,
      studentsOpenOn: campaign.studentsOpenOn,
    },
    counts: { ...rest, publicHostsShare: counts.hosts === 0 ? 0 : publicHosts / counts.hosts },
    offersBySector: sectors,
    generatedAt: now.toISOString(),
    steering,
  };
}

// ---------------------------------------------------------------------------------------------
// Dashboards (issue 7): scopes, permissions, indicators, drill-down, map, unplaced students,
// reminders. Every function takes a viewer (viewerOf a principal, or viewerForUser in a job) and a
// scope as written in URLs ("academie:14"), and answers { ok: true, value } or { ok: false, error }.

export interface DashboardDeps extends SteeringDeps {
  publicUrl: string;
}

/** A viewer with who they are (for the audit of personal data and the reminders). */
export interface SteeringViewer extends Viewer {
  principal: Principal;
}

export type SteeringErrorCode =
  /** the scope is not written as kind:code */
  | 'malformed'
  /** no such scope */
  | 'not_found'
  /** the role never sees dashboards (403) */
  | 'forbidden'
  /** the scope lies outside the viewer's perimeter (404) */
  | 'outside'
  /** this view does not exist at this level (400) */
  | 'not_applicable'
  /** a viewer with nowhere to land (a staff member referent of no class) */
  | 'no_home';
export interface SteeringError {
  code: SteeringErrorCode;
  /** French, for the problem's detail */
  detail: string;
}
export type SteeringResult<T> = { ok: true; value: T } | { ok: false; error: SteeringError };

const fail = (code: SteeringErrorCode, detail: string): { ok: false; error: SteeringError } => ({
  ok: false,
  error: { code, detail },
});

export const SCOPE_SYNTAX =
  'Écrivez le périmètre ainsi : national, academie:14, departement:35, bassin:code, lycee:UAI, classe:identifiant ou circonscription:identifiant.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
/** The school year of the figures: the one running today (Paris). */
export function steeringSchoolYear(clock: () => Date): string {
  return schoolYearOn(PARIS.format(clock()));
}
function previousSchoolYear(year: string): string {
  const first = Number(year.slice(0, 4)) - 1;
  return `${first}-${first + 1}`;
}

/** The viewer of a signed-in principal (a teacher's referent classes of this school year). */
export async function viewerOf(deps: SteeringDeps, principal: Principal): Promise<SteeringViewer> {
  const referentClassIds =
    principal.role === 'school_staff' && principal.scope.kind === 'lycee'
      ? await referentClasses(deps.db, principal.scope.uai, principal.userId, steeringSchoolYear(deps.clock))
      : [];
  return { role: principal.role, scope: principal.scope, referentClassIds, principal };
}

/**
 * The viewer of a user outside a request (a job's e-mail summary): their membership of a
 * steering role (the one given, or the first one); undefined when they have none.
 */
export async function viewerForUser(
  deps: SteeringDeps,
  userId: string,
  membershipId?: string,
): Promise<SteeringViewer | undefined> {
  const user = await findUserById(deps.db, userId);
  if (!user || user.disabledAt) return undefined;
  const all = await membershipsOf(deps.db, userId);
  const m = all.find((x) =>
    membershipId !== undefined ? x.id === membershipId : STEERING_ROLES.includes(x.role as Role),
  );
  if (!m) return undefined;
  const principal = principalOf(user, m, all);
  return principal ? viewerOf(deps, principal) : undefined;
}

/** A scope found: how to show it, where it sits, and everything above it. */
export interface ResolvedScope {
  ref: ScopeRef;
  view: ScopeView;
  geo: ScopeGeography;
  row: ScopeRow | null;
}

export function academyLabel(name: string): string {
  return /^[AEIOUÉÈÎÏ]/i.test(name) ? `Académie d’${name}` : `Académie de ${name}`;
}
const departementLabel = (code: string, name: string) => `${name} (${code})`;
const lyceeLabel = (name: string, commune: string | null | undefined) =>
  commune ? `${name} (${commune})` : name;

function view(ref: ScopeRef, name: string): ScopeView {
  return {
    ref: formatScope(ref),
    kind: ref.kind,
    code: ref.kind === 'national' ? null : ref.code,
    name,
  };
}

const NATIONAL: ResolvedScope = {
  ref: { kind: 'national' },
  view: view({ kind: 'national' }, 'France entière'),
  geo: { kind: 'national' },
  row: null,
};

function resolvedOf(ref: Extract<ScopeRef, { code: string }>, row: ScopeRow): ResolvedScope {
  const geo: ScopeGeography = {
    kind: ref.kind,
    academyCode: row.academyCode ?? undefined,
    departementCode: row.departementCode ?? undefined,
    bassinDepartementCodes: row.bassinDepartementCodes ?? undefined,
    schoolUai: row.schoolUai ?? undefined,
    classId: row.classId ?? undefined,
    circonscriptionId: row.circonscriptionId ?? undefined,
  };
  let name: string;
  switch (ref.kind) {
    case 'academie':
      name = academyLabel(row.academyName ?? ref.code);
      break;
    case 'departement':
      name = departementLabel(ref.code, row.departementName ?? ref.code);
      break;
    case 'bassin':
      name = row.bassinName ?? ref.code;
      break;
    case 'lycee':
      name = lyceeLabel(row.schoolName ?? ref.code, row.schoolCommune);
      break;
    case 'classe':
      name = row.className ?? ref.code;
      break;
    default:
      name = row.circonscriptionName ?? ref.code;
  }
  return { ref, view: view(ref, name), geo, row };
}

/** Parses and finds a scope: malformed (400) or not_found (404) otherwise. */
export async function resolveScope(
  deps: SteeringDeps,
  scope: string | ScopeRef,
): Promise<SteeringResult<ResolvedScope>> {
  const ref = typeof scope === 'string' ? parseScope(scope) : scope;
  if (!ref) return fail('malformed', `Périmètre « ${String(scope)} » mal écrit. ${SCOPE_SYNTAX}`);
  if (ref.kind === 'national') return { ok: true, value: NATIONAL };
  if (ref.kind === 'classe' && !UUID.test(ref.code))
    return fail('malformed', 'L’identifiant d’une classe est un UUID : classe:xxxxxxxx-xxxx-….');
  const row = await findScopeRow(deps.db, ref.kind, ref.code);
  if (!row) return fail('not_found', 'Ce périmètre n’existe pas.');
  return { ok: true, value: resolvedOf(ref, row) };
}

/** Resolves a scope and checks that the viewer may see it. */
export async function scopeFor(
  deps: SteeringDeps,
  viewer: Viewer,
  scope: string | ScopeRef,
): Promise<SteeringResult<ResolvedScope>> {
  if (!STEERING_ROLES.includes(viewer.role))
    return fail('forbidden', 'Votre rôle ne donne pas accès aux tableaux de bord de pilotage.');
  const r = await resolveScope(deps, scope);
  if (!r.ok) return r;
  const decision = canView(viewer, r.value.geo);
  if (!decision.ok) return fail(decision.status === 403 ? 'forbidden' : 'outside', decision.reason);
  return r;
}

/** The scopes above a resolved one and itself, from the country down. */
function chainOf(r: ResolvedScope): ResolvedScope[] {
  const row = r.row;
  if (!row) return [r];
  const out: ResolvedScope[] = [NATIONAL];
  const add = (ref: Extract<ScopeRef, { code: string }>) =>
    out.push(resolvedOf(ref, { ...row, ...limitRow(ref.kind, row) }));
  if (row.academyCode) add({ kind: 'academie', code: row.academyCode });
  const oneDepartement =
    r.ref.kind !== 'bassin' || (row.bassinDepartementCodes?.length === 1 && row.departementCode === null);
  if (row.departementCode && oneDepartement) add({ kind: 'departement', code: row.departementCode });
  else if (r.ref.kind === 'bassin' && row.bassinDepartementCodes?.length === 1)
    add({ kind: 'departement', code: row.bassinDepartementCodes[0]! });
  if (row.bassinCode && (r.ref.kind === 'bassin' || r.ref.kind === 'lycee' || r.ref.kind === 'classe'))
    add({ kind: 'bassin', code: row.bassinCode });
  if (row.schoolUai && (r.ref.kind === 'lycee' || r.ref.kind === 'classe'))
    add({ kind: 'lycee', code: row.schoolUai });
  if (r.ref.kind === 'circonscription' && row.circonscriptionId)
    add({ kind: 'circonscription', code: row.circonscriptionId });
  if (r.ref.kind === 'classe') out.push(r);
  else out[out.length - 1] = r;
  return out;
}

/** The part of a row that locates an ancestor (its geography must not carry what is below it). */
function limitRow(kind: ScopeKind, row: ScopeRow): Partial<ScopeRow> {
  const none = {
    bassinCode: null,
    bassinName: null,
    bassinDepartementCodes: null,
    schoolUai: null,
    schoolName: null,
    schoolCommune: null,
    classId: null,
    className: null,
    circonscriptionId: null,
  };
  switch (kind) {
    case 'academie':
      return { ...none, departementCode: null };
    case 'departement':
      return none;
    case 'bassin':
      return {
        ...none,
        bassinCode: row.bassinCode,
        bassinName: row.bassinName,
        bassinDepartementCodes: row.bassinDepartementCodes,
        departementCode: row.bassinDepartementCodes?.length === 1 ? row.bassinDepartementCodes[0]! : null,
      };
    case 'lycee':
      return { classId: null, className: null, circonscriptionId: null };
    default:
      return {};
  }
}

/** From the highest scope the viewer may see down to this one. */
function breadcrumbOf(viewer: Viewer, r: ResolvedScope): ScopeView[] {
  return chainOf(r)
    .filter((s) => canView(viewer, s.geo).ok)
    .map((s) => s.view);
}

/** Where the viewer lands. */
export async function getHome(deps: SteeringDeps, viewer: Viewer): Promise<SteeringResult<ScopeView>> {
  if (!STEERING_ROLES.includes(viewer.role))
    return fail('forbidden', 'Votre rôle ne donne pas accès aux tableaux de bord de pilotage.');
  const home = homeScope(viewer);
  if (!home)
    return fail(
      'no_home',
      'Aucun tableau de bord pour vous : vous n’êtes référent d’aucune classe cette année. Le chef d’établissement peut vous nommer référent d’une classe.',
    );
  const r = await resolveScope(deps, home);
  if (!r.ok) return r;
  return { ok: true, value: r.value.view };
}

/** Which lycées and offers a scope sums, and how its children are grouped. */
interface Plan {
  sel: SchoolSelection;
  offers: OfferSelection | null;
  group: FigureGroup | 'class' | null;
}

/** The lycées a scope counts (with the public/private filter), as the dashboards select them. */
export function schoolSelectionOf(r: ResolvedScope, schoolType: SchoolType): SchoolSelection {
  return planOf(r, schoolType).sel;
}

function planOf(r: ResolvedScope, schoolType: SchoolType): Plan {
  const isPublic = schoolType === 'all' ? undefined : schoolType === 'public';
  const g = r.geo;
  switch (r.ref.kind) {
    case 'national':
      return { sel: { isPublic }, offers: {}, group: 'academy' };
    case 'academie':
      return {
        sel: { academyCode: g.academyCode, isPublic },
        offers: { academyCode: g.academyCode },
        group: 'departement',
      };
    case 'departement':
      return {
        sel: { departementCode: g.departementCode, isPublic },
        offers: { departementCode: g.departementCode },
        group: 'bassin',
      };
    case 'bassin':
      return {
        sel: { bassinCode: r.ref.code, isPublic },
        offers: { bassinCode: r.ref.code },
        group: 'lycee',
      };
    case 'lycee':
      return {
        sel: { schoolUai: g.schoolUai, isPublic },
        offers: { nearestUai: g.schoolUai },
        group: 'class',
      };
    case 'classe':
      return { sel: { schoolUai: g.schoolUai, isPublic }, offers: null, group: null };
    case 'circonscription':
      return { sel: {}, offers: null, group: null };
  }
}

function figuresOf(lines: readonly FigureLine[], key?: string | null): Figures {
  const f: Figures = {};
  for (const l of lines)
    if (key === undefined || l.key === key)
      f[l.metric as StudentMetric] = (f[l.metric as StudentMetric] ?? 0) + l.value;
  return f;
}

function placesOf(lines: readonly OfferLine[], key?: string | null): number {
  let n = 0;
  for (const l of lines) if (key === undefined || l.key === key) n += l.placesWeek1 + l.placesWeek2;
  return n;
}

const CHILD_REF: Record<Exclude<FigureGroup, 'total'> | 'class', Exclude<ScopeKind, 'national'>> = {
  academy: 'academie',
  departement: 'departement',
  bassin: 'bassin',
  lycee: 'lycee',
  class: 'classe',
};

function childView(group: Exclude<FigureGroup, 'total'> | 'class', c: NamedCode): ScopeView {
  const kind = CHILD_REF[group];
  const name =
    group === 'academy'
      ? academyLabel(c.name)
      : group === 'departement'
        ? departementLabel(c.code, c.name)
        : group === 'lycee'
          ? lyceeLabel(c.name, c.commune)
          : c.name;
  return view({ kind, code: c.code }, name);
}

/** Figures of the scope (student side) and of its children, by the plan. */
async function studentFigures(
  deps: SteeringDeps,
  r: ResolvedScope,
  plan: Plan,
  year: string,
): Promise<{ total: Figures; byChild: (key: string) => Figures }> {
  if (r.ref.kind === 'lycee' || r.ref.kind === 'classe') {
    const lines = await classFigures(
      deps.db,
      year,
      r.geo.schoolUai!,
      plan.sel.isPublic,
      r.ref.kind === 'classe' ? r.ref.code : undefined,
    );
    const totalKey = r.ref.kind === 'classe' ? r.ref.code : '';
    return { total: figuresOf(lines, totalKey), byChild: (k) => figuresOf(lines, k) };
  }
  const group = plan.group as FigureGroup;
  const lines = await figuresBy(deps.db, year, plan.sel, group);
  return { total: figuresOf(lines), byChild: (k) => figuresOf(lines, k) };
}

export async function getDashboard(
  deps: SteeringDeps,
  viewer: Viewer,
  scope: string | ScopeRef,
  schoolType: SchoolType = 'all',
): Promise<SteeringResult<Dashboard>> {
  const found = await scopeFor(deps, viewer, scope);
  if (!found.ok) return found;
  const r = found.value;
  if (r.ref.kind === 'circonscription')
    return fail(
      'not_applicable',
      'Une circonscription n’a pas d’élèves de seconde : ses indicateurs sont ceux des offres de ses écoles (/api/steering/circonscription).',
    );
  const year = steeringSchoolYear(deps.clock);
  const plan = planOf(r, schoolType);
  const childGroup = plan.group === 'total' ? null : plan.group;
  const [figures, offerLines, children, computedAt, campaign, days, lastYear] = await Promise.all([
    studentFigures(deps, r, plan, year),
    plan.offers
      ? offerFiguresBy(
          deps.db,
          year,
          plan.offers,
          plan.group === 'class' || !plan.group ? 'total' : plan.group,
        )
      : Promise.resolve([] as OfferLine[]),
    childGroup ? childScopes(deps.db, year, childGroup, plan.sel) : Promise.resolve([] as NamedCode[]),
    refreshedAt(deps.db, year),
    r.geo.academyCode ? findCampaign(deps.db, r.geo.academyCode, year) : Promise.resolve(undefined),
    r.ref.kind === 'classe' ? Promise.resolve([]) : dailyTrend(deps.db, year, plan.sel),
    r.ref.kind === 'classe' ? Promise.resolve([]) : alignedTrend(deps.db, previousSchoolYear(year), plan.sel),
  ]);
  const f = figures.total;
  const h = headline(f);
  return {
    ok: true,
    value: {
      scope: r.view,
      breadcrumb: breadcrumbOf(viewer, r),
      schoolType,
      computedAt: computedAt?.toISOString() ?? null,
      campaign: campaign
        ? { schoolYear: campaign.schoolYear, week1Start: campaign.week1Start, week2End: campaign.week2End }
        : null,
      headline: h,
      statuses: statusRows(f),
      conventions: conventionSection(f),
      hosts: { one: f['hosts.one'] ?? 0, two: f['hosts.two'] ?? 0 },
      distances: { home: distanceSection(f, 'home'), school: distanceSection(f, 'school') },
      delays: delaySection(f),
      offers: offerSection(offerLines, h.students),
      children: childGroup
        ? {
            kind: CHILD_REF[childGroup],
            rows: (childGroup === 'departement' ? children : [...children].sort(byName((c) => c.name))).map(
              (c) =>
                childRow(
                  childView(childGroup, c),
                  figures.byChild(c.code),
                  childGroup === 'class' ? null : placesOf(offerLines, c.code),
                ),
            ),
          }
        : null,
      trend: {
        days: days.map((d) => trendPoint(d.day, d.students, d.placed)),
        lastYear:
          lastYear.length === 0
            ? null
            : lastYear.map((d) => ({
                day: d.day,
                daysBeforeWeek1: d.daysBeforeWeek1,
                share: ratio(d.placed, d.students),
              })),
      },
    },
  };
}

/** The map of a scope: its lycées with their catchment's places, its communes (none nationally). */
export async function getMap(
  deps: SteeringDeps,
  viewer: Viewer,
  scope: string | ScopeRef,
): Promise<SteeringResult<SteeringMap>> {
  const found = await scopeFor(deps, viewer, scope);
  if (!found.ok) return found;
  const r = found.value;
  if (r.ref.kind === 'circonscription')
    return fail('not_applicable', 'La carte des places par élève ne concerne pas une circonscription.');
  const year = steeringSchoolYear(deps.clock);
  const plan = planOf(r, 'all');
  const offers: OfferSelection = plan.offers ?? { nearestUai: r.geo.schoolUai };
  const classId = r.ref.kind === 'classe' ? r.ref.code : undefined;
  const [lycees, places, homes, computedAt] = await Promise.all([
    mapLycees(deps.db, year, plan.sel, offers),
    r.ref.kind === 'national'
      ? Promise.resolve(new Map<string, number>())
      : placesByCommune(deps.db, year, offers),
    r.ref.kind === 'national'
      ? Promise.resolve(new Map<string, number>())
      : studentsByHomeCommune(deps.db, year, plan.sel, classId),
    refreshedAt(deps.db, year),
  ]);
  const insee = [...new Set([...places.keys(), ...homes.keys()])];
  const centres = await communeCentres(deps.db, insee);
  const communes = insee
    .flatMap((code) => {
      const c = centres.get(code);
      if (!c) return [];
      const students = homes.get(code) ?? 0;
      const p = places.get(code) ?? 0;
      return [
        {
          insee: code,
          name: c.name,
          lat: c.lat,
          lon: c.lon,
          students,
          places: p,
          placesPerStudent: placesPerStudent(p, students),
        },
      ];
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.insee.localeCompare(b.insee));
  return {
    ok: true,
    value: {
      scope: r.view,
      computedAt: computedAt?.toISOString() ?? null,
      lycees: lycees
        .map((l) => ({ ...l, placesPerStudent: placesPerStudent(l.places, l.students) }))
        .sort(byName((l) => l.name)),
      communes,
    },
  };
}

/**
 * Students without a placement (to place or in progress). For a head or a referent teacher, in a
 * lycée or a class: their names, live (the placement list's derivation), audited as a read of
 * the students' list. Above the lycée, and for the academic services anywhere: counts by lycée
 * from the figures (lycées with at least one such student), never a name.
 */
export async function getUnplaced(
  deps: SteeringDeps,
  viewer: SteeringViewer,
  scope: string | ScopeRef,
  context: AuditContext = {},
): Promise<SteeringResult<Unplaced>> {
  const found = await scopeFor(deps, viewer, scope);
  if (!found.ok) return found;
  const r = found.value;
  if (r.ref.kind === 'circonscription')
    return fail('not_applicable', 'Une circonscription n’a pas d’élèves de seconde.');
  const year = steeringSchoolYear(deps.clock);
  if ((r.ref.kind === 'lycee' || r.ref.kind === 'classe') && seesNames(viewer.role)) {
    const uai = r.geo.schoolUai!;
    const campaign = await findCampaign(deps.db, r.geo.academyCode!, year);
    const list = await placementRows(deps.db, {
      schoolUai: uai,
      campaignId: campaign?.id ?? null,
      allowedClassIds: viewer.role === 'school_staff' ? viewer.referentClassIds : null,
      classId: r.ref.kind === 'classe' ? r.ref.code : undefined,
    });
    const now = deps.clock();
    const students = list.flatMap((row) => {
      const status = deriveRow(row, now).status;
      return status === 'to_place' || status === 'in_progress'
        ? [
            {
              id: row.id,
              lastName: row.lastName,
              firstName: row.firstName,
              className: row.className,
              status,
              lastReminderAt: row.lastReminderAt,
            },
          ]
        : [];
    });
    await recordAudit(
      deps,
      {
        action: 'students.list',
        actor: viewer.principal,
        schoolUai: uai,
        details: { view: 'pilotage.unplaced', scope: r.view.ref, shown: students.length },
      },
      context,
    );
    return { ok: true, value: { kind: 'names', scope: r.view, students } };
  }
  const plan = planOf(r, 'all');
  const [rows, computedAt] = await Promise.all([
    unplacedCounts(deps, r, plan, year),
    refreshedAt(deps.db, year),
  ]);
  return {
    ok: true,
    value: { kind: 'counts', scope: r.view, computedAt: computedAt?.toISOString() ?? null, rows },
  };
}

/** Per lycée of the scope (or the class itself), the figures of those with unplaced students. */
async function unplacedCounts(
  deps: SteeringDeps,
  r: ResolvedScope,
  plan: Plan,
  year: string,
): Promise<ChildRow[]> {
  if (r.ref.kind === 'classe') {
    const lines = await classFigures(deps.db, year, r.geo.schoolUai!, undefined, r.ref.code);
    const row = childRow(r.view, figuresOf(lines), null);
    return row.unplaced > 0 ? [row] : [];
  }
  const offers = plan.offers ?? {};
  const [figures, offerLines, lycees] = await Promise.all([
    figuresBy(deps.db, year, plan.sel, 'lycee'),
    offerFiguresBy(deps.db, year, offers, 'lycee'),
    childScopes(deps.db, year, 'lycee', plan.sel),
  ]);
  return lycees
    .map((c) => childRow(childView('lycee', c), figuresOf(figures, c.code), placesOf(offerLines, c.code)))
    .filter((row) => row.unplaced > 0)
    .sort((a, b) => b.unplaced - a.unplaced || a.scope.name.localeCompare(b.scope.name, 'fr'));
}

/** In French alphabetical order (whatever the database's collation), numbers in order. */
function byName<T>(name: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => name(a).localeCompare(name(b), 'fr', { numeric: true });
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * One-click reminders. A head or a referent teacher, in a lycée or a class: the students still to
 * place and their guardians (the placement list's reminders, once a day per student). The
 * academic services (DSDEN, rectorat), at any level they see: one mail to the heads of each
 * lycée of the scope that has students to place or in progress, with the counts and a link to
 * the lycée's dashboard, at most once per lycée every 24 hours.
 */
export async function sendSteeringReminders(
  deps: DashboardDeps,
  viewer: SteeringViewer,
  scope: string | ScopeRef,
  context: AuditContext = {},
): Promise<SteeringResult<{ sent: number; message: string }>> {
  const found = await scopeFor(deps, viewer, scope);
  if (!found.ok) return found;
  const r = found.value;
  if (r.ref.kind === 'circonscription' || r.ref.kind === 'national')
    return fail(
      'not_applicable',
      'Les relances se font depuis un département, un bassin, un lycée ou une classe.',
    );
  if (viewer.role === 'school_head' || viewer.role === 'school_staff') {
    const result = await sendReminders(
      deps,
      viewer.principal,
      r.geo.schoolUai!,
      { classId: r.ref.kind === 'classe' ? r.ref.code : undefined },
      context,
    );
    if (!result.ok) return fail('outside', 'Aucun périmètre de votre ressort ne correspond.');
    return { ok: true, value: { sent: result.sent, message: result.message } };
  }
  if (viewer.role !== 'dsden' && viewer.role !== 'rectorat')
    return fail('forbidden', 'Votre rôle ne permet pas d’envoyer des relances.');
  const year = steeringSchoolYear(deps.clock);
  const plan = planOf(r, 'all');
  const [figures, lycees] = await Promise.all([
    figuresBy(deps.db, year, plan.sel, 'lycee'),
    childScopes(deps.db, year, 'lycee', plan.sel),
  ]);
  const targets = lycees
    .map((c) => ({ school: c, f: figuresOf(figures, c.code) }))
    .map(({ school, f }) => ({
      school,
      toPlace: f['status.to_place'] ?? 0,
      inProgress: f['status.in_progress'] ?? 0,
      students: f.students ?? 0,
    }))
    .filter((t) => t.toPlace + t.inProgress > 0)
    .sort((a, b) => a.school.code.localeCompare(b.school.code));
  if (targets.length === 0)
    return {
      ok: true,
      value: {
        sent: 0,
        message: 'Aucun lycée de ce périmètre n’a d’élève à placer ou en cours : aucune relance.',
      },
    };
  const sender = viewer.role === 'dsden' ? 'Les services départementaux (DSDEN)' : 'Le rectorat';
  return deps.db.transaction(async (t) => {
    const db = t as unknown as Db;
    for (const target of targets) await lockHeadReminders(db, target.school.code);
    const now = deps.clock();
    const uais = targets.map((x) => x.school.code);
    const [recent, heads] = await Promise.all([
      headsRemindedSince(db, uais, new Date(now.getTime() - REMINDER_INTERVAL_MS)),
      headsOf(db, uais),
    ]);
    let sent = 0;
    let schools = 0;
    let skippedRecent = 0;
    let skippedNoHead = 0;
    for (const target of targets) {
      const uai = target.school.code;
      if (recent.has(uai)) {
        skippedRecent++;
        continue;
      }
      const to = heads.filter((x) => x.schoolUai === uai);
      if (to.length === 0) {
        skippedNoHead++;
        continue;
      }
      for (const head of to)
        await queueMail(db, deps.clock, {
          to: head.email,
          template: 'steering_head_reminder',
          data: {
            name: head.firstName,
            schoolName: target.school.name,
            sender,
            toPlace: target.toPlace,
            inProgress: target.inProgress,
            students: target.students,
            link: `${deps.publicUrl}/pilotage?scope=lycee:${uai}`,
          },
        });
      await recordAudit(
        { db, clock: deps.clock },
        {
          action: HEAD_REMINDER_ACTION,
          actor: viewer.principal,
          schoolUai: uai,
          details: {
            toPlace: target.toPlace,
            inProgress: target.inProgress,
            heads: to.length,
            scope: r.view.ref,
          },
        },
        context,
      );
      sent += to.length;
      schools++;
    }
    const parts = [
      schools === 0
        ? 'Aucun chef d’établissement relancé.'
        : `${plural(sent, 'chef d’établissement relancé', 'chefs d’établissement relancés')} (${plural(schools, 'lycée', 'lycées')}).`,
    ];
    if (skippedRecent > 0)
      parts.push(
        `${plural(skippedRecent, 'lycée déjà relancé', 'lycées déjà relancés')} dans les dernières 24 heures.`,
      );
    if (skippedNoHead > 0)
      parts.push(
        `${plural(skippedNoHead, 'lycée', 'lycées')} sans compte de chef d’établissement : ${skippedNoHead > 1 ? 'ils n’ont' : 'il n’a'} pas été relancé${skippedNoHead > 1 ? 's' : ''}.`,
      );
    return { ok: true as const, value: { sent, message: parts.join(' ') } };
  });
}

/** An IEN's circonscription: its écoles' offers by state and their places, live. */
export async function getCirconscription(
  deps: SteeringDeps,
  viewer: Viewer,
  scope: string | ScopeRef,
): Promise<SteeringResult<CirconscriptionFigures>> {
  const found = await scopeFor(deps, viewer, scope);
  if (!found.ok) return found;
  const r = found.value;
  if (r.ref.kind !== 'circonscription')
    return fail(
      'not_applicable',
      'Ces indicateurs sont ceux d’une circonscription : scope=circonscription:identifiant.',
    );
  const campaign = await findCampaign(deps.db, r.geo.academyCode!, steeringSchoolYear(deps.clock));
  const [totals, ecoles] = await Promise.all([
    circonscriptionTotals(deps.db, r.ref.code, campaign?.id ?? null),
    circonscriptionEcoles(deps.db, r.ref.code, campaign?.id ?? null),
  ]);
  return {
    ok: true,
    value: {
      scope: r.view,
      offers: {
        draft: totals.draft,
        submitted: totals.submitted,
        published: totals.published,
        full: totals.full,
        returned: totals.returned,
        unpublished: totals.unpublished,
      },
      places: { week1: totals.week1, week2: totals.week2, taken1: totals.taken1, taken2: totals.taken2 },
      oldestWaitingSince: totals.oldestWaitingSince,
      ecoles,
    },
  };
}
