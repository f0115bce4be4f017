import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type {
  CaseStore,
  Conversation,
  ConversationId,
  NewOutboxEntry,
  OutboxEntry,
  StoredAnswer,
  StoredMessage,
  Turn,
} from '../core/index.js';
import { isNotNullViolation, isUniqueViolation, type SqlDatabase, type Statement } from './database.js';
import { type HotQueries, prepareHotQueries } from './hot-queries.js';
import { answers, caseEvents, conversations, messages, outbox, processedEvents } from './schema.js';

type ConversationRow = typeof conversations.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

/** The drizzle implementation of the core's CaseStore; the same code serves better-sqlite3 and D1. */
export class DrizzleCaseStore implements CaseStore {
  #hot: HotQueries | undefined;

  constructor(private readonly database: SqlDatabase) {}

  private get db() {
    return this.database.db;
  }

  /** The queries made for every update and delivery, prepared on first use (see hot-queries.ts). */
  private get hot(): HotQueries {
    this.#hot ??= prepareHotQueries(this.db);
    return this.#hot;
  }

  async findConversationByChat(channel: string, chatId: string): Promise<Conversation | undefined> {
    const rows = await this.hot.conversationByChat.all({ channel, chatId });
    return rows[0] && toConversation(rows[0]);
  }

  async openConversation(input: {
    channel: string;
    chatId: string;
    language: string;
    languageConfirmed: boolean;
    /** `given` when the installation does not ask for consent (HAVEN_CONSENT=off). */
    consent?: 'pending' | 'given';
    inboxChannel: string;
    now: number;
    /** The chat id sealed, when `chatId` is a blind index (see encrypted-case-store.ts). */
    chatSecret?: string;
  }): Promise<Conversation> {
    // Insert-or-keep, then read: two first messages racing for one chat end up in the same case.
    await this.db
      .insert(conversations)
      .values({
        channel: input.channel,
        chatId: input.chatId,
        language: input.language,
        languageConfirmed: input.languageConfirmed,
        status: 'new',
        consent: input.consent ?? 'pending',
        inboxChannel: input.inboxChannel,
        createdAt: input.now,
        chatSecret: input.chatSecret,
      })
      .onConflictDoNothing();
    const created = await this.findConversationByChat(input.channel, input.chatId);
    if (!created) throw new Error('conversation vanished right after it was created');
    return created;
  }

  async findConversationByThread(
    inboxChannel: string,
    inboxThread: string,
  ): Promise<Conversation | undefined> {
    const rows = await this.hot.conversationByThread.all({ inboxChannel, inboxThread });
    return rows[0] && toConversation(rows[0]);
  }

  async getConversation(id: ConversationId): Promise<Conversation | undefined> {
    const rows = await this.hot.conversation.all({ id });
    return rows[0] && toConversation(rows[0]);
  }

  async setInboxThread(id: ConversationId, inboxThread: string): Promise<void> {
    await this.db.update(conversations).set({ inboxThread }).where(eq(conversations.id, id));
  }

