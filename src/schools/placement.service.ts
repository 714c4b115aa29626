/**
 * The lycée's placement follow-up (issue 5 §3 split, §7, §8): the students with their derived
 * placement status, filters and counts; one student's history; reminders to the students without
 * a stage and their guardians; the CSV export. Scope: the head and the staff see the lycée; a
 * staff member named referent of classes sees those classes only (a teacher); admin everywhere.
 */
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import {
  APPLICATION_STATE_LABELS,
  EXEMPTION_LABELS,
  weeksLabel,
  weeksOfMask,
  type ApplicationState,
} from '../domain/application.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import { authorize, type Action, type Principal } from '../domain/permissions.ts';
import {
  PLACEMENT_STATUSES,
  PLACEMENT_STATUS_LABELS,
  derivePlacement,
  type PlacementDerivation,
  type PlacementStatus,
} from '../domain/placement-status.ts';
import { studentExportCsv, studentExportFileName, weekCoverageLabel } from '../domain/student-export.ts';
import { findCampaign } from '../campaigns/store.ts';
import { queueMail } from '../notifications/service.ts';
import {
  applicationsHistory,
  decisionsHistory,
  lockSchoolReminders,
  placementRows,
  referentClassIds,
  reminderAddresses,
  remindedSince,
  remindersHistory,
  splitsHistory,
  studentBrief,
  type PlacementRow,
} from './placement.store.ts';
import { classesOf, findSchool, type SchoolRow } from './store.ts';

export interface PlacementDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
}

type NotFound = { ok: false; error: 'not_found' };
const notFound: NotFound = { ok: false, error: 'not_found' };

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
const today = (deps: PlacementDeps) => PARIS_DAY.format(deps.clock());

/**
 * The classes a principal is restricted to in a lycée: a school_staff member named referent of
 * classes (a teacher) sees those only; everyone else allowed there sees the whole lycée (null).
 */
export async function allowedClassesFor(
  db: Db,
  principal: Principal,
  schoolUai: string,
): Promise<string[] | null> {
  if (principal.role !== 'school_staff') return null;
  const ids = await referentClassIds(db, schoolUai, principal.userId);
  return ids.length > 0 ? ids : null;
}

interface Scope {
  school: SchoolRow;
  allowedClassIds: string[] | null;
  campaignId: string | null;
  schoolYear: string;
}

/** The lycée and the principal's perimeter in it, or not_found (404) outside it. */
async function scopeFor(
  deps: PlacementDeps,
  principal: Principal,
  action: Action,
  uai: string,
): Promise<Scope | NotFound> {
  if (!authorize(principal, action, { schoolUai: uai }).ok) return notFound;
  const school = await findSchool(deps.db, uai);
  if (!school || school.kind !== 'lycee') return notFound;
  const schoolYear = schoolYearOn(today(deps));
  const [allowedClassIds, campaign] = await Promise.all([
    allowedClassesFor(deps.db, principal, uai),
    findCampaign(deps.db, school.academyCode, schoolYear),
  ]);
  return { school, allowedClassIds, campaignId: campaign?.id ?? null, schoolYear };
}

const isNotFound = (x: object): x is NotFound => 'ok' in x && x.ok === false;

// ---------------------------------------------------------------------------------------------
// Derivation and views

export function deriveRow(
  row: Pick<PlacementRow, 'applications' | 'decisionKind' | 'decisionReason'>,
  asOf: Date,
) {
  return derivePlacement({
    applications: row.applications.map((a) => ({
      id: a.id,
      offerId: a.offerId,
      hostId: a.hostId,
      hostName: a.hostName,
      offerTitle: a.offerTitle,
      weeks: weeksOfMask(a.weeks),
      status: a.status,
      acceptedAt: a.acceptedAt,
      confirmedAt: a.confirmedAt,
      expiresAt: a.expiresAt,
      confirmBy: a.confirmBy,
      // a confirmed week is « Placé » once its convention is signed
      conventionSigned: a.conventionSigned === true,
    })),
    exemption: row.decisionKind === 'exemption' ? row.decisionReason : null,
    repli: row.decisionKind === 'repli',
    asOf: asOf.toISOString(),
  });
}

