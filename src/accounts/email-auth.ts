/**
 * E-mail sign-in (hosts, and any account with an e-mail): sign-up of a host organisation,
 * e-mail verification, password sign-in with lockout, password reset, one-time sign-in links.
 *
 * Never reveals whether an e-mail has an account: requests that take an e-mail answer the same
 * whatever the answer, the work done (argon2, mails queued) does not depend on it in a way the
 * caller can see, and lockouts apply to unknown addresses exactly like to accounts.
 */
import type { Db } from '../db/client.ts';
import { isCommonPassword } from '../domain/common-passwords.ts';
import { PASSWORD_MESSAGES, passwordIssues, type PasswordIssue } from '../domain/password.ts';
import { LIMITS, LOCKOUT_MINUTES } from '../domain/rate-limit.ts';
import { siretIssue, normaliseSiret, type SiretIssue } from '../domain/siret.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../infra/password.ts';
import { queueMail } from '../notifications/service.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { hit, reset } from './rate-limit.ts';
import { findUserByEmail, findUserById, membershipsOf, revokeSessionsOf, type UserRow } from './store.ts';
import {
  addressLockedSince,
  consumeToken,
  expireTokensOf,
  findLiveToken,
  hostWithSiretExists,
  insertAuthToken,
  insertHostWithMember,
  lockAddress,
  lockUser,
  markEmailVerified,
  setPassword,
  type AuthTokenKind,
} from './email-auth.store.ts';
import { openSession, randomToken, sha256, type NewSession, type Result } from './service.ts';

export interface PasswordDeps {
  db: Db;
  clock: () => Date;
  /** public URL of the platform, for the links in the mails (no trailing slash needed) */
  publicUrl: string;
}

export const VERIFY_EMAIL_TTL_MS = 24 * 3600_000;
export const PASSWORD_RESET_TTL_MS = 3600_000;
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;

/** Web pages the mails link to; tokens travel in the fragment, which never reaches a server. */
export const WEB_PATHS = {
  signIn: '/connexion',
  verify: '/verification',
  forgotPassword: '/mot-de-passe-oublie',
  reset: '/reinitialisation',
  link: '/connexion/lien',
} as const;

function url(deps: PasswordDeps, path: string, token?: string): string {
  const base = deps.publicUrl.replace(/\/+$/, '');
  return token === undefined ? `${base}${path}` : `${base}${path}#${token}`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Rate-limit key of an address: its hash, so that rate_limits holds no e-mail in clear. */
function addressKey(prefix: string, email: string): string {
  return `${prefix}:${sha256(normaliseEmail(email))}`;
}

const isActive = (u: UserRow | undefined): u is UserRow => u !== undefined && u.disabledAt === null;

async function issueToken(
  deps: PasswordDeps,
  db: Db,
  kind: AuthTokenKind,
  user: Pick<UserRow, 'id' | 'email'>,
  ttlMs: number,
): Promise<string> {
  const now = deps.clock();
  const token = randomToken();
  await insertAuthToken(db, {
    kind,
    tokenHash: sha256(token),
    userId: user.id,
    email: user.email,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
  });
  return token;
}

export type RateLimited = { ok: false; error: 'rate_limited'; retryAfterSeconds: number };

async function limitMailRequest(
  deps: PasswordDeps,
  what: string,
  email: string,
  client: AuditContext,
): Promise<RateLimited | null> {
  const perIp = await hit(deps, `${what}-ip:${client.ip ?? 'inconnue'}`, LIMITS.mailRequestsPerIp);
  if (!perIp.ok) return { ok: false, error: 'rate_limited', retryAfterSeconds: perIp.retryAfterSeconds };
  const perAddress = await hit(deps, addressKey(`${what}-address`, email), LIMITS.mailRequestsPerAddress);
  if (!perAddress.ok)
    return { ok: false, error: 'rate_limited', retryAfterSeconds: perAddress.retryAfterSeconds };
  return null;
}

async function limitTokenUse(deps: PasswordDeps, client: AuditContext): Promise<RateLimited | null> {
  const r = await hit(deps, `token-ip:${client.ip ?? 'inconnue'}`, LIMITS.tokensPerIp);
  return r.ok ? null : { ok: false, error: 'rate_limited', retryAfterSeconds: r.retryAfterSeconds };
}

// ---------------------------------------------------------------------------------------------
// Password rules

export function checkPassword(password: string, email: string): PasswordIssue[] {
  return passwordIssues(password, { email, isCommon: isCommonPassword });
}

export type FieldErrors = { field: string; message: string }[];

function passwordErrors(issues: PasswordIssue[]): FieldErrors {
  return issues.map((i) => ({ field: 'password', message: PASSWORD_MESSAGES[i] }));
}

// ---------------------------------------------------------------------------------------------
// Sign-up of a host organisation

export interface SignUpInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  organisation: { name: string; siret?: string | null | undefined };
}

