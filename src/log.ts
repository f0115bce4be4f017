import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * Fields that could carry what a person wrote or who they are. Haven's own code never logs them; the
 * redaction is the second lock, for anything a library or a future change lets through.
 */
export const REDACTED_PATHS = [
  'text',
  'body',
  'caption',
  'first_name',
  'last_name',
  'username',
  'phone_number',
  'token',
  'authorization',
  '*.text',
  '*.body',
  '*.caption',
  '*.first_name',
  '*.last_name',
  '*.username',
  '*.phone_number',
  '*.token',
  '*.authorization',
];

export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  return pino(
    {
      name: 'haven',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: undefined,
    },
    destination,
  );
}