export function placementView(d: PlacementDerivation) {
  return {
    status: d.status,
    statusLabel: PLACEMENT_STATUS_LABELS[d.status],
    weeks: d.weeks.map((w) => {
      const p = w.kind === 'placement' || w.kind === 'split_pending' ? w.placement : null;
      return {
        week: w.week,
        kind: w.kind,
        label: weekCoverageLabel(w),
        applicationId: p?.applicationId ?? null,
        hostName: p?.hostName ?? null,
        offerTitle: p?.offerTitle ?? null,
      };
    }),
    reason: d.reason,
    hosts: d.hosts,
    conventionsToSign: d.conventionsToSign,
    exemptionReason: d.exemptionReason,
    exemptionLabel: d.exemptionReason ? EXEMPTION_LABELS[d.exemptionReason] : null,
  };
}
export type PlacementView = ReturnType<typeof placementView>;

function emptyCounts(): Record<PlacementStatus, number> {
  return Object.fromEntries(PLACEMENT_STATUSES.map((s) => [s, 0])) as Record<PlacementStatus, number>;
}

// ---------------------------------------------------------------------------------------------
// The list

export const STUDENTS_PAGE_SIZE = 50;

export interface StudentsQuery {
  classId?: string | undefined;
  q?: string | undefined;
  status?: PlacementStatus[] | undefined;
  page: number;
}

async function derivedScope(deps: PlacementDeps, scope: Scope, q: Omit<StudentsQuery, 'page'>) {
  const list = await placementRows(deps.db, {
    schoolUai: scope.school.uai,
    campaignId: scope.campaignId,
    allowedClassIds: scope.allowedClassIds,
    classId: q.classId,
    search: q.q?.trim() || undefined,
  });
  const now = deps.clock();
  const derived = list.map((row) => ({ row, placement: deriveRow(row, now) }));
  const counts = emptyCounts();
  for (const d of derived) counts[d.placement.status]++;
  const wanted = q.status && q.status.length > 0 ? new Set(q.status) : null;
  const selected = wanted ? derived.filter((d) => wanted.has(d.placement.status)) : derived;
  return { all: derived, selected, counts };
}

/**
 * The students of the lycée (or of the teacher's classes), 50 a page, each with the placement
 * status and the hosts of each week; filters: class, search, statuses; counts per status of the
 * students matching the class and the search (before the status filter). Audited.
 */
export async function listStudents(
  deps: PlacementDeps,
  principal: Principal,
  uai: string,
  q: StudentsQuery,
  context: AuditContext,
) {
  const scope = await scopeFor(deps, principal, 'students.list', uai);
  if (isNotFound(scope)) return scope;
  const allClasses = await classesOf(deps.db, uai, scope.schoolYear);
  const classes = scope.allowedClassIds
    ? allClasses.filter((c) => scope.allowedClassIds!.includes(c.id))
    : allClasses;
  const { selected, counts, all } = await derivedScope(deps, scope, q);
  const start = (q.page - 1) * STUDENTS_PAGE_SIZE;
  const items = selected.slice(start, start + STUDENTS_PAGE_SIZE).map(({ row, placement }) => ({
    id: row.id,
    ine: row.ine,
    lastName: row.lastName,
    firstName: row.firstName,
    birthDate: row.birthDate,
    classId: row.classId,
    className: row.className,
    lastReminderAt: row.lastReminderAt,
    placement: placementView(placement),
  }));
  await recordAudit(
    deps,
    {
      action: 'students.list',
      actor: principal,
      schoolUai: uai,
      details: {
        classId: q.classId ?? null,
        q: q.q ?? null,
        status: q.status ?? null,
        page: q.page,
        shown: items.length,
      },
    },
    context,
  );
  return {
    ok: true as const,
    school: { uai: scope.school.uai, name: scope.school.name },
    classes: classes.map((c) => ({ id: c.id, name: c.name })),
    restrictedToClasses: scope.allowedClassIds !== null,
    counts: { ...counts, total: all.length },
    items,
    total: selected.length,
    page: q.page,
    pageSize: STUDENTS_PAGE_SIZE,
  };
}

// ---------------------------------------------------------------------------------------------
// Export

export async function exportStudents(
  deps: PlacementDeps,
  principal: Principal,
  uai: string,
  q: Omit<StudentsQuery, 'page'>,
  context: AuditContext,
): Promise<{ ok: true; csv: string; fileName: string; rows: number } | NotFound> {
  const scope = await scopeFor(deps, principal, 'students.export', uai);
  if (isNotFound(scope)) return scope;
  const { selected } = await derivedScope(deps, scope, q);
  const csv = studentExportCsv(
    selected.map(({ row, placement }) => ({
      className: row.className,
      lastName: row.lastName,
      firstName: row.firstName,
      ine: row.ine,
      placement,
    })),
  );
  await recordAudit(
    deps,
    {
      action: 'students.exported',
      actor: principal,
      schoolUai: uai,
      details: {
        rows: selected.length,
        classId: q.classId ?? null,
        q: q.q ?? null,
        status: q.status ?? null,
      },
    },
    context,
  );
  return { ok: true, csv, fileName: studentExportFileName(uai, today(deps)), rows: selected.length };
}

