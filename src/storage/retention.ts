import { and, count, eq, inArray, lt } from 'drizzle-orm';
import type { SqlDatabase } from './database.js';
import { conversations, messages, outbox, processedEvents } from './schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a message waits for the person to agree to the privacy notice before it is deleted. */
export const HELD_MESSAGE_LIFETIME_MS = DAY_MS;

/**
 * How long bookkeeping is kept: idempotency keys must outlive every redelivery (Telegram keeps trying an
 * update for about a day, Slack retries an event within minutes), delivered outbox rows only serve
 * troubleshooting. Without a limit both tables grow with every message ever handled.
 */
export const BOOKKEEPING_LIFETIME_MS = 7 * DAY_MS;

/** What one purge removed, as counts only: the log line about it must not say anything else. */
export interface PurgeCounts {
  /** Closed cases past the retention period, deleted with their messages, answers and case events. */
  cases: number;
  /** Messages of those cases (deleted with them). */
  caseMessages: number;
  /** Outbox entries of those cases: pending deliveries that would still carry their words, and history. */
  outboxEntries: number;
  /** Messages held for consent that nobody agreed to relay within HELD_MESSAGE_LIFETIME_MS. */
  heldMessages: number;
  /** Idempotency keys of events older than BOOKKEEPING_LIFETIME_MS. */
  idempotencyKeys: number;
  /** Outbox entries delivered more than BOOKKEEPING_LIFETIME_MS ago. */
  deliveredOutbox: number;
}

/**
 * Deletes what Haven no longer may keep: closed cases whose `closed_at` is more than `retentionDays`
 * ago, and messages held for consent for more than a day; and what it no longer needs: old idempotency
 * keys and delivered outbox entries.
 *
 * Plain statements rather than one transaction, because D1 has none and each statement is safe on its
 * own: every one repeats the "closed, and long enough ago" condition, so a case that a new message
 * reopens between two statements is simply not deleted (and it only lost outbox rows of its closed past).
 * The conversation's messages, answers and case events go by ON DELETE CASCADE, which better-sqlite3
 * (PRAGMA foreign_keys in sqlite.ts) and D1 both enforce.
 */
export async function purgeExpired(
  database: SqlDatabase,
  options: { now: number; retentionDays: number },
): Promise<PurgeCounts> {
  const { db } = database;
  const closedBefore = options.now - options.retentionDays * DAY_MS;
  const expired = and(eq(conversations.status, 'closed'), lt(conversations.closedAt, closedBefore));
  const expiredIds = db.select({ id: conversations.id }).from(conversations).where(expired);

  // Counted before the cascade removes them; summed below only over the cases actually deleted.
  const messagesPerCase = await db
    .select({ conversationId: messages.conversationId, messages: count() })
    .from(messages)
    .where(inArray(messages.conversationId, expiredIds))
    .groupBy(messages.conversationId);

  const outboxRows = await db
    .delete(outbox)
    .where(inArray(outbox.conversationId, expiredIds))
    .returning({ id: outbox.id });
  const cases = await db.delete(conversations).where(expired).returning({ id: conversations.id });

  const heldBefore = options.now - HELD_MESSAGE_LIFETIME_MS;
  const held = await db
    .delete(messages)
    .where(and(eq(messages.held, true), lt(messages.createdAt, heldBefore)))
    .returning({ id: messages.id });

  const bookkeepingBefore = options.now - BOOKKEEPING_LIFETIME_MS;
  const keys = await db
    .delete(processedEvents)
    .where(lt(processedEvents.receivedAt, bookkeepingBefore))
    .returning({ key: processedEvents.eventKey });
  const delivered = await db
    .delete(outbox)
    .where(and(eq(outbox.status, 'done'), lt(outbox.doneAt, bookkeepingBefore)))
    .returning({ id: outbox.id });

  const deleted = new Set(cases.map((row) => row.id));
  return {
    cases: cases.length,
    caseMessages: messagesPerCase
      .filter((row) => deleted.has(row.conversationId))
      .reduce((sum, row) => sum + row.messages, 0),
    outboxEntries: outboxRows.length,
    heldMessages: held.length,
    idempotencyKeys: keys.length,
    deliveredOutbox: delivered.length,
  };
}
