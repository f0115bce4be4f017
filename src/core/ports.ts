import type { CaseCard } from './inbox/case-card.js';
import type {
  Conversation,
  ConversationId,
  ConversationPatch,
  FetchedFile,
  FileAttachment,
  InboxReaction,
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
    /** `given` when the installation does not ask for consent (HAVEN_CONSENT=off). */
    consent?: 'pending' | 'given';
    inboxChannel: string;
    now: number;
  }): Promise<Conversation>;
  findConversationByThread(inboxChannel: string, inboxThread: string): Promise<Conversation | undefined>;
  getConversation(id: ConversationId): Promise<Conversation | undefined>;
  setInboxThread(id: ConversationId, inboxThread: string): Promise<void>;
  hasMessages(id: ConversationId): Promise<boolean>;
  getMessage(id: string): Promise<StoredMessage | undefined>;
  /** Every message of a conversation, oldest first. */
  listMessages(conversationId: ConversationId): Promise<StoredMessage[]>;
  /**
   * Erases a conversation and everything about it (messages, answers, events, pending deliveries to the
   * person), committing `outbox` (e.g. the inbox clean-up) in the same batch. A later message opens a new case.
   */
  erase(input: {
    conversationId: ConversationId;
    event: { source: string; key: string };
    now: number;
    outbox: NewOutboxEntry[];
  }): Promise<'stored' | 'duplicate'>;
  setMessagePlatformIds(
    id: string,
    ids: {
      channelMessageId?: string;
      inboxMessageId?: string;
      inboxTranslationId?: string;
      inboxFileId?: string;
    },
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
  /** Hands a claimed entry back untried (it waits for a rate limit): due at `notBefore`, no attempt counted. */
  releaseOutbox(id: number, notBefore: number): Promise<void>;
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
  /** Audit trail entries: who did what to the case. */
  caseEvents?: { conversationId: ConversationId; actor: string; action: string }[];
  /** Messages held for consent: `release` marks them relayed (their relays are in `outbox`); `discard` deletes them. */
  held?: { conversationId: ConversationId; change: 'release' | 'discard' };
  outbox: NewOutboxEntry[];
  personActiveAt?: { conversationId: ConversationId; at: number };
}

/** Sends messages to the person (Telegram today; any chat channel tomorrow). */
export interface ChatChannel {
  /**
   * Sends a message. With `silent`, the person's phone makes no sound and the message starts with
   * `silent.preview`, a neutral line, so a lock-screen preview reveals nothing.
   */
  send(input: {
    conversation: Conversation;
    message: StoredMessage;
    silent?: { preview: string };
    /** A file to send, with the message's body as its caption (see `files`). */
    file?: FetchedFile;
  }): Promise<{ channelMessageId: string }>;
  /** Replaces the text of a message Haven sent (a caseworker's reply they edited). */
  edit(input: { conversation: Conversation; channelMessageId: string; text: string }): Promise<void>;
  /** Deletes messages from the person's chat (both sides, where the platform allows); returns how many went. */
  deleteMessages(input: { conversation: Conversation; channelMessageIds: string[] }): Promise<number>;
  /** How long after sending the platform still lets a message be deleted. */
  readonly deleteWindowMs: number;
  /** The longest text one message may have (UTF-16 units); longer ones are sent in pieces. */
  readonly maxTextLength?: number;
  /** Files both ways; a channel that cannot carry files leaves this out, and the inbox is told so. */
  readonly files?: ChannelFiles;
}

/** What a chat channel can do with files, and the platform's limits for it. */
export interface ChannelFiles {
  /** Fetches a file the person sent. Throws a DeliveryError ('permanent' when it cannot ever be fetched). */
  fetch(input: { conversation: Conversation; attachment: FileAttachment }): Promise<FetchedFile>;
  /** The largest file `fetch` can get, in bytes; a bigger one is reported to the inbox instead. */
  readonly maxFetchBytes: number;
  /** The largest file `send` can carry to the person, in bytes. */
  readonly maxSendBytes: number;
  /** The longest caption a file may carry; a longer body follows the file as text. */
  readonly maxCaptionLength: number;
}

/** The caseworkers' inbox (Slack today). A case is a thread whose parent message is its card. */
export interface Inbox {
  openThread(input: { conversation: Conversation; card: CaseCard }): Promise<{ inboxThread: string }>;
  updateCard(input: { conversation: Conversation & { inboxThread: string }; card: CaseCard }): Promise<void>;
  postInThread(input: {
    conversation: Conversation & { inboxThread: string };
    message: StoredMessage;
  }): Promise<{ inboxMessageId: string }>;
  react(input: { inboxChannel: string; inboxMessageId: string; reaction: InboxReaction }): Promise<void>;
  /** After /forget: removes Haven's own posts and uploads, and leaves `tombstone` as the card. */
  erase(input: {
    inboxChannel: string;
    inboxThread: string;
    inboxMessageIds: string[];
    inboxFileIds?: string[];
    tombstone: string;
  }): Promise<void>;
  /** Files both ways; an inbox that cannot carry files leaves this out. */
  readonly files?: InboxFiles;
}

/** What an inbox can do with files. Both methods throw a DeliveryError on failure, like every port call. */
export interface InboxFiles {
  /** Uploads a file into the case's thread; returns the inbox's id of the upload (to erase it later). */
  post(input: {
    conversation: Conversation & { inboxThread: string };
    file: FetchedFile;
  }): Promise<{ inboxFileId: string }>;
  /** Fetches a file a caseworker attached in the thread. */
  fetch(input: { attachment: FileAttachment }): Promise<FetchedFile>;
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
