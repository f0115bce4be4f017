import type { CaseCard } from '../../src/core/inbox/case-card.js';
import type {
  ChatChannel,
  Clock,
  Conversation,
  ConversationId,
  Inbox,
  InboxReaction,
  Logger,
  MessageAuthor,
  StoredMessage,
  Texts,
} from '../../src/core/index.js';

/** A clock that only moves when a test moves it. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start = Date.UTC(2025, 0, 1, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

export const FAKE_LANGUAGES = ['en', 'nl', 'ro'] as const;

/**
 * Texts without locale files: `t` answers `${language}:${key}`, followed by the values as JSON when
 * there are any, so a test sees which line was chosen and in which language.
 */
export class FakeTexts implements Texts {
  readonly fallbackLanguage = 'en';

  t(language: string, key: string, values?: Record<string, unknown>): string {
    const line = `${language}:${key}`;
    return values === undefined ? line : `${line} ${JSON.stringify(values)}`;
  }

  supportedLanguage(tag: string | undefined): string | undefined {
    const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
    return FAKE_LANGUAGES.find((language) => language === primary);
  }
}

/** One call a fake platform received, failed ones included. */
export interface PlatformCall {
  method: string;
  conversationId: ConversationId;
  messageId: string | undefined;
  ok: boolean;
}

type ErrorSource = unknown | (() => unknown);

/**
 * What the fakes share: a script of failures for the next calls, and a gate that holds calls until the
 * test releases them (a slow platform).
 */
abstract class ScriptedPlatform {
  /** Every call, in the order it arrived, with whether it succeeded. */
  readonly calls: PlatformCall[] = [];
  readonly #failures: { remaining: number; error: ErrorSource }[] = [];
  #gate: Promise<void> | undefined;
  #held = 0;

  /** The next `times` calls throw `error` (or what the function returns); `Infinity` for an outage. */
  failNext(times: number, error: ErrorSource): void {
    this.#failures.push({ remaining: times, error });
  }

  /** Ends every scripted failure still to come. */
  recover(): void {
    this.#failures.length = 0;
  }

  /** Calls from now on wait until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.#gate = new Promise<void>((resolve) => {
      release = () => {
        this.#gate = undefined;
        resolve();
      };
    });
    return release;
  }

  /** How many calls are waiting behind `hold()`. */
  get held(): number {
    return this.#held;
  }

  protected async call<T>(
    method: string,
    conversationId: ConversationId,
    messageId: string | undefined,
    succeed: () => T,
  ): Promise<T> {
    const record: PlatformCall = { method, conversationId, messageId, ok: false };
    this.calls.push(record);
    const gate = this.#gate;
    if (gate) {
      this.#held += 1;
      await gate;
      this.#held -= 1;
    }
    const failure = this.#failures[0];
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.#failures.shift();
      throw typeof failure.error === 'function' ? failure.error() : failure.error;
    }
    record.ok = true;
    return succeed();
  }
}

export interface InboxPost {
  conversationId: ConversationId;
  inboxThread: string;
  messageId: string;
  author: MessageAuthor;
  kind: string;
  body: string;
  inboxMessageId: string;
}

/** The caseworkers' inbox, recording the threads it opened and the messages posted in them. */
export class FakeInbox extends ScriptedPlatform implements Inbox {
  readonly threads: { conversationId: ConversationId; inboxThread: string }[] = [];
  readonly posts: InboxPost[] = [];
  #counter = 0;

  openThread(input: { conversation: Conversation }): Promise<{ inboxThread: string }> {
    return this.call('openThread', input.conversation.id, undefined, () => {
      const inboxThread = `thread-${++this.#counter}`;
      this.threads.push({ conversationId: input.conversation.id, inboxThread });
      return { inboxThread };
    });
  }

  postInThread(input: {
    conversation: Conversation & { inboxThread: string };
    message: StoredMessage;
  }): Promise<{ inboxMessageId: string }> {
    const { conversation, message } = input;
    return this.call('postInThread', conversation.id, message.id, () => {
      const inboxMessageId = `ts-${++this.#counter}`;
      this.posts.push({
        conversationId: conversation.id,
        inboxThread: conversation.inboxThread,
        messageId: message.id,
        author: message.author,
        kind: message.kind,
        body: message.body,
        inboxMessageId,
      });
      return { inboxMessageId };
    });
  }

