import { afterEach, describe, expect, it } from 'vitest';
import { BELGIAN_CENTRES, BELGIAN_NUMBERS } from '../../src/centres.js';
import {
  type Clock,
  DeliveryError,
  type OutboxEntry,
  OutboxWorker,
  type PersonInput,
  Relay,
  relayDeliveries,
  silentLogger,
} from '../../src/core/index.js';
import { greetingOnlyDialogue } from '../support/dialogue.js';
import { FakeChannel, FakeClock, FakeInbox, FakeTexts, sequentialIds } from '../support/fake-ports.js';
import { MemoryCaseStore } from '../support/memory-case-store.js';

const INBOX = 'C0INBOX01';
/** With this policy no automatic retry waits longer than a second. */
const BACKOFF = { baseMs: 1_000, maxMs: 1_000 };

interface Options {
  /** Run the worker on the system clock, for the loop that sleeps on real timers. */
  realTime?: boolean;
  idlePollMs?: number;
  backoff?: { baseMs: number; maxMs: number };
}

function setUp(options: Options = {}) {
  const store = new MemoryCaseStore();
  const fakeClock = new FakeClock();
  const clock: Clock = options.realTime ? { now: () => Date.now() } : fakeClock;
  const inbox = new FakeInbox();
  const channel = new FakeChannel();
  const parked: { entry: OutboxEntry; reason: string }[] = [];
  const worker = new OutboxWorker({
    store,
    clock,
    logger: silentLogger,
    handlers: relayDeliveries({
      store,
      inbox,
      channel,
      logger: silentLogger,
      texts: new FakeTexts(),
      routing: { centres: BELGIAN_CENTRES, homeCentre: 'payoke', numbers: BELGIAN_NUMBERS },
      inboxLanguage: 'en',
      clock,
    }),
    backoff: options.backoff ?? BACKOFF,
    idlePollMs: options.idlePollMs ?? 1_000,
    onParked: (entry, reason) => {
      parked.push({ entry, reason });
    },
  });
  const relay = new Relay({
    store,
    dialogue: greetingOnlyDialogue(),
    clock,
    logger: silentLogger,
    inboxChannel: INBOX,
    newId: sequentialIds(),
    onWork: () => worker.kick(),
  });
  let updateId = 0;
  const personWrites = (chatId: string, body: string, overrides: Partial<PersonInput> = {}) =>
    relay.acceptPersonMessage({
      channel: 'telegram',
      chatId,
      eventKey: String(++updateId),
      channelMessageId: String(updateId),
      languageHint: 'en',
      action: { type: 'message', content: { kind: 'text', body } },
      ...overrides,
    });
  let eventId = 0;
  const caseworkerWrites = async (conversationId: number, text: string) => {
    const conversation = await store.getConversation(conversationId);
    if (!conversation?.inboxThread) throw new Error(`case ${conversationId} has no thread yet`);
    return relay.acceptCaseworkerReply({
      eventKey: `Ev${++eventId}`,
      inboxChannel: conversation.inboxChannel,
      inboxThread: conversation.inboxThread,
      inboxMessageId: `1700000000.${eventId}`,
      text,
    });
  };
  const entryOf = (messageId: string, kind: OutboxEntry['kind']) => {
    const entry = store
      .entries()
      .find((row) => (row.payload as { messageId?: string }).messageId === messageId && row.kind === kind);
    if (!entry) throw new Error(`no ${kind} entry for ${messageId}`);
    return entry;
  };
  return {
    store,
    clock: fakeClock,
    inbox,
    channel,
    worker,
    relay,
    parked,
    personWrites,
    caseworkerWrites,
    entryOf,
  };
}

const retryLater = (retryAfterMs?: number) =>
  new DeliveryError('retry', 'the platform is unavailable', retryAfterMs);

