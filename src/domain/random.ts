/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) and the helpers the
 * demo and benchmark generators need. Same seed and same calls → same values, on every platform:
 * only 32-bit integer arithmetic is used.
 */

export interface Rng {
  /** a float in [0, 1) */
  next(): number;
  /** an unsigned 32-bit integer */
  uint32(): number;
  /** an integer in [min, max], both included */
  int(min: number, max: number): number;
  /** a float in [min, max) */
  float(min: number, max: number): number;
  /** true with probability p */
  chance(p: number): boolean;
  /** one element, uniformly */
  pick<T>(items: readonly T[]): T;
  /** one element, with probability proportional to its weight */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T;
  /** a shuffled copy (Fisher–Yates) */
  shuffle<T>(items: readonly T[]): T[];
  /** a random (version 4) UUID drawn from this generator */
  uuid(): string;
  /** an independent generator derived from this one's seed and a label (does not consume values) */
  fork(label: string): Rng;
}

/** FNV-1a 32-bit hash of a string, for deriving seeds from labels. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const hex8 = (x: number): string => x.toString(16).padStart(8, '0');

/**
 * A generator from an integer seed (any safe integer) and an optional label: generators with
 * the same seed and different labels are independent streams.
 */
export function createRng(seed: number, label = ''): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`graine invalide : ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  const mix = splitmix32(low ^ Math.imul(high, 0x9e3779b1) ^ hashString(label));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() | 1;

  function uint32(): number {
    // sfc32
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  // warm up, as sfc32's authors recommend
  for (let i = 0; i < 12; i++) uint32();

  const next = (): number => uint32() / 0x1_0000_0000;

  const rng: Rng = {
    next,
    uint32,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new Error(`intervalle invalide : [${min}, ${max}]`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    float(min, max) {
      return min + next() * (max - min);
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new Error('tirage dans une liste vide');
      return items[Math.floor(next() * items.length)]!;
    },
    weightedPick(items, weights) {
      return new WeightedTable(items, weights).pick(rng);
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i]!;
        out[i] = out[j]!;
        out[j] = tmp;
      }
      return out;
    },
    uuid() {
      const w0 = uint32();
      const w1 = ((uint32() & 0xffff0fff) | 0x00004000) >>> 0; // version 4
      const w2 = ((uint32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
      const w3 = uint32();
      const h = hex8(w0) + hex8(w1) + hex8(w2) + hex8(w3);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    fork(forkLabel) {
      return createRng(seed, `${label}/${forkLabel}`);
    },
  };
  return rng;
}

/**
 * Items with weights, prepared once (cumulative sums) to draw many times in O(log n).
 * Weights must be finite and non-negative, with a positive total.
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length) throw new Error('autant de poids que d’éléments attendus');
    if (items.length === 0) throw new Error('tirage dans une liste vide');
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!Number.isFinite(w) || w < 0) throw new Error(`poids invalide : ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    }
    if (sum <= 0) throw new Error('la somme des poids doit être positive');
    this.total = sum;
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
