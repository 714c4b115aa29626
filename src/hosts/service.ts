import { randomBytes } from 'node:crypto';
import { hit } from '../accounts/rate-limit.ts';
import { sha256 } from '../accounts/service.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { authorize, type Principal } from '../domain/permissions.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import { sendInvitation } from '../accounts/invitations.ts';
import { findUserByEmail } from '../accounts/store.ts';
import { pendingInvitations } from '../schools/store.ts';
import {
  apiKeysOf,
  countLiveKeys,
  deleteMembership,
  findHost,
  hostMembershipOf,
  hostSettingsOf,
  setDailyDigest,
  hostMemberships,
  lockHost,
  membersOf,
  findLiveKeyByHash,
  insertApiKey,
  revokeApiKey,
  touchApiKey,
} from './store.ts';

export interface HostsDeps {
  db: Db;
  clock: () => Date;
}

type Failure<E extends string> = { ok: false; error: E };

/** Partner API keys: "ss_live_" then 32 base64url characters (192 random bits). */
export const API_KEY_PREFIX = 'ss_live_';
const API_KEY_PATTERN = /^ss_live_[A-Za-z0-9_-]{32}$/;
/** live keys a host may hold at once */
export const MAX_LIVE_KEYS = 20;

export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

async function hostFor(deps: HostsDeps, principal: Principal, hostId: string) {
  if (!authorize(principal, 'api_key.manage', { hostId }).ok) return undefined;
  return findHost(deps.db, hostId);
}

function view(k: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}) {
  return {
    id: k.id,
    name: k.name,
    prefix: `${API_KEY_PREFIX}${k.prefix}`,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export type ApiKeyView = ReturnType<typeof view>;

/** Creates a key; the clear key is returned here only, and stored as its SHA-256. */
export async function createApiKey(
  deps: HostsDeps,
  principal: Principal,
  hostId: string,
  name: string,
  context: AuditContext,
): Promise<
  { ok: true; key: string; apiKey: ApiKeyView } | Failure<'not_found' | 'too_many' | 'rate_limited'>
> {
  const host = await hostFor(deps, principal, hostId);
  if (!host) return { ok: false, error: 'not_found' };
  if (!(await hit(deps, `api-key:${principal.userId}`, LIMITS.apiKeysPerAccount)).ok)
    return { ok: false, error: 'rate_limited' };
  if ((await countLiveKeys(deps.db, hostId)) >= MAX_LIVE_KEYS) return { ok: false, error: 'too_many' };
  const key = newApiKey();
  const row = await insertApiKey(deps.db, {
    hostId,
    name,
    prefix: key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + 8),
    keyHash: sha256(key),
    createdBy: principal.userId,
    createdAt: deps.clock(),
  });
  await recordAudit(
    deps,
    { action: 'api_key.created', actor: principal, details: { hostId, apiKeyId: row.id, name } },
    context,
  );
  return { ok: true, key, apiKey: view(row) };
}

export async function listApiKeys(deps: HostsDeps, principal: Principal, hostId: string) {
  const host = await hostFor(deps, principal, hostId);
  if (!host) return { ok: false as const, error: 'not_found' as const };
  return { ok: true as const, host, items: (await apiKeysOf(deps.db, hostId)).map(view) };
}

export async function deleteApiKey(
  deps: HostsDeps,
  principal: Principal,
  hostId: string,
  id: string,
  context: AuditContext,
): Promise<{ ok: true } | Failure<'not_found'>> {
  const host = await hostFor(deps, principal, hostId);
  if (!host) return { ok: false, error: 'not_found' };
  const outcome = await revokeApiKey(deps.db, hostId, id, deps.clock());
  if (outcome === 'unknown') return { ok: false, error: 'not_found' };
  if (outcome === 'already') return { ok: true };
  await recordAudit(
    deps,
    { action: 'api_key.revoked', actor: principal, details: { hostId, apiKeyId: id } },
    context,
  );
  return { ok: true };
}

export interface ResolvedApiKey {
  id: string;
  hostId: string;
  name: string;
  principal: Principal;
}

/**
 * The live key behind an Authorization: Bearer value, as a partner principal scoped to its host
 * (its userId is the key's id: a key is not a person). Null when malformed, unknown or revoked.
 */
export async function resolveApiKey(deps: HostsDeps, key: string): Promise<ResolvedApiKey | null> {
  if (!API_KEY_PATTERN.test(key)) return null;
  const found = await findLiveKeyByHash(deps.db, sha256(key));
  if (!found) return null;
  await touchApiKey(deps.db, found.id, deps.clock());
  return {
    id: found.id,
    hostId: found.hostId,
    name: found.name,
    principal: {
      userId: found.id,
      role: 'partner',
      scope: { kind: 'host', hostId: found.hostId },
      studentIds: [],
      signatureDelegate: false,
    },
  };
}

export async function partnerMe(deps: HostsDeps, principal: Principal, apiKeyName: string | null) {
  if (principal.scope.kind !== 'host') return { ok: false as const, error: 'not_found' as const };
  const hostId = principal.scope.hostId;
  if (!authorize(principal, 'partner.read', { hostId }).ok)
    return { ok: false as const, error: 'not_found' as const };
  const host = await findHost(deps.db, hostId);
  if (!host) return { ok: false as const, error: 'not_found' as const };
  return { ok: true as const, host, apiKeyName };
}

// ---------------------------------------------------------------------------------------------
// Members: several people act for one host organisation

/** What a host invitation's token carries (see accounts/invitations.ts). */
export interface HostInvitationPayload {
  hostId: string;
  firstName: string;
  lastName: string;
  invitedBy: string;
}

async function hostForMembers(deps: { db: Db }, principal: Principal, hostId: string) {
  if (!authorize(principal, 'host.members.manage', { hostId }).ok) return undefined;
  return findHost(deps.db, hostId);
}

/** The members of a host and its pending invitations. */
export async function listMembers(deps: HostsDeps, principal: Principal, hostId: string) {
  const host = await hostForMembers(deps, principal, hostId);
  if (!host) return { ok: false as const, error: 'not_found' as const };
  const [members, invitations] = await Promise.all([
    membersOf(deps.db, hostId),
    pendingInvitations(deps.db, { hostId }, deps.clock()),
  ]);
  return {
    ok: true as const,
    host,
    members: members.map((m) => ({
      membershipId: m.membershipId,
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      since: m.since.toISOString(),
      self: m.userId === principal.userId,
    })),
    invitations: invitations.map((t) => {
      const p = (t.payload ?? {}) as Partial<HostInvitationPayload>;
      return {
        id: t.id,
        email: t.email ?? '',
        firstName: p.firstName ?? '',
        lastName: p.lastName ?? '',
        sentAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt.toISOString(),
      };
    }),
  };
}

export interface HostSettingsView {
  dailyDigest: boolean;
  lastDigestAt: string | null;
}

function settingsView(s: { dailyDigest: boolean; lastDigestAt: Date | null }): HostSettingsView {
  return { dailyDigest: s.dailyDigest, lastDigestAt: s.lastDigestAt?.toISOString() ?? null };
}

/** The host's notification settings: one mail per application, or a daily digest. */
export async function getHostSettings(
  deps: HostsDeps,
  principal: Principal,
  hostId: string,
): Promise<{ ok: true; settings: HostSettingsView } | Failure<'not_found'>> {
  if (!authorize(principal, 'host.settings.manage', { hostId }).ok) return { ok: false, error: 'not_found' };
  const s = await hostSettingsOf(deps.db, hostId);
  return s ? { ok: true, settings: settingsView(s) } : { ok: false, error: 'not_found' };
}

export async function updateHostSettings(
  deps: HostsDeps,
  principal: Principal,
  hostId: string,
  input: { dailyDigest: boolean },
  context: AuditContext,
): Promise<{ ok: true; settings: HostSettingsView } | Failure<'not_found'>> {
  if (!authorize(principal, 'host.settings.manage', { hostId }).ok) return { ok: false, error: 'not_found' };
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const s = await setDailyDigest(db, hostId, input.dailyDigest);
    if (!s) return { ok: false as const, error: 'not_found' as const };
    await recordAudit(
      { db, clock: deps.clock },
      { action: 'host.updated', actor: principal, details: { hostId, dailyDigest: input.dailyDigest } },
      context,
    );
    return { ok: true as const, settings: settingsView(s) };
  });
}

