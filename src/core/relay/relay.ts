import type {
  AcceptOutcome,
  CaseworkerReplyInput,
  Conversation,
  NewOutboxEntry,
  PersonMessageInput,
  StoredMessage,
} from '../model.js';
import type { CaseStore, Clock, Logger, Texts } from '../ports.js';

export interface RelayDeps {
  store: CaseStore;
  texts: Texts;
  clock: Clock;
  logger: Logger;
  /** The inbox channel new cases open in. */
  inboxChannel: string;
  /** Called after new outbox work was committed, so a worker can start on it at once. */
  onWork?: () => void;
  newId?: () => string;
}

/**
 * The relay rules: what happens when a person writes and when a caseworker answers. It decides and
 * stores (persist first); the outbox worker carries the decisions out on the platforms later.
 */
export class Relay {
  readonly #deps: RelayDeps;
  readonly #newId: () => string;

  constructor(deps: RelayDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? (() => crypto.randomUUID());
  }

  /** A person wrote: store it with its relay to the inbox, and greet a person who is new. */
  async acceptPersonMessage(input: PersonMessageInput): Promise<AcceptOutcome> {
    const { store, clock, texts } = this.#deps;
    const source = input.channel;
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);

    const now = clock.now();
    const conversation = await this.#conversationFor(input, now);
    const firstContact = !(await store.hasMessages(conversation.id));

    const inbound = this.#message(conversation, 'person', input.content, now);
    inbound.channelMessageId = input.channelMessageId;
    const messages: StoredMessage[] = [inbound];
    const outbox: NewOutboxEntry[] = [relayToInbox(inbound)];

    if (firstContact) {
      const body = texts.t(conversation.language, 'common:greeting');
      const greeting = this.#message(conversation, 'haven', { kind: 'text', body }, now);
      messages.push(greeting);
      outbox.push(sendToPerson(greeting), relayToInbox(greeting));
    }

    const outcome = await store.commit({
      event: { source, key: input.eventKey },
      now,
      messages,
      outbox,
      personActiveAt: { conversationId: conversation.id, at: now },
    });
    if (outcome === 'duplicate') return this.#duplicate(source);
    this.#deps.logger.info(
      { case: conversation.id, kind: input.content.kind, firstContact },
      'person message stored',
    );
    this.#deps.onWork?.();
    return 'stored';
  }

  /**
   * A caseworker wrote in an inbox thread. Only threads that belong to a case are relayed; anything else
   * (another thread, a top-level message) is ignored.
   */
  async acceptCaseworkerReply(input: CaseworkerReplyInput): Promise<AcceptOutcome> {
    const { store, clock } = this.#deps;
    const source = 'inbox';
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);

    const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
    if (!conversation) return 'ignored';
    const body = input.text.trim();
    if (body === '') return 'ignored';

    const now = clock.now();
    const reply = this.#message(conversation, 'caseworker', { kind: 'text', body }, now);
    reply.inboxMessageId = input.inboxMessageId;
    const outcome = await store.commit({
      event: { source, key: input.eventKey },
      now,
      messages: [reply],
      outbox: [sendToPerson(reply)],
    });
    if (outcome === 'duplicate') return this.#duplicate(source);
    this.#deps.logger.info({ case: conversation.id }, 'caseworker reply stored');
    this.#deps.onWork?.();
    return 'stored';
  }

  async #conversationFor(input: PersonMessageInput, now: number): Promise<Conversation> {
    const { store, texts, inboxChannel } = this.#deps;
    const existing = await store.findConversationByChat(input.channel, input.chatId);
    if (existing) return existing;
    const language = texts.supportedLanguage(input.languageHint) ?? texts.fallbackLanguage;
    return store.openConversation({
      channel: input.channel,
      chatId: input.chatId,
      language,
      inboxChannel,
      now,
    });
  }

  #message(
    conversation: Conversation,
    author: StoredMessage['author'],
    content: { kind: string; body: string },
    now: number,
  ): StoredMessage {
    return {
      id: this.#newId(),
      conversationId: conversation.id,
      author,
      kind: content.kind,
      body: content.body,
      channelMessageId: null,
      inboxMessageId: null,
      createdAt: now,
    };
  }

  #duplicate(source: string): AcceptOutcome {
    this.#deps.logger.info({ source }, 'duplicate event ignored');
    return 'duplicate';
  }
}

function relayToInbox(message: StoredMessage): NewOutboxEntry<'inbox.relay'> {
  return {
    conversationId: message.conversationId,
    lane: 'inbox',
    kind: 'inbox.relay',
    payload: { messageId: message.id },
  };
}

function sendToPerson(message: StoredMessage): NewOutboxEntry<'channel.send'> {
  return {
    conversationId: message.conversationId,
    lane: 'channel',
    kind: 'channel.send',
    payload: { messageId: message.id },
  };
}
