import { and, desc, eq, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents } from '../db/schema/index.ts';

export type AuditRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = Omit<typeof auditEvents.$inferInsert, 'id'>;

export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

export async function auditPageForSchool(
  db: Db,
  schoolUai: string,
  limit: number,
  offset: number,
): Promise<{ items: AuditRow[]; total: number }> {
  // the school's own events, and the authentication events of its head and staff
  const where = or(
    eq(auditEvents.schoolUai, schoolUai),
    and(
      like(auditEvents.action, 'auth.%'),
      isNull(auditEvents.schoolUai),
      sql`${auditEvents.actorUserId} in (select m.user_id from memberships m where m.school_uai = ${schoolUai} and m.role in ('school_head', 'school_staff'))`,
    ),
  );
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export async function auditEventsOf(db: Db, actorUserId: string, action?: string): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(
      action
        ? and(eq(auditEvents.actorUserId, actorUserId), eq(auditEvents.action, action))
        : eq(auditEvents.actorUserId, actorUserId),
    )
    .orderBy(desc(auditEvents.at));
}
