/**
 * The conversation core's vocabulary. Plain data only: no platform, framework or driver types, so the
 * same core runs on Node and on Workers, behind any chat channel and any inbox.
 */

/** The case number caseworkers see, counted per installation. */
export type ConversationId = number;

/** Where a person is in a flow; the flow engine's own state, stored as it is. */
export interface FlowPosition {
  flowId: string;
  nodeId: string;
  /** Random per shown question; buttons carry it so stale taps are detected. */
  nonce: string;
}

/**
 * Who answers the person. `bot`: Haven's flows answer (a human still reads everything). `human`: a
 * caseworker has taken over; the flows stay silent until the case is handed back.
 */
export type ConversationMode = 'bot' | 'human';

/** Facts the flows established, shown on the case card and used for routing. */
export interface CaseFacts {
  role?: string;
  region?: string;
  minor?: string;
  contact?: string;
}

export interface Conversation {
  id: ConversationId;
  /** Bumped by every decision about the conversation, so two decisions never overwrite each other. */
  version: number;
  /** Which chat channel adapter the person uses, e.g. "telegram". */
  channel: string;
  /** The person's chat on that channel (opaque to the core). */
  chatId: string;
  /** A supported language code, e.g. "ro". */
  language: string;
  status: 'new' | 'open' | 'waiting' | 'closed';
  /** The inbox channel the case lives in (Slack channel id). */
  inboxChannel: string;
  /** The inbox thread of the case (Slack parent ts), null until it is opened. */
  inboxThread: string | null;
  createdAt: number;
  lastPersonMessageAt: number | null;
  mode: ConversationMode;
  /** The flow question the person is at, if a flow is running. */
  flow: FlowPosition | null;
  facts: CaseFacts;
  /** Why the case is urgent, if it is (e.g. "emergency", "danger_now", "minor"). */
  urgent: string | null;
  /** True once the person confirmed or chose their language (or their client told it reliably). */
  languageConfirmed: boolean;
  /** The person said it is not safe to chat: Haven sends nothing until they write again. */
  silenced: boolean;
  /** Random per shown system prompt (language choice), like a flow nonce. */
  promptNonce: string | null;
  /** The caseworker who took the case (an inbox user id). */
  assignee: string | null;
  /** No sound, and a neutral first line on every message, so a lock screen reveals nothing. */
  silentMode: boolean;
  /** The privacy notice: until `given`, the person's messages (after the first) are held back. */
  consent: 'pending' | 'given' | 'declined';
  /** The latest screening result, shown on the case card. */
  triage: CaseTriage | null;
  closedAt: number | null;
  tipsOfferedAt: number | null;
  offHoursNoticeAt: number | null;
}

/** What the case card shows of a flow's triage. */
export interface CaseTriage {
  flowId: string;
  level: string;
  indicators: string[];
  forms: string[];
}

/** Where a case stands for the team: nobody answered yet, in progress, waiting for the person, or done. */
export type CaseStatus = Conversation['status'];

/** The fields of a conversation a decision may change. */
export type ConversationPatch = Partial<
  Pick<
    Conversation,
    | 'language'
    | 'mode'
    | 'flow'
    | 'facts'
    | 'urgent'
    | 'languageConfirmed'
    | 'silenced'
    | 'promptNonce'
    | 'status'
    | 'assignee'
    | 'silentMode'
    | 'consent'
    | 'triage'
    | 'closedAt'
    | 'tipsOfferedAt'
    | 'offHoursNoticeAt'
    | 'inboxThread'
    | 'inboxChannel'
  >
>;

/** An inline button under a message to the person: its label as shown, and the data it sends back. */
export interface MessageButton {
  text: string;
  data: string;
}

/** Who wrote a message: the person, a caseworker, or Haven itself (greetings, flow questions). */
export type MessageAuthor = 'person' | 'caseworker' | 'haven';

/**
 * What a message holds. `text` is the only content the foundation relays verbatim; any other kind
 * (photo, sticker, voice…) is recorded with its caption so the inbox can show that it arrived, and with
 * its `attachment` when it carries one.
 */
export interface MessageContent {
  kind: string;
  body: string;
  /** What came with the message besides words (a file, a place, a contact); sealed at rest like `body`. */
  attachment?: MessageAttachment | null;
}

/** What a chat's attachment menu offers besides words: a file, a place on the map, or a contact. */
export type MessageAttachment = FileAttachment | PlaceAttachment | ContactAttachment;

