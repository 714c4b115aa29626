import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  is,
  isNull,
  ne,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import { PgTransaction, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { NewAuditEvent } from '../audit/store.ts';
import { rows, type Db } from '../db/client.ts';
import { outboxValues, type NewMail } from '../notifications/store.ts';
import {
  applications,
  auditEvents,
  campaigns,
  hosts,
  mails,
  memberships,
  placementDecisions,
  offerReservations,
  offerWeeks,
  offers,
  schools,
  splitApprovals,
  storedFiles,
  studentWeeks,
  students,
  users,
} from '../db/schema/index.ts';
import { LIVE_STATES, type ApplicationState } from '../domain/application.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export type ApplicationInsert = typeof applications.$inferInsert;

/** Any query runner: the database or a transaction. */
type Runner = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute'>;

export async function findStudent(db: Runner, id: string) {
  const q = onDatabase(db, 'apply_student', (d) =>
    studentQuery(d, sql.placeholder('id')).prepare('apply_student'),
  );
  const [s] = q ? await q.execute({ id }) : await studentQuery(db, id);
  return s;
}
function studentQuery(db: Runner, id: string | Placeholder) {
  return db
    .select({
      id: students.id,
      firstName: students.firstName,
      lastName: students.lastName,
      schoolUai: students.schoolUai,
      schoolName: schools.name,
      classId: students.classId,
    })
    .from(students)
    .innerJoin(schools, eq(schools.uai, students.schoolUai))
    .where(eq(students.id, id));
}

/** The addresses of the student's own account(s). */
export async function studentEmails(db: Runner, studentId: string) {
  return db
    .select({ email: users.email, firstName: users.firstName })
    .from(users)
    .where(eq(users.studentId, studentId));
}

export async function hostEmails(db: Runner, hostId: string) {
  return db
    .selectDistinct({ email: users.email, firstName: users.firstName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.hostId, hostId), eq(memberships.role, 'host_member')));
}

export async function headEmails(db: Runner, schoolUai: string) {
  return db
    .selectDistinct({ email: users.email, firstName: users.firstName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.schoolUai, schoolUai), eq(memberships.role, 'school_head')));
}

/** What applying to an offer needs: its state, weeks, reservations, host and campaign. */
export async function findOfferForApplication(db: Runner, offerId: string) {
  const q = onDatabase(db, 'apply_offer', (d) =>
    offerQuery(d, sql.placeholder('offerId')).prepare('apply_offer'),
  );
  const [row] = q ? await q.execute({ offerId }) : await offerQuery(db, offerId);
  if (!row) return undefined;
  return { ...row, weeks: jsonValue(row.weeks), reservedTo: jsonValue(row.reservedTo) };
}
function offerQuery(db: Runner, offerId: string | Placeholder) {
  return db
    .select({
      id: offers.id,
      title: offers.title,
      status: offers.status,
      hostId: offers.hostId,
      hostName: hosts.name,
      contactEmail: offers.contactEmail,
      campaign: campaigns,
      // weeks and reservations in the same round trip (this runs on every application)
      weeks: sql<
        OfferWeek[] | string
      >`coalesce((select json_agg(json_build_object('week', w.week, 'places', w.places, 'taken', w.taken) order by w.week) from ${offerWeeks} w where w.offer_id = ${offers.id}), '[]'::json)`,
      reservedTo: sql<
        string[] | string
      >`coalesce((select json_agg(r.school_uai) from ${offerReservations} r where r.offer_id = ${offers.id}), '[]'::json)`,
    })
    .from(offers)
    .innerJoin(hosts, eq(hosts.id, offers.hostId))
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .where(eq(offers.id, offerId));
}
interface OfferWeek {
  week: number;
  places: number;
  taken: number;
}
/** A json column: parsed by node-postgres, a string on some drivers. */
function jsonValue<T>(v: T | string): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}
export type OfferForApplication = NonNullable<Awaited<ReturnType<typeof findOfferForApplication>>>;

