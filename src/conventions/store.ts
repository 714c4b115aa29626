/**
 * SQL of the conventions: what creating one reads (application, offer, host, student, lycée,
 * campaign, head, guardians), one convention with its template and names, the summaries of a
 * scope, the signatories, the stored documents.
 */
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import {
  campaigns,
  classes,
  conventionSignatories,
  conventionTemplates,
  conventions,
  guardians,
  hosts,
  memberships,
  offers,
  students,
  users,
} from '../db/schema/index.ts';
import type { CampaignSettings } from '../domain/campaign.ts';
import type { OfferHours } from '../db/schema/offers.ts';
import type { Runner } from './events.store.ts';

export type { Runner } from './events.store.ts';
export type ConventionRow = typeof conventions.$inferSelect;
export type ConventionInsert = typeof conventions.$inferInsert;
export type SignatoryRow = typeof conventionSignatories.$inferSelect;
export type TemplateRow = typeof conventionTemplates.$inferSelect;

const asDb = (r: Runner) => r as unknown as Db;

/** Everything the creation of an application's convention pre-fills. */
export interface CreationFacts {
  applicationId: string;
  applicationStatus: string;
  weeks: number;
  studentId: string;
  studentFirstName: string;
  studentLastName: string;
  birthDate: string;
  className: string;
  offerId: string;
  offerTitle: string;
  sectorName: string | null;
  offerActivities: string | null;
  offerDescription: string;
  offerHours: OfferHours | null;
  offerLunch: string | null;
  offerAddress: string | null;
  offerPostalCode: string | null;
  offerCommuneName: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  hostId: string;
  hostName: string;
  hostSiret: string | null;
  hostIsPublic: boolean;
  hostAddress: string | null;
  hostPostalCode: string | null;
  hostCommuneName: string | null;
  schoolUai: string;
  schoolName: string;
  schoolIsPublic: boolean;
  schoolAddress: string | null;
  schoolPostalCode: string | null;
  schoolCommuneName: string | null;
  schoolEmail: string | null;
  academyCode: string;
  campaignId: string;
  schoolYear: string;
  week1Start: string;
  week1End: string;
  week2Start: string;
  week2End: string;
  settings: CampaignSettings;
  headName: string | null;
  headEmail: string | null;
  guardians: {
    rank: number;
    firstName: string;
    lastName: string;
    email: string | null;
    phone: string | null;
  }[];
}

export async function creationFacts(db: Runner, applicationId: string): Promise<CreationFacts | undefined> {
  const [row] = await rows<CreationFacts>(
    asDb(db),
    sql`select a.id as "applicationId", a.status as "applicationStatus", a.weeks,
               s.id as "studentId", s.first_name as "studentFirstName", s.last_name as "studentLastName",
               s.birth_date::text as "birthDate", c.name as "className",
               o.id as "offerId", o.title as "offerTitle", sec.name as "sectorName",
               o.activities as "offerActivities", o.description as "offerDescription",
               o.hours as "offerHours", o.lunch as "offerLunch", o.address as "offerAddress",
               o.postal_code as "offerPostalCode", o.commune_name as "offerCommuneName",
               o.contact_name as "contactName", o.contact_email as "contactEmail",
               o.contact_phone as "contactPhone",
               h.id as "hostId", h.name as "hostName", h.siret as "hostSiret", h.is_public as "hostIsPublic",
               h.address as "hostAddress", h.postal_code as "hostPostalCode",
               h.commune_name as "hostCommuneName",
               sc.uai as "schoolUai", sc.name as "schoolName", sc.is_public as "schoolIsPublic",
               sc.address as "schoolAddress", sc.postal_code as "schoolPostalCode",
               sc.commune_name as "schoolCommuneName", sc.email as "schoolEmail",
               sc.academy_code as "academyCode",
               cp.id as "campaignId", cp.school_year as "schoolYear",
               cp.week1_start::text as "week1Start", cp.week1_end::text as "week1End",
               cp.week2_start::text as "week2Start", cp.week2_end::text as "week2End",
               cp.settings,
               head.name as "headName", head.email as "headEmail",
               coalesce((select json_agg(json_build_object('rank', g.rank, 'firstName', g.first_name,
                          'lastName', g.last_name, 'email', g.email, 'phone', g.phone) order by g.rank)
                         from guardians g where g.student_id = s.id), '[]'::json) as guardians
        from applications a
        join students s on s.id = a.student_id
        join classes c on c.id = s.class_id
        join offers o on o.id = a.offer_id
        left join sectors sec on sec.code = o.sector_code
        join hosts h on h.id = o.host_id
        join schools sc on sc.uai = s.school_uai
        join campaigns cp on cp.id = o.campaign_id
        left join lateral (
          select u.first_name || ' ' || u.last_name as name, u.email
          from memberships m join users u on u.id = m.user_id
          where m.school_uai = s.school_uai and m.role = 'school_head' and u.disabled_at is null
          order by m.created_at, m.id limit 1
        ) head on true
        where a.id = ${applicationId}`,
  );
  return row;
}

