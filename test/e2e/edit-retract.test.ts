import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseCards, eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/** What a caseworker changes in Slack after sending, happens on the person's phone too. */
describe('editing and retracting in Slack', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const parents = () => caseCards(stack);
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

  it('edits a reply that went out in pieces piece by piece, sending or deleting pieces as the new length needs', async () => {
    const words = (count: number, word: string) => Array.from({ length: count }, () => word).join(' ');
    // About 5,400 characters: two Telegram messages.
    await stack.telegram.sendFromPerson({ chatId: 4004, text: 'hello', languageCode: 'en' });
    const parent = await eventually(() => parents()[0]);
    const { ts } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CW',
      text: words(900, 'long.'),
    });
    const pieces = () => stack.telegram.sentTo(4004).filter((m) => /^(long|edit|short)/.test(m.text ?? ''));
    await eventually(() => pieces().length === 2);
    const [first, second] = pieces();

    // Longer (9,000 characters): both pieces edited in place, a third sent after them.
    await stack.slack.editAsUser({ channel: INBOX, ts, text: words(1500, 'edit.') });
    await eventually(() => pieces().filter((m) => !m.deleted).length === 3);
    const grown = pieces().filter((m) => !m.deleted);
    expect(grown.slice(0, 2).map((m) => m.message_id)).toEqual([first!.message_id, second!.message_id]);
    expect(grown.every((m) => m.text!.startsWith('edit.'))).toBe(true);
    expect(grown.map((m) => m.text).join(' ')).toBe(words(1500, 'edit.'));

    // Short: the first piece holds it all, the other two are deleted.
    await stack.slack.editAsUser({ channel: INBOX, ts, text: 'short now' });
    await eventually(() => pieces().filter((m) => !m.deleted).length === 1);
    expect(pieces().filter((m) => !m.deleted)).toMatchObject([
      { message_id: first!.message_id, text: 'short now' },
    ]);
    expect(stack.telegram.violations).toEqual([]);
  }, 20_000);

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
