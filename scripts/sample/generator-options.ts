/**
 * Options of {@link import("./generate-userale.js").generateUserale}, and their normalisation: defaults applied
 * and every value checked once, here, so the generator never re-checks.
 */

/** What a caller may pass. Only `seed` is required. */
export interface GenerateUseraleOptions {
  /** Seed of every random choice; same seed and options → identical output. */
  readonly seed: number;
  /** Number of users (default 8). Ignored when `events` is given. */
  readonly users?: number;
  /** Approximate number of events wanted: the user count is chosen to land as close as possible. */
  readonly events?: number;
  /** Inclusive [min, max] sessions per user (default [2, 4]). */
  readonly sessionsPerUser?: readonly [number, number];
  /** Epoch ms of the first day (default 2024-03-04T00:00:00Z = 1709510400000). */
  readonly start?: number;
  /** Days over which sessions are spread (default 7). */
  readonly days?: number;
  /** Share of users whose UserALE writes the older `sessionID` key (default 0.25: 2 of 8). */
  readonly legacyShare?: number;
  /** Share of sessions that start signed out, `userId: null` (default 0.45). */
  readonly anonymousShare?: number;
  /** Share of sessions whose final unsent logs are lost when the page closes (default 0.25). */
  readonly lossShare?: number;
  /** `toolName` (default "oak-and-pine-shop"). */
  readonly toolName?: string;
  /** `toolVersion` (default "3.2.1"). */
  readonly toolVersion?: string;
  /** `useraleVersion` (default "2.4.0"). */
  readonly useraleVersion?: string;
  /** UserALE `transmitInterval` in ms (default 5000). */
  readonly transmitInterval?: number;
  /** UserALE `logCountThreshold` (default 5). */
  readonly logCountThreshold?: number;
}

/** Options after defaults; `users` is null when the count is derived from `events`. */
export interface NormalizedGenerateOptions {
  readonly seed: number;
  readonly users: number | null;
  readonly events: number | null;
  readonly sessionsPerUser: readonly [number, number];
  readonly start: number;
  readonly days: number;
  readonly legacyShare: number;
  readonly anonymousShare: number;
  readonly lossShare: number;
  readonly toolName: string;
  readonly toolVersion: string;
  readonly useraleVersion: string;
  readonly transmitInterval: number;
  readonly logCountThreshold: number;
}

/** Defaults applied by {@link normalizeGenerateOptions}. */
export const GENERATE_DEFAULTS = {
  users: 8,
  sessionsPerUser: [2, 4] as const,
  start: Date.UTC(2024, 2, 4),
  days: 7,
  legacyShare: 0.25,
  anonymousShare: 0.45,
  lossShare: 0.25,
  toolName: "oak-and-pine-shop",
  toolVersion: "3.2.1",
  useraleVersion: "2.4.0",
  transmitInterval: 5000,
  logCountThreshold: 5,
} as const;

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

function share(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be within [0, 1], got ${String(value)}`);
  return value;
}

/**
 * Applies defaults and validates. Cost: O(1).
 *
 * @throws RangeError naming the option, the offending value and the accepted range.
 * @example
 * normalizeGenerateOptions({ seed: 42 }).users;            // → 8
 * normalizeGenerateOptions({ seed: 42, events: 1e5 }).users; // → null (derived from events)
 */
export function normalizeGenerateOptions(options: GenerateUseraleOptions): NormalizedGenerateOptions {
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a finite number, got ${String(options.seed)}`);
  const events = options.events === undefined ? null : integer("events", options.events, 1);
  const users = events === null ? integer("users", options.users ?? GENERATE_DEFAULTS.users, 1) : null;
  const [min, max] = options.sessionsPerUser ?? GENERATE_DEFAULTS.sessionsPerUser;
  integer("sessionsPerUser[0]", min, 1);
  integer("sessionsPerUser[1]", max, min);
  const start = options.start ?? GENERATE_DEFAULTS.start;
  if (!Number.isFinite(start)) throw new RangeError(`start must be epoch milliseconds, got ${String(start)}`);
  const days = options.days ?? GENERATE_DEFAULTS.days;
  if (!(days >= 1)) throw new RangeError(`days must be ≥ 1, got ${String(days)}`);
  return {
    seed: options.seed,
    users,
    events,
    sessionsPerUser: [min, max],
    start: Math.floor(start),
    days,
    legacyShare: share("legacyShare", options.legacyShare ?? GENERATE_DEFAULTS.legacyShare),
    anonymousShare: share("anonymousShare", options.anonymousShare ?? GENERATE_DEFAULTS.anonymousShare),
    lossShare: share("lossShare", options.lossShare ?? GENERATE_DEFAULTS.lossShare),
    toolName: options.toolName ?? GENERATE_DEFAULTS.toolName,
    toolVersion: options.toolVersion ?? GENERATE_DEFAULTS.toolVersion,
    useraleVersion: options.useraleVersion ?? GENERATE_DEFAULTS.useraleVersion,
    transmitInterval: integer("transmitInterval", options.transmitInterval ?? GENERATE_DEFAULTS.transmitInterval, 1),
    logCountThreshold: integer("logCountThreshold", options.logCountThreshold ?? GENERATE_DEFAULTS.logCountThreshold, 1),
  };
}