/** The live original convention of an application (not an avenant, not cancelled). */
export async function liveConventionOf(db: Runner, applicationId: string) {
  const [row] = await db
    .select()
    .from(conventions)
    .where(
      and(
        eq(conventions.applicationId, applicationId),
        isNull(conventions.amendsId),
        sql`${conventions.status} <> 'cancelled'`,
      ),
    );
  return row;
}

/** Confirmed applications without a live convention (the backfill). */
export async function confirmedWithoutConvention(db: Runner): Promise<string[]> {
  const list = await rows<{ id: string }>(
    asDb(db),
    sql`select a.id from applications a
        where a.status = 'confirmed'
          and not exists (select 1 from conventions cv where cv.application_id = a.id
                          and cv.amends_id is null and cv.status <> 'cancelled')
        order by a.confirmed_at, a.id`,
  );
  return list.map((r) => r.id);
}

/** The published template of a school year: the académie's own, else the platform's default. */
export async function publishedTemplate(db: Runner, academyCode: string, schoolYear: string) {
  const [row] = await db
    .select()
    .from(conventionTemplates)
    .where(
      and(
        eq(conventionTemplates.schoolYear, schoolYear),
        eq(conventionTemplates.status, 'published'),
        sql`(${conventionTemplates.academyCode} = ${academyCode} or ${conventionTemplates.academyCode} is null)`,
      ),
    )
    .orderBy(sql`${conventionTemplates.academyCode} nulls last`)
    .limit(1);
  return row;
}

/** Inserts a template unless a published one (or the same version) exists: true when inserted. */
export async function insertTemplateIfAbsent(
  db: Runner,
  values: typeof conventionTemplates.$inferInsert,
): Promise<boolean> {
  const inserted = await db.insert(conventionTemplates).values(values).onConflictDoNothing().returning({
    id: conventionTemplates.id,
  });
  return inserted.length > 0;
}

/** The last version number of the platform's templates of a school year (0: none). */
export async function lastPlatformVersion(db: Runner, schoolYear: string): Promise<number> {
  const [row] = await db
    .select({ v: sql<number | null>`max(${conventionTemplates.version})` })
    .from(conventionTemplates)
    .where(and(isNull(conventionTemplates.academyCode), eq(conventionTemplates.schoolYear, schoolYear)));
  return Number(row?.v ?? 0);
}

export async function findTemplate(db: Runner, id: string) {
  const [row] = await db.select().from(conventionTemplates).where(eq(conventionTemplates.id, id));
  return row;
}

export async function insertConvention(db: Runner, values: ConventionInsert): Promise<ConventionRow> {
  const [row] = await db.insert(conventions).values(values).returning();
  return row!;
}

/** One convention with the names around it (student's class, host, offer) and its template. */
/** The convention's row, locked until the end of the transaction (its changes are serialised). */
export async function lockConvention(db: Runner, id: string): Promise<ConventionRow | undefined> {
  const [row] = await db.select().from(conventions).where(eq(conventions.id, id)).for('update');
  return row;
}

/** The template columns selected with a convention (its document is written from them). */
export const templateColumns = {
  id: conventionTemplates.id,
  name: conventionTemplates.name,
  version: conventionTemplates.version,
  schoolYear: conventionTemplates.schoolYear,
  body: conventionTemplates.body,
};

export async function findConvention(db: Runner, id: string) {
  const [row] = await db
    .select({
      convention: conventions,
      studentFirstName: students.firstName,
      studentLastName: students.lastName,
      classId: students.classId,
      className: classes.name,
      hostName: hosts.name,
      offerTitle: offers.title,
      settings: campaigns.settings,
      template: templateColumns,
    })
    .from(conventions)
    .innerJoin(students, eq(students.id, conventions.studentId))
    .innerJoin(classes, eq(classes.id, students.classId))
    .innerJoin(hosts, eq(hosts.id, conventions.hostId))
    .innerJoin(offers, eq(offers.id, conventions.offerId))
    .innerJoin(conventionTemplates, eq(conventionTemplates.id, conventions.templateId))
    .innerJoin(campaigns, eq(campaigns.id, conventions.campaignId))
    .where(eq(conventions.id, id));
  return row;
}
export type ConventionRecord = NonNullable<Awaited<ReturnType<typeof findConvention>>>;

/** Where the list looks: a student's (or a guardian's children), a host's, a lycée's, everything. */
export type ListScope =
  | { kind: 'students'; ids: readonly string[] }
  | { kind: 'host'; hostId: string }
  | { kind: 'school'; uai: string }
  | { kind: 'all' };

export interface SummaryRow {
  id: string;
  reference: string;
  status: ConventionRow['status'];
  studentId: string;
  firstName: string;
  lastName: string;
  classId: string;
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
  missingSignatures: string[] | null;
}

