import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One schema for both drivers (better-sqlite3 on Node, D1 on Workers). Times are epoch milliseconds.
 * Migrations in drizzle/ are generated from this file by drizzle-kit; never edit them by hand.
 */

/** A conversation with one person on one chat channel; its id is the case number caseworkers see. */
export const conversations = sqliteTable(
  'conversations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    language: text('language').notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    inboxChannel: text('inbox_channel').notNull(),
    /** The inbox thread (Slack: the parent message ts); null until the first relay opened it. */
    inboxThread: text('inbox_thread'),
    createdAt: integer('created_at').notNull(),
    lastPersonMessageAt: integer('last_person_message_at'),
  },
  (table) => [
    uniqueIndex('conversations_channel_chat').on(table.channel, table.chatId),
    index('conversations_inbox_thread').on(table.inboxChannel, table.inboxThread),
  ],
);

/** Every message of a conversation, both sides, with the platform ids needed to edit or delete it later. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    author: text('author', { enum: ['person', 'caseworker', 'haven'] }).notNull(),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    /** Telegram message id (as text) once the message exists in the person's chat. */
    channelMessageId: text('channel_message_id'),
    /** Slack message ts once the message exists in the inbox thread. */
    inboxMessageId: text('inbox_message_id'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    index('messages_conversation').on(table.conversationId, table.createdAt),
    index('messages_inbox_message').on(table.inboxMessageId),
  ],
);

/**
 * Work to do on a platform, committed in the same statement batch as the event that caused it.
 * Entries of one lane are delivered strictly in id order; `parked` entries no longer block the lane.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id').notNull(),
    /**
     * Order is kept per conversation and destination ("inbox" or "channel"), so a Slack outage never holds
     * back what the person should receive, and the reverse.
     */
    lane: text('lane', { enum: ['inbox', 'channel'] }).notNull(),
    kind: text('kind').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'done', 'parked'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    /** A worker that claimed the entry owns it until then; a crashed worker's lease simply runs out. */
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
  },
  (table) => [
    index('outbox_lane_head').on(table.conversationId, table.lane, table.status, table.id),
    index('outbox_due').on(table.status, table.notBefore),
  ],
);

/** Platform event ids already accepted (Telegram update_id, Slack event_id): the idempotency keys. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    source: text('source').notNull(),
    eventKey: text('event_key').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.source, table.eventKey] })],
);

export const schema = { conversations, messages, outbox, processedEvents };
