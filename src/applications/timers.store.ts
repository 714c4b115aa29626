/**
 * SQL of the timed work on applications (timers.ts): each claim is one conditional update on rows
 * locked with FOR UPDATE SKIP LOCKED, so two processes running the same job never pick the same
 * application, and running a job twice changes nothing the second time.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { applications, hosts, offers, students } from '../db/schema/index.ts';
import type { ApplicationState } from '../domain/application.ts';

type Runner = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute'>;

/** What a mail about an application needs. */
export interface DueApplication {
  id: string;
  studentId: string;
  offerId: string;
  offerTitle: string;
  hostId: string;
  hostName: string;
  studentFirstName: string;
  studentLastName: string;
  expiresAt: Date;
}

async function details(db: Runner, ids: string[]): Promise<DueApplication[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: applications.id,
      studentId: applications.studentId,
      offerId: applications.offerId,
      offerTitle: offers.title,
      hostId: offers.hostId,
      hostName: hosts.name,
      studentFirstName: students.firstName,
      studentLastName: students.lastName,
      expiresAt: applications.expiresAt,
    })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(hosts, eq(hosts.id, offers.hostId))
    .innerJoin(students, eq(students.id, applications.studentId))
    .where(inArray(applications.id, ids))
    .orderBy(asc(offers.hostId), asc(applications.expiresAt), asc(applications.id));
}

/**
 * Applications past their deadline, at most `limit` of them, moved to `to`; returns the ones this
 * call moved. 'expired': pending ones whose expiry time has come (expires_at ≤ now); 'lapsed':
 * accepted ones not confirmed by their deadline (confirm_by < now).
 */
export async function claimPastDeadline(
  db: Runner,
  which: 'expired' | 'lapsed',
  now: Date,
  to: ApplicationState,
  limit: number,
): Promise<DueApplication[]> {
  const from = which === 'expired' ? 'pending' : 'accepted';
  const deadline = which === 'expired' ? applications.expiresAt : applications.confirmBy;
  const due = db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.status, from), which === 'expired' ? lte(deadline, now) : lt(deadline, now)))
    .orderBy(asc(deadline))
    .limit(limit)
    .for('update', { skipLocked: true });
  const moved = await db
    .update(applications)
    .set({ status: to, closedAt: now, updatedAt: now })
    .where(and(inArray(applications.id, due), eq(applications.status, from)))
    .returning({ id: applications.id });
  return details(
    db,
    moved.map((r) => r.id),
  );
}

/**
 * Pending applications expiring after now and by `horizon` whose reminders_sent is below `level`
 * → reminders_sent = level. Returns the ones this call marked (their reminder is to be sent).
 */
export async function claimReminders(
  db: Runner,
  now: Date,
  horizon: Date,
  level: 1 | 2,
  limit: number,
): Promise<DueApplication[]> {
  const due = db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.status, 'pending'),
        gt(applications.expiresAt, now),
        lte(applications.expiresAt, horizon),
        lt(applications.remindersSent, level),
      ),
    )
    .orderBy(asc(applications.expiresAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const marked = await db
    .update(applications)
    .set({ remindersSent: level })
    .where(
      and(
        inArray(applications.id, due),
        eq(applications.status, 'pending'),
        lt(applications.remindersSent, level),
      ),
    )
    .returning({ id: applications.id });
  return details(
    db,
    marked.map((r) => r.id),
  );
}

/** The hosts with applications they have not been told of yet (host_notified_at null). */
export async function hostsToDigest(db: Runner): Promise<string[]> {
  const rows = await db
    .selectDistinct({ hostId: offers.hostId })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(isNull(applications.hostNotifiedAt));
  return rows.map((r) => r.hostId);
}

/**
 * One host's applications it has not been told of yet → told now. Returns them with their
 * state: the digest lists the ones still pending.
 */
export async function claimUnnotified(
  db: Runner,
  hostId: string,
  now: Date,
): Promise<(DueApplication & { status: ApplicationState })[]> {
  const due = db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        isNull(applications.hostNotifiedAt),
        inArray(
          applications.offerId,
          db.select({ id: offers.id }).from(offers).where(eq(offers.hostId, hostId)),
        ),
      ),
    )
    .for('update', { skipLocked: true });
  const marked = await db
    .update(applications)
    .set({ hostNotifiedAt: now })
    .where(and(inArray(applications.id, due), isNull(applications.hostNotifiedAt)))
    .returning({ id: applications.id, status: applications.status });
  const status = new Map(marked.map((r) => [r.id, r.status]));
  return (await details(db, [...status.keys()])).map((d) => ({ ...d, status: status.get(d.id)! }));
}

export async function markDigestSent(db: Runner, hostIds: string[], at: Date): Promise<void> {
  if (hostIds.length === 0) return;
  await db.update(hosts).set({ lastDigestAt: at }).where(inArray(hosts.id, hostIds));
}

/**
 * What deciding how to tell a host of a new application needs: its digest setting, and how many
 * applications it was told of one by one (host_notified_at = applied_at: a mail of their own,
 * sent when they arrived) since `since`.
 */
export async function hostNoticeFacts(
  db: Runner,
  hostId: string,
  since: Date,
): Promise<{ dailyDigest: boolean; immediateNoticesLastDay: number }> {
  const [host] = await db.select({ dailyDigest: hosts.dailyDigest }).from(hosts).where(eq(hosts.id, hostId));
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(
      and(
        eq(offers.hostId, hostId),
        gte(applications.appliedAt, since),
        eq(applications.hostNotifiedAt, applications.appliedAt),
      ),
    );
  return { dailyDigest: host?.dailyDigest ?? false, immediateNoticesLastDay: Number(count?.n ?? 0) };
}
