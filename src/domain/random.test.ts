import { describe, expect, it } from 'vitest';
import { createRng, hashString, WeightedTable } from './random.ts';

function draws(seed: number, label = '', n = 20): number[] {
  const rng = createRng(seed, label);
  return Array.from({ length: n }, () => rng.uint32());
}

describe('seeded random generator', () => {
  it('gives the same sequence for the same seed and label', () => {
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42, 'students')).toEqual(draws(42, 'students'));
  });

  it('gives different sequences for different seeds or labels', () => {
    expect(draws(42)).not.toEqual(draws(43));
    expect(draws(42, 'students')).not.toEqual(draws(42, 'offers'));
    // seeds above 2^32 are not truncated
    expect(draws(2 ** 40 + 1)).not.toEqual(draws(1));
  });

  it('is pinned: a change of algorithm would change every seeded data set', () => {
    expect(draws(1, '', 3)).toEqual([3773806752, 188501479, 1512380885]);
    expect(createRng(20260120).uuid()).toBe('4b72a099-0db0-4fbe-a956-6d65d4f961ef');
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRng(1.5)).toThrow(/graine invalide/);
    expect(() => createRng(Number.NaN)).toThrow(/graine invalide/);
  });

  it('draws floats in [0, 1) and integers within inclusive bounds', () => {
    const rng = createRng(7);
    const seen = new Set<number>();
    let min = 1;
    let max = 0;
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      seen.add(rng.int(-2, 3));
      const f = rng.float(10, 20);
      if (f < 10 || f >= 20) outside++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(outside).toBe(0);
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(() => rng.int(3, 2)).toThrow(/intervalle invalide/);
  });

  it('has a roughly uniform distribution', () => {
    const rng = createRng(11);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(rng.next() * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('picks, shuffles and draws chances', () => {
    const rng = createRng(3);
    const items = ['a', 'b', 'c', 'd', 'e'];
    for (let i = 0; i < 100; i++) expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow();
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    let yes = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.7)) yes++;
    expect(yes / 10_000).toBeCloseTo(0.7, 1);
  });

  it('follows the weights of a weighted pick, never drawing a zero weight', () => {
    const rng = createRng(5);
    const table = new WeightedTable(['rare', 'never', 'often'], [1, 0, 9]);
    const tally: Record<string, number> = { rare: 0, never: 0, often: 0 };
    for (let i = 0; i < 20_000; i++) tally[table.pick(rng)]!++;
    expect(tally.never).toBe(0);
    expect(tally.often! / 20_000).toBeCloseTo(0.9, 1);
    expect(rng.weightedPick(['x'], [2])).toBe('x');
    expect(() => new WeightedTable(['a'], [0])).toThrow();
    expect(() => new WeightedTable(['a'], [-1])).toThrow();
    expect(() => new WeightedTable(['a', 'b'], [1])).toThrow();
  });

  it('makes version-4 UUIDs, all distinct', () => {
    const rng = createRng(9);
    const ids = new Set<string>();
    const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    let malformed = 0;
    for (let i = 0; i < 10_000; i++) {
      const id = rng.uuid();
      if (!pattern.test(id)) malformed++;
      ids.add(id);
    }
    expect(malformed).toBe(0);
    expect(ids.size).toBe(10_000);
  });

  it('forks independent streams without consuming the parent', () => {
    const a = createRng(1, 'x');
    const before = createRng(1, 'x');
    const child = a.fork('child');
    expect(a.uint32()).toBe(before.uint32());
    expect(child.uint32()).toBe(createRng(1, 'x/child').uint32());
  });

  it('hashes strings with FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('students')).not.toBe(hashString('offers'));
  });
});
