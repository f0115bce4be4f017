import { BELGIAN_CENTRES, BELGIAN_NUMBERS } from '../../../src/centres.js';
import {
  announceParked,
  type CaseStore,
  type ChatChannel,
  type DeliveryRateLimits,
  type GiveUpPolicy,
  type Inbox,
  OutboxWorker,
  type PersonInput,
  PLATFORM_RATE_LIMITS,
  pacedPorts,
  Relay,
  relayDeliveries,
  silentLogger,
  TokenBucketRateLimiter,
} from '../../../src/core/index.js';
import { greetingOnlyDialogue } from '../../support/dialogue.js';
import { FakeChannel, FakeClock, FakeInbox, FakeTexts, sequentialIds } from '../../support/fake-ports.js';
import { MemoryCaseStore } from '../../support/memory-case-store.js';

export const INBOX = 'C0INBOX01';

/** A platform call that went through, with when (on the fake clock) and where to. */
export interface MeteredCall {
  method: string;
  destination: string;
  at: number;
}

/** A chat channel with Telegram's text limit, so long messages go out in pieces. */
export class LimitedFakeChannel extends FakeChannel {
  constructor(readonly maxTextLength?: number) {
    super();
  }
}

export interface HarnessOptions {
  limits?: DeliveryRateLimits;
  maxTextLength?: number;
  giveUp?: GiveUpPolicy;
  backoff?: { baseMs: number; maxMs: number };
  leaseMs?: number;
}

/**
 * The core's delivery engine on a fake clock: the real Relay (with a one-line greeting flow), the real
 * OutboxWorker, relay deliveries, pacing and parked notices, over an in-memory store and scripted fake
 * platforms. Every successful platform call is metered with the fake time it happened at.
 */
export function deliveryHarness(options: HarnessOptions = {}) {
  const store = new MemoryCaseStore();
  const clock = new FakeClock();
  const inbox = new FakeInbox();
  const channel = new LimitedFakeChannel(options.maxTextLength);
  const texts = new FakeTexts();
  const limiter = new TokenBucketRateLimiter();
  const metered: MeteredCall[] = [];
  /** Failures to inject: called before every platform call, a returned error is thrown instead of it. */
  const faults: Faults = {};
  const limits = options.limits ?? PLATFORM_RATE_LIMITS;
  const paced = pacedPorts(
    {
      channel: meterChannel(channel, metered, clock, faults),
      inbox: meterInbox(inbox, metered, clock, faults),
    },
    { limiter, limits, clock },
  );

  const newWorker = (workerStore: CaseStore = store) =>
    new OutboxWorker({
      store: workerStore,
      clock,
      logger: silentLogger,
      handlers: relayDeliveries({
        store: workerStore,
        inbox: paced.inbox,
        channel: paced.channel,
        texts,
        routing: { centres: BELGIAN_CENTRES, homeCentre: 'payoke', numbers: BELGIAN_NUMBERS },
        inboxLanguage: 'en',
        clock,
        logger: silentLogger,
      }),
      backoff: options.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
      leaseMs: options.leaseMs ?? 60_000,
      ...(options.giveUp ? { giveUp: options.giveUp } : {}),
      onParked: announceParked({
        store: workerStore,
        texts,
        inboxLanguage: 'en',
        clock,
        logger: silentLogger,
      }),
    });
  const worker = newWorker();

  const relay = new Relay({
    store,
    dialogue: greetingOnlyDialogue(),
    clock,
    logger: silentLogger,
    inboxChannel: INBOX,
    newId: sequentialIds(),
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
    const inboxMessageId = `1700000000.${String(++eventId).padStart(6, '0')}`;
    await relay.acceptCaseworkerReply({
      eventKey: `Ev${eventId}`,
      inboxChannel: conversation.inboxChannel,
      inboxThread: conversation.inboxThread,
      inboxMessageId,
      text,
    });
    return inboxMessageId;
  };

  /**
   * Runs the worker on simulated time: delivers what is due, then jumps the clock to the next entry that
   * becomes due, until nothing is pending or `maxMs` of fake time has passed. Returns the fake time spent.
   */
  async function runUntilIdle(maxMs = 48 * 60 * 60 * 1000, runner: OutboxWorker = worker): Promise<number> {
    const start = clock.now();
    for (;;) {
      await runner.drain();
      const due = await store.nextOutboxDue();
      if (due === undefined) return clock.now() - start;
      if (due - start > maxMs) return clock.now() - start;
      clock.advance(Math.max(1, due - clock.now()));
    }
  }

  return {
    store,
    clock,
    inbox,
    channel,
    texts,
    limiter,
    limits,
    metered,
    faults,
    worker,
    newWorker,
    relay,
    personWrites,
    caseworkerWrites,
    runUntilIdle,
  };
}

export interface Faults {
  inbox?: () => unknown;
  channel?: () => unknown;
}

function inject(fault: (() => unknown) | undefined): void {
  const error = fault?.();
  if (error) throw error;
}

function meterChannel(
  channel: ChatChannel,
  metered: MeteredCall[],
  clock: FakeClock,
  faults: Faults,
): ChatChannel {
  return {
    deleteWindowMs: channel.deleteWindowMs,
    maxTextLength: channel.maxTextLength,
    async send(input) {
      inject(faults.channel);
      const sent = await channel.send(input);
      metered.push({ method: 'send', destination: input.conversation.chatId, at: clock.now() });
      return sent;
    },
    edit: (input) => channel.edit(input),
    deleteMessages: (input) => channel.deleteMessages(input),
  };
}

function meterInbox(inbox: Inbox, metered: MeteredCall[], clock: FakeClock, faults: Faults): Inbox {
  const record = (method: string, destination: string) =>
    metered.push({ method, destination, at: clock.now() });
  return {
    async openThread(input) {
      inject(faults.inbox);
      const opened = await inbox.openThread(input);
      record('post', input.conversation.inboxChannel);
      return opened;
    },
    async postInThread(input) {
      inject(faults.inbox);
      const posted = await inbox.postInThread(input);
      record('post', input.conversation.inboxChannel);
      return posted;
    },
    async updateCard(input) {
      inject(faults.inbox);
      await inbox.updateCard(input);
      record('update', input.conversation.inboxChannel);
    },
    async react(input) {
      inject(faults.inbox);
      await inbox.react(input);
      record('react', input.inboxChannel);
    },
    erase: (input) => inbox.erase(input),
  };
}

/** The most calls that fell within any window of `windowMs` (half-open, as the fakes count). */
export function busiestWindow(times: number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
