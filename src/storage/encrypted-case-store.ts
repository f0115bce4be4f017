import type {
  CaseStore,
  Conversation,
  ConversationId,
  MessageAttachment,
  MessageButton,
  NewOutboxEntry,
  OutboxEntry,
  StoredAnswer,
  StoredMessage,
  Turn,
} from '../core/index.js';
import { type Cipher, isSealed } from './cipher.js';

type OpenConversationInput = Parameters<CaseStore['openConversation']>[0];

/**
 * A CaseStore that can keep a sealed chat id beside the value it looks chats up by (DrizzleCaseStore):
 * `openConversation` stores `chatSecret`, and every conversation it returns carries that secret as its
 * `chatId` when there is one.
 */
export interface SealableCaseStore extends CaseStore {
  openConversation(input: OpenConversationInput & { chatSecret?: string }): Promise<Conversation>;
}

/**
 * How a chat id is stored with encryption at rest: its blind index (what `chat_id` holds, to look the chat
 * up by) and the id itself, sealed (what `chat_secret` holds, to reach the person). For any store that
 * writes a conversation's chat id, such as the resume store when it moves a case to a new chat.
 */
export function sealedChatIdentity(cipher: Cipher | Promise<Cipher>) {
  return async (chatId: string): Promise<{ chatId: string; chatSecret: string }> => {
    const ready = await cipher;
    return { chatId: await ready.blindIndex(chatId), chatSecret: await ready.encrypt(chatId) };
  };
}

/**
 * Encryption at rest around a CaseStore. What a person or caseworker wrote or attached (message bodies,
 * the inbox's rendering, button labels, attachments, free-text answers, outbox payloads) and the person's
 * chat id are sealed on the way in and opened on the way out; the core never sees a sealed value. The chat
 * id is stored twice: as a keyed blind index in `chat_id` (for lookups) and sealed in `chat_secret` (to
 * reach the person).
 *
 * Values stored before encryption was switched on are plain and read as they are; rows sealed under an
 * older key keep working while HAVEN_ENCRYPTION_OLD_KEYS holds it, until `npm run reencrypt` moves them.
 */
export class EncryptedCaseStore implements CaseStore {
  readonly #cipher: Promise<Cipher>;

  /** `cipher` may still be in the making (key import is async), e.g. where wiring is synchronous (Workers). */
  constructor(
    private readonly inner: SealableCaseStore,
    cipher: Cipher | Promise<Cipher>,
  ) {
    this.#cipher = Promise.resolve(cipher);
    // A cipher that fails to load fails every call that needs it; it must not also crash the process.
    this.#cipher.catch(() => {});
  }

  async findConversationByChat(channel: string, chatId: string): Promise<Conversation | undefined> {
    const { current, older } = await this.#lookupValues(chatId);
    for (const lookup of [current, ...older]) {
      const found = await this.inner.findConversationByChat(channel, lookup);
      if (found) return this.#openConversationRow(found);
    }
    return undefined;
  }

  async openConversation(input: OpenConversationInput): Promise<Conversation> {
    // A case stored under an older key, or before encryption, is the same person's: keep it.
    const { current, older } = await this.#lookupValues(input.chatId);
    for (const lookup of older) {
      const found = await this.inner.findConversationByChat(input.channel, lookup);
      if (found) return this.#openConversationRow(found);
    }
    const opened = await this.inner.openConversation({
      ...input,
      chatId: current,
      chatSecret: await this.#encrypt(input.chatId),
    });
    return this.#openConversationRow(opened);
  }

  async findConversationByThread(
    inboxChannel: string,
    inboxThread: string,
  ): Promise<Conversation | undefined> {
    const found = await this.inner.findConversationByThread(inboxChannel, inboxThread);
    return found && this.#openConversationRow(found);
  }

  async getConversation(id: ConversationId): Promise<Conversation | undefined> {
    const found = await this.inner.getConversation(id);
    return found && this.#openConversationRow(found);
  }

  async getMessage(id: string): Promise<StoredMessage | undefined> {
    const found = await this.inner.getMessage(id);
    return found && this.#openMessage(found);
  }

