import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Logger as PinoLogger } from 'pino';
import { parseConfig } from '../../src/config.js';
import type { DeliveryRateLimits } from '../../src/core/index.js';
import { type RunningHaven, type StartOptions, startHaven } from '../../src/runtime/node/start.js';
import { FakeSlack, FakeTelegram } from '../../src/sandbox/index.js';

export const TELEGRAM_TOKEN = '123456789:TEST-token-for-the-fake-telegram-api';
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const SLACK_TOKEN = 'xoxb-test-token-for-the-fake-slack-api';
export const SIGNING_SECRET = 'test-signing-secret';
export const INBOX = 'C0INBOX01';

type Served = ReturnType<typeof serve>;

/** Resolves with the server once it listens; `serve` itself returns before that. */
function serveOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: Served; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Stack {
  telegram: FakeTelegram;
  slack: FakeSlack;
  haven: RunningHaven;
  databasePath: string;
  /** Stops Haven (not the fakes) and starts it again on the same database and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  delivery?: 'webhook' | 'polling';
  env?: Record<string, string>;
  /** Haven's logger (the default writes nothing: LOG_LEVEL is silent). */
  logger?: PinoLogger;
  /**
   * Outbox tuning and the rate limits Haven paces itself by. The defaults suit quick tests: fast retries
   * and limits far above the fakes' (which enforce none unless told to).
   */
  haven?: Pick<StartOptions, 'outbox' | 'rateLimits' | 'rateLimiter' | 'clock'>;
}

const LIMIT_FOR_TESTS = { perSecond: 1_000, burst: 100 };
/** Pacing that never holds a quick test back; reliability tests set the platforms' real limits. */
export const TEST_RATE_LIMITS: DeliveryRateLimits = {
  channelSend: { perDestination: LIMIT_FOR_TESTS, overall: LIMIT_FOR_TESTS },
  inboxPost: { perDestination: LIMIT_FOR_TESTS },
  inboxUpdate: { overall: LIMIT_FOR_TESTS },
  inboxReact: { overall: LIMIT_FOR_TESTS },
  inboxErase: { overall: LIMIT_FOR_TESTS },
};

/**
 * A real Haven (the Node runtime, SQLite, grammY, Bolt) between a fake Telegram Bot API and a fake Slack
 * Web API, each on its own loopback port, configured only through the public environment contract.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const directory = mkdtempSync(join(tmpdir(), 'haven-test-'));
  const databasePath = join(directory, 'haven.sqlite');
  const telegram = new FakeTelegram({ token: TELEGRAM_TOKEN });
  const slack = new FakeSlack({ botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET });
  const telegramServer = await serveOnLoopback(telegram.app.fetch);
  const slackServer = await serveOnLoopback(slack.app.fetch);
  slack.publicUrl = slackServer.url;
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    DATABASE_PATH: databasePath,
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: telegramServer.url,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slackServer.url}/api/`,
    SLACK_INBOX_CHANNEL: INBOX,
    LOG_LEVEL: 'silent',
    // A fixed test key (32 bytes of 0x07): live mode refuses to start without one.
    HAVEN_ENCRYPTION_KEY: `test:${Buffer.alloc(32, 7).toString('base64')}`,
    ...(options.delivery === 'polling' ? {} : { PUBLIC_URL: `http://127.0.0.1:${port}` }),
    ...options.env,
  };
  const boot = () =>
    startHaven(parseConfig(env), {
      outbox: { idlePollMs: 50, backoff: { baseMs: 20, maxMs: 200 }, ...options.haven?.outbox },
      rateLimits: options.haven?.rateLimits ?? TEST_RATE_LIMITS,
      ...(options.haven?.rateLimiter ? { rateLimiter: options.haven.rateLimiter } : {}),
      ...(options.haven?.clock ? { clock: options.haven.clock } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });

  const stack: Stack = {
    telegram,
    slack,
    haven: await boot(),
    databasePath,
    async restart() {
      await stack.haven.stop();
      stack.haven = await boot();
    },
    async stop() {
      await stack.haven.stop();
      await new Promise((resolve) => telegramServer.server.close(resolve));
      await new Promise((resolve) => slackServer.server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
  slack.eventsUrl = `${stack.haven.url}/slack/events`;
  return stack;
}

/** Polls until `check` returns a truthy value (or stops throwing), failing after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw lastError ?? new Error(`condition not met within ${timeoutMs} ms`);
}

/** Waits a little to prove that something does NOT happen. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The case cards in the inbox channel: the messages that head a thread, as Slack lists a channel. */
export function caseCards(stack: Stack) {
  return stack.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
}
