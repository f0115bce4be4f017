import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger as PinoLogger } from 'pino';
import { createHttpApp } from '../../app.js';
import { createTelegramAdapter } from '../../channels/telegram/index.js';
import { grammyRunnerPolling } from '../../channels/telegram/polling.js';
import { type Config, LIVE_VARIABLES, SANDBOX, SLACK_EVENTS_PATH } from '../../config.js';
import {
  announceParked,
  type CaseStore,
  type Clock,
  type DeliveryRateLimits,
  type GiveUpPolicy,
  OutboxWorker,
  PLATFORM_RATE_LIMITS,
  pacedPorts,
  type RateLimiter,
  Relay,
  relayDeliveries,
  TokenBucketRateLimiter,
} from '../../core/index.js';
import { createTexts } from '../../i18n/texts.js';
import { createSlackAdapter } from '../../inbox/slack/index.js';
import { slackThreadLink } from '../../inbox/slack/thread-link.js';
import { createLogger } from '../../log.js';
import type { FakeSlack, FakeTelegram } from '../../sandbox/index.js';
import { DrizzleCaseStore } from '../../storage/case-store.js';
import { EncryptedCaseStore, sealedChatIdentity } from '../../storage/encrypted-case-store.js';
import { listOpenCases } from '../../storage/open-cases.js';
import { DrizzleResumeStore } from '../../storage/resume-store.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { wipeEverything } from '../../storage/wipe.js';
import { createTranslator } from '../../translation/index.js';
import { commandMenus, createDialogueContext } from '../dialogue.js';
import { loadLanguageDetector } from './language-detector.js';
import { startRetentionJob } from './retention-job.js';
import { openNodeCipher } from './sandbox-key.js';

export interface StartOptions {
  logger?: PinoLogger;
  clock?: Clock;
  /** Outbox tuning for tests. */
  outbox?: {
    idlePollMs?: number;
    backoff?: { baseMs: number; maxMs: number };
    leaseMs?: number;
    giveUp?: GiveUpPolicy;
  };
  /** The platforms' rate limits Haven paces itself by (default: Telegram's and Slack's documented ones). */
  rateLimits?: DeliveryRateLimits;
  /** Where the pacing is kept (default: token buckets in this process). */
  rateLimiter?: RateLimiter;
}

export interface RunningHaven {
  config: Config;
  url: string;
  port: number;
  worker: OutboxWorker;
  store: CaseStore;
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
  // Compacted in a child process while the database opens (see language-detector.ts).
  const detector = loadLanguageDetector();
  // Awaited below; a start that fails before then must not leave its failure unhandled.
  detector.catch(() => {});
  const clock = options.clock ?? { now: () => Date.now() };
  const cipher = await openNodeCipher(config.encryption, config.databasePath);
  const database = openSqliteDatabase(config.databasePath);
  const store = new EncryptedCaseStore(new DrizzleCaseStore(database), cipher);
  const texts = createTexts();
  const detectLanguage = await detector;

  let worker: OutboxWorker | undefined;
  const translator = createTranslator(config.translation);
  const resume = new DrizzleResumeStore(database, sealedChatIdentity(cipher));
  const relay = new Relay({
    store,
    dialogue: createDialogueContext(config, texts, detectLanguage),
    clock,
    logger,
    inboxChannel: config.slack.inboxChannel,
    resume,
    translator,
    threadLink: (channel, ts) => slackThreadLink(channel, ts, { openThread: true }),
    onWork: () => worker?.kick(),
  });
  const telegram = createTelegramAdapter({
    ...config.telegram,
    polling: grammyRunnerPolling,
    relay,
    logger,
    commands: commandMenus(texts),
    floodControl: { now: () => clock.now() },
  });
  const slack = createSlackAdapter({
    ...config.slack,
    inboxLanguage: config.inboxLanguage,
    replyMode: config.replyMode,
    centreChannels: config.routing.centres.flatMap((centre) =>
      centre.inboxChannel ? [centre.inboxChannel] : [],
    ),
    openCases: () => listOpenCases(database, { inboxChannel: config.slack.inboxChannel, limit: 30 }),
    relay,
    texts,
    logger,
  });
  // Every platform call waits for its rate limit's token; an entry that must wait goes back to the outbox.
  const paced = pacedPorts(
    { channel: telegram.channel, inbox: slack.inbox },
    {
      limiter: options.rateLimiter ?? new TokenBucketRateLimiter(),
      limits: options.rateLimits ?? PLATFORM_RATE_LIMITS,
      clock,
    },
  );
  worker = new OutboxWorker({
    store,
    clock,
    logger,
    onParked: announceParked({ store, texts, inboxLanguage: config.inboxLanguage, clock, logger }),
    handlers: relayDeliveries({
      store,
      inbox: paced.inbox,
      channel: paced.channel,
      texts,
      routing: config.routing,
      translator,
      resume,
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

  const sandbox =
    config.mode === 'sandbox' ? await mountSandbox(app, config, () => wipeEverything(database)) : undefined;
  const server = await listen(app.fetch, config.port);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  if (sandbox) {
    sandbox.slack.publicUrl = `${url}${SANDBOX.slackMount}`;
    sandbox.slack.eventsUrl = `${url}${SLACK_EVENTS_PATH}`;
  }

  worker.start();
  const retention = startRetentionJob({ database, retentionDays: config.retentionDays, clock, logger });
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
      await retention.stop();
      await database.close();
    },
  };
}

/** The fakes and the playground are loaded in sandbox mode only: a live Haven has no use for their code. */
async function mountSandbox(
  app: ReturnType<typeof createHttpApp>,
  config: Config,
  reset: () => Promise<void>,
) {
  const { FakeSlack, FakeTelegram } = await import('../../sandbox/index.js');
  const { createPlayground } = await import('../../sandbox/playground/index.js');
  const telegram = new FakeTelegram({ token: config.telegram.token });
  const slack = new FakeSlack({ botToken: config.slack.botToken, signingSecret: config.slack.signingSecret });
  app.route(SANDBOX.telegramMount, telegram.app);
  app.route(SANDBOX.slackMount, slack.app);
  app.route('/', createPlayground({ telegram, slack, reset }));
  return { telegram, slack };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '0.0.0.0' }, () => resolve(server));
    server.once('error', reject);
  });
}
