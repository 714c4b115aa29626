/**
 * The convention's audit trail as a hash chain (issue 6 §6): each entry carries the hash of the
 * previous one, so that editing, removing or reordering an entry is detected. Pure: the SHA-256
 * function is injected (node:crypto on the server, WebCrypto elsewhere).
 */

export const GENESIS_HASH = '0'.repeat(64);

/** The first entry of a chain has seq 1; each next one, the previous seq + 1. */
export const FIRST_SEQ = 1;

/**
 * A stable JSON: object keys sorted, no spaces, Dates as ISO strings, undefined properties left
 * out (as JSON.stringify does), undefined in arrays and non-finite numbers as null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const o = value as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined && typeof o[k] !== 'function')
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
    }
    default:
      return 'null';
  }
}

export interface ChainEntry {
  conventionId: string;
  seq: number;
  /** ISO timestamp */
  at: string;
  kind: string;
  actorUserId: string | null;
  actorRole: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** sha256Hex(prevHash + '\n' + canonicalJson(every field but hash)). Extra properties are ignored. */
export function entryHash(sha256Hex: (s: string) => string, e: Omit<ChainEntry, 'hash'>): string {
  const fields = {
    conventionId: e.conventionId,
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    details: e.details,
    prevHash: e.prevHash,
  };
  return sha256Hex(`${e.prevHash}\n${canonicalJson(fields)}`);
}

/** The entry following `prev` (null: the first of the chain), hash computed. */
export function nextEntry(
  sha256Hex: (s: string) => string,
  prev: Pick<ChainEntry, 'seq' | 'hash'> | null,
  e: Pick<ChainEntry, 'conventionId' | 'at' | 'kind' | 'actorUserId' | 'actorRole' | 'details'>,
): ChainEntry {
  const entry = {
    conventionId: e.conventionId,
    seq: prev ? prev.seq + 1 : FIRST_SEQ,
    at: e.at,
    kind: e.kind,
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    details: e.details,
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  return { ...entry, hash: entryHash(sha256Hex, entry) };
}

export type ChainCheck = { ok: true } | { ok: false; seq: number; message: string };

/**
 * Checks a convention's entries in the order given (by seq): consecutive seq from 1, each
 * prevHash equal to the previous entry's hash (GENESIS_HASH for the first), each hash recomputed.
 * The first fault is reported with the seq concerned and a French message.
 */
export function verifyChain(sha256Hex: (s: string) => string, entries: readonly ChainEntry[]): ChainCheck {
  let prevHash = GENESIS_HASH;
  const conventionId = entries[0]?.conventionId;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const expected = FIRST_SEQ + i;
    if (e.conventionId !== conventionId)
      return {
        ok: false,
        seq: e.seq,
        message: `Entrée n° ${e.seq} : elle appartient à une autre convention.`,
      };
    if (e.seq !== expected) {
      const later = entries.slice(i + 1).some((x) => x.seq === expected);
      const earlier = entries.slice(0, i).some((x) => x.seq === e.seq);
      return {
        ok: false,
        seq: earlier ? e.seq : expected,
        message: earlier
          ? `Entrée n° ${e.seq} : présente deux fois ; l’historique a été modifié.`
          : later
            ? `Entrée n° ${expected} : les entrées ne se suivent pas (n° ${e.seq} trouvée à sa place) ; l’historique a été réordonné.`
            : `Entrée n° ${expected} : elle manque (n° ${e.seq} vient après n° ${expected - 1}) ; l’historique a été amputé.`,
      };
    }
    if (e.prevHash !== prevHash)
      return {
        ok: false,
        seq: e.seq,
        message: `Entrée n° ${e.seq} : son lien vers l’entrée précédente est rompu (empreinte précédente différente).`,
      };
    if (entryHash(sha256Hex, e) !== e.hash)
      return {
        ok: false,
        seq: e.seq,
        message: `Entrée n° ${e.seq} : son contenu a été modifié après son enregistrement (empreinte différente).`,
      };
    prevHash = e.hash;
  }
  return { ok: true };
}
