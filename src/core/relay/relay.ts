import type { DialogueContext } from '../dialogue/context.js';
import { decidePersonTurn } from '../dialogue/person-turn.js';
import { TurnBuilder } from '../dialogue/turn-builder.js';
import type {
  AcceptOutcome,
  CaseworkerReplyInput,
  Conversation,
  PersonInput,
  PersonOutcome,
  StoredAnswer,
} from '../model.js';
import type { CaseStore, Clock, Logger } from '../ports.js';

export interface RelayDeps {
  store: CaseStore;
  dialogue: DialogueContext;
  clock: Clock;
  logger: Logger;
  /** The inbox channel new cases open in. */
  inboxChannel: string;
  /** Called after new outbox work was committed, so a worker can start on it at once. */
  onWork?: () => void;
  newId?: () => string;
}

/**
 * Two decisions about one conversation at the same moment (two webhook deliveries, two Workers isolates)
 * cannot both commit: the loser decides again on fresh state. More attempts than this means a bug.
 */
const MAX_ATTEMPTS = 5;

/**
 * The relay rules: what happens when a person acts and when a caseworker answers. It decides and stores
 * (persist first); the outbox worker carries the decisions out on the platforms later.
 */
export class Relay {
  readonly #deps: RelayDeps;
  readonly #newId: () => string;

  constructor(deps: RelayDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? (() => crypto.randomUUID());
  }

  /** A person wrote, tapped or sent a command: store it with everything it causes. */
  async acceptPersonMessage(input: PersonInput): Promise<PersonOutcome> {
    const { store, clock, dialogue, logger } = this.#deps;
    const source = input.channel;
    if (await store.isProcessed(source, input.eventKey)) return { outcome: this.#duplicate(source) };

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = clock.now();
      const conversation = await this.#conversationFor(input, now);
      const turn = new TurnBuilder(conversation, now, this.#newId);
      let answers: Promise<StoredAnswer[]> | undefined;
      await decidePersonTurn(
        turn,
        {
          action: input.action,
          channelMessageId: input.channelMessageId,
          firstContact: conversation.version === 0,
          earlierAnswers: () => (answers ??= store.listAnswers(conversation.id)),
        },
        dialogue,
      );
      const saved = await store.saveTurn({
        event: { source, key: input.eventKey },
        now,
        conversation: { id: conversation.id, expectedVersion: conversation.version, patch: turn.patch },
        messages: turn.messages,
        answers: turn.answers,
        outbox: turn.outbox,
        ...(turn.messages.some((message) => message.author === 'person')
          ? { personActiveAt: { conversationId: conversation.id, at: now } }
          : {}),
      });
      if (saved === 'conflict') continue;
      if (saved === 'duplicate') return { outcome: this.#duplicate(source) };
      logger.info(
        { case: conversation.id, action: input.action.type, messages: turn.messages.length },
        'person action stored',
      );
      if (turn.outbox.length > 0) this.#deps.onWork?.();
      return { outcome: 'stored', ...(turn.notice ? { notice: turn.notice } : {}) };
    }
    throw new Error(`conversation kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * A caseworker wrote in an inbox thread. Only threads that belong to a case are relayed; anything else
   * (another thread, a top-level message) is ignored. From then on the conversation is the human's: the
   * flows pause until the case is handed back.
   */
  async acceptCaseworkerReply(input: CaseworkerReplyInput): Promise<AcceptOutcome> {
    const { store, clock } = this.#deps;
    const source = 'inbox';
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);
    const body = input.text.trim();
    if (body === '') return 'ignored';

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
      if (!conversation) return 'ignored';
      const now = clock.now();
      const turn = new TurnBuilder(conversation, now, this.#newId);
      turn.fromCaseworker(body, input.inboxMessageId);
      if (conversation.mode !== 'human') turn.set({ mode: 'human' });
      const saved = await store.saveTurn({
        event: { source, key: input.eventKey },
        now,
        conversation: { id: conversation.id, expectedVersion: conversation.version, patch: turn.patch },
        messages: turn.messages,
        outbox: turn.outbox,
      });
      if (saved === 'conflict') continue;
      if (saved === 'duplicate') return this.#duplicate(source);
      this.#deps.logger.info({ case: conversation.id }, 'caseworker reply stored');
      this.#deps.onWork?.();
      return 'stored';
    }
    throw new Error(`conversation kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
  }

  async #conversationFor(input: PersonInput, now: number): Promise<Conversation> {
    const { store, dialogue, inboxChannel } = this.#deps;
    const existing = await store.findConversationByChat(input.channel, input.chatId);
    if (existing) return existing;
    const hinted = dialogue.texts.supportedLanguage(input.languageHint);
    return store.openConversation({
      channel: input.channel,
      chatId: input.chatId,
      language: hinted ?? dialogue.texts.fallbackLanguage,
      // The client's own language setting is the person's choice; a guess is confirmed with one tap.
      languageConfirmed: hinted !== undefined,
      inboxChannel,
      now,
    });
  }

  #duplicate(source: string): AcceptOutcome {
    this.#deps.logger.info({ source }, 'duplicate event ignored');
    return 'duplicate';
  }
}
