import { monotonicMs, waitFor } from '../clock.js';
import { type BenchContext, DatabaseProbe } from '../context.js';
import type { RateLimits } from '../fakes-protocol.js';
import { post } from '../load.js';
import { UpdateFactory } from '../updates.js';

/**
 * The platforms' published limits as the fakes enforce them. Slack: about one chat.postMessage per second
 * per channel; the fake's burst allowance widens its one-second window (it would raise the sustained rate),
 * so it stays 0 and the rule is exactly "at most one post in any second". Telegram: one message per second
 * per chat, thirty per second overall.
 */
export const BURST_LIMITS: RateLimits = {
  slack: { perChannelPerSecond: 1, burst: 0 },
  telegram: { perChatPerSecond: 1, globalPerSecond: 30 },
};

export interface BurstResult {
  people: number;
  messagesEach: number;
  slackPosts: number;
  telegramSends: number;
  /** From the first update sent to the last successful delivery on each platform. */
  slackDoneMs: number;
  telegramDoneMs: number;
  /** The least time the limits allow for the same deliveries. */
  slackMinimumMs: number;
  telegramMinimumMs: number;
  slack429: number;
  telegram429: number;
  otherErrors: number;
  parked: number;
  /** False when the outbox still held work at the time limit. */
  drained: boolean;
  webhookFailures: number;
}

/**
 * `people` people each write `messagesEach` messages at once (each person's messages in order, as Telegram
 * delivers one chat's updates, all people in parallel) while the fakes enforce the limits above.
 */
export async function measureBurst(
  context: BenchContext,
  options: { people: number; messagesEach: number; timeoutMs: number },
): Promise<BurstResult> {
  const { service, target, databasePath } = await context.start('haven');
  const probe = new DatabaseProbe(databasePath);
  try {
    await context.fakes.limits(BURST_LIMITS);
    const factory = new UpdateFactory({ firstChatId: 70_000_000, seed: 7 });
    const chats = Array.from({ length: options.people }, () => factory.newChat());
    const began = monotonicMs();
    const statuses = await Promise.all(
      chats.map(async (chatId) => {
        const answered: number[] = [];
        for (let i = 0; i < options.messagesEach; i++) {
          answered.push(await post(target, factory.from(chatId).body).catch(() => 0));
        }
        return answered;
      }),
    );
    const drained = await waitFor(
      () => (probe.pendingOutbox() === 0 ? true : undefined),
      options.timeoutMs,
      100,
    );
    const tally = await context.fakes.tally();
    const perChat = tally.telegramPerChat.map(([, sends]) => sends);
    const telegramSends = tally.telegram.ok;
    return {
      people: options.people,
      messagesEach: options.messagesEach,
      slackPosts: tally.slack.ok,
      telegramSends,
      slackDoneMs: (tally.slack.lastOkAt ?? Number.NaN) - began,
      telegramDoneMs: (tally.telegram.lastOkAt ?? Number.NaN) - began,
      // n deliveries under "at most k in any one-second window" need at least ceil(n / k) - 1 seconds.
      slackMinimumMs:
        Math.max(0, Math.ceil(tally.slack.ok / BURST_LIMITS.slack!.perChannelPerSecond) - 1) * 1000,
      telegramMinimumMs:
        Math.max(
          0,
          Math.max(0, ...perChat) - 1,
          Math.ceil(telegramSends / BURST_LIMITS.telegram!.globalPerSecond) - 1,
        ) * 1000,
      slack429: tally.slack.rateLimited,
      telegram429: tally.telegram.rateLimited,
      otherErrors: tally.slack.otherErrors + tally.telegram.otherErrors,
      parked: probe.parkedOutbox(),
      drained: drained === true,
      webhookFailures: statuses.flat().filter((status) => status !== 200).length,
    };
  } finally {
    probe.close();
    await service.stop();
  }
}
