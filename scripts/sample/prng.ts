/**
 * Seeded pseudo-random numbers for the sample generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, 128-bit state, passes PractRand to 2^40+) seeded through splitmix32 from any number of integer
 * seed parts, plus the handful of distributions the generator needs.
 *
 * Never touches `Math.random`: the same seed parts always give the same sequence, on every platform, so the
 * same `--seed` gives byte-identical sample files.
 */

/** A seeded random stream. Every method advances the stream; none allocate except `pick`/`hex` results. */
export interface Prng {
  /** Uniform float in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. @throws RangeError when max < min. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  float(min: number, max: number): number;
  /** One element of a non-empty array, uniformly. @throws RangeError on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** One value of `[value, weight]` pairs with probability proportional to weight. @throws RangeError when empty. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** True with probability p (p ≤ 0 never, p ≥ 1 always). */
  chance(p: number): boolean;
  /** Normal deviate (Box–Muller, one draw per call). */
  normal(mean: number, sd: number): number;
  /** Log-normal deviate given its median and the standard deviation of its logarithm. */
  lognormal(median: number, sigma: number): number;
  /** Lower-case hexadecimal string of the given length (e.g. a 32-digit session id). */
  hex(length: number): string;
}

const HEX = "0123456789abcdef";

/** splitmix32 step: returns [next state, output]. Used only to expand seed parts into sfc32 state. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** Folds one seed part (any finite number, including values above 2^32 such as epoch ms) into a 32-bit hash. */
function mix(hash: number, part: number): number {
  const whole = Number.isFinite(part) ? Math.trunc(part) : 0;
  const low = whole % 0x1_0000_0000 | 0;
  const high = Math.floor(whole / 0x1_0000_0000) | 0;
  let h = hash;
  for (const word of [low, high]) {
    h = Math.imul(h ^ word, 0x01000193);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h;
}

/**
 * Creates an independent random stream from one or more seed parts.
 *
 * Streams built from different parts (e.g. `(seed, user)` and `(seed, user, session)`) are statistically
 * independent, which lets the generator simulate each session on its own without the result depending on the
 * order sessions are simulated in. Cost: O(parts) to create, O(1) per draw.
 *
 * @example
 * const rng = createPrng(42, 7);
 * rng.int(1, 6); // → the same die roll on every run, e.g. 4
 * createPrng(42, 7).next() === createPrng(42, 7).next(); // → true
 */
export function createPrng(...seedParts: readonly number[]): Prng {
  let hash = 0x811c9dc5;
  for (const part of seedParts) hash = mix(hash, part);
  let s = hash;
  let out: number;
  [s, out] = splitmix32(s);
  let a = out;
  [s, out] = splitmix32(s);
  let b = out;
  [s, out] = splitmix32(s);
  let c = out;
  [s, out] = splitmix32(s);
  let d = out;

  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextU32();

  const next = (): number => nextU32() / 0x1_0000_0000;

  const rng: Prng = {
    next,
    int(min, max) {
      if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min; swap the bounds`);
      return min + Math.floor(next() * (Math.floor(max) - Math.ceil(min) + 1));
    },
    float(min, max) {
      return min + next() * (max - min);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError("pick([]): cannot pick from an empty array");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(entries) {
      let total = 0;
      for (const [, weight] of entries) total += weight;
      if (entries.length === 0 || total <= 0) {
        throw new RangeError("weighted(): needs at least one entry with a positive weight");
      }
      let r = next() * total;
      for (const [value, weight] of entries) {
        r -= weight;
        if (r < 0) return value;
      }
      return (entries[entries.length - 1] as readonly [(typeof entries)[number][0], number])[0];
    },
    chance(p) {
      return next() < p;
    },
    normal(mean, sd) {
      const u1 = 1 - next(); // (0, 1]: log is finite
      const u2 = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    lognormal(median, sigma) {
      return median * Math.exp(rng.normal(0, sigma));
    },
    hex(length) {
      let s = "";
      for (let i = 0; i < length; i++) s += HEX[nextU32() & 15];
      return s;
    },
  };
  return rng;
}
