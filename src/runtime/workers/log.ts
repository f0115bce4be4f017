import type { Logger } from '../../core/index.js';

/**
 * Field names that could carry what a person wrote or who they are, or a credential. Haven's own code never
 * logs them; removing them here is the second lock, as the pino redaction in src/log.ts is on Node (a
 * test keeps the two lists in step).
 */
export const REDACTED_FIELDS: ReadonlySet<string> = new Set([
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
]);

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * The core's Logger on the Workers console: one JSON object a line, which Workers Logs and `wrangler tail`
 * index by field. src/log.ts is not used here: a Worker bundle gets pino's browser build, which applies
 * `redact` only in its `browser.asObject` mode and otherwise hands the raw arguments to the console.
 */
export function createConsoleLogger(level: LogLevel, write: (line: string) => void = console.log): Logger {
  const threshold = LEVELS[level];
  const log =
    (name: 'debug' | 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, msg: string) => {
      if (LEVELS[name] < threshold) return;
      write(JSON.stringify({ level: name, msg, ...(redact(fields, 2) as object) }));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Replaces redacted fields at every level up to `depth` (src/log.ts covers `x` and `*.x`). */
function redact(value: unknown, depth: number): unknown {
  if (depth === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth - 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      REDACTED_FIELDS.has(key) ? '[redacted]' : redact(item, depth - 1),
    ]),
  );
}
