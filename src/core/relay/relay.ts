import {
  type CannedReplyInput,
  type CannedReplyOutcome,
  findCannedReply,
  sendCannedReply,
} from '../dialogue/canned-replies.js';
import { applyCaseAction } from '../dialogue/case-actions.js';
import { sendComposedReply } from '../dialogue/composed-reply.js';
import type { DialogueContext } from '../dialogue/context.js';
import { say } from '../dialogue/flow-effects.js';
import { decidePersonTurn } from '../dialogue/person-turn.js';
import { remindIfUnanswered } from '../dialogue/reminder.js';
import { COMPOSED_REPLY_KIND, TurnBuilder } from '../dialogue/turn-builder.js';
import { caseCard } from '../inbox/case-card.js';
import type {
  AcceptOutcome,
  CaseActionInput,
  CaseworkerComposedReplyInput,
  CaseworkerEditInput,
  CaseworkerReplyInput,
  Conversation,
  NewOutboxEntry,
  PersonInput,
  PersonOutcome,
  StoredAnswer,
  StoredMessage,
} from '../model.js';
import type { CaseStore, Clock, Logger, Turn } from '../ports.js';
import {
  issueResumeCode,
  parseResumeCode,
  RESUME_LIMITS,
  verifyResumeSecret,
} from '../resume/resume-code.js';
import type { ResumeStore } from '../resume/resume-store.js';
import type { Translator } from '../translation.js';
import { previewReply, type ReplyPreviewOutcome } from './reply-preview.js';

export interface RelayDeps {
  store: CaseStore;
  dialogue: DialogueContext;
  clock: Clock;
  logger: Logger;
  /** The inbox channel new cases open in. */
  inboxChannel: string;
  /** Called after new outbox work was committed, so a worker can start on it at once. */
  onWork?: () => void;
  /** Resume codes; without it /resume is not offered. */
  resume?: ResumeStore;
  /** Machine translation, for the preview of a reply written in the reply dialog. */
  translator?: Translator;
  /**
   * The address of an inbox thread (Slack: its archive link), so that a case card drawn again in a new
   * thread can point back to the earlier conversation.
   */
  threadLink?: (inboxChannel: string, inboxThread: string) => string | undefined;
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
    const { action } = input;
    if (action.type === 'command' && action.command === 'resume' && action.args && this.#deps.resume) {
      return this.#resume(input, action.args, this.#deps.resume);
    }

    // An edit or a flood belongs to a conversation that exists; one erased or never opened is left alone.
    if (
      (action.type === 'edit' || action.type === 'flood') &&
      !(await store.findConversationByChat(input.channel, input.chatId))
    ) {
      return { outcome: 'ignored' };
    }

