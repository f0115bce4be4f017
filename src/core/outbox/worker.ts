import type { OutboxEntry, OutboxKind } from '../model.js';
import type { CaseStore, Clock, Logger } from '../ports.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './backoff.js';
import { DeliveryDeferred, DeliveryError } from './delivery-error.js';

/** Never busy-loop: even work that looks due right now waits this long when nothing could be claimed. */
const MIN_IDLE_MS = 5;
/**
 * How long the store's answer to "when is the next entry due?" is reused. New work wakes the worker
 * anyway (kick), and what it hands back itself it folds in; the store is asked again for work due later
 * that someone else queued (a reminder), which idlePollMs bounds in any case.
 */
const DUE_RECHECK_MS = 100;

/** When to stop retrying: a delivery that kept failing this long is parked with its last error. */
export interface GiveUpPolicy {
  /** Milliseconds after the entry was queued; past it, a failure parks the entry instead of retrying. */
  afterMs: number;
  /** Failed attempts at most; unlimited by default, so a long outage is bounded by time alone. */
  attempts?: number;
}

export const DEFAULT_GIVE_UP: GiveUpPolicy = Object.freeze({ afterMs: 24 * 60 * 60 * 1000 });

export type OutboxHandlers = { [K in OutboxKind]: (entry: OutboxEntry<K>) => Promise<void> };

export interface OutboxWorkerOptions {
  store: CaseStore;
  handlers: OutboxHandlers;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Never an endless retry: after this, a failing delivery is parked (and `onParked` told why). */
  giveUp?: GiveUpPolicy;
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
  readonly #inFlight = new Set<Promise<unknown>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #kicked = false;
  /** The next due time the store gave, when it gave it, and earlier times the worker set itself since. */
  #due: { at: number | undefined; readAt: number } | undefined;
  /** When the loop's current sleep ends, while it sleeps. */
  #sleepingUntil: number | undefined;

