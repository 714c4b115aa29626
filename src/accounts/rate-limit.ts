import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';
import { retryAfterSeconds, windowStart, type Limit } from '../domain/rate-limit.ts';

export type RateDecision =
  { ok: true; count: number } | { ok: false; count: number; retryAfterSeconds: number };

/**
 * Counts one hit on `key` in its current window (one atomic upsert: correct under concurrency
 * and across processes) and says whether the limit is exceeded.
 */
export async function hit(
  deps: { db: Db; clock: () => Date },
  key: string,
  limit: Limit,
): Promise<RateDecision> {
  const now = deps.clock();
  const start = windowStart(now, limit);
  const [r] = await rows<{ count: number }>(
    deps.db,
    sql`
      insert into rate_limits (key, window_start, count) values (${key}, ${start.toISOString()}, 1)
      on conflict (key) do update set
        count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
        window_start = excluded.window_start
      returning count
    `,
  );
  const count = Number(r?.count ?? 1);
  return count <= limit.max
    ? { ok: true, count }
    : { ok: false, count, retryAfterSeconds: retryAfterSeconds(now, limit) };
}

/** Current count of `key` in its window, without counting a hit. */
export async function peek(deps: { db: Db; clock: () => Date }, key: string, limit: Limit): Promise<number> {
  const start = windowStart(deps.clock(), limit);
  const [r] = await rows<{ count: number }>(
    deps.db,
    sql`select count from rate_limits where key = ${key} and window_start = ${start.toISOString()}`,
  );
  return Number(r?.count ?? 0);
}

/** Forgets a key (after a successful sign-in, the failure counter starts again). */
export async function reset(deps: { db: Db }, key: string): Promise<void> {
  await deps.db.execute(sql`delete from rate_limits where key = ${key}`);
}
