import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/index.js';
import { deliveryHarness } from './support/core-harness.js';
import { crashingStore } from './support/crash.js';

const HOUR = 60 * 60 * 1000;
const GREETING = 'en:common:greeting';

/** A small seeded generator, so a failing property run can be replayed from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What the thread shows for each post: the text of Haven's notices, the body of everything else. */
async function threadLines(harness: ReturnType<typeof deliveryHarness>, conversationId: number) {
  const lines: string[] = [];
  for (const post of harness.inbox.posts.filter((p) => p.conversationId === conversationId)) {
    const message = await harness.store.getMessage(post.messageId);
    lines.push(message?.kind === 'notice' ? (message.inboxText ?? '') : post.body);
  }
  return lines;
}

describe('order per conversation and lane', () => {
  it('delivers everything exactly once and in order while platforms fail and limits bite at random', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.array(fc.record({ chat: fc.integer({ min: 1, max: 3 }), fromPerson: fc.boolean() }), {
          minLength: 5,
          maxLength: 25,
        }),
        async (seed, script) => {
          const harness = deliveryHarness();
          const random = seeded(seed);
          for (const chat of [1, 2, 3]) await harness.personWrites(`${chat}`, 'start');
          await harness.runUntilIdle();
          // From here on, a third of all calls fail, some of them with a platform's retry-after.
          const flaky = () =>
            random() < 0.3
              ? new DeliveryError('retry', 'unavailable', random() < 0.3 ? 2_000 : undefined)
              : undefined;
          harness.faults.inbox = flaky;
          harness.faults.channel = flaky;

          const expected = new Map<string, string[]>();
          for (const [index, step] of script.entries()) {
            const text = `${step.fromPerson ? 'p' : 'c'}${index}`;
            if (step.fromPerson) await harness.personWrites(`${step.chat}`, text);
            else await harness.caseworkerWrites(step.chat, text);
            const key = `${step.fromPerson ? 'inbox' : 'chat'}:${step.chat}`;
            expected.set(key, [...(expected.get(key) ?? []), text]);
            // New work keeps arriving while earlier deliveries are still being retried.
            harness.clock.advance(Math.floor(random() * 3_000));
            await harness.worker.drain();
          }
          await harness.runUntilIdle();

          for (const chat of [1, 2, 3]) {
            const toPerson = harness.channel.bodies(`${chat}`).filter((body) => body.startsWith('c'));
            const inThread = harness.inbox.bodies(chat).filter((body) => /^p\d/.test(body));
            expect(toPerson).toEqual(expected.get(`chat:${chat}`) ?? []);
            expect(inThread).toEqual(expected.get(`inbox:${chat}`) ?? []);
          }
          expect(harness.store.entries().every((entry) => entry.status === 'done')).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps a chat’s later replies behind one that is being retried, without holding up other chats', async () => {
    const harness = deliveryHarness();
    for (const chat of ['501', '502']) await harness.personWrites(chat, 'hello');
    await harness.runUntilIdle();
    harness.channel.failNext(3, new DeliveryError('retry', 'Telegram answered 502'));
    await harness.caseworkerWrites(1, 'first');
    await harness.caseworkerWrites(1, 'second');
    await harness.caseworkerWrites(2, 'for 502');

    await harness.worker.drain();
    // 501's first reply failed; its second waits behind it; 502's went ahead.
    expect(harness.channel.bodies('501')).toEqual([GREETING]);
    const second = harness.store
      .entries()
      .filter((entry) => entry.kind === 'channel.send')
      .at(-2)!;
    expect(second.attempts).toBe(0);

    await harness.runUntilIdle();
    expect(harness.channel.bodies('501')).toEqual([GREETING, 'first', 'second']);
    expect(harness.channel.bodies('502')).toEqual([GREETING, 'for 502']);
  });
});

