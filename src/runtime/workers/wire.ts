import { Api } from 'grammy';
import type { Hono } from 'hono';
import { createHttpApp } from '../../app.js';
import { createTelegramAdapter, type TelegramAdapterOptions } from '../../channels/telegram/index.js';
import { type CaseStore, type Clock, OutboxWorker, Relay, relayDeliveries } from '../../core/index.js';
import { detectLanguage } from '../../i18n/detect.js';
import { createTexts } from '../../i18n/texts.js';
import { slackThreadLink } from '../../inbox/slack/thread-link.js';
import { createSlackHttpAdapter } from '../../inbox/slack-http/index.js';
import { DrizzleCaseStore } from '../../storage/case-store.js';
import { openD1Database } from '../../storage/d1.js';
import { EncryptedCaseStore, sealedChatIdentity } from '../../storage/encrypted-case-store.js';
import { cipherFromConfig } from '../../storage/encryption-config.js';
import { listOpenCases } from '../../storage/open-cases.js';
import { DrizzleResumeStore } from '../../storage/resume-store.js';
import { type PurgeCounts, purgeExpired } from '../../storage/retention.js';
import { createTranslator } from '../../translation/index.js';
import { commandMenus, createDialogueContext } from '../dialogue.js';
import { withDeliveryBudget } from './delivery-budget.js';
import { telegramWebhookUrl, type WorkersConfig, type WorkersEnv, workersConfig } from './env.js';
import { createConsoleLogger } from './log.js';

/**
 * Deliveries in flight at once. A Worker invocation keeps at most six connections open, and D1 queries
 * share them with the platform calls.
 */
const CONCURRENCY = 4;

export interface WorkersHaven {
  config: WorkersConfig;
  /** The same Hono app the Node runtime serves (src/app.ts). */
  app: Hono;
  store: CaseStore;
  /** True when a request committed outbox work since the last call: the entry then drains after answering. */
  takeWork(): boolean;
  /** Delivers due outbox entries until none is left, the budget is spent, or `deadline` (epoch ms) passes. */
  drain(deadline: number): Promise<number>;
  /** What the Node runtime does at start-up against Telegram: publish the command menus, set the webhook. */
  setUpTelegram(publicUrl: string): Promise<{ webhookUrl: string; botUsername: string }>;
  /** The retention purge (closed cases after RETENTION_DAYS, unconsented held messages after 24 h). */
  purge(now: number): Promise<PurgeCounts>;
}

/**
 * Wires Haven for Cloudflare Workers: D1, the core, the Telegram adapter (webhook only), the fetch-based
 * Slack adapter and the same Hono app. This is the Workers twin of src/runtime/node/start.ts and follows it
 * line by line, so a change to the core's wiring (a new Relay dependency, a new delivery handler, a new
 * adapter option) is made in both files the same way. What differs, and why:
 * - storage: D1 through src/storage/d1.ts, migrated beforehand by `wrangler d1 migrations apply`;
 * - Slack: src/inbox/slack-http instead of Bolt, which does not run on Workers;
 * - Telegram: `botInfo` from the environment (no getMe on a cold start), no polling, no start() per
 *   isolate: the webhook and menus are set once through /telegram/setup;
 * - outbox: no long-lived loop; the entry calls drain() after requests that committed work and on cron,
 *   within a per-invocation budget;
 * - logs: JSON lines on the console instead of pino.
 * Built once per isolate and reused by its requests; nothing here holds a request's I/O objects.
 */
export function wireHaven(env: WorkersEnv, options: { clock?: Clock } = {}): WorkersHaven {
  const config = workersConfig(env);
  const logger = createConsoleLogger(config.logLevel);
  const clock = options.clock ?? { now: () => Date.now() };
  // Sealed at rest with Web Crypto, exactly as on Node: the same key reads the same rows.
  const database = openD1Database(env.DB);
  const cipher = cipherFromConfig(config.encryption);
  const store = new EncryptedCaseStore(new DrizzleCaseStore(database), cipher);
  const texts = createTexts();

  let workPending = false;
  const translator = createTranslator(config.translation);
  // Resume codes live in D1 like everything else, so any isolate can check one.
  const resume = new DrizzleResumeStore(database, sealedChatIdentity(cipher));
  const relay = new Relay({
    store,
    // CI checks every flow text in every language (npm run check:flows); a cold Worker skips it.
    dialogue: createDialogueContext(config, texts, detectLanguage, { checkFlowTexts: false }),
    clock,
    logger,
    inboxChannel: config.slack.inboxChannel,
    resume,
    translator,
    threadLink: (channel, ts) => slackThreadLink(channel, ts, { openThread: true }),
    onWork: () => {
      workPending = true;
    },
  });
  const telegramOptions = (url: string): TelegramAdapterOptions => ({
    ...config.telegram,
    delivery: { kind: 'webhook', url },
    relay,
    logger,
    commands: commandMenus(texts),
    botInfo: config.botInfo,
    // Counted per isolate: a flood spread over several isolates is slowed down less, never wrongly.
    floodControl: { now: () => clock.now() },
  });
  const telegram = createTelegramAdapter(telegramOptions(config.telegram.webhookUrl ?? ''));
  const slack = createSlackHttpAdapter({
    ...config.slack,
    inboxLanguage: config.inboxLanguage,
    // As on Node: the App Home tab and `/haven cases` list the open cases of the inbox channel.
    openCases: () => listOpenCases(database, { inboxChannel: config.slack.inboxChannel, limit: 30 }),
    relay,
    texts,
    logger,
  });
  const handlers = relayDeliveries({
    store,
    inbox: slack.inbox,
    channel: telegram.channel,
    texts,
    routing: config.routing,
    translator,
    resume,
    inboxLanguage: config.inboxLanguage,
    clock,
    logger,
  });

  const app = createHttpApp({
    telegramWebhookSecret: config.telegram.webhookSecret,
    telegramWebhook: telegram.handleWebhook,
    slackEvents: slack.handleHttp,
    checkDatabase: () => store.ping(),
    logger,
  });

  return {
    config,
    app,
    store,
    purge(now) {
      return purgeExpired(database, { now, retentionDays: config.retentionDays });
    },
    takeWork() {
      const taken = workPending;
      workPending = false;
      return taken;
    },
    drain(deadline) {
      // A worker per invocation: the budget belongs to the invocation, the leases keep concurrent
      // invocations (other requests, other isolates, the cron) from delivering the same entry twice.
      const worker = new OutboxWorker({
        store: withDeliveryBudget(store, config.deliveriesPerInvocation),
        clock,
        logger,
        handlers,
        concurrency: CONCURRENCY,
      });
      return worker.drain(deadline);
    },
    async setUpTelegram(publicUrl) {
      const webhookUrl = config.telegram.webhookUrl ?? telegramWebhookUrl(publicUrl);
      await createTelegramAdapter(telegramOptions(webhookUrl)).start();
      const me = await new Api(config.telegram.token, { apiRoot: config.telegram.apiRoot }).getMe();
      logger.info({ delivery: 'webhook' }, 'telegram webhook and command menus set');
      return { webhookUrl, botUsername: me.username };
    },
  };
}
