import { createHash, randomBytes } from 'node:crypto';

/** How long a browser session lasts after sign-in (12 hours), whatever its activity. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** One-time sign-in secrets waiting to be used, at most (the oldest is dropped first). */
export const MAX_PENDING_SECRETS = 16;

/**
 * Browser sign-in state of one server, in memory only (a restart signs every browser out):
 * - **one-time sign-in secrets**: `issueSecret()` makes one (32 random bytes, base64url) for a URL such as
 *   `/login?secret=…` that `distill serve` prints; `redeemSecret()` accepts it once, then forgets it — a URL left
 *   in the browser history or a log is worthless afterwards;
 * - **sessions**: `open()` makes a session id (32 random bytes) for the `HttpOnly; Secure; SameSite=Strict` cookie;
 *   `check()` accepts it until {@link SESSION_TTL_MS} after sign-in; `close()` ends it (sign-out).
 *
 * Secrets and ids are kept as SHA-256 digests and looked up by digest, so neither a memory dump nor the timing of
 * a map lookup reveals a usable value. Cost: O(1) per check; memory: one entry per signed-in browser.
 *
 * @example
 * const b = new BrowserSessions(Date.now);
 * const secret = b.issueSecret();
 * b.redeemSecret(secret); // → true; a second time → false
 * const id = b.open(); b.check(id); // → true
 */
export class BrowserSessions {
  readonly #secrets = new Set<string>();
  readonly #sessions = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A new one-time sign-in secret. */
  issueSecret(): string {
    const secret = randomBytes(32).toString('base64url');
    this.#secrets.add(digest(secret));
    while (this.#secrets.size > MAX_PENDING_SECRETS) this.#secrets.delete(this.#secrets.values().next().value!);
    return secret;
  }

  /** True once for each issued secret; false for anything else (and for the same secret again). */
  redeemSecret(secret: string): boolean {
    return this.#secrets.delete(digest(secret));
  }

  /** Open a session; returns its id for the cookie. */
  open(): string {
    const id = randomBytes(32).toString('base64url');
    const now = this.#now();
    for (const [key, expires] of this.#sessions) if (expires <= now) this.#sessions.delete(key);
    this.#sessions.set(digest(id), now + SESSION_TTL_MS);
    return id;
  }

  /** Is this a live session id? */
  check(id: string): boolean {
    const key = digest(id);
    const expires = this.#sessions.get(key);
    if (expires === undefined) return false;
    if (expires > this.#now()) return true;
    this.#sessions.delete(key);
    return false;
  }

  /** End a session (sign-out). */
  close(id: string): void {
    this.#sessions.delete(digest(id));
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}
