// the domain has no crypto: the hash function is injected, node's in the tests
// eslint-disable-next-line no-restricted-imports
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  entryHash,
  nextEntry,
  verifyChain,
  type ChainEntry,
} from './audit-chain.ts';

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const ID = '7d9f1a52-8a0e-4c54-9a57-1b2f3c4d5e6f';

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      nextEntry(sha256Hex, out[i - 1] ?? null, {
        conventionId: ID,
        at: new Date(Date.UTC(2026, 4, 1, 10, i)).toISOString(),
        kind: ['created', 'host_part_saved', 'validated', 'signed', 'sealed'][i % 5]!,
        actorUserId: i === 0 ? null : '11111111-2222-3333-4444-555555555555',
        actorRole: i === 0 ? null : 'school_head',
        details: { step: i, weeks: [1, 2], note: i === 1 ? 'tuteur : Maïwenn' : null },
      }),
    );
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, no spaces, dates as ISO', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    expect(canonicalJson({ at: new Date('2026-06-15T08:00:00Z') })).toBe('{"at":"2026-06-15T08:00:00.000Z"}');
  });
  it('drops undefined properties as JSON does, and does not depend on key order', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, NaN] })).toBe('{"b":[null,null]}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('audit chain', () => {
  it('links the entries from the genesis hash, seq from 1', () => {
    const c = chain(3);
    expect(c.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c[0]!.prevHash).toBe(GENESIS_HASH);
    expect(c[1]!.prevHash).toBe(c[0]!.hash);
    expect(c[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const { hash: _hash, ...rest } = c[0]!;
    expect(entryHash(sha256Hex, rest)).toBe(c[0]!.hash);
    // the hash is sha256(prevHash + '\n' + canonical JSON of the fields but hash)
    expect(c[0]!.hash).toBe(sha256Hex(`${GENESIS_HASH}\n${canonicalJson(rest)}`));
    // extra properties of a stored row (id, ip) are not hashed
    expect(entryHash(sha256Hex, { ...rest, id: 9, ip: '10.0.0.1' } as typeof rest)).toBe(c[0]!.hash);
  });
  it('verifies a valid chain, an empty one, and one read back from JSON (jsonb)', () => {
    expect(verifyChain(sha256Hex, chain(6))).toEqual({ ok: true });
    expect(verifyChain(sha256Hex, [])).toEqual({ ok: true });
    const reread = (JSON.parse(JSON.stringify(chain(4))) as ChainEntry[]).map((e) => ({
      ...e,
      details: Object.fromEntries(Object.entries(e.details).reverse()),
    }));
    expect(verifyChain(sha256Hex, reread)).toEqual({ ok: true });
  });
  it('detects an edited detail, with the seq', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, details: { ...c[2]!.details, step: 99 } };
    expect(verifyChain(sha256Hex, c)).toEqual({
      ok: false,
      seq: 3,
      message: 'Entrée n° 3 : son contenu a été modifié après son enregistrement (empreinte différente).',
    });
    const d = chain(5);
    d[1] = { ...d[1]!, actorRole: 'admin' };
    expect(verifyChain(sha256Hex, d)).toMatchObject({ ok: false, seq: 2 });
  });
  it('detects an edited entry whose hash was recomputed: the next link breaks', () => {
    const c = chain(5);
    const { hash: _h, ...rest } = c[2]!;
    const forged = { ...rest, kind: 'cancelled' };
    c[2] = { ...forged, hash: entryHash(sha256Hex, forged) };
    expect(verifyChain(sha256Hex, c)).toMatchObject({ ok: false, seq: 4 });
  });
  it('detects a deleted entry', () => {
    const c = chain(5);
    c.splice(2, 1);
    expect(verifyChain(sha256Hex, c)).toEqual({
      ok: false,
      seq: 3,
      message: 'Entrée n° 3 : elle manque (n° 4 vient après n° 2) ; l’historique a été amputé.',
    });
    const first = chain(3).slice(1);
    expect(verifyChain(sha256Hex, first)).toMatchObject({ ok: false, seq: 1 });
  });
  it('detects two swapped entries', () => {
    const c = chain(5);
    [c[1], c[2]] = [c[2]!, c[1]!];
    expect(verifyChain(sha256Hex, c)).toEqual({
      ok: false,
      seq: 2,
      message:
        'Entrée n° 2 : les entrées ne se suivent pas (n° 3 trouvée à sa place) ; l’historique a été réordonné.',
    });
    // swapping their seq numbers too: the hashes give it away
    const d = chain(5);
    [d[1], d[2]] = [
      { ...d[2]!, seq: 2 },
      { ...d[1]!, seq: 3 },
    ];
    expect(verifyChain(sha256Hex, d)).toMatchObject({ ok: false, seq: 2 });
  });
  it('detects a changed prevHash', () => {
    const c = chain(5);
    c[3] = { ...c[3]!, prevHash: 'f'.repeat(64) };
    expect(verifyChain(sha256Hex, c)).toEqual({
      ok: false,
      seq: 4,
      message: 'Entrée n° 4 : son lien vers l’entrée précédente est rompu (empreinte précédente différente).',
    });
  });
  it('detects a duplicated entry and an entry of another convention', () => {
    const c = chain(3);
    expect(verifyChain(sha256Hex, [c[0]!, c[1]!, c[1]!, c[2]!])).toEqual({
      ok: false,
      seq: 2,
      message: 'Entrée n° 2 : présente deux fois ; l’historique a été modifié.',
    });
    const other = { ...c[2]!, conventionId: '00000000-0000-0000-0000-000000000001' };
    expect(verifyChain(sha256Hex, [c[0]!, c[1]!, other])).toMatchObject({ ok: false, seq: 3 });
  });
});
