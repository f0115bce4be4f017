/**
 * Fields that could carry what a person or a caseworker wrote or who they are, or a credential:
 * Telegram's and Slack's names for them, and whole platform objects (a Telegram update or contact, a
 * Slack event, interaction payload, view or blocks) that hold them deeper down. Haven's own code never
 * logs them; the redaction is the second lock, for anything a library or a future change lets through.
 * One list for every runtime: pino redacts these on Node (src/log.ts), the console logger on Workers
 * (src/runtime/workers/log.ts). `from` and `chat` need no entry: the names inside them are redacted one level down.
 */
export const SENSITIVE_FIELDS: readonly string[] = [
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
