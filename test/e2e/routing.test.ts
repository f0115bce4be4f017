import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, INBOX, type Stack, startStack } from '../support/stack.js';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const FLANDERS = 'C0FLANDERS';

/** The region a person gives routes the case to its centre's own channel. */
describe('routing to a centre', () => {
  let stack: Stack;
  beforeEach(async () => {
    const centres = [
      {
        id: 'payoke',
        name: 'Payoke',
        regions: ['flanders'],
        inboxChannel: FLANDERS,
        phone: '+32 3 201 16 90',
      },
      { id: 'pag-asa', name: 'PAG-ASA', regions: ['brussels'] },
    ];
    stack = await startStack({ env: { HAVEN_CENTRES: JSON.stringify(centres) } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const buttons = (message: { reply_markup?: unknown }) =>
    ((message.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();
  const tapped = new Set<number>();
  async function tap(chatId: number, choice: string) {
    const message = await eventually(() =>
      stack.telegram
        .sentTo(chatId)
        .filter(
          (m) => !tapped.has(m.message_id) && buttons(m).some((b) => b.callback_data.endsWith(`:${choice}`)),
        )
        .at(-1),
    );
    tapped.add(message.message_id);
    const button = buttons(message).find((b) => b.callback_data.endsWith(`:${choice}`))!;
    await stack.telegram.sendFromPerson({
      chatId,
      callbackData: button.callback_data,
      callbackMessageId: message.message_id,
    });
  }

  it('moves a case to the Flanders centre’s channel once the person says Flanders, and carries on there', async () => {
    await stack.telegram.sendFromPerson({ chatId: 6001, text: 'hello', languageCode: 'en' });
    await tap(6001, 'self');
    await tap(6001, 'yes');
    await tap(6001, 'no');
    // Skip the questions until the region question comes.
    for (let step = 0; step < 20; step++) {
      const next = await eventually(() =>
        stack.telegram
          .sentTo(6001)
          .filter(
            (m) => !tapped.has(m.message_id) && buttons(m).some((b) => b.callback_data.endsWith(':_skip')),
          )
          .at(-1),
      );
      if (buttons(next).some((b) => b.callback_data.endsWith(':flanders'))) break;
      await tap(6001, '_skip');
    }
    await tap(6001, 'flanders');
    const card = await eventually(() =>
      stack.slack.messages(FLANDERS).find((m) => !m.thread_ts || m.thread_ts === m.ts),
    );
    expect(card.text).toContain('Case 0001');
    await eventually(() =>
      stack.slack.thread(FLANDERS, card.ts).some((m) => (m.text ?? '').includes('routed to Payoke')),
    );
    await stack.telegram.sendFromPerson({ chatId: 6001, text: 'I am in Ghent' });
    await eventually(() =>
      stack.slack.thread(FLANDERS, card.ts).some((m) => (m.text ?? '').includes('I am in Ghent')),
    );
    // A caseworker of that centre answers in the new thread, and the person gets it.
    await stack.slack.postAsUser({
      channel: FLANDERS,
      threadTs: card.ts,
      user: 'U0GENT',
      text: 'We are close by.',
    });
    await eventually(() => stack.telegram.sentTo(6001).some((m) => m.text === 'We are close by.'));
    // The default inbox keeps the beginning of the conversation.
    expect(stack.slack.messages(INBOX).length).toBeGreaterThan(0);
  });
});
