import { serve } from '@hono/node-server';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { Bot, webhookCallback } from 'grammy';
import { Hono } from 'hono';

/**
 * The baseline: the same libraries Haven uses wired as the thinnest possible relay. A Telegram text goes
 * straight to chat.postMessage before the webhook is answered; a caseworker's thread reply goes straight
 * to sendMessage. No database, no outbox, no flows: the only state is an in-memory map from Slack message
 * to chat, so a reply can find its person.
 */

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const channel = env('SLACK_INBOX_CHANNEL');
const bot = new Bot(env('TELEGRAM_BOT_TOKEN'), { client: { apiRoot: env('TELEGRAM_API_ROOT') } });
const slack = new WebClient(env('SLACK_BOT_TOKEN'), {
  slackApiUrl: env('SLACK_API_URL'),
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  logLevel: LogLevel.ERROR,
});
const chatOfMessage = new Map<string, number>();

const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

bot.on('message:text', async (ctx) => {
  const posted = await slack.chat.postMessage({ channel, text: escapeMrkdwn(ctx.message.text) });
  if (posted.ts) chatOfMessage.set(posted.ts, ctx.chat.id);
});

const bolt = new App({
  token: env('SLACK_BOT_TOKEN'),
  signingSecret: env('SLACK_SIGNING_SECRET'),
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: env('SLACK_API_URL'), retryConfig: { retries: 0 } },
});
bolt.message(async ({ message }) => {
  if (!('thread_ts' in message) || !message.thread_ts || !('text' in message) || !message.text) return;
  const chatId = chatOfMessage.get(message.thread_ts);
  if (chatId !== undefined) await bot.api.sendMessage(chatId, message.text);
});

await bot.init();
const app = new Hono();
app.post('/telegram/webhook', webhookCallback(bot, 'hono', { secretToken: env('TELEGRAM_WEBHOOK_SECRET') }));
app.get('/healthz', (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(env('PORT')), hostname: '127.0.0.1' });
await bolt.start(Number(env('SLACK_EVENTS_PORT')));

process.on('SIGTERM', () => process.exit(0));
