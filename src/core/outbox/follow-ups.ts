import type { NewOutboxEntry, StoredMessage } from '../model.js';
import type { CaseStore } from '../ports.js';

/** The idempotency source of work that deliveries queue themselves. */
export const FOLLOW_UP_SOURCE = 'outbox';

/**
 * Queues what a delivery leads to (the ✅ on a sent reply, a notice in the thread) as outbox work of its
 * own, so it is paced, retried and kept in order like everything else. `key` makes it happen once even
 * when the delivery runs again after a crash: a second commit with the same key stores nothing.
 */
export async function queueFollowUp(
  store: CaseStore,
  input: { key: string; now: number; messages?: StoredMessage[]; outbox: NewOutboxEntry[] },
): Promise<void> {
  await store.saveTurn({
    event: { source: FOLLOW_UP_SOURCE, key: input.key },
    now: input.now,
    messages: input.messages ?? [],
    outbox: input.outbox,
  });
}
