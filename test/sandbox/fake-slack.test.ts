import { serve } from '@hono/node-server';
import { verifySlackRequest } from '@slack/bolt';
import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/sandbox/index.js';

const TOKEN = 'xoxb-test-token-for-the-fake-slack-api';
const SIGNING_SECRET = 'test-signing-secret';
const CHANNEL = 'C0INBOX01';

type Served = ReturnType<typeof serve>;

/** Resolves once the server listens; `serve` returns before that. */
function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: Served; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

const close = (server: Served) => new Promise((resolve) => server.close(resolve));

/** The rejection a Web API call ends in. */
async function rejection(
  call: Promise<unknown>,
): Promise<{ code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as { code?: string; data?: { error?: string } };
}

/** The client logs Slack's response_metadata messages; the tests assert on them instead. */
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const section = (text: string) => ({ type: 'section', text: { type: 'plain_text', text } });

describe('FakeSlack through the real Web API client', () => {
  let slack: FakeSlack;
  let served: { server: Served; url: string };
  let client: WebClient;

  beforeEach(async () => {
    slack = new FakeSlack({ botToken: TOKEN, signingSecret: SIGNING_SECRET });
    served = await listen(slack.app.fetch);
    slack.publicUrl = served.url;
    client = new WebClient(TOKEN, {
      slackApiUrl: `${served.url}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quiet,
    });
  });
  afterEach(async () => {
    await close(served.server);
  });

  it('answers auth.test with the bot identity', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: 'T0FAKETEAM',
      user_id: 'U0HAVENBOT',
      bot_id: 'B0HAVENBOT',
    });
  });

  it('posts a message and a thread reply, with strictly increasing timestamps', async () => {
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'Case #1' });
    expect(parent).toMatchObject({
      ok: true,
      channel: CHANNEL,
      message: { text: 'Case #1', bot_id: 'B0HAVENBOT' },
    });
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    const blocks = [section('first words')];
    const reply = await client.chat.postMessage({
      channel: CHANNEL,
      thread_ts: parent.ts!,
      text: 'fallback',
      blocks,
    });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));

    expect(slack.thread(CHANNEL, parent.ts!)).toMatchObject([
      { ts: parent.ts, thread_ts: parent.ts, reply_count: 1, text: 'Case #1' },
      { ts: reply.ts, thread_ts: parent.ts, text: 'fallback', blocks },
    ]);
    const call = slack.calls.find((c) => c.method === 'chat.postMessage' && c.payload.thread_ts);
    expect(call?.payload.blocks).toEqual(blocks); // sent as a JSON string, recorded parsed
    expect(call?.payload.token).toBeUndefined();
    expect(slack.violations).toEqual([]);
  });

  it('refuses a thread_ts that does not exist in the channel', async () => {
    const error = await rejection(
      client.chat.postMessage({ channel: CHANNEL, thread_ts: '1700000000.000001', text: 'x' }),
    );
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data?.error).toBe('thread_not_found');
    expect(slack.violations).toEqual([
      'chat.postMessage: thread_ts 1700000000.000001 does not exist in C0INBOX01',
    ]);
    expect(slack.messages(CHANNEL)).toEqual([]);
  });

  it('refuses more than 50 blocks and over-long Block Kit fields as invalid_blocks', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    expect(
      (await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: tooMany }))).data
        ?.error,
    ).toBe('invalid_blocks');
    await rejection(
      client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: [section('y'.repeat(3001))] }),
    );
    const button = {
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: 'Go' },
      action_id: 'a'.repeat(256),
    };
    await rejection(
      client.chat.postMessage({
        channel: CHANNEL,
        text: 'x',
        blocks: [{ type: 'actions', elements: [button] }],
      }),
    );
    expect(slack.violations).toEqual([
      'chat.postMessage: 51 blocks (limit 50)',
      'chat.postMessage: section text of block 0 is 3001 characters (limit 3000)',
      'chat.postMessage: action_id in block 0 is 256 characters (limit 255)',
    ]);
  });

  it('answers invalid_auth for a wrong token and not_authed for none', async () => {
    const wrong = new WebClient('xoxb-wrong', {
      slackApiUrl: `${served.url}/api/`,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
    expect((await rejection(wrong.auth.test())).data?.error).toBe('invalid_auth');
    const none = await fetch(`${served.url}/api/auth.test`, { method: 'POST' });
    expect(none.status).toBe(200);
    expect(await none.json()).toMatchObject({ ok: false, error: 'not_authed' });
  });

  it('answers unknown_method and invalid_arguments, recording both as violations', async () => {
    expect((await rejection(client.apiCall('chat.teleport', { channel: CHANNEL }))).data?.error).toBe(
      'unknown_method',
    );
    expect((await rejection(client.apiCall('chat.postMessage', { text: 'no channel' }))).data?.error).toBe(
      'invalid_arguments',
    );
    expect((await rejection(client.apiCall('chat.postMessage', { channel: CHANNEL }))).data?.error).toBe(
      'invalid_arguments',
    );
    expect(slack.violations).toEqual([
      'unknown method chat.teleport',
      'chat.postMessage: missing required argument(s) channel',
      'chat.postMessage: missing required argument(s) one of text/blocks/attachments',
    ]);
  });

  it('accepts JSON bodies too', async () => {
    const response = await fetch(`${served.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: CHANNEL, text: 'as json', blocks: [section('b')] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, message: { text: 'as json' } });
    expect(slack.messages(CHANNEL)[0]?.blocks).toEqual([section('b')]);
  });

  it('updates, reacts to, links and deletes messages', async () => {
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'v1' });
    await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'v2' });
    await client.reactions.add({ channel: CHANNEL, timestamp: ts!, name: 'eyes' });
    expect(
      (await rejection(client.reactions.add({ channel: CHANNEL, timestamp: ts!, name: 'eyes' }))).data?.error,
    ).toBe('already_reacted');
    expect(slack.messages(CHANNEL)[0]).toMatchObject({ text: 'v2', edited: true, reactions: ['eyes'] });
    await client.reactions.remove({ channel: CHANNEL, timestamp: ts!, name: 'eyes' });
    const { permalink } = await client.chat.getPermalink({ channel: CHANNEL, message_ts: ts! });
    expect(permalink).toBe(`${served.url}/archives/${CHANNEL}/p${ts!.replace('.', '')}`);
    await client.chat.delete({ channel: CHANNEL, ts: ts! });
    expect(slack.messages(CHANNEL)[0]?.deleted).toBe(true);
    expect((await rejection(client.chat.update({ channel: CHANNEL, ts: ts!, text: 'v3' }))).data?.error).toBe(
      'message_not_found',
    );
  });

  it('describes channels and users', async () => {
    expect((await client.conversations.info({ channel: CHANNEL })).channel).toMatchObject({
      id: CHANNEL,
      is_channel: true,
      is_member: true,
    });
    expect((await client.users.info({ user: 'U0CASEWORKER' })).user).toMatchObject({
      id: 'U0CASEWORKER',
      is_bot: false,
    });
    expect((await rejection(client.users.info({ user: 'nobody' }))).data?.error).toBe('user_not_found');
  });

  it('publishes and updates views, checking the 100-block limit', async () => {
    const home = await client.views.publish({
      user_id: 'U0CW',
      view: { type: 'home', blocks: [section('Inbox')] },
    });
    expect(home.view).toMatchObject({ type: 'home', blocks: [section('Inbox')] });
    const updated = await client.views.update({
      view_id: home.view!.id!,
      view: { type: 'home', blocks: [section('Updated')] },
    });
    expect(updated.view?.id).toBe(home.view!.id);
    const blocks = Array.from({ length: 101 }, () => section('x'));
    await rejection(client.views.publish({ user_id: 'U0CW', view: { type: 'home', blocks } as never }));
    expect(slack.violations).toEqual(['views.publish: 101 blocks (limit 100)']);
  });

  it('uploads a file into a thread with filesUploadV2', async () => {
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'Case #2' });
    const content = Buffer.from('scan of a passport');
    const result = await client.filesUploadV2({
      channel_id: CHANNEL,
      thread_ts: parent.ts!,
      file: content,
      filename: 'passport.pdf',
      initial_comment: 'from the person',
    });
    expect(result.ok).toBe(true);

    const [, shared] = slack.thread(CHANNEL, parent.ts!);
    expect(shared).toMatchObject({
      text: 'from the person',
      files: [{ name: 'passport.pdf', size: content.length }],
    });
    const fileId = shared!.files![0]!.id;
    expect((await client.files.info({ file: fileId })).file).toMatchObject({
      id: fileId,
      mimetype: 'application/pdf',
    });
    const download = await fetch(shared!.files![0]!.url_private, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(content);
    expect(slack.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
      'files.info',
    ]);
    expect(slack.violations).toEqual([]);
  });

  it('surfaces an injected 429 as a rate-limited error, and an error string as a platform error', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    const limited = await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);

    slack.failNext('*', { error: 'channel_not_found' });
    expect((await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
    slack.failNext('chat.postMessage', { status: 503 });
    const outage = await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(outage.code).toBe(ErrorCode.HTTPError);
    expect(outage.statusCode).toBe(503);
    await client.chat.postMessage({ channel: CHANNEL, text: 'x' });
    expect(slack.calls.map((c) => c.ok)).toEqual([false, false, false, true]);
  });

  it('fails every call while an outage lasts', async () => {
    slack.failWhile('chat.postMessage', { status: 503 }, Date.now() + 150);
    await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x' }));
    await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.chat.postMessage({ channel: CHANNEL, text: 'x' });
  });

  it('enforces a per-channel posting rate only when asked to', async () => {
    slack.enforceRateLimits({ perChannelPerSecond: 1, burst: 1 });
    await client.chat.postMessage({ channel: CHANNEL, text: '1' });
    await client.chat.postMessage({ channel: CHANNEL, text: '2' });
    const limited = await rejection(client.chat.postMessage({ channel: CHANNEL, text: '3' }));
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(1);
    await client.chat.postMessage({ channel: 'C0OTHER', text: 'elsewhere' });
    expect(slack.rateLimited).toBe(1);
  });
});

