import { serve } from '@hono/node-server';
import { Bot, GrammyError, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../../src/sandbox/index.js';

const TOKEN = '123456789:TEST-token-for-the-fake-telegram-api';

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

/** What a Bot API call answers with, when it fails. */
async function failure(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe('FakeTelegram through the real grammY client', () => {
  let telegram: FakeTelegram;
  let served: { server: Served; url: string };
  let bot: Bot;
  const servers: Served[] = [];

  beforeEach(async () => {
    telegram = new FakeTelegram({ token: TOKEN });
    served = await listen(telegram.app.fetch);
    bot = new Bot(TOKEN, { client: { apiRoot: served.url } });
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await close(server);
    await close(served.server);
  });

  it('answers getMe with the bot user, its id taken from the token', async () => {
    const me = await bot.api.getMe();
    expect(me).toMatchObject({
      id: 123456789,
      is_bot: true,
      username: 'haven_test_bot',
      can_join_groups: true,
    });
    expect(telegram.calls.map((c) => c.method)).toEqual(['getMe']);
  });

  it('refuses a wrong token with 401 Unauthorized', async () => {
    const other = new Bot('987654321:not-the-token', { client: { apiRoot: served.url } });
    const error = await failure(other.api.getMe());
    expect(error.error_code).toBe(401);
    expect(error.description).toBe('Unauthorized');
  });

  it('sends a message, returns a realistic Message, and shares message ids with the person', async () => {
    await telegram.sendFromPerson({ chatId: 42, text: 'hi', firstName: 'Amira' });
    const sent = await bot.api.sendMessage(42, 'Hello', {
      protect_content: true,
      disable_notification: true,
    });
    expect(sent).toMatchObject({
      message_id: 2,
      chat: { id: 42, type: 'private', first_name: 'Amira' },
      from: { id: 123456789, is_bot: true },
      text: 'Hello',
      has_protected_content: true,
    });
    expect(typeof sent.date).toBe('number');
    const { update } = await telegram.sendFromPerson({ chatId: 42, text: 'again' });
    expect(update.message?.message_id).toBe(3);
    expect(telegram.sentTo(42)).toMatchObject([
      { message_id: 2, text: 'Hello', protect_content: true, disable_notification: true },
    ]);
    expect(telegram.sentTo(42)[0]?.parse_mode).toBeUndefined();
    expect(telegram.violations).toEqual([]);
  });

  it('edits and deletes what the bot sent, and says so when the message is gone', async () => {
    const sent = await bot.api.sendMessage(7, 'draft');
    const edited = await bot.api.editMessageText(7, sent.message_id, 'final');
    expect(edited).toMatchObject({ text: 'final' });
    expect(telegram.sentTo(7)[0]).toMatchObject({ text: 'final', edited: true });
    expect((await failure(bot.api.editMessageText(7, sent.message_id, 'final'))).description).toMatch(
      /message is not modified/,
    );
    expect(await bot.api.deleteMessage(7, sent.message_id)).toBe(true);
    expect(telegram.sentTo(7)[0]?.deleted).toBe(true);
    expect((await failure(bot.api.deleteMessage(7, sent.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
  });

  it('rejects text over 4096 characters as Telegram does, and records the violation', async () => {
    const error = await failure(bot.api.sendMessage(1, 'x'.repeat(4097)));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe('Bad Request: message is too long');
    expect(telegram.violations).toEqual(['sendMessage: text is 4097 characters (limit 4096)']);
    expect(telegram.sentTo(1)).toEqual([]);
    await bot.api.sendMessage(1, 'x'.repeat(4096));
    expect(telegram.sentTo(1)).toHaveLength(1);
  });

  it('rejects empty text and an unknown parse_mode', async () => {
    expect((await failure(bot.api.sendMessage(1, '  '))).description).toBe(
      'Bad Request: message text is empty',
    );
    const error = await failure(bot.api.sendMessage(1, 'hi', { parse_mode: 'Markdown2' as 'MarkdownV2' }));
    expect(error.description).toBe('Bad Request: unsupported parse_mode');
    expect(telegram.violations).toHaveLength(2);
  });

  it('counts callback_data in UTF-8 bytes: 32 × "ä" (64 bytes) passes, 33 (66 bytes) is BUTTON_DATA_INVALID', async () => {
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'Yes', callback_data: data }]] });
    await bot.api.sendMessage(5, 'ok?', { reply_markup: keyboard('ä'.repeat(32)) });
    const error = await failure(bot.api.sendMessage(5, 'ok?', { reply_markup: keyboard('ä'.repeat(33)) }));
    expect(error.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(telegram.violations).toEqual([
      'sendMessage: reply_markup callback_data is 66 bytes (must be 1-64 bytes in UTF-8)',
    ]);
  });

  it('rejects malformed reply_markup', async () => {
    const textOnly = { inline_keyboard: [[{ text: 'no action' }]] };
    const error = await failure(bot.api.sendMessage(5, 'x', { reply_markup: textOnly as never }));
    expect(error.description).toMatch(/can't parse inline keyboard button/);
    await failure(bot.api.sendMessage(5, 'x', { reply_markup: { inline_keyboard: 'nope' } as never }));
    expect(telegram.violations).toHaveLength(2);
  });

  it('answers an unknown method with 404 Not Found and a missing field with 400', async () => {
    const unknown = await fetch(`${served.url}/bot${TOKEN}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    const missing = await fetch(`${served.url}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'to nobody' }),
    });
    expect(missing.status).toBe(400);
    expect(telegram.violations).toEqual([
      'unknown method sendTelepathy',
      'sendMessage: missing required field chat_id',
    ]);
  });

  it('accepts urlencoded bodies and records unknown fields without refusing them', async () => {
    const response = await fetch(`${served.url}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: '9',
        text: '[not json]',
        protect_contents: 'true',
        reply_markup: '{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}',
      }),
    });
    expect(response.status).toBe(200);
    expect(telegram.sentTo(9)[0]).toMatchObject({
      text: '[not json]',
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
    expect(telegram.violations).toEqual([
      'sendMessage: unknown field(s) protect_contents (Telegram ignores them)',
    ]);
  });

  it('surfaces an injected 429 as a GrammyError with retry_after, then recovers', async () => {
    telegram.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    });
    const error = await failure(bot.api.sendMessage(3, 'hello'));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(2);
    await bot.api.sendMessage(3, 'hello');
    expect(telegram.calls.map((c) => c.ok)).toEqual([false, true]);
  });

  it('injects faults for any method with "*", for the given count', async () => {
    telegram.failNext('*', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 2);
    expect((await failure(bot.api.getMe())).error_code).toBe(403);
    expect((await failure(bot.api.sendMessage(1, 'x'))).error_code).toBe(403);
    await expect(bot.api.getMe()).resolves.toMatchObject({ is_bot: true });
  });

  it('hands a queued update to a long-polling getUpdates as soon as it arrives', async () => {
    const started = Date.now();
    const poll = bot.api.getUpdates({ timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { update, status } = await telegram.sendFromPerson({
      chatId: 11,
      text: 'over polling',
      languageCode: 'nl',
    });
    expect(status).toBeUndefined();
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(updates).toEqual([update]);
    expect(update.message).toMatchObject({
      chat: { id: 11, type: 'private', first_name: 'Test' },
      from: { id: 11, is_bot: false, language_code: 'nl' },
      text: 'over polling',
    });
    // Not confirmed yet: the same update comes again until the offset moves past it.
    expect(await bot.api.getUpdates({ timeout: 0 })).toHaveLength(1);
    expect(await bot.api.getUpdates({ offset: update.update_id + 1, timeout: 0 })).toEqual([]);
  });

  it('answers an empty long poll after its timeout, and a poll the client aborts at once', async () => {
    const started = Date.now();
    expect(await bot.api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const controller = new AbortController();
    // grammY types its signal parameter with an AbortSignal polyfill; the platform's is what it uses.
    const signal = controller.signal as Parameters<typeof bot.api.getUpdates>[1];
    const aborted = bot.api.getUpdates({ timeout: 30 }, signal).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await aborted;
    // The fake let go of the aborted poll, so the update waits for the next one.
    await telegram.sendFromPerson({ chatId: 12, text: 'after abort' });
    const next = await bot.api.getUpdates({ timeout: 1 });
    expect(next.map((u) => u.message?.text)).toEqual(['after abort']);
  });

  it('delivers to a webhook with the secret token, and refuses getUpdates while it is set', async () => {
    const received: Array<{ secret?: string; update: Update }> = [];
    const receiver = new Hono().post('/hook', async (c) => {
      received.push({ secret: c.req.header('x-telegram-bot-api-secret-token'), update: await c.req.json() });
      return c.body(null, 200);
    });
    const hook = await listen(receiver.fetch);
    servers.push(hook.server);

    const badSecret = await failure(bot.api.setWebhook(`${hook.url}/hook`, { secret_token: 'has spaces' }));
    expect(badSecret.error_code).toBe(400);
    await bot.api.setWebhook(`${hook.url}/hook`, { secret_token: 's3cret_-', allowed_updates: ['message'] });
    expect(telegram.webhook).toEqual({ url: `${hook.url}/hook`, secretToken: 's3cret_-' });
    expect((await bot.api.getWebhookInfo()).url).toBe(`${hook.url}/hook`);

    const { update, status } = await telegram.sendFromPerson({ chatId: 21, text: 'by webhook' });
    expect(status).toBe(200);
    expect(received).toEqual([{ secret: 's3cret_-', update }]);
    expect((await telegram.deliver(update, { secretToken: null })).status).toBe(200);
    expect(received[1]?.secret).toBeUndefined();
    // allowed_updates: ['message'] means Telegram never sends button presses.
    expect((await telegram.sendFromPerson({ chatId: 21, callbackData: 'x' })).status).toBeUndefined();
    expect(received).toHaveLength(2);

    expect((await failure(bot.api.getUpdates())).error_code).toBe(409);
    await bot.api.deleteWebhook();
    expect(telegram.webhook).toBeUndefined();
  });

  it('serves the photo a person sends through getFile and the file download URL', async () => {
    const { update } = await telegram.sendFromPerson({ chatId: 31, photo: true, text: 'my document' });
    const photo = update.message?.photo;
    expect(photo).toHaveLength(3);
    expect(update.message?.caption).toBe('my document');
    const file = await bot.api.getFile(photo!.at(-1)!.file_id);
    expect(file.file_path).toMatch(/^photos\/file_\d+\.jpg$/);
    const download = await fetch(`${served.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes.length).toBe(file.file_size);
  });

  it('accepts grammY multipart uploads for sendPhoto and sendDocument', async () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const photo = await bot.api.sendPhoto(41, new InputFile(bytes, 'pic.jpg'), { caption: 'look' });
    expect(photo.caption).toBe('look');
    const document = await bot.api.sendDocument(41, new InputFile(bytes, 'notes.pdf'), {
      reply_markup: { inline_keyboard: [[{ text: 'Open', url: 'https://example.org' }]] },
    });
    expect(document.document).toMatchObject({ file_name: 'notes.pdf', file_size: 5 });
    const file = await bot.api.getFile(document.document!.file_id);
    const download = await fetch(`${served.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(telegram.sentTo(41).map((m) => m.method)).toEqual(['sendPhoto', 'sendDocument']);
    expect(telegram.violations).toEqual([]);
  });

  it('builds a button press on a bot message, which answerCallbackQuery can answer once', async () => {
    const sent = await bot.api.sendMessage(51, 'Pick', {
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'pick:a' }]] },
    });
    const { update } = await telegram.sendFromPerson({ chatId: 51, callbackData: 'pick:a' });
    const query = update.callback_query!;
    expect(query).toMatchObject({
      data: 'pick:a',
      from: { id: 51 },
      message: { message_id: sent.message_id },
    });
    expect(await bot.api.answerCallbackQuery(query.id, { text: 'Noted' })).toBe(true);
    expect((await failure(bot.api.answerCallbackQuery(query.id))).error_code).toBe(400);
  });

  it('checks setup calls: commands, descriptions, chat actions, deleteMessages', async () => {
    await bot.api.setMyCommands([{ command: 'start', description: 'Begin' }]);
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Begin' }]);
    await failure(bot.api.setMyCommands([{ command: 'Start!', description: 'Begin' }]));
    await bot.api.setMyDescription('Help in your language');
    await failure(bot.api.setMyShortDescription('x'.repeat(121)));
    await bot.api.sendChatAction(1, 'typing');
    await failure(bot.api.sendChatAction(1, 'dancing' as 'typing'));
    await failure(bot.api.deleteMessages(1, []));
    expect(telegram.violations).toHaveLength(4);
    // A method the reference knows but the fake does not model: accepted and recorded.
    expect(await bot.api.setMyName('Haven')).toBe(true);
    expect(telegram.calls.at(-1)).toMatchObject({
      method: 'setMyName',
      payload: { name: 'Haven' },
      ok: true,
    });
  });

  it('enforces per-chat rate limits only when asked to', async () => {
    telegram.enforceRateLimits({ perChatPerSecond: 2, globalPerSecond: 30 });
    await bot.api.sendMessage(61, 'one');
    await bot.api.sendMessage(61, 'two');
    const error = await failure(bot.api.sendMessage(61, 'three'));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(1);
    await bot.api.sendMessage(62, 'other chat');
    expect(telegram.rateLimited).toBe(1);
    telegram.enforceRateLimits(undefined);
    await bot.api.sendMessage(61, 'three');
  });

  it('forgets everything on reset but keeps update ids unique', async () => {
    const first = await telegram.sendFromPerson({ chatId: 71, text: 'a' });
    await bot.api.sendMessage(71, 'b');
    telegram.reset();
    expect(telegram.calls).toEqual([]);
    expect(telegram.sentTo(71)).toEqual([]);
    expect(await bot.api.getUpdates()).toEqual([]);
    const second = await telegram.sendFromPerson({ chatId: 71, text: 'c' });
    expect(second.update.update_id).toBeGreaterThan(first.update.update_id);
  });
});