/** The student's applications that hold or may hold a place, with the host of each. */
export async function liveApplicationsOfStudent(db: Runner, studentId: string) {
  const q = onDatabase(db, 'live_applications', (d) =>
    liveQuery(d, sql.placeholder('studentId')).prepare('live_applications'),
  );
  return q ? q.execute({ studentId }) : liveQuery(db, studentId);
}
function liveQuery(db: Runner, studentId: string | Placeholder) {
  return db
    .select({
      id: applications.id,
      offerId: applications.offerId,
      hostId: offers.hostId,
      status: applications.status,
      weeks: applications.weeks,
    })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(and(eq(applications.studentId, studentId), inArray(applications.status, [...LIVE_STATES])));
}

/** The school head's decision in force for a student (exemption or repli), if any. */
export async function placementDecisionOf(db: Runner, studentId: string) {
  const [row] = await db
    .select({ kind: placementDecisions.kind, reason: placementDecisions.reason })
    .from(placementDecisions)
    .where(and(eq(placementDecisions.studentId, studentId), isNull(placementDecisions.revokedAt)))
    .limit(1);
  return row;
}

export async function insertApplication(db: Runner, values: ApplicationInsert): Promise<ApplicationRow> {
  const [row] = await db.insert(applications).values(values).returning();
  return row!;
}

const viewColumns = {
  application: applications,
  offerTitle: offers.title,
  hostId: offers.hostId,
  hostName: hosts.name,
  studentFirstName: students.firstName,
  studentLastName: students.lastName,
  schoolUai: students.schoolUai,
  schoolName: schools.name,
  /** the CV attached by the student (null when none) */
  cv: { id: storedFiles.id, fileName: storedFiles.fileName, size: storedFiles.size },
};

function viewQuery(db: Runner) {
  return db
    .select(viewColumns)
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(hosts, eq(hosts.id, offers.hostId))
    .innerJoin(students, eq(students.id, applications.studentId))
    .innerJoin(schools, eq(schools.uai, students.schoolUai))
    .leftJoin(storedFiles, eq(storedFiles.id, applications.cvFileId));
}
export type ApplicationRecord = Awaited<ReturnType<typeof findApplication>> & {};

export async function findApplication(db: Runner, id: string) {
  const q = onDatabase(db, 'application_by_id', (d) =>
    viewQuery(d)
      .where(eq(applications.id, sql.placeholder('id')))
      .prepare('application_by_id'),
  );
  const [row] = q ? await q.execute({ id }) : await viewQuery(db).where(eq(applications.id, id));
  return row;
}

const preparedQueries = new WeakMap<object, Map<string, unknown>>();

/**
 * A read prepared once per database (drizzle builds it once, PostgreSQL plans it once per
 * connection), or undefined inside a transaction, where the caller runs it as a plain query (a
 * prepared query would run on the pool, outside the transaction).
 */
function onDatabase<T>(db: Runner, name: string, build: (d: Runner) => T): T | undefined {
  if (is(db, PgTransaction)) return undefined;
  let byName = preparedQueries.get(db);
  if (!byName) preparedQueries.set(db, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, build(db));
  return byName.get(name) as T;
}

export async function applicationsOfStudent(db: Runner, studentId: string) {
  return viewQuery(db).where(eq(applications.studentId, studentId)).orderBy(desc(applications.appliedAt));
}

/** A host's inbox, oldest first, optionally filtered by status, offer and week. */
export async function applicationsOfHost(
  db: Runner,
  hostId: string,
  filter: {
    status?: ApplicationState | undefined;
    offerId?: string | undefined;
    week?: 1 | 2 | undefined;
  },
) {
  return viewQuery(db)
    .where(
      and(
        eq(offers.hostId, hostId),
        filter.status ? eq(applications.status, filter.status) : undefined,
        filter.offerId ? eq(applications.offerId, filter.offerId) : undefined,
        // weeks is a mask: bit 1 week 1, bit 2 week 2
        filter.week ? sql`(${applications.weeks} & ${filter.week}) <> 0` : undefined,
      ),
    )
    .orderBy(asc(applications.appliedAt), asc(applications.id));
}

export async function markRead(db: Runner, id: string, at: Date): Promise<void> {
  await db
    .update(applications)
    .set({ readAt: at })
    .where(and(eq(applications.id, id), isNull(applications.readAt)));
}

/** Moves an application from `from` only: false when it changed meanwhile. */
export async function updateIfStatus(
  db: Runner,
  id: string,
  from: readonly ApplicationState[],
  values: Partial<ApplicationInsert>,
): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .update(applications)
    .set(values)
    .where(and(eq(applications.id, id), inArray(applications.status, [...from])))
    .returning();
  return row;
}

