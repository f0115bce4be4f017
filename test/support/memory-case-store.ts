import type {
  CaseStore,
  Conversation,
  ConversationId,
  NewOutboxEntry,
  OutboxEntry,
  OutboxKind,
  OutboxLane,
  StoredAnswer,
  StoredMessage,
  Turn,
} from '../../src/core/index.js';

/** An outbox row with everything the storage keeps about it, for assertions. */
export interface OutboxRow {
  id: number;
  conversationId: ConversationId;
  lane: OutboxLane;
  kind: OutboxKind;
  payload: OutboxEntry['payload'];
  status: 'pending' | 'done' | 'parked';
  attempts: number;
  notBefore: number;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  doneAt: number | null;
}

/**
 * The core's CaseStore in memory, with the semantics of the drizzle implementation in
 * src/storage/case-store.ts: autoincrement case numbers from 1 (a second openConversation for the same
 * chat spends one, as SQLite does), one conversation per (channel, chat),
 * all-or-nothing commits keyed by (source, event key), and an outbox whose lanes only ever hand out
 * their head. Every read returns a copy, as rows read from a database would be.
 */
export class MemoryCaseStore implements CaseStore {
  readonly #conversations: Conversation[] = [];
  readonly #messages = new Map<string, StoredMessage>();
  readonly #processed = new Set<string>();
  readonly #outbox: OutboxRow[] = [];
  readonly #answers: StoredAnswer[] = [];
  #lastConversationId = 0;
  #lastOutboxId = 0;

