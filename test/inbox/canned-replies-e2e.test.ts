import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTexts } from '../../src/i18n/texts.js';
import type { SlackMessage } from '../../src/sandbox/index.js';
import { caseCards, eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/**
 * Prepared information for a person, through the whole of Haven: a person on the fake Telegram, a caseworker
 * on the fake Slack choosing from the case card's menu or typing `/haven`, signed as Slack signs them.
 */

const CASEWORKER = 'U0CASEWORKER';
const STRANGER = 'U0STRANGER';
const texts = createTexts();

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { text: string }[];
  accessory?: { type: string; action_id: string; options: { value: string; text: { text: string } }[] };
}

const blocks = (message: SlackMessage) => (message.blocks ?? []) as Block[];
/** What a thread message shows in its plain_text sections (where Haven puts the words it relays). */
const shown = (message: SlackMessage) =>
  blocks(message)
    .filter((block) => block.type === 'section' && block.text?.type === 'plain_text')
    .map((block) => block.text?.text)
    .join('');
const fieldOf = (message: SlackMessage, label: string) =>
  blocks(message)
    .flatMap((block) => block.fields ?? [])
    .find((field) => field.text.startsWith(`*${label}*\n`))
    ?.text.split('\n')
    .slice(1)
    .join('\n');

describe('canned replies: prepared information in the person’s language', () => {
  let stack: Stack;

  beforeEach(async () => {
    stack = await startStack({ env: { SLACK_CASEWORKERS: CASEWORKER } });
  });
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  const parents = () => caseCards(stack);
  const cardOf = (caseNumber: number) =>
    parents().find((m) =>
      blocks(m).some(
        (b) => b.type === 'header' && b.text?.text.includes(`Case ${String(caseNumber).padStart(4, '0')}`),
      ),
    );
  const threadOf = (card: SlackMessage) => stack.slack.thread(INBOX, card.ts).slice(1);
  const sentTo = (chatId: number) => stack.telegram.sentTo(chatId).map((message) => message.text ?? '');

  /** A person writes in `language`; resolves once the case card is in Slack and Haven greeted them. */
  async function personWrites(chatId: number, text: string, language: string, caseNumber: number) {
    await stack.telegram.sendFromPerson({ chatId, text, languageCode: language });
    const card = await eventually(() => cardOf(caseNumber));
    await eventually(() => stack.telegram.sentTo(chatId).length >= 1);
    return card;
  }

  const choose = (card: SlackMessage, value: string, user = CASEWORKER) =>
    stack.slack.chooseOverflowOption({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'canned:send',
      value,
      user,
    });
  const slash = async (text: string, user = CASEWORKER) => {
    const answer = await stack.slack.sendSlashCommand({ command: '/haven', text, user });
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body) as { response_type: string; text: string; blocks?: unknown[] };
  };

  it('offers every canned reply on the card, labelled for caseworkers', async () => {
    const card = await personWrites(5101, 'Bună, am nevoie de ajutor', 'ro', 1);
    const menu = blocks(card).find((block) => block.accessory?.type === 'overflow');
    expect(menu?.text?.text).toBe('📋 Send information to the person, in their language');
    expect(menu?.accessory?.options.map((option) => [option.value, option.text.text])).toEqual([
      ['address', 'Address and opening hours'],
      ['services', 'What the centre offers'],
      ['reflection', 'Reflection period (45 days)'],
      ['police', 'Police and emergency numbers'],
      ['reassurance', 'You are not in trouble'],
    ]);
  });

  it('sends the reflection period chosen on a Romanian case’s card in Romanian, and shows the English in the thread', async () => {
    const card = await personWrites(5102, 'Bună, am nevoie de ajutor', 'ro', 1);
    expect((await choose(card, 'reflection')).status).toBe(200);

    const romanian = texts.t('ro', 'canned:reflection');
    expect(romanian).toContain('45 de zile');
    await eventually(() => sentTo(5102).includes(romanian));
    const english = `📋 Sent: Reflection period (45 days) — ${texts.t('en', 'canned:reflection')}`;
    const posted = await eventually(() => threadOf(card).find((message) => shown(message) === english));
    expect(threadOf(card).some((message) => shown(message).includes('45 de zile'))).toBe(false);
    // Marked ✅ once it reached the phone, like a typed reply.
    await eventually(() =>
      stack.slack
        .messages(INBOX)
        .find((m) => m.ts === posted.ts)
        ?.reactions.includes('white_check_mark'),
    );

    // A caseworker answered: the case waits for the person, with the caseworker who sent it as assignee.
    await eventually(() => fieldOf(cardOf(1)!, 'Status') === 'waiting for the person');
    expect(fieldOf(cardOf(1)!, 'Assigned to')).toBe(`<@${CASEWORKER}>`);
    const database = new Database(stack.databasePath, { readonly: true });
    try {
      const events = database.prepare('SELECT actor, action FROM case_events').all();
      expect(events).toContainEqual({ actor: CASEWORKER, action: 'canned:reflection' });
    } finally {
      database.close();
    }
  });

  it('fills in the centre’s address and number, in the person’s language', async () => {
    const card = await personWrites(5103, 'Bună, am nevoie de ajutor', 'ro', 1);
    await choose(card, 'address');
    const message = await eventually(() => sentTo(5103).find((text) => text.includes('Leguit 4')));
    expect(message).toBe(
      [
        'Payoke se află la această adresă: Leguit 4, 2000 Antwerpen',
        'Telefon: +32 3 201 16 90',
        texts.t('ro', 'canned:address.callFirst'),
      ].join('\n'),
    );
  });

  it('/haven send 1 reflection does the same from anywhere, and tells only the caseworker', async () => {
    const card = await personWrites(5104, 'Bună, am nevoie de ajutor', 'ro', 1);
    const answer = await slash('send 1 reflection');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('Sent to Case 0001');
    expect(answer.text).toContain(`https://slack.com/archives/${INBOX}/p${card.ts.replace('.', '')}`);

    await eventually(() => sentTo(5104).includes(texts.t('ro', 'canned:reflection')));
    const english = `📋 Sent: Reflection period (45 days) — ${texts.t('en', 'canned:reflection')}`;
    await eventually(() => threadOf(card).some((message) => shown(message) === english));
  });

  it('/haven cases lists the open cases with links to their threads, and not the closed ones', async () => {
    const open = await personWrites(5105, 'Bună, am nevoie de ajutor', 'ro', 1);
    const closing = await personWrites(5106, 'Hello, I need some advice', 'en', 2);
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: closing.ts,
      actionId: 'case:close',
      user: CASEWORKER,
    });
    const modal = (await eventually(() => stack.slack.openedViews()[0])) as { id: string };
    await stack.slack.submitView({ viewId: modal.id, user: CASEWORKER, values: {} });
    await eventually(() => fieldOf(cardOf(2)!, 'Status') === 'closed');
    // A closed case's card offers Reopen only: no menu to send from.
    expect(blocks(cardOf(2)!).some((block) => block.accessory?.type === 'overflow')).toBe(false);

    const answer = await slash('cases');
    expect(answer.response_type).toBe('ephemeral');
    const listed = JSON.stringify(answer.blocks);
    expect(listed).toContain('Open cases');
    expect(listed).toContain(`<https://slack.com/archives/${INBOX}/p${open.ts.replace('.', '')}|Case 0001`);
    expect(listed).not.toContain('Case 0002');
    expect(listed).not.toMatch(/ajutor|advice/);
  });

  it('sends to a closed case like a reply does: the case opens again for the person', async () => {
    const card = await personWrites(5107, 'Hello, I need some advice', 'en', 1);
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:close',
      user: CASEWORKER,
    });
    const modal = (await eventually(() => stack.slack.openedViews()[0])) as { id: string };
    await stack.slack.submitView({ viewId: modal.id, user: CASEWORKER, values: {} });
    await eventually(() => fieldOf(cardOf(1)!, 'Status') === 'closed');

    expect((await slash('send #1 police')).text).toContain('Sent to Case 0001');
    await eventually(() => sentTo(5107).some((text) => text.startsWith('In danger right now')));
    await eventually(() => fieldOf(cardOf(1)!, 'Status') === 'waiting for the person');
  });

  it('refuses someone not on the caseworker list, from the card and from /haven, and sends nothing', async () => {
    const card = await personWrites(5108, 'Bună, am nevoie de ajutor', 'ro', 1);
    await settle(); // the welcome is complete
    const before = sentTo(5108).length;

    expect((await choose(card, 'reflection', STRANGER)).status).toBe(200);
    const told = await eventually(() =>
      stack.slack.calls.find(
        (call) => call.method === 'chat.postEphemeral' && call.payload.user === STRANGER,
      ),
    );
    expect(String(told.payload.text)).toContain('Only the caseworkers on Haven');

    const answer = await slash('send 1 reflection', STRANGER);
    expect(answer.text).toContain('Only the caseworkers on Haven');
    expect((await slash('cases', STRANGER)).blocks).toBeUndefined();

    await settle();
    expect(sentTo(5108).length).toBe(before);
    expect(threadOf(card).some((message) => shown(message).startsWith('📋'))).toBe(false);
  });

  it('sends nothing to a person who said it is not safe to chat, and says so in the thread', async () => {
    const card = await personWrites(5109, 'hello', 'en', 1);
    const buttonsOf = (message: { reply_markup?: unknown }) =>
      ((message.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();
    const tap = async (choice: string) => {
      const question = await eventually(() =>
        stack.telegram
          .sentTo(5109)
          .filter((message) => buttonsOf(message).some((b) => b.callback_data.endsWith(`:${choice}`)))
          .at(-1),
      );
      const button = buttonsOf(question).find((b) => b.callback_data.endsWith(`:${choice}`))!;
      await stack.telegram.sendFromPerson({
        chatId: 5109,
        callbackData: button.callback_data,
        callbackMessageId: question.message_id,
      });
    };
    await tap('self');
    await tap('no'); // "Is it safe to chat right now?" No: Haven stays silent.
    await eventually(() => threadOf(card).some((message) => shown(message).includes('not safe to chat now')));
    await settle(); // Haven's last words before it falls silent have arrived
    const before = sentTo(5109).length;

    const answer = await slash('send 1 police');
    expect(answer.text).toContain('Not sent to Case 0001');
    await choose(cardOf(1)!, 'reassurance');
    await eventually(() =>
      threadOf(card).some((message) =>
        shown(message).startsWith('📋 Not sent: You are not in trouble. The person said it is not safe'),
      ),
    );
    await settle();
    expect(sentTo(5109).length).toBe(before);
  });

  it('answers /haven and /haven help with how to use it, and a wrong case or reply with what is possible', async () => {
    await personWrites(5110, 'hello', 'en', 1);
    for (const text of ['', 'help']) {
      const help = await slash(text);
      expect(help.response_type).toBe('ephemeral');
      // Escaped for mrkdwn, so Slack shows the angle brackets instead of reading a link.
      expect(help.text).toContain('/haven send &lt;case number&gt; &lt;information&gt;');
      expect(help.text).toContain('`reflection`');
    }
    expect((await slash('send 99 reflection')).text).toContain('There is no case 99');
    expect((await slash('send 1 weather')).text).toContain('no information called “weather”');
    expect((await slash('send reflection')).text).toContain('Give the case number and the information');
    expect((await slash('dance <!channel>')).text).toContain('Haven has no command “dance &lt;!channel&gt;”');
    await settle();
    expect(sentTo(5110).some((text) => text.includes('45'))).toBe(false);
  });
});
