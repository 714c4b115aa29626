/**
 * Class codes and account activation, for when no identity provider is configured: a teacher or
 * the head creates a code for a class; a student (or a guardian) types it with the student's name
 * and birth date and an e-mail address; the platform mails a one-time sign-in link to that
 * address, which becomes verified when the link is used.
 *
 * The answer to an activation never says which field was wrong, nor whether the address already
 * has an account: every accepted request gets the same answer, whether a link was sent or not.
 */
import { randomBytes } from 'node:crypto';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { hit } from '../accounts/rate-limit.ts';
import { sendSignInLink } from '../accounts/email-auth.ts';
import type { AccountsDeps } from '../accounts/service.ts';
import {
  CLASS_CODE_DAYS,
  classCodeFrom,
  isClassCode,
  normalizeClassCode,
  sameName,
} from '../domain/identity.ts';
import { authorize, type Principal } from '../domain/permissions.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import {
  changeEmail,
  classesOfSchool,
  classOfLiveCode,
  findClass,
  guardiansOf,
  hasMembership,
  insertClassCode,
  insertMembership,
  insertUser,
  liveCodesOf,
  studentsBornOn,
  userByEmail,
  userOfStudent,
  type ClassRef,
} from './store.ts';

export interface ActivationDeps extends AccountsDeps {
  publicUrl: string;
}

async function classInScope(
  deps: ActivationDeps,
  principal: Principal,
  classId: string,
): Promise<ClassRef | undefined> {
  const found = await findClass(deps.db, classId);
  if (!found) return undefined;
  return authorize(principal, 'class_code.create', { schoolUai: found.schoolUai }).ok ? found : undefined;
}

const view = (c: { code: string; createdAt: Date; expiresAt: Date }) => ({
  code: c.code,
  createdAt: c.createdAt.toISOString(),
  expiresAt: c.expiresAt.toISOString(),
});

/** Creates a class code valid 30 days; not_found when the class is unknown or outside the principal's lycée. */
export async function createClassCode(deps: ActivationDeps, principal: Principal, classId: string) {
  const found = await classInScope(deps, principal, classId);
  if (!found) return { ok: false as const, error: 'not_found' as const };
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + CLASS_CODE_DAYS * 86_400_000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = classCodeFrom(() => randomBytes(16));
    if (
      await insertClassCode(deps.db, {
        code,
        classId: found.id,
        createdBy: principal.userId,
        createdAt: now,
        expiresAt,
      })
    ) {
      return {
        ok: true as const,
        classId: found.id,
        className: found.name,
        ...view({ code, createdAt: now, expiresAt }),
      };
    }
  }
  throw new Error('aucun code de classe libre après 5 tirages');
}

/** The live codes of a class. */
export async function listClassCodes(deps: ActivationDeps, principal: Principal, classId: string) {
  const found = await classInScope(deps, principal, classId);
  if (!found) return { ok: false as const, error: 'not_found' as const };
  const codes = await liveCodesOf(deps.db, [found.id], deps.clock());
  return { ok: true as const, classId: found.id, className: found.name, items: codes.map(view) };
}

/** The classes of the principal's lycée with their live codes. */
export async function schoolClassCodes(deps: ActivationDeps, principal: Principal) {
  if (principal.scope.kind !== 'lycee') return [];
  const list = await classesOfSchool(deps.db, principal.scope.uai);
  const codes = await liveCodesOf(
    deps.db,
    list.map((c) => c.id),
    deps.clock(),
  );
  return list.map((c) => ({
    id: c.id,
    name: c.name,
    schoolYear: c.schoolYear,
    students: Number(c.students),
    codes: codes.filter((x) => x.classId === c.id).map(view),
  }));
}

export interface ActivationInput {
  classCode: string;
  /** the student's name and birth date (YYYY-MM-DD) */
  lastName: string;
  firstName: string;
  birthDate: string;
  /** where to send the sign-in link */
  email: string;
  /** a guardian activating: their own name, as on the student's record */
  guardian?: { lastName: string; firstName: string } | undefined;
}

