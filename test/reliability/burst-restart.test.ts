import { afterEach, describe, expect, it } from 'vitest';
import { type DeliveryRateLimits, PLATFORM_RATE_LIMITS } from '../../src/core/index.js';
import {
  eventually,
  INBOX,
  type Stack,
  type StackOptions,
  settle,
  startStack,
  TEST_RATE_LIMITS,
} from '../support/stack.js';
import { crashStoreInPlace } from './support/crash.js';
import { slackView } from './support/slack-view.js';

/**
 * Slack's chat.postMessage limit scaled up fiftyfold (the real one is about 1 a second per channel), so a
 * burst shows the same physics in seconds. The fake refuses the 51st post within any second; Haven paces
 * itself a little under that (44 a second, bursts of 3: at most 47 in any second, a margin for jitter).
 */
const SLACK_POSTS_PER_SECOND = 50;
const PACED: DeliveryRateLimits = {
  ...TEST_RATE_LIMITS,
  channelSend: PLATFORM_RATE_LIMITS.channelSend,
  inboxPost: { perDestination: { perSecond: SLACK_POSTS_PER_SECOND - 6, burst: 3 } },
};

const PEOPLE = Array.from({ length: 20 }, (_, index) => 1001 + index);
const ROUNDS = 5;
const textOf = (chatId: number, round: number) => `${chatId}: message ${round}`;

