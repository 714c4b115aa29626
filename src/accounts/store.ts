import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { memberships, sessions, users } from '../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** A membership with what its scope needs: the département and académie of its school or office. */
export interface MembershipWithPlace extends MembershipRow {
  schoolName: string | null;
  schoolDepartementCode: string | null;
  schoolAcademyCode: string | null;
  schoolCirconscriptionId: string | null;
  circonscriptionName: string | null;
  circonscriptionDepartementCode: string | null;
  departementName: string | null;
  departementAcademyCode: string | null;
  academyName: string | null;
  hostName: string | null;
  /** guardian: the student they represent */
  guardianStudentId: string | null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return u;
}

/** The columns of a membership with its place (MembershipWithPlace), from memberships m. */
const MEMBERSHIP_SELECT = sql`
  select m.id, m.user_id as "userId", m.role, m.school_uai as "schoolUai",
         m.circonscription_id as "circonscriptionId", m.departement_code as "departementCode",
         m.academy_code as "academyCode", m.host_id as "hostId", m.guardian_id as "guardianId",
         m.staff_function as "staffFunction", m.signature_delegate as "signatureDelegate",
         m.created_at as "createdAt",
         s.name as "schoolName", s.departement_code as "schoolDepartementCode",
         s.academy_code as "schoolAcademyCode", s.circonscription_id as "schoolCirconscriptionId",
         c.name as "circonscriptionName", c.departement_code as "circonscriptionDepartementCode",
         d.name as "departementName",
         coalesce(d.academy_code, cd.academy_code, m.academy_code) as "departementAcademyCode",
         a.name as "academyName", h.name as "hostName", g.student_id as "guardianStudentId"
  from memberships m
  left join schools s on s.uai = m.school_uai
  left join circonscriptions c on c.id = coalesce(m.circonscription_id, s.circonscription_id)
  left join departements cd on cd.code = c.departement_code
  left join departements d on d.code = m.departement_code
  left join academies a on a.code = coalesce(m.academy_code, d.academy_code, cd.academy_code, s.academy_code)
  left join hosts h on h.id = m.host_id
  left join guardians g on g.id = m.guardian_id`;

export async function membershipsOf(db: Db, userId: string): Promise<MembershipWithPlace[]> {
  return rows<MembershipWithPlace>(
    db,
    sql`${MEMBERSHIP_SELECT} where m.user_id = ${userId} order by m.created_at, m.id`,
  );
}

export interface SessionBundle {
  session: SessionRow;
  user: UserRow;
  memberships: MembershipWithPlace[];
}

/**
 * A live session with its user and all the user's memberships, in one round trip: this runs on
 * every signed-in request.
 */
type MembershipJson = Omit<MembershipWithPlace, 'createdAt'> & { createdAt: string };

/** Prepared once per database (planning this join costs more than running it). */
const bundleQueries = new WeakMap<Db, ReturnType<typeof prepareBundle>>();

function prepareBundle(db: Db) {
  return db
    .select({
      session: sessions,
      user: users,
      memberships: sql<MembershipJson[] | string>`coalesce(
        (select json_agg(x order by x."createdAt", x.id) from (${MEMBERSHIP_SELECT} where m.user_id = ${users.id}) x),
        '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('live_session_bundle');
}

export async function liveSessionBundle(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<SessionBundle | undefined> {
  let query = bundleQueries.get(db);
  if (!query) bundleQueries.set(db, (query = prepareBundle(db)));
  const [r] = await query.execute({ tokenHash, now: now.toISOString() });
  if (!r) return undefined;
  const list: MembershipJson[] =
    typeof r.memberships === 'string' ? JSON.parse(r.memberships) : r.memberships;
  return {
    session: r.session,
    user: r.user,
    memberships: list.map((m) => ({
      ...m,
      createdAt: new Date(m.createdAt),
    })),
  };
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionRow | undefined> {
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  return s;
}

export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

export async function revokeSessionsOf(db: Db, userId: string, now: Date): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  return revoked.length;
}

export async function liveSessionsOf(db: Db, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

export interface DemoAccountRow {
  userId: string;
  membershipId: string;
  role: string;
  firstName: string;
  lastName: string;
  email: string;
}

export async function demoAccounts(db: Db): Promise<DemoAccountRow[]> {
  return db
    .select({
      userId: users.id,
      membershipId: memberships.id,
      role: memberships.role,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.isDemo, true))
    .orderBy(asc(users.createdAt), asc(users.email));
}