    return retryOnConflict(async () => {
      const now = clock.now();
      const conversation = await this.#conversationFor(input, now);
      const turn = new TurnBuilder(conversation, now, this.#newId, (current) =>
        this.#needsTranslation(current),
      );
      let answers: Promise<StoredAnswer[]> | undefined;
      let messages: Promise<StoredMessage[]> | undefined;
      const earlierAnswers = () => (answers ??= store.listAnswers(conversation.id));
      await decidePersonTurn(
        turn,
        {
          action: input.action,
          channelMessageId: input.channelMessageId,
          firstContact: conversation.version === 0,
          earlierAnswers,
          earlierMessages: () => (messages ??= store.listMessages(conversation.id)),
          earlierAnswerCount: async () => (await earlierAnswers()).length,
        },
        dialogue,
      );
      if (turn.eraseConversation) return this.#erase(input, conversation, turn, now);
      if (turn.resumeCodeRequested) await this.#issueResumeCode(conversation, turn);

      // An edit of an earlier message is not a new message: it neither starts a wait nor reopens the case.
      const personWrote = turn.messages.some(
        (message) => message.author === 'person' && message.kind !== 'edit',
      );
      if (personWrote) {
        remindIfUnanswered(conversation, turn, dialogue);
        this.#personIsBack(turn);
      }
      this.#refreshCardIfChanged(conversation, turn, personWrote ? now : conversation.lastPersonMessageAt);
      const saved = await this.#commit(
        conversation,
        turn,
        { source, key: input.eventKey },
        {
          ...(personWrote ? { personActiveAt: { conversationId: conversation.id, at: now } } : {}),
        },
      );
      if (saved === 'conflict') return CONFLICT;
      if (saved === 'duplicate') return { outcome: this.#duplicate(source) };
      logger.info(
        { case: conversation.id, action: input.action.type, messages: turn.messages.length },
        'person action stored',
      );
      return { outcome: 'stored', ...(turn.notice ? { notice: turn.notice } : {}) };
    });
  }

  /**
   * A caseworker wrote in an inbox thread. Only threads that belong to a case count; anything else
   * (another thread, a top-level message) is ignored. Whether it reaches the person depends on the reply
   * mode: internal notes never do, and in `explicit` mode only a message addressed to Haven does. Either
   * way the message is marked in the thread with what happened to it.
   */
  async acceptCaseworkerReply(input: CaseworkerReplyInput): Promise<AcceptOutcome> {
    const { store, clock, dialogue } = this.#deps;
    const source = 'inbox';
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);
    let body = input.text.trim();
    // A file alone is a reply too; the same rules decide whether it reaches the person.
    const files = input.files ?? [];
    if (body === '' && files.length === 0) return 'ignored';
    // "raw:" sends the words exactly as written, without machine translation.
    const raw = body.toLowerCase().startsWith(dialogue.rawPrefix);
    if (raw) body = body.slice(dialogue.rawPrefix.length).trim();
    if (body === '' && files.length === 0) return 'ignored';
    const internal =
      dialogue.notePrefixes.some((prefix) => body.toLowerCase().startsWith(prefix)) ||
      (dialogue.replyMode === 'explicit' && !input.addressedToHaven);

    return retryOnConflict(async () => {
      const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
      if (!conversation) return 'ignored';
      const now = clock.now();
      const turn = new TurnBuilder(conversation, now, this.#newId);
      if (internal) {
        turn.react(input.inboxMessageId, 'internal');
      } else {
        turn.fromCaseworker(body, input.inboxMessageId, !raw && this.#needsTranslation(conversation), files);
        // From now on a human answers: the flows pause until the case is handed back.
        turn.set({ mode: 'human', status: 'waiting', closedAt: null });
        if (conversation.status === 'new' && !conversation.assignee && input.author) {
          turn.set({ assignee: input.author });
        }
      }
      this.#refreshCardIfChanged(conversation, turn, conversation.lastPersonMessageAt);
      const saved = await this.#commit(conversation, turn, { source, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      if (saved === 'duplicate') return this.#duplicate(source);
      this.#deps.logger.info({ case: conversation.id, internal }, 'caseworker message stored');
      return 'stored';
    });
  }

  /**
   * A caseworker edited or deleted a thread message. A reply the person received is edited or deleted on
   * their phone too, and the thread says so; an internal note stays internal. A deleted case card is drawn
   * again in a new thread, so the case carries on.
   */
  async acceptCaseworkerEdit(input: CaseworkerEditInput): Promise<AcceptOutcome> {
    const { store, clock, dialogue } = this.#deps;
    const { texts, inboxLanguage } = dialogue;
    const source = 'inbox';
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);
    return retryOnConflict(async () => {
      const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
      if (!conversation) return 'ignored';
      const now = clock.now();
      const turn = new TurnBuilder(conversation, now, this.#newId);
      if (input.text === undefined && input.inboxMessageId === conversation.inboxThread) {
        turn.set({ inboxThread: null });
        turn.refreshCard();
        // The earlier conversation stays in the old thread: the new one starts with a link to it.
        const link = this.#deps.threadLink?.(conversation.inboxChannel, input.inboxThread);
        if (link) {
          turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.cardRecreatedLink', { link }), 'action');
        } else {
          turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.cardRecreated'));
        }
      } else {
        // A reply with several files went to the phone as several messages, the text with the first.
        const pieces = (await store.listMessages(conversation.id)).filter(
          (message) => message.author === 'caseworker' && message.inboxMessageId === input.inboxMessageId,
        );
        const sent = pieces[0];
        if (!sent) return 'ignored'; // an internal note, or a message that never was a reply
        const payload = { conversationId: conversation.id, lane: 'channel' as const };
        if (input.text === undefined) {
          for (const piece of pieces) {
            turn.outbox.push({ ...payload, kind: 'channel.retract', payload: { messageId: piece.id } });
          }
          turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.retracted'));
        } else {
          const body = input.text.trim().replace(/^raw:\s*/i, '');
          if (body === '') return 'ignored';
          turn.outbox.push({ ...payload, kind: 'channel.edit', payload: { messageId: sent.id, body } });
          turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.edited'));
        }
      }
      const saved = await this.#commit(conversation, turn, { source, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      if (saved === 'duplicate') return this.#duplicate(source);
      return 'stored';
    });
  }

  /**
   * A caseworker chose a canned reply (from the case card, or `/haven send` with the case number): the
   * prepared text goes to the person in their language, unless they said it is not safe to chat.
   */
  async acceptCannedReply(input: CannedReplyInput): Promise<CannedReplyOutcome> {
    const { store, clock, dialogue, logger } = this.#deps;
    const source = 'inbox';
    const reply = findCannedReply(input.reply);
    if (!reply) return { outcome: 'unknown_reply' };
    if (await store.isProcessed(source, input.eventKey)) {
      this.#duplicate(source);
      return { outcome: 'duplicate' };
    }
    const { target } = input;
    return retryOnConflict(async (): Promise<CannedReplyOutcome | typeof CONFLICT> => {
      const conversation =
        'caseNumber' in target
          ? await store.getConversation(target.caseNumber)
          : await store.findConversationByThread(target.inboxChannel, target.inboxThread);
      if (!conversation) return { outcome: 'unknown_case' };
      const now = clock.now();
      const turn = new TurnBuilder(conversation, now, this.#newId);
      const result = sendCannedReply(turn, reply, input.actor, dialogue);
      this.#refreshCardIfChanged(conversation, turn, conversation.lastPersonMessageAt);
      const saved = await this.#commit(conversation, turn, { source, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      if (saved === 'duplicate') {
        this.#duplicate(source);
        return { outcome: 'duplicate' };
      }
      logger.info({ case: conversation.id, reply: reply.id, outcome: result }, 'canned reply stored');
      const { inboxChannel, inboxThread } = turn.conversation;
      return { outcome: result, caseNumber: conversation.id, inboxChannel, inboxThread };
    });
  }

  /** A caseworker used a button of the case card: assign, urgency, close, reopen, hand back. */
  async acceptCaseworkerAction(input: CaseActionInput): Promise<AcceptOutcome> {
    const { store, clock, dialogue } = this.#deps;
    const source = 'inbox';
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);
    // Done once, before the decision (which may be tried again): the code stops working at once, even
    // if recording who revoked it has to be tried again.
    const revoked = input.action.type === 'revoke_resume_code' && (await this.#revokeResumeCode(input));
    return retryOnConflict(async () => {
      const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
      if (!conversation) return 'ignored';
      const now = clock.now();
      const turn = new TurnBuilder(conversation, now, this.#newId);
      if (input.action.type === 'revoke_resume_code' && !revoked) {
        turn.refreshCard(); // no code to revoke: the card was behind, and only needs bringing up to date
      } else {
        applyCaseAction(turn, input, dialogue);
      }
      this.#refreshCardIfChanged(conversation, turn, conversation.lastPersonMessageAt);
      const saved = await this.#commit(conversation, turn, { source, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      if (saved === 'duplicate') return this.#duplicate(source);
      this.#deps.logger.info({ case: conversation.id, action: input.action.type }, 'case action stored');
      return 'stored';
    });
  }

  /** Deletes the resume code of the case whose thread this is; false when it had none. */
  async #revokeResumeCode(input: CaseActionInput): Promise<boolean> {
    const { resume, store } = this.#deps;
    const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
    if (!resume || !conversation || !(await resume.hasCode(conversation.id))) return false;
    await resume.revokeCode(conversation.id);
    this.#deps.logger.info({ case: conversation.id }, 'resume code revoked by a caseworker');
    return true;
  }

  /**
   * What a reply written in the inbox's reply dialog becomes for the person of the case in this thread,
   * for the dialog's preview. Nothing is stored: the caseworker sends it, or not, after seeing it.
   */
  async previewCaseworkerReply(input: {
    inboxChannel: string;
    inboxThread: string;
    text: string;
  }): Promise<ReplyPreviewOutcome> {
    const { store, dialogue, translator } = this.#deps;
    const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
    if (!conversation) return { outcome: 'ignored' };
    return previewReply({ conversation, text: input.text, context: dialogue, translator });
  }

  /**
   * A caseworker sent a reply from the reply dialog after its preview: exactly the previewed text goes to
   * the person (in either reply mode: the dialog is the explicit way to send), and Haven posts it in the
   * thread. One dialog sends once: its key makes a second submission a duplicate.
   */
  async acceptCaseworkerComposedReply(input: CaseworkerComposedReplyInput): Promise<AcceptOutcome> {
    const { store, clock, dialogue } = this.#deps;
    const source = 'inbox';
    if (await store.isProcessed(source, input.eventKey)) return this.#duplicate(source);
    if (input.preview.toSend.trim() === '') return 'ignored';
    return retryOnConflict(async () => {
      const conversation = await store.findConversationByThread(input.inboxChannel, input.inboxThread);
      if (!conversation) return 'ignored';
      const now = clock.now();
      const turn = new TurnBuilder(conversation, now, this.#newId);
      sendComposedReply(turn, input, dialogue);
      this.#refreshCardIfChanged(conversation, turn, conversation.lastPersonMessageAt);
      const saved = await this.#commit(conversation, turn, { source, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      if (saved === 'duplicate') return this.#duplicate(source);
      this.#deps.logger.info(
        { case: conversation.id, translated: input.preview.translation !== null },
        'composed caseworker reply stored',
      );
      return 'stored';
    });
  }

  /** A fresh resume code for the person, shown once to them and never to the inbox. */
  async #issueResumeCode(conversation: Conversation, turn: TurnBuilder): Promise<void> {
    const { texts, inboxLanguage } = this.#deps.dialogue;
    if (!this.#deps.resume) return;
    const issued = await issueResumeCode();
    await this.#deps.resume.saveCode({ conversationId: conversation.id, ...issued, now: turn.now });
    turn.toPerson(texts.t(conversation.language, 'common:resume.code', { code: issued.code }), {
      inboxText: texts.t(inboxLanguage, 'inbox:notice.resumeCodeIssued'),
    });
    turn.refreshCard();
  }

  /**
   * `/resume CODE` from any account: the case the code belongs to moves to this chat. Wrong codes are
   * counted; past the limits every attempt fails without even being checked.
   */
  async #resume(input: PersonInput, typed: string, resume: ResumeStore): Promise<PersonOutcome> {
    const { store, clock, dialogue, logger } = this.#deps;
    const now = clock.now();
    const chatKey = await digest(`${input.channel}:${input.chatId}`);
    const failures = await resume.countFailures({ chatKey, since: now - RESUME_LIMITS.windowMs });
    const limited =
      failures.chat >= RESUME_LIMITS.perChatPerHour || failures.all >= RESUME_LIMITS.globalPerHour;
    const parsed = limited ? undefined : parseResumeCode(typed);
    const found = parsed && (await resume.findCode(parsed.selector));
    const valid = found && parsed && (await verifyResumeSecret(parsed.secret, found.salt, found.hash));
    const target = valid ? await store.getConversation(found.conversationId) : undefined;

    if (!target || target.status === 'closed') {
      if (!limited) await resume.recordFailure({ chatKey, at: now });
      logger.info({ limited }, 'resume code refused');
      return this.#answerOnly(input, 'common:resume.wrong');
    }
    await resume.moveCase({ conversationId: target.id, channel: input.channel, chatId: input.chatId });
    return retryOnConflict(async () => {
      const moved = await store.getConversation(target.id);
      if (!moved) throw new Error('the case vanished while it was being resumed');
      const turn = new TurnBuilder(moved, now, this.#newId);
      // The code the person typed leaves their chat at once: nobody reading the phone later may reuse it.
      if (input.channelMessageId) {
        turn.outbox.push({
          conversationId: moved.id,
          lane: 'channel',
          kind: 'channel.wipe',
          payload: { upTo: 0, alsoDelete: [input.channelMessageId] },
        });
      }
      say(turn, { type: 'say', key: 'common:resume.ok' }, dialogue);
      turn.noteForInbox(dialogue.texts.t(dialogue.inboxLanguage, 'inbox:notice.resumed'));
      turn.refreshCard();
      const saved = await this.#commit(moved, turn, { source: input.channel, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      logger.info({ case: moved.id }, 'case resumed from another account');
      return { outcome: saved === 'duplicate' ? 'duplicate' : 'stored' };
    });
  }

  /** Answers a person with one line, in the conversation of their chat (opened if needed). */
  async #answerOnly(input: PersonInput, key: string): Promise<PersonOutcome> {
    const { clock, dialogue } = this.#deps;
    return retryOnConflict(async () => {
      const now = clock.now();
      const conversation = await this.#conversationFor(input, now);
      const turn = new TurnBuilder(conversation, now, this.#newId);
      say(turn, { type: 'say', key }, dialogue);
      const saved = await this.#commit(conversation, turn, { source: input.channel, key: input.eventKey });
      if (saved === 'conflict') return CONFLICT;
      return { outcome: saved === 'duplicate' ? 'duplicate' : 'stored' };
    });
  }

  /**
   * Commits everything `turn` decided about `conversation` for `event`, in one batch, and wakes the outbox
   * worker when that queued work. `conflict` means the conversation changed since it was read.
   */
  async #commit(
    conversation: Conversation,
    turn: TurnBuilder,
    event: Turn['event'],
    extra: Pick<Turn, 'personActiveAt'> = {},
  ): Promise<'stored' | 'duplicate' | 'conflict'> {
    const saved = await this.#deps.store.saveTurn({
      event,
      now: turn.now,
      conversation: { id: conversation.id, expectedVersion: conversation.version, patch: turn.patch },
      messages: turn.messages,
      answers: turn.answers,
      caseEvents: turn.caseEvents,
      outbox: turn.outbox,
      ...(turn.held ? { held: { conversationId: conversation.id, change: turn.held } } : {}),
      ...extra,
    });
    if (saved === 'stored' && turn.outbox.length > 0) this.#deps.onWork?.();
    return saved;
  }

  /** Whether the person's language differs from the caseworkers' and a translator can bridge it. */
  #needsTranslation(conversation: Conversation): boolean {
    const { dialogue } = this.#deps;
    return dialogue.translation && conversation.language !== dialogue.inboxLanguage;
  }

  /** A person who writes to a case waiting for them, or a closed one, brings it back to the team. */
  #personIsBack(turn: TurnBuilder): void {
    const { status } = turn.conversation;
    if (status === 'waiting') turn.set({ status: 'open' });
    if (status === 'closed') {
      turn.set({ status: 'open', closedAt: null });
      turn.noteForInbox(
        this.#deps.dialogue.texts.t(this.#deps.dialogue.inboxLanguage, 'inbox:notice.reopenedByPerson'),
      );
    }
  }

  /** Queues a card update when anything the card shows changed in this turn. */
  #refreshCardIfChanged(before: Conversation, turn: TurnBuilder, lastPersonMessageAt: number | null): void {
    // A new case's card is drawn when its thread opens, from the case as it is then.
    if (before.version === 0) return;
    const { routing } = this.#deps.dialogue;
    const after = { ...turn.conversation, lastPersonMessageAt };
    if (cardShows(caseCard(before, routing)) !== cardShows(caseCard(after, routing))) turn.refreshCard();
  }

  /** `/forget` confirmed: the case goes, and the thread keeps only a tombstone. */
  async #erase(
    input: PersonInput,
    conversation: Conversation,
    turn: TurnBuilder,
    now: number,
  ): Promise<PersonOutcome> {
    const { store, logger } = this.#deps;
    const outbox: NewOutboxEntry[] = [];
    if (conversation.inboxThread) {
      const stored = await store.listMessages(conversation.id);
      const posted = stored
        // Haven's own posts: everything but the caseworkers' own thread messages, which only they can delete.
        .filter(
          (message) =>
            (message.author !== 'caseworker' || message.kind === COMPOSED_REPLY_KIND) &&
            message.inboxMessageId,
        )
        .map((message) => message.inboxMessageId!);
      const uploads = stored.flatMap((message) =>
        message.author === 'person' && message.inboxFileId ? [message.inboxFileId] : [],
      );
      outbox.push({
        conversationId: conversation.id,
        lane: 'inbox',
        kind: 'inbox.erase',
        payload: {
          inboxChannel: conversation.inboxChannel,
          inboxThread: conversation.inboxThread,
          inboxMessageIds: posted,
          ...(uploads.length > 0 ? { inboxFileIds: uploads } : {}),
          erasedAt: now,
        },
      });
    }
    const saved = await store.erase({
      conversationId: conversation.id,
      event: { source: input.channel, key: input.eventKey },
      now,
      outbox,
    });
    if (saved === 'duplicate') return { outcome: this.#duplicate(input.channel) };
    logger.info({ case: conversation.id }, 'conversation erased at the person\u2019s request');
    this.#deps.onWork?.();
    return { outcome: 'stored', ...(turn.notice ? { notice: turn.notice } : {}) };
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
      consent: dialogue.consentRequired ? 'pending' : 'given',
      inboxChannel,
      now,
    });
  }

  #duplicate(source: string): AcceptOutcome {
    this.#deps.logger.info({ source }, 'duplicate event ignored');
    return 'duplicate';
  }
}

/**
 * What a card shows, to compare two: the time of the last message as the card gives it, to the minute.
 * A person writing several times a minute changes nothing a caseworker sees, so it costs no card update
 * (Slack allows about one a second for the whole workspace).
 */
function cardShows(card: ReturnType<typeof caseCard>): string {
  const { lastPersonMessageAt } = card;
  const minute = lastPersonMessageAt === null ? null : Math.floor(lastPersonMessageAt / 60_000);
  return JSON.stringify({ ...card, lastPersonMessageAt: minute });
}

/** A one-way fingerprint of a chat, so throttling guesses never stores who guessed. */
async function digest(value: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return [...bytes.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What a try returns when the conversation changed under it: decide again, on fresh state. */
const CONFLICT = Symbol('conflict');

/**
 * Runs `attempt` until it is not refused for a conflict (another decision about the conversation
 * committed first). More tries than MAX_ATTEMPTS means a bug, not bad luck.
 */
async function retryOnConflict<T>(attempt: () => Promise<T | typeof CONFLICT>): Promise<T> {
  for (let tries = 1; tries <= MAX_ATTEMPTS; tries++) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
  }
  throw new Error(`conversation kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
}