/**
 * A file, kept where it was sent: `ref` lets the side it came from fetch it again (Telegram: the file_id;
 * Slack: the file's private download URL). Name, type and size are what the platform said, when it did.
 */
export interface FileAttachment {
  type: 'file';
  ref: string;
  name: string | null;
  mime: string | null;
  size: number | null;
}

/** A location, or a venue with its name and address. */
export interface PlaceAttachment {
  type: 'place';
  latitude: number;
  longitude: number;
  title?: string;
  address?: string;
}

/**
 * A contact card the person shared. `self`: their own card, whose name and number are not kept, since
 * nothing that identifies the person goes to the inbox.
 */
export interface ContactAttachment {
  type: 'contact';
  name: string | null;
  phone: string | null;
  self: boolean;
}

/** A file's bytes, fetched from the side it was sent on, to be handed to the other side. */
export interface FetchedFile {
  bytes: Uint8Array;
  name: string;
  mime: string;
}

export interface StoredMessage extends MessageContent {
  id: string;
  conversationId: ConversationId;
  author: MessageAuthor;
  /** Rows of buttons shown under a message to the person. */
  buttons: MessageButton[][] | null;
  /**
   * How the inbox shows the message, when that differs from `body`: Haven's questions in the caseworkers'
   * language, a tapped button by its English label, or an inbox-only notice.
   */
  inboxText: string | null;
  /** Kept back from the inbox until the person agrees to the privacy notice. */
  held: boolean;
  /** The inbox post of the machine translation beneath this message (so erasure removes it too). */
  inboxTranslationId: string | null;
  /** The message's id in the person's chat, once it exists there. */
  channelMessageId: string | null;
  /** The message's id in the inbox thread, once it exists there. */
  inboxMessageId: string | null;
  /** The inbox's id of the copy of the message's file, once it was uploaded into the thread. */
  inboxFileId?: string | null;
  createdAt: number;
}

/**
 * Where an outbox entry is delivered; order is kept per conversation and lane. `timer` holds work due
 * later (a reminder), apart, so it never holds back what is due now.
 */
export type OutboxLane = 'inbox' | 'channel' | 'timer';

/** The kinds of work the outbox knows, with their payloads. */
export interface OutboxPayloads {
  /** Post a stored message into the case's inbox thread, opening the thread first if needed. */
  'inbox.relay': { messageId: string };
  /** Post the machine translation of a person's message beneath it, in the caseworkers' language. */
  'inbox.translate': { messageId: string };
  /** Bring the case card (the thread's parent) up to date with the case as it is when this runs. */
  'inbox.card': Record<string, never>;
  /**
   * The person has waited for an answer since `since`: unless a caseworker answered meanwhile, ping the
   * assignee (or the channel) in the thread, once.
   */
  'inbox.remind': { since: number };
  /** Mark a caseworker's thread message with what happened to it (sent, failed, kept internal). */
  'inbox.react': { inboxMessageId: string; reaction: InboxReaction };
  /** Send a stored message to the person's chat. */
  'channel.send': { messageId: string };
  /** After /forget: remove Haven's posts from the thread and leave a tombstone as its card. */
  'inbox.erase': {
    inboxChannel: string;
    inboxThread: string;
    inboxMessageIds: string[];
    /** Files Haven uploaded into the thread (the person's photos, documents…). */
    inboxFileIds?: string[];
    erasedAt: number;
  };
  /**
   * Quick exit: delete from the person's chat every message, both sides, sent up to `upTo` that the
   * platform still allows deleting.
   */
  'channel.wipe': { upTo: number; alsoDelete?: string[] };
  /** A caseworker edited a sent reply in the inbox: the same edit on the person's phone. */
  'channel.edit': { messageId: string; body: string };
  /** A caseworker deleted a sent reply in the inbox: it goes from the person's phone too. */
  'channel.retract': { messageId: string };
}

/** The marks Haven puts on a caseworker's thread message. */
export type InboxReaction = 'sent' | 'failed' | 'internal';
export type OutboxKind = keyof OutboxPayloads;

export interface NewOutboxEntry<K extends OutboxKind = OutboxKind> {
  conversationId: ConversationId;
  lane: OutboxLane;
  kind: K;
  payload: OutboxPayloads[K];
  /** Not before this moment (a reminder); due at once when absent. */
  notBefore?: number;
}

