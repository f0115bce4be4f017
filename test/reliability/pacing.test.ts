import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/index.js';
import { busiestWindow, deliveryHarness } from './support/core-harness.js';

/**
 * The delivery engine on a fake clock with Telegram's and Slack's documented limits: bursts drain as fast
 * as the limits allow and never faster, and waiting for a token costs no attempt.
 */
describe('pacing deliveries by the platforms’ rate limits', () => {
  it('drains a burst of 20 people × 5 messages at the inbox’s pace, never over a limit', async () => {
    const harness = deliveryHarness();
    const { limits, metered, store, inbox, channel } = harness;
    for (let round = 1; round <= 5; round += 1) {
      for (let person = 1; person <= 20; person += 1) await harness.personWrites(`${person}`, `m${round}`);
    }

    const elapsed = await harness.runUntilIdle();

    // Every message once, in order, in its own case's thread; every greeting sent once.
    for (let id = 1; id <= 20; id += 1) {
      expect(inbox.bodies(id).filter((body) => body.startsWith('m'))).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    }
    expect(inbox.threads).toHaveLength(20);
    expect(channel.sent).toHaveLength(20);
    // Nothing failed, and waiting for a token was never counted as an attempt.
    expect(store.entries().every((entry) => entry.status === 'done' && entry.attempts === 1)).toBe(true);

    // Slack: posts (new threads and replies) share the inbox channel's limit.
    const post = limits.inboxPost.perDestination!;
    const posts = metered.filter((call) => call.method === 'post').map((call) => call.at);
    expect(posts).toHaveLength(20 + 100 + 20);
    expect(busiestWindow(posts)).toBeLessThanOrEqual(Math.floor(post.burst + post.perSecond));
    // Telegram: at most one message a second per chat, under 30 a second overall.
    const sends = metered.filter((call) => call.method === 'send');
    expect(busiestWindow(sends.map((call) => call.at))).toBeLessThanOrEqual(30);
    for (let person = 1; person <= 20; person += 1) {
      expect(busiestWindow(sends.filter((call) => call.destination === `${person}`).map((c) => c.at))).toBe(
        1,
      );
    }

    // The inbox channel's limit is what binds: (posts − burst) / rate is the least time they can take.
    const minimum = ((posts.length - post.burst) / post.perSecond) * 1000;
    expect(elapsed).toBeGreaterThanOrEqual(minimum);
    expect(elapsed).toBeLessThanOrEqual(minimum * 1.01 + 1_000);
  });

  it('sends caseworker replies to many people at Telegram’s pace: one a second per chat, under 30 overall', async () => {
    const harness = deliveryHarness();
    for (let person = 1; person <= 40; person += 1) await harness.personWrites(`${person}`, 'hello');
    await harness.runUntilIdle();
    const before = harness.metered.length;
    const start = harness.clock.now();
    for (let person = 1; person <= 40; person += 1) {
      for (const text of ['one', 'two', 'three']) await harness.caseworkerWrites(person, text);
    }

    await harness.runUntilIdle();

    const sends = harness.metered.slice(before).filter((call) => call.method === 'send');
    expect(sends).toHaveLength(120);
    const { perDestination, overall } = harness.limits.channelSend;
    expect(busiestWindow(sends.map((call) => call.at))).toBeLessThanOrEqual(
      Math.floor(overall!.burst + overall!.perSecond),
    );
    for (let person = 1; person <= 40; person += 1) {
      const toChat = sends.filter((call) => call.destination === `${person}`);
      expect(busiestWindow(toChat.map((call) => call.at))).toBe(1);
      expect(harness.channel.bodies(`${person}`).slice(1)).toEqual(['one', 'two', 'three']);
    }
    // The least time: 120 messages at the overall pace, or three to one chat a second apart, whichever is
    // longer. Oldest first (fair to whoever wrote first) can add at most one chat's own spacing to it.
    const lastSend = Math.max(...sends.map((call) => call.at)) - start;
    const overallBound = ((120 - overall!.burst) / overall!.perSecond) * 1000;
    const chatBound = (2 / perDestination!.perSecond) * 1000;
    expect(lastSend).toBeGreaterThanOrEqual(Math.max(overallBound, chatBound));
    expect(lastSend).toBeLessThanOrEqual((overallBound + chatBound) * 1.01);
    // Every reply is marked ✅ in the thread once, at Slack's pace for reactions.
    expect(harness.inbox.reactions.filter((mark) => mark.reaction === 'sent')).toHaveLength(120);
  });

  it('holds a chat back as long as Telegram’s retry_after asks, while other chats go on', async () => {
    const harness = deliveryHarness();
    await harness.personWrites('501', 'hello');
    await harness.personWrites('502', 'hello');
    await harness.runUntilIdle();
    const start = harness.clock.now();
    const before = harness.metered.length;
    await harness.caseworkerWrites(1, 'first');
    await harness.caseworkerWrites(1, 'second');
    await harness.caseworkerWrites(2, 'other');
    harness.channel.failNext(1, new DeliveryError('retry', 'Telegram rate limit', 7_000));

    await harness.runUntilIdle();

    const sends = harness.metered.slice(before).filter((call) => call.method === 'send');
    const to501 = sends.filter((call) => call.destination === '501').map((call) => call.at - start);
    expect(to501[0]).toBeGreaterThanOrEqual(7_000);
    expect(harness.channel.bodies('501').slice(1)).toEqual(['first', 'second']);
    expect(sends.find((call) => call.destination === '502')!.at - start).toBeLessThan(1_000);
  });

  it('sends a long reply in pieces, a second apart, resuming after each wait without counting attempts', async () => {
    const harness = deliveryHarness({ maxTextLength: 4096 });
    await harness.personWrites('501', 'hello');
    await harness.runUntilIdle();
    const paragraphs = Array.from(
      { length: 12 },
      (_, index) => `Paragraph ${index + 1}. ${'word '.repeat(150)}`,
    );
    const reply = paragraphs.join('\n\n');
    expect(reply.length).toBeGreaterThan(2 * 4096);

    await harness.caseworkerWrites(1, reply);
    await harness.runUntilIdle();

    const pieces = harness.channel.sent.filter((send) => send.author === 'caseworker');
    expect(pieces).toHaveLength(3);
    expect(pieces.every((piece) => piece.body.length <= 4096)).toBe(true);
    const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(normalise(pieces.map((piece) => piece.body).join(' '))).toBe(normalise(reply));
    expect(pieces[1]!.body).toMatch(/^Paragraph \d+\./);
    const times = harness.metered
      .filter((call) => call.method === 'send')
      .map((call) => call.at)
      .slice(-3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1_000);
    const entry = harness.store.entries().find((row) => row.kind === 'channel.send' && row.id > 3)!;
    expect(entry).toMatchObject({ status: 'done', attempts: 1 });
    // Every piece is recorded, so quick exit can delete them all; the ✅ comes once, after the last piece.
    const stored = harness.store.allMessages().find((message) => message.author === 'caseworker')!;
    expect(stored.channelMessageId?.split(' ')).toEqual(pieces.map((piece) => piece.channelMessageId));
    expect(harness.inbox.reactions).toEqual([{ inboxMessageId: expect.any(String), reaction: 'sent' }]);
  });

  it('after a Slack 429, holds back every case’s posts in the inbox channel for the Retry-After', async () => {
    const harness = deliveryHarness();
    await harness.personWrites('501', 'hello');
    await harness.personWrites('502', 'hello');
    await harness.runUntilIdle();
    const start = harness.clock.now();
    const before = harness.metered.length;
    harness.inbox.failNext(1, new DeliveryError('retry', 'Slack rate limit', 5_000));
    await harness.personWrites('501', 'again');
    await harness.personWrites('502', 'again');

    await harness.runUntilIdle();

    // Case 1's post met the 429; case 2's shares the channel, so it waited too instead of provoking another.
    const posts = harness.metered.slice(before).filter((call) => call.method === 'post');
    expect(posts).toHaveLength(2);
    expect(posts.every((call) => call.at - start >= 5_000)).toBe(true);
    expect(harness.inbox.calls.filter((call) => !call.ok)).toHaveLength(1);
    expect(harness.inbox.bodies(1).at(-1)).toBe('again');
    expect(harness.inbox.bodies(2).at(-1)).toBe('again');
  });
});
