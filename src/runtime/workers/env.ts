import type { UserFromGetMe } from 'grammy/types';
import {
  type Config,
  ConfigError,
  LIVE_VARIABLES,
  parseConfig,
  TELEGRAM_WEBHOOK_PATH,
} from '../../config.js';
import type { D1Binding } from '../../storage/d1.js';

/** The Worker's bindings: the D1 database, plus every [vars] entry and secret as a string. */
export interface WorkersEnv {
  DB: D1Binding;
  [variable: string]: unknown;
}

/** Haven's configuration as the Workers runtime needs it: always webhook, plus two Workers-only settings. */
export interface WorkersConfig extends Omit<Config, 'telegram'> {
  /** Always webhook delivery: a Worker cannot long-poll. */
  telegram: Omit<Config['telegram'], 'webhookSecret' | 'delivery'> & {
    webhookSecret: string;
    /** PUBLIC_URL/telegram/webhook when PUBLIC_URL is set; else /telegram/setup takes the URL it was called on. */
    webhookUrl: string | undefined;
  };
  /** Built from the token and TELEGRAM_BOT_USERNAME, so grammY needs no getMe on a cold start. */
  botInfo: UserFromGetMe | undefined;
  /** How many outbox entries one invocation (a request's waitUntil, or one cron run) may deliver. */
  deliveriesPerInvocation: number;
}

/**
 * Every outbox delivery costs about five D1 queries, and an invocation on the Workers Free plan may run
 * 50 (1,000 on Paid): six deliveries leave room for the request that caused them. What is left waits
 * for the next request or the next cron run, a minute at most.
 */
export const DEFAULT_DELIVERIES_PER_INVOCATION = 6;

const HELP = {
  TELEGRAM_BOT_USERNAME:
    'the bot\u2019s username without @, as /telegram/setup reports it (lets a cold Worker skip getMe)',
  OUTBOX_DELIVERIES_PER_INVOCATION:
    'a whole number from 1 to 500: deliveries per invocation (6 fits the Free plan\u2019s 50 D1 queries; 100 on Paid)',
};

/**
 * Reads the Worker's bindings through the same contract as the Node entry (src/config.ts parseConfig),
 * then adds what only Workers needs. Throws one ConfigError listing every problem.
 */
export function workersConfig(env: WorkersEnv): WorkersConfig {
  // parseConfig reads strings; the D1 binding (and any other binding object) is not configuration.
  const variables = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const config = parseConfig(variables);
  const problems: string[] = [];
  if (config.mode === 'sandbox') {
    problems.push(
      `${LIVE_VARIABLES.join(', ')} are missing: the Worker has no sandbox mode; set them with \`wrangler secret put\` (SLACK_INBOX_CHANNEL in [vars])`,
    );
  }
  const webhookSecret = config.telegram.webhookSecret;
  if (!webhookSecret) {
    problems.push(
      'TELEGRAM_WEBHOOK_SECRET is missing: on Workers Telegram can only reach Haven by webhook; set it with `wrangler secret put TELEGRAM_WEBHOOK_SECRET`',
    );
  }
  if (config.slack.appToken) {
    problems.push(
      'SLACK_APP_TOKEN is set: Socket Mode needs a long-lived connection, which Workers do not keep; remove it',
    );
  }
  if (config.mode === 'live' && !config.slack.signingSecret) {
    problems.push('SLACK_SIGNING_SECRET is missing: on Workers every Slack request is verified with it');
  }
  const botUsername = variables.TELEGRAM_BOT_USERNAME?.trim().replace(/^@/, '');
  if (botUsername && !/^[A-Za-z0-9_]{5,32}$/.test(botUsername)) {
    problems.push(`TELEGRAM_BOT_USERNAME is invalid: ${HELP.TELEGRAM_BOT_USERNAME}`);
  }
  const deliveries = parseDeliveries(variables.OUTBOX_DELIVERIES_PER_INVOCATION);
  if (deliveries === undefined) {
    problems.push(`OUTBOX_DELIVERIES_PER_INVOCATION is invalid: ${HELP.OUTBOX_DELIVERIES_PER_INVOCATION}`);
  }
  if (problems.length > 0 || !webhookSecret || deliveries === undefined) throw new ConfigError(problems);

  const { delivery, ...telegram } = config.telegram;
  return {
    ...config,
    telegram: {
      ...telegram,
      webhookSecret,
      webhookUrl: delivery.kind === 'webhook' ? delivery.url : undefined,
    },
    botInfo: botUsername ? botInfoFor(config.telegram.token, botUsername) : undefined,
    deliveriesPerInvocation: deliveries,
  };
}

function parseDeliveries(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return DEFAULT_DELIVERIES_PER_INVOCATION;
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 && number <= 500 ? number : undefined;
}

/**
 * What grammY needs to know about its own bot to route updates: the id (the number a token starts with)
 * and the username (to recognise `/start@username`). Haven reads nothing else of getMe.
 */
export function botInfoFor(token: string, username: string): UserFromGetMe {
  return {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: username,
    username,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

/** The webhook URL for a public base URL (PUBLIC_URL, or the origin /telegram/setup was called on). */
export function telegramWebhookUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`;
}
