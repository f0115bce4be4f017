import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, retryDelay } from '../../src/core/index.js';

const POLICY = { baseMs: 500, maxMs: 60_000 };
const highest = () => 0.999_999_999;
const lowest = () => 0;

describe('retryDelay', () => {
  it('doubles with every attempt', () => {
    const delays = [1, 2, 3, 4, 5].map((attempts) => retryDelay(attempts, POLICY, 0, highest));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than the policy maximum, however many attempts failed', () => {
    expect(retryDelay(8, POLICY, 0, highest)).toBe(60_000);
    expect(retryDelay(50, POLICY, 0, highest)).toBe(60_000);
    expect(retryDelay(5_000, POLICY, 0, highest)).toBe(60_000);
  });

  it('keeps half of each step fixed and jitters the other half', () => {
    expect(retryDelay(3, POLICY, 0, lowest)).toBe(1_000);
    expect(retryDelay(3, POLICY, 0, () => 0.5)).toBe(1_500);
    expect(retryDelay(3, POLICY, 0, highest)).toBe(2_000);
  });

  it('stays within [step/2, step] for any attempt and any random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempts, random) => {
          const step = Math.min(POLICY.maxMs, POLICY.baseMs * 2 ** (attempts - 1));
          const delay = retryDelay(attempts, POLICY, 0, () => random);
          return delay >= step / 2 && delay <= step;
        },
      ),
    );
  });

  it('treats a platform Retry-After as a floor, not a replacement', () => {
    expect(retryDelay(1, POLICY, 30_000, lowest)).toBe(30_000);
    expect(retryDelay(1, POLICY, 30_000, highest)).toBe(30_000);
    // Longer than the policy maximum still wins: retrying earlier would only be refused again.
    expect(retryDelay(1, POLICY, 120_000, highest)).toBe(120_000);
    // A short Retry-After does not shorten the backoff.
    expect(retryDelay(4, POLICY, 100, lowest)).toBe(2_000);
  });

  it('waits about the base delay before the first retry with the default policy', () => {
    const delay = retryDelay(1, DEFAULT_BACKOFF);
    expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.baseMs / 2);
    expect(delay).toBeLessThanOrEqual(DEFAULT_BACKOFF.baseMs);
    expect(retryDelay(100, DEFAULT_BACKOFF)).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
  });
});