export type SignUpError = 'invalid' | 'siret_taken' | 'rate_limited';

/**
 * Creates an unverified account, its host organisation and a host_member membership, and sends
 * the verification mail. When the address already has an account nothing is created and that
 * person gets a mail saying so: the answer is the same (no way to learn that the address exists).
 */
export async function signUpHost(
  deps: PasswordDeps,
  input: SignUpInput,
  client: AuditContext,
): Promise<
  | { ok: true }
  | { ok: false; error: 'invalid'; errors: FieldErrors; siret?: SiretIssue }
  | { ok: false; error: 'siret_taken' }
  | RateLimited
> {
  const email = normaliseEmail(input.email);
  const errors: FieldErrors = passwordErrors(checkPassword(input.password, email));
  const siret = input.organisation.siret ? normaliseSiret(input.organisation.siret) : null;
  const siretProblem = siret === null || siret === '' ? null : siretIssue(siret);
  if (siretProblem)
    errors.push({
      field: 'organisation.siret',
      message:
        siretProblem === 'format'
          ? 'Le SIRET doit comporter 14 chiffres.'
          : 'Ce SIRET n’est pas valide : vérifiez les 14 chiffres (clé de contrôle incorrecte).',
    });
  if (errors.length > 0) return { ok: false, error: 'invalid', errors };

  const limited = await limitMailRequest(deps, 'sign-up', email, client);
  if (limited) return limited;

  // checked before the address: the answer about the SIRET never depends on the e-mail
  if (siret && (await hostWithSiretExists(deps.db, siret))) return { ok: false, error: 'siret_taken' };

  // hashed whatever happens next: both branches take the time of an argon2 hash
  const passwordHash = await hashPassword(input.password);
  const existing = await findUserByEmail(deps.db, email);
  if (existing) {
    await tellExisting(deps, existing);
    return { ok: true };
  }
  try {
    await deps.db.transaction(async (tx) => {
      const created = await insertHostWithMember(tx as unknown as Db, {
        email,
        firstName: input.firstName,
        lastName: input.lastName,
        passwordHash,
        organisation: { name: input.organisation.name, siret: siret || null },
        now: deps.clock(),
      });
      const token = await issueToken(
        deps,
        tx as unknown as Db,
        'verify_email',
        { id: created.userId, email },
        VERIFY_EMAIL_TTL_MS,
      );
      await queueMail(tx as unknown as Db, deps.clock, {
        to: email,
        template: 'verify_email',
        data: { name: input.firstName, link: url(deps, WEB_PATHS.verify, token) },
      });
    });
  } catch (error) {
    // two sign-ups at once: the other one created the address (or the SIRET) first
    if (!isUniqueViolation(error)) throw error;
    const raced = await findUserByEmail(deps.db, email);
    if (raced) {
      await tellExisting(deps, raced);
      return { ok: true };
    }
    return { ok: false, error: 'siret_taken' };
  }
  return { ok: true };
}

