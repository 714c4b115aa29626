import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { authTokens, hosts, memberships, users } from '../db/schema/index.ts';

export type AuthTokenKind = 'verify_email' | 'password_reset' | 'sign_in_link';
export type AuthTokenRow = typeof authTokens.$inferSelect;

export async function insertAuthToken(
  db: Db,
  row: {
    kind: AuthTokenKind;
    tokenHash: string;
    userId: string;
    email: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.insert(authTokens).values(row);
}

/** A token of this kind, unused and unexpired (read only: nothing consumed). */
export async function findLiveToken(
  db: Db,
  kind: AuthTokenKind,
  tokenHash: string,
  now: Date,
): Promise<AuthTokenRow | undefined> {
  const [t] = await db
    .select()
    .from(authTokens)
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.kind, kind),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    );
  return t;
}

/**
 * Consumes a token atomically: one statement marks it used only if it is still unused and
 * unexpired, so two concurrent uses cannot both succeed.
 */
export async function consumeToken(
  db: Db,
  kind: AuthTokenKind,
  tokenHash: string,
  now: Date,
): Promise<AuthTokenRow | undefined> {
  const [t] = await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.kind, kind),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .returning();
  return t;
}

/** Other live tokens of the same kind for the user become unusable (after a reset, say). */
export async function expireTokensOf(db: Db, userId: string, kind: AuthTokenKind, now: Date): Promise<void> {
  await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.kind, kind), isNull(authTokens.usedAt)));
}

export async function insertHostWithMember(
  db: Db,
  input: {
    email: string;
    firstName: string;
    lastName: string;
    passwordHash: string;
    organisation: { name: string; siret: string | null };
    now: Date;
  },
): Promise<{ userId: string; hostId: string; membershipId: string }> {
  const [host] = await db
    .insert(hosts)
    .values({ name: input.organisation.name, siret: input.organisation.siret, isPublic: false })
    .returning({ id: hosts.id });
  const [user] = await db
    .insert(users)
    .values({
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: input.passwordHash,
      createdAt: input.now,
    })
    .returning({ id: users.id });
  const [m] = await db
    .insert(memberships)
    .values({ userId: user!.id, role: 'host_member', hostId: host!.id, createdAt: input.now })
    .returning({ id: memberships.id });
  return { userId: user!.id, hostId: host!.id, membershipId: m!.id };
}

export async function hostWithSiretExists(db: Db, siret: string): Promise<boolean> {
  const [h] = await db.select({ id: hosts.id }).from(hosts).where(eq(hosts.siret, siret));
  return h !== undefined;
}

export async function markEmailVerified(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}

/**
 * Locks the account until `until`, unless it is already locked: returns true only for the
 * request that locked it (so the notice mail goes once).
 */
export async function lockUser(db: Db, userId: string, now: Date, until: Date): Promise<boolean> {
  const locked = await db
    .update(users)
    .set({ lockedUntil: until })
    .where(and(eq(users.id, userId), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ id: users.id });
  return locked.length > 0;
}

export async function setPassword(db: Db, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({
      passwordHash,
      lockedUntil: null,
      // the reset link reached this mailbox: the address is verified
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(users.id, userId));
}

/**
 * Lockout of an address that has no account: kept in rate_limits (window_start = when it began),
 * so that such an address is locked exactly like an account (nothing tells them apart).
 */
export async function lockAddress(db: Db, key: string, now: Date): Promise<void> {
  await db.execute(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${now.toISOString()}, 0)
    on conflict (key) do update set window_start = excluded.window_start, count = 0
  `);
}

export async function addressLockedSince(db: Db, key: string): Promise<Date | null> {
  const [r] = await rows<{ since: string | Date }>(
    db,
    sql`select window_start as since from rate_limits where key = ${key}`,
  );
  return r ? new Date(r.since) : null;
}
