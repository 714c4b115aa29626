/**
 * The convention's use cases (DOMAIN.md §6, issue 6 §1–§4): created with the confirmation of a
 * stage, completed by the host and by the lycée, validated by the head (the document is rendered
 * once, stored, and each signatory gets a personal link), reopened by a change after validation,
 * cancelled. Every change appends an entry to the convention's hash chain in its transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { weeksOfMask } from '../domain/application.ts';
import { canonicalJson } from '../domain/audit-chain.ts';
import { DEFAULT_SETTINGS, stageYear, type CampaignLimits } from '../domain/campaign.ts';
import {
  CONVENTION_STEPS,
  CONVENTION_STEP_LABELS,
  SIGNATORY_ROLE_LABELS,
  conventionProblems,
  conventionStep,
  conventionTransition,
  emptyHostPart,
  emptySchoolPart,
  missingHostFields,
  missingSchoolFields,
  newReference,
  signatoriesOf,
  type ConventionActor,
  type ConventionEvent,
  type ConventionHostPart,
  type ConventionParties,
  type ConventionProblem,
  type ConventionSchoolPart,
  type ConventionState,
  type ConventionStep,
  type MissingField,
  type SignatoryRole,
} from '../domain/convention.ts';
import type { DayHours } from '../domain/hours.ts';
import { maskEmail } from '../domain/otp.ts';
import { authorize, type Action, type Location, type Principal } from '../domain/permissions.ts';
import { findFileContent, insertFile } from '../files/store.ts';
import { renderPdf } from '../infra/pdf.ts';
import type { TemplateData, TemplateName } from '../infra/mail/templates.ts';
import { queueMail } from '../notifications/service.ts';
import { documentModel } from './document.ts';
import { appendConventionEvent, sha256Hex } from './events.store.ts';
import {
  amendmentsOf,
  confirmedWithoutConvention,
  creationFacts,
  deleteSignatories,
  findConvention,
  hostMemberEmails,
  insertConvention,
  insertSignatories,
  liveConventionOf,
  signatoriesOfConvention,
  studentAccountEmail,
  summaries,
  updateIfVersion,
  viewerFacts,
  type ConventionRecord,
  type ConventionRow,
  type CreationFacts,
  type ListScope,
  type Runner,
  type SignatoryRow,
} from './store.ts';
import { templateForYear } from './templates.ts';

export interface ConventionsDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
}

/** The platform: generated files are stored in its name, never served by /api/files. */
export const PLATFORM_USER = '00000000-0000-0000-0000-000000000000';
export const PAGE_SIZE = 50;
export const PREVIEW_WATERMARK = 'PROJET – non signé';
export const CANCELLED_WATERMARK = 'ANNULÉE';
export const STALE_MESSAGE =
  'La convention a été modifiée entre-temps par une autre personne : rechargez la page pour voir la dernière version, puis refaites vos changements.';
const NOT_FOUND_MESSAGE = 'Aucune convention de votre périmètre ne correspond.';

export type ConventionError =
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'invalid_state' | 'forbidden_role' | 'stale' | 'message_required'; message: string }
  | {
      ok: false;
      error: 'incomplete';
      message: string;
      missing: MissingField[];
      problems: ConventionProblem[];
    };

/** Thrown inside a transaction to roll it back with an expected failure. */
class Rollback extends Error {
  constructor(readonly failure: ConventionError) {
    super('rollback');
  }
}

