import { run, sequentialize } from '@grammyjs/runner';
import type { Bot, MiddlewareFn } from 'grammy';
import type { Update } from 'grammy/types';

/** The kinds of update Telegram may be asked for. */
type UpdateKind = Exclude<keyof Update, 'update_id'>;

/**
 * How the Telegram adapter fetches updates when there is no public URL for a webhook: grammY's runner,
 * which keeps each chat's updates in order. Only the Node runtime imports this file: the runner loads
 * Node's worker_threads, and Workers receive Telegram by webhook only.
 */
export interface LongPolling {
  /** Runs before every other handler, so one chat's updates are handled one after the other. */
  inOrder: MiddlewareFn;
  start(bot: Bot, allowedUpdates: readonly UpdateKind[]): { stop(): Promise<void> };
}

export const grammyRunnerPolling: LongPolling = {
  inOrder: sequentialize((ctx) => ctx.chat?.id.toString()),
  start(bot, allowedUpdates) {
    const handle = run(bot, { runner: { fetch: { allowed_updates: [...allowedUpdates] } } });
    return {
      async stop() {
        if (handle.isRunning()) await handle.stop();
      },
    };
  },
};
