import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiKeys, hosts } from '../db/schema/index.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findHost(db: Db, id: string) {
  const [h] = await db.select({ id: hosts.id, name: hosts.name }).from(hosts).where(eq(hosts.id, id));
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
