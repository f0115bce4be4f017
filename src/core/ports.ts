import type {
  Conversation,
  ConversationId,
  ConversationPatch,
  NewOutboxEntry,
  OutboxEntry,
  StoredAnswer,
  StoredMessage,
} from './model.js';

/**
 * The seams between the core and the world. Adapters implement these; the core only ever sees them.
 */

/** Persistence of cases, messages, idempotency keys and the outbox. Every method is async (D1 is). */
export interface CaseStore {
  findConversationByChat(channel: string, chatId: string): Promise<Conversation | undefined>;
  /** Creates the conversation unless one exists for the chat; returns the one that exists afterwards. */
  openConversation(input: {
    channel: string;
    chatId: string;
    language: string;
    languageConfirmed: boolean;
    inboxChannel: string;
    now: number;
  }): Promise<Conversation>;
  findConversationByThread(inboxChannel: string, inboxThread: string): Promise<Conversation | undefined>;
  getConversation(id: ConversationId): Promise<Conversation | undefined>;
  setInboxThread(id: ConversationId, inboxThread: string): Promise<void>;
  hasMessages(id: ConversationId): Promise<boolean>;
  getMessage(id: string): Promise<StoredMessage | undefined>;
  setMessagePlatformIds(
    id: string,
    ids: { channelMessageId?: string; inboxMessageId?: string },
  ): Promise<void>;
  isProcessed(source: string, eventKey: string): Promise<boolean>;
  /**
   * Stores an accepted event atomically: its idempotency key, the decision about the conversation, its
   * messages, answers and outbox entries. Returns `duplicate` (storing nothing) when the key was already
   * taken, and `conflict` (storing nothing) when the conversation changed since `expectedVersion` was read:
   * the caller decides again on fresh state.
   */
  saveTurn(input: Turn): Promise<'stored' | 'duplicate' | 'conflict'>;
  listAnswers(conversationId: ConversationId): Promise<StoredAnswer[]>;
  /** Claims up to `limit` due entries, at most one per lane (the head), leasing them until `leaseUntil`. */
  claimOutbox(input: { now: number; limit: number; leaseUntil: number }): Promise<OutboxEntry[]>;
  completeOutbox(id: number, now: number): Promise<void>;
  retryOutbox(id: number, notBefore: number, error: string): Promise<void>;
  parkOutbox(id: number, error: string): Promise<void>;
  /** When the next pending entry becomes due, so an idle worker knows how long it may sleep. */
  nextOutboxDue(): Promise<number | undefined>;
  ping(): Promise<void>;
}

/** Everything one accepted event changes, committed together. */
export interface Turn {
  event: { source: string; key: string };
  now: number;
  conversation?: { id: ConversationId; expectedVersion: number; patch: ConversationPatch };
  messages: StoredMessage[];
  answers?: StoredAnswer[];
  outbox: NewOutboxEntry[];
  personActiveAt?: { conversationId: ConversationId; at: number };
}

/** Sends messages to the person (Telegram today; any chat channel tomorrow). */
export interface ChatChannel {
  send(input: { conversation: Conversation; message: StoredMessage }): Promise<{ channelMessageId: string }>;
}

/** The caseworkers' inbox (Slack today). */
export interface Inbox {
  openThread(input: { conversation: Conversation }): Promise<{ inboxThread: string }>;
  postInThread(input: {
    conversation: Conversation & { inboxThread: string };
    message: StoredMessage;
  }): Promise<{ inboxMessageId: string }>;
}

/** Every word a person or caseworker reads comes from the locales through this port. */
export interface Texts {
  t(language: string, key: string, values?: Record<string, unknown>): string;
  /** Maps a client's language tag (e.g. "pt-BR", "nl-be") to a shipped language, if there is one. */
  supportedLanguage(tag: string | undefined): string | undefined;
  readonly fallbackLanguage: string;
}

export interface Clock {
  now(): number;
}

/**
 * The slice of a structured logger the core uses. Callers pass ids and counts only, never message text or
 * names: what a person writes must not reach log files.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
