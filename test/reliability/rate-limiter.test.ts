import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RateKey, TokenBucketRateLimiter } from '../../src/core/index.js';
import { TokenBucket } from '../../src/core/outbox/token-bucket.js';

const perChat = (chat: string): RateKey => ({ key: `chat:${chat}`, limit: { perSecond: 1, burst: 1 } });
const overall: RateKey = { key: 'bot', limit: { perSecond: 30, burst: 1 } };

describe('TokenBucket', () => {
  it('lets a burst through at once, then one call per interval', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    const granted: number[] = [];
    // A caller that always comes back exactly when the bucket says it may.
    for (let now = 0; granted.length < 6; now = bucket.readyAt(now)) {
      if (bucket.readyAt(now) <= now) {
        bucket.take(now);
        granted.push(now);
      }
    }
    expect(granted).toEqual([0, 0, 0, 500, 1_000, 1_500]);
  });

  it('after a platform asked to pause, allows one call when the pause ends and then paces again', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, 0);
    bucket.pauseUntil(3_000);
    expect(bucket.readyAt(0)).toBe(3_000);
    expect(bucket.readyAt(2_999)).toBe(3_000);
    bucket.take(3_000);
    // Not the whole burst of five: the limit has just bitten.
    expect(bucket.readyAt(3_000)).toBe(3_100);
  });

  it('refuses limits that would let nothing through', () => {
    expect(() => new TokenBucket({ perSecond: 0, burst: 1 }, 0)).toThrow(RangeError);
    expect(() => new TokenBucket({ perSecond: 1, burst: 0 }, 0)).toThrow(RangeError);
  });

  it('never lets more than burst + perSecond through in any one-second window, however it is asked', () => {
    fc.assert(
      fc.property(
        fc.record({
          perSecond: fc.integer({ min: 1, max: 50 }),
          burst: fc.integer({ min: 1, max: 10 }),
        }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (limit, gaps) => {
          const bucket = new TokenBucket(limit, 0);
          const granted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            if (bucket.readyAt(now) <= now) {
              bucket.take(now);
              granted.push(now);
            }
          }
          const most = Math.floor(limit.burst + limit.perSecond);
          for (let index = most; index < granted.length; index += 1) {
            // The call `most` places earlier must lie at least a second back.
            expect(granted[index]! - granted[index - most]!).toBeGreaterThanOrEqual(1_000 - 1);
          }
        },
      ),
    );
  });
});

