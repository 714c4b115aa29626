import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { authTokens, guardians, memberships, schools, students, users } from '../db/schema/index.ts';
import type { NewMembership } from '../domain/identity.ts';

/** What a sign-in flow keeps between the redirection to the provider and the callback. */
export interface OidcStatePayload {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

export async function insertOidcState(
  db: Db,
  row: { tokenHash: string; payload: OidcStatePayload; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(authTokens).values({ kind: 'oidc_state', ...row, payload: { ...row.payload } });
}

/** Consumes a sign-in flow's state (atomically: single use), or undefined when unknown, used or expired. */
export async function consumeOidcState(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<OidcStatePayload | undefined> {
  const [t] = await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.kind, 'oidc_state'),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .returning({ payload: authTokens.payload });
  return t?.payload as OidcStatePayload | undefined;
}

export async function findUserIdBySubject(db: Db, subject: string): Promise<{ id: string } | undefined> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.oidcSubject, subject));
  return u;
}

export interface StudentByIne {
  id: string;
  schoolUai: string;
  userId: string | null;
  firstName: string;
  lastName: string;
}

export async function findStudentByIne(db: Db, ine: string): Promise<StudentByIne | undefined> {
  const [s] = await db
    .select({
      id: students.id,
      schoolUai: students.schoolUai,
      userId: users.id,
      firstName: students.firstName,
      lastName: students.lastName,
    })
    .from(students)
    .leftJoin(users, eq(users.studentId, students.id))
    .where(eq(students.ine, ine));
  return s;
}

export async function findUserByEmailWithStudent(
  db: Db,
  email: string,
): Promise<{ id: string; studentId: string | null; studentSchoolUai: string | null } | undefined> {
  const [u] = await db
    .select({ id: users.id, studentId: users.studentId, studentSchoolUai: students.schoolUai })
    .from(users)
    .leftJoin(students, eq(students.id, users.studentId))
    .where(eq(users.email, email));
  return u;
}

export async function findGuardiansByEmail(
  db: Db,
  email: string,
): Promise<{ id: string; firstName: string; lastName: string }[]> {
  return db
    .select({ id: guardians.id, firstName: guardians.firstName, lastName: guardians.lastName })
    .from(guardians)
    .where(sql`lower(${guardians.email}) = ${email}`)
    .orderBy(guardians.id);
}

export async function findSchool(db: Db, uai: string): Promise<{ uai: string; kind: string } | undefined> {
  const [s] = await db
    .select({ uai: schools.uai, kind: schools.kind })
    .from(schools)
    .where(eq(schools.uai, uai));
  return s;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<string> {
  const [u] = await db.insert(users).values(row).returning({ id: users.id });
  return u!.id;
}

/** Links the account to the provider's subject, unless it already has one. */
export async function linkSubject(db: Db, userId: string, subject: string): Promise<void> {
  await db
    .update(users)
    .set({ oidcSubject: subject })
    .where(and(eq(users.id, userId), isNull(users.oidcSubject)));
}

export async function markVerifiedIfEmail(db: Db, userId: string, email: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, userId), eq(users.email, email), isNull(users.emailVerifiedAt)));
}

/** Adds the memberships the account does not hold yet (same role and same school or guardian record). */
export async function ensureMemberships(
  db: Db,
  userId: string,
  wanted: readonly NewMembership[],
): Promise<void> {
  if (wanted.length === 0) return;
  const held = await db.select().from(memberships).where(eq(memberships.userId, userId));
  for (const m of wanted) {
    const has = held.some((h) =>
      m.role === 'guardian'
        ? h.role === 'guardian' && h.guardianId === m.guardianId
        : h.role === m.role && h.schoolUai === m.schoolUai,
    );
    if (has) continue;
    await db
      .insert(memberships)
      .values(
        m.role === 'guardian'
          ? { userId, role: 'guardian', guardianId: m.guardianId }
          : { userId, role: m.role, schoolUai: m.schoolUai },
      );
  }
}