  async findConversationByChat(channel: string, chatId: string): Promise<Conversation | undefined> {
    const found = this.#conversations.find((c) => c.channel === channel && c.chatId === chatId);
    return found && { ...found };
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
  }): Promise<Conversation> {
    const existing = this.#conversations.find(
      (c) => c.channel === input.channel && c.chatId === input.chatId,
    );
    // SQLite's AUTOINCREMENT spends an id even on an insert that ON CONFLICT DO NOTHING drops.
    this.#lastConversationId += 1;
    if (existing) return { ...existing };
    const created: Conversation = {
      id: this.#lastConversationId,
      channel: input.channel,
      chatId: input.chatId,
      language: input.language,
      inboxChannel: input.inboxChannel,
      inboxThread: null,
      createdAt: input.now,
      lastPersonMessageAt: null,
      version: 0,
      mode: 'bot',
      flow: null,
      facts: {},
      urgent: null,
      languageConfirmed: input.languageConfirmed,
      silenced: false,
      promptNonce: null,
      status: 'new',
      assignee: null,
      silentMode: false,
      consent: input.consent ?? 'pending',
      triage: null,
      closedAt: null,
      tipsOfferedAt: null,
      offHoursNoticeAt: null,
    };
    this.#conversations.push(created);
    return { ...created };
  }

  async findConversationByThread(
    inboxChannel: string,
    inboxThread: string,
  ): Promise<Conversation | undefined> {
    const found = this.#conversations.find(
      (c) => c.inboxChannel === inboxChannel && c.inboxThread !== null && c.inboxThread === inboxThread,
    );
    return found && { ...found };
  }

  async getConversation(id: ConversationId): Promise<Conversation | undefined> {
    const found = this.#conversation(id);
    return found && { ...found };
  }

  async setInboxThread(id: ConversationId, inboxThread: string): Promise<void> {
    const found = this.#conversation(id);
    if (found) found.inboxThread = inboxThread;
  }

  async hasMessages(id: ConversationId): Promise<boolean> {
    for (const message of this.#messages.values()) if (message.conversationId === id) return true;
    return false;
  }

  async getMessage(id: string): Promise<StoredMessage | undefined> {
    const found = this.#messages.get(id);
    return found && { ...found };
  }

  async setMessagePlatformIds(
    id: string,
    ids: {
      channelMessageId?: string;
      inboxMessageId?: string;
      inboxTranslationId?: string;
      inboxFileId?: string;
    },
  ): Promise<void> {
    const found = this.#messages.get(id);
    if (!found) return;
    // Like drizzle's update().set(): keys given as undefined are left alone.
    if (ids.channelMessageId !== undefined) found.channelMessageId = ids.channelMessageId;
    if (ids.inboxMessageId !== undefined) found.inboxMessageId = ids.inboxMessageId;
    if (ids.inboxTranslationId !== undefined) found.inboxTranslationId = ids.inboxTranslationId;
    if (ids.inboxFileId !== undefined) found.inboxFileId = ids.inboxFileId;
  }

  async isProcessed(source: string, eventKey: string): Promise<boolean> {
    return this.#processed.has(eventId(source, eventKey));
  }

  async listMessages(conversationId: ConversationId): Promise<StoredMessage[]> {
    return [...this.#messages.values()]
      .filter((message) => message.conversationId === conversationId)
      .map((message) => ({ ...message }));
  }

  async erase(input: {
    conversationId: ConversationId;
    event: { source: string; key: string };
    now: number;
    outbox: NewOutboxEntry[];
  }): Promise<'stored' | 'duplicate'> {
    const key = eventId(input.event.source, input.event.key);
    if (this.#processed.has(key)) return 'duplicate';
    this.#processed.add(key);
    const index = this.#conversations.findIndex((c) => c.id === input.conversationId);
    if (index >= 0) this.#conversations.splice(index, 1);
    for (const [id, message] of this.#messages)
      if (message.conversationId === input.conversationId) this.#messages.delete(id);
    for (let i = this.#answers.length - 1; i >= 0; i--) {
      if (this.#answers[i]!.conversationId === input.conversationId) this.#answers.splice(i, 1);
    }
    for (let i = this.#outbox.length - 1; i >= 0; i--) {
      const row = this.#outbox[i]!;
      if (row.conversationId === input.conversationId && row.status === 'pending') this.#outbox.splice(i, 1);
    }
    this.#enqueue(input.outbox, input.now);
    return 'stored';
  }

  async listAnswers(conversationId: ConversationId): Promise<StoredAnswer[]> {
    return this.#answers.filter((answer) => answer.conversationId === conversationId).map((a) => ({ ...a }));
  }

  async saveTurn(input: Turn): Promise<'stored' | 'duplicate' | 'conflict'> {
    const key = eventId(input.event.source, input.event.key);
    if (this.#processed.has(key)) return 'duplicate';
    const target = input.conversation && this.#conversation(input.conversation.id);
    if (input.conversation && target?.version !== input.conversation.expectedVersion) return 'conflict';

    // Check every constraint the database enforces before changing anything: all or nothing.
    const newIds = new Set<string>();
    for (const message of input.messages) {
      if (this.#messages.has(message.id) || newIds.has(message.id)) {
        throw new Error('UNIQUE constraint failed: messages.id');
      }
      if (!this.#conversation(message.conversationId)) throw new Error('FOREIGN KEY constraint failed');
      newIds.add(message.id);
    }

    this.#processed.add(key);
    if (target && input.conversation) {
      Object.assign(target, structuredClone(input.conversation.patch));
      target.version += 1;
    }
    for (const answer of input.answers ?? []) this.#answers.push({ ...answer });
    if (input.held) {
      for (const [id, message] of this.#messages) {
        if (message.conversationId !== input.held.conversationId || !message.held) continue;
        if (input.held.change === 'release') message.held = false;
        else this.#messages.delete(id);
      }
    }
    for (const message of input.messages) this.#messages.set(message.id, { ...message });
    this.#enqueue(input.outbox, input.now);
    if (input.personActiveAt) {
      const conversation = this.#conversation(input.personActiveAt.conversationId);
      if (conversation) conversation.lastPersonMessageAt = input.personActiveAt.at;
    }
    return 'stored';
  }

  #enqueue(entries: NewOutboxEntry[], now: number): void {
    for (const entry of entries) {
      this.#outbox.push({
        id: ++this.#lastOutboxId,
        conversationId: entry.conversationId,
        lane: entry.lane,
        kind: entry.kind,
        payload: JSON.parse(JSON.stringify(entry.payload)),
        status: 'pending',
        attempts: 0,
        notBefore: entry.notBefore ?? now,
        leaseUntil: null,
        lastError: null,
        createdAt: now,
        doneAt: null,
      });
    }
  }

  async claimOutbox(input: { now: number; limit: number; leaseUntil: number }): Promise<OutboxEntry[]> {
    const due = this.#laneHeads()
      .filter((row) => row.notBefore <= input.now && (row.leaseUntil === null || row.leaseUntil <= input.now))
      .sort((a, b) => a.id - b.id);
    // SQLite treats a negative LIMIT as no limit.
    const claimed = input.limit < 0 ? due : due.slice(0, input.limit);
    for (const row of claimed) {
      row.leaseUntil = input.leaseUntil;
      row.attempts += 1;
    }
    return claimed.map(toEntry);
  }

  async completeOutbox(id: number, now: number): Promise<void> {
    const row = this.#row(id);
    if (!row) return;
    row.status = 'done';
    row.doneAt = now;
    row.leaseUntil = null;
    row.lastError = null;
  }

  async retryOutbox(id: number, notBefore: number, error: string): Promise<void> {
    const row = this.#row(id);
    if (!row) return;
    row.notBefore = notBefore;
    row.leaseUntil = null;
    row.lastError = error;
  }

  async releaseOutbox(id: number, notBefore: number): Promise<void> {
    const row = this.#row(id);
    if (!row) return;
    row.notBefore = notBefore;
    row.leaseUntil = null;
    row.attempts = Math.max(0, row.attempts - 1);
  }

  async parkOutbox(id: number, error: string): Promise<void> {
    const row = this.#row(id);
    if (!row) return;
    row.status = 'parked';
    row.leaseUntil = null;
    row.lastError = error;
  }

  async nextOutboxDue(): Promise<number | undefined> {
    let due: number | undefined;
    for (const head of this.#laneHeads()) {
      const at = Math.max(head.notBefore, head.leaseUntil ?? 0);
      if (due === undefined || at < due) due = at;
    }
    return due;
  }

  async ping(): Promise<void> {}

  // Helpers for assertions and for setting up situations; not part of the port.

  /** Every outbox row ever committed, in id order, with status, attempts and last error. */
  entries(): OutboxRow[] {
    return this.#outbox.map((row) => ({ ...row, payload: { ...row.payload } }));
  }

  /** Every stored message, in the order they were committed. */
  allMessages(): StoredMessage[] {
    return [...this.#messages.values()].map((message) => ({ ...message }));
  }

  /** Every conversation, by case number. */
  allConversations(): Conversation[] {
    return this.#conversations.map((conversation) => ({ ...conversation }));
  }

  /** Erases a message, as a deletion request would, leaving its outbox entries behind. */
  eraseMessage(id: string): void {
    this.#messages.delete(id);
  }

  #conversation(id: ConversationId): Conversation | undefined {
    return this.#conversations.find((c) => c.id === id);
  }

  #row(id: number): OutboxRow | undefined {
    return this.#outbox.find((row) => row.id === id);
  }

  /** The lowest pending entry of each (conversation, lane); done and parked entries do not count. */
  #laneHeads(): OutboxRow[] {
    const heads = new Map<string, OutboxRow>();
    for (const row of this.#outbox) {
      if (row.status !== 'pending') continue;
      const lane = `${row.conversationId}\u0000${row.lane}`;
      const head = heads.get(lane);
      if (!head || row.id < head.id) heads.set(lane, row);
    }
    return [...heads.values()];
  }
}

function eventId(source: string, key: string): string {
  return JSON.stringify([source, key]);
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    conversationId: row.conversationId,
    lane: row.lane,
    kind: row.kind,
    payload: { ...row.payload },
    attempts: row.attempts,
    createdAt: row.createdAt,
  };
}