  constructor(options: OutboxWorkerOptions) {
    this.#options = {
      backoff: DEFAULT_BACKOFF,
      giveUp: DEFAULT_GIVE_UP,
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
      const outcomes = await Promise.all(claimed.map((entry) => this.#deliver(entry)));
      // An entry handed back to wait for a rate limit was not tried; it is due again later.
      delivered += outcomes.filter((outcome) => outcome !== 'deferred').length;
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
      // next retry is due; a kick that arrived while claiming means there is no time to sleep (nor to ask
      // the store when the next entry falls due).
      if (this.#kicked) continue;
      const delay = await this.#idleDelay();
      if (!this.#kicked) await this.#sleep(delay);
    }
  }

  #track(delivery: Promise<unknown>): void {
    this.#inFlight.add(delivery);
    void delivery.then(
      (outcome) => {
        this.#inFlight.delete(delivery);
        // A delivery that waits for a rate limit frees nothing up: waking the loop for it would only
        // claim the next waiting entries at once, spinning on the database while the limit holds.
        if (outcome !== 'deferred') this.kick();
      },
      () => {
        this.#inFlight.delete(delivery);
        this.kick();
      },
    );
  }

  async #idleDelay(): Promise<number> {
    const { clock, idlePollMs, store } = this.#options;
    const now = clock.now();
    let due = this.#due;
    // Under a stream of webhooks the loop turns for every update; the answer a moment ago still holds
    // unless it said "due now", which the claim just took care of.
    if (!due || now - due.readAt >= DUE_RECHECK_MS || due.at === undefined || due.at <= now) {
      try {
        due = { at: await store.nextOutboxDue(), readAt: now };
        this.#due = due;
      } catch {
        return idlePollMs;
      }
    }
    if (due.at === undefined) return idlePollMs;
    return Math.max(MIN_IDLE_MS, Math.min(idlePollMs, due.at - clock.now()));
  }

  /**
   * An entry the worker handed back is due again at `at`: the next wake-up may be no later. Deliveries
   * finish while the loop sleeps, so one handed back for a moment (its rate limit's token is a few
   * milliseconds away) shortens a sleep that was set for later, or it would wait for that.
   */
  #dueAgainAt(at: number): void {
    if (this.#due && (this.#due.at === undefined || at < this.#due.at)) this.#due.at = at;
    if (this.#sleepingUntil !== undefined && at < this.#sleepingUntil) this.#wake?.();
  }

  #sleep(ms: number): Promise<void> {
    if (!this.#running) return Promise.resolve();
    this.#sleepingUntil = this.#options.clock.now() + ms;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = undefined;
        self.#sleepingUntil = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  #claim(limit: number): Promise<OutboxEntry[]> {
    const now = this.#options.clock.now();
    return this.#options.store.claimOutbox({ now, limit, leaseUntil: now + this.#options.leaseMs });
  }

  async #deliver(entry: OutboxEntry): Promise<DeliveryOutcome> {
    const { store, clock, logger, handlers } = this.#options;
    const handler = handlers[entry.kind] as (entry: OutboxEntry) => Promise<void>;
    try {
      await handler(entry);
      await store.completeOutbox(entry.id, clock.now());
      logger.debug({ outbox: entry.id, kind: entry.kind, case: entry.conversationId }, 'delivered');
      return 'delivered';
    } catch (error) {
      return this.#failed(entry, error).catch((storeError) => {
        logger.error({ outbox: entry.id, err: errorName(storeError) }, 'could not record a failed delivery');
        return 'failed' as const;
      });
    }
  }

  async #failed(entry: OutboxEntry, error: unknown): Promise<DeliveryOutcome> {
    const { store, clock, logger, backoff, giveUp } = this.#options;
    const now = clock.now();
    if (error instanceof DeliveryDeferred) {
      // Never due "now" again: a limiter that rounds down must not make drain() spin.
      const retryAt = Math.max(error.retryAt, now + 1);
      await store.releaseOutbox(entry.id, retryAt);
      this.#dueAgainAt(retryAt);
      logger.debug({ outbox: entry.id, kind: entry.kind, waitMs: error.retryAt - now }, error.message);
      return 'deferred';
    }
    const reason = error instanceof DeliveryError ? error.reason : errorName(error);
    const fields = {
      outbox: entry.id,
      kind: entry.kind,
      case: entry.conversationId,
      attempts: entry.attempts,
    };
    if (error instanceof DeliveryError && error.disposition === 'permanent') {
      await this.#park(entry, reason, fields);
      return 'parked';
    }
    const retryAfter = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const delay = retryDelay(entry.attempts, backoff, retryAfter);
    const tooOld = now + delay > entry.createdAt + giveUp.afterMs;
    if (tooOld || entry.attempts >= (giveUp.attempts ?? Number.POSITIVE_INFINITY)) {
      await this.#park(entry, gaveUpReason(entry, now, reason), fields);
      return 'parked';
    }
    await store.retryOutbox(entry.id, now + delay, reason);
    this.#dueAgainAt(now + delay);
    logger.warn({ ...fields, reason, retryInMs: delay }, 'delivery failed; will retry');
    return 'failed';
  }

  async #park(entry: OutboxEntry, reason: string, fields: Record<string, unknown>): Promise<void> {
    const { store, logger, onParked } = this.#options;
    await store.parkOutbox(entry.id, reason);
    logger.warn({ ...fields, reason }, 'delivery failed for good; parked');
    try {
      await onParked?.(entry, reason);
    } catch (error) {
      logger.error({ outbox: entry.id, err: errorName(error) }, 'could not report a parked delivery');
    }
  }
}

type DeliveryOutcome = 'delivered' | 'deferred' | 'failed' | 'parked';

/** Why a delivery that kept failing was given up, in words a caseworker can read. */
function gaveUpReason(entry: OutboxEntry, now: number, lastReason: string): string {
  const minutes = Math.max(1, Math.round((now - entry.createdAt) / 60_000));
  const span = minutes < 60 ? count(minutes, 'minute') : count(Math.round(minutes / 60), 'hour');
  return `gave up after ${count(entry.attempts, 'attempt')} in ${span} (${lastReason})`;
}

function count(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** Error class and code only: platform error messages can quote what was sent. */
function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number' ? `${error.name} ${code}` : error.name;
  }
  return typeof error;
}
