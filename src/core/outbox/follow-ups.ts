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

/**
 * A notice for caseworkers in the thread (`notice`, an inbox note), queued once under its own id, and the
 * ⚠️ on the caseworker's message it is about, when there is one (`markFailed`, its inbox message id).
 */
export async function queueThreadNotice(
  store: CaseStore,
  input: { notice: StoredMessage; markFailed?: string | null | undefined; now: number },
): Promise<void> {
  const { notice, markFailed } = input;
  const outbox: NewOutboxEntry[] = [];
  if (markFailed) {
    outbox.push({
      conversationId: notice.conversationId,
      lane: 'inbox',
      kind: 'inbox.react',
      payload: { inboxMessageId: markFailed, reaction: 'failed' },
    });
  }
  outbox.push({
    conversationId: notice.conversationId,
    lane: 'inbox',
    kind: 'inbox.relay',
    payload: { messageId: notice.id },
  });
  await queueFollowUp(store, { key: notice.id, now: input.now, messages: [notice], outbox });
}
