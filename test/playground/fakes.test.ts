import { serve } from '@hono/node-server';
import { verifySlackRequest } from '@slack/bolt';
import type { Update } from 'grammy/types';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, FakeTelegram } from '../../src/sandbox/index.js';
import { Playground, playgroundRoutes } from '../../src/sandbox/playground/index.js';
import type { PlaygroundState } from './support.js';

/**
 * The playground over the two fakes alone, with Haven replaced by a recorder: what exactly reaches
 * Haven's webhook and events route when the person or the caseworker does something on the page, and
 * what the page shows of what "Haven" does through the fake APIs.
 */

const TOKEN = '123456789:TEST-token-for-the-playground-tests';
const SLACK_TOKEN = 'xoxb-playground-test';
const SIGNING_SECRET = 'playground-signing-secret';
const INBOX = 'C0INBOX01';

interface SlackDelivery {
  headers: Record<string, string>;
  raw: string;
}

const telegramUpdates: Update[] = [];
const slackDeliveries: SlackDelivery[] = [];
let recorder: ReturnType<typeof serve>;
let recorderUrl: string;

beforeAll(async () => {
  const app = new Hono();
  app.post('/telegram', async (c) => {
    telegramUpdates.push(await c.req.json());
    return c.json({ ok: true });
  });
  app.post('/slack', async (c) => {
    slackDeliveries.push({ headers: Object.fromEntries(c.req.raw.headers), raw: await c.req.text() });
    return c.body(null, 200);
  });
  recorderUrl = await new Promise<string>((resolve) => {
    recorder = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
});
afterAll(async () => {
  await new Promise((resolve) => recorder.close(resolve));
});

describe('the playground between the fakes', () => {
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  let playground: Playground;
  let routes: Hono;

  beforeEach(() => {
    telegramUpdates.length = 0;
    slackDeliveries.length = 0;
    telegram = new FakeTelegram({ token: TOKEN });
    telegram.webhook = { url: `${recorderUrl}/telegram`, secretToken: 'secret' };
    slack = new FakeSlack({ botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET });
    slack.eventsUrl = `${recorderUrl}/slack`;
    playground = new Playground({ telegram, slack, inboxChannel: INBOX, telegramToken: TOKEN });
    routes = playgroundRoutes(playground);
  });
  afterEach(() => playground.close());

  const post = async (path: string, body: unknown = {}) => {
    const response = await routes.request(`/playground/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const state = async () => (await (await routes.request('/playground/api/state')).json()) as PlaygroundState;
  const view = async () =>
    (await (await routes.request('/playground/api/view?since=-1')).json()) as Record<string, string>;

  /** A Bot API call as Haven makes it, to the fake Telegram. */
  const botApi = async (method: string, payload: Record<string, unknown>) => {
    const response = await telegram.app.request(`/bot${TOKEN}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as { ok: boolean; result: { message_id: number } };
    expect(body.ok).toBe(true);
    return body.result;
  };

  /** A Web API call as Haven makes it, to the fake Slack. */
  const slackApi = async (method: string, args: Record<string, unknown>) => {
    const response = await slack.app.request(`/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SLACK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await response.json()) as { ok: boolean; ts: string };
    expect(body.ok).toBe(true);
    return body;
  };

  it('taps an inline button as a callback_query about that message, in the phone language', async () => {
    const chatId = playground.activeChatId;
    await post('person/language', { languageCode: 'ro' });
    await post('person/message', { text: 'Bună ziua' });
    expect(telegramUpdates[0]?.message).toMatchObject({ text: 'Bună ziua', from: { language_code: 'ro' } });

    const question = await botApi('sendMessage', {
      chat_id: chatId,
      text: 'Ești în siguranță?',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Da', callback_data: 'f1:abcd1234:yes' }],
          [{ text: 'Site', url: 'https://example.org/' }],
        ],
      },
    });
    const { phone } = await state();
    expect(phone.messages.at(-1)).toMatchObject({
      from: 'bot',
      text: 'Ești în siguranță?',
      buttons: [
        [{ text: 'Da', callbackData: 'f1:abcd1234:yes' }],
        [{ text: 'Site', url: 'https://example.org/' }],
      ],
    });
    expect((await view()).phoneHtml).toContain('data-callback="f1:abcd1234:yes"');

    const tap = await post('person/tap', { messageId: question.message_id, callbackData: 'f1:abcd1234:yes' });
    expect(tap.body).toEqual({ status: 200 });
    expect(telegramUpdates[1]?.callback_query).toMatchObject({
      data: 'f1:abcd1234:yes',
      message: { message_id: question.message_id, text: 'Ești în siguranță?' },
      from: { id: chatId, language_code: 'ro' },
    });
  });

  it('says so when the fake does not deliver a tap, because Haven did not ask for button presses', async () => {
    await botApi('setWebhook', { url: `${recorderUrl}/telegram`, allowed_updates: ['message'] });
    const question = await botApi('sendMessage', {
      chat_id: playground.activeChatId,
      text: 'Tap',
      reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
    });
    const tap = await post('person/tap', { messageId: question.message_id, callbackData: 'go' });
    expect(tap.body.status).toBeUndefined();
    expect(tap.body.notice).toContain('callback_query');
    expect(telegramUpdates).toEqual([]);
  });

  it('removes what the bot deletes from the phone, on both sides of the chat', async () => {
    const chatId = playground.activeChatId;
    const first = await post('person/message', { text: 'my address is Kerkstraat 1' });
    await post('person/message', { text: 'second' });
    const fromBot = await botApi('sendMessage', {
      chat_id: chatId,
      text: 'Deleting what could put you at risk.',
    });
    expect((await state()).phone.messages).toHaveLength(3);

    await botApi('deleteMessages', {
      chat_id: chatId,
      message_ids: [first.body.messageId, fromBot.message_id],
    });
    expect((await state()).phone.messages.map((m) => m.text)).toEqual(['second']);
    expect((await view()).phoneHtml).not.toContain('Kerkstraat');
  });

  it('sends a photo with its caption, and shows it on the phone', async () => {
    const sent = await post('person/photo', { caption: 'my contract' });
    expect(sent.body.status).toBe(200);
    const message = telegramUpdates[0]?.message;
    expect(message?.caption).toBe('my contract');
    expect(message?.photo?.length).toBeGreaterThan(0);
    expect((await state()).phone.messages[0]).toMatchObject({
      from: 'person',
      media: 'photo',
      text: 'my contract',
    });
  });

  it('shows a reply keyboard under the text field until the bot removes it', async () => {
    const chatId = playground.activeChatId;
    await botApi('sendMessage', {
      chat_id: chatId,
      text: 'Choose',
      reply_markup: { keyboard: [['Yes', 'No']] },
    });
    expect((await view()).replyKeyboardHtml).toContain('data-action="say" data-text="Yes"');
    await botApi('sendMessage', { chat_id: chatId, text: 'Thanks', reply_markup: { remove_keyboard: true } });
    expect((await view()).replyKeyboardHtml).toBe('');
  });

  it('renders case cards, thread replies, updates and reactions as Haven posts them', async () => {
    const card = await slackApi('chat.postMessage', {
      channel: INBOX,
      text: 'Case #7',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Case #7 · ro' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Urgent*: danger now' },
          fields: [{ type: 'mrkdwn', text: '*Region*\nFlanders' }],
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'opened by Haven' }] },
        {
          type: 'actions',
          block_id: 'case_actions',
          elements: [
            {
              type: 'button',
              action_id: 'case_take',
              value: '7',
              style: 'primary',
              text: { type: 'plain_text', text: 'Take case' },
            },
          ],
        },
      ],
    });
    await slackApi('chat.postMessage', {
      channel: INBOX,
      thread_ts: card.ts,
      text: 'Person: hello',
      blocks: [{ type: 'section', text: { type: 'plain_text', text: 'hello *not bold*' } }],
    });

    let inbox = (await view()).inboxHtml;
    expect(inbox).toContain('<div class="sl-header"><span class="sl-text">Case #7 · ro</span></div>');
    expect(inbox).toContain('<b>Urgent</b>: danger now');
    expect(inbox).toContain('<b>Region</b>\nFlanders');
    expect(inbox).toContain('<hr class="sl-divider">');
    expect(inbox).toContain('data-action-id="case_take"');
    expect(inbox).toContain('1 reply');
    expect(inbox).toContain('hello *not bold*'); // plain_text stays as written

    await slackApi('chat.update', {
      channel: INBOX,
      ts: card.ts,
      text: 'Case #7',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Case #7 · taken by Els' } }],
    });
    await slackApi('reactions.add', { channel: INBOX, timestamp: card.ts, name: 'eyes' });
    inbox = (await view()).inboxHtml;
    expect(inbox).toContain('Case #7 · taken by Els');
    expect(inbox).not.toContain('Case #7 · ro');
    expect(inbox).toContain('(edited)');
    expect(inbox).toContain('👀 1');
    const [thread] = (await state()).inbox.channels[0]!.threads;
    expect(thread?.parent.reactions).toEqual(['eyes']);
    expect(thread?.replies).toHaveLength(1);
  });

  it('sends a card button click to Haven as a signed block_actions interaction', async () => {
    const card = await slackApi('chat.postMessage', {
      channel: INBOX,
      text: 'Case #8',
      blocks: [
        {
          type: 'section',
          block_id: 'summary',
          text: { type: 'mrkdwn', text: 'Case #8' },
          accessory: {
            type: 'button',
            action_id: 'case_close',
            value: '8',
            text: { type: 'plain_text', text: 'Close' },
          },
        },
      ],
    });
    const press = await post('inbox/press', { channel: INBOX, ts: card.ts, actionId: 'case_close' });
    expect(press.body).toEqual({ status: 200 });

    const [delivery] = slackDeliveries;
    expect(delivery?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // Bolt's own check accepts the signature (it throws if not).
    verifySlackRequest({
      signingSecret: SIGNING_SECRET,
      body: delivery!.raw,
      headers: {
        'x-slack-signature': delivery!.headers['x-slack-signature']!,
        'x-slack-request-timestamp': Number(delivery!.headers['x-slack-request-timestamp']),
      },
    });
    const payload = JSON.parse(new URLSearchParams(delivery!.raw).get('payload')!);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0CASEWORKER' },
      channel: { id: INBOX },
      container: { type: 'message', message_ts: card.ts, channel_id: INBOX },
      message: { ts: card.ts, text: 'Case #8' },
      actions: [{ type: 'button', action_id: 'case_close', block_id: 'summary', value: '8' }],
    });

    const stale = await post('inbox/press', { channel: INBOX, ts: card.ts, actionId: 'gone' });
    expect(stale).toEqual({ status: 400, body: { error: 'that button is no longer on the card' } });
  });

  it('sends a caseworker reply as a signed thread message event, addressed to Haven unless unticked', async () => {
    const card = await slackApi('chat.postMessage', { channel: INBOX, text: 'New conversation · #9' });
    const reply = await post('inbox/reply', { channel: INBOX, threadTs: card.ts, text: 'Hello, I am Els' });
    expect(reply.body).toEqual({ status: 200 });
    const note = await post('inbox/reply', {
      channel: INBOX,
      threadTs: card.ts,
      text: 'only for the team',
      toPerson: false,
    });
    expect(note.body).toEqual({ status: 200 });

    const events = slackDeliveries.map((delivery) => JSON.parse(delivery.raw).event);
    expect(events).toMatchObject([
      {
        type: 'message',
        channel: INBOX,
        thread_ts: card.ts,
        user: 'U0CASEWORKER',
        // Haven's own user id, as Slack writes a mention of @Haven.
        text: '<@U0HAVENBOT> Hello, I am Els',
      },
      { thread_ts: card.ts, user: 'U0CASEWORKER', text: 'only for the team' },
    ]);
    const inbox = (await view()).inboxHtml;
    expect(inbox).toContain('<span class="sl-mention">@Haven</span> Hello, I am Els');
    expect(inbox).toContain('<span class="sl-author">Caseworker</span>');
  });

  it('never turns words from the person, the bot or Slack into markup', async () => {
    const chatId = playground.activeChatId;
    await post('person/message', { text: '<img src=x onerror=alert(1)>' });
    await botApi('sendMessage', {
      chat_id: chatId,
      text: '"><script>alert(2)</script>',
      reply_markup: { inline_keyboard: [[{ text: '<b>x</b>', url: 'javascript:alert(3)' }]] },
    });
    await slackApi('chat.postMessage', {
      channel: INBOX,
      text: '<javascript:alert(4)|click me> &lt;script&gt;alert(5)&lt;/script&gt;',
    });
    const { phoneHtml, inboxHtml } = await view();
    expect(phoneHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(phoneHtml).toContain('&quot;&gt;&lt;script&gt;');
    expect(inboxHtml).toContain('&lt;script&gt;alert(5)');
    for (const markup of [phoneHtml, inboxHtml]) {
      expect(markup).not.toMatch(/<script|<img|href="javascript/);
    }
  });

  it('lets bubbles follow the direction of their own script', async () => {
    await post('person/message', { text: 'مرحبا' });
    expect((await view()).phoneHtml).toContain('<div class="tg-text" dir="auto">مرحبا</div>');
  });
});