export type ActivationResult =
  | { ok: true }
  | { ok: false; error: 'no_match' }
  | { ok: false; error: 'rate_limited'; retryAfterSeconds: number };

/**
 * Activates a student's (or guardian's) account from a class code. Success (a link was mailed,
 * or nothing was done because the address belongs to another account) always looks the same.
 */
export async function activate(
  deps: ActivationDeps,
  input: ActivationInput,
  client: AuditContext,
): Promise<ActivationResult> {
  const limited = await hit(deps, `activation-ip:${client.ip ?? 'inconnue'}`, LIMITS.activationsPerIp);
  if (!limited.ok) return { ok: false, error: 'rate_limited', retryAfterSeconds: limited.retryAfterSeconds };
  const now = deps.clock();
  const code = normalizeClassCode(input.classCode);
  const email = input.email.trim().toLowerCase();
  const found = isClassCode(code) ? await classOfLiveCode(deps.db, code, now) : undefined;
  const candidates = found ? await studentsBornOn(deps.db, found.id, input.birthDate) : [];
  const matches = candidates.filter(
    (s) => sameName(s.lastName, input.lastName) && sameName(s.firstName, input.firstName),
  );
  const student = matches.length === 1 ? matches[0] : undefined;
  const failed = async () => {
    await recordAudit(
      deps,
      {
        action: 'auth.sign_in_failed',
        schoolUai: found?.schoolUai ?? null,
        details: { method: 'class_code', reason: found ? 'no_match' : 'unknown_code' },
      },
      client,
    );
    return { ok: false as const, error: 'no_match' as const };
  };
  if (!found || !student) return failed();

  let userId: string | undefined;
  let role: 'student' | 'guardian';
  if (input.guardian) {
    role = 'guardian';
    const g = input.guardian;
    const record = (await guardiansOf(deps.db, student.id)).find(
      (x) => sameName(x.lastName, g.lastName) && sameName(x.firstName, g.firstName),
    );
    // a guardian whose address is on file activates with that address (or by the invitation mail)
    if (!record || (record.email && record.email.trim().toLowerCase() !== email)) return failed();
    const existing = await userByEmail(deps.db, email);
    if (existing && existing.studentId === null) userId = existing.id;
    else if (!existing)
      userId = await insertUser(deps.db, {
        email,
        firstName: record.firstName,
        lastName: record.lastName,
        createdAt: now,
      });
    if (userId && !(await hasMembership(deps.db, userId, { role: 'guardian', guardianId: record.id })))
      await insertMembership(deps.db, { userId, role: 'guardian', guardianId: record.id });
  } else {
    role = 'student';
    const account = await userOfStudent(deps.db, student.id);
    const owner = await userByEmail(deps.db, email);
    if (account) {
      if (account.email === email) userId = account.id;
      // an address mistyped at a first activation may be replaced until the account is used
      else if (!owner && !account.emailVerifiedAt && !account.passwordHash && !account.oidcSubject) {
        await changeEmail(deps.db, account.id, email);
        userId = account.id;
      }
    } else if (!owner) {
      userId = await insertUser(deps.db, {
        email,
        firstName: student.firstName,
        lastName: student.lastName,
        studentId: student.id,
        ine: student.ine,
        createdAt: now,
      });
    }
    if (userId && !(await hasMembership(deps.db, userId, { role: 'student', schoolUai: student.schoolUai })))
      await insertMembership(deps.db, { userId, role: 'student', schoolUai: student.schoolUai });
  }

  if (userId) await sendSignInLink(deps, email, client);
  await recordAudit(
    deps,
    {
      action: 'auth.account_activated',
      actor: userId ? { userId, role } : null,
      studentId: student.id,
      schoolUai: student.schoolUai,
      details: { method: 'class_code', role, linkSent: userId !== undefined },
    },
    client,
  );
  return { ok: true };
}