  async hasMessages(id: ConversationId): Promise<boolean> {
    const rows = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.conversationId, id))
      .limit(1);
    return rows.length > 0;
  }

  async getMessage(id: string): Promise<StoredMessage | undefined> {
    const rows = await this.hot.message.all({ id });
    return rows[0] && toMessage(rows[0]);
  }

  async setMessagePlatformIds(
    id: string,
    ids: Parameters<CaseStore['setMessagePlatformIds']>[1],
  ): Promise<void> {
    await this.db.update(messages).set(ids).where(eq(messages.id, id));
  }

  async isProcessed(source: string, eventKey: string): Promise<boolean> {
    const rows = await this.hot.processed.all({ source, key: eventKey });
    return rows.length > 0;
  }

  async saveTurn(input: Turn): Promise<'stored' | 'duplicate' | 'conflict'> {
    // The idempotency key goes first: when it already exists the whole batch fails and nothing is stored.
    const statements: Statement[] = [
      this.db
        .insert(processedEvents)
        .values({ source: input.event.source, eventKey: input.event.key, receivedAt: input.now }),
    ];
    if (input.conversation) {
      // D1 runs a batch without letting one statement depend on another's result, so the version check
      // must fail by itself: a stale version sets NULL into a NOT NULL column, which aborts the batch.
      const { id, expectedVersion, patch } = input.conversation;
      statements.push(
        this.db
          .update(conversations)
          .set({
            ...patch,
            version: sql`CASE WHEN ${conversations.version} = ${expectedVersion} THEN ${conversations.version} + 1 ELSE NULL END`,
          })
          .where(eq(conversations.id, id)),
      );
    }
    if (input.held) {
      // Before the new messages go in, so a message held in this very turn stays held.
      const whereHeld = and(eq(messages.conversationId, input.held.conversationId), eq(messages.held, true));
      statements.push(
        input.held.change === 'release'
          ? this.db.update(messages).set({ held: false }).where(whereHeld)
          : this.db.delete(messages).where(whereHeld),
      );
    }
    for (const rows of chunks(input.messages, columnsOf(messages)))
      statements.push(this.db.insert(messages).values(rows));
    const events = (input.caseEvents ?? []).map((event) => ({ ...event, at: input.now }));
    for (const rows of chunks(events, columnsOf(caseEvents)))
      statements.push(this.db.insert(caseEvents).values(rows));
    for (const rows of chunks(input.answers ?? [], columnsOf(answers)))
      statements.push(this.db.insert(answers).values(rows));
    const queued = input.outbox.map((entry) => outboxRow(entry, input.now));
    for (const rows of chunks(queued, columnsOf(outbox)))
      statements.push(this.db.insert(outbox).values(rows));
    if (input.personActiveAt) {
      statements.push(
        this.db
          .update(conversations)
          .set({ lastPersonMessageAt: input.personActiveAt.at })
          .where(eq(conversations.id, input.personActiveAt.conversationId)),
      );
    }
    try {
      await this.database.atomic(statements);
      return 'stored';
    } catch (error) {
      if (isUniqueViolation(error, 'processed_events')) return 'duplicate';
      if (isNotNullViolation(error, 'conversations.version')) return 'conflict';
      throw error;
    }
  }

  async listMessages(conversationId: ConversationId): Promise<StoredMessage[]> {
    const rows = await this.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    return rows.map(toMessage);
  }

  async erase(input: {
    conversationId: ConversationId;
    event: { source: string; key: string };
    now: number;
    outbox: NewOutboxEntry[];
  }): Promise<'stored' | 'duplicate'> {
    const { conversationId } = input;
    // Messages, answers and events go with the conversation (ON DELETE CASCADE); pending deliveries that
    // would still send its words anywhere are dropped; the clean-up of the inbox is queued in the same batch.
    const statements: Statement[] = [
      this.db
        .insert(processedEvents)
        .values({ source: input.event.source, eventKey: input.event.key, receivedAt: input.now }),
      this.db
        .delete(outbox)
        .where(and(eq(outbox.conversationId, conversationId), eq(outbox.status, 'pending'))),
      this.db.delete(conversations).where(eq(conversations.id, conversationId)),
    ];
    const queued = input.outbox.map((entry) => outboxRow(entry, input.now));
    for (const rows of chunks(queued, columnsOf(outbox)))
      statements.push(this.db.insert(outbox).values(rows));
    try {
      await this.database.atomic(statements);
      return 'stored';
    } catch (error) {
      if (isUniqueViolation(error, 'processed_events')) return 'duplicate';
      throw error;
    }
  }

  async listAnswers(conversationId: ConversationId): Promise<StoredAnswer[]> {
    const rows = await this.db
      .select()
      .from(answers)
      .where(eq(answers.conversationId, conversationId))
      .orderBy(asc(answers.id));
    return rows.map(({ id: _id, ...answer }) => answer);
  }

  async claimOutbox(input: { now: number; limit: number; leaseUntil: number }): Promise<OutboxEntry[]> {
    // The head of a lane is its oldest pending entry; a lane whose head is leased (in flight) or not yet
    // due is skipped as a whole, which is what keeps each conversation's messages in order. Heads are taken
    // longest due first, walking the outbox_due index in order: no entry of a lane is due before its head
    // (see `laneDue`), so the walk meets almost nothing but heads and stops after `limit` of them, however
    // long the backlog.
    const rows = await this.hot.claimOutbox.all(input);
    return rows.map(toOutboxEntry).sort((a, b) => a.id - b.id);
  }

  async completeOutbox(id: number, now: number): Promise<void> {
    await this.hot.completeOutbox.run({ id, now });
  }

  async retryOutbox(id: number, notBefore: number, error: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ notBefore, leaseUntil: null, lastError: error })
      .where(eq(outbox.id, id));
    // The entries behind it in its lane cannot go before it: they are not due before it is either.
    await this.hot.laneWaits.run({ id, notBefore });
  }

  async releaseOutbox(id: number, notBefore: number): Promise<void> {
    await this.hot.releaseOutbox.run({ id, notBefore });
  }

  async parkOutbox(id: number, error: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ status: 'parked', leaseUntil: null, lastError: error })
      .where(eq(outbox.id, id));
  }

  async nextOutboxDue(): Promise<number | undefined> {
    // Only lane heads can be claimed; an entry queued behind one in flight is not "due" on its own. The
    // heads that fall due first, in the outbox_due index's order, rather than every pending entry: a head
    // further on is due later unless all of these are leased past it, and a lease ends with a delivery,
    // which wakes the worker anyway.
    const rows = await this.hot.nextOutboxDue.all();
    return rows[0]?.due ?? undefined;
  }

  async ping(): Promise<void> {
    await this.db
      .select({ id: conversations.id })
      .from(conversations)
      .orderBy(asc(conversations.id))
      .limit(1);
  }
}

