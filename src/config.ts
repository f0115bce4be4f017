import { z } from 'zod';
import { BELGIAN_CENTRES, BELGIAN_NUMBERS, centresSchema } from './centres.js';
import type { Routing } from './core/routing.js';
import {
  ENCRYPTION_HELP,
  type EncryptionConfig,
  encryptionEnv,
  readEncryptionConfig,
} from './storage/encryption-config.js';
import {
  readTranslationConfig,
  TRANSLATION_HELP,
  type TranslationConfig,
  translationEnvShape,
} from './translation/config.js';

/**
 * Haven's configuration, parsed from environment variables by a pure function so that the Node entry,
 * the Workers entry and the tests all read the same contract. Nothing here touches `process`.
 */

/** Where each variable comes from, shown next to any error about it. */
const HELP: Record<string, string> = {
  PORT: 'the TCP port the HTTP server listens on, e.g. 3000',
  DATABASE_PATH: 'a file path for the SQLite database, e.g. ./data/haven.sqlite',
  TELEGRAM_BOT_TOKEN: 'the token @BotFather gives you after /newbot (looks like 123456789:AA...)',
  TELEGRAM_WEBHOOK_SECRET:
    'any random string of 1-256 characters A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 32`); Telegram sends it back on every webhook call',
  TELEGRAM_API_ROOT: 'the Bot API base URL; leave unset for https://api.telegram.org',
  PUBLIC_URL:
    'the public https URL of this server (e.g. https://haven.example.org); set it for webhook mode, leave it unset for long polling',
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (xoxb-...) under "OAuth & Permissions" of your Slack app',
  SLACK_SIGNING_SECRET: 'the Signing Secret under "Basic Information" of your Slack app',
  SLACK_API_URL: 'the Slack Web API base URL; leave unset for https://slack.com/api/',
  SLACK_APP_TOKEN:
    'optional app-level token (xapp-...) with connections:write, under "Basic Information"; set it to use Socket Mode',
  SLACK_INBOX_CHANNEL:
    'the id of the caseworkers\u2019 channel (C...): open the channel in Slack, "View channel details", the id is at the bottom; invite the app to it',
  SLACK_CASEWORKERS:
    'optional comma-separated Slack user ids (U...) of the caseworkers who may answer people and use case cards (in Slack: a profile, "⋮", "Copy member ID"); unset: everyone in the inbox channel',
  INBOX_LANGUAGE: 'the caseworkers\u2019 language for Haven\u2019s own lines in Slack: en or nl',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  HAVEN_CENTRES:
    'optional JSON array of centres [{"id","name","regions":["flanders"],"minors":false,"inboxChannel":"C…","phone","email","address","hours"}]; unset for the Belgian centres (see README, Routing)',
  HAVEN_HOME_CENTRE:
    'the id of the centre that runs this installation (its numbers are given first), e.g. payoke',
  HAVEN_EMERGENCY_NUMBER: 'the emergency number given to a person in danger, e.g. 112',
  HAVEN_POLICE_NUMBER: 'the police number given to a person in danger, e.g. 101',
  HAVEN_REPORTING_LINE: 'the national reporting line given when no centre number is known, e.g. 078 055 800',
  HAVEN_REPLY_MODE:
    'explicit (a thread message reaches the person only when it starts with @Haven) or auto (every thread message except notes); see README, Replying',
  HAVEN_CONSENT:
    'required (the person agrees to the privacy notice before their messages reach Slack) or off (only with another legal basis; see README, Privacy)',
  RETENTION_DAYS: 'how many days closed cases are kept before they are purged, e.g. 180',
  HAVEN_REMINDER_MINUTES:
    'minutes of office time a person may wait for a caseworker\u2019s answer before the thread pings the assignee (or the channel), e.g. 30; 0 turns reminders off',
  ...ENCRYPTION_HELP,
  HAVEN_TIMEZONE: 'the IANA time zone of the centres\u2019 office hours, e.g. Europe/Brussels',
  ...TRANSLATION_HELP,
};

