import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { SENSITIVE_FIELDS } from './log-fields.js';

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
