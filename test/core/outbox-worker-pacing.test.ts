import { afterEach, describe, expect, it } from 'vitest';
import { BELGIAN_CENTRES, BELGIAN_NUMBERS } from '../../src/centres.js';
import {
  type DeliveryRateLimits,
  OutboxWorker,
  PLATFORM_RATE_LIMITS,
  pacedPorts,
  Relay,
  relayDeliveries,
  silentLogger,
  TokenBucketRateLimiter,
} from '../../src/core/index.js';
import { greetingOnlyDialogue } from '../support/dialogue.js';
import { FakeChannel, FakeInbox, FakeTexts, sequentialIds } from '../support/fake-ports.js';
import { MemoryCaseStore } from '../support/memory-case-store.js';

/** Inbox posts twenty a second: a wait for the next token is a matter of milliseconds. */
const FAST_POSTS: DeliveryRateLimits = {
  ...PLATFORM_RATE_LIMITS,
  inboxPost: { perDestination: { perSecond: 20, burst: 1 } },
};

let running: OutboxWorker | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The worker's own loop, on real timers, with deliveries paced by a token bucket. */
describe('OutboxWorker paced by rate limits, on its own loop', () => {
  it('sends a delivery handed back for a few milliseconds on time, though it had gone to sleep for longer', async () => {
    const clock = { now: () => Date.now() };
    const store = new MemoryCaseStore();
    const inbox = new FakeInbox();
    const channel = new FakeChannel();
    const paced = pacedPorts(
      { inbox, channel },
      { limiter: new TokenBucketRateLimiter(), limits: FAST_POSTS, clock },
    );
    // Nothing but a kick or its own timing may wake it: the poll interval is far longer than the test.
    const worker = new OutboxWorker({
      store,
      clock,
      logger: silentLogger,
      idlePollMs: 60_000,
      handlers: relayDeliveries({
        store,
        inbox: paced.inbox,
        channel: paced.channel,
        texts: new FakeTexts(),
        routing: { centres: BELGIAN_CENTRES, homeCentre: 'payoke', numbers: BELGIAN_NUMBERS },
        inboxLanguage: 'en',
        clock,
        logger: silentLogger,
      }),
    });
    running = worker;
    const relay = new Relay({
      store,
      dialogue: greetingOnlyDialogue(),
      clock,
      logger: silentLogger,
      inboxChannel: 'C0INBOX01',
      newId: sequentialIds(),
      onWork: () => worker.kick(),
    });
    worker.start();

    const writtenAt = Date.now();
    await relay.acceptPersonMessage({
      channel: 'telegram',
      chatId: '501',
      eventKey: '1',
      channelMessageId: '1',
      languageHint: 'en',
      action: { type: 'message', content: { kind: 'text', body: 'help' } },
    });

    // The thread opens at once; its first post must wait 50 ms for the next token, while the loop has gone
    // to sleep until the lease of that very delivery would run out. It is sent when its token is there.
    await eventually(() => inbox.posts.length === 2, 1_000);
    expect(inbox.bodies(1)).toEqual(['help', 'en:common:greeting']);
    expect(Date.now() - writtenAt).toBeLessThan(1_000);
  });
});
