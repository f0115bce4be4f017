import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger as PinoLogger } from 'pino';
import { createHttpApp } from '../../app.js';
import { createTelegramAdapter } from '../../channels/telegram/index.js';
import { type Config, LIVE_VARIABLES, SANDBOX, SLACK_EVENTS_PATH } from '../../config.js';
import { type Clock, OutboxWorker, Relay, relayDeliveries } from '../../core/index.js';
import { detectLanguage } from '../../i18n/detect.js';
import { createTexts } from '../../i18n/texts.js';
import { createSlackAdapter } from '../../inbox/slack/index.js';
import { createLogger } from '../../log.js';
import { FakeSlack, FakeTelegram } from '../../sandbox/index.js';
import { createPlayground } from '../../sandbox/playground/index.js';
import { DrizzleCaseStore } from '../../storage/case-store.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { commandMenus, createDialogueContext } from '../dialogue.js';

export interface StartOptions {
  logger?: PinoLogger;
  clock?: Clock;
  /** Outbox tuning for tests. */
  outbox?: { idlePollMs?: number; backoff?: { baseMs: number; maxMs: number } };
}

export interface RunningHaven {
  config: Config;
  url: string;
  port: number;
  worker: OutboxWorker;
  store: DrizzleCaseStore;
  /** The in-process fake platforms, in sandbox mode only. */
  sandbox: { telegram: FakeTelegram; slack: FakeSlack } | undefined;
  stop(): Promise<void>;
}

/**
 * Wires Haven for Node: SQLite, the core, the Telegram and Slack adapters and one HTTP server. Returns a
 * handle so tests and the entry point can stop it cleanly. Reads no environment itself.
 */
export async function startHaven(config: Config, options: StartOptions = {}): Promise<RunningHaven> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? { now: () => Date.now() };
  const database = openSqliteDatabase(config.databasePath);
  const store = new DrizzleCaseStore(database);
  const texts = createTexts();

  let worker: OutboxWorker | undefined;
  const relay = new Relay({
    store,
    dialogue: createDialogueContext(config, texts, detectLanguage),
    clock,
    logger,
    inboxChannel: config.slack.inboxChannel,
    onWork: () => worker?.kick(),
  });
  const telegram = createTelegramAdapter({
    ...config.telegram,
    relay,
    logger,
    commands: commandMenus(texts),
  });
  const slack = createSlackAdapter({
    ...config.slack,
    inboxLanguage: config.inboxLanguage,
    replyMode: config.replyMode,
    relay,
    texts,
    logger,
  });
  worker = new OutboxWorker({
    store,
    clock,
    logger,
    handlers: relayDeliveries({
      store,
      inbox: slack.inbox,
      channel: telegram.channel,
      texts,
      routing: config.routing,
      inboxLanguage: config.inboxLanguage,
      clock,
      logger,
    }),
    ...options.outbox,
  });

  const app = createHttpApp({
    telegramWebhookSecret: config.telegram.webhookSecret,
    telegramWebhook: telegram.handleWebhook,
    slackEvents: slack.handleHttp,
    checkDatabase: () => store.ping(),
    logger,
  });

  const sandbox = config.mode === 'sandbox' ? mountSandbox(app, config) : undefined;
  const server = await listen(app.fetch, config.port);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  if (sandbox) {
    sandbox.slack.publicUrl = `${url}${SANDBOX.slackMount}`;
    sandbox.slack.eventsUrl = `${url}${SLACK_EVENTS_PATH}`;
  }

  worker.start();
  try {
    await telegram.start();
  } catch (error) {
    // Keep serving: stored messages wait in the outbox, and the admin sees why nothing arrives.
    logger.error(
      { err: (error as Error).name },
      'telegram set-up failed; check TELEGRAM_BOT_TOKEN and PUBLIC_URL',
    );
  }
  await slack.start();

  if (sandbox) {
    logger.info(
      { url, set: LIVE_VARIABLES },
      `Haven is running in SANDBOX mode at ${url}: fake Telegram and Slack run in this process and nothing leaves this machine. Set ${LIVE_VARIABLES.join(', ')} to connect the real platforms.`,
    );
  } else {
    logger.info(
      { url, telegram: config.telegram.delivery.kind, slack: config.slack.appToken ? 'socket' : 'http' },
      'Haven is running',
    );
  }

  return {
    config,
    url,
    port,
    worker,
    store,
    sandbox,
    async stop() {
      await telegram.stop();
      await slack.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker?.stop();
      await database.close();
    },
  };
}

function mountSandbox(app: ReturnType<typeof createHttpApp>, config: Config) {
  const telegram = new FakeTelegram({ token: config.telegram.token });
  const slack = new FakeSlack({ botToken: config.slack.botToken, signingSecret: config.slack.signingSecret });
  app.route(SANDBOX.telegramMount, telegram.app);
  app.route(SANDBOX.slackMount, slack.app);
  app.route('/', createPlayground({ telegram, slack }));
  return { telegram, slack };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '0.0.0.0' }, () => resolve(server));
    server.once('error', reject);
  });
}
