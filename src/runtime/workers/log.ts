import type { Logger } from '../../core/index.js';
import { SENSITIVE_FIELDS } from '../../log-fields.js';

/** What the console logger removes: the same fields pino redacts on Node. */
export const REDACTED_FIELDS: ReadonlySet<string> = new Set(SENSITIVE_FIELDS);

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
