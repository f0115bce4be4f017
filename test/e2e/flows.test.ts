import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTexts } from '../../src/i18n/texts.js';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

const localeTexts = createTexts();

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

/** Scripted conversations through the public HTTP contract: Telegram updates in, Slack and Telegram calls out. */
describe('conversation flows', () => {
  let stack: Stack;
  beforeEach(async () => {
    // As .env.example sets up a new installation: the privacy notice first, replies sent on purpose.
    stack = await startStack({ env: { HAVEN_CONSENT: 'required', HAVEN_REPLY_MODE: 'explicit' } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const sent = (chatId: number) => stack.telegram.sentTo(chatId);
  const texts = (chatId: number) => sent(chatId).map((message) => message.text ?? '');
  /** A message's buttons, without the quick-exit button every message from Haven carries. */
  const buttonsOf = (message: { reply_markup?: unknown }) =>
    ((message.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [])
      .flat()
      .filter((button) => button.callback_data !== 'x');
  const threadTexts = () => {
    const parent = stack.slack.messages(INBOX).find((m) => !m.thread_ts || m.thread_ts === m.ts);
    return parent ? stack.slack.thread(INBOX, parent.ts).map((m) => m.text ?? '') : [];
  };
  const toasts = () =>
    stack.telegram.calls
      .filter((call) => call.method === 'answerCallbackQuery')
      .map((call) => String(call.payload.text ?? ''));

  /** Waits for a message with buttons whose count of such messages exceeds `after`, and returns it. */
  async function question(chatId: number, after: number) {
    return eventually(() => {
      const withButtons = sent(chatId).filter((message) => buttonsOf(message).length > 0);
      return withButtons.length > after ? withButtons[withButtons.length - 1] : undefined;
    });
  }

  const lastTapped = new Map<number, number>();

  /**
   * Taps the button whose callback data ends in `:choice`, on the newest question that offers it and was not
   * tapped before (waiting for it to arrive).
   */
  async function tap(chatId: number, choice: string) {
    const current = await eventually(() => {
      const latest = sent(chatId)
        .filter((message) => buttonsOf(message).length > 0)
        .at(-1);
      if (!latest || latest.message_id === lastTapped.get(chatId)) return undefined;
      return buttonsOf(latest).some((button) => button.callback_data.endsWith(`:${choice}`))
        ? latest
        : undefined;
    });
    const button = buttonsOf(current).find((candidate) => candidate.callback_data.endsWith(`:${choice}`))!;
    lastTapped.set(chatId, current.message_id);
    await stack.telegram.sendFromPerson({
      chatId,
      callbackData: button.callback_data,
      callbackMessageId: current.message_id,
    });
    return button;
  }

  /** A new person says hello, agrees to the privacy notice, and gets the welcome menu. */
  async function start(chatId: number, languageCode = 'en') {
    await stack.telegram.sendFromPerson({ chatId, text: 'hello', languageCode });
    await tap(chatId, 'agree');
    return eventually(() =>
      sent(chatId)
        .filter((message) => buttonsOf(message).some((button) => button.callback_data.endsWith(':self')))
        .at(-1),
    );
  }

  it('welcomes a new person warmly and offers five ways in, one tap each', async () => {
    const menu = await start(1001);
    expect(texts(1001).some((text) => /cup of coffee or tea/.test(text))).toBe(true);
    expect(buttonsOf(menu).map((button) => button.text)).toEqual([
      'I need help for myself',
      'Worried about someone',
      'I have a question',
      'Talk to a person now',
      'Emergency',
    ]);
    for (const button of buttonsOf(menu))
      expect(new TextEncoder().encode(button.callback_data).length).toBeLessThanOrEqual(64);
    expect(stack.telegram.violations).toEqual([]);
  });

  it('runs the screening with every question skipped, then summarises it for the caseworkers', async () => {
    await start(1002);
    await tap(1002, 'self');
    await tap(1002, 'yes'); // safe to chat
    await tap(1002, 'no'); // no danger right now
    // Skip every question until the flow ends and its summary reaches the thread.
    for (let asked = 0; asked < 25; asked++) {
      const next = await eventually(() => {
        if (threadTexts().some((text) => text.includes('Summary of the screening'))) return 'done';
        const latest = sent(1002)
          .filter((message) => buttonsOf(message).some((button) => button.callback_data.endsWith(':_skip')))
          .at(-1);
        return latest && latest.message_id > (lastTapped.get(1002) ?? 0) ? 'ask' : undefined;
      });
      if (next === 'done') break;
      await tap(1002, '_skip');
    }
    const summary = await eventually(() =>
      threadTexts().find((text) => text.includes('Summary of the screening')),
    );
    // Only the two safety questions were answered, and neither points to an indicator.
    expect(summary).toContain('Triage: low');
    expect(summary).toContain('Answered 2 of');
    expect(summary).toContain('never decides whether someone is a victim');
    await eventually(() => threadTexts().some((text) => text.includes('finished the questions')));
  });

  it('records answers as data and triages them: deception, coercion and kept wages rank high', async () => {
    await start(1003);
    await tap(1003, 'self');
    await tap(1003, 'yes');
    await tap(1003, 'no');
    await tap(1003, 'yes'); // deceived
    await tap(1003, 'yes'); // made to do things
    await tap(1003, 'work');
    await tap(1003, 'kept'); // wages kept by someone else
    await tap(1003, '_stop');
    const summary = await eventually(() =>
      threadTexts().find((text) => text.includes('Summary of the screening')),
    );
    expect(summary).toContain('Triage: high');
    expect(summary).toMatch(/Indicators: deception, coercion, wages withheld/);
    expect(summary).toContain('labour exploitation');
    await eventually(() => threadTexts().some((text) => text.includes('stopped the questions')));
    // Each answer shows in the thread in English as it happens.
    await eventually(() => threadTexts().some((text) => /tapped: Yes$/.test(text)));
  });

  it('takes free text mid-flow as the answer, relays the words, and moves on', async () => {
    await start(1004);
    await tap(1004, 'self');
    await tap(1004, 'yes');
    await tap(1004, 'no');
    const asked = sent(1004).filter((message) => buttonsOf(message).length > 0).length;
    await stack.telegram.sendFromPerson({ chatId: 1004, text: 'they promised a job in a restaurant' });
    await question(1004, asked); // the next question came
    await eventually(() =>
      threadTexts().some((text) => text.includes('they promised a job in a restaurant')),
    );
  });

  it('answers a stale button politely and changes nothing', async () => {
    const menu = await start(1005);
    await tap(1005, 'self');
    // The privacy notice and the welcome menu came first; wait for the screening's first question.
    await question(1005, 2);
    const count = sent(1005).length;
    // The welcome menu's button again: that question is closed.
    const old = buttonsOf(menu).find((button) => button.callback_data.endsWith(':other'))!;
    await stack.telegram.sendFromPerson({
      chatId: 1005,
      callbackData: old.callback_data,
      callbackMessageId: menu.message_id,
    });
    await settle();
    expect(sent(1005)).toHaveLength(count);
    expect(toasts()).toContain('That question is closed. You can write to us in your own words at any time.');
  });

  it('/human mid-screening hands over at once, with what was answered so far', async () => {
    await start(1006);
    await tap(1006, 'self');
    await tap(1006, 'yes');
    await tap(1006, 'no');
    await tap(1006, 'yes');
    await stack.telegram.sendFromPerson({ chatId: 1006, text: '/human' });
    await eventually(() => texts(1006).some((text) => text.startsWith('Of course. A person from our team')));
    await eventually(() => threadTexts().some((text) => text.includes('asked to talk to a person')));
    expect(threadTexts().some((text) => text.includes('Summary of the screening'))).toBe(true);
  });

  it('pauses the flow once a caseworker replies: buttons no longer run it, words still reach the thread', async () => {
    const menu = await start(1007);
    await tap(1007, 'self');
    const next = await question(1007, 1);
    const parent = await eventually(() =>
      stack.slack.messages(INBOX).find((m) => !m.thread_ts || m.thread_ts === m.ts),
    );
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CW',
      // Replies are sent on purpose: they start by mentioning Haven.
      text: '<@U0HAVENBOT> Hello, I am Anna.',
    });
    await eventually(() => texts(1007).includes('Hello, I am Anna.'));
    const count = sent(1007).length;
    const button = buttonsOf(next)[0]!;
    await stack.telegram.sendFromPerson({
      chatId: 1007,
      callbackData: button.callback_data,
      callbackMessageId: next.message_id,
    });
    await stack.telegram.sendFromPerson({ chatId: 1007, text: 'thank you Anna' });
    await eventually(() => threadTexts().some((text) => text.includes('thank you Anna')));
    await settle();
    expect(sent(1007)).toHaveLength(count);
    expect(toasts()).toContain('A person from our team is with you. Just write here; they will answer you.');
    expect(menu).toBeDefined();
  });

  it('continues a flow after a restart where it left off', async () => {
    await start(1008);
    await tap(1008, 'self');
    await question(1008, 1);
    await stack.restart();
    await tap(1008, 'yes');
    await eventually(() =>
      texts(1008).some((text) => text === 'Are you or someone else in danger right now?'),
    );
  });

  it('gives the emergency numbers in two taps and alerts the channel once', async () => {
    await start(1009);
    await tap(1009, 'emergency');
    const numbers = await eventually(() => texts(1009).find((text) => text.includes('112')));
    expect(numbers).toContain('101');
    expect(numbers).toContain('+32 3 201 16 90');
    const alert = await eventually(() => threadTexts().find((text) => text.startsWith('<!here>')));
    expect(alert).toContain('Urgent');
    await stack.telegram.sendFromPerson({ chatId: 1009, text: 'please help, danger' });
    await eventually(() => threadTexts().some((text) => text.includes('please help, danger')));
    await settle();
    expect(threadTexts().filter((text) => text.startsWith('<!here>'))).toHaveLength(1);
  });

  it('gives the emergency numbers at once when a person writes an emergency word', async () => {
    await start(1010);
    await stack.telegram.sendFromPerson({ chatId: 1010, text: 'I am in DANGER!' });
    await eventually(() => texts(1010).some((text) => text.includes('112')));
    await eventually(() => threadTexts().some((text) => text.startsWith('<!here>')));
  });

  it('lets a person whose language is unknown confirm or pick one, then welcomes them in it', async () => {
    await stack.telegram.sendFromPerson({ chatId: 1011, text: 'hi' });
    const confirm = await question(1011, 0);
    expect(confirm.text).toBe('Shall we continue in English?');
    await tap(1011, '*');
    const picker = await question(1011, 1);
    expect(buttonsOf(picker).map((button) => button.text)).toContain('Nederlands');
    await tap(1011, 'nl');
    // The privacy notice comes in the chosen language, then the welcome.
    await tap(1011, 'agree');
    await eventually(() => texts(1011).some((text) => text.startsWith('Hallo, welkom')));
    await eventually(() => threadTexts().some((text) => text.includes('chose the language nl')));
  });

  it.each(['ro', 'ar', 'vi', 'zh'])(
    'welcomes a person whose Telegram speaks %s in that language',
    async (language) => {
      const chatId = 1100 + ['ro', 'ar', 'vi', 'zh'].indexOf(language);
      await stack.telegram.sendFromPerson({ chatId, text: 'hello', languageCode: language });
      await tap(chatId, 'agree');
      const hello = localeTexts.t(language, 'welcome:hello.text');
      await eventually(() => texts(chatId).some((text) => text === hello));
      // Even the privacy notice came in the person's language, never English first.
      expect(texts(chatId)[0]).toBe(localeTexts.t(language, 'common:consent.notice', { days: 180 }));
    },
  );

  it('offers Bulgarian, in Bulgarian, to a person without a Telegram language who writes in Bulgarian', async () => {
    await stack.telegram.sendFromPerson({
      chatId: 1014,
      text: 'Здравейте, шефът ми взе паспорта и не ми плаща',
    });
    const confirm = await question(1014, 0);
    expect(confirm.text).toContain('Български');
    const keep = buttonsOf(confirm)[0]!;
    expect(keep.callback_data).toMatch(/:bg$/);
    await eventually(() => threadTexts().some((text) => text.includes('guessed the language bg')));
  });

  it('/language switches mid-flow and asks the same question again in the new language', async () => {
    await start(1012);
    await tap(1012, 'self');
    await question(1012, 1);
    await stack.telegram.sendFromPerson({ chatId: 1012, text: '/language' });
    await question(1012, 2);
    await tap(1012, 'nl');
    const again = await question(1012, 3);
    expect(buttonsOf(again).length).toBeGreaterThan(0);
    expect(again.text).not.toBe(texts(1012).find((text) => text.startsWith('Before we start')));
    // The question came again, now in Dutch, and its buttons work.
    await tap(1012, 'yes');
    await eventually(() => texts(1012).some((text) => /gevaar/.test(text)));
  });

  it('/start restarts the welcome and /help opens the information', async () => {
    await start(1013);
    await stack.telegram.sendFromPerson({ chatId: 1013, text: '/help' });
    await question(1013, 1);
    await tap(1013, 'reach');
    await eventually(() => texts(1013).some((text) => text.includes('078 055 800')));
    const before = sent(1013).filter((message) =>
      buttonsOf(message).some((b) => b.callback_data.endsWith(':self')),
    ).length;
    await stack.telegram.sendFromPerson({ chatId: 1013, text: '/start' });
    await eventually(
      () =>
        sent(1013).filter((message) => buttonsOf(message).some((b) => b.callback_data.endsWith(':self')))
          .length > before,
    );
  });
});
