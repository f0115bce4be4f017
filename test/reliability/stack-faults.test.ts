import { afterEach, describe, expect, it } from 'vitest';
import { PLATFORM_RATE_LIMITS } from '../../src/core/index.js';
import {
  eventually,
  INBOX,
  type Stack,
  type StackOptions,
  settle,
  startStack,
  TEST_RATE_LIMITS,
} from '../support/stack.js';
import { slackView } from './support/slack-view.js';

/**
 * Outages, rate limits and refusals through the real Haven (Node runtime, SQLite, grammY, Bolt) between
 * the fake Telegram and Slack APIs, which fail on demand and can enforce the platforms' limits.
 */
describe('faults on the way out, through the whole stack', () => {
  let stack: Stack;
  const view = slackView(() => stack);
  const start = async (options: StackOptions = {}) => {
    stack = await startStack(options);
  };
  afterEach(async () => {
    await stack.stop();
  });

  /** A person writes; waits until their case thread and greeting are there. */
  async function openCase(chatId: number, text: string) {
    await stack.telegram.sendFromPerson({ chatId, text });
    const thread = await eventually(() => {
      const found = view.threadOf(text);
      return found && found.lines.length >= 2 ? found : undefined;
    });
    await eventually(() => stack.telegram.sentTo(chatId).length >= 1);
    return thread.parent.ts;
  }

  it('relays everything once and in order after Slack was down for a while', async () => {
    await start();
    const outageEnds = Date.now() + 1_500;
    for (const method of ['chat.postMessage', 'chat.update']) {
      stack.slack.failWhile(method, { status: 503 }, outageEnds);
    }
    for (const text of ['first', 'second', 'third'])
      await stack.telegram.sendFromPerson({ chatId: 501, text });

    // The person is greeted during the outage: the Slack lane does not hold back the Telegram one.
    await eventually(() => stack.telegram.sentTo(501).length === 1);
    expect(view.parents()).toEqual([]);

    const thread = await eventually(() => {
      const found = view.threadOf('first');
      return found?.lines.includes('third') ? found : undefined;
    }, 8_000);
    expect(Date.now()).toBeGreaterThanOrEqual(outageEnds);
    const written = thread.lines.filter((line) => ['first', 'second', 'third'].includes(line));
    expect(written).toEqual(['first', 'second', 'third']);
    expect(view.parents()).toHaveLength(1);
    await settle(300);
    expect(view.replies(thread.parent.ts)).toHaveLength(thread.replies.length);
    expect(
      stack.slack.calls.filter((call) => call.method === 'chat.postMessage' && !call.ok).length,
    ).toBeGreaterThan(0);
  });

  it('waits as long as Telegram’s retry_after says before sending again', async () => {
    await start();
    const parentTs = await openCase(502, 'hello');
    stack.telegram.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });

    await stack.slack.postAsUser({ channel: INBOX, threadTs: parentTs, user: 'U0CW', text: 'we are here' });
    await eventually(
      () => stack.telegram.sentTo(502).some((message) => message.text === 'we are here'),
      5_000,
    );

    const sends = stack.telegram.calls.filter(
      (call) => call.method === 'sendMessage' && call.payload.text === 'we are here',
    );
    expect(sends.map((call) => call.ok)).toEqual([false, true]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('waits as long as Slack’s Retry-After says, for every case in the channel', async () => {
    await start();
    await openCase(503, 'hello');
    await openCase(504, 'hi');
    stack.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });

    await stack.telegram.sendFromPerson({ chatId: 503, text: 'from 503' });
    await stack.telegram.sendFromPerson({ chatId: 504, text: 'from 504' });
    await eventually(
      () =>
        view.threadOf('hi')?.lines.includes('from 504') && view.threadOf('hello')?.lines.includes('from 503'),
      5_000,
    );

    const posts = stack.slack.calls.filter((call) => call.method === 'chat.postMessage');
    const limited = posts.findIndex((call) => !call.ok);
    expect(limited).toBeGreaterThanOrEqual(0);
    // Nothing more went to the channel until the second was over: no second 429.
    expect(posts.slice(limited + 1).every((call) => call.at - posts[limited]!.at >= 1_000)).toBe(true);
    expect(stack.slack.calls.filter((call) => !call.ok)).toHaveLength(1);
  });

  it('parks a reply the person can no longer receive, marks it ⚠️ and says why in the thread', async () => {
    await start();
    const parentTs = await openCase(505, 'hello');
    stack.telegram.failNext('sendMessage', {
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });

    const reply = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parentTs,
      user: 'U0CW',
      text: 'are you safe?',
    });

    const notice = await eventually(() =>
      view
        .replies(parentTs)
        .map(view.words)
        .find((line) => line.includes('did not reach the person')),
    );
    expect(notice).toBe(
      '⚠️ The reply marked ⚠️ did not reach the person: the person blocked the bot. Haven will not send it again.',
    );
    await eventually(() =>
      view
        .replies(parentTs)
        .find((message) => message.ts === reply.ts)
        ?.reactions.includes('warning'),
    );
    await settle(300);
    // Tried once: no retry can make a blocked bot deliver.
    const tries = stack.telegram.calls.filter(
      (call) => call.method === 'sendMessage' && call.payload.text === 'are you safe?',
    );
    expect(tries).toHaveLength(1);
    const marks = view.replies(parentTs).find((message) => message.ts === reply.ts)!.reactions;
    expect(marks).toEqual(['warning']);
  });

  it('sends a long reply in pieces, in order, a second apart, without a single 429', async () => {
    await start({
      haven: { rateLimits: { ...TEST_RATE_LIMITS, channelSend: PLATFORM_RATE_LIMITS.channelSend } },
    });
    stack.telegram.enforceRateLimits({ perChatPerSecond: 1, globalPerSecond: 30 });
    const parentTs = await openCase(506, 'hello');
    const paragraphs = Array.from(
      { length: 20 },
      (_, index) => `Part ${index + 1}: ${'ok '.repeat(140).trim()}.`,
    );
    const reply = paragraphs.join('\n\n');
    expect(reply.length).toBeGreaterThan(2 * 4096);

    await stack.slack.postAsUser({ channel: INBOX, threadTs: parentTs, user: 'U0CW', text: reply });

    const pieces = await eventually(() => {
      const sent = stack.telegram.sentTo(506).slice(1);
      return sent.length === 3 ? sent : undefined;
    }, 8_000);
    expect(pieces.every((piece) => (piece.text ?? '').length <= 4096)).toBe(true);
    expect(pieces.map((piece) => piece.text).join('\n\n')).toBe(reply);
    expect(pieces[1]!.text).toMatch(/^Part \d+:/);
    expect(stack.telegram.rateLimited).toBe(0);
    expect(stack.telegram.violations).toEqual([]);
    // The ✅ comes once, after the last piece.
    await eventually(() =>
      view.replies(parentTs).some((message) => message.reactions.includes('white_check_mark')),
    );
  });

  it('shows the longest message a person can send in Slack sections within Slack’s limits', async () => {
    await start();
    const longest = `${'Tom & Jerry <3 '.repeat(273)}x`.slice(0, 4096);
    expect(longest.length).toBe(4096);

    await stack.telegram.sendFromPerson({ chatId: 507, text: longest });

    const squeeze = (text: string) => text.replace(/\s/g, '');
    const posted = await eventually(() =>
      view
        .parents()
        .map((parent) => view.replies(parent.ts)[0])
        .find((first) => first && squeeze(view.words(first)) === squeeze(longest)),
    );
    const sections = (posted.blocks ?? []).filter((block) => (block as { type: string }).type === 'section');
    expect(sections.length).toBe(2);
    for (const section of sections)
      expect((section as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
    // The notification text carries the escaped words: five characters for each &, well under 40,000.
    expect(posted.text.length).toBeLessThan(40_000);
    expect(stack.slack.violations).toEqual([]);
  });
});
