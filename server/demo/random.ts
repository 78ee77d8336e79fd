// A small seeded pseudo-random generator, so the demo database is the same on every machine and every
// start: the generator never reads Math.random or the clock.

/** mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32, good enough for sampling. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a label: derives independent streams ('DLA/59', 'sirens', …) from one seed. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Random {
  /** Uniform in [0, 1) */
  next(): number;
  /** Integer in [min, max], both included */
  int(min: number, max: number): number;
  /** True with probability p */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An item drawn with probability proportional to its weight (weights ≥ 0, not all 0) */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Log-normal draw: exp(N(ln(median), sigma)) */
  logNormal(median: number, sigma: number): number;
  /** A new, independent stream for a named part of the data */
  fork(label: string): Random;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items, weight) => {
      let total = 0;
      for (const item of items) total += weight(item);
      if (!(total > 0)) throw new Error('weighted pick with no positive weight');
      let target = next() * total;
      for (const item of items) {
        target -= weight(item);
        if (target < 0) return item;
      }
      return items[items.length - 1] as (typeof items)[number];
    },
    logNormal: (median, sigma) => {
      // Box–Muller; 1 - next() keeps the logarithm finite.
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * normal);
    },
    // Depends on the seed and the label only, so tuning one part of the data leaves the others unchanged.
    fork: (label) => createRandom((hashLabel(label) ^ Math.imul(seed, 0x9e3779b1)) >>> 0),
  };
  return random;
}