const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const urlText = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().trim().min(1).default('./data/haven.sqlite'),
  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(TELEGRAM_SECRET, 'must be 1-256 characters of A-Z a-z 0-9 _ -').optional(),
  ),
  TELEGRAM_API_ROOT: optionalText.pipe(urlText.optional()),
  PUBLIC_URL: optionalText.pipe(urlText.optional()),
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.pipe(urlText.optional()),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must start with xapp-').optional()),
  SLACK_INBOX_CHANNEL: optionalText.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD, not a #name')
      .optional(),
  ),
  SLACK_CASEWORKERS: optionalText.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .pipe(
        z.array(
          z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be Slack user ids such as U0123ABCD, not @names'),
        ),
      )
      .optional(),
  ),
  INBOX_LANGUAGE: z.enum(['en', 'nl']).default('en'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HAVEN_CENTRES: optionalText.pipe(
    z
      .string()
      .transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
          return z.NEVER;
        }
      })
      .pipe(centresSchema)
      .optional(),
  ),
  HAVEN_HOME_CENTRE: z.string().trim().min(1).default('payoke'),
  HAVEN_EMERGENCY_NUMBER: z.string().trim().min(1).default(BELGIAN_NUMBERS.emergency),
  HAVEN_POLICE_NUMBER: z.string().trim().min(1).default(BELGIAN_NUMBERS.police),
  HAVEN_REPORTING_LINE: z.string().trim().min(1).default(BELGIAN_NUMBERS.reportingLine),
  // The defaults keep the foundation's behaviour (every thread reply is sent, every message relayed) for
  // installations that predate these settings; .env.example sets explicit and required for new ones.
  HAVEN_REPLY_MODE: z.enum(['explicit', 'auto']).default('auto'),
  HAVEN_CONSENT: z.enum(['required', 'off']).default('off'),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  HAVEN_REMINDER_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(30),
  ...encryptionEnv,
  HAVEN_TIMEZONE: z
    .string()
    .trim()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'is not a time zone such as Europe/Brussels')
    .default('Europe/Brussels'),
  ...translationEnvShape,
});

export interface TelegramConfig {
  token: string;
  /** Absent only in long-polling mode, where the webhook route then refuses every call. */
  webhookSecret: string | undefined;
  apiRoot: string;
  /** `webhook` when PUBLIC_URL is set (setWebhook to PUBLIC_URL/telegram/webhook), else `polling`. */
  delivery: { kind: 'webhook'; url: string } | { kind: 'polling' };
}

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  appToken: string | undefined;
  inboxChannel: string;
  /** SLACK_CASEWORKERS: who may answer and use case cards (user ids); absent: everyone in the channel. */
  caseworkers?: string[];
}