describe('bursts, restarts and crashes, through the whole stack', () => {
  let stack: Stack;
  const view = slackView(() => stack);
  const start = async (options: StackOptions = {}) => {
    stack = await startStack({ haven: { rateLimits: PACED }, ...options });
    stack.telegram.enforceRateLimits({ perChatPerSecond: 1, globalPerSecond: 30 });
    stack.slack.enforceRateLimits({ perChannelPerSecond: SLACK_POSTS_PER_SECOND });
  };
  afterEach(async () => {
    await stack.stop();
  });

  /** 20 people write 5 messages each, every person as fast as Telegram hands over their updates. */
  async function burst(): Promise<void> {
    await Promise.all(
      PEOPLE.map(async (chatId) => {
        for (let round = 1; round <= ROUNDS; round += 1) {
          await stack.telegram.sendFromPerson({ chatId, text: textOf(chatId, round) });
        }
      }),
    );
  }

  /** Every person's messages in their own thread, each once and in order, and each person greeted once. */
  function everythingArrived(): boolean {
    return PEOPLE.every((chatId) => {
      const thread = view.threadOf(textOf(chatId, 1));
      const mine = thread?.lines.filter((line) => line.startsWith(`${chatId}: `)) ?? [];
      return mine.length === ROUNDS && stack.telegram.sentTo(chatId).length >= 1;
    });
  }

  function expectEverythingOnceInOrder(): void {
    expect(view.parents()).toHaveLength(PEOPLE.length);
    for (const chatId of PEOPLE) {
      const thread = view.threadOf(textOf(chatId, 1))!;
      const mine = thread.lines.filter((line) => line.startsWith(`${chatId}: `));
      expect(mine).toEqual(Array.from({ length: ROUNDS }, (_, index) => textOf(chatId, index + 1)));
    }
  }

  it('drains 20 people × 5 messages without a single 429, close to the fastest the limits allow', async () => {
    await start();
    const startedAt = Date.now();
    await burst();
    await eventually(everythingArrived, 20_000);
    await settle(200);

    expect(stack.slack.rateLimited).toBe(0);
    expect(stack.telegram.rateLimited).toBe(0);
    expect(stack.slack.violations).toEqual([]);
    expect(stack.telegram.violations).toEqual([]);
    expectEverythingOnceInOrder();

    // Slack's limit allows no less than ⌈posts / 50⌉ − 1 seconds (50 posts in each second); Haven's own
    // pacing, which keeps a margin for network jitter, no less than (posts − burst) / rate. Haven must
    // finish within 1.3 × its pacing's least time, plus half a second for taking in the updates.
    const posts = stack.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.ok);
    const tookMs = Math.max(...posts.map((call) => call.at)) - startedAt;
    const slackMinimumMs = (Math.ceil(posts.length / SLACK_POSTS_PER_SECOND) - 1) * 1000;
    const pace = PACED.inboxPost.perDestination!;
    const pacingMinimumMs = ((posts.length - pace.burst) / pace.perSecond) * 1000;
    expect(posts.length).toBeGreaterThanOrEqual(PEOPLE.length * (ROUNDS + 1));
    expect(tookMs).toBeGreaterThanOrEqual(Math.max(slackMinimumMs, pacingMinimumMs));
    expect(tookMs).toBeLessThanOrEqual(pacingMinimumMs * 1.3 + 500);
  });

  it('resumes unfinished deliveries after a restart in the middle of a burst, losing and repeating nothing', async () => {
    // At 25 posts a second the backlog takes over five seconds: a restart after 30 posts falls in the middle.
    await start({
      haven: { rateLimits: { ...PACED, inboxPost: { perDestination: { perSecond: 25, burst: 3 } } } },
    });
    await burst();
    await eventually(
      () => stack.slack.calls.filter((call) => call.method === 'chat.postMessage').length >= 30,
    );
    const postsBefore = stack.slack.calls.filter((call) => call.method === 'chat.postMessage').length;
    await stack.restart();
    expect(everythingArrived()).toBe(false);

    await eventually(everythingArrived, 20_000);
    await settle(200);

    expectEverythingOnceInOrder();
    const postsAfter = stack.slack.calls.filter((call) => call.method === 'chat.postMessage').length;
    expect(postsAfter).toBeGreaterThan(postsBefore);
    expect(stack.slack.rateLimited).toBe(0);
    for (const chatId of PEOPLE) expect(stack.telegram.sentTo(chatId)).toHaveLength(1);
  });

  describe('a crash between sending a reply and recording it', () => {
    const platformIds = (args: unknown[]) =>
      (args[1] as { channelMessageId?: string } | undefined)?.channelMessageId;

    async function caseWithReply(crashPoint: 'before' | 'after') {
      await start({ haven: { rateLimits: TEST_RATE_LIMITS, outbox: { leaseMs: 300 } } });
      await stack.telegram.sendFromPerson({ chatId: 2001, text: 'hello' });
      const parent = await eventually(() => view.threadOf('hello'));
      await eventually(() => stack.telegram.sentTo(2001).length === 1);
      const crash = crashStoreInPlace(stack.haven.store, (method, args) =>
        method === 'setMessagePlatformIds' && platformIds(args) ? crashPoint : undefined,
      );
      await stack.slack.postAsUser({
        channel: INBOX,
        threadTs: parent.parent.ts,
        user: 'U0CW',
        text: 'we can help',
      });
      await eventually(crash.crashed);
      await stack.restart();
      return parent.parent.ts;
    }
    const replies = () => stack.telegram.sentTo(2001).filter((message) => message.text === 'we can help');

    it('before the id is stored: after the restart the reply goes out once more, and only once', async () => {
      const parentTs = await caseWithReply('before');
      await eventually(() => replies().length === 2);
      await settle(500);
      expect(replies()).toHaveLength(2);
      const reply = view.replies(parentTs).find((message) => view.words(message) === 'we can help');
      await eventually(
        () => reply && view.replies(parentTs).find((m) => m.ts === reply.ts)?.reactions.length,
      );
      expect(view.replies(parentTs).find((m) => m.ts === reply!.ts)!.reactions).toEqual(['white_check_mark']);
    });

    it('after the id is stored: the restarted Haven sees it and does not send again', async () => {
      const parentTs = await caseWithReply('after');
      const reply = view.replies(parentTs).find((message) => view.words(message) === 'we can help')!;
      await eventually(() => view.replies(parentTs).find((m) => m.ts === reply.ts)?.reactions.length);
      await settle(500);
      expect(replies()).toHaveLength(1);
      expect(view.replies(parentTs).find((m) => m.ts === reply.ts)!.reactions).toEqual(['white_check_mark']);
    });
  });

  it('stores a Telegram update and a Slack event that come again after a restart only once', async () => {
    await start({ haven: { rateLimits: TEST_RATE_LIMITS } });
    const { update } = await stack.telegram.sendFromPerson({ chatId: 3001, text: 'only once' });
    const parent = await eventually(() => view.threadOf('only once'));
    const event = {
      type: 'event_callback',
      team_id: 'T0FAKETEAM',
      api_app_id: 'A0HAVENAPP',
      event_id: 'Ev0RESTART01',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: INBOX,
        channel_type: 'channel',
        user: 'U0CW',
        text: 'reply once',
        ts: `${Math.floor(Date.now() / 1000)}.000777`,
        thread_ts: parent.parent.ts,
      },
    };
    expect((await stack.slack.sendSigned(event)).status).toBe(200);
    await eventually(() => stack.telegram.sentTo(3001).some((message) => message.text === 'reply once'));

    // Haven restarts; both platforms, never told that it stored them, send the same things again.
    await stack.restart();
    expect((await stack.telegram.deliver(update)).status).toBe(200);
    expect((await stack.slack.sendSigned(event, { retryNum: 1 })).status).toBe(200);
    await settle(500);

    expect(view.threadOf('only once')!.lines.filter((line) => line === 'only once')).toHaveLength(1);
    expect(stack.telegram.sentTo(3001).filter((message) => message.text === 'reply once')).toHaveLength(1);
  });
});