export function isFailure(x: unknown): x is ConventionError {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

async function tx<T>(db: Db, run: (t: Runner) => Promise<T>): Promise<T | ConventionError> {
  try {
    return await db.transaction(async (t) => run(t));
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}

const stale = (): ConventionError => ({ ok: false, error: 'stale', message: STALE_MESSAGE });

// ---------------------------------------------------------------- small helpers

/** The paths of the leaves that differ between two JSON values, e.g. ['hours', 'tutor.email']. */
export function changedPaths(before: unknown, after: unknown, path = ''): string[] {
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return canonicalJson(before ?? null) === canonicalJson(after ?? null) ? [] : [path];
}

const DATE_FR = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2027-06-14" → « 14 juin 2027 » */
export function dateFr(iso: string): string {
  return DATE_FR.format(new Date(`${iso}T00:00:00Z`));
}

function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function conventionLink(deps: { publicUrl: string }, id: string) {
  return `${deps.publicUrl}/conventions/${id}`;
}

export function actorOf(p: Principal): ConventionActor | null {
  switch (p.role) {
    case 'host_member':
      return 'host_member';
    case 'school_head':
      return 'school_head';
    case 'school_staff':
      return p.signatureDelegate ? 'school_delegate' : 'school_staff';
    default:
      return null;
  }
}

function locationOf(c: ConventionRow): Location {
  return { studentId: c.studentId, schoolUai: c.schoolUai, hostId: c.hostId };
}

function limitsOf(settings: { limits?: CampaignLimits } | null | undefined): CampaignLimits {
  return settings?.limits ?? DEFAULT_SETTINGS.limits;
}

/** The convention if the principal may act on it, else the refusal (404 outside the scope). */
export async function located(
  db: Runner,
  p: Principal,
  id: string,
  action: Action,
): Promise<ConventionRecord | ConventionError> {
  const r = await findConvention(db, id);
  if (!r) return { ok: false, error: 'not_found' };
  const d = authorize(p, action, locationOf(r.convention));
  if (d.ok) return r;
  if (d.status === 403) {
    // a role refused on a convention it may read is told so; anyone else learns nothing
    const read = authorize(p, 'conventions.read', locationOf(r.convention));
    if (read.ok) return { ok: false, error: 'forbidden_role', message: d.reason };
  }
  return { ok: false, error: 'not_found' };
}

function step(state: ConventionState, event: ConventionEvent, p: Principal): ConventionError | null {
  const actor = actorOf(p);
  if (!actor)
    return { ok: false, error: 'forbidden_role', message: 'Votre rôle ne permet pas cette action.' };
  const t = conventionTransition(state, event, actor);
  return t.ok ? null : { ok: false, error: t.error, message: t.message };
}

/** Which part a problem belongs to: the host's, the school's, or the convention's (dates). */
function partOf(problem: ConventionProblem): 'host' | 'school' | 'convention' {
  const f = problem.field ?? '';
  if (f === 'hours' || f.startsWith('hostPart')) return 'host';
  if (f.startsWith('schoolPart')) return 'school';
  return 'convention';
}

function problemsOf(
  c: Pick<ConventionRow, 'parties' | 'hostPart' | 'schoolPart' | 'startDate' | 'endDate'>,
  limits: CampaignLimits,
) {
  return conventionProblems({
    parties: c.parties,
    hostPart: c.hostPart,
    schoolPart: c.schoolPart,
    startDate: c.startDate,
    endDate: c.endDate,
    limits,
  });
}

function incomplete(missing: MissingField[], problems: ConventionProblem[], intro: string): ConventionError {
  const parts = [...missing.map((m) => `${m.label} : à renseigner.`), ...problems.map((p) => p.message)];
  return {
    ok: false,
    error: 'incomplete',
    message: `${intro} ${parts.join(' ')}`.trim(),
    missing,
    problems,
  };
}

async function mailTo<K extends TemplateName>(
  db: Runner,
  clock: () => Date,
  to: string | null | undefined,
  template: K,
  data: TemplateData[K],
) {
  const email = to?.trim();
  if (!email) return;
  await queueMail(db as Db, clock, { to: email, template, data });
}

/** The addresses concerned by a convention (its parties), each once. */
function partyAddresses(c: ConventionRow, signatories: readonly SignatoryRow[]) {
  const seen = new Map<string, string | undefined>();
  const add = (email: string | null | undefined, name?: string) => {
    const e = email?.trim().toLowerCase();
    if (e && !seen.has(e)) seen.set(e, name?.trim() || undefined);
  };
  add(c.hostPart.representative.email, c.hostPart.representative.name);
  add(c.schoolPart.representative.email, c.schoolPart.representative.name);
  for (const s of signatories) add(s.email, s.name);
  return [...seen.entries()].map(([email, name]) => ({ email, name }));
}

function studentName(c: Pick<ConventionRow, 'parties'>) {
  return `${c.parties.student.firstName} ${c.parties.student.lastName}`;
}

// ---------------------------------------------------------------- creation

function offerHoursAsDays(hours: unknown): DayHours[] {
  if (!Array.isArray(hours)) return [];
  const ok = hours.every(
    (d: unknown) =>
      typeof d === 'object' &&
      d !== null &&
      Number.isInteger((d as DayHours).day) &&
      (d as DayHours).day >= 1 &&
      (d as DayHours).day <= 6 &&
      typeof (d as DayHours).from === 'string' &&
      typeof (d as DayHours).to === 'string' &&
      typeof (d as DayHours).breakMinutes === 'number',
  );
  if (!ok) return [];
  return (hours as DayHours[]).map((d) => ({
    day: d.day,
    from: d.from,
    to: d.to,
    breakMinutes: d.breakMinutes,
  }));
}

function oneLine(...parts: (string | null | undefined)[]) {
  return parts
    .map((x) => x?.trim() ?? '')
    .filter((x) => x !== '')
    .join(' ');
}

function addressOf(address: string | null, postalCode: string | null, commune: string | null) {
  const city = oneLine(postalCode, commune);
  return [address?.trim() ?? '', city].filter((x) => x !== '').join(', ');
}

/** What the convention of an application starts with (pure, from what creationFacts read). */
export function prefill(f: CreationFacts) {
  const weeks = weeksOfMask(f.weeks);
  const campaignWeeks: ConventionParties['campaign']['weeks'] = [
    { number: 1, start: f.week1Start, end: f.week1End },
    { number: 2, start: f.week2Start, end: f.week2End },
  ];
  const first = campaignWeeks.find((w) => w.number === weeks[0])!;
  const last = campaignWeeks.find((w) => w.number === weeks[weeks.length - 1])!;
  const parties: ConventionParties = {
    host: {
      name: f.hostName,
      siret: f.hostSiret,
      isPublic: f.hostIsPublic,
      address: addressOf(f.hostAddress, f.hostPostalCode, f.hostCommuneName),
    },
    school: {
      uai: f.schoolUai,
      name: f.schoolName,
      isPublic: f.schoolIsPublic,
      address: addressOf(f.schoolAddress, f.schoolPostalCode, f.schoolCommuneName),
      email: f.schoolEmail,
    },
    student: {
      firstName: f.studentFirstName,
      lastName: f.studentLastName,
      birthDate: f.birthDate,
      className: f.className,
    },
    offer: { title: f.offerTitle, sector: f.sectorName },
    campaign: { schoolYear: f.schoolYear, weeks: campaignWeeks },
  };
  const contact = {
    name: f.contactName?.trim() ?? '',
    role: '',
    email: f.contactEmail?.trim() ?? '',
    phone: f.contactPhone?.trim() ?? '',
  };
  const hostPart: ConventionHostPart = emptyHostPart({
    representative: { ...contact },
    tutor: { ...contact },
    placeAddress: addressOf(f.offerAddress, f.offerPostalCode, f.offerCommuneName),
    activities: (f.offerActivities?.trim() || f.offerDescription.trim()).slice(0, 1500),
    hours: offerHoursAsDays(f.offerHours),
    lunch: f.offerLunch?.trim() ?? '',
  });
  const schoolPart: ConventionSchoolPart = emptySchoolPart({
    representative: {
      name: f.headName?.trim() ?? '',
      role: 'Chef d’établissement',
      email: f.headEmail?.trim() ?? '',
      phone: '',
    },
    className: f.className,
    guardians: f.guardians.slice(0, 2).map((g) => ({
      firstName: g.firstName,
      lastName: g.lastName,
      email: g.email?.trim() ?? '',
      phone: g.phone?.trim() ?? '',
    })),
  });
  return { parties, hostPart, schoolPart, startDate: first.start, endDate: last.end };
}

/**
 * Inside the transaction that confirms an application: creates its convention (once: an
 * application with a live convention keeps it), its first event, and mails the host's contact.
 */
export async function createConventionForApplication(
  db: Runner,
  deps: { clock: () => Date; publicUrl: string },
  applicationId: string,
): Promise<ConventionRow | null> {
  const existing = await liveConventionOf(db, applicationId);
  if (existing) return existing;
  const facts = await creationFacts(db, applicationId);
  if (!facts || facts.applicationStatus !== 'confirmed') return null;
  const now = deps.clock();
  const template = await templateForYear(db, facts.academyCode, facts.schoolYear, now);
  const start = prefill(facts);
  const row = await insertConvention(db, {
    reference: newReference(randomBytes(10), stageYear(facts.schoolYear)),
    campaignId: facts.campaignId,
    applicationId,
    studentId: facts.studentId,
    hostId: facts.hostId,
    offerId: facts.offerId,
    schoolUai: facts.schoolUai,
    weeks: facts.weeks,
    startDate: start.startDate,
    endDate: start.endDate,
    templateId: template.id,
    status: 'completion',
    parties: start.parties,
    hostPart: start.hostPart,
    schoolPart: start.schoolPart,
    createdAt: now,
    updatedAt: now,
  });
  await appendConventionEvent(db, {
    conventionId: row.id,
    kind: 'created',
    at: now,
    actorRole: 'platform',
    details: {
      applicationId,
      reference: row.reference,
      templateId: template.id,
      weeks: weeksOfMask(facts.weeks),
    },
  });
  const data = {
    reference: row.reference,
    studentName: studentName(row),
    offerTitle: facts.offerTitle,
    dates: `du ${dateFr(row.startDate)} au ${dateFr(row.endDate)}`,
    link: conventionLink(deps, row.id),
  };
  if (facts.contactEmail?.trim())
    await mailTo(db, deps.clock, facts.contactEmail, 'convention_to_complete', {
      ...data,
      name: facts.contactName ?? undefined,
    });
  else
    for (const m of await hostMemberEmails(db, facts.hostId))
      await mailTo(db, deps.clock, m.email, 'convention_to_complete', { ...data, name: m.firstName });
  return row;
}

/**
 * The backfill: a convention for every confirmed application without one (at the start of the
 * service, and by the demo's seed). Each in its own transaction; returns how many were created.
 */
export async function ensureConventions(
  db: Db,
  now: Date | (() => Date),
  publicUrl = 'http://localhost:3000',
): Promise<number> {
  const clock = typeof now === 'function' ? now : () => now;
  let created = 0;
  for (const id of await confirmedWithoutConvention(db)) {
    const row = await db.transaction(async (t) => {
      await t.execute(sqlLockApplication(id));
      return createConventionForApplication(t, { clock, publicUrl }, id);
    });
    if (row) created++;
  }
  return created;
}

function sqlLockApplication(id: string) {
  return sql`select id from applications where id = ${id} for update`;
}

/**
 * Inside the transaction that withdraws or cancels a confirmed application: cancels its live
 * convention (event, mails to its parties). A convention already cancelled or done is left.
 */
export async function cancelConventionOfApplication(
  db: Runner,
  deps: { clock: () => Date; publicUrl: string },
  applicationId: string,
  input: { reason: string; actor: Pick<Principal, 'userId' | 'role'> | null; context?: AuditContext },
): Promise<ConventionRow | null> {
  const c = await liveConventionOf(db, applicationId);
  if (!c || c.status === 'done' || c.status === 'cancelled') return null;
  const now = deps.clock();
  const next = await updateIfVersion(db, c.id, c.version, {
    status: 'cancelled',
    cancelledAt: now,
    cancelReason: input.reason,
    updatedAt: now,
  });
  if (!next) return null;
  const signatories = await signatoriesOfConvention(db, c.id);
  await appendConventionEvent(db, {
    conventionId: c.id,
    kind: 'cancel',
    at: now,
    actorUserId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? 'platform',
    ip: input.context?.ip,
    userAgent: input.context?.userAgent,
    details: { from: c.status, reason: input.reason, applicationId },
  });
  await mailCancelled(db, deps, next, signatories, input.reason);
  await cancelOpenAmendments(db, deps, next, input.reason, now);
  return next;
}

/** A cancelled convention takes its avenant in progress (if any) with it: event, mails. */
async function cancelOpenAmendments(
  db: Runner,
  deps: { clock: () => Date; publicUrl: string },
  original: ConventionRow,
  reason: string,
  now: Date,
  actor?: Principal,
) {
  for (const a of await amendmentsOf(db, original.id)) {
    if (a.status !== 'completion' && a.status !== 'validated') continue;
    const row = await findConvention(db, a.id);
    if (!row) continue;
    const why = `Convention ${original.reference} annulée : ${reason}`;
    const next = await updateIfVersion(db, a.id, row.convention.version, {
      status: 'cancelled',
      cancelledAt: now,
      cancelReason: why,
      updatedAt: now,
    });
    if (!next) continue;
    await appendConventionEvent(db, {
      conventionId: a.id,
      kind: 'cancel',
      at: now,
      actorUserId: actor?.userId ?? null,
      actorRole: actor ? actorOf(actor) : 'platform',
      details: { from: a.status, reason: why, amendsId: original.id },
    });
    await mailCancelled(db, deps, next, await signatoriesOfConvention(db, a.id), why);
  }
}

async function mailCancelled(
  db: Runner,
  deps: { clock: () => Date; publicUrl: string },
  c: ConventionRow,
  signatories: readonly SignatoryRow[],
  reason: string,
) {
  const hostName = c.parties.host.name;
  for (const to of partyAddresses(c, signatories))
    await mailTo(db, deps.clock, to.email, 'convention_cancelled', {
      name: to.name,
      reference: c.reference,
      studentName: studentName(c),
      hostName,
      reason,
      link: conventionLink(deps, c.id),
    });
}

// ---------------------------------------------------------------- views

export interface ConventionSummaryView {
  id: string;
  reference: string;
  status: ConventionState;
  step: ConventionStep;
  stepLabel: string;
  student: { id: string; firstName: string; lastName: string; className: string };
  host: { id: string; name: string };
  offerTitle: string;
  weeks: number[];
  startDate: string;
  endDate: string;
  missingSignatures: SignatoryRole[];
  updatedAt: string;
}

function guardianRanks(facts: Awaited<ReturnType<typeof viewerFacts>>, studentId: string) {
  return facts.ranks.filter((r) => r.studentId === studentId).map((r) => r.rank);
}

async function detailView(db: Runner, p: Principal, r: ConventionRecord) {
  const c = r.convention;
  const signatories = await signatoriesOfConvention(db, c.id);
  const limits = limitsOf(r.settings);
  const problems = problemsOf(c, limits);
  const loc = locationOf(c);
  const actor = actorOf(p);
  const can = (action: Action, event: ConventionEvent) =>
    actor !== null && authorize(p, action, loc).ok && conventionTransition(c.status, event, actor).ok;
  const schoolViewer = p.role === 'school_head' || p.role === 'school_staff' || p.role === 'admin';
  const hostViewer = p.role === 'host_member' || p.role === 'partner';

  // who the viewer may sign as (signatures themselves: the signing module)
  const signAs: SignatoryRole[] = [];
  if (c.status === 'validated') {
    const waiting = signatories.filter((s) => s.signedAt === null);
    const facts = await viewerFacts(db, p.userId);
    for (const s of waiting) {
      const mine =
        (s.role === 'student' && p.role === 'student' && p.studentIds.includes(c.studentId)) ||
        ((s.role === 'guardian_1' || s.role === 'guardian_2') &&
          p.role === 'guardian' &&
          guardianRanks(facts, c.studentId).includes(s.role === 'guardian_1' ? 1 : 2)) ||
        (s.role === 'school' && authorize(p, 'conventions.validate', loc).ok) ||
        (s.role === 'host' &&
          p.role === 'host_member' &&
          authorize(p, 'conventions.host.edit', loc).ok &&
          facts.email !== null &&
          facts.email.toLowerCase() === s.email.toLowerCase());
      if (mine) signAs.push(s.role);
    }
  }

  const schoolPart: ConventionSchoolPart = hostViewer
    ? {
        ...c.schoolPart,
        guardians: c.schoolPart.guardians.map((g) => ({
          ...g,
          email: g.email ? maskEmail(g.email) : '',
          phone: '',
        })),
      }
    : c.schoolPart;

  return {
    ...summaryOf({
      id: c.id,
      reference: c.reference,
      status: c.status,
      studentId: c.studentId,
      firstName: r.studentFirstName,
      lastName: r.studentLastName,
      className: r.className,
      hostId: c.hostId,
      hostName: r.hostName,
      offerTitle: r.offerTitle,
      weeks: c.weeks,
      startDate: c.startDate,
      endDate: c.endDate,
      hostCompletedAt: iso(c.hostCompletedAt),
      schoolCompletedAt: iso(c.schoolCompletedAt),
      updatedAt: c.updatedAt.toISOString(),
      missingSignatures: signatories.filter((s) => s.signedAt === null).map((s) => s.role),
    }),
    version: c.version,
    parties: c.parties,
    hostPart: c.hostPart,
    schoolPart,
    hostCompletedAt: iso(c.hostCompletedAt),
    schoolCompletedAt: iso(c.schoolCompletedAt),
    missing: { host: missingHostFields(c.hostPart), school: missingSchoolFields(c.schoolPart, c.parties) },
    problems,
    limits,
    signatories: signatories.map((s) => ({
      role: s.role,
      roleLabel: SIGNATORY_ROLE_LABELS[s.role],
      name: s.name,
      email: schoolViewer ? s.email : maskEmail(s.email),
      signedAt: iso(s.signedAt),
      method: s.method,
    })),
    template: {
      id: r.template.id,
      name: r.template.name,
      version: r.template.version,
      schoolYear: r.template.schoolYear,
    },
    documentSha256: c.documentSha256,
    sealed: c.sealedFileId !== null,
    amendsId: c.amendsId,
    /** the avenants of this convention (issue 6 §9), the first first */
    amendments: (await amendmentsOf(db, c.id)).map((a) => ({
      id: a.id,
      reference: a.reference,
      status: a.status,
    })),
    cancelReason: c.cancelReason,
    viewer: {
      canEditHost: can('conventions.host.edit', 'edit_host_part'),
      canEditSchool: can('conventions.school.edit', 'edit_school_part'),
      canValidate: can('conventions.validate', 'validate'),
      canCancel: can('conventions.cancel', 'cancel'),
      signAs,
    },
  };
}
export type ConventionDetailView = Awaited<ReturnType<typeof detailView>>;

function summaryOf(r: {
  id: string;
  reference: string;
  status: ConventionState;
  studentId: string;
  firstName: string;
  lastName: string;
  className: string;
  hostId: string;
  hostName: string;
  offerTitle: string;
  weeks: number;
  startDate: string;
  endDate: string;
  hostCompletedAt: string | null;
  schoolCompletedAt: string | null;
  updatedAt: string;
  missingSignatures: readonly string[] | null;
}): ConventionSummaryView {
  const s = conventionStep({
    status: r.status,
    hostCompletedAt: r.hostCompletedAt,
    schoolCompletedAt: r.schoolCompletedAt,
  });
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    step: s,
    stepLabel: CONVENTION_STEP_LABELS[s],
    student: { id: r.studentId, firstName: r.firstName, lastName: r.lastName, className: r.className },
    host: { id: r.hostId, name: r.hostName },
    offerTitle: r.offerTitle,
    weeks: weeksOfMask(r.weeks),
    startDate: r.startDate,
    endDate: r.endDate,
    missingSignatures:
      r.status === 'validated' ? ((r.missingSignatures ?? []) as SignatoryRole[]) : ([] as SignatoryRole[]),
    updatedAt: r.updatedAt,
  };
}

// ---------------------------------------------------------------- reading

function listScope(p: Principal): ListScope | null {
  switch (p.role) {
    case 'student':
    case 'guardian':
      return { kind: 'students', ids: p.studentIds };
    case 'host_member':
    case 'partner':
      return p.scope.kind === 'host' ? { kind: 'host', hostId: p.scope.hostId } : null;
    case 'school_head':
    case 'school_staff':
      return p.scope.kind === 'lycee' ? { kind: 'school', uai: p.scope.uai } : null;
    case 'admin':
      return { kind: 'all' };
    default:
      return null;
  }
}

export async function listConventions(
  deps: ConventionsDeps,
  p: Principal,
  query: {
    step?: ConventionStep | undefined;
    classId?: string | undefined;
    q?: string | undefined;
    page?: number;
  },
) {
  const scope = listScope(p);
  const counts = Object.fromEntries(CONVENTION_STEPS.map((s) => [s, 0])) as Record<ConventionStep, number>;
  if (!scope) return { items: [] as ConventionSummaryView[], total: 0, counts };
  const all = (
    await summaries(deps.db, scope, { classId: query.classId, q: query.q?.trim() || undefined })
  ).map((r) =>
    summaryOf({
      ...r,
      hostCompletedAt: iso(r.hostCompletedAt),
      schoolCompletedAt: iso(r.schoolCompletedAt),
      updatedAt: iso(r.updatedAt)!,
    }),
  );
  for (const s of all) counts[s.step]++;
  const filtered = query.step ? all.filter((s) => s.step === query.step) : all;
  const page = Math.max(1, query.page ?? 1);
  return {
    items: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: filtered.length,
    counts,
  };
}

export async function getConvention(
  deps: ConventionsDeps,
  p: Principal,
  id: string,
  context: AuditContext = {},
): Promise<{ ok: true; convention: ConventionDetailView } | ConventionError> {
  const r = await located(deps.db, p, id, 'conventions.read');
  if (isFailure(r)) return r;
  if (p.role === 'school_head' || p.role === 'school_staff' || p.role === 'admin')
    await recordAudit(
      deps,
      {
        action: 'student.read',
        actor: p,
        studentId: r.convention.studentId,
        schoolUai: r.convention.schoolUai,
        details: { conventionId: id },
      },
      context,
    );
  return { ok: true, convention: await detailView(deps.db, p, r) };
}

/** The PDF: a preview (watermark) before validation, the stored document after, sealed once signed. */
export async function conventionDocument(
  deps: ConventionsDeps,
  p: Principal,
  id: string,
): Promise<{ ok: true; pdf: Uint8Array; fileName: string } | ConventionError> {
  const r = await located(deps.db, p, id, 'conventions.read');
  if (isFailure(r)) return r;
  const c = r.convention;
  const fileName = `convention-${c.reference}.pdf`;
  const stored = c.sealedFileId ?? c.documentFileId;
  // a convention cancelled after its signature keeps its sealed PDF (verification says it is cancelled)
  if (stored && c.status !== 'completion' && (c.status !== 'cancelled' || c.sealedFileId)) {
    const content = await findFileContent(deps.db, stored);
    if (content) return { ok: true, pdf: new Uint8Array(content), fileName };
  }
  const pdf = await renderPdf(
    documentModel({
      ...c,
      template: r.template,
      watermark: c.status === 'cancelled' ? CANCELLED_WATERMARK : PREVIEW_WATERMARK,
    }),
    { createdAt: c.updatedAt },
  );
  return { ok: true, pdf, fileName };
}

// ---------------------------------------------------------------- completing the parts

/** Signatures given or asked are cancelled by a change after validation: rows deleted, parties told. */
async function reopen(
  db: Runner,
  deps: ConventionsDeps,
  c: ConventionRow,
  what: string,
): Promise<{ role: SignatoryRole; name: string; signedAt: string | null }[]> {
  const removed = await deleteSignatories(db, c.id);
  for (const s of removed)
    await mailTo(db, deps.clock, s.email, 'convention_signatures_cancelled', {
      name: s.name,
      reference: c.reference,
      studentName: studentName(c),
      hostName: c.parties.host.name,
      what,
      hadSigned: s.signedAt !== null,
      link: conventionLink(deps, c.id),
    });
  return removed.map((s) => ({ role: s.role, name: s.name, signedAt: iso(s.signedAt) }));
}

export async function editPart(
  deps: ConventionsDeps,
  p: Principal,
  id: string,
  which: 'host' | 'school',
  input: {
    version: number;
    complete: boolean;
    hostPart?: ConventionHostPart | undefined;
    schoolPart?: ConventionSchoolPart | undefined;
  },
  context: AuditContext = {},
): Promise<{ ok: true; convention: ConventionDetailView } | ConventionError> {
  const action: Action = which === 'host' ? 'conventions.host.edit' : 'conventions.school.edit';
  const event: ConventionEvent = which === 'host' ? 'edit_host_part' : 'edit_school_part';
  const r = await located(deps.db, p, id, action);
  if (isFailure(r)) return r;
  const c = r.convention;
  const refusal = step(c.status, event, p);
  if (refusal) return refusal;
  if (input.version !== c.version) return stale();
  const hostPart = which === 'host' ? input.hostPart! : c.hostPart;
  const schoolPart = which === 'school' ? input.schoolPart! : c.schoolPart;
  if (input.complete) {
    const missing =
      which === 'host' ? missingHostFields(hostPart) : missingSchoolFields(schoolPart, c.parties);
    const problems = problemsOf({ ...c, hostPart, schoolPart }, limitsOf(r.settings)).filter(
      (x) => partOf(x) === which,
    );
    if (missing.length > 0 || problems.length > 0)
      return incomplete(
        missing,
        problems,
        which === 'host'
          ? 'La partie de l’organisme ne peut pas être déclarée complète :'
          : 'La partie du lycée ne peut pas être déclarée complète :',
      );
  }
  const now = deps.clock();
  const result = await tx(deps.db, async (db) => {
    const wasValidated = c.status === 'validated';
    const next = await updateIfVersion(db, id, c.version, {
      ...(which === 'host'
        ? { hostPart, hostCompletedAt: input.complete ? now : null }
        : { schoolPart, schoolCompletedAt: input.complete ? now : null }),
      ...(wasValidated
        ? {
            status: 'completion' as const,
            validatedAt: null,
            validatedBy: null,
            documentSha256: null,
            documentFileId: null,
          }
        : {}),
      updatedAt: now,
    });
    if (!next) throw new Rollback(stale());
    const cancelled = wasValidated
      ? await reopen(db, deps, next, which === 'host' ? 'La partie de l’organisme' : 'La partie du lycée')
      : [];
    await appendConventionEvent(db, {
      conventionId: id,
      kind: event,
      at: now,
      actorUserId: p.userId,
      actorRole: actorOf(p),
      ip: context.ip,
      userAgent: context.userAgent,
      // what changed and a fingerprint of the part (the part itself stays on the convention)
      details: {
        complete: input.complete,
        changed: changedPaths(
          which === 'host' ? c.hostPart : c.schoolPart,
          which === 'host' ? hostPart : schoolPart,
        ),
        partSha256: sha256Hex(canonicalJson(which === 'host' ? hostPart : schoolPart)),
        ...(wasValidated ? { reopened: true, cancelledSignatures: cancelled } : {}),
      },
    });
    return next;
  });
  if (isFailure(result)) return result;
  return { ok: true, convention: await detailView(deps.db, p, { ...r, convention: result }) };
}

// ---------------------------------------------------------------- validation

export async function validate(
  deps: ConventionsDeps,
  p: Principal,
  id: string,
  input: { version: number },
  context: AuditContext = {},
): Promise<{ ok: true; convention: ConventionDetailView } | ConventionError> {
  const r = await located(deps.db, p, id, 'conventions.validate');
  if (isFailure(r)) return r;
  const c = r.convention;
  const refusal = step(c.status, 'validate', p);
  if (refusal) return refusal;
  if (input.version !== c.version) return stale();
  const missing = [...missingHostFields(c.hostPart), ...missingSchoolFields(c.schoolPart, c.parties)];
  const problems = problemsOf(c, limitsOf(r.settings));
  if (missing.length > 0 || problems.length > 0)
    return incomplete(missing, problems, 'La convention ne peut pas être validée :');
  const notDeclared = [
    ...(c.hostCompletedAt ? [] : ['la partie de l’organisme']),
    ...(c.schoolCompletedAt ? [] : ['la partie du lycée']),
  ];
  if (notDeclared.length > 0)
    return incomplete(
      [],
      [],
      `La convention ne peut pas être validée : ${notDeclared.join(' et ')} ${notDeclared.length > 1 ? 'ne sont pas encore déclarées complètes' : 'n’est pas encore déclarée complète'}.`,
    );
  const studentEmail = await studentAccountEmail(deps.db, c.studentId);
  const people = signatoriesOf(c.hostPart, c.schoolPart, {
    firstName: c.parties.student.firstName,
    lastName: c.parties.student.lastName,
    email: studentEmail,
  });
  const unreachable = people.filter((s) => !s.email);
  if (unreachable.length > 0)
    return incomplete(
      [],
      [],
      `La convention ne peut pas être validée : ${unreachable
        .map((s) =>
          s.role === 'student'
            ? `l’élève (${s.name}) n’a pas encore de compte avec une adresse e-mail pour recevoir son code de signature`
            : `${SIGNATORY_ROLE_LABELS[s.role]} : adresse e-mail manquante`,
        )
        .join(' ; ')}.`,
    );
  const now = deps.clock();
  const pdf = await renderPdf(documentModel({ ...c, template: r.template }), { createdAt: now });
  const documentSha256 = createHash('sha256').update(pdf).digest('hex');
  const links: { role: SignatoryRole; token: string }[] = people.map((s) => ({
    role: s.role,
    token: randomBytes(32).toString('base64url'),
  }));
  const result = await tx(deps.db, async (db) => {
    const file = await insertFile(db, {
      purpose: 'convention_document',
      fileName: `convention-${c.reference}.pdf`,
      mediaType: 'application/pdf',
      size: pdf.byteLength,
      sha256: documentSha256,
      content: pdf,
      uploadedBy: PLATFORM_USER,
      uploadedAt: now,
    });
    const next = await updateIfVersion(db, id, c.version, {
      status: 'validated',
      validatedAt: now,
      validatedBy: p.userId,
      documentSha256,
      documentFileId: file.id,
      updatedAt: now,
    });
    if (!next) throw new Rollback(stale());
    // rows of an earlier validation were deleted by the change that reopened it
    await deleteSignatories(db, id);
    await insertSignatories(
      db,
      people.map((s, i) => ({
        conventionId: id,
        role: s.role,
        name: s.name,
        email: s.email!,
        phone: s.phone || null,
        tokenHash: sha256Hex(links[i]!.token),
        createdAt: now,
      })),
    );
    for (const [i, s] of people.entries())
      await mailTo(db, deps.clock, s.email, 'convention_ready_to_sign', {
        name: s.name,
        reference: c.reference,
        studentName: studentName(c),
        hostName: c.parties.host.name,
        roleLabel: SIGNATORY_ROLE_LABELS[s.role],
        link: `${deps.publicUrl}/signature/${links[i]!.token}`,
      });
    await appendConventionEvent(db, {
      conventionId: id,
      kind: 'validate',
      at: now,
      actorUserId: p.userId,
      actorRole: actorOf(p),
      ip: context.ip,
      userAgent: context.userAgent,
      details: {
        documentSha256,
        documentFileId: file.id,
        templateId: r.template.id,
        signatories: people.map((s) => ({ role: s.role, name: s.name })),
      },
    });
    return next;
  });
  if (isFailure(result)) return result;
  return { ok: true, convention: await detailView(deps.db, p, { ...r, convention: result }) };
}

/** Several validations at once: each on its own (the version read now), each outcome given. */
export async function validateBulk(
  deps: ConventionsDeps,
  p: Principal,
  ids: readonly string[],
  context: AuditContext = {},
) {
  const validated: string[] = [];
  const refused: { id: string; reference: string; message: string }[] = [];
  for (const id of [...new Set(ids)]) {
    const r = await located(deps.db, p, id, 'conventions.validate');
    if (isFailure(r)) {
      refused.push({
        id,
        reference: '',
        message: r.error === 'not_found' ? NOT_FOUND_MESSAGE : r.message,
      });
      continue;
    }
    const v = await validate(deps, p, id, { version: r.convention.version }, context);
    if (v.ok) validated.push(id);
    else
      refused.push({
        id,
        reference: r.convention.reference,
        message: v.error === 'not_found' ? NOT_FOUND_MESSAGE : v.message,
      });
  }
  return { validated, refused };
}

// ---------------------------------------------------------------- cancellation

export async function cancel(
  deps: ConventionsDeps,
  p: Principal,
  id: string,
  input: { reason: string },
  context: AuditContext = {},
): Promise<{ ok: true; convention: ConventionDetailView } | ConventionError> {
  const r = await located(deps.db, p, id, 'conventions.cancel');
  if (isFailure(r)) return r;
  const c = r.convention;
  const refusal = step(c.status, 'cancel', p);
  if (refusal) return refusal;
  const reason = input.reason.trim();
  if (reason === '')
    return { ok: false, error: 'message_required', message: 'Indiquez le motif de l’annulation.' };
  const now = deps.clock();
  const result = await tx(deps.db, async (db) => {
    const next = await updateIfVersion(db, id, c.version, {
      status: 'cancelled',
      cancelledAt: now,
      cancelReason: reason,
      updatedAt: now,
    });
    if (!next) throw new Rollback(stale());
    await appendConventionEvent(db, {
      conventionId: id,
      kind: 'cancel',
      at: now,
      actorUserId: p.userId,
      actorRole: actorOf(p),
      ip: context.ip,
      userAgent: context.userAgent,
      details: { from: c.status, reason },
    });
    await mailCancelled(db, deps, next, await signatoriesOfConvention(db, id), reason);
    await cancelOpenAmendments(db, deps, next, reason, now, p);
    return next;
  });
  if (isFailure(result)) return result;
  return { ok: true, convention: await detailView(deps.db, p, { ...r, convention: result }) };
}