/** Gives the places of a withdrawn or cancelled placement back. */
export async function freePlaces(db: Runner, offerId: string, weeks: readonly number[]): Promise<void> {
  for (const week of weeks) {
    await db
      .update(offerWeeks)
      .set({ taken: sql`${offerWeeks.taken} - 1` })
      .where(and(eq(offerWeeks.offerId, offerId), eq(offerWeeks.week, week), sql`${offerWeeks.taken} > 0`));
  }
}

/**
 * published ⇄ full from the places left (the offer table's 'fill' and 'free' events, as
 * statusAfterPlaces in domain/offer.ts), decided by the database on the rows as they are now.
 */
export async function syncOfferFull(db: Runner, offerId: string): Promise<void> {
  const left = sql`exists (select 1 from ${offerWeeks} where ${offerWeeks.offerId} = ${offers.id} and ${offerWeeks.taken} < ${offerWeeks.places})`;
  await db
    .update(offers)
    .set({ status: sql`case when ${offers.status} = 'published' then 'full' else 'published' end` })
    .where(
      and(
        eq(offers.id, offerId),
        sql`((${offers.status} = 'published' and not ${left}) or (${offers.status} = 'full' and ${left}))`,
      ),
    );
}

/** The contact address of an offer (hosts without members, lycée offers). */
export async function offerContactEmail(db: Runner, offerId: string): Promise<string | null> {
  const [row] = await db.select({ email: offers.contactEmail }).from(offers).where(eq(offers.id, offerId));
  return row?.email ?? null;
}

/** The title and host of offers, by id. */
export async function offersBrief(db: Runner, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: offers.id, title: offers.title, hostId: offers.hostId, contactEmail: offers.contactEmail })
    .from(offers)
    .where(inArray(offers.id, ids));
}

/**
 * Serialises one student's placements: taken first in every confirmation's transaction, so two
 * confirmations of the same student (each cancelling the other) wait instead of deadlocking.
 */
export async function lockStudent(db: Runner, studentId: string): Promise<void> {
  await db.execute(sql`select 1 from ${students} where ${students.id} = ${studentId} for update`);
}

/** Places the student on weeks; false when one of them is already placed (primary key). */
export async function placeStudent(
  db: Runner,
  studentId: string,
  applicationId: string,
  weeks: readonly number[],
): Promise<boolean> {
  const rows = await db
    .insert(studentWeeks)
    .values(weeks.map((week) => ({ studentId, week, applicationId })))
    .onConflictDoNothing()
    .returning({ week: studentWeeks.week });
  return rows.length === weeks.length;
}

export async function unplaceApplication(db: Runner, applicationId: string): Promise<void> {
  await db.delete(studentWeeks).where(eq(studentWeeks.applicationId, applicationId));
}

export async function insertSplitApproval(db: Runner, values: typeof splitApprovals.$inferInsert) {
  await db.insert(splitApprovals).values(values).onConflictDoNothing();
}

export async function decideSplitApproval(
  db: Runner,
  applicationId: string,
  values: { decision: 'approved' | 'refused'; reason: string | null; decidedBy: string; decidedAt: Date },
) {
  await db
    .update(splitApprovals)
    .set(values)
    .where(and(eq(splitApprovals.applicationId, applicationId), isNull(splitApprovals.decision)));
}

/** Split requests of a lycée waiting for the head. */
export async function waitingSplits(db: Runner, schoolUai: string) {
  return viewQuery(db)
    .innerJoin(splitApprovals, eq(splitApprovals.applicationId, applications.id))
    .where(and(eq(splitApprovals.schoolUai, schoolUai), isNull(splitApprovals.decision)))
    .orderBy(asc(splitApprovals.requestedAt));
}

// ---------------------------------------------------------------- fewer round trips (bench/applications.ts)

/** What a change writes besides the application: the mails it announces and its audit event. */
export interface Effects {
  mails: NewMail[];
  audit?: NewAuditEvent | undefined;
}

/**
 * updateIfStatus and the mails and audit event of the change in one statement: one round trip,
 * atomic without a transaction; the rows are inserted only when the application moved.
 */
