import { inboxNote } from '../inbox/inbox-note.js';
import type { OutboxEntry } from '../model.js';
import type { CaseStore, Clock, Logger, Texts } from '../ports.js';
import { queueThreadNotice } from './follow-ups.js';

export interface ParkedNoticeDeps {
  store: CaseStore;
  texts: Texts;
  /** The caseworkers' language. */
  inboxLanguage: string;
  clock: Clock;
  logger: Logger;
}

/** Notices about parked deliveries carry this id prefix, so a notice that cannot be shown is not announced. */
const NOTICE_PREFIX = 'parked-';

/**
 * The OutboxWorker's `onParked`: when a delivery failed for good, the caseworkers read why in the case's
 * thread, in plain words. A reply that did not reach the person also gets the ⚠️ mark. The notice is
 * queued through the outbox (once per parked entry, even if this runs again), so it is paced and retried
 * like any post; only when the inbox itself refuses is the failure left to the logs.
 */
export function announceParked(deps: ParkedNoticeDeps) {
  const { store, texts, inboxLanguage, clock, logger } = deps;

  return async function onParked(entry: OutboxEntry, reason: string): Promise<void> {
    const plan = await noticeFor(entry);
    if (!plan) {
      logger.warn(
        { outbox: entry.id, kind: entry.kind, case: entry.conversationId },
        'parked; not announced',
      );
      return;
    }
    const notice = inboxNote({
      id: `${NOTICE_PREFIX}${entry.id}`,
      conversationId: entry.conversationId,
      kind: 'notice',
      inboxText: texts.t(inboxLanguage, `inbox:notice.notDelivered.${plan.key}`, { reason }),
      createdAt: clock.now(),
    });
    await queueThreadNotice(store, { notice, markFailed: plan.markFailed, now: clock.now() });
  };

  /** Which notice an entry gets, if any, and which caseworker message to mark ⚠️. */
  async function noticeFor(entry: OutboxEntry): Promise<{ key: string; markFailed?: string } | undefined> {
    if (!(await store.getConversation(entry.conversationId))) return undefined; // erased meanwhile
    const messageId = (entry.payload as { messageId?: unknown }).messageId;
    const message = typeof messageId === 'string' ? await store.getMessage(messageId) : undefined;
    switch (entry.kind) {
      case 'channel.send':
        if (message?.author === 'caseworker') {
          return { key: 'reply', ...(message.inboxMessageId ? { markFailed: message.inboxMessageId } : {}) };
        }
        return { key: 'message' };
      case 'channel.wipe':
        return { key: 'wipe' };
      case 'inbox.relay':
        // A notice that could not be shown itself is not announced again: the inbox refuses posts.
        return message && !message.id.startsWith(NOTICE_PREFIX) ? { key: 'inbox' } : undefined;
      default:
        return entry.lane === 'channel' ? { key: 'other' } : undefined;
    }
  }
}
