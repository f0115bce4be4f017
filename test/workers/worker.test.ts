import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTexts } from '../../src/i18n/texts.js';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import { listen } from '../translation/serve.js';
import {
  BOT_SLACK_USER,
  type BuiltWorker,
  buildWorker,
  drained,
  eventually,
  type Fakes,
  freshDatabase,
  INBOX,
  type RunningWorker,
  removeBuild,
  settle,
  setUpTelegram,
  startFakes,
  startWorker,
  testVariables,
  WEBHOOK_SECRET,
} from './harness.js';

/**
 * Haven as deployed on Cloudflare Workers: the bundle wrangler would upload, in workerd, on a local D1
 * migrated by wrangler, talking to the fake Telegram and Slack over 127.0.0.1. The same relay scenarios as
 * test/e2e/relay.test.ts, through the public HTTP contract only.
 */
let built: BuiltWorker;
let fakes: Fakes;
const cannedTexts = createTexts();

beforeAll(async () => {
  [built, fakes] = await Promise.all([buildWorker(), startFakes()]);
}, 60_000);

afterAll(async () => {
  await fakes?.close();
  removeBuild(built);
});

const parents = () => fakes.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
const replies = (parentTs: string) => fakes.slack.thread(INBOX, parentTs).slice(1);
const plain = (message: { blocks?: unknown[] }) =>
  (message.blocks ?? [])
    .map((block) => (block as { type: string; text?: { type: string; text: string } }).text)
    .filter((text) => text?.type === 'plain_text')
    .map((text) => text?.text)
    .join('\n');
const postsContaining = (words: string) =>
  fakes.slack.calls.filter(
    (call) => call.method === 'chat.postMessage' && call.ok && JSON.stringify(call.payload).includes(words),
  );

