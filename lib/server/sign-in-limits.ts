import "server-only";

// What keeps a flood of bad sign-ins (HTTP basic) from guessing passwords without limit, or from
// taking the server's thread pool: every check of a password runs scrypt (32 MiB, on libuv's pool of
// four threads, which file reads, zlib and DNS share) or bcrypt (on the main thread).
//   - Failed sign-ins are counted per client address and per user name in a fixed window; at the
//     limit, the next attempt is refused with 429 and Retry-After, without checking its password.
//     Attempts still being checked count too, so a burst of parallel attempts cannot overshoot.
//   - At most a couple of passwords are checked at once; a bounded queue waits its turn, and beyond
//     it an attempt is refused at once (429, Retry-After: 1).
// A signed-in user's requests never reach either: auth.ts remembers a successful check.

export const SIGN_IN_LIMITS = {
  /** Failed sign-ins per client address (an IPv6 client: its /64) per window. */
  failuresPerAddress: 20,
  /** Failed sign-ins per user name (normalised, known or not) per window. */
  failuresPerUser: 10,
  windowMs: 5 * 60_000,
  /** Password checks at once: two of libuv's four threads stay free for everything else. */
  checksAtOnce: 2,
  /** Checks waiting for a place; a check takes tens of milliseconds, so the wait stays near a second. */
  checksQueued: 32,
} as const;

interface Entry {
  failures: number;
  inFlight: number;
  /** When the window that counts `failures` ends. */
  resetAt: number;
}

/** Failed attempts per key within a fixed window, attempts in flight included. */
export class FailureLimit {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Keys kept at most: a flood of made-up names must not grow the map without bound. */
    private readonly maxKeys = 20_000,
  ) {}

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.live(key, now);
    if (!entry || entry.failures + entry.inFlight < this.limit) return 0;
    // At the limit only because of attempts still being checked: they end within moments.
    if (entry.failures < this.limit) return 1;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  /** An attempt for `key` starts being checked. */
  begin(key: string, now = Date.now()): void {
    const entry = this.live(key, now);
    if (entry) {
      entry.inFlight++;
      return;
    }
    this.entries.set(key, { failures: 0, inFlight: 1, resetAt: now + this.windowMs });
    this.prune(now);
  }

  /** The attempt begun for `key` ended: failed (a wrong password), or not (signed in, or not checked). */
  end(key: string, failed: boolean, now = Date.now()): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    if (failed) {
      if (entry.resetAt <= now) {
        entry.failures = 0;
        entry.resetAt = now + this.windowMs;
      }
      entry.failures++;
    }
    if (entry.failures === 0 && entry.inFlight === 0) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.resetAt <= now && entry.inFlight === 0) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(now: number): void {
    if (this.entries.size <= this.maxKeys) return;
    for (const [key, entry] of this.entries) {
      if (entry.inFlight === 0 && entry.resetAt <= now) this.entries.delete(key);
    }
    // Still too many: the oldest windows go first (a Map iterates in insertion order).
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxKeys) break;
      if (entry.inFlight === 0) this.entries.delete(key);
    }
  }
}

/** At most `limit` tasks at once; up to `queued` more wait their turn, in order; beyond, refused. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly queued: number,
  ) {}

  /**
   * A place: resolves with the function that gives it back once free; null at once when the queue
   * is full.
   */
  enter(): Promise<() => void> | null {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queued) return null;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The place passes straight to the next in line; `running` stays as it is.
      if (next) next();
      else this.running--;
    };
  }
}
