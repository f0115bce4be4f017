import { formatBytes } from '../file-size.js';
import { inboxNote } from '../inbox/inbox-note.js';
import type { Conversation, FetchedFile, StoredMessage } from '../model.js';
import { DeliveryError } from '../outbox/delivery-error.js';
import { queueThreadNotice } from '../outbox/follow-ups.js';
import { piecesOf } from '../outbox/message-pieces.js';
import type { CaseStore, ChatChannel, Clock, Inbox, Logger, Texts } from '../ports.js';

export interface FileDeliveryDeps {
  store: CaseStore;
  inbox: Inbox;
  channel: ChatChannel;
  texts: Texts;
  inboxLanguage: string;
  clock: Clock;
  logger: Logger;
}

/** What `fileForPerson` answers when the file must not go: the thread was told why, and ⚠️ marks the reply. */
export const FILE_REFUSED = Symbol('file refused');

/**
 * Files on their way across: a person's file into the case thread, a caseworker's file to the person.
 * Both run inside outbox deliveries, so a failure is retried and a success is recorded before the entry
 * is done. What cannot cross (too big, refused by the platform for good) is said in the thread, once.
 */
export function fileDeliveries(deps: FileDeliveryDeps) {
  const { store, inbox, channel, texts, inboxLanguage, clock, logger } = deps;
  const t = (key: string, values?: Record<string, unknown>) =>
    texts.t(inboxLanguage, `inbox:attachment.${key}`, values);

  /** A line for caseworkers in the thread, queued once per `key` (a re-run finds the key taken). */
  async function tellThread(
    key: string,
    message: StoredMessage,
    text: string,
    markFailed?: string | null,
  ): Promise<void> {
    const notice = inboxNote({
      id: `${message.id}.${key}`,
      conversationId: message.conversationId,
      kind: 'notice',
      inboxText: text,
      createdAt: clock.now(),
    });
    await queueThreadNotice(store, { notice, markFailed, now: clock.now() });
  }

  /** "photo", "voice message"…: what the person sent, in the caseworkers' words. */
  const what = (kind: string) => t(`kind.${kind}`, { defaultValue: t('kind.file') });

  return {
    /**
     * Uploads the file of a person's message into the case thread, after the message itself. A file over
     * the channel's download limit, or one the channel can never fetch, is reported instead; the thread
     * says what arrived and how big, so the caseworker can ask for it another way.
     */
    async relayPersonFile(
      message: StoredMessage,
      conversation: Conversation,
      thread: () => Promise<Conversation & { inboxThread: string }>,
    ): Promise<void> {
      const attachment = message.attachment;
      if (message.author !== 'person' || attachment?.type !== 'file' || message.inboxFileId) return;
      const kind = what(message.kind);
      if (!channel.files || !inbox.files) {
        await tellThread('file', message, t('cannotShow', { what: kind }));
        return;
      }
      const limit = channel.files.maxFetchBytes;
      if (attachment.size !== null && attachment.size > limit) {
        await tellThread(
          'file',
          message,
          t('tooBigToFetch', { what: kind, size: formatBytes(attachment.size), limit: formatBytes(limit) }),
        );
        return;
      }
      let file: FetchedFile;
      try {
        file = await channel.files.fetch({ conversation, attachment });
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.disposition !== 'permanent') throw error;
        logger.warn(
          { case: conversation.id, message: message.id },
          'a file from the person cannot be fetched',
        );
        await tellThread('file', message, t('notFetched', { what: kind, reason: error.reason }));
        return;
      }
      const { inboxFileId } = await inbox.files.post({ conversation: await thread(), file });
      await store.setMessagePlatformIds(message.id, { inboxFileId });
      logger.info({ case: conversation.id, bytes: file.bytes.length }, 'file relayed to the inbox');
    },

    /**
     * The file of a caseworker's reply, fetched from the inbox for the person; undefined when the message
     * has none. A file the channel cannot carry is refused before anything is sent: the reply gets ⚠️ and
     * the thread the reason, and FILE_REFUSED tells the caller to send nothing.
     */
    async fileForPerson(message: StoredMessage): Promise<FetchedFile | typeof FILE_REFUSED | undefined> {
      const attachment = message.attachment;
      if (attachment?.type !== 'file') return undefined;
      if (!channel.files || !inbox.files) {
        await tellThread('refused', message, t('cannotSend'), message.inboxMessageId);
        return FILE_REFUSED;
      }
      const limit = channel.files.maxSendBytes;
      const refuse = async (size: number): Promise<typeof FILE_REFUSED> => {
        const name = attachment.name ?? t('kind.file');
        const values = { name, size: formatBytes(size), limit: formatBytes(limit) };
        await tellThread('refused', message, t('tooBigToSend', values), message.inboxMessageId);
        logger.info({ case: message.conversationId, message: message.id }, 'a file too big for the person');
        return FILE_REFUSED;
      };
      if (attachment.size !== null && attachment.size > limit) return refuse(attachment.size);
      const file = await inbox.files.fetch({ attachment });
      // The size the inbox announced may have been missing or wrong: the bytes decide.
      if (file.bytes.length > limit) return refuse(file.bytes.length);
      return file;
    },
  };
}

/**
 * The pieces a message with a file goes out in: the file first, with the body as its caption when it fits,
 * otherwise with no caption and the body after it as text (in pieces of its own when it is long).
 */
export function filePieces(
  body: string,
  limits: { maxCaptionLength: number; maxTextLength: number | undefined },
  prefixLength: number,
): string[] {
  if (body.length + prefixLength <= limits.maxCaptionLength) return [body];
  return ['', ...piecesOf(body, limits.maxTextLength, prefixLength)];
}
