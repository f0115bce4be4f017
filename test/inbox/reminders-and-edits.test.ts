import { afterEach, describe, expect, it } from 'vitest';
import { afterOfficeMinutes, parseOfficeHours } from '../../src/core/office-hours.js';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

const CASEWORKER = 'U0CASEWORKER';
/** Monday 23 November 2026, 10:00 in Brussels: inside every centre's office hours. */
const MONDAY_TEN = Date.UTC(2026, 10, 23, 9, 0);
const MINUTE = 60_000;

/** A clock that runs with real time from a chosen moment, and can be moved forward. */
function movableClock(start: number) {
  const began = Date.now();
  let skipped = 0;
  return {
    now: () => start + (Date.now() - began) + skipped,
    advance(ms: number) {
      skipped += ms;
    },
  };
}

describe('reminders when a person waits for an answer', () => {
  let stack: Stack;
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  const parentOf = () =>
    eventually(() => stack.slack.messages(INBOX).find((m) => !m.thread_ts || m.thread_ts === m.ts));
  const reminders = (parentTs: string) =>
    stack.slack.thread(INBOX, parentTs).filter((message) => message.text?.includes('waiting for an answer'));

  async function startWithClock(env: Record<string, string> = {}) {
    const clock = movableClock(MONDAY_TEN);
    stack = await startStack({ env: { HAVEN_REMINDER_MINUTES: '30', ...env }, haven: { clock } });
    return clock;
  }

  it('pings the channel once when nobody answered a new case within the time, however often the person writes', async () => {
    const clock = await startWithClock();
    await stack.telegram.sendFromPerson({
      chatId: 7001,
      text: 'hello, is someone there?',
      languageCode: 'en',
    });
    const parent = await parentOf();
    clock.advance(10 * MINUTE);
    await stack.telegram.sendFromPerson({ chatId: 7001, text: 'please answer' });
    await settle();
    expect(reminders(parent.ts)).toEqual([]);

    clock.advance(25 * MINUTE);
    const [reminder] = await eventually(() =>
      reminders(parent.ts).length > 0 ? reminders(parent.ts) : undefined,
    );
    // Nobody took the case: everyone in the channel is alerted. The ping says nothing about the person.
    expect(reminder!.text).toMatch(/^<!here> /);
    expect(reminder!.text).not.toMatch(/hello|please/);

    clock.advance(120 * MINUTE);
    await stack.telegram.sendFromPerson({ chatId: 7001, text: 'still here' });
    await settle(500);
    expect(reminders(parent.ts)).toHaveLength(1);
  });

  it('pings the caseworker who took the case, and nobody once a caseworker answered', async () => {
    const clock = await startWithClock();
    await stack.telegram.sendFromPerson({ chatId: 7002, text: 'I need help', languageCode: 'en' });
    const parent = await parentOf();
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: parent.ts,
      actionId: 'case:assign',
      user: CASEWORKER,
    });
    clock.advance(31 * MINUTE);
    const [reminder] = await eventually(() =>
      reminders(parent.ts).length > 0 ? reminders(parent.ts) : undefined,
    );
    expect(reminder!.text).toMatch(new RegExp(`^<@${CASEWORKER}> `));

    // The caseworker answers; the person writes again and gets an answer in time: no new ping.
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: CASEWORKER,
      text: 'We are here.',
    });
    await eventually(() => stack.telegram.sentTo(7002).some((m) => m.text === 'We are here.'));
    await stack.telegram.sendFromPerson({ chatId: 7002, text: 'thank you, one more question' });
    clock.advance(5 * MINUTE);
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: CASEWORKER,
      text: 'Go ahead.',
    });
    await eventually(() => stack.telegram.sentTo(7002).some((m) => m.text === 'Go ahead.'));
    clock.advance(60 * MINUTE);
    await settle(500);
    expect(reminders(parent.ts)).toHaveLength(1);
  });

  it('sends no reminder with HAVEN_REMINDER_MINUTES=0', async () => {
    const clock = await startWithClock({ HAVEN_REMINDER_MINUTES: '0' });
    await stack.telegram.sendFromPerson({ chatId: 7003, text: 'hello', languageCode: 'en' });
    const parent = await parentOf();
    clock.advance(600 * MINUTE);
    await settle(500);
    expect(reminders(parent.ts)).toEqual([]);
  });

  it('counts only office time: Friday evening waits until Monday morning', () => {
    const hours = parseOfficeHours('Mon-Fri 09:00-17:00', 'Europe/Brussels');
    const fridayTenToFive = Date.UTC(2026, 10, 20, 15, 50); // 16:50 in Brussels
    const due = afterOfficeMinutes(hours, fridayTenToFive, 30);
    // Ten minutes on Friday, twenty on Monday: 09:20 in Brussels is 08:20 UTC.
    expect(new Date(due!).toISOString()).toBe('2026-11-23T08:20:00.000Z');
    expect(afterOfficeMinutes(undefined, fridayTenToFive, 30)).toBe(fridayTenToFive + 30 * MINUTE);
  });
});

describe('messages the person edits', () => {
  let stack: Stack;
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  const plain = (message: { blocks?: unknown[] }) =>
    (message.blocks ?? [])
      .map((block) => (block as { text?: { type: string; text: string } }).text)
      .filter((text) => text?.type === 'plain_text')
      .map((text) => text?.text)
      .join('\n');

  it('shows an edited Telegram message in the thread as an edit', async () => {
    stack = await startStack();
    const { update } = await stack.telegram.sendFromPerson({
      chatId: 7101,
      text: 'I work at the car wash on Main street',
      languageCode: 'en',
    });
    const messageId = (update as { message: { message_id: number } }).message.message_id;
    const parent = await eventually(() =>
      stack.slack.messages(INBOX).find((m) => !m.thread_ts || m.thread_ts === m.ts),
    );
    await eventually(() => stack.slack.thread(INBOX, parent.ts).length >= 2);

    await stack.telegram.sendFromPerson({
      chatId: 7101,
      text: 'I work at the car wash on Station street',
      editOfMessageId: messageId,
    });
    const edit = await eventually(() =>
      stack.slack
        .thread(INBOX, parent.ts)
        .find((m) => plain(m) === 'I work at the car wash on Station street'),
    );
    expect(edit.text).toContain('edited an earlier message');
    // The original stays as it was, so the team sees both versions.
    expect(
      stack.slack.thread(INBOX, parent.ts).some((m) => plain(m) === 'I work at the car wash on Main street'),
    ).toBe(true);
  });
});
