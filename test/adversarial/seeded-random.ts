import { createPrng } from '../../scripts/sample/prng.js';

/** The fuzzers' seeded randomness (the sample generator's PRNG): `int(n)` is uniform in [0, n). */
export interface SeededRandom {
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  const prng = createPrng(seed, 0xad5e);
  return {
    int: (n) => (n <= 1 ? 0 : prng.int(0, n - 1)),
    chance: (p) => prng.chance(p),
    pick: (items) => prng.pick(items),
  };
}
