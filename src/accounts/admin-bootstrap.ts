import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { memberships, users } from '../db/schema/index.ts';

export interface AdminInput {
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * Creates (or finds) a user and gives them the admin role, in one transaction; idempotent. Used by
 * the command line to bootstrap the first administrator of a fresh platform.
 */
export async function ensureAdmin(
  deps: { db: Db; clock: () => Date },
  input: AdminInput,
): Promise<{ userId: string; createdUser: boolean; createdMembership: boolean }> {
  const email = input.email.trim().toLowerCase();
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    let [user] = await db.select().from(users).where(eq(users.email, email));
    const createdUser = !user;
    if (!user)
      [user] = await db
        .insert(users)
        .values({ email, firstName: input.firstName.trim(), lastName: input.lastName.trim() })
        .returning();
    const [existing] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, user!.id), eq(memberships.role, 'admin')));
    if (!existing) {
      await db.insert(memberships).values({ userId: user!.id, role: 'admin' });
      await recordAudit(
        { db, clock: deps.clock },
        {
          action: 'auth.account_activated',
          actor: { userId: user!.id, role: 'admin' },
          details: { via: 'cli' },
        },
      );
    }
    return { userId: user!.id, createdUser, createdMembership: !existing };
  });
}
