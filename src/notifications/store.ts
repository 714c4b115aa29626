import { and, count, desc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mails } from '../db/schema/index.ts';

export type MailRow = typeof mails.$inferSelect;

export interface NewMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  template: string;
  createdAt: Date;
}

export async function insertMail(db: Db, mail: NewMail): Promise<{ id: string }> {
  const [row] = await db.insert(mails).values(outboxValues(mail)).returning({ id: mails.id });
  if (!row) throw new Error('insertion du courriel sans retour');
  return row;
}

/** The outbox row of a new mail: the delivery worker may try it at once. */
export function outboxValues(mail: NewMail): typeof mails.$inferInsert {
  return { ...mail, nextAttemptAt: mail.createdAt };
}

export interface OutboxPageQuery {
  to?: string | undefined;
  limit: number;
  offset: number;
}

export type MailSummaryRow = Pick<
  MailRow,
  'id' | 'to' | 'subject' | 'template' | 'createdAt' | 'sentAt' | 'attempts'
>;

/** Mails newest first, optionally for one recipient, with the total count. */
export async function selectOutboxPage(
  db: Db,
  q: OutboxPageQuery,
): Promise<{ items: MailSummaryRow[]; total: number }> {
  const where = q.to === undefined ? undefined : eq(mails.to, q.to);
  const [items, totals] = await Promise.all([
    db
      .select({
        id: mails.id,
        to: mails.to,
        subject: mails.subject,
        template: mails.template,
        createdAt: mails.createdAt,
        sentAt: mails.sentAt,
        attempts: mails.attempts,
      })
      .from(mails)
      .where(where)
      .orderBy(desc(mails.createdAt), desc(mails.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(mails).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

export async function selectMail(db: Db, id: string): Promise<MailRow | undefined> {
  const [row] = await db.select().from(mails).where(eq(mails.id, id));
  return row;
}

export type ClaimedMail = Pick<MailRow, 'id' | 'to' | 'subject' | 'text' | 'html' | 'attempts'>;

/**
 * Claims up to `limit` mails due at `now` for one delivery round, by moving their next attempt to
 * `leaseUntil`: another worker will not see them until then, and a worker that dies mid-send
 * leaves them to be retried after the lease.
 *
 * One statement, hence one short transaction of its own: the subquery locks the due rows with
 * FOR UPDATE SKIP LOCKED (rows another worker is claiming at the same instant are skipped, not
 * waited for), and the update commits the lease before anything is sent. No lock is held while
 * talking to the mail server.
 */
export async function claimDueMails(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
  maxAttempts: number,
): Promise<ClaimedMail[]> {
  const due = db
    .select({ id: mails.id })
    .from(mails)
    .where(and(isNull(mails.sentAt), lt(mails.attempts, maxAttempts), lte(mails.nextAttemptAt, now)))
    .orderBy(mails.nextAttemptAt, mails.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db.update(mails).set({ nextAttemptAt: leaseUntil }).where(inArray(mails.id, due)).returning({
    id: mails.id,
    to: mails.to,
    subject: mails.subject,
    text: mails.text,
    html: mails.html,
    attempts: mails.attempts,
  });
}

export async function markSent(db: Db, id: string, at: Date): Promise<void> {
  await db.update(mails).set({ sentAt: at, lastError: null }).where(eq(mails.id, id));
}

/** Records a failed attempt; `retryAt` is the next try (ignored once attempts reach the maximum). */
export async function markFailed(db: Db, id: string, error: string, retryAt: Date): Promise<void> {
  await db
    .update(mails)
    .set({ attempts: sql`${mails.attempts} + 1`, lastError: error, nextAttemptAt: retryAt })
    .where(eq(mails.id, id));
}
