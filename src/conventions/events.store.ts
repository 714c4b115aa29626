/**
 * The life of each convention as a hash chain (domain/audit-chain.ts): every change of a
 * convention appends one entry here, inside the caller's transaction, after locking the
 * convention's row so that two writers never fork the chain.
 */
import { createHash } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { conventionEvents } from '../db/schema/index.ts';
import { GENESIS_HASH, entryHash, verifyChain, type ChainEntry } from '../domain/audit-chain.ts';

/** Any query runner: the database or a transaction. */
export type Runner = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute'>;

export type ConventionEventRow = typeof conventionEvents.$inferSelect;

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export interface NewConventionEvent {
  conventionId: string;
  kind: string;
  at: Date;
  actorUserId?: string | null | undefined;
  actorRole?: string | null | undefined;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  details?: Record<string, unknown> | undefined;
}

/**
 * The stored row as a chain entry. The hash covers the client's IP and user agent too: they are
 * copied into the details under `client` (the ip and user_agent columns are for queries).
 */
export function chainEntryOf(r: ConventionEventRow): ChainEntry {
  return {
    conventionId: r.conventionId,
    seq: r.seq,
    at: r.at.toISOString(),
    kind: r.kind,
    actorUserId: r.actorUserId,
    actorRole: r.actorRole,
    details: r.details,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/**
 * Appends an entry to a convention's chain: locks the convention's row (`for update`), reads the
 * last entry, computes seq = last + 1 and the hash. Call it inside the transaction that makes
 * the change, so that the change and its entry are written together or not at all.
 */
export async function appendConventionEvent(tx: Runner, e: NewConventionEvent): Promise<ConventionEventRow> {
  await tx.execute(sql`select id from conventions where id = ${e.conventionId} for update`);
  const [last] = await tx
    .select({ seq: conventionEvents.seq, hash: conventionEvents.hash })
    .from(conventionEvents)
    .where(eq(conventionEvents.conventionId, e.conventionId))
    .orderBy(desc(conventionEvents.seq))
    .limit(1);
  // the timestamp column keeps microseconds: the hashed ISO string is the one read back
  const at = new Date(e.at.getTime());
  const entry: Omit<ChainEntry, 'hash'> = {
    conventionId: e.conventionId,
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    kind: e.kind,
    actorUserId: e.actorUserId ?? null,
    actorRole: e.actorRole ?? null,
    // as read back from jsonb (dates as strings, no undefined): the hash must match the stored row;
    // the client's address and browser are evidence, so they are hashed with the rest
    details: JSON.parse(
      JSON.stringify(
        e.ip || e.userAgent
          ? { ...e.details, client: { ip: e.ip ?? null, userAgent: e.userAgent ?? null } }
          : (e.details ?? {}),
      ),
    ) as Record<string, unknown>,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(sha256Hex, entry);
  const [row] = await tx
    .insert(conventionEvents)
    .values({
      conventionId: entry.conventionId,
      seq: entry.seq,
      at,
      kind: entry.kind,
      actorUserId: entry.actorUserId,
      actorRole: entry.actorRole,
      ip: e.ip ?? null,
      userAgent: e.userAgent ?? null,
      details: entry.details,
      prevHash: entry.prevHash,
      hash,
    })
    .returning();
  return row!;
}

/** The convention's entries in order. */
export async function conventionTrail(db: Runner, conventionId: string): Promise<ConventionEventRow[]> {
  return db
    .select()
    .from(conventionEvents)
    .where(eq(conventionEvents.conventionId, conventionId))
    .orderBy(asc(conventionEvents.seq));
}

/** Recomputes every hash of the chain: an edited, removed or reordered entry is reported. */
export async function verifyConventionTrail(db: Runner, conventionId: string) {
  const rows = await conventionTrail(db, conventionId);
  return verifyChain(sha256Hex, rows.map(chainEntryOf));
}
