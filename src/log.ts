import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * Fields that could carry what a person or a caseworker wrote or who they are, or a credential:
 * Telegram's and Slack's names for them, and whole platform objects (a Telegram update or contact, a
 * Slack event, interaction payload, view or blocks) that hold them deeper down. Haven's own code never
 * logs them; the redaction is the second lock, for anything a library or a future change lets through.
 * `from` and `chat` need no entry: the names inside them are redacted one level down.
 */
const SENSITIVE_FIELDS = [
  'text',
  'body',
  'caption',
  'first_name',
  'last_name',
  'username',
  'user_name',
  'real_name',
  'display_name',
  'phone_number',
  'contact',
  'token',
  'authorization',
  'update',
  'callback_query',
  'event',
  'payload',
  'blocks',
  'view',
  'ctx',
];

/** Each field at the top level and one level down, as the Workers logger redacts them too. */
export const REDACTED_PATHS = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((field) => `*.${field}`)];

/**
 * Credentials inside strings, which no path can reach: a Telegram bot token (also inside a Bot API URL,
 * /bot<token>/method) and Slack bot, user and app tokens.
 */
const TOKEN_PATTERNS = [
  /\d{5,}:[A-Za-z0-9_-]{20,}/g,
  /\bxox[abposre]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
];

export function scrubTokens(line: string): string {
  return TOKEN_PATTERNS.reduce((scrubbed, pattern) => scrubbed.replace(pattern, '[redacted]'), line);
}

export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  return pino(
    {
      name: 'haven',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: scrubTokens },
      base: undefined,
    },
    destination,
  );
}