/** Mails a colleague an invitation to join the host (one-time link, 7 days). */
export async function inviteMember(
  deps: HostsDeps & { publicUrl: string },
  principal: Principal,
  inviter: { firstName: string; lastName: string },
  hostId: string,
  input: { email: string; firstName: string; lastName: string },
  context: AuditContext,
): Promise<{ ok: true; expiresAt: Date } | Failure<'not_found' | 'already_member' | 'rate_limited'>> {
  const host = await hostForMembers(deps, principal, hostId);
  if (!host) return { ok: false, error: 'not_found' };
  const email = input.email.trim().toLowerCase();
  const existing = await findUserByEmail(deps.db, email);
  if (existing && (await hostMembershipOf(deps.db, existing.id, hostId)))
    return { ok: false, error: 'already_member' };
  const payload: HostInvitationPayload = {
    hostId,
    firstName: input.firstName,
    lastName: input.lastName,
    invitedBy: principal.userId,
  };
  return sendInvitation(
    deps,
    {
      principal,
      email,
      payload,
      mail: {
        name: input.firstName,
        inviterName: `${inviter.firstName} ${inviter.lastName}`,
        placeName: host.name,
        roleLabel: 'Membre de l’organisme d’accueil',
      },
      audit: { action: 'host.member_invited', details: { hostId, email } },
    },
    context,
  );
}

/**
 * Removes a member (a colleague, or oneself) from a host; a host keeps at least one member. The
 * sessions opened in that membership end with it.
 */
export async function removeMember(
  deps: HostsDeps,
  principal: Principal,
  hostId: string,
  membershipId: string,
  context: AuditContext,
): Promise<{ ok: true } | Failure<'not_found' | 'last_member'>> {
  const host = await hostForMembers(deps, principal, hostId);
  if (!host) return { ok: false, error: 'not_found' };
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockHost(db, hostId);
    const list = await hostMemberships(db, hostId);
    const target = list.find((m) => m.id === membershipId);
    if (!target) return { ok: false as const, error: 'not_found' as const };
    if (list.length <= 1) return { ok: false as const, error: 'last_member' as const };
    await deleteMembership(db, membershipId);
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'host.member_removed',
        actor: principal,
        details: { hostId, membershipId, userId: target.userId, self: target.userId === principal.userId },
      },
      context,
    );
    return { ok: true as const };
  });
}
