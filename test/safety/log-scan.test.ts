import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTexts } from '../../src/i18n/texts.js';
import { createLogger } from '../../src/log.js';
import {
  eventually,
  INBOX,
  SIGNING_SECRET,
  SLACK_TOKEN,
  type Stack,
  startStack,
  TELEGRAM_TOKEN,
  WEBHOOK_SECRET,
} from '../support/stack.js';

/** End-to-end waits get time to spare: these suites run beside others on a busy machine. */
const patiently = <T>(check: () => T | Promise<T>) => eventually(check, 10_000);

/**
 * A whole conversation through the real Haven at the most talkative log level, and then a search of
 * every log line for what the person and the caseworker wrote, who the person is, and the credentials.
 */

const CHAT = 918_273_645;
const CASEWORKER = 'U0CASEWORKER';
const HAVEN = 'U0HAVENBOT';
const PERSON = {
  firstName: 'Zamfira',
  lastName: 'Quillfeather',
  username: 'zq_hidden_77',
};
const WORDS = {
  held: 'Aubergine tractor warehouse',
  story: 'Periwinkle scaffolding passport',
  phoneText: '+32 470 12 34 56',
  phoneContact: '+32470123456',
  reply: 'Marigold lighthouse appointment',
  note: 'Tangerine ledger remark',
};

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

describe('what Haven writes to its log', () => {
  let stack: Stack;
  const lines: string[] = [];

  beforeEach(async () => {
    lines.length = 0;
    stack = await startStack({
      env: { HAVEN_CONSENT: 'required', HAVEN_REPLY_MODE: 'explicit', LOG_LEVEL: 'trace' },
      logger: createLogger('trace', { write: (line: string) => void lines.push(line) }),
    });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const sent = () => stack.telegram.sentTo(CHAT);
  async function tap(choice: string) {
    const [message, button] = await patiently(() => {
      for (const candidate of sent().toReversed()) {
        const found = ((candidate.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [])
          .flat()
          .find((b) => b.callback_data.endsWith(`:${choice}`));
        if (found) return [candidate, found] as const;
      }
      return undefined;
    });
    await stack.telegram.sendFromPerson({
      chatId: CHAT,
      callbackData: button.callback_data,
      callbackMessageId: message.message_id,
    });
  }

  it('holds none of the person’s words, name, username or phone number, nor any token or secret', async () => {
    await stack.telegram.sendFromPerson({ chatId: CHAT, text: 'hello', languageCode: 'en', ...PERSON });
    await stack.telegram.sendFromPerson({ chatId: CHAT, text: WORDS.held });
    await tap('agree');
    await stack.telegram.sendFromPerson({ chatId: CHAT, text: `${WORDS.story}, call ${WORDS.phoneText}` });
    // A shared contact card: Telegram puts the number and the name in it.
    await stack.telegram.deliver({
      update_id: 99_000_001,
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CHAT, type: 'private', first_name: PERSON.firstName, username: PERSON.username },
        from: { id: CHAT, is_bot: false, first_name: PERSON.firstName, username: PERSON.username },
        contact: { phone_number: WORDS.phoneContact, first_name: PERSON.firstName, user_id: CHAT },
      },
    });

    const card = await patiently(() => stack.slack.messages(INBOX)[0]);
    const thread = () => stack.slack.thread(INBOX, card.ts).map((m) => JSON.stringify(m));
    await patiently(() => thread().some((m) => m.includes('Periwinkle')));

    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card.ts,
      user: CASEWORKER,
      text: `<@${HAVEN}> ${WORDS.reply}`,
    });
    await stack.slack.postAsUser({ channel: INBOX, threadTs: card.ts, user: CASEWORKER, text: WORDS.note });
    await patiently(() => sent().find((m) => m.text === WORDS.reply));

    // The reply assigned the case to its author; marking it urgent is one more kind of click.
    await patiently(() => JSON.stringify(stack.slack.messages(INBOX)[0]?.blocks).includes('case:urgent'));
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:urgent',
      user: CASEWORKER,
    });
    await stack.slack.pressButton({ channel: INBOX, messageTs: card.ts, actionId: 'case:close' });
    const modal = (await patiently(() => stack.slack.openedViews()[0])) as { id: string };
    await stack.slack.submitView({
      viewId: modal.id,
      user: CASEWORKER,
      values: { goodbye: { goodbye: { type: 'checkboxes', selected_options: [{ value: 'send' }] } } },
    });
    const goodbye = createTexts().t('en', 'common:goodbye');
    await patiently(() => sent().find((m) => m.text === goodbye));
    await stack.telegram.sendFromPerson({ chatId: CHAT, text: '/mydata' });
    await patiently(() => sent().length > 0 && lines.some((line) => line.includes('"command"')));
    await stack.restart();

    // The log did record the conversation, in detail: otherwise finding nothing would prove nothing.
    const log = lines.join('');
    for (const expected of ['person action stored', 'caseworker message stored', 'case action stored']) {
      expect(log).toContain(expected);
    }
    expect(lines.filter((line) => line.includes('"level":20')).length).toBeGreaterThan(5);

    const forbidden = [
      ...Object.values(PERSON),
      'Aubergine',
      'Periwinkle',
      'Marigold',
      'Tangerine',
      '470 12 34 56',
      '470123456',
      String(CHAT),
      TELEGRAM_TOKEN,
      TELEGRAM_TOKEN.split(':')[1]!,
      WEBHOOK_SECRET,
      SLACK_TOKEN,
      SIGNING_SECRET,
    ];
    const found = forbidden.filter((secret) => log.toLowerCase().includes(secret.toLowerCase()));
    expect(found).toEqual([]);
  }, 30_000);
});