describe('Haven on Workers', () => {
  let persist: string;
  let worker: RunningWorker;

  async function boot(overrides: Record<string, string> = {}) {
    worker = await startWorker(built, persist, testVariables(fakes, overrides));
    fakes.slack.eventsUrl = `${worker.url}/slack/events`;
    const setup = await setUpTelegram(worker);
    expect(setup.status).toBe(200);
  }

  /**
   * Like eventually, with a cron run between tries: it delivers what a request's own delivery budget left,
   * as it would within a minute on Cloudflare. For scenarios of several steps on a loaded machine.
   */
  const delivered = <T>(check: () => T | Promise<T>) =>
    eventually(async () => {
      await worker.cron();
      return check();
    }, 15_000);

  beforeEach(async () => {
    fakes.telegram.reset();
    fakes.slack.reset();
    persist = freshDatabase(built);
    await boot();
  });
  afterEach(async () => {
    await worker?.stop();
  });

  it('runs a flow to its end: the welcome menu, a tap, and the hand-over to a person', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 9101, text: 'hello', languageCode: 'en' });
    type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
    const menu = await eventually(() =>
      fakes.telegram
        .sentTo(9101)
        .find((m) =>
          (m.reply_markup as Keyboard | undefined)?.inline_keyboard
            .flat()
            .some((b) => b.callback_data.endsWith(':person')),
        ),
    );
    const button = (menu.reply_markup as Keyboard).inline_keyboard
      .flat()
      .find((b) => b.callback_data.endsWith(':person'))!;
    await fakes.telegram.sendFromPerson({
      chatId: 9101,
      callbackData: button.callback_data,
      callbackMessageId: menu.message_id,
    });
    await eventually(() =>
      fakes.telegram.sentTo(9101).some((m) => m.text?.startsWith('Of course. A person from our team')),
    );
    const parent = await eventually(() => parents()[0]);
    // The channel takes one post a second (the card, the person's messages, then this notice), so the
    // notice comes several seconds in, more on a busy machine.
    await eventually(
      () => replies(parent.ts).some((m) => (m.text ?? '').includes('asked to talk to a person')),
      15_000,
    );
  }, 30_000);

  it('is set up by /telegram/setup: webhook with the secret, the adapter’s update kinds, command menus', async () => {
    expect(fakes.telegram.webhook).toEqual({
      url: `${worker.url}/telegram/webhook`,
      secretToken: WEBHOOK_SECRET,
    });
    const setWebhook = fakes.telegram.calls.find((call) => call.method === 'setWebhook');
    expect(setWebhook?.payload.allowed_updates).toContain('message');
    expect(fakes.telegram.calls.some((call) => call.method === 'setMyCommands')).toBe(true);

    const wrong = await setUpTelegram(worker, 'not-the-secret');
    expect(wrong.status).toBe(401);
  });

  it('relays a person’s message into a new Slack thread without ever calling getMe', async () => {
    fakes.telegram.calls.length = 0; // the setup route's own getMe
    const { status } = await fakes.telegram.sendFromPerson({
      chatId: 501,
      text: 'Hallo, ik heb hulp nodig',
      languageCode: 'nl',
    });
    expect(status).toBe(200);

    const parent = await eventually(() => parents()[0]);
    expect(cardButtons(parent)).toContain('case:assign');
    await eventually(() => replies(parent.ts).some((m) => plain(m) === 'Hallo, ik heb hulp nodig'));
    await eventually(() => fakes.telegram.sentTo(501)[0]);
    expect(fakes.telegram.calls.filter((call) => call.method === 'getMe')).toEqual([]);
    expect(fakes.telegram.violations).toEqual([]);
    expect(fakes.slack.violations).toEqual([]);
  });

  it('delivers a caseworker’s signed thread reply to the person in Telegram', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 601, text: 'first person' });
    await fakes.telegram.sendFromPerson({ chatId: 602, text: 'second person' });
    await eventually(() => parents().length === 2);
    const threadOf = (text: string) =>
      parents().find((parent) => replies(parent.ts).some((m) => plain(m) === text));
    const first = await eventually(() => threadOf('first person'));

    const reply = await fakes.slack.postAsUser({
      channel: INBOX,
      threadTs: first.ts,
      user: 'U0CASEWORKER',
      text: 'We are here. &lt;b&gt; &amp; <https://example.org|our site>',
    });
    expect(reply.status).toBe(200);

    const received = await eventually(() =>
      fakes.telegram.sentTo(601).find((m) => m.text?.startsWith('We are here')),
    );
    expect(received.text).toBe('We are here. <b> & our site (https://example.org)');
    expect(received.parse_mode).toBeUndefined();
    await settle();
    expect(fakes.telegram.sentTo(602).filter((m) => m.text?.startsWith('We are here'))).toEqual([]);
  });

  it('posts a duplicated Telegram update once', async () => {
    const { update } = await fakes.telegram.sendFromPerson({ chatId: 901, text: 'only once' });
    const again = await fakes.telegram.deliver(update);
    expect(again.status).toBe(200);
    await eventually(() => postsContaining('only once').length === 1);
    await settle();
    expect(postsContaining('only once')).toHaveLength(1);
  });

  it('sends a retried Slack event (same event_id) to the person once', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 42, text: 'hello' });
    const parent = await eventually(() => parents()[0]);
    const body = slackEvent('sent once', parent.ts);
    expect((await fakes.slack.sendSigned(body)).status).toBe(200);
    expect((await fakes.slack.sendSigned(body, { retryNum: 1 })).status).toBe(200);
    await eventually(() => fakes.telegram.sentTo(42).some((m) => m.text === 'sent once'));
    await settle();
    expect(fakes.telegram.sentTo(42).filter((m) => m.text === 'sent once')).toHaveLength(1);
  });

  it('refuses a webhook call without the right secret (401) and stores nothing', async () => {
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'x' },
    };
    expect((await fakes.telegram.deliver(update, { secretToken: null })).status).toBe(401);
    expect((await fakes.telegram.deliver(update, { secretToken: 'wrong' })).status).toBe(401);
    await settle();
    await worker.cron();
    expect(fakes.slack.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(fakes.telegram.calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('refuses unsigned, wrongly signed and stale Slack requests with 401, and relays none of them', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 43, text: 'hello' });
    const parent = await eventually(() => parents()[0]);
    const sent = () => fakes.telegram.sentTo(43).filter((m) => /unsigned|forged|stale/.test(m.text ?? ''));

    const unsigned = await fakes.slack.sendSigned(slackEvent('unsigned', parent.ts), { signature: null });
    const forged = await fakes.slack.sendSigned(slackEvent('forged', parent.ts), {
      signature: `v0=${'0'.repeat(64)}`,
    });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await fakes.slack.sendSigned(slackEvent('stale', parent.ts), { timestamp: sixMinutesAgo });
    expect([unsigned.status, forged.status, stale.status]).toEqual([401, 401, 401]);
    await settle();
    await worker.cron();
    expect(sent()).toEqual([]);
  });

  it('answers Slack’s url_verification handshake', async () => {
    const response = await fakes.slack.sendSigned({
      type: 'url_verification',
      challenge: 'abc123',
      token: 'x',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'abc123' });
  });

  it('never relays top-level messages, other channels, bots or edits', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 44, text: 'hello' });
    const parent = await eventually(() => parents()[0]);
    await fakes.slack.postAsUser({ channel: INBOX, text: 'top level' });
    await fakes.slack.sendSigned(slackEvent('other channel', parent.ts, { channel: 'C0OTHER' }));
    await fakes.slack.sendSigned(
      slackEvent('a bot', parent.ts, { bot_id: 'B0BOT', subtype: 'bot_message', user: undefined }),
    );
    await fakes.slack.sendSigned(slackEvent('an edit', parent.ts, { subtype: 'message_changed' }));
    await fakes.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, text: 'haven itself', botId: 'B0H' });
    await settle();
    const relayed = () =>
      fakes.telegram
        .sentTo(44)
        .map((m) => m.text)
        .filter((text) =>
          /top level|other channel|a bot|an edit|haven itself|the real reply/.test(text ?? ''),
        );
    expect(relayed()).toEqual([]);

    await fakes.slack.sendSigned(slackEvent('the real reply', parent.ts));
    await eventually(() => relayed().length === 1);
    expect(relayed()).toEqual(['the real reply']);
  });

  it('keeps every mapping in D1 across a new Worker instance', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 801, text: 'before restart' });
    const parent = await eventually(() => parents()[0]);
    await eventually(() => replies(parent.ts).some((m) => plain(m) === 'before restart'));
    const firstPrompt = await eventually(() => fakes.telegram.sentTo(801)[0]);
    await drained(fakes);

    await worker.stop();
    await boot();
    await fakes.telegram.sendFromPerson({ chatId: 801, text: 'after restart' });
    await eventually(() => replies(parent.ts).some((m) => plain(m) === 'after restart'));
    expect(parents()).toHaveLength(1);

    await fakes.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, user: 'U0CW', text: 'still here' });
    await eventually(() => fakes.telegram.sentTo(801).find((m) => m.text === 'still here'));
    // The new instance did not take the person for a newcomer.
    expect(fakes.telegram.sentTo(801).filter((m) => m.text === firstPrompt.text)).toHaveLength(1);
  });

  it('leaves a failed Slack post to the cron, which delivers it once the backoff has passed', async () => {
    fakes.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    await fakes.telegram.sendFromPerson({ chatId: 1001, text: 'during an outage' });
    await eventually(() => fakes.slack.calls.some((call) => call.method === 'chat.postMessage' && !call.ok));
    // The person is answered meanwhile: the Telegram lane does not wait for Slack.
    await eventually(() => fakes.telegram.sentTo(1001)[0]);
    await settle(1_200);
    expect(parents()).toEqual([]);

    await worker.cron();
    const parent = await eventually(() => parents()[0]);
    await eventually(() => replies(parent.ts).some((m) => plain(m) === 'during an outage'));
    expect(postsContaining('during an outage')).toHaveLength(1);
  });

  it('delivers no more than its budget per invocation and leaves the rest to the cron', async () => {
    await worker.stop();
    await boot({ OUTBOX_DELIVERIES_PER_INVOCATION: '1' });
    await fakes.telegram.sendFromPerson({ chatId: 1101, text: 'one at a time' });
    await eventually(() => fakes.slack.calls.some((call) => call.method === 'chat.postMessage'));
    await settle();
    const deliveredBeforeCron = deliveries();
    expect(deliveredBeforeCron).toBe(1);

    await worker.cron();
    await eventually(() => deliveries() === deliveredBeforeCron + 1);
    await settle();
    expect(deliveries()).toBe(deliveredBeforeCron + 1);
  });

  it('in explicit reply mode sends only what begins with @Haven, without the mention', async () => {
    await worker.stop();
    await boot({ HAVEN_REPLY_MODE: 'explicit' });
    await fakes.telegram.sendFromPerson({ chatId: 1301, text: 'hello' });
    const parent = await eventually(() => parents()[0]);
    const thread = { channel: INBOX, threadTs: parent.ts, user: 'U0CW' };
    await fakes.slack.postAsUser({ ...thread, text: 'shall we call her?' });
    await fakes.slack.postAsUser({ ...thread, text: `<@${BOT_SLACK_USER}> We are here for you.` });
    await eventually(() => fakes.telegram.sentTo(1301).find((m) => m.text === 'We are here for you.'));
    expect(fakes.telegram.sentTo(1301).filter((m) => m.text?.includes('shall we call her'))).toEqual([]);
  });

  it('applies a click on the case card and redraws the card', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 1401, text: 'hello' });
    const parent = await eventually(() => parents()[0]);
    const clicked = await fakes.slack.pressButton({
      channel: INBOX,
      messageTs: parent.ts,
      actionId: 'case:assign',
      user: 'U0CW',
    });
    expect(clicked.status).toBe(200);
    const card = await eventually(() =>
      cardButtons(parents()[0]!).includes('case:unassign') ? parents()[0] : undefined,
    );
    expect(card.ts).toBe(parent.ts);
    expect(fakes.slack.violations).toEqual([]);
  });

  it('closes a case through the modal that asks about a goodbye', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 1501, text: 'hello' });
    const parent = await eventually(() => parents()[0]);
    await fakes.slack.pressButton({
      channel: INBOX,
      messageTs: parent.ts,
      actionId: 'case:close',
      user: 'U0CW',
    });
    const modal = await eventually(() => fakes.slack.openedViews()[0]);
    const submitted = await fakes.slack.submitView({ viewId: String(modal.id), user: 'U0CW' });
    expect(submitted.status).toBe(200);
    await eventually(() => cardButtons(parents()[0]!).join() === 'case:reopen');
  });

  it('sends a reply from the card’s dialog exactly as its preview showed, even when the translation is slow', async () => {
    const libre = new FakeLibreTranslate();
    const service = await listen(libre.app.fetch);
    try {
      await worker.stop();
      await boot({ TRANSLATION_PROVIDER: 'libretranslate', LIBRETRANSLATE_URL: service.url });
      await fakes.telegram.sendFromPerson({ chatId: 1551, text: 'Bună ziua', languageCode: 'ro' });
      const parent = await eventually(() => parents()[0]);
      await fakes.slack.pressButton({
        channel: INBOX,
        messageTs: parent.ts,
        actionId: 'case:reply',
        user: 'U0CW',
      });
      const dialog = await eventually(() => fakes.slack.openedViews()[0]);
      const viewId = String(dialog.id);
      libre.delayMs = 2600; // longer than Slack waits: the preview follows through waitUntil
      const answer = await fakes.slack.submitView({
        viewId,
        user: 'U0CW',
        values: { reply: { text: { type: 'plain_text_input', value: 'We call you at noon' } } },
      });
      expect(JSON.parse(answer.body).view.callback_id).toBe('reply:wait');
      const preview = await eventually(() => {
        const current = fakes.slack.openedViews().find((view) => view.id === viewId);
        return current?.callback_id === 'reply:preview' ? current : undefined;
      }, 8_000);
      const previewed = JSON.stringify(preview.blocks).match(/\[[a-z]+→ro\] We call you at noon/)?.[0];
      expect(previewed).toBeDefined();
      libre.delayMs = 0;
      await fakes.slack.submitView({ viewId, user: 'U0CW' });
      const received = await eventually(() =>
        fakes.telegram.sentTo(1551).find((m) => m.text?.includes('call you at noon')),
      );
      expect(received.text).toBe(previewed);
      expect(fakes.slack.violations).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it('revokes a resume code from the card, after which /resume fails', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 1561, text: 'I need help', languageCode: 'en' });
    await fakes.telegram.sendFromPerson({ chatId: 1561, text: '/resume' });
    const shown = await delivered(() =>
      fakes.telegram.sentTo(1561).find((m) => m.text?.startsWith('Your code is')),
    );
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(shown.text!)![1]!;
    const card = await delivered(() => {
      const parent = parents()[0];
      return parent && cardButtons(parent).includes('case:revoke_resume_code') ? parent : undefined;
    });
    await fakes.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:revoke_resume_code',
      user: 'U0CW',
    });
    await delivered(() => replies(card.ts).some((m) => m.text.includes('<@U0CW> revoked the person')));
    await delivered(() => !cardButtons(parents()[0]!).includes('case:revoke_resume_code'));
    await fakes.telegram.sendFromPerson({ chatId: 1562, text: `/resume ${code}`, languageCode: 'en' });
    await delivered(() =>
      fakes.telegram.sentTo(1562).some((m) => m.text?.startsWith('That code did not work')),
    );
  });

  it('links a case card drawn again after its deletion back to the old thread', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 1571, text: 'first words' });
    const first = await eventually(() => parents()[0]);
    await eventually(() => replies(first.ts).some((m) => plain(m) === 'first words'));
    await fakes.slack.deleteAsUser({ channel: INBOX, ts: first.ts });
    const second = await eventually(() => parents().find((m) => m.ts !== first.ts && !m.deleted));
    const link = `https://slack.com/archives/${INBOX}/p${first.ts.replace('.', '')}?thread_ts=${first.ts}&cid=${INBOX}`;
    await eventually(() => replies(second.ts).some((m) => m.text.includes(`<${link}|`)));
  });

  it('gives a resume code that reattaches a new Telegram account to the same case', async () => {
    await fakes.telegram.sendFromPerson({ chatId: 9801, text: 'I need help', languageCode: 'en' });
    await fakes.telegram.sendFromPerson({ chatId: 9801, text: '/resume' });
    const shown = await delivered(() =>
      fakes.telegram.sentTo(9801).find((m) => m.text?.startsWith('Your code is')),
    );
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(shown.text!)![1]!;

    await fakes.telegram.sendFromPerson({ chatId: 9802, text: `/resume ${code}`, languageCode: 'en' });
    await delivered(() => fakes.telegram.sentTo(9802).some((m) => m.text?.startsWith('Welcome back')));
    await fakes.telegram.sendFromPerson({ chatId: 9802, text: 'new phone, same me' });
    await delivered(() =>
      parents().some((parent) => replies(parent.ts).some((m) => plain(m) === 'new phone, same me')),
    );
    // One case, one thread: the new account continued it.
    expect(parents()).toHaveLength(1);
    expect(JSON.stringify(fakes.slack.calls)).not.toContain(code);
  });

  it('shows caseworkers the guide in the App Home tab', async () => {
    const opened = await fakes.slack.openAppHome('U0CW');
    expect(opened.status).toBe(200);
    const home = await eventually(() => fakes.slack.homeView('U0CW'));
    expect(JSON.stringify(home.blocks)).toContain(`<@${BOT_SLACK_USER}>`);
  });

  it('reports health with D1 reachable, and a missing setting with 503', async () => {
    const health = await fetch(`${worker.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });

    await worker.stop();
    worker = await startWorker(built, persist, testVariables(fakes, { SLACK_INBOX_CHANNEL: '' }));
    const response = await fetch(`${worker.url}/healthz`);
    expect(response.status).toBe(503);
    await eventually(() => worker.output().includes('SLACK_INBOX_CHANNEL is missing'));
  });

  it('with SLACK_CASEWORKERS, relays no reply and applies no click from anyone else, and tells them', async () => {
    await worker.stop();
    await boot({ SLACK_CASEWORKERS: 'U0CW' });
    await fakes.telegram.sendFromPerson({ chatId: 1801, text: 'hello', languageCode: 'en' });
    const parent = await eventually(() => parents()[0]);
    await drained(fakes);
    const before = fakes.telegram.sentTo(1801).length;

    await fakes.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0OTHER',
      text: `<@${BOT_SLACK_USER}> I am not on the list`,
    });
    expect(
      (
        await fakes.slack.pressButton({
          channel: INBOX,
          messageTs: parent.ts,
          actionId: 'case:assign',
          user: 'U0OTHER',
        })
      ).status,
    ).toBe(200);
    const refusals = () =>
      fakes.slack.calls.filter(
        (call) => call.method === 'chat.postEphemeral' && call.payload.user === 'U0OTHER',
      );
    await eventually(() => refusals().length >= 2);
    await settle();
    expect(fakes.telegram.sentTo(1801)).toHaveLength(before);
    expect(JSON.stringify(parents()[0]!.blocks)).not.toContain('U0OTHER');
  });

  it('sends prepared information from the card’s menu and with /haven, and only for caseworkers', async () => {
    await worker.stop();
    await boot({ SLACK_CASEWORKERS: 'U0CW' });
    await fakes.telegram.sendFromPerson({
      chatId: 1701,
      text: 'Bună, am nevoie de ajutor',
      languageCode: 'ro',
    });
    const parent = await eventually(() => parents()[0]);
    const choose = (user: string) =>
      fakes.slack.chooseOverflowOption({
        channel: INBOX,
        messageTs: parent.ts,
        actionId: 'canned:send',
        value: 'reflection',
        user,
      });
    const slash = async (text: string, user: string) => {
      const answer = await fakes.slack.sendSlashCommand({ command: '/haven', text, user });
      expect(answer.status).toBe(200);
      return JSON.parse(answer.body) as { response_type: string; text: string; blocks?: unknown[] };
    };
    const romanian = cannedTexts.t('ro', 'canned:reflection');
    const received = () => fakes.telegram.sentTo(1701).map((message) => message.text ?? '');

    expect((await choose('U0OTHER')).status).toBe(200);
    expect((await slash('send 1 reflection', 'U0OTHER')).text).toContain('Only the caseworkers');
    await settle();
    expect(received()).not.toContain(romanian);

    expect((await choose('U0CW')).status).toBe(200);
    await eventually(() => received().includes(romanian));
    const english = `📋 Sent: Reflection period (45 days) — ${cannedTexts.t('en', 'canned:reflection')}`;
    await eventually(() => replies(parent.ts).some((message) => plain(message) === english));

    const sent = await slash('send 1 police', 'U0CW');
    expect(sent.response_type).toBe('ephemeral');
    expect(sent.text).toContain('Sent to Case 0001');
    const police = cannedTexts.t('ro', 'canned:police', {
      emergencyNumber: '112',
      policeNumber: '101',
      reportingLine: '078 055 800',
    });
    await eventually(() => received().includes(police));

    const listed = JSON.stringify((await slash('cases', 'U0CW')).blocks);
    expect(listed).toContain(`p${parent.ts.replace('.', '')}|Case 0001`);
    expect(fakes.slack.violations).toEqual([]);
  });

  it('logs ids and outcomes at debug level, never what a person or a caseworker wrote', async () => {
    await worker.stop();
    await boot({ LOG_LEVEL: 'debug' });
    await fakes.telegram.sendFromPerson({ chatId: 1201, text: 'my name is Ana Popescu' });
    const parent = await eventually(() => parents()[0]);
    await fakes.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CW',
      text: 'call 0470 12 34 56',
    });
    await eventually(() => fakes.telegram.sentTo(1201).find((m) => m.text === 'call 0470 12 34 56'));
    await settle();
    const output = worker.output();
    expect(output).toContain('"level":"debug"');
    expect(output).not.toMatch(/Ana Popescu|0470 12 34 56/);
  });
});

/** The action_ids of a message's buttons (the case card's). */
function cardButtons(message: { blocks?: unknown[] }): string[] {
  return (message.blocks ?? []).flatMap((block) =>
    ((block as { elements?: { type?: string; action_id?: string }[] }).elements ?? [])
      .filter((element) => element.type === 'button')
      .map((element) => element.action_id ?? ''),
  );
}

/** Delivered outbox entries: messages posted into a Slack thread, and messages sent in Telegram. */
function deliveries(): number {
  const slackPosts = fakes.slack.calls.filter(
    (call) => call.method === 'chat.postMessage' && call.ok && call.payload.thread_ts,
  );
  const telegramSends = fakes.telegram.calls.filter((call) => call.method.startsWith('send') && call.ok);
  return slackPosts.length + telegramSends.length;
}

function slackEvent(text: string, threadTs: string, extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    type: 'event_callback',
    team_id: 'T0TEAM',
    api_app_id: 'A0APP',
    event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    event_time: now,
    event: {
      type: 'message',
      channel: INBOX,
      channel_type: 'channel',
      user: 'U0CW',
      text,
      ts: `${now}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      thread_ts: threadTs,
      ...extra,
    },
  };
}
