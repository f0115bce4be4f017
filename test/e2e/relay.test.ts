import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  caseCards,
  eventually,
  INBOX,
  type Stack,
  settle,
  startStack,
  WEBHOOK_SECRET,
} from '../support/stack.js';

/** The person-facing flow of the foundation, through the public HTTP contract only. */
describe('Telegram ⇄ Slack relay', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const parents = () => caseCards(stack);
  const replies = (parentTs: string) => stack.slack.thread(INBOX, parentTs).slice(1);
  const plain = (message: { blocks?: unknown[] }) =>
    (message.blocks ?? [])
      .map((block) => (block as { type: string; text?: { type: string; text: string } }).text)
      .filter((text) => text?.type === 'plain_text')
      .map((text) => text?.text)
      .join('\n');

  it('opens a thread for a new person, relays the message, and greets them in their language', async () => {
    const { status } = await stack.telegram.sendFromPerson({
      chatId: 501,
      text: 'Hallo, ik heb hulp nodig',
      languageCode: 'nl',
    });
    expect(status).toBe(200);

    const parent = await eventually(() => parents()[0]);
    // The case card: numbered per installation, with the person's language, and nothing that identifies them.
    expect(parent.text).toContain('Case 0001');
    expect(JSON.stringify(parent.blocks)).toContain('Nederlands');
    const thread = await eventually(() => (replies(parent.ts).length >= 2 ? replies(parent.ts) : undefined));
    expect(plain(thread[0]!)).toBe('Hallo, ik heb hulp nodig');

    const sent = await eventually(() => stack.telegram.sentTo(501)[0]);
    expect(sent.text).toMatch(/^Hallo, welkom/);
    expect(sent.parse_mode).toBeUndefined();
    expect(stack.telegram.violations).toEqual([]);
    expect(stack.slack.violations).toEqual([]);
  });

  it('asks a person whose Telegram language Haven does not speak to confirm English in one tap', async () => {
    await stack.telegram.sendFromPerson({ chatId: 502, text: 'hello', languageCode: 'sw' });
    const sent = await eventually(() => stack.telegram.sentTo(502)[0]);
    expect(sent.text).toBe('Shall we continue in English?');
    const labels = (sent.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard
      .flat()
      .map((button) => button.text);
    // Every message from Haven also carries the quick-exit button.
    expect(labels).toEqual(['Yes, English', 'Another language', 'Exit']);
    const parent = await eventually(() => parents()[0]);
    expect(JSON.stringify(parent.blocks)).toContain('English');
  });

  it('delivers a caseworker reply in the thread to the right person, as plain text', async () => {
    await stack.telegram.sendFromPerson({ chatId: 601, text: 'first person' });
    await stack.telegram.sendFromPerson({ chatId: 602, text: 'second person' });
    await eventually(() => parents().length === 2);
    const [first, second] = parents();
    await eventually(() => replies(second!.ts).length >= 1);
    const firstChat = plain(replies(first!.ts)[0]!) === 'first person' ? first! : second!;

    const reply = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: firstChat.ts,
      user: 'U0CASEWORKER',
      text: 'We are here. *Bold* &lt;b&gt; &amp; <https://example.org|our site>',
    });
    expect(reply.status).toBe(200);

    const received = await eventually(() =>
      stack.telegram.sentTo(601).find((m) => m.text?.startsWith('We are here')),
    );
    expect(received.text).toBe('We are here. *Bold* <b> & our site (https://example.org)');
    expect(received.parse_mode).toBeUndefined();
    await settle();
    expect(stack.telegram.sentTo(602).filter((m) => m.text?.startsWith('We are here'))).toEqual([]);
  });

  it('keeps two people in two threads', async () => {
    await stack.telegram.sendFromPerson({ chatId: 701, text: 'A1' });
    await stack.telegram.sendFromPerson({ chatId: 702, text: 'B1' });
    await stack.telegram.sendFromPerson({ chatId: 701, text: 'A2' });
    await stack.telegram.sendFromPerson({ chatId: 702, text: 'B2' });
    await eventually(() => parents().length === 2 && parents().every((p) => replies(p.ts).length === 3));
    const threads = parents().map((p) =>
      replies(p.ts)
        .map(plain)
        .filter((text) => /^[AB]\d$/.test(text)),
    );
    expect(threads.sort()).toEqual([
      ['A1', 'A2'],
      ['B1', 'B2'],
    ]);
  });

  it('keeps every mapping across a restart', async () => {
    await stack.telegram.sendFromPerson({ chatId: 801, text: 'before restart' });
    const parent = await eventually(() => parents()[0]);
    await eventually(() => replies(parent.ts).length === 2);

    await stack.restart();
    await stack.telegram.sendFromPerson({ chatId: 801, text: 'after restart' });
    await eventually(() => replies(parent.ts).some((m) => plain(m) === 'after restart'));
    expect(parents()).toHaveLength(1);

    await stack.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, user: 'U0CW', text: 'still here' });
    await eventually(() => stack.telegram.sentTo(801).find((m) => m.text === 'still here'));
    // Haven's first-contact prompt was sent once: the restart did not make the person new again.
    expect(stack.telegram.sentTo(801).filter((m) => m.text !== 'still here')).toHaveLength(1);
  });

  it('posts a duplicated Telegram update once', async () => {
    const { update } = await stack.telegram.sendFromPerson({ chatId: 901, text: 'only once' });
    const again = await stack.telegram.deliver(update);
    expect(again.status).toBe(200);
    await eventually(() => parents()[0] && replies(parents()[0]!.ts).length === 2);
    await settle();
    const posts = stack.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.payload.thread_ts);
    expect(posts.filter((c) => JSON.stringify(c.payload.blocks).includes('only once'))).toHaveLength(1);
  });

  it('escapes what a person writes so it can never ping or link in Slack', async () => {
    const hostile = '<!channel> <!here> <@U024BE7LH> <https://evil.example|click me> & more';
    await stack.telegram.sendFromPerson({ chatId: 1001, text: hostile });
    const parent = await eventually(() => parents()[0]);
    const message = await eventually(() => replies(parent.ts).find((m) => plain(m) === hostile));
    expect(message.text).not.toMatch(/<[!@]|<https?:/);
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).toContain('&amp; more');
    const call = stack.slack.calls.find(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c.payload).includes('evil'),
    );
    expect(call?.payload.link_names).toBeUndefined();
    expect(call?.payload.parse).toBeUndefined();
  });

  it('refuses a webhook call without the right secret and stores nothing', async () => {
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'x' },
    };
    expect((await stack.telegram.deliver(update, { secretToken: null })).status).toBe(401);
    expect((await stack.telegram.deliver(update, { secretToken: 'wrong' })).status).toBe(401);
    await settle();
    expect(stack.slack.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(stack.telegram.calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('answers a malformed update with 400 and a reason', async () => {
    const response = await fetch(`${stack.haven.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: '{"not":"an update"',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('update_id');
  });

  it('reports health with the database reachable', async () => {
    const response = await fetch(`${stack.haven.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('Slack requests', () => {
  let stack: Stack;
  let parentTs: string;
  beforeEach(async () => {
    stack = await startStack();
    await stack.telegram.sendFromPerson({ chatId: 42, text: 'hello' });
    parentTs = (await eventually(() => stack.slack.messages(INBOX)[0])).ts;
    await eventually(() => stack.telegram.sentTo(42).length === 1);
  });
  afterEach(async () => {
    await stack.stop();
  });

  const event = (text: string, extra: Record<string, unknown> = {}) => ({
    type: 'event_callback',
    team_id: 'T0TEAM',
    api_app_id: 'A0APP',
    event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      channel: INBOX,
      channel_type: 'channel',
      user: 'U0CW',
      text,
      ts: `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      thread_ts: parentTs,
      ...extra,
    },
  });
  const relayedTexts = () =>
    stack.telegram
      .sentTo(42)
      .slice(1)
      .map((m) => m.text);

  it('rejects unsigned, wrongly signed and six-minute-old requests with 401', async () => {
    expect((await stack.slack.sendSigned(event('unsigned'), { signature: null })).status).toBe(401);
    expect((await stack.slack.sendSigned(event('forged'), { signature: 'v0=deadbeef' })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await stack.slack.sendSigned(event('stale'), { timestamp: sixMinutesAgo })).status).toBe(401);
    await settle();
    expect(relayedTexts()).toEqual([]);
  });

  it('answers the url_verification handshake', async () => {
    const response = await stack.slack.sendSigned({
      type: 'url_verification',
      challenge: 'abc123',
      token: 'x',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'abc123' });
  });

  it('sends a retried Slack event (same event_id) only once', async () => {
    const body = event('sent once');
    expect((await stack.slack.sendSigned(body)).status).toBe(200);
    expect((await stack.slack.sendSigned(body, { retryNum: 1 })).status).toBe(200);
    expect((await stack.slack.sendSigned(body, { retryNum: 2 })).status).toBe(200);
    await eventually(() => relayedTexts().length === 1);
    await settle();
    expect(relayedTexts()).toEqual(['sent once']);
  });

  it('never relays top-level messages, other threads, other channels, bots or edits', async () => {
    await stack.slack.postAsUser({ channel: INBOX, text: 'top level' });
    await stack.slack.sendSigned(event('other thread', { thread_ts: '1700000000.000001' }));
    await stack.slack.sendSigned(event('other channel', { channel: 'C0OTHER' }));
    await stack.slack.sendSigned(
      event('a bot', { bot_id: 'B0BOT', subtype: 'bot_message', user: undefined }),
    );
    await stack.slack.sendSigned(event('an edit', { subtype: 'message_changed' }));
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: parentTs,
      text: 'haven itself',
      botId: 'B0HAVEN',
    });
    await settle();
    expect(relayedTexts()).toEqual([]);

    await stack.slack.sendSigned(event('the real reply'));
    await eventually(() => relayedTexts().length === 1);
    expect(relayedTexts()).toEqual(['the real reply']);
  });
});

describe('long polling', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ delivery: 'polling' });
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('relays both ways without a webhook', async () => {
    expect(stack.telegram.webhook).toBeUndefined();
    await stack.telegram.sendFromPerson({ chatId: 77, text: 'via polling' });
    const parent = await eventually(() => stack.slack.messages(INBOX)[0]);
    await eventually(() => stack.slack.thread(INBOX, parent.ts).length >= 2);
    await stack.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, user: 'U0CW', text: 'answer' });
    await eventually(() => stack.telegram.sentTo(77).find((m) => m.text === 'answer'));
  });
});
