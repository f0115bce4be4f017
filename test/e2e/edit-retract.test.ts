import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/** What a caseworker changes in Slack after sending, happens on the person's phone too. */
describe('editing and retracting in Slack', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const parents = () => stack.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const threadTexts = (ts: string) => stack.slack.thread(INBOX, ts).map((m) => m.text ?? '');

  async function replyTo(chatId: number, text: string) {
    await stack.telegram.sendFromPerson({ chatId, text: 'hello', languageCode: 'en' });
    const parent = await eventually(() => parents()[0]);
    const { ts } = await stack.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, user: 'U0CW', text });
    const sent = await eventually(() => stack.telegram.sentTo(chatId).find((m) => m.text === text));
    return { parent, ts, sent };
  }

  it('edits a sent reply on the person’s phone when the caseworker edits it in Slack', async () => {
    const { parent, ts, sent } = await replyTo(4001, 'We meet at 10');
    await stack.slack.editAsUser({ channel: INBOX, ts, text: 'We meet at 11' });
    await eventually(() =>
      stack.telegram.sentTo(4001).find((m) => m.message_id === sent.message_id && m.text === 'We meet at 11'),
    );
    await eventually(() => threadTexts(parent.ts).some((text) => text.includes('edited their reply')));
  });

  it('deletes a sent reply from the person’s phone when the caseworker deletes it in Slack', async () => {
    const { parent, ts, sent } = await replyTo(4002, 'wrong person, sorry');
    await stack.slack.deleteAsUser({ channel: INBOX, ts });
    await eventually(
      () => stack.telegram.sentTo(4002).find((m) => m.message_id === sent.message_id)?.deleted,
    );
    await eventually(() =>
      threadTexts(parent.ts).some((text) => text.includes('deleted it from the person')),
    );
  });

  it('keeps an edited internal note internal', async () => {
    await stack.telegram.sendFromPerson({ chatId: 4003, text: 'hello', languageCode: 'en' });
    const parent = await eventually(() => parents()[0]);
    const { ts } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CW',
      text: 'note: call back',
    });
    await settle();
    await stack.slack.editAsUser({ channel: INBOX, ts, text: 'call back tomorrow' });
    await settle();
    expect(stack.telegram.sentTo(4003).some((m) => m.text?.includes('call back'))).toBe(false);
  });

  it('draws a deleted case card again in a new thread, and the case carries on there', async () => {
    await stack.telegram.sendFromPerson({ chatId: 4004, text: 'first', languageCode: 'en' });
    const first = await eventually(() => parents()[0]);
    await eventually(() => threadTexts(first.ts).some((text) => text.includes('first')));
    await stack.slack.deleteAsUser({ channel: INBOX, ts: first.ts });
    const second = await eventually(() => parents().find((m) => m.ts !== first.ts));
    expect(second.text).toContain('Case 0001');
    await stack.telegram.sendFromPerson({ chatId: 4004, text: 'second' });
    await eventually(() => threadTexts(second.ts).some((text) => text.includes('second')));
    expect(threadTexts(second.ts).some((text) => text.includes('continues in this new thread'))).toBe(true);
  });
});