export interface Config {
  /** `sandbox`: no tokens were given, so Haven runs against its own in-process fake platforms. */
  mode: 'sandbox' | 'live';
  port: number;
  databasePath: string;
  inboxLanguage: 'en' | 'nl';
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  telegram: TelegramConfig;
  slack: SlackConfig;
  /** Centres, the home centre and the public numbers given to people. */
  routing: Routing;
  replyMode: 'explicit' | 'auto';
  consentRequired: boolean;
  retentionDays: number;
  /** HAVEN_REMINDER_MINUTES: how long a person waits (in office time) before the team is pinged; 0: never. */
  reminderMinutes: number;
  /** Encryption at rest: the configured keys, or in sandbox mode a key file beside the database. */
  encryption: EncryptionConfig;
  /** Machine translation for caseworkers: none, LibreTranslate or DeepL. */
  translation: TranslationConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Haven cannot start: ${problems.length} configuration problem(s)\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
export const SLACK_EVENTS_PATH = '/slack/events';

/** The variables that turn the sandbox into a real installation; printed in the sandbox start-up line. */
export const LIVE_VARIABLES = [
  'TELEGRAM_BOT_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_INBOX_CHANNEL',
];

function describe(variable: string, problem: string): string {
  const help = HELP[variable];
  return help ? `${variable} ${problem}: ${help}` : `${variable} ${problem}`;
}

function missing(variable: string): string {
  return describe(variable, 'is missing');
}

/**
 * Parses and checks the environment. Throws one ConfigError listing every problem, each naming the variable
 * and where to get a correct value, so an admin fixes everything in one go.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // A variable set to nothing (`PORT=` in a .env file) means "not set", not "zero" or "empty".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      describe(String(issue.path[0] ?? 'environment'), `is invalid (${issue.message})`),
    );
    throw new ConfigError(problems);
  }
  const vars = parsed.data;
  const translation = readTranslationConfig(vars);
  const centres = vars.HAVEN_CENTRES ?? BELGIAN_CENTRES;
  if (!centres.some((centre) => centre.id === vars.HAVEN_HOME_CENTRE)) {
    throw new ConfigError([
      describe(
        'HAVEN_HOME_CENTRE',
        `is "${vars.HAVEN_HOME_CENTRE}", which is not a centre id in HAVEN_CENTRES`,
      ),
    ]);
  }
  const base = {
    port: vars.PORT,
    databasePath: vars.DATABASE_PATH,
    inboxLanguage: vars.INBOX_LANGUAGE,
    logLevel: vars.LOG_LEVEL,
    replyMode: vars.HAVEN_REPLY_MODE,
    consentRequired: vars.HAVEN_CONSENT === 'required',
    retentionDays: vars.RETENTION_DAYS,
    reminderMinutes: vars.HAVEN_REMINDER_MINUTES,
    translation: translation.config,
    routing: {
      centres,
      homeCentre: vars.HAVEN_HOME_CENTRE,
      timeZone: vars.HAVEN_TIMEZONE,
      numbers: {
        emergency: vars.HAVEN_EMERGENCY_NUMBER,
        police: vars.HAVEN_POLICE_NUMBER,
        reportingLine: vars.HAVEN_REPORTING_LINE,
      },
    },
  };

  if (!vars.TELEGRAM_BOT_TOKEN && !vars.SLACK_BOT_TOKEN) {
    if (translation.problems.length > 0) throw new ConfigError(translation.problems);
    return {
      ...base,
      mode: 'sandbox',
      encryption: readEncryptionConfig(vars, 'sandbox'),
      ...sandboxPlatforms(vars.PORT, vars.SLACK_CASEWORKERS),
    };
  }

  const problems: string[] = [...translation.problems];
  const required = (name: keyof typeof vars): string => {
    const value = vars[name];
    if (typeof value !== 'string' || value === '') {
      problems.push(missing(name));
      return '';
    }
    return value;
  };

  const token = required('TELEGRAM_BOT_TOKEN');
  const botToken = required('SLACK_BOT_TOKEN');
  const inboxChannel = required('SLACK_INBOX_CHANNEL');
  // Socket Mode authenticates with the app token; HTTP events are authenticated by the signing secret.
  const signingSecret = vars.SLACK_APP_TOKEN
    ? (vars.SLACK_SIGNING_SECRET ?? '')
    : required('SLACK_SIGNING_SECRET');
  const publicUrl = vars.PUBLIC_URL?.replace(/\/+$/, '');
  if (publicUrl && !vars.TELEGRAM_WEBHOOK_SECRET) {
    problems.push(describe('TELEGRAM_WEBHOOK_SECRET', 'is missing (required when PUBLIC_URL is set)'));
  }
  const encryption = readEncryptionConfig(vars, 'live');
  if ('problem' in encryption) problems.push(encryption.problem);
  if (problems.length > 0 || 'problem' in encryption) throw new ConfigError(problems);

  return {
    ...base,
    mode: 'live',
    encryption,
    telegram: {
      token,
      webhookSecret: vars.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: (vars.TELEGRAM_API_ROOT ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/+$/, ''),
      delivery: publicUrl
        ? { kind: 'webhook', url: `${publicUrl}${TELEGRAM_WEBHOOK_PATH}` }
        : { kind: 'polling' },
    },
    slack: {
      botToken,
      signingSecret,
      apiUrl: withTrailingSlash(vars.SLACK_API_URL ?? DEFAULT_SLACK_API_URL),
      appToken: vars.SLACK_APP_TOKEN,
      inboxChannel,
      ...(vars.SLACK_CASEWORKERS ? { caseworkers: vars.SLACK_CASEWORKERS } : {}),
    },
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Fixed credentials of the in-process fakes; they only ever talk to 127.0.0.1. */
export const SANDBOX = {
  telegramToken: '1000000001:SANDBOX-not-a-real-telegram-token',
  webhookSecret: 'sandbox-webhook-secret',
  slackBotToken: 'xoxb-sandbox-not-a-real-slack-token',
  slackSigningSecret: 'sandbox-signing-secret',
  inboxChannel: 'C0SANDBOX',
  telegramMount: '/sandbox/telegram',
  slackMount: '/sandbox/slack',
} as const;

function sandboxPlatforms(
  port: number,
  caseworkers: string[] | undefined,
): Pick<Config, 'telegram' | 'slack'> {
  const self = `http://127.0.0.1:${port}`;
  return {
    telegram: {
      token: SANDBOX.telegramToken,
      webhookSecret: SANDBOX.webhookSecret,
      apiRoot: `${self}${SANDBOX.telegramMount}`,
      delivery: { kind: 'webhook', url: `${self}${TELEGRAM_WEBHOOK_PATH}` },
    },
    slack: {
      botToken: SANDBOX.slackBotToken,
      signingSecret: SANDBOX.slackSigningSecret,
      apiUrl: `${self}${SANDBOX.slackMount}/api/`,
      appToken: undefined,
      inboxChannel: SANDBOX.inboxChannel,
      ...(caseworkers ? { caseworkers } : {}),
    },
  };
}
