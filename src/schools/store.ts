import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  authTokens,
  classReferents,
  classes,
  guardians,
  memberships,
  schools,
  students,
  users,
} from '../db/schema/index.ts';

export type SchoolRow = typeof schools.$inferSelect;
export type StudentRow = typeof students.$inferSelect;
export type GuardianRow = typeof guardians.$inferSelect;
export type ClassRow = typeof classes.$inferSelect;

export async function findSchool(db: Db, uai: string): Promise<SchoolRow | undefined> {
  const [s] = await db.select().from(schools).where(eq(schools.uai, uai));
  return s;
}

export async function classesOf(db: Db, schoolUai: string, schoolYear: string): Promise<ClassRow[]> {
  return db
    .select()
    .from(classes)
    .where(and(eq(classes.schoolUai, schoolUai), eq(classes.schoolYear, schoolYear)))
    .orderBy(asc(classes.name));
}

export interface ExistingStudent extends StudentRow {
  className: string;
  guardians: GuardianRow[];
}

/** Students holding one of these INEs, wherever they are, with their class name and guardians. */
export async function studentsByIne(db: Db, ines: string[]): Promise<ExistingStudent[]> {
  if (ines.length === 0) return [];
  const found: ExistingStudent[] = [];
  for (let i = 0; i < ines.length; i += 1000) {
    const chunk = ines.slice(i, i + 1000);
    const list = await db
      .select({ s: students, className: classes.name })
      .from(students)
      .innerJoin(classes, eq(classes.id, students.classId))
      .where(inArray(students.ine, chunk));
    const ids = list.map((x) => x.s.id);
    const gs = ids.length ? await db.select().from(guardians).where(inArray(guardians.studentId, ids)) : [];
    for (const x of list)
      found.push({ ...x.s, className: x.className, guardians: gs.filter((g) => g.studentId === x.s.id) });
  }
  return found;
}

export async function insertClass(
  db: Db,
  row: { schoolUai: string; schoolYear: string; name: string },
): Promise<ClassRow> {
  const [c] = await db
    .insert(classes)
    .values({ ...row, declaredSize: 0 })
    .onConflictDoNothing()
    .returning();
  if (c) return c;
  const [existing] = await db
    .select()
    .from(classes)
    .where(
      and(
        eq(classes.schoolUai, row.schoolUai),
        eq(classes.schoolYear, row.schoolYear),
        eq(classes.name, row.name),
      ),
    );
  return existing!;
}

export async function insertStudent(db: Db, row: typeof students.$inferInsert): Promise<StudentRow> {
  const [s] = await db.insert(students).values(row).returning();
  return s!;
}

export async function updateStudent(
  db: Db,
  id: string,
  set: Pick<StudentRow, 'firstName' | 'lastName' | 'birthDate' | 'classId'>,
): Promise<void> {
  await db.update(students).set(set).where(eq(students.id, id));
}

/** Inserts or updates the guardian of a given rank. */
export async function upsertGuardian(
  db: Db,
  row: Pick<GuardianRow, 'studentId' | 'rank' | 'firstName' | 'lastName' | 'email' | 'phone'>,
): Promise<void> {
  await db
    .insert(guardians)
    .values(row)
    .onConflictDoUpdate({
      target: [guardians.studentId, guardians.rank],
      set: { firstName: row.firstName, lastName: row.lastName, email: row.email, phone: row.phone },
    });
}

export interface StudentDetail extends StudentRow {
  className: string;
  schoolName: string;
  departementCode: string;
  academyCode: string;
  guardians: GuardianRow[];
}

export async function findStudent(db: Db, id: string): Promise<StudentDetail | undefined> {
  const [x] = await db
    .select({
      s: students,
      className: classes.name,
      schoolName: schools.name,
      departementCode: schools.departementCode,
      academyCode: schools.academyCode,
    })
    .from(students)
    .innerJoin(classes, eq(classes.id, students.classId))
    .innerJoin(schools, eq(schools.uai, students.schoolUai))
    .where(eq(students.id, id));
  if (!x) return undefined;
  const gs = await db
    .select()
    .from(guardians)
    .where(eq(guardians.studentId, id))
    .orderBy(asc(guardians.rank));
  return {
    ...x.s,
    className: x.className,
    schoolName: x.schoolName,
    departementCode: x.departementCode,
    academyCode: x.academyCode,
    guardians: gs,
  };
}

