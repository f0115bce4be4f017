/**
 * How an adapter tells the outbox what a failed delivery means. Anything else thrown is treated as
 * transient: retrying a message that might have failed for good costs little, losing one costs much.
 */
export class DeliveryError extends Error {
  constructor(
    /** `retry`: try again later (outage, rate limit). `permanent`: retrying cannot help (chat gone). */
    readonly disposition: 'retry' | 'permanent',
    /** A plain reason a caseworker can read, e.g. "the person blocked the bot". Never message content. */
    readonly reason: string,
    /** The earliest the platform allows another try (429 retry_after / Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = 'DeliveryError';
  }
}

/**
 * Not a failure: the delivery must wait for a platform's rate limit (Haven's own pacing). The outbox hands
 * the entry back untried, due again at `retryAt`, without counting an attempt.
 */
export class DeliveryDeferred extends Error {
  constructor(
    /** When the call may go out (epoch milliseconds). */
    readonly retryAt: number,
    /** Which limit it waits for, for the logs. */
    readonly limit: string,
  ) {
    super(`waiting for the ${limit} rate limit`);
    this.name = 'DeliveryDeferred';
  }
}
