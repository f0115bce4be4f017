export interface BackoffPolicy {
  /** Delay before the first retry, in milliseconds. */
  baseMs: number;
  /** No retry waits longer than this: a message delayed by an outage goes out soon after it ends. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 500, maxMs: 60_000 });

/**
 * Exponential backoff with "equal jitter": half the step is fixed and half random, so many entries that
 * failed together do not all retry in the same instant, and a platform's Retry-After is a floor.
 */
export function retryDelay(
  attempts: number,
  policy: BackoffPolicy,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = step / 2 + random() * (step / 2);
  return Math.max(retryAfterMs, Math.round(jittered));
}
