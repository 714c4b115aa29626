import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client.ts';

/**
 * Answers of searches kept in memory under the database's search version (migration 0008: a
 * sequence moved by every write to offers, their weeks and reservations, hosts, sectors, campaigns
 * and communes). Each request reads the version first: an answer is served only under the version
 * it was computed with, so a request that starts after a write has committed never gets an older
 * answer, whichever process wrote. A write moves the version before its transaction commits: a
 * search run in between can keep the older rows under the new version, so answers also expire
 * after `ttlMs`, which bounds that staleness.
 */
export class SearchCache<T> {
  private readonly entries = new Map<string, { version: string; at: number; value: T }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The answer kept for this key and version, if still fresh (and it becomes the most recent). */
  get(key: string, version: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.version !== version || now - entry.at > this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: string, now: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, at: now, value });
    // a Map iterates in insertion order: the first keys are the least recently used
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}

/** The current search version (a sequence read outside any transaction's snapshot). */
export async function searchVersion(db: Db): Promise<string> {
  const [row] = await rows<{ v: string }>(
    db,
    sql`select (last_value::text || ':' || is_called::text) as v from search_version`,
  );
  return row?.v ?? '';
}