// ---------------------------------------------------------------------------------------------
// Reminders

export const REMINDER_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const MAX_REMINDER_STUDENTS = 2000;

export const REMINDER_SKIP_REASONS = [
  'not_to_place',
  'reminded_recently',
  'no_address',
  'not_found',
] as const;
export type ReminderSkipReason = (typeof REMINDER_SKIP_REASONS)[number];
export const REMINDER_SKIP_LABELS: Record<ReminderSkipReason, string> = {
  not_to_place: 'a déjà un stage, une candidature en cours, une dispense ou un repli',
  reminded_recently: 'déjà relancé dans les dernières 24 heures',
  no_address: 'aucune adresse électronique connue (ni compte élève, ni responsable légal)',
  not_found: 'élève introuvable dans votre périmètre',
};

export interface ReminderResult {
  ok: true;
  /** students reminded */
  sent: number;
  /** mails queued (students' accounts and guardians) */
  mails: number;
  skipped: Record<ReminderSkipReason, number> & { total: number };
  items: {
    studentId: string;
    firstName: string | null;
    lastName: string | null;
    result: 'sent' | ReminderSkipReason;
  }[];
  message: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

function reminderMessage(sent: number, mails: number, skipped: ReminderResult['skipped']): string {
  const parts = [
    sent === 0
      ? 'Aucun élève relancé.'
      : `${plural(sent, 'élève relancé', 'élèves relancés')} (${plural(mails, 'courriel envoyé', 'courriels envoyés')}).`,
  ];
  const why = REMINDER_SKIP_REASONS.filter((r) => skipped[r] > 0).map(
    (r) => `${skipped[r]} ${REMINDER_SKIP_LABELS[r]}`,
  );
  if (skipped.total > 0)
    parts.push(`${plural(skipped.total, 'élève non relancé', 'élèves non relancés')} : ${why.join(' ; ')}.`);
  return parts.join(' ');
}

/**
 * Mails each selected student who is still to place, and their guardians with an address: a
 * link to the offers and to their applications. At most once per student every 24 hours
 * (serialised per lycée, so two clicks at once send once). One audit event per student reminded.
 * Without studentIds: every student of the scope (or of classId) still to place.
 */
export async function sendReminders(
  deps: PlacementDeps,
  principal: Principal,
  uai: string,
  input: { studentIds?: string[] | undefined; classId?: string | undefined },
  context: AuditContext,
): Promise<ReminderResult | NotFound> {
  const scope = await scopeFor(deps, principal, 'students.remind', uai);
  if (isNotFound(scope)) return scope;
  const wantedIds = input.studentIds ? [...new Set(input.studentIds)] : undefined;
  return deps.db.transaction(async (t) => {
    const db = t as unknown as Db;
    await lockSchoolReminders(db, uai);
    const now = deps.clock();
    const list = await placementRows(db, {
      schoolUai: uai,
      campaignId: scope.campaignId,
      allowedClassIds: scope.allowedClassIds,
      classId: input.classId,
      studentIds: wantedIds,
    });
    const items: ReminderResult['items'] = [];
    const skipped = { not_to_place: 0, reminded_recently: 0, no_address: 0, not_found: 0, total: 0 };
    const skip = (r: (typeof items)[number]) => {
      items.push(r);
      if (r.result !== 'sent') {
        skipped[r.result]++;
        skipped.total++;
      }
    };
    if (wantedIds) {
      const found = new Set(list.map((r) => r.id));
      for (const id of wantedIds)
        if (!found.has(id)) skip({ studentId: id, firstName: null, lastName: null, result: 'not_found' });
    }
    const toPlace: PlacementRow[] = [];
    for (const row of list) {
      const status = deriveRow(row, now).status;
      // without a selection, the students not to place are simply not concerned
      if (status !== 'to_place') {
        if (wantedIds)
          skip({
            studentId: row.id,
            firstName: row.firstName,
            lastName: row.lastName,
            result: 'not_to_place',
          });
        continue;
      }
      toPlace.push(row);
    }
    const ids = toPlace.map((r) => r.id);
    const [recent, addresses] = await Promise.all([
      remindedSince(db, ids, new Date(now.getTime() - REMINDER_INTERVAL_MS)),
      reminderAddresses(db, ids),
    ]);
    let sent = 0;
    let mails = 0;
    for (const row of toPlace) {
      const who = { studentId: row.id, firstName: row.firstName, lastName: row.lastName };
      if (recent.has(row.id)) {
        skip({ ...who, result: 'reminded_recently' });
        continue;
      }
      const to = new Map<string, { firstName: string | null; guardian: boolean }>();
      for (const a of addresses)
        if (a.studentId === row.id && !to.has(a.email))
          to.set(a.email, { firstName: a.firstName, guardian: a.guardian });
      if (to.size === 0) {
        skip({ ...who, result: 'no_address' });
        continue;
      }
      for (const [email, r] of to) {
        await queueMail(db, deps.clock, {
          to: email,
          template: 'placement_reminder',
          data: {
            name: r.firstName ?? undefined,
            studentName: `${row.firstName} ${row.lastName}`,
            schoolName: scope.school.name,
            toGuardian: r.guardian,
            offersLink: `${deps.publicUrl}/offres`,
            applicationsLink: `${deps.publicUrl}/candidatures`,
          },
        });
      }
      const guardians = [...to.values()].filter((r) => r.guardian).length;
      await recordAudit(
        { db, clock: deps.clock },
        {
          action: 'placement.reminder_sent',
          actor: principal,
          studentId: row.id,
          schoolUai: uai,
          details: { students: to.size - guardians, guardians },
        },
        context,
      );
      items.push({ ...who, result: 'sent' });
      sent++;
      mails += to.size;
    }
    return { ok: true as const, sent, mails, skipped, items, message: reminderMessage(sent, mails, skipped) };
  });
}

// ---------------------------------------------------------------------------------------------
// One student's history

const STATE_EVENT: Partial<Record<ApplicationState, string>> = {
  expired: 'Candidature expirée (sans réponse ou acceptation non confirmée à temps)',
  withdrawn_by_student: 'Candidature retirée par l’élève',
  cancelled_by_host: 'Stage annulé par l’organisme',
  cancelled_by_overlap: 'Candidature annulée : autre stage confirmé sur la même semaine',
  split_refused: 'Stage en deux lieux refusé par le chef d’établissement',
};

export interface TimelineEvent {
  at: string;
  kind: 'application' | 'split' | 'decision' | 'reminder';
  label: string;
  detail: string | null;
}

/**
 * A student's placement and its history for the head and staff in scope (a teacher: their
 * classes): applications with their states and dates, hosts, split requests and decisions,
 * exemption and repli decisions (revoked ones included), reminders. Audited as a read of the
 * student's data.
 */
export async function studentPlacement(
  deps: PlacementDeps,
  principal: Principal,
  id: string,
  context: AuditContext,
) {
  const s = await studentBrief(deps.db, id);
  if (!s) return notFound;
  const location = {
    studentId: s.id,
    schoolUai: s.schoolUai,
    departementCode: s.departementCode,
    academyCode: s.academyCode,
  };
  if (!authorize(principal, 'student.placement.read', location).ok) return notFound;
  const allowed = await allowedClassesFor(deps.db, principal, s.schoolUai);
  if (allowed && !allowed.includes(s.classId)) return notFound;
  const campaign = await findCampaign(deps.db, s.academyCode, schoolYearOn(today(deps)));
  const [apps, splits, decisions, reminders] = await Promise.all([
    applicationsHistory(deps.db, s.id, campaign?.id ?? null),
    splitsHistory(deps.db, s.id),
    decisionsHistory(deps.db, s.id),
    remindersHistory(deps.db, s.id),
  ]);
  const current = decisions.find((d) => d.revokedAt === null) ?? null;
  const placement = deriveRow(
    { applications: apps, decisionKind: current?.kind ?? null, decisionReason: current?.reason ?? null },
    deps.clock(),
  );

  const timeline: TimelineEvent[] = [];
  const add = (
    at: string | Date | null,
    kind: TimelineEvent['kind'],
    label: string,
    detail: string | null = null,
  ) => {
    if (at) timeline.push({ at: typeof at === 'string' ? at : at.toISOString(), kind, label, detail });
  };
  for (const a of apps) {
    const what = `« ${a.offerTitle} » (${a.hostName}), ${weeksLabel(weeksOfMask(a.weeks))}`;
    add(a.appliedAt, 'application', 'Candidature envoyée', what);
    add(a.readAt, 'application', 'Candidature lue par l’organisme', what);
    add(
      a.acceptedAt,
      'application',
      'Candidature acceptée par l’organisme',
      [what, a.hostMessage].filter(Boolean).join(' — '),
    );
    add(
      a.refusedAt,
      'application',
      'Candidature refusée par l’organisme',
      [what, a.hostMessage].filter(Boolean).join(' — '),
    );
    add(a.confirmedAt, 'application', 'Stage confirmé par l’élève', what);
    const closed = STATE_EVENT[a.status];
    if (closed && a.status !== 'split_refused')
      add(a.closedAt, 'application', closed, [what, a.cancelReason].filter(Boolean).join(' — '));
  }
  for (const sp of splits) {
    const a = apps.find((x) => x.id === sp.applicationId);
    const what = a ? `« ${a.offerTitle} » (${a.hostName})` : null;
    add(
      sp.requestedAt,
      'split',
      'Stage en deux lieux demandé (accord du chef d’établissement attendu)',
      what,
    );
    if (sp.decision && sp.decidedAt)
      add(
        sp.decidedAt,
        'split',
        sp.decision === 'approved' ? 'Stage en deux lieux accepté' : 'Stage en deux lieux refusé',
        [what, sp.reason, sp.decidedByName ? `par ${sp.decidedByName}` : null].filter(Boolean).join(' — ') ||
          null,
      );
  }
  for (const d of decisions) {
    const what =
      d.kind === 'exemption' ? `Dispense : ${d.reason ? EXEMPTION_LABELS[d.reason] : ''}` : 'Repli au lycée';
    add(
      d.decidedAt,
      'decision',
      `${what} décidé${d.kind === 'exemption' ? 'e' : ''}`,
      [d.comment, d.decidedByName ? `par ${d.decidedByName}` : null].filter(Boolean).join(' — ') || null,
    );
    add(d.revokedAt, 'decision', `${what} révoqué${d.kind === 'exemption' ? 'e' : ''}`);
  }
  for (const r of reminders)
    add(
      r.at,
      'reminder',
      'Relance envoyée',
      [
        r.students > 0 ? plural(r.students, 'courriel à l’élève', 'courriels à l’élève') : null,
        r.guardians > 0
          ? plural(r.guardians, 'courriel au responsable légal', 'courriels aux responsables légaux')
          : null,
        r.byName ? `par ${r.byName}` : null,
      ]
        .filter(Boolean)
        .join(', ') || null,
    );
  // at the same instant, the head's answer to a split comes before the placement it confirms
  const order = { split: 0, decision: 1, application: 2, reminder: 3 } as const;
  timeline.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : order[x.kind] - order[y.kind]));

  await recordAudit(
    deps,
    {
      action: 'student.read',
      actor: principal,
      studentId: s.id,
      schoolUai: s.schoolUai,
      details: { what: 'placement' },
    },
    context,
  );
  return {
    ok: true as const,
    student: {
      id: s.id,
      ine: s.ine,
      firstName: s.firstName,
      lastName: s.lastName,
      class: { id: s.classId, name: s.className },
      school: { uai: s.schoolUai, name: s.schoolName },
    },
    placement: placementView(placement),
    applications: apps.map((a) => ({
      id: a.id,
      status: a.status,
      statusLabel: APPLICATION_STATE_LABELS[a.status],
      weeks: weeksOfMask(a.weeks),
      origin: a.origin,
      offer: { id: a.offerId, title: a.offerTitle },
      host: { id: a.hostId, name: a.hostName },
      appliedAt: a.appliedAt,
      readAt: a.readAt,
      acceptedAt: a.acceptedAt,
      confirmBy: a.confirmBy,
      refusedAt: a.refusedAt,
      confirmedAt: a.confirmedAt,
      closedAt: a.closedAt,
      hostMessage: a.hostMessage,
      cancelReason: a.cancelReason,
    })),
    splits: splits.map((sp) => ({
      applicationId: sp.applicationId,
      requestedAt: sp.requestedAt.toISOString(),
      decision: sp.decision,
      reason: sp.reason,
      decidedAt: sp.decidedAt?.toISOString() ?? null,
      decidedByName: sp.decidedByName,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      reason: d.reason,
      reasonLabel: d.reason ? EXEMPTION_LABELS[d.reason] : null,
      comment: d.comment,
      documentFileId: d.documentFileId,
      documentFileName: d.documentFileName,
      decidedAt: d.decidedAt.toISOString(),
      decidedByName: d.decidedByName,
      revokedAt: d.revokedAt?.toISOString() ?? null,
    })),
    reminders: reminders.map((r) => ({
      at: r.at.toISOString(),
      byName: r.byName,
      students: r.students,
      guardians: r.guardians,
    })),
    timeline,
    /** the head may decide an exemption or a repli, revoke it, answer a split */
    canDecide: principal.role === 'school_head',
  };
}
