import type { Clock, Logger } from '../../core/index.js';
import type { SqlDatabase } from '../../storage/database.js';
import { purgeExpired } from '../../storage/retention.js';

/** How often the purge runs; held messages expire after a day, so an hour late is the most they stay. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionJob {
  /** Runs the purge now (after any run in progress); resolves when it is done, never rejects. */
  runNow(): Promise<void>;
  /** Stops the schedule and waits for a run in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

/**
 * Runs the retention purge at start-up and then every hour. The timer does not keep the process alive,
 * runs never overlap, and a failure is logged (by error class only) and tried again at the next hour.
 */
export function startRetentionJob(options: {
  database: SqlDatabase;
  retentionDays: number;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}): RetentionJob {
  const { database, retentionDays, clock, logger } = options;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runOnce = async () => {
    if (stopped) return;
    try {
      const counts = await purgeExpired(database, { now: clock.now(), retentionDays });
      const removed = Object.values(counts).reduce((sum, value) => sum + value, 0);
      // Counts only: which case, which person or which words were removed is nobody's business now.
      if (removed > 0) logger.info({ ...counts, retentionDays }, 'retention purge removed expired data');
      else logger.debug({ retentionDays }, 'retention purge found nothing to remove');
    } catch (error) {
      logger.error({ err: (error as Error).name }, 'retention purge failed; will try again');
    }
  };
  const runNow = () => {
    running = running.then(runOnce);
    return running;
  };

  void runNow();
  const timer = setInterval(() => void runNow(), options.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();

  return {
    runNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