const uuidList = (ids: readonly string[]): SQL =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The conventions of a scope (a lycée has a few hundred), the most recently changed first. */
export async function summaries(
  db: Runner,
  scope: ListScope,
  filter: { classId?: string | undefined; q?: string | undefined } = {},
): Promise<SummaryRow[]> {
  const where: SQL[] = [];
  switch (scope.kind) {
    case 'students':
      if (scope.ids.length === 0) return [];
      where.push(sql`cv.student_id = any(${uuidList(scope.ids)})`);
      break;
    case 'host':
      where.push(sql`cv.host_id = ${scope.hostId}`);
      break;
    case 'school':
      where.push(sql`cv.school_uai = ${scope.uai}`);
      break;
    case 'all':
      where.push(sql`true`);
  }
  if (filter.classId) where.push(sql`s.class_id = ${filter.classId}`);
  if (filter.q) {
    const p = likePattern(filter.q);
    where.push(
      sql`(unaccent(lower(s.last_name || ' ' || s.first_name)) like unaccent(lower(${p}))
           or unaccent(lower(s.first_name || ' ' || s.last_name)) like unaccent(lower(${p}))
           or unaccent(lower(h.name)) like unaccent(lower(${p}))
           or upper(cv.reference) like upper(${p}))`,
    );
  }
  return rows<SummaryRow>(
    asDb(db),
    sql`select cv.id, cv.reference, cv.status, cv.student_id as "studentId",
               s.first_name as "firstName", s.last_name as "lastName", s.class_id as "classId",
               c.name as "className", cv.host_id as "hostId", h.name as "hostName",
               o.title as "offerTitle", cv.weeks, cv.start_date::text as "startDate",
               cv.end_date::text as "endDate", cv.host_completed_at as "hostCompletedAt",
               cv.school_completed_at as "schoolCompletedAt", cv.updated_at as "updatedAt",
               (select array_agg(sg.role order by sg.role) from convention_signatories sg
                 where sg.convention_id = cv.id and sg.signed_at is null) as "missingSignatures"
        from conventions cv
        join students s on s.id = cv.student_id
        join classes c on c.id = s.class_id
        join hosts h on h.id = cv.host_id
        join offers o on o.id = cv.offer_id
        where ${sql.join(where, sql` and `)}
        order by cv.updated_at desc, cv.id`,
  );
}

/** Moves a convention from the version read: undefined when it changed meanwhile. */
export async function updateIfVersion(
  db: Runner,
  id: string,
  version: number,
  values: Partial<ConventionInsert>,
): Promise<ConventionRow | undefined> {
  const [row] = await db
    .update(conventions)
    .set({ ...values, version: version + 1 })
    .where(and(eq(conventions.id, id), eq(conventions.version, version)))
    .returning();
  return row;
}

export async function signatoriesOfConvention(db: Runner, conventionId: string): Promise<SignatoryRow[]> {
  return db
    .select()
    .from(conventionSignatories)
    .where(eq(conventionSignatories.conventionId, conventionId))
    .orderBy(asc(conventionSignatories.createdAt), asc(conventionSignatories.role));
}

export async function insertSignatories(db: Runner, values: (typeof conventionSignatories.$inferInsert)[]) {
  if (values.length === 0) return [];
  return db.insert(conventionSignatories).values(values).returning();
}

export async function deleteSignatories(db: Runner, conventionId: string) {
  return db
    .delete(conventionSignatories)
    .where(eq(conventionSignatories.conventionId, conventionId))
    .returning();
}

/** The e-mail of the student's account (where the student's signing link goes). */
export async function studentAccountEmail(db: Runner, studentId: string): Promise<string | null> {
  const [u] = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.studentId, studentId), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return u?.email ?? null;
}

/** The user's e-mail and, for a guardian, the ranks they hold for each child. */
export async function viewerFacts(db: Runner, userId: string) {
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  const ranks = await db
    .select({ studentId: guardians.studentId, rank: guardians.rank })
    .from(memberships)
    .innerJoin(guardians, eq(guardians.id, memberships.guardianId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'guardian')));
  return { email: u?.email ?? null, ranks };
}

export async function hostMemberEmails(db: Runner, hostId: string) {
  return db
    .selectDistinct({ email: users.email, firstName: users.firstName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.hostId, hostId), eq(memberships.role, 'host_member')));
}

export async function conventionIdsOf(db: Runner, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: conventions.id, reference: conventions.reference })
    .from(conventions)
    .where(inArray(conventions.id, [...ids]));
}

/** Offer's contact for a host without members yet. */
export async function offerContact(db: Runner, offerId: string) {
  const [o] = await db
    .select({ email: offers.contactEmail, name: offers.contactName })
    .from(offers)
    .where(eq(offers.id, offerId));
  return o;
}

/** The avenants of a convention (issue 6 §9), in the order they were opened. */
export async function amendmentsOf(db: Runner, conventionId: string) {
  return db
    .select({ id: conventions.id, reference: conventions.reference, status: conventions.status })
    .from(conventions)
    .where(eq(conventions.amendsId, conventionId))
    .orderBy(asc(conventions.createdAt), asc(conventions.id));
}
