import { type RateLimit, TokenBucket } from './token-bucket.js';

/** One bucket a call needs a token from: a name (operation and destination) and the limit it has. */
export interface RateKey {
  key: string;
  limit: RateLimit;
}

export type RateDecision = { granted: true } | { granted: false; retryAt: number };

/**
 * Paces calls to the platforms so Haven stays under their limits instead of provoking 429s. One instance
 * serves one process; a deployment with many processes could put a shared one behind this port.
 */
export interface RateLimiter {
  /** Takes a token from every bucket in `keys`, or from none and says when all of them will have one. */
  acquire(keys: readonly RateKey[], now: number): RateDecision;
  /** The platform said "too many requests" for `key`: nothing more before `until`. */
  pauseUntil(key: RateKey, until: number, now: number): void;
}

/** Buckets beyond this many are swept of idle ones (every chat gets its own bucket). */
const SWEEP_ABOVE = 1_000;
/** …and at most this often, so a thousand busy chats do not make every new one pay for a sweep. */
const SWEEP_EVERY_MS = 1_000;

/** The RateLimiter of one process: a token bucket per key, created on first use, forgotten when idle. */
export class TokenBucketRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  acquire(keys: readonly RateKey[], now: number): RateDecision {
    const buckets = keys.map((rateKey) => this.#bucket(rateKey, now));
    const retryAt = Math.max(now, ...buckets.map((bucket) => bucket.readyAt(now)));
    if (retryAt > now) return { granted: false, retryAt };
    for (const bucket of buckets) bucket.take(now);
    return { granted: true };
  }

  pauseUntil(rateKey: RateKey, until: number, now: number): void {
    this.#bucket(rateKey, now).pauseUntil(until);
  }

  /** How many buckets are kept; for tests of the sweep. */
  get size(): number {
    return this.#buckets.size;
  }

  #bucket({ key, limit }: RateKey, now: number): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= SWEEP_ABOVE && now - this.#sweptAt >= SWEEP_EVERY_MS) this.#sweep(now);
      bucket = new TokenBucket(limit, now);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [key, bucket] of this.#buckets) if (bucket.isIdle(now)) this.#buckets.delete(key);
  }
}
