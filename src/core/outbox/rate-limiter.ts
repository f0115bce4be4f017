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
  /**
   * Takes a token from every bucket in `keys`, or from none and says when to come back. `claimant` names
   * the work that asks (a case's deliveries to one place): a refused claimant is given a turn of its own
   * after everyone already waiting, so a thousand deliveries waiting for one limit come back one by one,
   * oldest first, instead of all at the moment the next token grows back.
   */
  acquire(keys: readonly RateKey[], now: number, claimant?: string): RateDecision;
  /** The call a grant was for (taken at `takenAt`) was answered, or failed, at `now`. */
  answered?(keys: readonly RateKey[], takenAt: number, now: number): void;
  /** The platform said "too many requests" for `key`: nothing more before `until`. */
  pauseUntil(key: RateKey, until: number, now: number): void;
}

/** Buckets beyond this many are swept of idle ones (every chat gets its own bucket). */
const SWEEP_ABOVE = 1_000;
/** …and at most this often, so a thousand busy chats do not make every new one pay for a sweep. */
const SWEEP_EVERY_MS = 1_000;
/** A turn not taken this long after it came is forgotten: its delivery was done some other way, or erased. */
const FORGET_TURN_AFTER_MS = 60_000;
/** How much each new round trip counts in the running estimate of a limit counted from the answer. */
const ROUND_TRIP_WEIGHT = 0.2;

/** A token bucket and the turns it has handed out to claimants that must wait for it. */
class Line {
  readonly bucket: TokenBucket;
  readonly #countsFromAnswer: boolean;
  /** Claimants told to come back, with the time they were told, oldest first. */
  readonly #turns = new Map<string, number>();
  /** The turn the next newcomer gets: after every turn handed out. */
  #tail = Number.NEGATIVE_INFINITY;
  #roundTripMs = 0;

  constructor(limit: RateLimit, now: number) {
    this.bucket = new TokenBucket(limit, now);
    this.#countsFromAnswer = limit.fromAnswer === true;
  }

  /**
   * When `claimant` may take a token: `now` when it may go at once. Every claimant that must wait gets a
   * turn of its own, one pace after the last one handed out, so no two are told the same time. A claimant
   * whose turn has come goes as soon as there is a token, whoever else is late; one that comes back
   * within its turn waits for the token of that turn; one whose turn has passed (it came back too late,
   * and someone else's turn took the token) gets a new turn after everyone waiting. A newcomer goes at
   * once only when no turn still to come was promised.
   */
  turnOf(claimant: string | undefined, now: number): number {
    const ready = this.bucket.readyAt(now);
    const turn = claimant === undefined ? undefined : this.#turns.get(claimant);
    if (turn !== undefined) {
      if (turn > now) return turn;
      if (ready <= now) return now;
      if (ready < turn + this.#paceMs()) return ready;
    }
    const next = Math.max(ready, this.#tail);
    if (next <= now) return now;
    if (claimant !== undefined) {
      this.#forgetOldTurns(now);
      // Delete first: a new turn goes to the end of the line, where forgetting looks last.
      this.#turns.delete(claimant);
      this.#turns.set(claimant, next);
      this.#tail = next + this.#paceMs();
    }
    return next;
  }

  take(claimant: string | undefined, now: number): void {
    this.bucket.take(now);
    if (claimant !== undefined) this.#turns.delete(claimant);
  }

  answered(takenAt: number, now: number): void {
    if (!this.#countsFromAnswer) return;
    this.bucket.answered(takenAt, now);
    this.#roundTripMs += ROUND_TRIP_WEIGHT * (now - takenAt - this.#roundTripMs);
  }

  isIdle(now: number): boolean {
    this.#forgetOldTurns(now);
    return this.#turns.size === 0 && this.bucket.isIdle(now);
  }

  /** Time between two turns: the limit's interval, and for a limit counted from the answer a round trip. */
  #paceMs(): number {
    return this.bucket.intervalMs + (this.#countsFromAnswer ? this.#roundTripMs : 0);
  }

  #forgetOldTurns(now: number): void {
    for (const [claimant, turn] of this.#turns) {
      if (turn + FORGET_TURN_AFTER_MS >= now) return;
      this.#turns.delete(claimant);
    }
  }
}

/**
 * The RateLimiter of one process: a token bucket per key, created on first use, forgotten when idle, with
 * the turns of the claimants waiting for it.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  readonly #lines = new Map<string, Line>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  acquire(keys: readonly RateKey[], now: number, claimant?: string): RateDecision {
    const lines = keys.map((rateKey) => this.#line(rateKey, now));
    // The most specific limit first: a chat's own limit holds a call back before it takes a turn for the
    // bot-wide one, where it would stand in everyone else's way.
    for (const line of lines) {
      const turn = line.turnOf(claimant, now);
      if (turn > now) return { granted: false, retryAt: turn };
    }
    for (const line of lines) line.take(claimant, now);
    return { granted: true };
  }

  answered(keys: readonly RateKey[], takenAt: number, now: number): void {
    for (const { key } of keys) this.#lines.get(key)?.answered(takenAt, now);
  }

  pauseUntil(rateKey: RateKey, until: number, now: number): void {
    this.#line(rateKey, now).bucket.pauseUntil(until);
  }

  /** How many buckets are kept; for tests of the sweep. */
  get size(): number {
    return this.#lines.size;
  }

  #line({ key, limit }: RateKey, now: number): Line {
    let line = this.#lines.get(key);
    if (!line) {
      if (this.#lines.size >= SWEEP_ABOVE && now - this.#sweptAt >= SWEEP_EVERY_MS) this.#sweep(now);
      line = new Line(limit, now);
      this.#lines.set(key, line);
    }
    return line;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [key, line] of this.#lines) if (line.isIdle(now)) this.#lines.delete(key);
  }
}
