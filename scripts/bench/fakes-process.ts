import { serve } from '@hono/node-server';
import { FakeSlack, FakeTelegram } from '../../src/sandbox/index.js';
import { monotonicMs, sleep } from './clock.js';
import {
  type Arrivals,
  type CaseworkerReply,
  type DeliveryTally,
  type FakesCommand,
  type FakesReady,
  INBOX,
  SIGNING_SECRET,
  SLACK_TOKEN,
  type Tally,
  TELEGRAM_TOKEN,
} from './fakes-protocol.js';
import { MARKER } from './updates.js';

/**
 * The fake Telegram Bot API and fake Slack Web API in a process of their own, so neither Haven nor the
 * load generator pays for them. Each request passes through a thin recorder that notes when a marked
 * message arrives (on the machine-wide monotonic clock) and counts deliveries and 429s.
 */

const telegram = new FakeTelegram({ token: TELEGRAM_TOKEN });
const slack = new FakeSlack({ botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET });

const emptyTally = (): DeliveryTally => ({
  ok: 0,
  rateLimited: 0,
  otherErrors: 0,
  firstOkAt: undefined,
  lastOkAt: undefined,
});
let slackTally = emptyTally();
let telegramTally = emptyTally();
let telegramPerChat = new Map<number, number>();
let apiCalls = { slack: 0, telegram: 0 };
let arrivals: Arrivals = { person: [], reply: [], replySent: [] };
const seenPerson = new Set<number>();

function count(tally: DeliveryTally, status: number, ok: boolean, at: number): void {
  if (ok) {
    tally.ok += 1;
    tally.firstOkAt ??= at;
    tally.lastOkAt = at;
  } else if (status === 429) tally.rateLimited += 1;
  else tally.otherErrors += 1;
}

/** The fakes keep every call for tests; a bench makes hundreds of thousands, so keep only the last few. */
function forgetOldCalls(): void {
  if (slack.calls.length > 1000) slack.calls.length = 0;
  if (telegram.calls.length > 1000) telegram.calls.length = 0;
}

async function recordSlack(request: Request): Promise<Response> {
  const at = monotonicMs();
  if (request.method !== 'POST' || !request.url.endsWith('/api/chat.postMessage')) {
    const response = await slack.app.fetch(request);
    if (response.status === 200 && request.url.includes('/api/')) apiCalls.slack += 1;
    return response;
  }
  const body = await request.text();
  const response = await slack.app.fetch(
    new Request(request.url, { method: 'POST', headers: request.headers, body }),
  );
  const answer = await response.text();
  const ok = response.status === 200 && answer.startsWith('{"ok":true');
  count(slackTally, response.status, ok, at);
  if (ok) apiCalls.slack += 1;
  const marked = MARKER.exec(body);
  if (ok && marked) {
    const id = Number(marked[1]);
    if (!seenPerson.has(id)) {
      seenPerson.add(id);
      const parsed = JSON.parse(answer) as { ts?: string; message?: { thread_ts?: string } };
      arrivals.person.push({ id, at, threadTs: parsed.message?.thread_ts, ts: parsed.ts });
    }
  }
  forgetOldCalls();
  return new Response(answer, { status: response.status, headers: response.headers });
}

async function recordTelegram(request: Request): Promise<Response> {
  const at = monotonicMs();
  if (
    request.method !== 'POST' ||
    !/\/send[A-Z]\w*$/.test(request.url) ||
    request.url.endsWith('ChatAction')
  ) {
    const response = await telegram.app.fetch(request);
    if (response.status === 200) apiCalls.telegram += 1;
    return response;
  }
  const body = await request.text();
  const response = await telegram.app.fetch(
    new Request(request.url, { method: 'POST', headers: request.headers, body }),
  );
  const ok = response.status === 200;
  count(telegramTally, response.status, ok, at);
  if (ok) apiCalls.telegram += 1;
  const chatId = Number(/"chat_id":"?(-?\d+)/.exec(body)?.[1] ?? Number.NaN);
  if (ok) telegramPerChat.set(chatId, (telegramPerChat.get(chatId) ?? 0) + 1);
  const marked = MARKER.exec(body);
  if (ok && marked) arrivals.reply.push({ id: Number(marked[1]), at, chatId });
  forgetOldCalls();
  return response;
}

/** Caseworkers answering in their threads, paced; each reply's departure time is recorded. */
async function sendReplies(replies: CaseworkerReply[], ratePerSecond: number): Promise<void> {
  const start = monotonicMs();
  await Promise.all(
    replies.map(async (reply, index) => {
      await sleep(Math.max(0, start + (index * 1000) / ratePerSecond - monotonicMs()));
      const at = monotonicMs();
      const { status } = await slack
        .postAsUser({ channel: INBOX, threadTs: reply.threadTs, user: 'U0CASEWORKER', text: reply.text })
        .catch(() => ({ status: 0 }));
      arrivals.replySent.push({ id: reply.markerId, at, status });
    }),
  );
}

function handle(command: FakesCommand): unknown {
  switch (command.kind) {
    case 'reset':
      telegram.reset();
      slack.reset();
      telegram.enforceRateLimits(undefined);
      slack.enforceRateLimits(undefined);
      slackTally = emptyTally();
      telegramTally = emptyTally();
      telegramPerChat = new Map();
      apiCalls = { slack: 0, telegram: 0 };
      arrivals = { person: [], reply: [], replySent: [] };
      seenPerson.clear();
      return true;
    case 'limits':
      slack.enforceRateLimits(command.limits.slack ?? undefined);
      telegram.enforceRateLimits(command.limits.telegram ?? undefined);
      return true;
    case 'events-url':
      slack.eventsUrl = command.url;
      return true;
    case 'tally':
      return {
        slack: { ...slackTally },
        telegram: { ...telegramTally },
        apiCalls: { ...apiCalls },
        telegramPerChat: [...telegramPerChat],
        violations: [...new Set([...slack.violations, ...telegram.violations])].slice(0, 20),
      } satisfies Tally;
    case 'arrivals':
      return arrivals;
    case 'reply':
      void sendReplies(command.replies, command.ratePerSecond);
      return true;
  }
}

function listen(fetch: (request: Request) => Promise<Response>): Promise<string> {
  return new Promise((resolve) => {
    serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
  });
}

const telegramUrl = await listen(recordTelegram);
const slackUrl = await listen(recordSlack);
slack.publicUrl = slackUrl;

process.on('message', (message: { id: number; command: FakesCommand }) => {
  try {
    process.send?.({ id: message.id, result: handle(message.command) });
  } catch (error) {
    process.send?.({ id: message.id, error: (error as Error).message });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ kind: 'ready', telegramUrl, slackUrl } satisfies FakesReady);
