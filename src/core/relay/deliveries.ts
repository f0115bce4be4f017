import { CANNED_REPLY_KIND, COMPOSED_REPLY_KIND } from '../dialogue/turn-builder.js';
import { caseCard } from '../inbox/case-card.js';
import { inboxNote } from '../inbox/inbox-note.js';
import type { Conversation, FetchedFile, NewOutboxEntry, StoredMessage } from '../model.js';
import { describeMoment } from '../office-hours.js';
import { DeliveryError } from '../outbox/delivery-error.js';
import { queueFollowUp } from '../outbox/follow-ups.js';
import { channelMessageIdsOf, piecesOf, recordPieces, sentPiecesOf } from '../outbox/message-pieces.js';
import type { OutboxHandlers } from '../outbox/worker.js';
import type { CaseStore, ChatChannel, Clock, Inbox, Logger, Texts } from '../ports.js';
import type { ResumeStore } from '../resume/resume-store.js';
import type { Routing } from '../routing.js';
import { TranslationError, type Translator } from '../translation.js';
import { FILE_REFUSED, fileDeliveries, filePieces } from './file-deliveries.js';

/** Callback data of the quick-exit button under every message from Haven. */
export const QUICK_EXIT_BUTTON = 'x';

export interface DeliveryDeps {
  store: CaseStore;
  inbox: Inbox;
  channel: ChatChannel;
  texts: Texts;
  routing: Routing;
  /** Machine translation for caseworkers; without it nothing is translated. */
  translator?: Translator;
  /** The caseworkers' language, for Haven's own lines in the inbox. */
  inboxLanguage: string;
  clock: Clock;
  logger: Logger;
  /** Resume codes, so the card can show whether the person holds one (and offer to revoke it). */
  resume?: Pick<ResumeStore, 'hasCode'>;
}

/**
 * What each outbox kind does. Handlers read the case and message when they run, not when they were queued:
 * a message erased in the meantime is not delivered, and a card shows the case as it is now.
 */
