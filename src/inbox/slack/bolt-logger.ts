import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/index.js';

/**
 * Routes Bolt's and the web-api client's own log lines into Haven's logger. Their arguments can quote
 * payloads (message text), so only the first argument's error class or a fixed summary is kept.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const summarise = (args: unknown[]) => {
    const first = args[0];
    if (first instanceof Error) return { err: first.name, code: (first as { code?: string }).code };
    return { detail: typeof first === 'string' ? first.slice(0, 120) : typeof first };
  };
  return {
    debug: () => {},
    info: () => {},
    warn: (...args) => logger.warn({ source: 'slack', ...summarise(args) }, 'slack client warning'),
    error: (...args) => logger.error({ source: 'slack', ...summarise(args) }, 'slack client error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
