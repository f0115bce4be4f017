import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { CaseFacts, CaseTriage, FlowPosition, MessageAttachment, MessageButton } from '../core/model.js';

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
    status: text('status', { enum: ['new', 'open', 'waiting', 'closed'] })
      .notNull()
      .default('open'),
    inboxChannel: text('inbox_channel').notNull(),
    /** The inbox thread (Slack: the parent message ts); null until the first relay opened it. */
    inboxThread: text('inbox_thread'),
    createdAt: integer('created_at').notNull(),
    lastPersonMessageAt: integer('last_person_message_at'),
    /** Optimistic concurrency: a decision commits only if nobody decided in between (see case-store.ts). */
    version: integer('version').notNull().default(0),
    mode: text('mode', { enum: ['bot', 'human'] })
      .notNull()
      .default('bot'),
    /** The running flow's position as JSON, null when no flow runs. */
    flow: text('flow', { mode: 'json' }).$type<FlowPosition>(),
    facts: text('facts', { mode: 'json' }).$type<CaseFacts>().notNull().default({}),
    urgent: text('urgent'),
    languageConfirmed: integer('language_confirmed', { mode: 'boolean' }).notNull().default(false),
    silenced: integer('silenced', { mode: 'boolean' }).notNull().default(false),
    promptNonce: text('prompt_nonce'),
    /** The caseworker who took the case (inbox user id), if any. */
    assignee: text('assignee'),
    /** The person asked for silent mode: no sound, and a neutral first line on every message. */
    silentMode: integer('silent_mode', { mode: 'boolean' }).notNull().default(false),
    /** The person's answer to the privacy notice; until "given", their messages are held, not relayed. */
    consent: text('consent', { enum: ['pending', 'given', 'declined'] })
      .notNull()
      .default('given'),
    /** The latest triage of a finished or stopped flow, for the case card. */
    triage: text('triage', { mode: 'json' }).$type<CaseTriage>(),
    closedAt: integer('closed_at'),
    /** When the person was last told the team is out of the office (told again after 12 hours). */
    offHoursNoticeAt: integer('off_hours_notice_at'),
    /** Set when Haven offered the safety tips, so they are offered once. */
    tipsOfferedAt: integer('tips_offered_at'),
    /** The platform chat id, encrypted, when `chat_id` holds a keyed hash instead (encryption at rest). */
    chatSecret: text('chat_secret'),
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
    /** Rows of inline buttons under a message to the person, as JSON. */
    buttons: text('buttons', { mode: 'json' }).$type<MessageButton[][]>(),
    /** The inbox's rendering when it differs from body (English question, tapped label, notice). */
    inboxText: text('inbox_text'),
    /** The inbox post of the machine translation shown beneath this message, if any. */
    inboxTranslationId: text('inbox_translation_id'),
    /** A person's message kept back from the inbox until they agree to the privacy notice. */
    held: integer('held', { mode: 'boolean' }).notNull().default(false),
    /** The file, place or contact that came with the message, as JSON (sealed with encryption at rest). */
    attachment: text('attachment', { mode: 'json' }).$type<MessageAttachment>(),
    /** The inbox's id of the uploaded copy of the message's file (Slack file id), to erase it with the case. */
    inboxFileId: text('inbox_file_id'),
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
    lane: text('lane', { enum: ['inbox', 'channel', 'timer'] }).notNull(),
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

/** Answers to flow questions as data: one row per answered, skipped or free-text question. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    flowId: text('flow_id').notNull(),
    nodeId: text('node_id').notNull(),
    questionKey: text('question_key').notNull(),
    indicator: text('indicator'),
    answer: text('answer').notNull(),
    answerKey: text('answer_key'),
    freeText: text('free_text'),
    forms: text('forms', { mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('answers_conversation').on(table.conversationId, table.id)],
);

/** Who did what to a case in the inbox, and when: assignment, urgency, closing (the audit trail). */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    at: integer('at').notNull(),
  },
  (table) => [index('case_events_conversation').on(table.conversationId, table.id)],
);

/**
 * A person's resume code: the selector finds it, the salted PBKDF2 hash proves it. One per case; it goes
 * with the case (cascade) and when it is used or revoked.
 */
export const resumeCodes = sqliteTable(
  'resume_codes',
  {
    conversationId: integer('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    selector: text('selector').notNull(),
    salt: text('salt').notNull(),
    hash: text('hash').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [uniqueIndex('resume_codes_selector').on(table.selector)],
);

/** Failed /resume attempts of the last hour, to throttle guessing: a hash of the chat, never its id. */
export const resumeAttempts = sqliteTable(
  'resume_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatKey: text('chat_key').notNull(),
    at: integer('at').notNull(),
  },
  (table) => [
    index('resume_attempts_at').on(table.at),
    index('resume_attempts_chat').on(table.chatKey, table.at),
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

export const schema = {
  conversations,
  messages,
  outbox,
  processedEvents,
  answers,
  caseEvents,
  resumeCodes,
  resumeAttempts,
};