export async function moveWithEffects(
  db: Runner,
  id: string,
  from: readonly ApplicationState[],
  values: Partial<ApplicationInsert>,
  effects: Effects,
): Promise<ApplicationRow | undefined> {
  const update = db
    .update(applications)
    .set(values)
    .where(and(eq(applications.id, id), inArray(applications.status, [...from])))
    .returning();
  const moved = sql`exists (select 1 from next)`;
  const inserts = [
    insertWhen(mails, effects.mails.map(outboxValues), moved),
    insertWhen(auditEvents, effects.audit ? [effects.audit] : [], moved),
  ].flatMap((q, i) => (q ? [sql`${sql.raw(`w${i}`)} as (${q})`] : []));
  const [row] = await rows<Record<string, unknown>>(
    db as Db,
    sql`with next as (${update.getSQL()})${sql.join(inserts.map((q) => sql`, ${q}`))} select * from next`,
  );
  return row && fromDriver(applications, row);
}

/** `insert into table … select … where condition`: literal rows inserted only when condition holds. */
function insertWhen(table: PgTable, values: Record<string, unknown>[], condition: SQL): SQL | undefined {
  if (values.length === 0) return undefined;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(columns).filter((k) => values.some((v) => v[k] !== undefined));
  const tuple = (v: Record<string, unknown>) =>
    sql`(${sql.join(
      keys.map((k) => sql`${sql.param(v[k] ?? null, columns[k])}::${sql.raw(columns[k]!.getSQLType())}`),
      sql`, `,
    )})`;
  return sql`insert into ${table} (${sql.join(
    keys.map((k) => sql.identifier(columns[k]!.name)),
    sql`, `,
  )}) select * from (values ${sql.join(values.map(tuple), sql`, `)}) v where ${condition}`;
}

/** A row of a raw query on a table (column names) as drizzle returns it (field names, types). */
function fromDriver<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table) as Record<string, PgColumn>)) {
    const v = raw[column.name];
    out[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
  }
  return out as T['$inferSelect'];
}

/** What a host's decision needs besides the application: the campaign settings, the student's addresses. */
export async function decisionContext(db: Runner, offerId: string, studentId: string) {
  const q = onDatabase(db, 'decision_context', (d) =>
    decisionQuery(d, sql.placeholder('offerId'), sql.placeholder('studentId')).prepare('decision_context'),
  );
  const [row] = q ? await q.execute({ offerId, studentId }) : await decisionQuery(db, offerId, studentId);
  return row && { settings: row.settings, studentEmails: jsonValue(row.studentEmails) };
}
function decisionQuery(db: Runner, offerId: string | Placeholder, studentId: string | Placeholder) {
  return db
    .select({
      settings: campaigns.settings,
      studentEmails: sql<
        { email: string; firstName: string | null }[] | string
      >`coalesce((select json_agg(json_build_object('email', u.email, 'firstName', u.first_name)) from ${users} u where u.student_id = ${studentId}), '[]'::json)`,
    })
    .from(offers)
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .where(eq(offers.id, offerId));
}

/**
 * What a confirmation needs besides the application, in one round trip: the student's live
 * applications (as liveApplicationsOfStudent), the host's members' addresses (as hostEmails) and
 * the offer's contact address.
 */
export async function confirmationContext(db: Runner, studentId: string, hostId: string, offerId: string) {
  const q = onDatabase(db, 'confirmation_context', (d) =>
    confirmationQuery(
      d,
      sql.placeholder('studentId'),
      sql.placeholder('hostId'),
      sql.placeholder('offerId'),
    ).prepare('confirmation_context'),
  );
  const [row] = q
    ? await q.execute({ studentId, hostId, offerId })
    : await confirmationQuery(db, studentId, hostId, offerId);
  return {
    live: row ? jsonValue(row.live) : [],
    members: row ? jsonValue(row.members) : [],
    contact: row?.contact ?? null,
    exempted: row?.exempted === true,
  };
}
function confirmationQuery(
  db: Runner,
  studentId: string | Placeholder,
  hostId: string | Placeholder,
  offerId: string | Placeholder,
) {
  return db
    .select({
      live: sql<
        LiveRow[] | string
      >`coalesce((select json_agg(json_build_object('id', a.id, 'offerId', a.offer_id, 'hostId', o.host_id, 'status', a.status, 'weeks', a.weeks))
        from ${applications} a join ${offers} o on o.id = a.offer_id
        where a.student_id = ${studentId} and a.status in (${sql.join(
          LIVE_STATES.map((s) => sql`${s}`),
          sql`, `,
        )})), '[]'::json)`,
      members: sql<
        { email: string; firstName: string | null }[] | string
      >`coalesce((select json_agg(json_build_object('email', d.email, 'firstName', d.first_name))
        from (select distinct u.email, u.first_name from ${memberships} m join ${users} u on u.id = m.user_id
              where m.host_id = ${hostId} and m.role = 'host_member') d), '[]'::json)`,
      contact: offers.contactEmail,
      exempted: sql<boolean>`exists (select 1 from ${placementDecisions} d
        where d.student_id = ${studentId} and d.kind = 'exemption' and d.revoked_at is null)`,
    })
    .from(offers)
    .where(eq(offers.id, offerId));
}
interface LiveRow {
  id: string;
  offerId: string;
  hostId: string;
  status: ApplicationState;
  weeks: number;
}

