import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { classCodes, classes, guardians, memberships, students, users } from '../db/schema/index.ts';

export interface ClassRef {
  id: string;
  schoolUai: string;
  name: string;
  schoolYear: string;
}

export async function findClass(db: Db, classId: string): Promise<ClassRef | undefined> {
  const [c] = await db
    .select({
      id: classes.id,
      schoolUai: classes.schoolUai,
      name: classes.name,
      schoolYear: classes.schoolYear,
    })
    .from(classes)
    .where(eq(classes.id, classId));
  return c;
}

/** The classes of a lycée with their number of students, by year then name. */
export async function classesOfSchool(db: Db, uai: string): Promise<(ClassRef & { students: number })[]> {
  return db
    .select({
      id: classes.id,
      schoolUai: classes.schoolUai,
      name: classes.name,
      schoolYear: classes.schoolYear,
      students: sql<number>`(select count(*)::int from students s where s.class_id = classes.id)`,
    })
    .from(classes)
    .where(eq(classes.schoolUai, uai))
    .orderBy(sql`${classes.schoolYear} desc`, asc(classes.name));
}

/** Inserts a code; false when it already exists (the caller draws another). */
export async function insertClassCode(db: Db, row: typeof classCodes.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(classCodes)
    .values(row)
    .onConflictDoNothing()
    .returning({ code: classCodes.code });
  return inserted.length === 1;
}

export interface LiveCode {
  code: string;
  classId: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function liveCodesOf(db: Db, classIds: string[], now: Date): Promise<LiveCode[]> {
  if (classIds.length === 0) return [];
  return db
    .select({
      code: classCodes.code,
      classId: classCodes.classId,
      createdAt: classCodes.createdAt,
      expiresAt: classCodes.expiresAt,
    })
    .from(classCodes)
    .where(
      and(inArray(classCodes.classId, classIds), isNull(classCodes.revokedAt), gt(classCodes.expiresAt, now)),
    )
    .orderBy(asc(classCodes.expiresAt));
}

/** The class of a live code (unrevoked, unexpired), or undefined. */
export async function classOfLiveCode(db: Db, code: string, now: Date): Promise<ClassRef | undefined> {
  const [c] = await db
    .select({
      id: classes.id,
      schoolUai: classes.schoolUai,
      name: classes.name,
      schoolYear: classes.schoolYear,
    })
    .from(classCodes)
    .innerJoin(classes, eq(classes.id, classCodes.classId))
    .where(and(eq(classCodes.code, code), isNull(classCodes.revokedAt), gt(classCodes.expiresAt, now)));
  return c;
}

export interface ClassStudent {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  ine: string | null;
  schoolUai: string;
}

/** The students of a class born on that date (few: the names are compared by the service). */
export async function studentsBornOn(db: Db, classId: string, birthDate: string): Promise<ClassStudent[]> {
  return db
    .select({
      id: students.id,
      firstName: students.firstName,
      lastName: students.lastName,
      birthDate: students.birthDate,
      ine: students.ine,
      schoolUai: students.schoolUai,
    })
    .from(students)
    .where(and(eq(students.classId, classId), eq(students.birthDate, birthDate)));
}

export async function guardiansOf(db: Db, studentId: string) {
  return db
    .select({
      id: guardians.id,
      firstName: guardians.firstName,
      lastName: guardians.lastName,
      email: guardians.email,
    })
    .from(guardians)
    .where(eq(guardians.studentId, studentId));
}

export type UserRow = typeof users.$inferSelect;

export async function userOfStudent(db: Db, studentId: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.studentId, studentId));
  return u;
}

export async function userByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<string> {
  const [u] = await db.insert(users).values(row).returning({ id: users.id });
  return u!.id;
}

export async function changeEmail(db: Db, userId: string, email: string): Promise<void> {
  await db.update(users).set({ email, emailVerifiedAt: null }).where(eq(users.id, userId));
}

export async function hasMembership(
  db: Db,
  userId: string,
  m: { role: 'student'; schoolUai: string } | { role: 'guardian'; guardianId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.role, m.role),
        m.role === 'guardian'
          ? eq(memberships.guardianId, m.guardianId)
          : eq(memberships.schoolUai, m.schoolUai),
      ),
    );
  return row !== undefined;
}

export async function insertMembership(db: Db, row: typeof memberships.$inferInsert): Promise<void> {
  await db.insert(memberships).values(row);
}