  readonly cards: { conversationId: ConversationId; card: CaseCard }[] = [];
  readonly reactions: { inboxMessageId: string; reaction: InboxReaction }[] = [];
  readonly erased: { inboxThread: string; inboxMessageIds: string[]; tombstone: string }[] = [];

  updateCard(input: { conversation: Conversation & { inboxThread: string }; card: CaseCard }): Promise<void> {
    return this.call('updateCard', input.conversation.id, undefined, () => {
      this.cards.push({ conversationId: input.conversation.id, card: input.card });
    });
  }

  react(input: { inboxChannel: string; inboxMessageId: string; reaction: InboxReaction }): Promise<void> {
    return this.call('react', 0, input.inboxMessageId, () => {
      this.reactions.push({ inboxMessageId: input.inboxMessageId, reaction: input.reaction });
    });
  }

  erase(input: { inboxChannel: string; inboxThread: string; inboxMessageIds: string[]; tombstone: string }) {
    return this.call('erase', 0, input.inboxThread, () => {
      this.erased.push({
        inboxThread: input.inboxThread,
        inboxMessageIds: input.inboxMessageIds,
        tombstone: input.tombstone,
      });
    });
  }

  /** The bodies posted in one case's thread, in order. */
  bodies(conversationId: ConversationId): string[] {
    return this.posts.filter((post) => post.conversationId === conversationId).map((post) => post.body);
  }
}

export interface ChannelSend {
  conversationId: ConversationId;
  chatId: string;
  language: string;
  messageId: string;
  author: MessageAuthor;
  body: string;
  channelMessageId: string;
}

/** The person's chat channel, recording what it sent to whom. */
export class FakeChannel extends ScriptedPlatform implements ChatChannel {
  readonly sent: ChannelSend[] = [];
  #counter = 0;

  send(input: { conversation: Conversation; message: StoredMessage }): Promise<{ channelMessageId: string }> {
    const { conversation, message } = input;
    return this.call('send', conversation.id, message.id, () => {
      const channelMessageId = String(++this.#counter);
      this.sent.push({
        conversationId: conversation.id,
        chatId: conversation.chatId,
        language: conversation.language,
        messageId: message.id,
        author: message.author,
        body: message.body,
        channelMessageId,
      });
      return { channelMessageId };
    });
  }

  readonly deleteWindowMs = 48 * 60 * 60 * 1000;
  readonly deleted: { chatId: string; channelMessageIds: string[] }[] = [];

  readonly edits: { chatId: string; channelMessageId: string; text: string }[] = [];

  edit(input: { conversation: Conversation; channelMessageId: string; text: string }): Promise<void> {
    return this.call('edit', input.conversation.id, undefined, () => {
      this.edits.push({
        chatId: input.conversation.chatId,
        channelMessageId: input.channelMessageId,
        text: input.text,
      });
    });
  }

  deleteMessages(input: { conversation: Conversation; channelMessageIds: string[] }): Promise<number> {
    return this.call('deleteMessages', input.conversation.id, undefined, () => {
      this.deleted.push({ chatId: input.conversation.chatId, channelMessageIds: input.channelMessageIds });
      return input.channelMessageIds.length;
    });
  }

  /** The bodies sent to one chat, in order. */
  bodies(chatId: string): string[] {
    return this.sent.filter((send) => send.chatId === chatId).map((send) => send.body);
  }
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every line, so a test can check what would reach log files. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'debug', fields, message });
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'info', fields, message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'warn', fields, message });
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'error', fields, message });
  }

  /** Everything logged, as one string. */
  text(): string {
    return this.lines.map((line) => `${line.message} ${JSON.stringify(line.fields)}`).join('\n');
  }
}

/** Predictable message ids: m1, m2, … */
export function sequentialIds(prefix = 'm'): () => string {
  let counter = 0;
  return () => `${prefix}${++counter}`;
}
