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
