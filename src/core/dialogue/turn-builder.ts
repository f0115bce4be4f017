import type {
  Conversation,
  ConversationPatch,
  MessageButton,
  MessageContent,
  NewOutboxEntry,
  StoredAnswer,
  StoredMessage,
} from '../model.js';

/**
 * Collects what one event decides, to be committed in one batch: the conversation's new state, the
 * messages (each with its outbox entries), the answers, and a passing notice for the person.
 */
export class TurnBuilder {
  readonly messages: StoredMessage[] = [];
  readonly outbox: NewOutboxEntry[] = [];
  readonly answers: StoredAnswer[] = [];
  patch: ConversationPatch = {};
  /** A short answer that leaves no message behind (Telegram: the toast of a tapped button). */
  notice: string | undefined;

  constructor(
    private readonly base: Conversation,
    readonly now: number,
    private readonly newId: () => string,
  ) {}

  /** The conversation as it will be once this turn is committed. */
  get conversation(): Conversation {
    return { ...this.base, ...this.patch, facts: { ...this.base.facts, ...this.patch.facts } };
  }

  set(patch: ConversationPatch): void {
    const facts = patch.facts ? { ...this.conversation.facts, ...patch.facts } : undefined;
    this.patch = { ...this.patch, ...patch, ...(facts ? { facts } : {}) };
  }

  /** What the person sent: stored, and relayed to the inbox. */
  fromPerson(
    content: MessageContent,
    options: { channelMessageId?: string | null; inboxText?: string } = {},
  ): StoredMessage {
    const message = this.#message('person', content, {
      channelMessageId: options.channelMessageId ?? null,
      inboxText: options.inboxText ?? null,
    });
    this.outbox.push(relayToInbox(message));
    return message;
  }

  /** A message from Haven to the person, shown in the inbox as `inboxText` (the caseworkers' language). */
  toPerson(body: string, options: { buttons?: MessageButton[][]; inboxText?: string } = {}): StoredMessage {
    const message = this.#message(
      'haven',
      { kind: 'text', body },
      { buttons: options.buttons ?? null, inboxText: options.inboxText ?? null },
    );
    this.outbox.push(sendToPerson(message), relayToInbox(message));
    return message;
  }

  /** A caseworker's reply, sent to the person (already in the thread, so not relayed back). */
  fromCaseworker(body: string, inboxMessageId: string): StoredMessage {
    const message = this.#message('caseworker', { kind: 'text', body }, { inboxMessageId });
    this.outbox.push(sendToPerson(message));
    return message;
  }

  /** A line for caseworkers only (summary, alert, what Haven did); the person never sees it. */
  noteForInbox(text: string, kind = 'notice'): StoredMessage {
    const message = this.#message('haven', { kind, body: '' }, { inboxText: text });
    this.outbox.push(relayToInbox(message));
    return message;
  }

  answer(answer: Omit<StoredAnswer, 'conversationId' | 'createdAt'>): void {
    this.answers.push({ ...answer, conversationId: this.base.id, createdAt: this.now });
  }

  /** True when the turn changes anything worth committing beyond the event's idempotency key. */
  get isEmpty(): boolean {
    return this.messages.length === 0 && this.answers.length === 0 && Object.keys(this.patch).length === 0;
  }

  #message(
    author: StoredMessage['author'],
    content: MessageContent,
    extra: Partial<Pick<StoredMessage, 'buttons' | 'inboxText' | 'channelMessageId' | 'inboxMessageId'>>,
  ): StoredMessage {
    const message: StoredMessage = {
      id: this.newId(),
      conversationId: this.base.id,
      author,
      kind: content.kind,
      body: content.body,
      buttons: null,
      inboxText: null,
      channelMessageId: null,
      inboxMessageId: null,
      createdAt: this.now,
      ...extra,
    };
    this.messages.push(message);
    return message;
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