// ---------------------------------------------------------------------------------------------
// Staff

export interface StaffRow {
  membershipId: string;
  userId: string;
  role: string;
  firstName: string;
  lastName: string;
  email: string;
  staffFunction: string | null;
  signatureDelegate: boolean;
  createdAt: Date;
}

export async function staffOf(db: Db, schoolUai: string): Promise<StaffRow[]> {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      role: memberships.role,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      staffFunction: memberships.staffFunction,
      signatureDelegate: memberships.signatureDelegate,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(eq(memberships.schoolUai, schoolUai), inArray(memberships.role, ['school_head', 'school_staff'])),
    )
    .orderBy(asc(users.lastName), asc(users.firstName), asc(memberships.id));
}

/** Referent classes of the school's staff: userId → class ids. */
export async function referentsOf(db: Db, schoolUai: string): Promise<{ userId: string; classId: string }[]> {
  return db
    .select({ userId: classReferents.userId, classId: classReferents.classId })
    .from(classReferents)
    .innerJoin(classes, eq(classes.id, classReferents.classId))
    .where(eq(classes.schoolUai, schoolUai));
}

export async function findMembership(db: Db, id: string) {
  const [m] = await db.select().from(memberships).where(eq(memberships.id, id));
  return m;
}

export async function setSignatureDelegate(db: Db, membershipId: string, value: boolean): Promise<void> {
  await db.update(memberships).set({ signatureDelegate: value }).where(eq(memberships.id, membershipId));
}

/** Replaces the referent classes of a user among the classes of one school. */
export async function replaceReferentClasses(
  db: Db,
  schoolUai: string,
  userId: string,
  classIds: string[],
): Promise<void> {
  await db.execute(
    sql`delete from class_referents cr using classes c
        where c.id = cr.class_id and c.school_uai = ${schoolUai} and cr.user_id = ${userId}`,
  );
  if (classIds.length)
    await db
      .insert(classReferents)
      .values(classIds.map((classId) => ({ classId, userId })))
      .onConflictDoNothing();
}

export async function insertAuthToken(db: Db, row: typeof authTokens.$inferInsert): Promise<void> {
  await db.insert(authTokens).values(row);
}

/** Invitations to a lycée's staff or to a host's members, not used yet and not expired, oldest first. */
export async function pendingInvitations(db: Db, to: { schoolUai: string } | { hostId: string }, now: Date) {
  const [key, value] = 'hostId' in to ? ['hostId', to.hostId] : ['schoolUai', to.schoolUai];
  return db
    .select()
    .from(authTokens)
    .where(
      and(
        eq(authTokens.kind, 'invitation'),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
        sql`${authTokens.payload}->>${key} = ${value}`,
      ),
    )
    .orderBy(asc(authTokens.createdAt), asc(authTokens.id));
}

export async function findAuthToken(db: Db, kind: string, tokenHash: string) {
  const [t] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.kind, kind), eq(authTokens.tokenHash, tokenHash)));
  return t;
}

/** Marks a token used; false when another request used it first. */
export async function consumeAuthToken(db: Db, id: string, now: Date): Promise<boolean> {
  const used = await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(eq(authTokens.id, id), isNull(authTokens.usedAt)))
    .returning({ id: authTokens.id });
  return used.length === 1;
}

export async function findUserByEmail(db: Db, email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert) {
  const [u] = await db.insert(users).values(row).returning();
  return u!;
}

export async function markEmailVerified(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}

/** The staff or head membership a user already holds in a school, if any. */
export async function staffMembershipAt(db: Db, userId: string, schoolUai: string) {
  const [m] = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.schoolUai, schoolUai),
        inArray(memberships.role, ['school_head', 'school_staff']),
      ),
    );
  return m;
}

export async function insertMembership(db: Db, row: typeof memberships.$inferInsert) {
  const [m] = await db.insert(memberships).values(row).returning();
  return m!;
}

export async function usersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(inArray(users.id, ids));
}

export async function studentNamesByIds(db: Db, schoolUai: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: students.id, firstName: students.firstName, lastName: students.lastName })
    .from(students)
    .where(and(inArray(students.id, ids), eq(students.schoolUai, schoolUai)));
}