describe('OutboxWorker with the relay deliveries', () => {
  it('opens the case thread once, then posts every message in order and greets the person', async () => {
    const { store, inbox, channel, worker, personWrites } = setUp();
    await personWrites('501', 'first');
    await personWrites('501', 'second');
    await personWrites('501', 'third');

    expect(await worker.drain()).toBe(5);

    expect(inbox.threads).toEqual([{ conversationId: 1, inboxThread: 'thread-1' }]);
    expect(inbox.posts.map((post) => [post.inboxThread, post.author, post.body])).toEqual([
      ['thread-1', 'person', 'first'],
      ['thread-1', 'haven', 'en:common:greeting'],
      ['thread-1', 'person', 'second'],
      ['thread-1', 'person', 'third'],
    ]);
    expect(channel.sent.map((send) => [send.chatId, send.body])).toEqual([['501', 'en:common:greeting']]);
    expect((await store.getConversation(1))?.inboxThread).toBe('thread-1');
    // Platform ids are kept, so nothing is sent twice and later edits can find the messages.
    for (const message of store.allMessages()) expect(message.inboxMessageId).toMatch(/^ts-/);
    expect((await store.getMessage('m2'))?.channelMessageId).toBe('1');
    expect(store.entries().every((entry) => entry.status === 'done' && entry.attempts === 1)).toBe(true);
    expect(await store.nextOutboxDue()).toBeUndefined();

    expect(await worker.drain()).toBe(0);
    expect(inbox.calls).toHaveLength(5);
  });

  it('delivers a caseworker reply to the person it answers', async () => {
    const { channel, worker, personWrites, caseworkerWrites } = setUp();
    await personWrites('501', 'from 501');
    await personWrites('502', 'from 502');
    await worker.drain();

    await caseworkerWrites(2, 'hello 502');
    await caseworkerWrites(1, 'hello 501');
    await worker.drain();

    expect(channel.bodies('501')).toEqual(['en:common:greeting', 'hello 501']);
    expect(channel.bodies('502')).toEqual(['en:common:greeting', 'hello 502']);
  });

  it('keeps a case in order while its first message is retried, without holding up other cases', async () => {
    const { store, clock, inbox, worker, personWrites, entryOf } = setUp();
    await personWrites('501', 'a1');
    await personWrites('501', 'a2');
    inbox.failNext(1, new Error('socket hang up'));

    await worker.drain();

    expect(inbox.calls).toEqual([
      { method: 'openThread', conversationId: 1, messageId: undefined, ok: false },
    ]);
    expect(entryOf('m1', 'inbox.relay')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Error',
    });
    expect(entryOf('m3', 'inbox.relay')).toMatchObject({ status: 'pending', attempts: 0 });

    // Another person writes while the first case waits for its retry: their case goes ahead.
    await personWrites('502', 'b1');
    await worker.drain();

    expect(inbox.bodies(2)).toEqual(['b1', 'en:common:greeting']);
    expect(inbox.bodies(1)).toEqual([]);
    expect(entryOf('m3', 'inbox.relay').attempts).toBe(0);

    clock.advance(BACKOFF.maxMs);
    await worker.drain();

    expect(inbox.bodies(1)).toEqual(['a1', 'en:common:greeting', 'a2']);
    expect(inbox.threads.map((thread) => thread.conversationId)).toEqual([2, 1]);
    expect(entryOf('m1', 'inbox.relay')).toMatchObject({ status: 'done', attempts: 2, lastError: null });
    expect(store.entries().every((entry) => entry.status === 'done')).toBe(true);
  });

  it('still greets the person while the inbox is down, and relays everything once it is back', async () => {
    const { store, clock, inbox, channel, worker, personWrites } = setUp();
    inbox.failNext(Number.POSITIVE_INFINITY, retryLater());
    await personWrites('501', 'help', { languageHint: 'ro' });

    await worker.drain();

    expect(channel.sent.map((send) => [send.chatId, send.body])).toEqual([['501', 'ro:common:greeting']]);
    expect(inbox.posts).toEqual([]);
    expect(store.entries().find((entry) => entry.lane === 'inbox')).toMatchObject({
      status: 'pending',
      lastError: 'the platform is unavailable',
    });

    clock.advance(BACKOFF.maxMs);
    await worker.drain();
    expect(inbox.posts).toEqual([]);
    expect(inbox.calls.filter((call) => call.method === 'postInThread')).toEqual([]);

    inbox.recover();
    clock.advance(BACKOFF.maxMs);
    await worker.drain();

    expect(inbox.bodies(1)).toEqual(['help', 'ro:common:greeting']);
    expect(channel.sent).toHaveLength(1);
  });

  it('waits as long as the platform asks before trying again', async () => {
    const { store, clock, channel, worker, personWrites, entryOf } = setUp();
    const start = clock.now();
    channel.failNext(1, new DeliveryError('retry', 'rate limited', 30_000));
    await personWrites('501', 'help');

    await worker.drain();
    expect(channel.calls).toHaveLength(1);
    expect(entryOf('m2', 'channel.send')).toMatchObject({ status: 'pending', notBefore: start + 30_000 });
    expect(await store.nextOutboxDue()).toBe(start + 30_000);

    clock.advance(29_999);
    expect(await worker.drain()).toBe(0);
    expect(channel.calls).toHaveLength(1);
    expect(channel.sent).toEqual([]);

    clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect(channel.bodies('501')).toEqual(['en:common:greeting']);
    expect(entryOf('m2', 'channel.send')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('backs off on a plain failure for no longer than the policy allows', async () => {
    const { clock, channel, worker, personWrites, entryOf } = setUp();
    const start = clock.now();
    channel.failNext(1, new Error('ECONNRESET'));
    await personWrites('501', 'help');

    await worker.drain();
    const { notBefore } = entryOf('m2', 'channel.send');
    expect(notBefore).toBeGreaterThanOrEqual(start + BACKOFF.baseMs / 2);
    expect(notBefore).toBeLessThanOrEqual(start + BACKOFF.baseMs);

    clock.advance(notBefore - start - 1);
    await worker.drain();
    expect(channel.sent).toEqual([]);
    clock.advance(1);
    await worker.drain();
    expect(channel.bodies('501')).toEqual(['en:common:greeting']);
  });

  it('parks a delivery that failed for good, reports it, and goes on with the next one', async () => {
    const { store, clock, channel, worker, parked, personWrites, caseworkerWrites, entryOf } = setUp();
    await personWrites('501', 'help');
    await worker.drain();
    await caseworkerWrites(1, 'first answer');
    await caseworkerWrites(1, 'second answer');
    channel.failNext(1, new DeliveryError('permanent', 'the person blocked the bot'));

    await worker.drain();

    expect(entryOf('m3', 'channel.send')).toMatchObject({
      status: 'parked',
      lastError: 'the person blocked the bot',
    });
    expect(parked).toHaveLength(1);
    expect(parked[0]?.reason).toBe('the person blocked the bot');
    expect(parked[0]?.entry).toMatchObject({
      kind: 'channel.send',
      conversationId: 1,
      payload: { messageId: 'm3' },
    });
    expect(channel.bodies('501')).toEqual(['en:common:greeting', 'second answer']);

    // A parked entry is never tried again.
    clock.advance(24 * 60 * 60 * 1_000);
    expect(await worker.drain()).toBe(0);
    expect(channel.calls).toHaveLength(3);
    expect(await store.nextOutboxDue()).toBeUndefined();
  });

  it('completes the entry of a message erased in the meantime without sending it', async () => {
    const { store, channel, worker, personWrites, caseworkerWrites, entryOf } = setUp();
    await personWrites('501', 'help');
    await worker.drain();
    await caseworkerWrites(1, 'this was sent by mistake');
    store.eraseMessage('m3');

    // The send of the erased reply, and the card refresh its arrival queued.
    expect(await worker.drain()).toBe(2);

    expect(channel.calls).toHaveLength(1);
    expect(channel.bodies('501')).toEqual(['en:common:greeting']);
    expect(entryOf('m3', 'channel.send')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('does not post a message twice when a retry finds it was already posted', async () => {
    const { store, inbox, worker, personWrites } = setUp();
    await personWrites('501', 'help');
    await worker.drain();
    const posted = inbox.posts.length;

    // The entry is handed out again, as after a crash between posting and marking it done.
    await store.saveTurn({
      event: { source: 'test', key: 'replay' },
      now: 0,
      messages: [],
      outbox: [{ conversationId: 1, lane: 'inbox', kind: 'inbox.relay', payload: { messageId: 'm1' } }],
    });
    await worker.drain();

    expect(inbox.posts).toHaveLength(posted);
    expect(store.entries().at(-1)?.status).toBe('done');
  });

  it('stops at the deadline it was given', async () => {
    const { clock, channel, worker, personWrites } = setUp();
    await personWrites('501', 'help');

    expect(await worker.drain(clock.now())).toBe(0);
    expect(channel.calls).toEqual([]);
  });
});

describe('OutboxWorker as a loop', () => {
  let running: OutboxWorker | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  /** Polls `check` every few milliseconds until it holds, failing after `timeoutMs`. */
  async function eventually(check: () => boolean, timeoutMs = 1_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('is woken by new work instead of waiting for its next poll', async () => {
    // A poll interval far longer than the test: only kicks can explain a prompt delivery.
    const { inbox, channel, worker, personWrites } = setUp({ realTime: true, idlePollMs: 60_000 });
    running = worker;
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const writtenAt = Date.now();
    await personWrites('501', 'help');
    await eventually(() => inbox.posts.length === 2 && channel.sent.length === 1, 500);

    expect(Date.now() - writtenAt).toBeLessThan(500);
    expect(inbox.bodies(1)).toEqual(['help', 'en:common:greeting']);
  });

  it('retries a failed delivery by itself', async () => {
    const { channel, worker, personWrites } = setUp({
      realTime: true,
      idlePollMs: 60_000,
      backoff: { baseMs: 10, maxMs: 20 },
    });
    running = worker;
    channel.failNext(1, retryLater(30));
    worker.start();

    await personWrites('501', 'help');
    await eventually(() => channel.sent.length === 1, 500);

    expect(channel.calls.map((call) => call.ok)).toEqual([false, true]);
  });

  it('on stop, finishes the delivery in flight and claims nothing more', async () => {
    const { store, inbox, channel, worker, personWrites, entryOf } = setUp({
      realTime: true,
      idlePollMs: 20,
    });
    running = worker;
    const release = channel.hold();
    worker.start();
    await personWrites('501', 'help');
    await eventually(() => channel.held === 1);

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);

    release();
    await stopping;

    expect(channel.bodies('501')).toEqual(['en:common:greeting']);
    expect(entryOf('m2', 'channel.send')).toMatchObject({ status: 'done', attempts: 1 });

    const posts = inbox.posts.length;
    await personWrites('501', 'after shutdown');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(inbox.posts).toHaveLength(posts);
    expect(entryOf('m3', 'inbox.relay')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(store.entries().some((entry) => entry.status === 'pending')).toBe(true);
  });
});
