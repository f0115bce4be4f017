import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseCards, eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/** A person who loses their phone carries on their case from a new Telegram account with a resume code. */
describe('resume code', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const parents = () => caseCards(stack);
  const allThreadText = () =>
    parents()
      .flatMap((parent) => stack.slack.thread(INBOX, parent.ts))
      .map((m) => JSON.stringify(m))
      .join('\n');

  async function codeFor(chatId: number): Promise<string> {
    await stack.telegram.sendFromPerson({ chatId, text: 'I need help', languageCode: 'en' });
    await stack.telegram.sendFromPerson({ chatId, text: '/resume' });
    const message = await eventually(() =>
      stack.telegram.sentTo(chatId).find((m) => m.text?.startsWith('Your code is')),
    );
    return /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(message.text!)![1]!;
  }

  it('reattaches a new account to the open case, and the team sees it; the code never reaches Slack', async () => {
    const code = await codeFor(5001);
    await eventually(() => allThreadText().includes('resume code'));
    expect(allThreadText()).not.toContain(code);

    await stack.telegram.sendFromPerson({ chatId: 5002, text: `/resume ${code}`, languageCode: 'en' });
    await eventually(() => stack.telegram.sentTo(5002).some((m) => m.text?.startsWith('Welcome back')));
    await eventually(() => allThreadText().includes('resumed this case from a new Telegram account'));

    // The new account now writes into the same case (one thread), and replies reach the new account.
    await stack.telegram.sendFromPerson({ chatId: 5002, text: 'new phone, same me' });
    await eventually(() => allThreadText().includes('new phone, same me'));
    expect(parents()).toHaveLength(1);
    const parent = parents()[0]!;
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CW',
      text: 'Good to hear from you',
    });
    await eventually(() => stack.telegram.sentTo(5002).some((m) => m.text === 'Good to hear from you'));
    expect(stack.telegram.sentTo(5001).some((m) => m.text === 'Good to hear from you')).toBe(false);
    // The typed code is deleted from the new chat.
    const typed = stack.telegram.calls.filter(
      (call) => call.method === 'deleteMessages' || call.method === 'deleteMessage',
    );
    expect(typed.length).toBeGreaterThan(0);
  });

  it('refuses a wrong code, and after five wrong tries refuses even the right one for a while', async () => {
    const code = await codeFor(5003);
    for (let attempt = 0; attempt < 5; attempt++) {
      await stack.telegram.sendFromPerson({ chatId: 5004, text: `/resume ZZZZ-ZZZZ-ZZZ${attempt}` });
    }
    await eventually(
      () =>
        stack.telegram.sentTo(5004).filter((m) => m.text?.startsWith('That code did not work')).length === 5,
    );
    await stack.telegram.sendFromPerson({ chatId: 5004, text: `/resume ${code}` });
    await eventually(
      () =>
        stack.telegram.sentTo(5004).filter((m) => m.text?.startsWith('That code did not work')).length === 6,
    );
    await settle();
    expect(stack.telegram.sentTo(5004).some((m) => m.text?.startsWith('Welcome back'))).toBe(false);
  });
});
