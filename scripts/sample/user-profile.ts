import { createPrng } from "./prng.js";
import { spread } from "./spread.js";

/**
 * A simulated shop customer: who they are and what their browser and UserALE deployment report.
 */
export interface UserProfile {
  /** 0-based position of the user in the run. */
  readonly index: number;
  /** The id the shop hands UserALE once the user is signed in (`userId`). */
  readonly userId: string;
  /** `browser` field as detect-browser reports it. */
  readonly browser: { readonly browser: string; readonly version: string };
  /** `scrnRes` (window.innerWidth/innerHeight) at the start of every session. */
  readonly viewport: { readonly width: number; readonly height: number };
  /** The session key this user's UserALE build writes: current `sessionId` or the older `sessionID`. */
  readonly sessionKey: "sessionId" | "sessionID";
  /** Whether `httpSessionId` is populated (a 32-digit hex string) or null. */
  readonly hasHttpSessionId: boolean;
  /** Whether the user runs the UserALE browser extension, which fills `browserSessionId` (else null). */
  readonly hasBrowserSessionId: boolean;
}

const FIRST_NAMES: readonly string[] = [
  "amira", "ben", "chloe", "dmitri", "elena", "farid", "grace", "hiro", "ines", "jonas",
  "kavya", "liam", "maria", "nadia", "oscar", "priya", "quinn", "rafael", "sofia", "tomas",
  "uma", "victor", "wen", "ximena", "yusuf", "zoe", "anders", "bea", "carlos", "dana",
  "emeka", "freya", "gustav", "hana", "ivan", "julia", "kofi", "lena", "mateo", "noor",
];
const INITIALS = "abcdefghijklmnopqrstuvwxyz";

const BROWSERS: readonly (readonly [{ browser: string; version: string }, number])[] = [
  [{ browser: "chrome", version: "120.0.0" }, 30],
  [{ browser: "chrome", version: "121.0.0" }, 22],
  [{ browser: "firefox", version: "122.0.0" }, 14],
  [{ browser: "safari", version: "17.2.1" }, 14],
  [{ browser: "edge-chromium", version: "121.0.0" }, 12],
  [{ browser: "ios", version: "17.2.0" }, 8],
];

const VIEWPORTS: readonly (readonly [{ width: number; height: number }, number])[] = [
  [{ width: 1920, height: 947 }, 28],
  [{ width: 1536, height: 730 }, 18],
  [{ width: 1440, height: 789 }, 14],
  [{ width: 1366, height: 657 }, 12],
  [{ width: 2560, height: 1297 }, 8],
  [{ width: 1280, height: 633 }, 8],
  [{ width: 390, height: 664 }, 12],
];

/**
 * The deterministic user id of the `index`-th user: `"<name>.<initial>"`, then `"<name>.<initial><n>"` once
 * the 1,040 two-part combinations are used up — unique for every index. Cost: O(1).
 *
 * @example
 * userIdFor(0);  // → "amira.a"
 * userIdFor(41); // → "ben.b"
 */
export function userIdFor(index: number): string {
  const name = FIRST_NAMES[index % FIRST_NAMES.length] as string;
  const initial = INITIALS[Math.floor(index / FIRST_NAMES.length) % INITIALS.length] as string;
  const round = Math.floor(index / (FIRST_NAMES.length * INITIALS.length));
  return `${name}.${initial}${round === 0 ? "" : String(round)}`;
}

/**
 * Builds the `index`-th user of a run. Depends only on `(seed, index)`, never on how many users the run has,
 * so growing a run keeps its first users unchanged. The legacy `sessionID` key goes to a low-discrepancy
 * `legacyShare` of users (2 of 8 at the default 0.25, never 0 in a run of 8). Cost: O(1).
 *
 * @example
 * makeUserProfile(42, 0, 0.25).userId; // → "amira.a"
 */
export function makeUserProfile(seed: number, index: number, legacyShare: number): UserProfile {
  const rng = createPrng(seed, 0x75e2, index);
  const legacyOffset = createPrng(seed, 0x1e6a).next();
  return {
    index,
    userId: userIdFor(index),
    browser: rng.weighted(BROWSERS),
    viewport: rng.weighted(VIEWPORTS),
    sessionKey: spread(index, legacyOffset) < legacyShare ? "sessionID" : "sessionId",
    hasHttpSessionId: rng.chance(0.8),
    hasBrowserSessionId: rng.chance(0.25),
  };
}