async function tellExisting(deps: PasswordDeps, user: UserRow): Promise<void> {
  if (user.disabledAt) return;
  await queueMail(deps.db, deps.clock, {
    to: user.email,
    template: 'sign_up_existing',
    data: {
      name: user.firstName,
      signInLink: url(deps, WEB_PATHS.signIn),
      resetLink: url(deps, WEB_PATHS.forgotPassword),
    },
  });
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Sends the verification mail again to an unverified account; does nothing visible otherwise. */
export async function resendVerification(
  deps: PasswordDeps,
  email: string,
  client: AuditContext,
): Promise<{ ok: true } | RateLimited> {
  const limited = await limitMailRequest(deps, 'verify', email, client);
  if (limited) return limited;
  const user = await findUserByEmail(deps.db, normaliseEmail(email));
  if (isActive(user) && user.emailVerifiedAt === null) {
    const token = await issueToken(deps, deps.db, 'verify_email', user, VERIFY_EMAIL_TTL_MS);
    await queueMail(deps.db, deps.clock, {
      to: user.email,
      template: 'verify_email',
      data: { name: user.firstName, link: url(deps, WEB_PATHS.verify, token) },
    });
  }
  return { ok: true };
}

/** Consumes a verification token (single use, 24 hours) and marks the address verified. */
export async function verifyEmail(
  deps: PasswordDeps,
  token: string,
  client: AuditContext,
): Promise<Result<object, 'invalid_token'> | RateLimited> {
  const limited = await limitTokenUse(deps, client);
  if (limited) return limited;
  const now = deps.clock();
  const used = await consumeToken(deps.db, 'verify_email', sha256(token), now);
  if (!used?.userId) return { ok: false, error: 'invalid_token' };
  await markEmailVerified(deps.db, used.userId, now);
  await recordAudit(deps, { action: 'auth.email_verified', actor: { userId: used.userId } }, client);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Password sign-in

export type SignInFailure =
  | { ok: false; error: 'invalid_credentials' }
  | { ok: false; error: 'unverified' }
  | { ok: false; error: 'no_role' }
  | { ok: false; error: 'locked'; retryAfterSeconds: number }
  | RateLimited;

const LOCKOUT_MS = LOCKOUT_MINUTES * 60_000;

async function lockedFor(deps: PasswordDeps, user: UserRow | undefined, email: string): Promise<number> {
  const now = deps.clock().getTime();
  const until = user
    ? (user.lockedUntil?.getTime() ?? 0)
    : ((await addressLockedSince(deps.db, addressKey('sign-in-lock', email)))?.getTime() ?? -Infinity) +
      LOCKOUT_MS;
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/**
 * Signs in with e-mail and password. Rate-limited per IP; after LIMITS.signInFailuresPerAccount
 * failures on one address, the address is locked for LOCKOUT_MINUTES (an account gets the notice
 * mail once, and an audit event). The previous session, if any, is the caller's to revoke.
 */
export async function signInWithPassword(
  deps: PasswordDeps,
  input: { email: string; password: string },
  client: AuditContext,
): Promise<({ ok: true; userId: string } & NewSession) | SignInFailure> {
  const perIp = await hit(deps, `sign-in-ip:${client.ip ?? 'inconnue'}`, LIMITS.signInPerIp);
  if (!perIp.ok) return { ok: false, error: 'rate_limited', retryAfterSeconds: perIp.retryAfterSeconds };

  const email = normaliseEmail(input.email);
  const found = await findUserByEmail(deps.db, email);
  const user = isActive(found) ? found : undefined;
  const locked = await lockedFor(deps, user, email);
  if (locked > 0) {
    await recordAudit(
      deps,
      {
        action: 'auth.sign_in_failed',
        actor: user ? { userId: user.id } : null,
        details: { method: 'password', reason: 'locked' },
      },
      client,
    );
    return { ok: false, error: 'locked', retryAfterSeconds: locked };
  }

  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);

  if (!valid) {
    await recordAudit(
      deps,
      {
        action: 'auth.sign_in_failed',
        actor: user ? { userId: user.id } : null,
        details: { method: 'password', reason: user ? 'wrong_password' : 'unknown_email' },
      },
      client,
    );
    const failures = await hit(deps, addressKey('sign-in-fail', email), LIMITS.signInFailuresPerAccount);
    if (failures.count >= LIMITS.signInFailuresPerAccount.max) {
      const now = deps.clock();
      const until = new Date(now.getTime() + LOCKOUT_MS);
      await reset(deps, addressKey('sign-in-fail', email));
      if (user) {
        if (await lockUser(deps.db, user.id, now, until)) {
          await queueMail(deps.db, deps.clock, {
            to: user.email,
            template: 'lockout_notice',
            data: {
              name: user.firstName,
              lockedUntil: until,
              resetLink: url(deps, WEB_PATHS.forgotPassword),
            },
          });
          await recordAudit(
            deps,
            { action: 'auth.lockout', actor: { userId: user.id }, details: { until: until.toISOString() } },
            client,
          );
        }
      } else {
        await lockAddress(deps.db, addressKey('sign-in-lock', email), now);
      }
      return { ok: false, error: 'locked', retryAfterSeconds: LOCKOUT_MS / 1000 };
    }
    return { ok: false, error: 'invalid_credentials' };
  }

  // from here the password is right: saying more reveals nothing to someone who lacks it
  await reset(deps, addressKey('sign-in-fail', email));
  if (user!.emailVerifiedAt === null) return { ok: false, error: 'unverified' };
  const session = await openSessionFor(deps, user!, 'password', client);
  if (!session) return { ok: false, error: 'no_role' };
  await recordAudit(
    deps,
    {
      action: 'auth.sign_in',
      actor: { userId: user!.id, role: session.role },
      details: { method: 'password' },
    },
    client,
  );
  return { ok: true, userId: user!.id, ...session.session };
}

/** Opens a session in the user's host role, else their first role; null when they have none. */
async function openSessionFor(
  deps: PasswordDeps,
  user: UserRow,
  method: string,
  client: AuditContext,
): Promise<{ session: NewSession; role: string } | null> {
  const all = await membershipsOf(deps.db, user.id);
  const m = all.find((x) => x.role === 'host_member') ?? all[0];
  if (!m) return null;
  const session = await openSession(deps, {
    userId: user.id,
    membershipId: m.id,
    method,
    ...(client.ip === undefined ? {} : { ip: client.ip }),
    ...(client.userAgent === undefined ? {} : { userAgent: client.userAgent }),
  });
  return { session, role: m.role };
}

// ---------------------------------------------------------------------------------------------
// Password reset

/** Mails a 1-hour single-use reset link when the address has an active account; same answer otherwise. */
export async function requestPasswordReset(
  deps: PasswordDeps,
  email: string,
  client: AuditContext,
): Promise<{ ok: true } | RateLimited> {
  const limited = await limitMailRequest(deps, 'reset', email, client);
  if (limited) return limited;
  const user = await findUserByEmail(deps.db, normaliseEmail(email));
  if (isActive(user)) {
    const token = await issueToken(deps, deps.db, 'password_reset', user, PASSWORD_RESET_TTL_MS);
    await queueMail(deps.db, deps.clock, {
      to: user.email,
      template: 'password_reset',
      data: { name: user.firstName, link: url(deps, WEB_PATHS.reset, token) },
    });
  }
  return { ok: true };
}

/**
 * Sets a new password with a reset token: the rules are checked first (a refused password keeps
 * the token usable), then the token is consumed, every session of the user ends and the lockout
 * is lifted.
 */
export async function resetPassword(
  deps: PasswordDeps,
  input: { token: string; password: string },
  client: AuditContext,
): Promise<
  | { ok: true }
  | { ok: false; error: 'invalid_token' }
  | { ok: false; error: 'invalid'; errors: FieldErrors }
  | RateLimited
> {
  const limited = await limitTokenUse(deps, client);
  if (limited) return limited;
  const now = deps.clock();
  const hash = sha256(input.token);
  const pending = await findLiveToken(deps.db, 'password_reset', hash, now);
  const user = pending?.userId ? await findUserById(deps.db, pending.userId) : undefined;
  if (!pending || !isActive(user)) return { ok: false, error: 'invalid_token' };
  const issues = checkPassword(input.password, user.email);
  if (issues.length > 0) return { ok: false, error: 'invalid', errors: passwordErrors(issues) };
  const passwordHash = await hashPassword(input.password);
  const used = await consumeToken(deps.db, 'password_reset', hash, deps.clock());
  if (!used) return { ok: false, error: 'invalid_token' };
  await setPassword(deps.db, user.id, passwordHash, now);
  await expireTokensOf(deps.db, user.id, 'password_reset', now);
  const closed = await revokeSessionsOf(deps.db, user.id, now);
  await reset(deps, addressKey('sign-in-fail', user.email));
  await recordAudit(
    deps,
    { action: 'auth.password_reset', actor: { userId: user.id }, details: { sessionsClosed: closed } },
    client,
  );
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// One-time sign-in links

/**
 * Queues the sign_in_link mail (15 minutes, single use) when an active account has this e-mail;
 * does nothing visible otherwise. No rate limit here: callers that act on a visitor's request
 * (requestSignInLink) apply it; invitations and activations call this directly.
 */
export async function sendSignInLink(deps: PasswordDeps, email: string, client: AuditContext): Promise<void> {
  void client;
  const user = await findUserByEmail(deps.db, normaliseEmail(email));
  if (!isActive(user)) return;
  const token = await issueToken(deps, deps.db, 'sign_in_link', user, SIGN_IN_LINK_TTL_MS);
  await queueMail(deps.db, deps.clock, {
    to: user.email,
    template: 'sign_in_link',
    data: { name: user.firstName, link: url(deps, WEB_PATHS.link, token) },
  });
}

/** A visitor asks for a link: rate-limited per address and per IP, same answer for every address. */
export async function requestSignInLink(
  deps: PasswordDeps,
  email: string,
  client: AuditContext,
): Promise<{ ok: true } | RateLimited> {
  const limited = await limitMailRequest(deps, 'link', email, client);
  if (limited) return limited;
  await sendSignInLink(deps, email, client);
  return { ok: true };
}

/**
 * Consumes a sign-in link (atomically: a second use fails) and opens a session. The link proves
 * the mailbox, so the address becomes verified.
 */
export async function consumeSignInLink(
  deps: PasswordDeps,
  token: string,
  client: AuditContext,
): Promise<
  | ({ ok: true; userId: string } & NewSession)
  | { ok: false; error: 'invalid_token' | 'no_role' }
  | RateLimited
> {
  const limited = await limitTokenUse(deps, client);
  if (limited) return limited;
  const now = deps.clock();
  const used = await consumeToken(deps.db, 'sign_in_link', sha256(token), now);
  const user = used?.userId ? await findUserById(deps.db, used.userId) : undefined;
  if (!isActive(user)) return { ok: false, error: 'invalid_token' };
  await markEmailVerified(deps.db, user.id, now);
  const session = await openSessionFor(deps, user, 'link', client);
  if (!session) return { ok: false, error: 'no_role' };
  await recordAudit(
    deps,
    { action: 'auth.link_used', actor: { userId: user.id, role: session.role }, details: { method: 'link' } },
    client,
  );
  return { ok: true, userId: user.id, ...session.session };
}