export function relayDeliveries(deps: DeliveryDeps): OutboxHandlers {
  const { store, inbox, channel, texts, routing, clock, logger, inboxLanguage, translator, resume } = deps;
  const files = fileDeliveries(deps);

  /** The case card as the case is now, with what is kept beside the conversation. */
  async function cardOf(conversation: Conversation) {
    return caseCard(conversation, routing, { resumeCode: (await resume?.hasCode(conversation.id)) ?? false });
  }

  /**
   * Replies Haven posts in the thread itself while the person is sent them (from the reply dialog, and
   * prepared information): the thread message is Haven's, so it gets the ✅ a caseworker's reply gets.
   */
  const postedByHaven = (message: StoredMessage) =>
    message.kind === COMPOSED_REPLY_KIND || message.kind === CANNED_REPLY_KIND;

  /**
   * The ✅ on a reply Haven posted (postedByHaven): whichever of the post and the sending finishes last
   * marks it (the key makes it once if both see the other done).
   */
  async function markPostedReplySent(messageId: string): Promise<void> {
    const message = await store.getMessage(messageId);
    if (!message?.inboxMessageId || !sentPiecesOf(message).complete) return;
    await queueFollowUp(store, {
      key: `sent:${message.id}`,
      now: clock.now(),
      outbox: [
        {
          conversationId: message.conversationId,
          lane: 'inbox',
          kind: 'inbox.react',
          payload: { inboxMessageId: message.inboxMessageId, reaction: 'sent' },
        },
      ],
    });
  }

  /** Machine translation, with a failure turned into the outbox's retry-or-park decision. */
  async function translate(text: string, from: string | undefined, to: string): Promise<string> {
    if (!translator) throw new DeliveryError('permanent', 'no machine translation is configured');
    try {
      return (await translator.translate({ text, from, to })).text;
    } catch (error) {
      if (!(error instanceof TranslationError)) throw error;
      if (error.retryable)
        throw new DeliveryError('retry', `translation: ${error.reason}`, error.retryAfterMs);
      throw new DeliveryError('permanent', `translation failed: ${error.reason}`);
    }
  }

  /** The case's thread, opened with its card on first use. Lanes run one entry at a time, so only once. */
  async function threadOf(conversation: Conversation): Promise<Conversation & { inboxThread: string }> {
    if (conversation.inboxThread) return { ...conversation, inboxThread: conversation.inboxThread };
    const { inboxThread } = await inbox.openThread({ conversation, card: await cardOf(conversation) });
    await store.setInboxThread(conversation.id, inboxThread);
    return { ...conversation, inboxThread };
  }

  /**
   * Sends a message to the person, in pieces when it is too long, after the `sentIds` an earlier attempt
   * sent already. Returns the translation that was sent, for a reply written to be translated.
   */
  async function sendToPerson(
    message: StoredMessage,
    conversation: Conversation,
    sentIds: string[],
    /** The message's file, fetched, when it has one that is still to be sent. */
    file?: FetchedFile,
  ): Promise<string | undefined> {
    // Every message from Haven carries the quick-exit button, in the person's language.
    if (message.author === 'haven') {
      const exit = [{ text: texts.t(conversation.language, 'common:exit.button'), data: QUICK_EXIT_BUTTON }];
      message.buttons = [...(message.buttons ?? []), exit];
    }
    // A caseworker's reply in their language: the person gets it in theirs, and the thread shows exactly
    // what was sent. A failed translation is parked and shown, never sent untranslated.
    const translated =
      message.kind === 'translate' && message.body !== ''
        ? await translate(message.body, undefined, conversation.language)
        : undefined;
    if (translated !== undefined) message.body = translated;
    const silent = silentModeOf(conversation);
    // Too long for one message: pieces in order, the buttons under the last. Each piece is recorded as it
    // goes out, so an attempt that stops halfway (a rate limit, a crash) resumes after the last one sent.
    // A file goes first, with the body as its caption if it fits.
    const prefixLength = silent?.prefixLength ?? 0;
    const pieces =
      message.attachment?.type === 'file' && channel.files
        ? filePieces(message.body, { ...channel.files, maxTextLength: channel.maxTextLength }, prefixLength)
        : piecesOf(message.body, channel.maxTextLength, prefixLength);
    const ids = [...sentIds];
    for (let index = ids.length; index < pieces.length; index += 1) {
      const last = index === pieces.length - 1;
      const { channelMessageId } = await channel.send({
        conversation,
        message: { ...message, body: pieces[index]!, buttons: last ? message.buttons : null },
        ...(silent ? { silent: { preview: silent.preview } } : {}),
        ...(file && index === 0 ? { file } : {}),
      });
      ids.push(channelMessageId);
      await store.setMessagePlatformIds(message.id, { channelMessageId: recordPieces(ids, last) });
    }
    return translated;
  }

  /**
   * In silent mode every message starts with a neutral line (what a lock screen shows), which the channel
   * adds in front of each piece: the pieces are cut that much shorter.
   */
  function silentModeOf(conversation: Conversation) {
    if (!conversation.silentMode) return undefined;
    const preview = texts.t(conversation.language, 'common:silent.preview');
    return { preview, prefixLength: preview.length + 2 };
  }

  /**
   * A reply that went out in pieces, edited: the new text is cut the same way, each piece already in the
   * chat is edited in place, pieces the new text needs beyond those are sent after them, and pieces it no
   * longer needs are deleted. The ids are recorded as they change, so a retry carries on where it stopped
   * (editing to the same text again changes nothing).
   */
  async function editPieces(message: StoredMessage, conversation: Conversation, ids: string[], text: string) {
    const silent = silentModeOf(conversation);
    const pieces = piecesOf(text, channel.maxTextLength, silent?.prefixLength ?? 0);
    for (const [index, channelMessageId] of ids.slice(0, pieces.length).entries()) {
      await channel.edit({ conversation, channelMessageId, text: pieces[index]! });
    }
    const kept = ids.slice(0, pieces.length);
    for (const piece of pieces.slice(ids.length)) {
      const sent = await channel.send({
        conversation,
        message: { ...message, body: piece, buttons: null },
        ...(silent ? { silent: { preview: silent.preview } } : {}),
      });
      kept.push(sent.channelMessageId);
      await store.setMessagePlatformIds(message.id, { channelMessageId: recordPieces(kept, true) });
    }
    const unneeded = ids.slice(pieces.length);
    if (unneeded.length > 0) {
      await channel.deleteMessages({ conversation, channelMessageIds: unneeded });
      await store.setMessagePlatformIds(message.id, { channelMessageId: recordPieces(kept, true) });
    }
  }

  return {
    async 'inbox.relay'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message || !conversation) {
        logger.info({ outbox: entry.id }, 'message no longer exists; nothing to relay');
        return;
      }
      let thread: Promise<Conversation & { inboxThread: string }> | undefined;
      const threadOnce = () => (thread ??= threadOf(conversation));
      // Posted already by an earlier attempt that was not marked done: only its file may still be due.
      if (!message.inboxMessageId) {
        const { inboxMessageId } = await inbox.postInThread({ conversation: await threadOnce(), message });
        await store.setMessagePlatformIds(message.id, { inboxMessageId });
        if (postedByHaven(message)) await markPostedReplySent(message.id);
      }
      // The person's photo, voice message or document follows its message into the thread.
      await files.relayPersonFile(message, conversation, threadOnce);
    },

    async 'inbox.translate'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message || !conversation || message.inboxTranslationId || !translator) return;
      const translated = await translate(message.body, conversation.language, inboxLanguage);
      const note = inboxNote({
        id: message.id,
        conversationId: message.conversationId,
        kind: 'translation',
        inboxText: texts.t(inboxLanguage, 'inbox:translation', {
          from: conversation.language,
          to: inboxLanguage,
          provider: translator.provider,
          text: translated,
        }),
        createdAt: message.createdAt,
      });
      const { inboxMessageId } = await inbox.postInThread({
        conversation: await threadOf(conversation),
        message: note,
      });
      await store.setMessagePlatformIds(message.id, { inboxTranslationId: inboxMessageId });
    },

    async 'inbox.card'(entry) {
      const conversation = await store.getConversation(entry.conversationId);
      if (!conversation) return;
      if (!conversation.inboxThread) {
        await threadOf(conversation); // opening the thread draws the card as it is now
        return;
      }
      await inbox.updateCard({
        conversation: { ...conversation, inboxThread: conversation.inboxThread },
        card: await cardOf(conversation),
      });
    },

    async 'inbox.remind'(entry) {
      const conversation = await store.getConversation(entry.conversationId);
      if (!conversation || conversation.status === 'closed' || conversation.status === 'waiting') return;
      const { since } = entry.payload;
      const messages = await store.listMessages(conversation.id);
      if (messages.some((message) => message.author === 'caseworker' && message.createdAt >= since)) return;
      const timeZone = routing.timeZone ?? 'Europe/Brussels';
      // Not a stored message: the ping says nothing about the person, and is not part of the transcript.
      const reminder = inboxNote({
        id: `reminder:${entry.id}`,
        conversationId: conversation.id,
        kind: 'reminder',
        inboxText: texts.t(inboxLanguage, 'inbox:reminder', {
          since: describeMoment(since, inboxLanguage, timeZone),
        }),
        createdAt: clock.now(),
      });
      await inbox.postInThread({ conversation: await threadOf(conversation), message: reminder });
    },

    async 'inbox.react'(entry) {
      const conversation = await store.getConversation(entry.conversationId);
      if (!conversation) return;
      await inbox.react({ inboxChannel: conversation.inboxChannel, ...entry.payload });
    },

    async 'inbox.erase'(entry) {
      const { inboxChannel, inboxThread, inboxMessageIds, inboxFileIds, erasedAt } = entry.payload;
      const date = new Date(erasedAt).toISOString().slice(0, 10);
      await inbox.erase({
        inboxChannel,
        inboxThread,
        inboxMessageIds,
        ...(inboxFileIds ? { inboxFileIds } : {}),
        tombstone: texts.t(inboxLanguage, 'inbox:erased', { date }),
      });
    },

    async 'channel.send'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message || !conversation) {
        logger.info({ outbox: entry.id }, 'message no longer exists; nothing to send');
        return;
      }
      // A re-run after a crash finds the message sent already: it only queues what follows (the ✅).
      const progress = sentPiecesOf(message);
      // A file is fetched only while it is still to go (nothing sent yet); one too big is never sent.
      const file = progress.ids.length === 0 ? await files.fileForPerson(message) : undefined;
      if (file === FILE_REFUSED) return;
      const translated = progress.complete
        ? undefined
        : await sendToPerson(message, conversation, progress.ids, file);
      // What the thread shows about it goes through the outbox as well: at Slack's pace, retried, and once.
      const notes: StoredMessage[] = [];
      const followUps: NewOutboxEntry[] = [];
      if (translated !== undefined) {
        const note = inboxNote({
          id: `${message.id}.translation`,
          conversationId: message.conversationId,
          kind: 'translation',
          inboxText: texts.t(inboxLanguage, 'inbox:sentTranslated', {
            to: conversation.language,
            provider: translator?.provider ?? '',
            text: translated,
          }),
          createdAt: clock.now(),
        });
        notes.push(note);
        followUps.push({
          conversationId: conversation.id,
          lane: 'inbox',
          kind: 'inbox.relay',
          payload: { messageId: note.id },
        });
      }
      if (postedByHaven(message) && !message.inboxMessageId) {
        await markPostedReplySent(message.id); // posted in the thread meanwhile, or not yet
      } else if ((message.author === 'caseworker' || postedByHaven(message)) && message.inboxMessageId) {
        // The caseworker sees at a glance that it reached the person.
        followUps.push({
          conversationId: conversation.id,
          lane: 'inbox',
          kind: 'inbox.react',
          payload: { inboxMessageId: message.inboxMessageId, reaction: 'sent' },
        });
      }
      if (followUps.length > 0) {
        await queueFollowUp(store, {
          key: `sent:${message.id}`,
          now: clock.now(),
          messages: notes,
          outbox: followUps,
        });
      }
    },

    async 'channel.edit'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message?.channelMessageId || !conversation) return;
      const text =
        message.kind === 'translate'
          ? await translate(entry.payload.body, undefined, conversation.language)
          : entry.payload.body;
      const ids = channelMessageIdsOf(message);
      // A file's text is its caption, on the first message; a text sent in one piece is one edit.
      if (ids.length === 1 || message.attachment) {
        await channel.edit({ conversation, channelMessageId: ids[0]!, text });
        return;
      }
      await editPieces(message, conversation, ids, text);
    },

    async 'channel.retract'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message?.channelMessageId || !conversation) return;
      await channel.deleteMessages({ conversation, channelMessageIds: channelMessageIdsOf(message) });
    },

    async 'channel.wipe'(entry) {
      const conversation = await store.getConversation(entry.conversationId);
      if (!conversation) return;
      const oldest = clock.now() - channel.deleteWindowMs;
      const ids = (await store.listMessages(conversation.id))
        .filter((message) => message.channelMessageId && message.createdAt <= entry.payload.upTo)
        .filter((message) => message.createdAt > oldest)
        .flatMap((message) => channelMessageIdsOf(message));
      ids.push(...(entry.payload.alsoDelete ?? []));
      const deleted = await channel.deleteMessages({ conversation, channelMessageIds: ids });
      logger.info({ case: conversation.id, deleted, of: ids.length }, 'quick exit wiped the chat');
    },
  };
}