describe('FakeSlack requests to Haven', () => {
  let slack: FakeSlack;
  let receiver: { server: Served; url: string };
  let received: Array<{ body: string; headers: Record<string, string> }>;

  beforeEach(async () => {
    received = [];
    slack = new FakeSlack({ botToken: TOKEN, signingSecret: SIGNING_SECRET });
    const app = new Hono().post('/slack/events', async (c) => {
      received.push({ body: await c.req.text(), headers: Object.fromEntries(c.req.raw.headers) });
      return c.body(null, 200);
    });
    receiver = await listen(app.fetch);
    slack.eventsUrl = `${receiver.url}/slack/events`;
  });
  afterEach(async () => {
    await close(receiver.server);
  });

  /** Bolt's own signature check on what the receiver got. */
  const verify = (request: { body: string; headers: Record<string, string> }, nowMilliseconds?: number) =>
    verifySlackRequest({
      signingSecret: SIGNING_SECRET,
      body: request.body,
      headers: {
        'x-slack-signature': request.headers['x-slack-signature'] ?? '',
        'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
      },
      ...(nowMilliseconds ? { nowMilliseconds } : {}),
    });

  it('signs what it sends so that Bolt accepts it, and a stale timestamp is refused', async () => {
    const response = await slack.sendSigned({ type: 'url_verification', challenge: 'abc' });
    expect(response.status).toBe(200);
    expect(() => verify(received[0]!)).not.toThrow();

    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    await slack.sendSigned({ type: 'event_callback' }, { timestamp: sixMinutesAgo, retryNum: 2 });
    expect(() => verify(received[1]!)).toThrow(/stale/);
    expect(received[1]!.headers).toMatchObject({
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });

    await slack.sendSigned('{}', { signature: 'v0=deadbeef' });
    expect(() => verify(received[2]!)).toThrow();
    await slack.sendSigned('{}', { signature: null });
    expect(received[3]!.headers['x-slack-signature']).toBeUndefined();
  });

  it('posts as a caseworker: stores the reply in the thread and sends a signed message event', async () => {
    const parent = await slack.postAsUser({ channel: CHANNEL, text: 'a top-level note', user: 'U0LEAD' });
    const reply = await slack.postAsUser({
      channel: CHANNEL,
      threadTs: parent.ts,
      user: 'U0CW',
      text: 'hi back',
    });
    expect(reply.status).toBe(200);
    expect(reply.eventId).toMatch(/^Ev[0-9A-Z]+$/);
    expect(reply.eventId).not.toBe(parent.eventId);
    expect(slack.thread(CHANNEL, parent.ts).map((m) => m.text)).toEqual(['a top-level note', 'hi back']);

    const envelope = JSON.parse(received[1]!.body);
    expect(() => verify(received[1]!)).not.toThrow();
    expect(envelope).toMatchObject({
      type: 'event_callback',
      event_id: reply.eventId,
      team_id: 'T0FAKETEAM',
      event: {
        type: 'message',
        channel: CHANNEL,
        channel_type: 'channel',
        user: 'U0CW',
        text: 'hi back',
        ts: reply.ts,
        event_ts: reply.ts,
        thread_ts: parent.ts,
        parent_user_id: 'U0LEAD',
      },
    });
  });

  it('marks bot posts and file shares the way Slack does', async () => {
    const parent = await slack.postAsUser({ channel: CHANNEL, text: 'p' });
    await slack.postAsUser({ channel: CHANNEL, threadTs: parent.ts, text: 'from a bot', botId: 'B0OTHER' });
    await slack.postAsUser({
      channel: CHANNEL,
      threadTs: parent.ts,
      text: 'a file',
      files: [{ name: 'note.txt', mimetype: 'text/plain', content: new TextEncoder().encode('hello') }],
    });
    const [, bot, file] = received.map((r) => JSON.parse(r.body).event);
    expect(bot).toMatchObject({ bot_id: 'B0OTHER', subtype: 'bot_message' });
    expect(bot.user).toBeUndefined();
    expect(file).toMatchObject({ subtype: 'file_share', files: [{ name: 'note.txt', size: 5 }] });
  });

  it('sends interactions and slash commands as signed form bodies', async () => {
    await slack.sendInteraction({
      type: 'block_actions',
      actions: [{ action_id: 'claim', value: 'case-1' }],
    });
    const interaction = received[0]!;
    expect(interaction.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() => verify(interaction)).not.toThrow();
    const payload = JSON.parse(new URLSearchParams(interaction.body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'block_actions',
      team: { id: 'T0FAKETEAM' },
      user: { id: 'U0HUMAN01' },
    });
    expect(payload.trigger_id).toEqual(expect.any(String));

    await slack.sendSlashCommand({ command: '/haven', text: 'status', user: 'U0CW', channel: CHANNEL });
    const form = new URLSearchParams(received[1]!.body);
    expect(Object.fromEntries(form)).toMatchObject({
      command: '/haven',
      text: 'status',
      user_id: 'U0CW',
      channel_id: CHANNEL,
    });
    expect(() => verify(received[1]!)).not.toThrow();
  });

  it('sends the choice of an overflow menu as a signed block_actions, and refuses a menu Slack would', async () => {
    const options = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        text: { type: 'plain_text' as const, text: `Option ${i}` },
        value: `v${i}`,
      }));
    const menu = (count: number) => [
      {
        type: 'section',
        block_id: 'menu',
        text: { type: 'plain_text', text: 'Choose' },
        accessory: { type: 'overflow', action_id: 'pick', options: options(count) },
      },
    ];
    // The Web API as a client calls it (JSON with the bot token), straight on the fake's Hono app.
    const post = async (blocks: unknown[]) => {
      const response = await slack.app.request('/api/chat.postMessage', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: CHANNEL, text: 'x', blocks }),
      });
      return (await response.json()) as { ok: boolean; ts?: string; error?: string };
    };
    const posted = await post(menu(3));
    await slack.chooseOverflowOption({
      channel: CHANNEL,
      messageTs: posted.ts!,
      actionId: 'pick',
      value: 'v2',
      user: 'U0CW',
    });
    expect(() => verify(received[0]!)).not.toThrow();
    const payload = JSON.parse(new URLSearchParams(received[0]!.body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0CW' },
      channel: { id: CHANNEL },
      message: { ts: posted.ts },
      actions: [{ type: 'overflow', action_id: 'pick', block_id: 'menu', selected_option: { value: 'v2' } }],
    });
    await expect(
      slack.chooseOverflowOption({ channel: CHANNEL, messageTs: posted.ts!, actionId: 'pick', value: 'v9' }),
    ).rejects.toThrow(/no menu pick with "v9"/);

    expect(await post(menu(6))).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(slack.violations).toEqual(['chat.postMessage: overflow in block 0 has 6 options (2 to 5)']);
  });
});
