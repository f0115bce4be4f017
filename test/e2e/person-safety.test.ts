import { afterEach, describe, expect, it } from 'vitest';
import { caseCards, eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

/** The person's own safety controls, through the HTTP contract: quick exit, silent mode, consent, erasure. */
describe('safety controls of the person', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  const parents = () => caseCards(stack);
  const threadTexts = () =>
    parents().flatMap((p) => stack.slack.thread(INBOX, p.ts).map((m) => m.text ?? ''));
  const buttons = (message: { reply_markup?: unknown }) =>
    ((message.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();
  const toasts = () =>
    stack.telegram.calls
      .filter((call) => call.method === 'answerCallbackQuery')
      .map((call) => String(call.payload.text ?? ''));

  async function tap(chatId: number, choice: string) {
    const message = await eventually(() =>
      stack.telegram
        .sentTo(chatId)
        .filter((m) =>
          buttons(m).some((b) => b.callback_data === choice || b.callback_data.endsWith(`:${choice}`)),
        )
        .at(-1),
    );
    const button = buttons(message).find(
      (b) => b.callback_data === choice || b.callback_data.endsWith(`:${choice}`),
    )!;
    await stack.telegram.sendFromPerson({
      chatId,
      callbackData: button.callback_data,
      callbackMessageId: message.message_id,
    });
  }

  it('quick exit deletes the whole chat on the phone, both sides, and tells the team', async () => {
    stack = await startStack();
    await stack.telegram.sendFromPerson({ chatId: 7001, text: 'they watch my phone', languageCode: 'en' });
    await eventually(() => stack.telegram.sentTo(7001).length >= 2);
    // Every message from Haven carries the Exit button.
    expect(stack.telegram.sentTo(7001).every((m) => buttons(m).some((b) => b.callback_data === 'x'))).toBe(
      true,
    );
    await tap(7001, 'x');
    await eventually(() => stack.telegram.sentTo(7001).every((m) => m.deleted));
    const deletions = stack.telegram.calls.filter(
      (c) => c.method === 'deleteMessages' || c.method === 'deleteMessage',
    );
    // The person's own message went too (Telegram lets a bot delete both sides in a private chat).
    expect(JSON.stringify(deletions.map((c) => c.payload))).toContain('"message_ids"');
    expect(toasts()).toContain('Deleted.');
    await eventually(() => threadTexts().some((text) => text.includes('used quick exit')));
  });

  it('/exit works as a command too, and deletes the /exit message itself', async () => {
    stack = await startStack();
    await stack.telegram.sendFromPerson({ chatId: 7002, text: 'hello', languageCode: 'en' });
    await eventually(() => stack.telegram.sentTo(7002).length >= 2);
    await stack.telegram.sendFromPerson({ chatId: 7002, text: '/exit' });
    await eventually(() => stack.telegram.sentTo(7002).every((m) => m.deleted));
    const ids = stack.telegram.calls
      .filter((c) => c.method === 'deleteMessages')
      .flatMap((c) => (c.payload.message_ids as number[]) ?? []);
    expect(ids.length).toBeGreaterThanOrEqual(4); // hello, two from Haven, and /exit
  });

  it('silent mode: no sound, and a neutral first line on every message', async () => {
    stack = await startStack();
    await stack.telegram.sendFromPerson({ chatId: 7003, text: 'hello', languageCode: 'en' });
    await stack.telegram.sendFromPerson({ chatId: 7003, text: '/silent' });
    await eventually(() => stack.telegram.sentTo(7003).some((m) => m.text?.includes('Silent mode is on')));
    const parent = await eventually(() => parents()[0]);
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CW',
      text: 'Are you safe?',
    });
    const reply = await eventually(() =>
      stack.telegram.sentTo(7003).find((m) => m.text?.endsWith('Are you safe?')),
    );
    expect(reply.text).toBe('Hi\n\nAre you safe?');
    expect(reply.disable_notification).toBe(true);
    expect(reply.protect_content).toBe(true);
  });

  it('holds messages until the person agrees to the privacy notice, and relays them then', async () => {
    stack = await startStack({ env: { HAVEN_CONSENT: 'required' } });
    await stack.telegram.sendFromPerson({ chatId: 7004, text: 'first words', languageCode: 'en' });
    await stack.telegram.sendFromPerson({ chatId: 7004, text: 'second words' });
    await eventually(() =>
      stack.telegram.sentTo(7004).some((m) => m.text?.startsWith('Your message is safe with us')),
    );
    await eventually(() => threadTexts().some((text) => text.includes('first words')));
    await settle();
    expect(threadTexts().some((text) => text.includes('second words'))).toBe(false);
    await tap(7004, 'agree');
    await eventually(() => threadTexts().some((text) => text.includes('second words')));
    await eventually(() =>
      stack.telegram.sentTo(7004).some((m) => m.text?.startsWith('Two tips to keep this chat private')),
    );
  });

  it('deletes what it held when the person declines, and says how else to reach the centre', async () => {
    stack = await startStack({ env: { HAVEN_CONSENT: 'required' } });
    await stack.telegram.sendFromPerson({ chatId: 7005, text: 'first', languageCode: 'en' });
    await stack.telegram.sendFromPerson({ chatId: 7005, text: 'kept back words' });
    await tap(7005, 'decline');
    const declined = await eventually(() =>
      stack.telegram.sentTo(7005).find((m) => m.text?.startsWith('That is OK')),
    );
    expect(declined.text).toContain('+32 3 201 16 90');
    await eventually(() => threadTexts().some((text) => text.includes('declined the privacy notice')));
    await settle();
    expect(threadTexts().some((text) => text.includes('kept back words'))).toBe(false);
  });

  it('relays held messages at once when the person may be in danger', async () => {
    stack = await startStack({ env: { HAVEN_CONSENT: 'required' } });
    await stack.telegram.sendFromPerson({ chatId: 7006, text: 'hi', languageCode: 'en' });
    await stack.telegram.sendFromPerson({ chatId: 7006, text: 'he locked the door' });
    await stack.telegram.sendFromPerson({ chatId: 7006, text: 'I am in danger' });
    await eventually(() => threadTexts().some((text) => text.includes('he locked the door')));
    await eventually(() => threadTexts().some((text) => text.includes('vital interest')));
    await eventually(() => stack.telegram.sentTo(7006).some((m) => m.text?.includes('112')));
  });

  it('/forget erases the case after a confirmation and leaves only a tombstone in Slack', async () => {
    stack = await startStack();
    await stack.telegram.sendFromPerson({ chatId: 7007, text: 'my secret story', languageCode: 'en' });
    await eventually(() => threadTexts().some((text) => text.includes('my secret story')));
    await stack.telegram.sendFromPerson({ chatId: 7007, text: '/forget' });
    await tap(7007, 'yes');
    await eventually(() => toasts().includes('Everything is erased. If you write again, we start fresh.'));
    await eventually(() => parents().some((p) => (p.text ?? '').includes("erased at the person's request")));
    // Haven's posts are deleted from Slack (the fake keeps them, marked deleted).
    await eventually(() =>
      stack.slack.messages(INBOX).every((m) => m.deleted || !(m.text ?? '').includes('my secret story')),
    );
    await stack.telegram.sendFromPerson({ chatId: 7007, text: 'hello again' });
    await eventually(() => parents().some((p) => (p.text ?? '').includes('Case 0002')));
  });

  it('/mydata says what is kept, in the person’s language', async () => {
    stack = await startStack();
    await stack.telegram.sendFromPerson({ chatId: 7008, text: 'hallo', languageCode: 'nl' });
    await stack.telegram.sendFromPerson({ chatId: 7008, text: '/mydata' });
    const answer = await eventually(() =>
      stack.telegram.sentTo(7008).find((m) => m.text?.includes('Nederlands')),
    );
    expect(answer.text).toMatch(/\d/);
  });
});
