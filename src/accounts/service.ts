import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { ROLES, ROLE_LABELS, type Principal, type Role, type Scope } from '../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import {
  demoAccounts,
  liveSessionBundle,
  insertSession,
  liveSessionsOf,
  membershipsOf,
  revokeSession,
  revokeSessionsOf,
  touchSession,
  type MembershipWithPlace,
  type UserRow,
} from './store.ts';

export interface AccountsDeps {
  db: Db;
  clock: () => Date;
}

/** A session ends after 2 hours without activity, and 12 hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 2 * 3600_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** lastSeenAt is written at most once a minute, not at every request */
const TOUCH_EVERY_MS = 60_000;

export type Failure<E extends string> = { ok: false; error: E };
export type Result<T, E extends string> = ({ ok: true } & T) | Failure<E>;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/** The scope a membership gives, or null when its record is incomplete (it then grants nothing). */
export function scopeOf(m: MembershipWithPlace): Scope | null {
  if (!isRole(m.role)) return null;
  switch (m.role) {
    case 'student':
    case 'guardian':
      return { kind: 'self' };
    case 'school_head':
    case 'school_staff':
      return m.schoolUai && m.schoolDepartementCode && m.schoolAcademyCode
        ? {
            kind: 'lycee',
            uai: m.schoolUai,
            departementCode: m.schoolDepartementCode,
            academyCode: m.schoolAcademyCode,
          }
        : null;
    case 'school_director':
      return m.schoolUai && m.schoolCirconscriptionId && m.schoolDepartementCode && m.schoolAcademyCode
        ? {
            kind: 'ecole',
            uai: m.schoolUai,
            circonscriptionId: m.schoolCirconscriptionId,
            departementCode: m.schoolDepartementCode,
            academyCode: m.schoolAcademyCode,
          }
        : null;
    case 'ien':
      return m.circonscriptionId && m.circonscriptionDepartementCode && m.departementAcademyCode
        ? {
            kind: 'circonscription',
            id: m.circonscriptionId,
            departementCode: m.circonscriptionDepartementCode,
            academyCode: m.departementAcademyCode,
          }
        : null;
    case 'dsden':
      return m.departementCode && m.departementAcademyCode
        ? { kind: 'departement', code: m.departementCode, academyCode: m.departementAcademyCode }
        : null;
    case 'rectorat':
      return m.academyCode ? { kind: 'academie', code: m.academyCode } : null;
    case 'host_member':
    case 'partner':
      return m.hostId ? { kind: 'host', hostId: m.hostId } : null;
    case 'admin':
      return { kind: 'platform' };
  }
}

/** French description of where a membership acts: "Lycée Émile Zola", "Ille-et-Vilaine"… */
export function scopeLabel(m: MembershipWithPlace): string {
  switch (m.role) {
    case 'school_head':
    case 'school_staff':
    case 'school_director':
      return m.schoolName ?? m.schoolUai ?? '';
    case 'ien':
      return m.circonscriptionName ?? '';
    case 'dsden':
      return m.departementName ? `Département : ${m.departementName}` : '';
    case 'rectorat':
      return m.academyName ? `Académie de ${m.academyName}` : '';
    case 'host_member':
    case 'partner':
      return m.hostName ?? '';
    case 'admin':
      return 'Toute la plateforme';
    default:
      return '';
  }
}

