/** A platform limit as a token bucket: `perSecond` on average, up to `burst` at once after a quiet spell. */
export interface RateLimit {
  perSecond: number;
  /** How many calls may go out back to back; at least 1. */
  burst: number;
  /**
   * Count the interval from the platform's answer instead of from the moment the call left. A platform
   * counts a call when it arrives, some milliseconds after it left and before it is answered; a limit of
   * "one a second" kept by departure times breaks as soon as one call travels slower than the next, while
   * one kept from the answer holds whatever the network does, at the cost of one round trip per call.
   */
  fromAnswer?: boolean;
}

/**
 * One destination's token bucket. Pure arithmetic on the times it is given, so it runs anywhere and tests
 * drive it with a fake clock. In any window of one second it lets through at most `burst + perSecond`
 * calls, and over a long stretch `perSecond` a second.
 */
export class TokenBucket {
  readonly #perMs: number;
  readonly #capacity: number;
  #tokens: number;
  /** The time `#tokens` was counted at; in the future while the platform told us to pause. */
  #countedAt: number;

  constructor(limit: RateLimit, now: number) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
    }
    this.#perMs = limit.perSecond / 1000;
    this.#capacity = limit.burst;
    this.#tokens = limit.burst;
    this.#countedAt = now;
  }

  /**
   * The earliest time (at or after `now`, whole milliseconds) `count` tokens have been there to take,
   * counting those that callers take as soon as they come: when the `count`-th caller in line may go.
   */
  readyAt(now: number, count = 1): number {
    this.#refill(now);
    const from = Math.max(now, this.#countedAt);
    if (this.#tokens >= count - EPSILON) return from;
    return Math.ceil(from + (count - this.#tokens) / this.#perMs);
  }

  /** Milliseconds between two calls at the sustained rate. */
  get intervalMs(): number {
    return 1 / this.#perMs;
  }

  /** Takes a token; only call it when `readyAt(now) <= now`. */
  take(now: number): void {
    this.#refill(now);
    this.#tokens = Math.max(0, this.#tokens - 1);
  }

  /**
   * The call that took a token at `takenAt` was answered at `now`: what grew back while it was under way
   * is taken back, so the next call waits a whole interval from the answer (see RateLimit.fromAnswer).
   */
  answered(takenAt: number, now: number): void {
    if (now <= takenAt) return;
    this.#refill(now);
    this.#tokens = Math.max(0, this.#tokens - (now - takenAt) * this.#perMs);
  }

  /**
   * The platform answered "too many requests, retry after …": nothing goes out before `until`, and then
   * one call at a time at the normal pace, so the bucket does not release a whole burst into a limit
   * that has just bitten.
   */
  pauseUntil(until: number): void {
    const oneTokenMs = 1 / this.#perMs;
    // Empty at `until - one token`, so exactly one token has grown back at `until`.
    this.#countedAt = Math.max(this.#countedAt, until - oneTokenMs);
    this.#tokens = 0;
  }

  /** True when the bucket is full and not paused: forgetting it changes nothing. */
  isIdle(now: number): boolean {
    this.#refill(now);
    return now >= this.#countedAt && this.#tokens >= this.#capacity;
  }

  #refill(now: number): void {
    if (now <= this.#countedAt) return;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#countedAt) * this.#perMs);
    this.#countedAt = now;
  }
}

/** Floating-point slack, so a token due at exactly `readyAt` is taken at that time. */
const EPSILON = 1e-9;