describe('failures no retry can fix', () => {
  it('parks a reply to a person who blocked the bot, marks it ⚠️ and says why in the thread', async () => {
    const harness = deliveryHarness();
    await harness.personWrites('501', 'hello');
    await harness.runUntilIdle();
    harness.channel.failNext(1, new DeliveryError('permanent', 'the person blocked the bot'));
    const reply = await harness.caseworkerWrites(1, 'are you safe?');

    await harness.runUntilIdle();

    const entry = harness.store
      .entries()
      .find((row) => row.kind === 'channel.send' && row.attempts > 0 && row.status === 'parked');
    expect(entry).toMatchObject({ attempts: 1, lastError: 'the person blocked the bot' });
    expect(harness.channel.calls.filter((call) => call.method === 'send')).toHaveLength(2);
    expect(harness.inbox.reactions).toEqual([{ inboxMessageId: reply, reaction: 'failed' }]);
    expect((await threadLines(harness, 1)).at(-1)).toBe(
      'en:inbox:notice.notDelivered.reply {"reason":"the person blocked the bot"}',
    );
  });

  it('tells the caseworkers when Haven’s own message could not reach the person, without a mark', async () => {
    const harness = deliveryHarness();
    harness.channel.failNext(1, new DeliveryError('permanent', 'the person’s chat no longer exists'));
    await harness.personWrites('501', 'hello');

    await harness.runUntilIdle();

    expect(harness.inbox.reactions).toEqual([]);
    expect(await threadLines(harness, 1)).toEqual([
      'hello',
      GREETING,
      'en:inbox:notice.notDelivered.message {"reason":"the person’s chat no longer exists"}',
    ]);
  });

  it('shows that a message could not be posted, and stops there when the inbox refuses everything', async () => {
    const harness = deliveryHarness();
    await harness.personWrites('501', 'hello');
    await harness.runUntilIdle();
    harness.inbox.failNext(
      1,
      new DeliveryError('permanent', 'the message is too long for Slack (msg_too_long)'),
    );
    await harness.personWrites('501', 'x'.repeat(100));
    await harness.runUntilIdle();
    expect((await threadLines(harness, 1)).at(-1)).toBe(
      'en:inbox:notice.notDelivered.inbox {"reason":"the message is too long for Slack (msg_too_long)"}',
    );

    // The channel is archived: the next post is parked, and so is the notice about it; nothing more.
    harness.inbox.failNext(
      Number.POSITIVE_INFINITY,
      new DeliveryError('permanent', 'the inbox channel is archived'),
    );
    await harness.personWrites('501', 'anyone there?');
    await harness.runUntilIdle();
    const parked = harness.store.entries().filter((entry) => entry.status === 'parked');
    const parkedPosts = parked.filter((entry) => entry.kind === 'inbox.relay').map((entry) => entry.payload);
    const aboutM4 = parked.find((entry) => (entry.payload as { messageId?: string }).messageId === 'm4')!;
    expect(parkedPosts).toEqual([
      { messageId: 'm3' },
      { messageId: 'm4' },
      { messageId: `parked-${aboutM4.id}` },
    ]);
    expect(await harness.store.nextOutboxDue()).toBeUndefined();
  });

  it('gives up on a reply after 24 hours of failures, and shows why', async () => {
    const harness = deliveryHarness();
    await harness.personWrites('501', 'hello');
    await harness.runUntilIdle();
    harness.faults.channel = () => new DeliveryError('retry', 'Telegram could not be reached');
    const reply = await harness.caseworkerWrites(1, 'are you safe?');

    const elapsed = await harness.runUntilIdle();

    // Retried with backoff (at most a minute apart) for a day, then parked: never an endless retry.
    expect(elapsed).toBeGreaterThan(24 * HOUR - 60_000);
    expect(elapsed).toBeLessThanOrEqual(24 * HOUR);
    const entry = harness.store
      .entries()
      .find((row) => row.kind === 'channel.send' && row.status === 'parked')!;
    expect(entry.attempts).toBeGreaterThan(1_400);
    expect(entry.lastError).toBe(
      `gave up after ${entry.attempts} attempts in 24 hours (Telegram could not be reached)`,
    );
    expect(harness.inbox.reactions).toEqual([{ inboxMessageId: reply, reaction: 'failed' }]);
    expect((await threadLines(harness, 1)).at(-1)).toContain('en:inbox:notice.notDelivered.reply');
  });

  it('can also give up after a number of attempts', async () => {
    const harness = deliveryHarness({ giveUp: { afterMs: 24 * HOUR, attempts: 5 } });
    await harness.personWrites('501', 'hello');
    await harness.runUntilIdle();
    harness.faults.channel = () => new Error('ECONNRESET');
    await harness.caseworkerWrites(1, 'are you safe?');

    await harness.runUntilIdle();

    const entry = harness.store.entries().find((row) => row.status === 'parked')!;
    expect(entry.attempts).toBe(5);
    expect(entry.lastError).toMatch(/^gave up after 5 attempts in 1 minute \(Error\)$/);
  });
});