  async listMessages(conversationId: ConversationId): Promise<StoredMessage[]> {
    const rows = await this.inner.listMessages(conversationId);
    return Promise.all(rows.map((message) => this.#openMessage(message)));
  }

  async listAnswers(conversationId: ConversationId): Promise<StoredAnswer[]> {
    const rows = await this.inner.listAnswers(conversationId);
    return Promise.all(
      rows.map(async (answer) => ({ ...answer, freeText: await this.#openText(answer.freeText) })),
    );
  }

  async saveTurn(input: Turn): Promise<'stored' | 'duplicate' | 'conflict'> {
    const [messages, answers, outbox] = await Promise.all([
      Promise.all(input.messages.map((message) => this.#sealMessage(message))),
      input.answers && Promise.all(input.answers.map((answer) => this.#sealAnswer(answer))),
      this.#sealOutbox(input.outbox),
    ]);
    return this.inner.saveTurn({ ...input, messages, outbox, ...(answers ? { answers } : {}) });
  }

  setInboxThread(id: ConversationId, inboxThread: string): Promise<void> {
    return this.inner.setInboxThread(id, inboxThread);
  }

  hasMessages(id: ConversationId): Promise<boolean> {
    return this.inner.hasMessages(id);
  }

  async erase(input: Parameters<CaseStore['erase']>[0]): Promise<'stored' | 'duplicate'> {
    return this.inner.erase({ ...input, outbox: await this.#sealOutbox(input.outbox) });
  }

  setMessagePlatformIds(id: string, ids: Parameters<CaseStore['setMessagePlatformIds']>[1]): Promise<void> {
    return this.inner.setMessagePlatformIds(id, ids);
  }

  isProcessed(source: string, eventKey: string): Promise<boolean> {
    return this.inner.isProcessed(source, eventKey);
  }

  async claimOutbox(input: Parameters<CaseStore['claimOutbox']>[0]): Promise<OutboxEntry[]> {
    const entries = await this.inner.claimOutbox(input);
    return Promise.all(
      entries.map(async (entry) => {
        const stored: unknown = entry.payload;
        if (!isSealed(stored)) return entry;
        return { ...entry, payload: await this.#openJson(stored) } as OutboxEntry;
      }),
    );
  }

  completeOutbox(id: number, now: number): Promise<void> {
    return this.inner.completeOutbox(id, now);
  }

  retryOutbox(id: number, notBefore: number, error: string): Promise<void> {
    return this.inner.retryOutbox(id, notBefore, error);
  }

  releaseOutbox(id: number, notBefore: number): Promise<void> {
    return this.inner.releaseOutbox(id, notBefore);
  }

  parkOutbox(id: number, error: string): Promise<void> {
    return this.inner.parkOutbox(id, error);
  }

  nextOutboxDue(): Promise<number | undefined> {
    return this.inner.nextOutboxDue();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /**
   * What `chat_id` may hold for this chat: its index under the current key, else (rows not yet moved by
   * `npm run reencrypt`) its index under an older key or, stored before encryption, the plain id.
   */
  async #lookupValues(chatId: string): Promise<{ current: string; older: string[] }> {
    const cipher = await this.#cipher;
    const [current, ...olderKeys] = await cipher.blindIndexes(chatId);
    return { current: current ?? (await cipher.blindIndex(chatId)), older: [...olderKeys, chatId] };
  }

  async #openConversationRow(conversation: Conversation): Promise<Conversation> {
    const chatId = await this.#openText(conversation.chatId);
    return { ...conversation, chatId };
  }

  async #sealMessage(message: StoredMessage): Promise<StoredMessage> {
    const [body, inboxText, buttons, attachment] = await Promise.all([
      this.#encrypt(message.body),
      this.#sealText(message.inboxText),
      this.#sealText(message.buttons && JSON.stringify(message.buttons)),
      this.#sealText(message.attachment ? JSON.stringify(message.attachment) : null),
    ]);
    // The buttons and attachment columns hold JSON: a sealed string is valid JSON there and comes back as
    // that string.
    return {
      ...message,
      body,
      inboxText,
      buttons: buttons as unknown as MessageButton[][] | null,
      ...(attachment ? { attachment: attachment as unknown as MessageAttachment } : {}),
    };
  }

  async #openMessage(message: StoredMessage): Promise<StoredMessage> {
    const stored: unknown = message.buttons;
    const storedAttachment: unknown = message.attachment;
    const [body, inboxText, buttons, attachment] = await Promise.all([
      this.#openText(message.body),
      this.#openText(message.inboxText),
      isSealed(stored) ? this.#openJson<MessageButton[][]>(stored) : message.buttons,
      isSealed(storedAttachment) ? this.#openJson<MessageAttachment>(storedAttachment) : message.attachment,
    ]);
    return { ...message, body, inboxText, buttons, ...(attachment !== undefined ? { attachment } : {}) };
  }

  async #sealAnswer(answer: StoredAnswer): Promise<StoredAnswer> {
    return { ...answer, freeText: await this.#sealText(answer.freeText) };
  }

  /**
   * Outbox payloads are sealed whole: some carry words (an edited reply's new text), and sealing every
   * kind keeps a payload added later from slipping through in the clear. The payload column holds JSON,
   * where the sealed string is itself valid JSON.
   */
  #sealOutbox(entries: NewOutboxEntry[]): Promise<NewOutboxEntry[]> {
    return Promise.all(
      entries.map(async (entry) => {
        const payload = await this.#encrypt(JSON.stringify(entry.payload));
        return { ...entry, payload } as unknown as NewOutboxEntry;
      }),
    );
  }

  async #sealText<T extends string | null>(value: T): Promise<T> {
    return (value === null ? value : await this.#encrypt(value)) as T;
  }

  async #openText<T extends string | null>(value: T): Promise<T> {
    return (isSealed(value) ? await this.#decrypt(value) : value) as T;
  }

  async #openJson<T>(sealed: string): Promise<T> {
    return JSON.parse(await this.#decrypt(sealed)) as T;
  }

  async #encrypt(plain: string): Promise<string> {
    return (await this.#cipher).encrypt(plain);
  }

  async #decrypt(sealed: string): Promise<string> {
    return (await this.#cipher).decrypt(sealed);
  }
}
