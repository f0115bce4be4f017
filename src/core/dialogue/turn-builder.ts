import type {
  Conversation,
  ConversationPatch,
  FileAttachment,
  MessageButton,
  MessageContent,
  NewOutboxEntry,
  StoredAnswer,
  StoredMessage,
} from '../model.js';

/** The kind of a caseworker's reply from the reply dialog: Haven posted it in the thread itself. */
export const COMPOSED_REPLY_KIND = 'composed';
/** The kind of prepared information a caseworker chose to send (canned-replies.ts). */
export const CANNED_REPLY_KIND = 'canned';

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
  /** What happens to messages held for consent: relayed now, or deleted. */
  held: 'release' | 'discard' | undefined;
  /** The person asked to erase everything: the conversation is deleted instead of updated. */
  eraseConversation = false;
  /** The person asked for a resume code: the relay issues one (hashing takes a moment) and says it. */
  resumeCodeRequested = false;
  /** Who did what to the case (caseworker actions), for the audit trail. */
  readonly caseEvents: { conversationId: number; actor: string; action: string }[] = [];

  constructor(
    private readonly base: Conversation,
    readonly now: number,
    private readonly newId: () => string,
    /** Whether a person's text should get a machine translation beneath it in the inbox. */
    private readonly translateInbound: (conversation: Conversation) => boolean = () => false,
  ) {}

  /** The conversation as it will be once this turn is committed. */
  get conversation(): Conversation {
    return { ...this.base, ...this.patch, facts: { ...this.base.facts, ...this.patch.facts } };
  }

  set(patch: ConversationPatch): void {
    const facts = patch.facts ? { ...this.conversation.facts, ...patch.facts } : undefined;
    this.patch = { ...this.patch, ...patch, ...(facts ? { facts } : {}) };
  }

  /**
   * What the person sent: stored, and relayed to the inbox, unless `held` (waiting for the person's
   * consent), in which case it stays in Haven until they agree.
   */
  fromPerson(
    content: MessageContent,
    options: { channelMessageId?: string | null; inboxText?: string; held?: boolean } = {},
  ): StoredMessage {
    const message = this.#message('person', content, {
      channelMessageId: options.channelMessageId ?? null,
      inboxText: options.inboxText ?? null,
      held: options.held ?? false,
    });
    if (!message.held) this.#relay(message);
    return message;
  }

  /** Relays a person's message, with its translation beneath it when the inbox needs one. */
  #relay(message: StoredMessage): void {
    this.outbox.push(relayToInbox(message));
    // A file's caption is the person's words too.
    const words = message.kind === 'text' || message.kind === 'edit' || message.attachment?.type === 'file';
    if (words && message.body.trim() !== '' && this.translateInbound(this.conversation)) {
      this.outbox.push({
        conversationId: message.conversationId,
        lane: 'inbox',
        kind: 'inbox.translate',
        payload: { messageId: message.id },
      });
    }
  }

  /** Relays messages that were held for consent (and any held earlier in this turn). */
  releaseHeld(earlier: StoredMessage[]): void {
    this.held = 'release';
    for (const message of [...earlier, ...this.messages.filter((candidate) => candidate.held)]) {
      message.held = false;
      this.#relay(message);
    }
  }

  /** Deletes messages that were held for consent (the person said no). */
  discardHeld(): void {
    this.held = 'discard';
    this.messages.splice(0, this.messages.length, ...this.messages.filter((message) => !message.held));
  }

  /** Quick exit: delete the chat on the person's side once everything queued before it was sent. */
  wipeChat(alsoDelete: string[]): void {
    this.outbox.push({
      conversationId: this.base.id,
      lane: 'channel',
      kind: 'channel.wipe',
      payload: { upTo: this.now, ...(alsoDelete.length > 0 ? { alsoDelete } : {}) },
    });
  }

  /** The card at the top of the thread should show the case as it is after this turn. */
  refreshCard(): void {
    if (this.outbox.some((entry) => entry.kind === 'inbox.card')) return;
    this.outbox.push({ conversationId: this.base.id, lane: 'inbox', kind: 'inbox.card', payload: {} });
  }

  caseEvent(actor: string, action: string): void {
    this.caseEvents.push({ conversationId: this.base.id, actor, action });
  }

  /** A caseworker's message marked in the inbox: sent, failed, or kept internal. */
  react(inboxMessageId: string, reaction: 'sent' | 'failed' | 'internal'): void {
    this.outbox.push({
      conversationId: this.base.id,
      lane: 'inbox',
      kind: 'inbox.react',
      payload: { inboxMessageId, reaction },
    });
  }

  /** A message from Haven to the person, shown in the inbox as `inboxText` (the caseworkers' language). */
  toPerson(
    body: string,
    /** `kind`: how the inbox labels it; "canned" is prepared information a caseworker chose to send. */
    options: {
      buttons?: MessageButton[][];
      inboxText?: string;
      kind?: 'text' | typeof CANNED_REPLY_KIND;
    } = {},
  ): StoredMessage {
    const message = this.#message(
      'haven',
      { kind: options.kind ?? 'text', body },
      { buttons: options.buttons ?? null, inboxText: options.inboxText ?? null },
    );
    this.outbox.push(sendToPerson(message), relayToInbox(message));
    return message;
  }

  /**
   * A caseworker's reply, sent to the person (already in the thread, so not relayed back). `translate`:
   * it goes out in the person's language, machine translated when it is sent.
   */
  fromCaseworker(
    body: string,
    inboxMessageId: string,
    translate = false,
    /** Files attached to the reply: the first carries the text as its caption, the others follow it. */
    files: FileAttachment[] = [],
  ): StoredMessage {
    const kind = translate && body !== '' ? 'translate' : 'text';
    const [first, ...others] = files;
    const message = this.#message(
      'caseworker',
      { kind, body, ...(first ? { attachment: first } : {}) },
      { inboxMessageId },
    );
    this.outbox.push(sendToPerson(message));
    for (const file of others) {
      const more = this.#message(
        'caseworker',
        { kind: 'text', body: '', attachment: file },
        { inboxMessageId },
      );
      this.outbox.push(sendToPerson(more));
    }
    return message;
  }

  /**
   * A reply a caseworker wrote and checked in the inbox's reply dialog: sent exactly as previewed (never
   * translated again on the way out), and posted in the thread by Haven, since the inbox holds no message
   * of the caseworker's for it. `inboxText` is how the thread shows it (the original with its translation).
   */
  composedByCaseworker(body: string, inboxText: string | null): StoredMessage {
    const message = this.#message('caseworker', { kind: COMPOSED_REPLY_KIND, body }, { inboxText });
    this.outbox.push(relayToInbox(message), sendToPerson(message));
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

  #message(
    author: StoredMessage['author'],
    content: MessageContent,
    extra: Partial<
      Pick<StoredMessage, 'buttons' | 'inboxText' | 'channelMessageId' | 'inboxMessageId' | 'held'>
    >,
  ): StoredMessage {
    const message: StoredMessage = {
      id: this.newId(),
      conversationId: this.base.id,
      author,
      kind: content.kind,
      body: content.body,
      ...(content.attachment ? { attachment: content.attachment } : {}),
      buttons: null,
      inboxText: null,
      held: false,
      inboxTranslationId: null,
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
