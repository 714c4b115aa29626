import { recordAudit, type AuditContext, type AuditInput } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import type { Principal } from '../domain/permissions.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import type { HostInvitationPayload } from '../hosts/service.ts';
import { hostMembershipOf } from '../hosts/store.ts';
import { queueMail } from '../notifications/service.ts';
import type { InvitationPayload as StaffInvitationPayload } from '../schools/service.ts';
import {
  consumeAuthToken,
  findAuthToken,
  findUserByEmail,
  insertAuthToken,
  insertMembership,
  insertUser,
  markEmailVerified,
  staffMembershipAt,
} from '../schools/store.ts';
import { hit } from './rate-limit.ts';
import { openSession, randomToken, sha256, type NewSession } from './service.ts';

/**
 * Invitations (auth_tokens of kind 'invitation'): a one-time link by mail, valid 7 days. The
 * payload says what the invited person joins: a lycée's staff (schoolUai) or a host organisation
 * (hostId). Sending and accepting are the same for both; only the membership granted differs.
 */
export interface InvitationDeps {
  db: Db;
  clock: () => Date;
  /** absolute URL of the platform, for the link in the mail */
  publicUrl: string;
}

export const INVITATION_DAYS = 7;

export type AnyInvitationPayload = StaffInvitationPayload | HostInvitationPayload;

const isHostInvitation = (p: AnyInvitationPayload): p is HostInvitationPayload =>
  typeof (p as Partial<HostInvitationPayload>).hostId === 'string';

/**
 * Mails an invitation: stores the token's hash with the payload, queues the mail and records the
 * audit event in one transaction. Rate-limited per inviting account (all kinds together).
 */
export async function sendInvitation(
  deps: InvitationDeps,
  input: {
    principal: Principal;
    email: string;
    payload: AnyInvitationPayload;
    mail: { name: string; inviterName: string; placeName: string; roleLabel: string };
    audit: Omit<AuditInput, 'actor'>;
  },
  context: AuditContext,
): Promise<{ ok: true; expiresAt: Date } | { ok: false; error: 'rate_limited' }> {
  const limit = await hit(deps, `invite:${input.principal.userId}`, LIMITS.invitationsPerAccount);
  if (!limit.ok) return { ok: false, error: 'rate_limited' };
  const now = deps.clock();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await insertAuthToken(db, {
      kind: 'invitation',
      tokenHash: sha256(token),
      email: input.email,
      payload: input.payload as unknown as Record<string, unknown>,
      createdAt: now,
      expiresAt,
    });
    await queueMail(db, deps.clock, {
      to: input.email,
      template: 'invitation',
      data: {
        name: input.mail.name,
        inviterName: input.mail.inviterName,
        schoolName: input.mail.placeName,
        roleLabel: input.mail.roleLabel,
        link: `${deps.publicUrl.replace(/\/$/, '')}/invitation#${token}`,
      },
    });
    await recordAudit({ db, clock: deps.clock }, { ...input.audit, actor: input.principal }, context);
  });
  return { ok: true, expiresAt };
}

export type AcceptError = 'invalid' | 'expired' | 'used' | 'rate_limited';

/** The membership an invitation grants: reused when the person already holds it. */
async function grant(db: Db, userId: string, p: AnyInvitationPayload) {
  if (isHostInvitation(p)) {
    const m =
      (await hostMembershipOf(db, userId, p.hostId)) ??
      (await insertMembership(db, { userId, role: 'host_member', hostId: p.hostId }));
    return {
      membershipId: m.id,
      role: 'host_member' as const,
      schoolUai: null,
      details: { via: 'invitation', hostId: p.hostId },
    };
  }
  const m =
    (await staffMembershipAt(db, userId, p.schoolUai)) ??
    (await insertMembership(db, {
      userId,
      role: 'school_staff',
      schoolUai: p.schoolUai,
      staffFunction: p.function,
      signatureDelegate: p.signatureDelegate,
    }));
  return {
    membershipId: m.id,
    role: 'school_staff' as const,
    schoolUai: p.schoolUai,
    details: { via: 'invitation', function: p.function },
  };
}

/**
 * Accepts an invitation (the click on the invitation page's button): creates the account (its
 * e-mail is proven by the link) or reuses the one of that e-mail, adds the membership the
 * invitation names (lycée staff or host member), and opens a session in it.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  token: string,
  context: AuditContext,
): Promise<
  ({ ok: true; role: 'school_staff' | 'host_member' } & NewSession) | { ok: false; error: AcceptError }
> {
  const limit = await hit(deps, `invitation:${context.ip ?? 'unknown'}`, LIMITS.invitationAcceptsPerIp);
  if (!limit.ok) return { ok: false, error: 'rate_limited' };
  const now = deps.clock();
  const row = await findAuthToken(deps.db, 'invitation', sha256(token));
  if (!row || !row.email || !row.payload) return { ok: false, error: 'invalid' };
  if (row.usedAt) return { ok: false, error: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, error: 'expired' };
  const p = row.payload as unknown as AnyInvitationPayload;
  const email = row.email;
  const opened = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (!(await consumeAuthToken(db, row.id, now))) return null;
    let user = await findUserByEmail(db, email);
    if (!user)
      user = await insertUser(db, {
        email,
        firstName: p.firstName,
        lastName: p.lastName,
        emailVerifiedAt: now,
      });
    else await markEmailVerified(db, user.id, now);
    const granted = await grant(db, user.id, p);
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'auth.account_activated',
        actor: { userId: user.id, role: granted.role },
        schoolUai: granted.schoolUai,
        details: granted.details,
      },
      context,
    );
    return { userId: user.id, ...granted };
  });
  if (!opened) return { ok: false, error: 'used' };
  const session = await openSession(deps, {
    userId: opened.userId,
    membershipId: opened.membershipId,
    method: 'invitation',
    ...context,
  });
  await recordAudit(
    deps,
    {
      action: 'auth.sign_in',
      actor: { userId: opened.userId, role: opened.role },
      schoolUai: opened.schoolUai,
      details: { method: 'invitation', ...(isHostInvitation(p) ? { hostId: p.hostId } : {}) },
    },
    context,
  );
  return { ok: true, role: opened.role, ...session };
}
