import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiKeys, hosts, memberships, users } from '../db/schema/index.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findHost(db: Db, id: string) {
  const [h] = await db.select({ id: hosts.id, name: hosts.name }).from(hosts).where(eq(hosts.id, id));
  return h;
}

/** A host's notification settings. */
export async function hostSettingsOf(db: Db, hostId: string) {
  const [h] = await db
    .select({ dailyDigest: hosts.dailyDigest, lastDigestAt: hosts.lastDigestAt })
    .from(hosts)
    .where(eq(hosts.id, hostId));
  return h;
}

export async function setDailyDigest(db: Db, hostId: string, dailyDigest: boolean) {
  const [h] = await db
    .update(hosts)
    .set({ dailyDigest })
    .where(eq(hosts.id, hostId))
    .returning({ dailyDigest: hosts.dailyDigest, lastDigestAt: hosts.lastDigestAt });
  return h;
}

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [k] = await db.insert(apiKeys).values(row).returning();
  return k!;
}

export async function apiKeysOf(db: Db, hostId: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.hostId, hostId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

export async function countLiveKeys(db: Db, hostId: string): Promise<number> {
  const list = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.hostId, hostId), isNull(apiKeys.revokedAt)));
  return list.length;
}

/**
 * Revokes a key of a host (idempotent: an already revoked key stays revoked); 'unknown' when the
 * host has no key with that id.
 */
export async function revokeApiKey(
  db: Db,
  hostId: string,
  id: string,
  now: Date,
): Promise<'revoked' | 'already' | 'unknown'> {
  const done = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.hostId, hostId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (done.length === 1) return 'revoked';
  const [k] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.hostId, hostId)));
  return k ? 'already' : 'unknown';
}

export async function findLiveKeyByHash(db: Db, keyHash: string) {
  const [k] = await db
    .select({ id: apiKeys.id, hostId: apiKeys.hostId, name: apiKeys.name, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return k;
}

/** Records a use of the key, at most once a minute. */
export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  const before = new Date(now.getTime() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, before))));
}

// ---------------------------------------------------------------------------------------------
// Members

/** The host_member membership a user holds in a host, if any. */
export async function hostMembershipOf(db: Db, userId: string, hostId: string) {
  const [m] = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.hostId, hostId),
        eq(memberships.role, 'host_member'),
      ),
    );
  return m;
}

/** The members of a host, by name. */
export async function membersOf(db: Db, hostId: string) {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.hostId, hostId), eq(memberships.role, 'host_member')))
    .orderBy(asc(users.lastName), asc(users.firstName), asc(memberships.id));
}

/** Locks the host's row until the end of the transaction (member removals are serialised). */
export async function lockHost(db: Db, hostId: string): Promise<void> {
  await db.execute(sql`select id from hosts where id = ${hostId} for update`);
}

/** The host_member memberships of a host (ids and users). */
export async function hostMemberships(db: Db, hostId: string) {
  return db
    .select({ id: memberships.id, userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.hostId, hostId), eq(memberships.role, 'host_member')));
}

/** Deletes a membership; the sessions opened in it go with it (sessions.membership_id cascades). */
export async function deleteMembership(db: Db, membershipId: string): Promise<void> {
  await db.delete(memberships).where(eq(memberships.id, membershipId));
}