export function principalOf(
  user: UserRow,
  m: MembershipWithPlace,
  all: MembershipWithPlace[],
): Principal | null {
  const scope = scopeOf(m);
  if (!scope || !isRole(m.role)) return null;
  const studentIds =
    m.role === 'student'
      ? user.studentId
        ? [user.studentId]
        : []
      : m.role === 'guardian'
        ? all.flatMap((x) => (x.role === 'guardian' && x.guardianStudentId ? [x.guardianStudentId] : []))
        : [];
  return { userId: user.id, role: m.role, scope, studentIds, signatureDelegate: m.signatureDelegate };
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Opens a session for a user in one of their roles. Always a new token: signing in never reuses
 * the token a visitor already held (session fixation); the caller revokes the previous one.
 */
export async function openSession(
  deps: AccountsDeps,
  input: { userId: string; membershipId: string; method: string; ip?: string; userAgent?: string },
): Promise<NewSession> {
  const now = deps.clock();
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await insertSession(deps.db, {
    tokenHash: sha256(token),
    userId: input.userId,
    membershipId: input.membershipId,
    csrfToken,
    method: input.method,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 400) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export interface ResolvedSession {
  tokenHash: string;
  csrfToken: string;
  user: UserRow;
  membership: MembershipWithPlace;
  memberships: MembershipWithPlace[];
  principal: Principal;
}

/** The session behind a cookie token, or null when unknown, revoked, idle too long or expired. */
export async function resolveSession(deps: AccountsDeps, token: string): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const now = deps.clock();
  const tokenHash = sha256(token);
  const bundle = await liveSessionBundle(deps.db, tokenHash, now);
  if (!bundle) return null;
  const { session, user, memberships: all } = bundle;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await revokeSession(deps.db, tokenHash, now);
    return null;
  }
  if (user.disabledAt) return null;
  const membership = all.find((m) => m.id === session.membershipId);
  if (!membership) return null;
  const principal = principalOf(user, membership, all);
  if (!principal) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await touchSession(deps.db, tokenHash, now);
  return { tokenHash, csrfToken: session.csrfToken, user, membership, memberships: all, principal };
}

export async function closeSession(deps: AccountsDeps, tokenHash: string): Promise<void> {
  await revokeSession(deps.db, tokenHash, deps.clock());
}

/** "Se déconnecter": the current session ends, and the audit trail says so. */
export async function signOut(
  deps: AccountsDeps,
  auth: ResolvedSession,
  client: AuditContext,
): Promise<void> {
  await closeSession(deps, auth.tokenHash);
  await recordAudit(
    deps,
    { action: 'auth.sign_out', actor: auth.principal, schoolUai: auth.membership.schoolUai },
    client,
  );
}

/** "Se déconnecter partout": every session of the user ends now. */
export async function closeAllSessions(
  deps: AccountsDeps,
  auth: ResolvedSession,
  client: AuditContext,
): Promise<number> {
  const closed = await revokeSessionsOf(deps.db, auth.user.id, deps.clock());
  await recordAudit(
    deps,
    {
      action: 'auth.sign_out_everywhere',
      actor: auth.principal,
      schoolUai: auth.membership.schoolUai,
      details: { closed },
    },
    client,
  );
  return closed;
}

export async function listSessions(deps: AccountsDeps, userId: string, currentHash: string) {
  const list = await liveSessionsOf(deps.db, userId, deps.clock());
  return list.map((s) => ({
    id: s.tokenHash.slice(0, 12),
    current: s.tokenHash === currentHash,
    method: s.method,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
  }));
}

export interface DemoAccount {
  membershipId: string;
  role: Role;
  roleLabel: string;
  name: string;
  email: string;
  scopeLabel: string;
}

/** One demo account per role, in the order of the roles table. */
export async function listDemoAccounts(deps: AccountsDeps): Promise<DemoAccount[]> {
  const list = await demoAccounts(deps.db);
  const out: DemoAccount[] = [];
  for (const a of list) {
    if (!isRole(a.role)) continue;
    const [m] = (await membershipsOf(deps.db, a.userId)).filter((x) => x.id === a.membershipId);
    out.push({
      membershipId: a.membershipId,
      role: a.role,
      roleLabel: ROLE_LABELS[a.role],
      name: `${a.firstName} ${a.lastName}`,
      email: a.email,
      scopeLabel: m ? scopeLabel(m) : '',
    });
  }
  return out.sort((x, y) => ROLES.indexOf(x.role) - ROLES.indexOf(y.role));
}

/** Demo sign-in: opens a session for a demo account's membership (demo mode only, checked by the route). */
export async function demoSignIn(
  deps: AccountsDeps,
  membershipId: string,
  client: { ip?: string; userAgent?: string },
): Promise<Result<NewSession, 'unknown_demo_account'>> {
  const account = (await demoAccounts(deps.db)).find((a) => a.membershipId === membershipId);
  if (!account) return { ok: false, error: 'unknown_demo_account' };
  const session = await openSession(deps, {
    userId: account.userId,
    membershipId,
    method: 'demo',
    ...client,
  });
  const [m] = (await membershipsOf(deps.db, account.userId)).filter((x) => x.id === membershipId);
  await recordAudit(
    deps,
    {
      action: 'auth.sign_in',
      actor: { userId: account.userId, role: account.role },
      schoolUai: m?.schoolUai ?? null,
      details: { method: 'demo' },
    },
    client,
  );
  return { ok: true, ...session };
}
