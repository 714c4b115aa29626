import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import type { SummaryKind } from '../domain/summaries.ts';

/** One membership that receives a summary, with its user and the user's subscription. */
export interface SummaryRecipient {
  userId: string;
  email: string;
  firstName: string;
  membershipId: string;
  role: string;
  /** the académie of the membership's perimeter (its campaign says when summaries go out) */
  academyCode: string | null;
  /** null: no summary sent yet (subscribed by default) */
  subscribed: boolean | null;
  lastSentDay: string | null;
}

/**
 * The memberships of these roles, of accounts not disabled, with the user's subscription to this
 * kind; in a stable order (user, then membership).
 */
export async function summaryRecipients(
  db: Db,
  kind: SummaryKind,
  roles: readonly string[],
): Promise<SummaryRecipient[]> {
  const result = await rows<SummaryRecipient>(
    db,
    sql`
      select u.id as "userId", u.email, u.first_name as "firstName", m.id as "membershipId", m.role,
             coalesce(m.academy_code, d.academy_code, s.academy_code) as "academyCode",
             ss.subscribed, ss.last_sent_day::text as "lastSentDay"
      from memberships m
      join users u on u.id = m.user_id
      left join departements d on d.code = m.departement_code
      left join schools s on s.uai = m.school_uai
      left join summary_subscriptions ss on ss.user_id = u.id and ss.kind = ${kind}
      where m.role in (${sql.join(
        roles.map((r) => sql`${r}`),
        sql`, `,
      )}) and u.disabled_at is null
      order by u.id, m.created_at, m.id
    `,
  );
  return result;
}

/**
 * Claims today's summary of a user: creates the subscription at the first send, or sets the
 * day of the last send, with the hash of the new unsubscribe token (the link of this summary).
 * Nothing happens (false) when the user unsubscribed or already got today's summary: a job run
 * twice, or in two processes at once, sends once (the row is locked by the upsert).
 */
export async function claimSummary(
  db: Db,
  input: { userId: string; kind: SummaryKind; tokenHash: string; now: Date; day: string },
): Promise<boolean> {
  const result = await rows<{ id: string }>(
    db,
    sql`
      insert into summary_subscriptions (user_id, kind, token_hash, subscribed, last_sent_at, last_sent_day, updated_at)
      values (${input.userId}, ${input.kind}, ${input.tokenHash}, true, ${input.now.toISOString()}, ${input.day}, ${input.now.toISOString()})
      on conflict (user_id, kind) do update set
        token_hash = excluded.token_hash,
        last_sent_at = excluded.last_sent_at,
        last_sent_day = excluded.last_sent_day
      where summary_subscriptions.subscribed
        and (summary_subscriptions.last_sent_day is null or summary_subscriptions.last_sent_day < excluded.last_sent_day)
      returning id
    `,
  );
  return result.length > 0;
}

export interface SubscriptionRow {
  kind: SummaryKind;
  subscribed: boolean;
  lastSentAt: Date | null;
}

export async function subscriptionsOf(db: Db, userId: string): Promise<SubscriptionRow[]> {
  const result = await rows<{ kind: SummaryKind; subscribed: boolean; lastSentAt: Date | string | null }>(
    db,
    sql`select kind, subscribed, last_sent_at as "lastSentAt" from summary_subscriptions where user_id = ${userId}`,
  );
  return result.map((r) => ({
    kind: r.kind,
    subscribed: r.subscribed,
    lastSentAt: r.lastSentAt === null ? null : new Date(r.lastSentAt),
  }));
}

/** The roles a user holds (all their memberships). */
export async function rolesOf(db: Db, userId: string): Promise<string[]> {
  const result = await rows<{ role: string }>(
    db,
    sql`select distinct role from memberships where user_id = ${userId}`,
  );
  return result.map((r) => r.role);
}

/**
 * Subscribes or unsubscribes a user from the account page. Before any summary was sent there is
 * no row yet: one is created with the hash of a token nobody holds (the first summary replaces it).
 */
export async function setSubscribed(
  db: Db,
  input: { userId: string; kind: SummaryKind; subscribed: boolean; placeholderHash: string; now: Date },
): Promise<void> {
  await db.execute(sql`
    insert into summary_subscriptions (user_id, kind, token_hash, subscribed, updated_at)
    values (${input.userId}, ${input.kind}, ${input.placeholderHash}, ${input.subscribed}, ${input.now.toISOString()})
    on conflict (user_id, kind) do update set
      subscribed = excluded.subscribed,
      updated_at = excluded.updated_at
  `);
}

/** Unsubscribes the holder of an unsubscribe token; the kind, or undefined for an unknown token. */
export async function unsubscribeByTokenHash(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ kind: SummaryKind } | undefined> {
  const [r] = await rows<{ kind: SummaryKind }>(
    db,
    sql`
      update summary_subscriptions set subscribed = false, updated_at = ${now.toISOString()}
      where token_hash = ${tokenHash}
      returning kind
    `,
  );
  return r;
}
