import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FloodCounter } from '../../src/channels/telegram/flood-guard.js';
import { createTexts } from '../../src/i18n/texts.js';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/** End-to-end waits get time to spare: these suites run beside others on a busy machine. */
const patiently = <T>(check: () => T | Promise<T>) => eventually(check, 10_000);

describe('FloodCounter', () => {
  let now = 0;
  const counter = () => new FloodCounter({ limit: 3, windowMs: 1000 }, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('says "answer" once, at the first update over the limit within the window', () => {
    const flood = counter();
    const answers = Array.from({ length: 8 }, () => {
      now += 50;
      return flood.record('1');
    });
    expect(answers).toEqual([false, false, false, true, false, false, false, false]);
  });

  it('does not count a steady pace that stays within the limit', () => {
    const flood = counter();
    const answers = Array.from({ length: 20 }, () => {
      now += 400; // under three updates in any second
      return flood.record('1');
    });
    expect(answers.some(Boolean)).toBe(false);
  });

  it('counts each chat on its own', () => {
    const flood = counter();
    for (let i = 0; i < 3; i++) {
      flood.record('1');
      flood.record('2');
    }
    expect(flood.record('1')).toBe(true);
    expect(flood.record('2')).toBe(true);
    expect(flood.record('3')).toBe(false);
  });

  it('answers a new flood after the chat has been quiet for a whole window, and forgets quiet chats', () => {
    const flood = counter();
    for (let i = 0; i < 4; i++) flood.record('1');
    now += 500;
    for (let i = 0; i < 4; i++) expect(flood.record('1')).toBe(false); // the same flood goes on
    now += 1001;
    expect([flood.record('1'), flood.record('1'), flood.record('1'), flood.record('1')]).toEqual([
      false,
      false,
      false,
      true,
    ]);
    now += 5000;
    flood.record('2');
    expect(flood.trackedChats).toBe(1);
  });
});

describe('flood control through Telegram', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const slowDown = createTexts().t('ro', 'common:slowDown');
  const relayed = () => {
    const parent = stack.slack.messages(INBOX)[0];
    if (!parent) return [];
    return stack.slack
      .thread(INBOX, parent.ts)
      .map((message) => message.text)
      .filter((text) => text.includes('burst '));
  };

  it('relays every message of a burst, and asks the person for a moment once, in their language', async () => {
    const burst = Array.from({ length: 16 }, (_, i) => `burst ${String(i).padStart(2, '0')}`);
    for (const text of burst) {
      const { status } = await stack.telegram.sendFromPerson({ chatId: 3131, text, languageCode: 'ro' });
      expect(status).toBe(200);
    }
    await patiently(() => relayed().length === burst.length);
    expect(relayed().map((text) => text.slice(-8))).toEqual(burst);
    const conversation = await stack.haven.store.findConversationByChat('telegram', '3131');
    const stored = await stack.haven.store.listMessages(conversation!.id);
    expect(stored.filter((message) => message.body.startsWith('burst '))).toHaveLength(burst.length);

    await settle();
    const notices = stack.telegram.sentTo(3131).filter((message) => message.text === slowDown);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ protect_content: true });
    expect(stack.telegram.violations).toEqual([]);
    // A Haven message like the others: the team sees it in the thread (in the inbox's language), and it
    // is stored with its id on the phone, so the quick exit deletes it with the rest of the chat.
    const parent = stack.slack.messages(INBOX)[0]!;
    const inThread = createTexts().t('en', 'common:slowDown');
    await patiently(() =>
      stack.slack.thread(INBOX, parent.ts).some((message) => message.text.includes(inThread)),
    );
    const notice = await patiently(async () =>
      (await stack.haven.store.listMessages(conversation!.id)).find(
        (message) => message.author === 'haven' && message.body === slowDown && message.channelMessageId,
      ),
    );
    expect(notice.channelMessageId).toBe(String(notices[0]!.message_id));
  });

  it('does not count taps on Haven’s own buttons', async () => {
    await stack.telegram.sendFromPerson({ chatId: 3333, text: 'hello', languageCode: 'ro' });
    const question = await patiently(() =>
      stack.telegram.sentTo(3333).find((message) => message.reply_markup !== undefined),
    );
    const keyboard = question.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    const data = keyboard.inline_keyboard[0]![0]!.callback_data;
    for (let i = 0; i < 15; i++) {
      await stack.telegram.sendFromPerson({
        chatId: 3333,
        callbackData: data,
        callbackMessageId: question.message_id,
      });
    }
    await settle();
    expect(stack.telegram.sentTo(3333).some((message) => message.text === slowDown)).toBe(false);
  });

  it('says nothing about pace to someone who writes a few messages', async () => {
    for (let i = 0; i < 5; i++) await stack.telegram.sendFromPerson({ chatId: 3232, text: `burst ${i}` });
    await patiently(() => relayed().length === 5);
    await settle();
    expect(stack.telegram.sentTo(3232).some((message) => message.text === slowDown)).toBe(false);
  });
});