/**
 * Takes one place in each week, in the database: a conditional update (`taken < places`, the
 * constraint `taken <= places` behind it), so that two confirmations never both take the last
 * place; and in the same statement published ⇄ full from the places left after it (as
 * syncOfferFull). Returns the first week with no place left (the caller rolls the transaction
 * back, so it is all weeks or none), or null.
 */
export async function takePlacesAndSync(
  db: Runner,
  offerId: string,
  weeks: readonly number[],
): Promise<number | null> {
  const list = sql.join(
    weeks.map((w) => sql`${w}`),
    sql`, `,
  );
  const result = await rows<{ week: number }>(
    db as Db,
    sql`with t as (
        update ${offerWeeks} set taken = taken + 1
        where offer_id = ${offerId} and week in (${list}) and taken < places
        returning week, taken, places),
      s as (
        update ${offers} set status = case when ${offers}.status = 'published' then 'full' else 'published' end
        from (select exists (select 1 from t where t.taken < t.places)
                or exists (select 1 from ${offerWeeks} w where w.offer_id = ${offerId} and w.week not in (${list}) and w.taken < w.places)
                as places_left) l
        where ${offers}.id = ${offerId} and (select count(*) from t) = ${weeks.length}
          and ((${offers}.status = 'published' and not l.places_left) or (${offers}.status = 'full' and l.places_left)))
      select week from t`,
  );
  const taken = new Set(result.map((r) => Number(r.week)));
  return weeks.find((w) => !taken.has(w)) ?? null;
}

/** placeStudent and cancelOverlapping in one statement (inside the confirmation's transaction). */
export async function placeAndCancelOverlapping(
  db: Runner,
  studentId: string,
  applicationId: string,
  weeks: readonly number[],
  place: boolean,
  mask: number,
  at: Date,
): Promise<{ placed: boolean; cancelled: { id: string; offerId: string; status: ApplicationState }[] }> {
  const cancel = db
    .update(applications)
    .set({ status: 'cancelled_by_overlap', closedAt: at, updatedAt: at })
    .where(
      and(
        eq(applications.studentId, studentId),
        ne(applications.id, applicationId),
        inArray(applications.status, ['pending', 'accepted', 'split_pending']),
        sql`(${applications.weeks} & ${mask}) <> 0`,
      ),
    )
    .returning({ id: applications.id, offerId: applications.offerId, status: applications.status });
  const insert = place
    ? sql`insert into ${studentWeeks} (student_id, week, application_id) values ${sql.join(
        weeks.map((w) => sql`(${studentId}, ${w}, ${applicationId})`),
        sql`, `,
      )} on conflict do nothing returning week`
    : sql`select null::smallint as week where false`;
  const [row] = await rows<{ placed: number | string; cancelled: unknown }>(
    db as Db,
    sql`with p as (${insert}), c as (${cancel.getSQL()})
      select (select count(*) from p) as placed,
        coalesce((select json_agg(json_build_object('id', c.id, 'offerId', c.offer_id, 'status', c.status)) from c), '[]'::json) as cancelled`,
  );
  return {
    placed: !place || Number(row!.placed) === weeks.length,
    cancelled: jsonValue(
      row!.cancelled as { id: string; offerId: string; status: ApplicationState }[] | string,
    ),
  };
}
