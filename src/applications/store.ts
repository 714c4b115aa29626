import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  applications,
  campaigns,
  hosts,
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
  const [s] = await db
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
  return s;
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
  const [row] = await db
    .select({
      id: offers.id,
      title: offers.title,
      status: offers.status,
      hostId: offers.hostId,
      hostName: hosts.name,
      contactEmail: offers.contactEmail,
      campaign: campaigns,
    })
    .from(offers)
    .innerJoin(hosts, eq(hosts.id, offers.hostId))
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .where(eq(offers.id, offerId));
  if (!row) return undefined;
  const [weeks, reserved] = await Promise.all([
    db
      .select({ week: offerWeeks.week, places: offerWeeks.places, taken: offerWeeks.taken })
      .from(offerWeeks)
      .where(eq(offerWeeks.offerId, offerId))
      .orderBy(asc(offerWeeks.week)),
    db
      .select({ uai: offerReservations.schoolUai })
      .from(offerReservations)
      .where(eq(offerReservations.offerId, offerId)),
  ]);
  return { ...row, weeks, reservedTo: reserved.map((r) => r.uai) };
}
export type OfferForApplication = NonNullable<Awaited<ReturnType<typeof findOfferForApplication>>>;

/** The student's applications that hold or may hold a place, with the host of each. */
export async function liveApplicationsOfStudent(db: Runner, studentId: string) {
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
  const [row] = await viewQuery(db).where(eq(applications.id, id));
  return row;
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

/**
 * Takes one place in each week, in the database: a conditional update per week (`taken < places`),
 * so that two confirmations never both take the last place. Returns the first week with no place
 * left, or null when every week was taken (the caller rolls back the transaction otherwise).
 */
export async function takePlaces(
  db: Runner,
  offerId: string,
  weeks: readonly number[],
): Promise<number | null> {
  for (const week of weeks) {
    const done = await db
      .update(offerWeeks)
      .set({ taken: sql`${offerWeeks.taken} + 1` })
      .where(
        and(
          eq(offerWeeks.offerId, offerId),
          eq(offerWeeks.week, week),
          sql`${offerWeeks.taken} < ${offerWeeks.places}`,
        ),
      )
      .returning({ taken: offerWeeks.taken });
    if (done.length === 0) return week;
  }
  return null;
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

/** The settings of the campaign of an offer. */
export async function settingsOfOffer(db: Runner, offerId: string) {
  const [row] = await db
    .select({ settings: campaigns.settings })
    .from(offers)
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .where(eq(offers.id, offerId));
  return row?.settings;
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

/** Cancels the student's other unplaced live applications touching the weeks (bit mask). */
export async function cancelOverlapping(
  db: Runner,
  studentId: string,
  exceptId: string,
  mask: number,
  at: Date,
) {
  return db
    .update(applications)
    .set({ status: 'cancelled_by_overlap', closedAt: at, updatedAt: at })
    .where(
      and(
        eq(applications.studentId, studentId),
        ne(applications.id, exceptId),
        inArray(applications.status, ['pending', 'accepted', 'split_pending']),
        sql`(${applications.weeks} & ${mask}) <> 0`,
      ),
    )
    .returning({ id: applications.id, offerId: applications.offerId, status: applications.status });
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
