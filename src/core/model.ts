/**
 * The conversation core's vocabulary. Plain data only: no platform, framework or driver types, so the
 * same core runs on Node and on Workers, behind any chat channel and any inbox.
 */

/** The case number caseworkers see, counted per installation. */
export type ConversationId = number;

export interface Conversation {
  id: ConversationId;
  /** Which chat channel adapter the person uses, e.g. "telegram". */
  channel: string;
  /** The person's chat on that channel (opaque to the core). */
  chatId: string;
  /** A supported language code, e.g. "ro". */
  language: string;
  status: 'open' | 'closed';
  /** The inbox channel the case lives in (Slack channel id). */
  inboxChannel: string;
  /** The inbox thread of the case (Slack parent ts), null until it is opened. */
  inboxThread: string | null;
  createdAt: number;
  lastPersonMessageAt: number | null;
}

/** Who wrote a message: the person, a caseworker, or Haven itself (greetings, flow questions). */
export type MessageAuthor = 'person' | 'caseworker' | 'haven';

/**
 * What a message holds. `text` is the only content the foundation relays verbatim; any other kind
 * (photo, sticker, voice…) is recorded with its caption so the inbox can show that it arrived.
 */
export interface MessageContent {
  kind: string;
  body: string;
}

export interface StoredMessage extends MessageContent {
  id: string;
  conversationId: ConversationId;
  author: MessageAuthor;
  /** The message's id in the person's chat, once it exists there. */
  channelMessageId: string | null;
  /** The message's id in the inbox thread, once it exists there. */
  inboxMessageId: string | null;
  createdAt: number;
}

/** Where an outbox entry is delivered; order is kept per conversation and lane. */
export type OutboxLane = 'inbox' | 'channel';

/** The kinds of work the outbox knows, with their payloads. */
export interface OutboxPayloads {
  /** Post a stored message into the case's inbox thread, opening the thread first if needed. */
  'inbox.relay': { messageId: string };
  /** Send a stored message to the person's chat. */
  'channel.send': { messageId: string };
}
export type OutboxKind = keyof OutboxPayloads;

export interface NewOutboxEntry<K extends OutboxKind = OutboxKind> {
  conversationId: ConversationId;
  lane: OutboxLane;
  kind: K;
  payload: OutboxPayloads[K];
}

export interface OutboxEntry<K extends OutboxKind = OutboxKind> extends NewOutboxEntry<K> {
  id: number;
  /** How many times delivery has been tried, this attempt included. */
  attempts: number;
  createdAt: number;
}

/** A message from a person, as a chat channel adapter hands it to the core. */
export interface PersonMessageInput {
  channel: string;
  chatId: string;
  /** The platform's idempotency key for the delivery (Telegram: update_id). */
  eventKey: string;
  channelMessageId: string;
  /** The client's language tag (Telegram `language_code`), only a hint. */
  languageHint: string | undefined;
  content: MessageContent;
}

/** A reply a caseworker wrote in an inbox thread, as the inbox adapter hands it to the core. */
export interface CaseworkerReplyInput {
  /** The platform's idempotency key (Slack event_id). */
  eventKey: string;
  inboxChannel: string;
  inboxThread: string;
  inboxMessageId: string;
  text: string;
}

export type AcceptOutcome = 'stored' | 'duplicate' | 'ignored';
