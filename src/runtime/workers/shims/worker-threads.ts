/**
 * Stands in for Node's worker_threads in the Worker bundle (wrangler.toml, [alias]). @grammyjs/runner,
 * which src/channels/telegram imports for long polling, loads worker_threads for its multi-thread mode.
 * On Workers Telegram arrives by webhook only, so none of it runs; this keeps the bundle free of
 * `nodejs_compat` and fails loudly should anything ever try.
 */
export class Worker {
  constructor() {
    throw new Error('worker_threads is not available on Cloudflare Workers');
  }
}

export const parentPort = null;
export const workerData = undefined;