/**
 * D1 binds at most 100 parameters per statement. A multi-row insert binds one per column per row, so big
 * inserts are cut into several statements of the same batch, which stays all-or-nothing.
 */
const MAX_BOUND_PARAMETERS = 100;

function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns));
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

/** The number of columns of a table: the most parameters one of its rows can bind. */
function columnsOf(table: Parameters<typeof getTableColumns>[0]): number {
  return Object.keys(getTableColumns(table)).length;
}

function outboxRow(entry: NewOutboxEntry, now: number) {
  return {
    conversationId: entry.conversationId,
    lane: entry.lane,
    kind: entry.kind,
    payload: JSON.stringify(entry.payload),
    notBefore: laneDue(entry, entry.notBefore ?? now),
    createdAt: now,
  };
}

/**
 * An entry is never due before the entries ahead of it in its lane (a lane goes strictly in order): one
 * queued behind a head that waits for a rate limit waits as long. Claims and the next wake-up then meet
 * heads, not the entries queued behind them. With this rule and `laneWaits`, the last entry of a lane
 * is the one due last, so one step down the outbox_lane_head index finds it.
 */
function laneDue(entry: NewOutboxEntry, notBefore: number) {
  return sql`MAX(${notBefore}, COALESCE((
    SELECT last.not_before FROM outbox AS last
    WHERE last.conversation_id = ${entry.conversationId} AND last.lane = ${entry.lane}
      AND last.status = 'pending'
    ORDER BY last.id DESC LIMIT 1
  ), 0))`;
}

type ClaimedRow = Omit<OutboxEntry, 'kind' | 'payload'> & { kind: string; payload: string };

function toOutboxEntry(row: ClaimedRow): OutboxEntry {
  return { ...row, payload: JSON.parse(row.payload) } as OutboxEntry;
}

/** With encryption at rest, `chat_id` is only a lookup value and the chat id is the sealed `chat_secret`. */
function toConversation(row: ConversationRow): Conversation {
  const { chatSecret, ...conversation } = row;
  return { ...conversation, chatId: chatSecret ?? row.chatId, facts: row.facts ?? {} };
}

/** A message as the core knows it: without the optional fields it does not have (no file, no upload). */
function toMessage(row: MessageRow): StoredMessage {
  const { attachment, inboxFileId, ...message } = row;
  return {
    ...message,
    ...(attachment !== null ? { attachment } : {}),
    ...(inboxFileId !== null ? { inboxFileId } : {}),
  };
}
