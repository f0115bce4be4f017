import { and, eq, inArray, isNull, lte, or, type Placeholder, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { HavenDb } from './database.js';
import { conversations, messages, outbox, processedEvents } from './schema.js';

const value = sql.placeholder;

/** The head of a lane: no pending entry of the same lane lies ahead of `head`. */
export const isLaneHead = sql`NOT EXISTS (
  SELECT 1 FROM outbox AS other
  WHERE other.conversation_id = head.conversation_id AND other.lane = head.lane
    AND other.status = 'pending' AND other.id < head.id
)`;

/** How many of the earliest lane heads `nextOutboxDue` looks at (see case-store.ts). */
export const NEXT_DUE_HEADS = 16;

/**
 * The queries every webhook update and every delivery makes, prepared once per database: drizzle builds
 * a query's SQL and SQLite compiles it once, instead of on every call, where building alone cost drizzle
 * more than running it cost SQLite. Values are bound by name at each call.
 */
export function prepareHotQueries(db: HavenDb) {
  const head = alias(outbox, 'head');
  /** The pending entries of the lane the entry `id` belongs to. */
  const inLaneOf = (id: Placeholder) =>
    and(
      eq(outbox.conversationId, db.select({ id: head.conversationId }).from(head).where(eq(head.id, id))),
      eq(outbox.lane, db.select({ lane: head.lane }).from(head).where(eq(head.id, id))),
      eq(outbox.status, 'pending'),
    );
  const laneHeads = and(eq(head.status, 'pending'), isLaneHead);
  const earliestHeads = db
    .select({ notBefore: head.notBefore, leaseUntil: head.leaseUntil })
    .from(head)
    .where(laneHeads)
    .orderBy(head.notBefore, head.id)
    .limit(NEXT_DUE_HEADS)
    .as('earliest');
  return {
    conversationByChat: db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channel, value('channel')), eq(conversations.chatId, value('chatId'))))
      .limit(1)
      .prepare(),
    conversationByThread: db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.inboxChannel, value('inboxChannel')),
          eq(conversations.inboxThread, value('inboxThread')),
        ),
      )
      .limit(1)
      .prepare(),
    conversation: db
      .select()
      .from(conversations)
      .where(eq(conversations.id, value('id')))
      .limit(1)
      .prepare(),
    message: db
      .select()
      .from(messages)
      .where(eq(messages.id, value('id')))
      .limit(1)
      .prepare(),
    processed: db
      .select({ key: processedEvents.eventKey })
      .from(processedEvents)
      .where(and(eq(processedEvents.source, value('source')), eq(processedEvents.eventKey, value('key'))))
      .limit(1)
      .prepare(),
    claimOutbox: db
      .update(outbox)
      .set({ leaseUntil: sql`${value('leaseUntil')}`, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          db
            .select({ id: head.id })
            .from(head)
            .where(
              and(
                laneHeads,
                lte(head.notBefore, value('now')),
                or(isNull(head.leaseUntil), lte(head.leaseUntil, value('now'))),
              ),
            )
            .orderBy(head.notBefore, head.id)
            .limit(value('limit')),
        ),
      )
      .returning({
        id: outbox.id,
        conversationId: outbox.conversationId,
        lane: outbox.lane,
        kind: outbox.kind,
        payload: outbox.payload,
        attempts: outbox.attempts,
        createdAt: outbox.createdAt,
      })
      .prepare(),
    nextOutboxDue: db
      .select({
        due: sql<
          number | null
        >`MIN(MAX(${earliestHeads.notBefore}, COALESCE(${earliestHeads.leaseUntil}, 0)))`,
      })
      .from(earliestHeads)
      .prepare(),
    completeOutbox: db
      .update(outbox)
      .set({
        status: 'done',
        doneAt: sql`${value('now')}`,
        leaseUntil: null,
        lastError: null,
      })
      .where(eq(outbox.id, value('id')))
      .prepare(),
    /**
     * The entry `id` goes back to wait until `notBefore`, untried, and the entries behind it in its lane
     * with it: they cannot go before it, so they are not due before it either. One statement, so one
     * commit, for what happens to every delivery that waits for a rate limit.
     */
    releaseOutbox: db
      .update(outbox)
      .set({
        notBefore: sql`MAX(${outbox.notBefore}, ${value('notBefore')})`,
        leaseUntil: sql`CASE WHEN ${outbox.id} = ${value('id')} THEN NULL ELSE ${outbox.leaseUntil} END`,
        attempts: sql`CASE WHEN ${outbox.id} = ${value('id')} THEN MAX(${outbox.attempts} - 1, 0) ELSE ${outbox.attempts} END`,
      })
      .where(and(inLaneOf(value('id')), sql`${outbox.id} >= ${value('id')}`))
      .prepare(),
    /** The entries behind `id` in its lane are not due before `notBefore` either. */
    laneWaits: db
      .update(outbox)
      .set({ notBefore: sql`MAX(${outbox.notBefore}, ${value('notBefore')})` })
      .where(and(inLaneOf(value('id')), sql`${outbox.id} > ${value('id')}`))
      .prepare(),
  };
}

export type HotQueries = ReturnType<typeof prepareHotQueries>;
