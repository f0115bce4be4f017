import type { OutboxEntry, OutboxKind } from '../model.js';
import type { CaseStore, Clock, Logger } from '../ports.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './backoff.js';
import { DeliveryError } from './delivery-error.js';

/** Never busy-loop: even work that looks due right now waits this long when nothing could be claimed. */
const MIN_IDLE_MS = 5;

export type OutboxHandlers = { [K in OutboxKind]: (entry: OutboxEntry<K>) => Promise<void> };

export interface OutboxWorkerOptions {
  store: CaseStore;
  handlers: OutboxHandlers;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Deliveries in flight at once, across lanes; one lane never has more than one. */
  concurrency?: number;
  /** How long a claimed entry belongs to this worker; a crashed worker's entries come back after it. */
  leaseMs?: number;
  /** Longest sleep when idle; a kick() wakes the worker earlier. */
  idlePollMs?: number;
  /** Told when an entry failed for good, so the people concerned can be informed. */
  onParked?: (entry: OutboxEntry, reason: string) => Promise<void> | void;
}

/**
 * Delivers outbox entries: claims the head of each lane, runs its handler, and marks it done, retried
 * with backoff, or parked. It uses only timers and promises, so it runs on Node (as a loop) and on
 * Workers (as `drain()` inside waitUntil or a cron).
 */
export class OutboxWorker {
  readonly #options: Required<Omit<OutboxWorkerOptions, 'onParked'>> & Pick<OutboxWorkerOptions, 'onParked'>;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #kicked = false;

  constructor(options: OutboxWorkerOptions) {
    this.#options = {
      backoff: DEFAULT_BACKOFF,
      concurrency: 8,
      leaseMs: 60_000,
      idlePollMs: 1_000,
      ...options,
    };
  }

  /** New work was committed: look for it now instead of at the next poll. */
  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops claiming new work and waits for deliveries in flight to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Delivers everything that is due, until nothing is left or `deadline` passes. For runtimes without a
   * long-lived loop (a Worker's waitUntil or cron) and for tests.
   */
  async drain(deadline = Number.POSITIVE_INFINITY): Promise<number> {
    let delivered = 0;
    while (this.#options.clock.now() < deadline) {
      const claimed = await this.#claim(this.#options.concurrency);
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((entry) => this.#deliver(entry)));
      delivered += claimed.length;
    }
    return delivered;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#kicked = false;
      let claimed: OutboxEntry[] = [];
      const free = this.#options.concurrency - this.#inFlight.size;
      if (free > 0) {
        try {
          claimed = await this.#claim(free);
        } catch (error) {
          this.#options.logger.error({ err: errorName(error) }, 'outbox claim failed');
        }
      }
      for (const entry of claimed) this.#track(this.#deliver(entry));
      // Sleep until new work is kicked in, a delivery finishes (its lane may have a next entry), or the
      // next retry is due; a kick that arrived while claiming means there is no time to sleep.
      const delay = await this.#idleDelay();
      if (!this.#kicked) await this.#sleep(delay);
    }
  }

  #track(delivery: Promise<void>): void {
    this.#inFlight.add(delivery);
    void delivery.finally(() => {
      this.#inFlight.delete(delivery);
      this.kick();
    });
  }

  async #idleDelay(): Promise<number> {
    const { clock, idlePollMs, store } = this.#options;
    try {
      const due = await store.nextOutboxDue();
      if (due === undefined) return idlePollMs;
      return Math.max(MIN_IDLE_MS, Math.min(idlePollMs, due - clock.now()));
    } catch {
      return idlePollMs;
    }
  }

  #sleep(ms: number): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  #claim(limit: number): Promise<OutboxEntry[]> {
    const now = this.#options.clock.now();
    return this.#options.store.claimOutbox({ now, limit, leaseUntil: now + this.#options.leaseMs });
  }

  async #deliver(entry: OutboxEntry): Promise<void> {
    const { store, clock, logger, handlers } = this.#options;
    const handler = handlers[entry.kind] as (entry: OutboxEntry) => Promise<void>;
    try {
      await handler(entry);
      await store.completeOutbox(entry.id, clock.now());
      logger.debug({ outbox: entry.id, kind: entry.kind, case: entry.conversationId }, 'delivered');
    } catch (error) {
      await this.#failed(entry, error).catch((storeError) =>
        logger.error({ outbox: entry.id, err: errorName(storeError) }, 'could not record a failed delivery'),
      );
    }
  }

  async #failed(entry: OutboxEntry, error: unknown): Promise<void> {
    const { store, clock, logger, backoff, onParked } = this.#options;
    const reason = error instanceof DeliveryError ? error.reason : errorName(error);
    const fields = {
      outbox: entry.id,
      kind: entry.kind,
      case: entry.conversationId,
      attempts: entry.attempts,
    };
    if (error instanceof DeliveryError && error.disposition === 'permanent') {
      await store.parkOutbox(entry.id, reason);
      logger.warn({ ...fields, reason }, 'delivery failed for good; parked');
      await onParked?.(entry, reason);
      return;
    }
    const retryAfter = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const delay = retryDelay(entry.attempts, backoff, retryAfter);
    await store.retryOutbox(entry.id, clock.now() + delay, reason);
    logger.warn({ ...fields, reason, retryInMs: delay }, 'delivery failed; will retry');
  }
}

/** Error class and code only: platform error messages can quote what was sent. */
function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number' ? `${error.name} ${code}` : error.name;
  }
  return typeof error;
}