export interface OutboxEntry<K extends OutboxKind = OutboxKind> extends NewOutboxEntry<K> {
  id: number;
  /** How many times delivery has been tried, this attempt included. */
  attempts: number;
  createdAt: number;
}

/** What a person did: wrote (or sent a photo…), tapped a button, or sent a command such as /start. */
export type PersonAction =
  | { type: 'message'; content: MessageContent }
  | { type: 'button'; data: string }
  | { type: 'command'; command: string; args: string }
  /** The person changed a message they sent earlier (the input's channelMessageId is that message). */
  | { type: 'edit'; content: MessageContent }
  /**
   * The chat writes faster than Haven can answer (the channel counts; the messages themselves came as
   * actions of their own): the person is told, once per flood, that everything arrived.
   */
  | { type: 'flood' };

/** Something a person did, as a chat channel adapter hands it to the core. */
export interface PersonInput {
  channel: string;
  chatId: string;
  /** The platform's idempotency key for the delivery (Telegram: update_id). */
  eventKey: string;
  /** The message's id in the chat (none for a button tap). */
  channelMessageId: string | null;
  /** The client's language tag (Telegram `language_code`), only a hint. */
  languageHint: string | undefined;
  action: PersonAction;
}

/** An answer to a flow question, stored as data (indicator → answer), not only as a transcript. */
export interface StoredAnswer {
  conversationId: ConversationId;
  flowId: string;
  nodeId: string;
  questionKey: string;
  indicator: string | null;
  /** Option id, "skipped" or "free_text". */
  answer: string;
  answerKey: string | null;
  freeText: string | null;
  forms: string[];
  createdAt: number;
}

/** A reply a caseworker wrote in an inbox thread, as the inbox adapter hands it to the core. */
export interface CaseworkerReplyInput {
  /** The platform's idempotency key (Slack event_id). */
  eventKey: string;
  inboxChannel: string;
  inboxThread: string;
  inboxMessageId: string;
  /** The caseworker (inbox user id). */
  author?: string;
  /** The text without a leading mention of Haven. */
  text: string;
  /** True when the message began by mentioning Haven: in `explicit` reply mode, that is what sends it. */
  addressedToHaven?: boolean;
  /** Files the caseworker attached; they reach the person under the same rules as the text. */
  files?: FileAttachment[];
}

/** A caseworker changed or deleted one of their thread messages. */
export interface CaseworkerEditInput {
  eventKey: string;
  inboxChannel: string;
  inboxThread: string;
  inboxMessageId: string;
  /** The new text, without a leading mention of Haven; undefined when the message was deleted. */
  text?: string;
}

/** What a caseworker can do to a case from its card. */
export type CaseAction =
  | { type: 'assign' }
  | { type: 'unassign' }
  | { type: 'urgent' }
  | { type: 'not_urgent' }
  | { type: 'close'; goodbye: boolean }
  | { type: 'reopen' }
  | { type: 'hand_back' }
  /** The person's resume code stops working (e.g. the team fears someone else has seen it). */
  | { type: 'revoke_resume_code' };

export interface CaseActionInput {
  eventKey: string;
  inboxChannel: string;
  inboxThread: string;
  actor: string;
  action: CaseAction;
}

/**
 * A reply a caseworker wrote in the inbox's reply dialog and checked in its preview: `preview` is what the
 * preview showed, and exactly that is sent (see core/relay/reply-preview.ts).
 */
export interface CaseworkerComposedReplyInput {
  /** One dialog sends once (Slack: the view id). */
  eventKey: string;
  inboxChannel: string;
  inboxThread: string;
  /** The caseworker (inbox user id). */
  author: string;
  preview: ReplyPreview;
}

/** What a caseworker's reply becomes for the person, as the reply dialog previews it. */
export interface ReplyPreview {
  /** What the caseworker typed, as typed (trimmed), so the dialog can give it back for editing. */
  written: string;
  /** What the caseworker wrote (without a leading `raw:`). */
  original: string;
  /** Exactly what the person receives. */
  toSend: string;
  /** Set when `toSend` is a machine translation of `original`. */
  translation: { language: string; provider: string } | null;
}

export type AcceptOutcome = 'stored' | 'duplicate' | 'ignored';

/** The result of a person's action: `notice` is a short, passing answer (Telegram: the tap's toast). */
export interface PersonOutcome {
  outcome: AcceptOutcome;
  notice?: string;
}