describe('TokenBucketRateLimiter', () => {
  it('keeps each chat to one message a second while other chats go ahead', () => {
    const limiter = new TokenBucketRateLimiter();
    expect(limiter.acquire([perChat('501'), overall], 0)).toEqual({ granted: true });
    expect(limiter.acquire([perChat('501'), overall], 100)).toEqual({ granted: false, retryAt: 1_000 });
    expect(limiter.acquire([perChat('502'), overall], 100)).toEqual({ granted: true });
    expect(limiter.acquire([perChat('501'), overall], 1_000)).toEqual({ granted: true });
  });

  it('takes from every bucket or from none: a refused call leaves the overall budget untouched', () => {
    const limiter = new TokenBucketRateLimiter();
    limiter.acquire([perChat('501'), overall], 0);
    // 501 must wait; the refusal must not spend the bot-wide token that 502 needs right now.
    expect(limiter.acquire([perChat('501'), overall], 40).granted).toBe(false);
    expect(limiter.acquire([perChat('502'), overall], 40)).toEqual({ granted: true });
  });

  it('says when every bucket it needs has a token, the slowest deciding', () => {
    const limiter = new TokenBucketRateLimiter();
    const slow: RateKey = { key: 'slow', limit: { perSecond: 0.5, burst: 1 } };
    const fast: RateKey = { key: 'fast', limit: { perSecond: 10, burst: 1 } };
    limiter.acquire([slow, fast], 0);
    expect(limiter.acquire([slow, fast], 0)).toEqual({ granted: false, retryAt: 2_000 });
  });

  it('holds a destination back for as long as the platform asked', () => {
    const limiter = new TokenBucketRateLimiter();
    limiter.pauseUntil(perChat('501'), 5_000, 0);
    expect(limiter.acquire([perChat('501'), overall], 1_000)).toEqual({ granted: false, retryAt: 5_000 });
    expect(limiter.acquire([perChat('502'), overall], 1_000)).toEqual({ granted: true });
    expect(limiter.acquire([perChat('501'), overall], 5_000)).toEqual({ granted: true });
  });

  it('gives each delivery that must wait a turn of its own, one interval apart, oldest first', () => {
    const limiter = new TokenBucketRateLimiter();
    const channel: RateKey = { key: 'post:C1', limit: { perSecond: 1, burst: 1 } };
    expect(limiter.acquire([channel], 0, 'case 1')).toEqual({ granted: true });
    // A thousand cases waiting for one channel come back one a second, not all at the next token.
    const turns = ['case 2', 'case 3', 'case 4'].map((claimant) => limiter.acquire([channel], 10, claimant));
    expect(turns).toEqual([
      { granted: false, retryAt: 1_000 },
      { granted: false, retryAt: 2_000 },
      { granted: false, retryAt: 3_000 },
    ]);
    // At its turn each goes; coming back early changes nothing.
    expect(limiter.acquire([channel], 1_000, 'case 2')).toEqual({ granted: true });
    expect(limiter.acquire([channel], 1_500, 'case 3')).toEqual({ granted: false, retryAt: 2_000 });
    expect(limiter.acquire([channel], 2_000, 'case 3')).toEqual({ granted: true });
  });

  it('keeps a token promised to a waiting delivery from one that arrives later', () => {
    const limiter = new TokenBucketRateLimiter();
    const channel: RateKey = { key: 'post:C1', limit: { perSecond: 1, burst: 1 } };
    limiter.acquire([channel], 0, 'case 1');
    expect(limiter.acquire([channel], 10, 'case 2')).toEqual({ granted: false, retryAt: 1_000 });
    // The token that grows back at 1 000 is case 2's: a newcomer then waits behind it.
    expect(limiter.acquire([channel], 1_000, 'case 9')).toEqual({ granted: false, retryAt: 2_000 });
    expect(limiter.acquire([channel], 1_000, 'case 2')).toEqual({ granted: true });
  });

  it('lets a delivery whose turn came go ahead of one before it that is late, and the late one after', () => {
    const limiter = new TokenBucketRateLimiter();
    const channel: RateKey = { key: 'post:C1', limit: { perSecond: 1, burst: 1 } };
    limiter.acquire([channel], 0, 'case 1');
    limiter.acquire([channel], 10, 'case 2'); // turn at 1 000
    limiter.acquire([channel], 10, 'case 3'); // turn at 2 000
    // Case 2 does not come at 1 000; case 3 is there at its turn and takes the token.
    expect(limiter.acquire([channel], 2_000, 'case 3')).toEqual({ granted: true });
    // Case 2 comes back after all, when every token until the last turn is promised: it goes last.
    expect(limiter.acquire([channel], 2_500, 'case 2')).toEqual({ granted: false, retryAt: 3_000 });
    expect(limiter.acquire([channel], 3_000, 'case 2')).toEqual({ granted: true });
  });

  it('counts a limit kept from the answer from the moment the platform answered', () => {
    const limiter = new TokenBucketRateLimiter();
    const chat: RateKey = { key: 'send:501', limit: { perSecond: 1, burst: 1, fromAnswer: true } };
    expect(limiter.acquire([chat], 0, 'case 1')).toEqual({ granted: true });
    // The call took 80 ms: the platform may have counted it as late as that.
    limiter.answered([chat], 0, 80);
    expect(limiter.acquire([chat], 1_000, 'case 1')).toEqual({ granted: false, retryAt: 1_080 });
    expect(limiter.acquire([chat], 1_080, 'case 1')).toEqual({ granted: true });
  });

  it('never lets two calls reach a platform within one interval, however long each takes to arrive', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 60 }), (delays) => {
        const limiter = new TokenBucketRateLimiter();
        const channel: RateKey = { key: 'post:C1', limit: { perSecond: 1, burst: 1, fromAnswer: true } };
        // Each call arrives at the platform `delay` ms after it left, and is answered right then.
        const arrivals: number[] = [];
        let now = 0;
        for (const delay of delays) {
          let decision = limiter.acquire([channel], now, 'case 1');
          if (!decision.granted) {
            now = decision.retryAt;
            decision = limiter.acquire([channel], now, 'case 1');
          }
          expect(decision).toEqual({ granted: true });
          arrivals.push(now + delay);
          limiter.answered([channel], now, now + delay);
          now += delay;
        }
        for (let index = 1; index < arrivals.length; index += 1) {
          expect(arrivals[index]! - arrivals[index - 1]!).toBeGreaterThanOrEqual(1_000);
        }
      }),
    );
  });

  it('forgets the buckets of chats that have been quiet, so memory stays bounded', () => {
    const limiter = new TokenBucketRateLimiter();
    for (let chat = 0; chat < 1_000; chat += 1) limiter.acquire([perChat(String(chat))], 0);
    expect(limiter.size).toBe(1_000);
    // Long after: every bucket is full again, so the next new chat sweeps them away.
    limiter.acquire([perChat('new')], 60_000);
    expect(limiter.size).toBe(1);
  });
});
