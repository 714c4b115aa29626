/**
 * SQL of the lycée's placement follow-up (issue 5 §3 split, §7, §8): the students of a scope with
 * everything their placement status is derived from, in one query; one student's history; the
 * addresses a reminder goes to; the reminders already sent.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import type { ApplicationState, ExemptionReason } from '../domain/application.ts';

/** The audit action written once per student reminded (and read back for the 24-hour limit). */
export const REMINDER_ACTION = 'placement.reminder_sent';

/** The classes of a lycée a staff member is referent of. */
export async function referentClassIds(db: Db, schoolUai: string, userId: string): Promise<string[]> {
  const list = await rows<{ id: string }>(
    db,
    sql`select cr.class_id as id from class_referents cr join classes c on c.id = cr.class_id
        where c.school_uai = ${schoolUai} and cr.user_id = ${userId}`,
  );
  return list.map((r) => r.id);
}

export interface ApplicationFact {
  id: string;
  offerId: string;
  offerTitle: string;
  hostId: string;
  hostName: string;
  weeks: number;
  status: ApplicationState;
  appliedAt: string;
  acceptedAt: string | null;
  confirmedAt: string | null;
  expiresAt: string | null;
  confirmBy: string | null;
  /** its live convention is signed (or the stage done): what makes a confirmed week « Placé » */
  conventionSigned?: boolean;
}

export interface PlacementRow {
  id: string;
  ine: string | null;
  lastName: string;
  firstName: string;
  birthDate: string;
  classId: string;
  className: string;
  applications: ApplicationFact[];
  decisionKind: 'exemption' | 'repli' | null;
  decisionReason: ExemptionReason | null;
  lastReminderAt: string | null;
}

