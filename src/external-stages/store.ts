import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  campaigns,
  classes,
  communes,
  externalStages,
  hosts,
  memberships,
  offerReservations,
  offerWeeks,
  offers,
  schools,
  sectors,
  students,
  studentWeeks,
  users,
} from '../db/schema/index.ts';
import { normalizeCommuneName } from '../domain/text.ts';

/** Any query runner: the database or a transaction. */
export type Runner = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute'>;

export type ExternalStageRow = typeof externalStages.$inferSelect;
export type ExternalStageInsert = typeof externalStages.$inferInsert;

/** The student, their lycée and the campaign of their class's school year. */
export async function studentWithCampaign(db: Runner, studentId: string) {
  const [row] = await db
    .select({
      id: students.id,
      firstName: students.firstName,
      lastName: students.lastName,
      schoolUai: students.schoolUai,
      schoolName: schools.name,
      campaign: campaigns,
    })
    .from(students)
    .innerJoin(schools, eq(schools.uai, students.schoolUai))
    .innerJoin(classes, eq(classes.id, students.classId))
    .leftJoin(
      campaigns,
      and(eq(campaigns.academyCode, schools.academyCode), eq(campaigns.schoolYear, classes.schoolYear)),
    )
    .where(eq(students.id, studentId));
  return row;
}
export type StudentWithCampaign = NonNullable<Awaited<ReturnType<typeof studentWithCampaign>>>;

/** The weeks the student is placed on. */
export async function placedWeeks(db: Runner, studentId: string): Promise<number[]> {
  const rows = await db
    .select({ week: studentWeeks.week })
    .from(studentWeeks)
    .where(eq(studentWeeks.studentId, studentId));
  return rows.map((r) => r.week);
}

/** The student's declarations still waiting for their host (expired ones included: the caller filters). */
export async function invitedOfStudent(db: Runner, studentId: string) {
  return db
    .select({
      id: externalStages.id,
      weeks: externalStages.weeks,
      tokenExpiresAt: externalStages.tokenExpiresAt,
    })
    .from(externalStages)
    .where(and(eq(externalStages.studentId, studentId), eq(externalStages.status, 'invited')));
}

/**
 * The commune of a postal code whose name matches (accents, hyphens and "St" folded), or the
 * communes of that postal code when none matches (empty: unknown postal code).
 */
export async function communeOf(db: Runner, postalCode: string, name: string) {
  const rows = await db
    .select({ insee: communes.insee, name: communes.name, lat: communes.lat, lon: communes.lon })
    .from(communes)
    .where(and(eq(communes.postalCode, postalCode), eq(communes.type, 'COM')))
    .orderBy(asc(communes.name));
  const wanted = normalizeCommuneName(name);
  const match = rows.find((r) => normalizeCommuneName(r.name) === wanted);
  return { match, candidates: rows.map((r) => r.name) };
}

export async function insertExternalStage(
  db: Runner,
  values: ExternalStageInsert,
): Promise<ExternalStageRow> {
  const [row] = await db.insert(externalStages).values(values).returning();
  return row!;
}

export async function findExternalStage(db: Runner, id: string) {
  const [row] = await db.select().from(externalStages).where(eq(externalStages.id, id));
  return row;
}

export async function findByTokenHash(db: Runner, tokenHash: string) {
  const [row] = await db.select().from(externalStages).where(eq(externalStages.tokenHash, tokenHash));
  return row;
}

export async function stagesOfStudent(db: Runner, studentId: string) {
  return db
    .select()
    .from(externalStages)
    .where(eq(externalStages.studentId, studentId))
    .orderBy(desc(externalStages.createdAt), asc(externalStages.id));
}

/** Moves a declaration from `from` only: undefined when it changed meanwhile (the race of two answers). */
export async function updateIfStatus(
  db: Runner,
  id: string,
  from: ExternalStageRow['status'],
  values: Partial<ExternalStageInsert>,
  notExpiredAt?: Date,
): Promise<ExternalStageRow | undefined> {
  const [row] = await db
    .update(externalStages)
    .set(values)
    .where(
      and(
        eq(externalStages.id, id),
        eq(externalStages.status, from),
        notExpiredAt ? sql`${externalStages.tokenExpiresAt} >= ${notExpiredAt.toISOString()}` : undefined,
      ),
    )
    .returning();
  return row;
}

export async function findHostBySiret(db: Runner, siret: string) {
  const [h] = await db.select().from(hosts).where(eq(hosts.siret, siret));
  return h;
}

export async function insertHost(db: Runner, values: typeof hosts.$inferInsert) {
  const [h] = await db.insert(hosts).values(values).returning();
  return h!;
}

export async function sectorExists(db: Runner, code: string): Promise<boolean> {
  const [s] = await db.select({ code: sectors.code }).from(sectors).where(eq(sectors.code, code));
  return s !== undefined;
}

/** The private offer behind a stage found outside the platform: one place on each declared week, reserved to the lycée. */
export async function insertPrivateOffer(
  db: Runner,
  values: typeof offers.$inferInsert,
  weeks: readonly number[],
  schoolUai: string,
) {
  const [o] = await db.insert(offers).values(values).returning();
  await db.insert(offerWeeks).values(weeks.map((week) => ({ offerId: o!.id, week, places: 1 })));
  await db.insert(offerReservations).values({ offerId: o!.id, schoolUai });
  return o!;
}

/** The members of a host (their accounts' addresses). */
export async function hostMembers(db: Runner, hostId: string) {
  return db
    .selectDistinct({ userId: users.id, email: users.email, firstName: users.firstName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.hostId, hostId), eq(memberships.role, 'host_member')));
}

export async function userByEmail(db: Runner, email: string) {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return u;
}

export async function hostNames(db: Runner, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: hosts.id, name: hosts.name }).from(hosts).where(inArray(hosts.id, ids));
}
