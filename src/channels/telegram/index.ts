import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Context as HonoContext } from 'hono';
import type { ChatChannel, Logger, Relay } from '../../core/index.js';
import { type CommandMenus, publishCommands } from './commands.js';
import { DEFAULT_FLOOD_LIMITS, FloodCounter, type FloodLimits, floodGuard } from './flood-guard.js';
import { toFloodNotice, toPersonEdit, toPersonMessage, toPersonTap } from './person-message.js';
import type { LongPolling } from './polling.js';
import { TelegramChannel } from './telegram-channel.js';

export { TELEGRAM_CHANNEL } from './person-message.js';

/** The updates Haven handles; Telegram is told so it sends nothing else. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** Bot API calls that set the bot up. These may retry by themselves; message sends go through the outbox. */
const SETUP_METHODS = new Set(['getMe', 'setWebhook', 'deleteWebhook', 'setMyCommands', 'getUpdates']);

export interface TelegramAdapterOptions {
  token: string;
  apiRoot: string;
  webhookSecret: string | undefined;
  delivery: { kind: 'webhook'; url: string } | { kind: 'polling' };
  /** Long polling (Node only, `./polling.js`); required when `delivery` is `polling`. */
  polling?: LongPolling;
  relay: Relay;
  logger: Logger;
  /** The command menu per language ("" for the default), from the locales. */
  commands: CommandMenus;
  /** The bot's getMe answer, when known: grammY then skips getMe before the first update (Workers). */
  botInfo?: UserFromGetMe;
  /**
   * Flood control: once per flood from a chat, Haven says `common:slowDown` (every message is still
   * stored and relayed). Without it, no flood control runs.
   */
  floodControl?: { limits?: FloodLimits; now?: () => number };
}

export interface TelegramAdapter {
  channel: ChatChannel;
  /** The Hono handler for POST /telegram/webhook, answering only after the update is stored. */
  handleWebhook(c: HonoContext): Promise<Response>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Telegram through grammY. A handler only turns an update into a core input; the relay stores it, and
 * grammY answers the webhook after that, so Telegram re-sends anything Haven failed to store.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { relay, logger } = options;
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot }, botInfo: options.botInfo });
  // Capped well below Telegram's webhook timeout so a retrying setup call never stalls an update.
  const retrySetup = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5 });
  bot.api.config.use((prev, method, payload, signal) =>
    SETUP_METHODS.has(method) ? retrySetup(prev, method, payload, signal) : prev(method, payload, signal),
  );

  const privateChats = bot.chatType('private');
  const { polling } = options;
  if (options.delivery.kind === 'polling') {
    if (!polling) throw new Error('Telegram long polling needs a polling driver (Node only)');
    // Long polling fetches updates in batches; keep each chat's updates in order.
    bot.use(polling.inOrder);
  }
  if (options.floodControl) privateChats.use(slowDownOnFlood(options.floodControl, relay, logger));
  privateChats.on('message', async (ctx) => {
    await relay.acceptPersonMessage(toPersonMessage(ctx.update, ctx.message));
  });
  privateChats.on('edited_message', async (ctx) => {
    const edit = toPersonEdit(ctx.update, ctx.editedMessage);
    if (edit) await relay.acceptPersonMessage(edit);
  });
  privateChats.on('callback_query:data', async (ctx) => {
    const { notice } = await relay.acceptPersonMessage(toPersonTap(ctx.update, ctx.callbackQuery));
    // The tap is stored; the spinner on the button is cosmetic, so a failure here changes nothing.
    await ctx.answerCallbackQuery(notice ? { text: notice } : undefined).catch(() => undefined);
  });

  let runner: { stop(): Promise<void> } | undefined;
  const webhook = webhookCallback(bot, 'hono', {
    secretToken: options.webhookSecret,
    // Telegram waits about 60 s; answer (with an error, so it re-sends) long before that.
    timeoutMilliseconds: 8_000,
    onTimeout: 'throw',
  });

  return {
    channel: new TelegramChannel(bot.api),
    handleWebhook: (c) => webhook(c),
    async start() {
      await publishCommands(bot.api, options.commands, logger);
      if (options.delivery.kind === 'webhook') {
        await bot.api.setWebhook(options.delivery.url, {
          secret_token: options.webhookSecret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        logger.info({ delivery: 'webhook' }, 'telegram webhook set');
        return;
      }
      bot.catch((error) =>
        logger.error(
          { err: error.error instanceof Error ? error.error.name : 'error' },
          'telegram update failed',
        ),
      );
      await bot.api.deleteWebhook();
      await bot.init();
      runner = polling?.start(bot, ALLOWED_UPDATES);
      logger.info({ delivery: 'polling' }, 'telegram long polling started');
    },
    async stop() {
      await runner?.stop();
    },
  };
}

/**
 * The flood guard with its answer: a turn of the core (the person is told through the outbox, in the
 * conversation's language, and the thread shows it), after the message that started the flood is stored.
 */
function slowDownOnFlood(
  control: NonNullable<TelegramAdapterOptions['floodControl']>,
  relay: Relay,
  logger: Logger,
) {
  return floodGuard({
    counter: new FloodCounter(control.limits ?? DEFAULT_FLOOD_LIMITS, control.now ?? Date.now),
    logger,
    answer: (ctx) => relay.acceptPersonMessage(toFloodNotice(ctx.update, ctx.chat!.id)),
  });
}