export interface PlacementQuery {
  schoolUai: string;
  /** the campaign whose applications count; null: none (every student to place) */
  campaignId: string | null;
  /** a teacher's referent classes: only these (null: the whole lycée) */
  allowedClassIds?: readonly string[] | null;
  classId?: string | undefined;
  search?: string | undefined;
  studentIds?: readonly string[] | undefined;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const uuidList = (ids: readonly string[]): SQL =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

/**
 * Every student of the scope with the facts of their placement, in one statement (a lateral
 * aggregate of the campaign's applications, the decision in force, the last reminder), sorted
 * by class, last name, first name. A lycée has ~500 students of seconde: the status is derived
 * in the service for all of them, then filtered and paged.
 */
export async function placementRows(db: Db, q: PlacementQuery): Promise<PlacementRow[]> {
  const conditions: SQL[] = [sql`s.school_uai = ${q.schoolUai}`];
  if (q.allowedClassIds) {
    if (q.allowedClassIds.length === 0) return [];
    conditions.push(sql`s.class_id = any(${uuidList(q.allowedClassIds)})`);
  }
  if (q.classId) conditions.push(sql`s.class_id = ${q.classId}`);
  if (q.studentIds) {
    if (q.studentIds.length === 0) return [];
    conditions.push(sql`s.id = any(${uuidList(q.studentIds)})`);
  }
  if (q.search) {
    const p = likePattern(q.search);
    conditions.push(
      sql`(unaccent(lower(s.last_name || ' ' || s.first_name)) like unaccent(lower(${p})) or unaccent(lower(s.first_name || ' ' || s.last_name)) like unaccent(lower(${p})) or upper(coalesce(s.ine, '')) like upper(${p}))`,
    );
  }
  const campaign = q.campaignId ?? '00000000-0000-0000-0000-000000000000';
  const list = await rows<Omit<PlacementRow, 'applications'> & { applications: ApplicationFact[] | null }>(
    db,
    sql`select s.id, s.ine, s.last_name as "lastName", s.first_name as "firstName",
               s.birth_date::text as "birthDate", s.class_id as "classId", c.name as "className",
               apps.list as "applications",
               d.kind as "decisionKind", d.reason as "decisionReason",
               rem.at as "lastReminderAt"
        from students s
        join classes c on c.id = s.class_id
        left join lateral (
          select json_agg(json_build_object(
                   'id', a.id, 'offerId', a.offer_id, 'offerTitle', o.title, 'hostId', o.host_id,
                   'hostName', h.name, 'weeks', a.weeks, 'status', a.status,
                   'appliedAt', a.applied_at, 'acceptedAt', a.accepted_at, 'confirmedAt', a.confirmed_at,
                   'expiresAt', a.expires_at, 'confirmBy', a.confirm_by,
                   'conventionSigned', exists (select 1 from conventions cv where cv.application_id = a.id
                            and cv.amends_id is null and cv.status in ('signed', 'done')))
                 order by a.applied_at, a.id) as list
          from applications a
          join offers o on o.id = a.offer_id
          join hosts h on h.id = o.host_id
          where a.student_id = s.id and o.campaign_id = ${campaign}
        ) apps on true
        left join placement_decisions d on d.student_id = s.id and d.revoked_at is null
        left join lateral (
          select max(e.at) as at from audit_events e
          where e.student_id = s.id and e.action = ${REMINDER_ACTION}
        ) rem on true
        where ${sql.join(conditions, sql` and `)}
        order by c.name, s.last_name, s.first_name, s.id`,
  );
  return list.map((r) => ({
    ...r,
    applications: r.applications ?? [],
    lastReminderAt: r.lastReminderAt ? new Date(r.lastReminderAt).toISOString() : null,
  }));
}

/** Where a reminder about these students goes: their own accounts and their guardians' addresses. */
export async function reminderAddresses(
  db: Db,
  studentIds: readonly string[],
): Promise<{ studentId: string; email: string; firstName: string | null; guardian: boolean }[]> {
  if (studentIds.length === 0) return [];
  return rows(
    db,
    sql`select u.student_id as "studentId", lower(u.email) as email, u.first_name as "firstName", false as guardian
        from users u where u.student_id = any(${uuidList(studentIds)}) and u.disabled_at is null
        union all
        select g.student_id, lower(g.email), g.first_name, true
        from guardians g where g.student_id = any(${uuidList(studentIds)})
          and g.email is not null and btrim(g.email) <> ''
        order by 1, 4, 2`,
  );
}

/** The students among these reminded since `since`. */
export async function remindedSince(
  db: Db,
  studentIds: readonly string[],
  since: Date,
): Promise<Set<string>> {
  if (studentIds.length === 0) return new Set();
  const list = await rows<{ id: string }>(
    db,
    sql`select distinct e.student_id as id from audit_events e
        where e.student_id = any(${uuidList(studentIds)}) and e.action = ${REMINDER_ACTION}
          and e.at > ${since.toISOString()}`,
  );
  return new Set(list.map((r) => r.id));
}

/** Serialises the reminders of one lycée (two clicks at once send once), until the transaction ends. */
export async function lockSchoolReminders(db: Db, schoolUai: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`placement-reminders:${schoolUai}`}))`);
}

// ---------------------------------------------------------------------------------------------
// One student's history

export interface HistoryApplication extends ApplicationFact {
  readAt: string | null;
  refusedAt: string | null;
  closedAt: string | null;
  hostMessage: string | null;
  cancelReason: string | null;
  origin: string;
}

export async function applicationsHistory(
  db: Db,
  studentId: string,
  campaignId: string | null,
): Promise<HistoryApplication[]> {
  const list = await rows<HistoryApplication>(
    db,
    sql`select a.id, a.offer_id as "offerId", o.title as "offerTitle", o.host_id as "hostId",
               h.name as "hostName", a.weeks, a.status, a.origin,
               a.applied_at as "appliedAt", a.read_at as "readAt", a.accepted_at as "acceptedAt",
               a.confirm_by as "confirmBy", a.refused_at as "refusedAt", a.confirmed_at as "confirmedAt",
               a.closed_at as "closedAt", a.expires_at as "expiresAt",
               a.host_message as "hostMessage", a.cancel_reason as "cancelReason",
               exists (select 1 from conventions cv where cv.application_id = a.id
                 and cv.amends_id is null and cv.status in ('signed', 'done')) as "conventionSigned"
        from applications a
        join offers o on o.id = a.offer_id
        join hosts h on h.id = o.host_id
        where a.student_id = ${studentId}
          and (${campaignId}::uuid is null or o.campaign_id = ${campaignId}::uuid)
        order by a.applied_at, a.id`,
  );
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return list.map((a) => ({
    ...a,
    appliedAt: iso(a.appliedAt)!,
    readAt: iso(a.readAt),
    acceptedAt: iso(a.acceptedAt),
    confirmBy: iso(a.confirmBy),
    refusedAt: iso(a.refusedAt),
    confirmedAt: iso(a.confirmedAt),
    closedAt: iso(a.closedAt),
    expiresAt: iso(a.expiresAt),
  }));
}

export interface SplitHistory {
  applicationId: string;
  requestedAt: Date;
  decision: 'approved' | 'refused' | null;
  reason: string | null;
  decidedAt: Date | null;
  decidedByName: string | null;
}

export async function splitsHistory(db: Db, studentId: string): Promise<SplitHistory[]> {
  const list = await rows<SplitHistory>(
    db,
    sql`select sa.application_id as "applicationId", sa.requested_at as "requestedAt", sa.decision,
               sa.reason, sa.decided_at as "decidedAt",
               case when u.id is null then null else u.first_name || ' ' || u.last_name end as "decidedByName"
        from split_approvals sa left join users u on u.id = sa.decided_by
        where sa.student_id = ${studentId}
        order by sa.requested_at`,
  );
  return list.map((s) => ({
    ...s,
    requestedAt: new Date(s.requestedAt),
    decidedAt: s.decidedAt ? new Date(s.decidedAt) : null,
  }));
}

export interface DecisionHistory {
  id: string;
  kind: 'exemption' | 'repli';
  reason: ExemptionReason | null;
  comment: string | null;
  documentFileId: string | null;
  documentFileName: string | null;
  decidedAt: Date;
  decidedByName: string | null;
  revokedAt: Date | null;
}

export async function decisionsHistory(db: Db, studentId: string): Promise<DecisionHistory[]> {
  const list = await rows<DecisionHistory>(
    db,
    sql`select d.id, d.kind, d.reason, d.comment, d.document_file_id as "documentFileId",
               f.file_name as "documentFileName", d.decided_at as "decidedAt", d.revoked_at as "revokedAt",
               case when u.id is null then null else u.first_name || ' ' || u.last_name end as "decidedByName"
        from placement_decisions d
        left join users u on u.id = d.decided_by
        left join stored_files f on f.id = d.document_file_id
        where d.student_id = ${studentId}
        order by d.decided_at, d.id`,
  );
  return list.map((d) => ({
    ...d,
    decidedAt: new Date(d.decidedAt),
    revokedAt: d.revokedAt ? new Date(d.revokedAt) : null,
  }));
}

export interface ReminderHistory {
  at: Date;
  byName: string | null;
  students: number;
  guardians: number;
}

export async function remindersHistory(db: Db, studentId: string): Promise<ReminderHistory[]> {
  const list = await rows<{
    at: string;
    byName: string | null;
    details: { students?: number; guardians?: number } | null;
  }>(
    db,
    sql`select e.at, e.details,
               case when u.id is null then null else u.first_name || ' ' || u.last_name end as "byName"
        from audit_events e left join users u on u.id = e.actor_user_id
        where e.student_id = ${studentId} and e.action = ${REMINDER_ACTION}
        order by e.at`,
  );
  return list.map((r) => ({
    at: new Date(r.at),
    byName: r.byName,
    students: Number(r.details?.students ?? 0),
    guardians: Number(r.details?.guardians ?? 0),
  }));
}

export async function studentBrief(db: Db, id: string) {
  const [s] = await rows<{
    id: string;
    ine: string | null;
    firstName: string;
    lastName: string;
    classId: string;
    className: string;
    schoolUai: string;
    schoolName: string;
    academyCode: string;
    departementCode: string;
  }>(
    db,
    sql`select s.id, s.ine, s.first_name as "firstName", s.last_name as "lastName", s.class_id as "classId",
               c.name as "className", s.school_uai as "schoolUai", sc.name as "schoolName",
               sc.academy_code as "academyCode", sc.departement_code as "departementCode"
        from students s join classes c on c.id = s.class_id join schools sc on sc.uai = s.school_uai
        where s.id = ${id}`,
  );
  return s;
}