describe('a crash between "sent" and "marked done"', () => {
  async function replyPending() {
    const harness = deliveryHarness({ maxTextLength: 4096 });
    await harness.personWrites('501', 'hello');
    await harness.runUntilIdle();
    harness.clock.advance(5_000); // the greeting's second has passed: the reply may go at once
    return harness;
  }
  const platformIds = (args: unknown[]) => (args[1] as { channelMessageId?: string }).channelMessageId;

  it('before the message id is recorded: the person gets the reply twice, never more', async () => {
    const harness = await replyPending();
    await harness.caseworkerWrites(1, 'we can help');
    const crash = crashingStore(harness.store, (method, args) =>
      method === 'setMessagePlatformIds' && platformIds(args) ? 'before' : undefined,
    );

    await harness
      .newWorker(crash.store)
      .drain()
      .catch(() => undefined);
    expect(crash.crashed()).toBe(true);
    expect(harness.channel.bodies('501')).toEqual([GREETING, 'we can help']);

    // The restarted process waits for the dead one's lease, then sends again: it cannot know it went out.
    const restarted = harness.newWorker();
    expect(await restarted.drain()).toBe(0);
    harness.clock.advance(60_000);
    await harness.runUntilIdle(undefined, restarted);

    expect(harness.channel.bodies('501')).toEqual([GREETING, 'we can help', 'we can help']);
    expect(harness.inbox.reactions.filter((mark) => mark.reaction === 'sent')).toHaveLength(1);
    expect(harness.store.entries().every((entry) => entry.status === 'done')).toBe(true);
  });

  it('after the message id is recorded: the re-run sees it and sends nothing again', async () => {
    const harness = await replyPending();
    await harness.caseworkerWrites(1, 'we can help');
    const crash = crashingStore(harness.store, (method, args) =>
      method === 'setMessagePlatformIds' && platformIds(args) ? 'after' : undefined,
    );

    await harness
      .newWorker(crash.store)
      .drain()
      .catch(() => undefined);
    expect(crash.crashed()).toBe(true);
    const restarted = harness.newWorker();
    harness.clock.advance(60_000);
    await harness.runUntilIdle(undefined, restarted);

    expect(harness.channel.bodies('501')).toEqual([GREETING, 'we can help']);
    // The ✅ that the crash kept from being queued is queued by the re-run, once.
    expect(harness.inbox.reactions.filter((mark) => mark.reaction === 'sent')).toHaveLength(1);
  });

  it('halfway through a long reply: the re-run sends only the pieces still missing', async () => {
    const harness = await replyPending();
    const reply = Array.from({ length: 12 }, (_, index) => `Part ${index + 1}. ${'word '.repeat(150)}`).join(
      '\n',
    );
    await harness.caseworkerWrites(1, reply);
    const crash = crashingStore(harness.store, (method, args) =>
      method === 'setMessagePlatformIds' && platformIds(args)?.split(' ').length === 3 ? 'after' : undefined,
    );

    // Pieces go out a second apart: run the doomed process until it has sent two and died.
    const doomed = harness.newWorker(crash.store);
    while (!crash.crashed()) {
      await doomed.drain().catch(() => undefined);
      harness.clock.advance(1_100);
    }
    expect(harness.channel.sent.filter((send) => send.author === 'caseworker')).toHaveLength(2);

    const restarted = harness.newWorker();
    harness.clock.advance(60_000);
    await harness.runUntilIdle(undefined, restarted);

    const pieces = harness.channel.sent
      .filter((send) => send.author === 'caseworker')
      .map((send) => send.body);
    expect(pieces).toHaveLength(3);
    expect(pieces.map((piece) => piece.match(/^Part (\d+)\./)?.[1])).toEqual([
      '1',
      expect.any(String),
      expect.any(String),
    ]);
    expect(pieces.join('\n').replace(/\s+/g, ' ').trim()).toBe(reply.replace(/\s+/g, ' ').trim());
  });
});
