import { type Api, GrammyError, HttpError } from 'grammy';
import {
  type ChannelFiles,
  type ChatChannel,
  type Conversation,
  DeliveryError,
  type FetchedFile,
  type StoredMessage,
} from '../../core/index.js';
import { fetchTelegramFile, sendTelegramFile, TELEGRAM_FILE_LIMITS } from './telegram-files.js';

/**
 * The core's ChatChannel port on the Telegram Bot API. Text goes out without parse_mode, so nothing a
 * caseworker types can be read as markup, and with protect_content so it cannot be forwarded or saved.
 */
export class TelegramChannel implements ChatChannel {
  /** Bots may delete messages in a private chat, both sides, for 48 hours after they were sent. */
  readonly deleteWindowMs = 48 * 60 * 60 * 1000;
  /** Telegram takes 1-4096 characters of text in one message; the outbox sends longer ones in pieces. */
  readonly maxTextLength = 4096;
  /** Photos, voice messages and documents both ways, within the Bot API's limits for bots. */
  readonly files: ChannelFiles = {
    fetch: (input) => fetchTelegramFile(this.api, input.attachment),
    maxFetchBytes: TELEGRAM_FILE_LIMITS.maxFetchBytes,
    maxSendBytes: TELEGRAM_FILE_LIMITS.maxSendBytes,
    maxCaptionLength: TELEGRAM_FILE_LIMITS.maxCaptionLength,
  };

  constructor(private readonly api: Api) {}

  async send(input: {
    conversation: Conversation;
    message: StoredMessage;
    silent?: { preview: string };
    file?: FetchedFile;
  }): Promise<{ channelMessageId: string }> {
    try {
      const { buttons } = input.message;
      const text = input.silent ? `${input.silent.preview}\n\n${input.message.body}` : input.message.body;
      if (input.file) {
        const sent = await sendTelegramFile(this.api, {
          chatId: input.conversation.chatId,
          file: input.file,
          caption: text.trim(),
          silent: input.silent !== undefined,
          ...(buttons && buttons.length > 0 ? { keyboard: inlineKeyboard(buttons) } : {}),
        });
        return { channelMessageId: String(sent.message_id) };
      }
      const sent = await this.api.sendMessage(input.conversation.chatId, text, {
        protect_content: true,
        ...(input.silent ? { disable_notification: true } : {}),
        link_preview_options: { is_disabled: true },
        ...(buttons && buttons.length > 0 ? { reply_markup: inlineKeyboard(buttons) } : {}),
      });
      return { channelMessageId: String(sent.message_id) };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async edit(input: { conversation: Conversation; channelMessageId: string; text: string }): Promise<void> {
    try {
      await this.api.editMessageText(input.conversation.chatId, Number(input.channelMessageId), input.text, {
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      // Editing to the same text is not an error for the person.
      if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
      // A file's text is its caption, which has its own method.
      if (error instanceof GrammyError && /no text in the message to edit/i.test(error.description)) {
        await this.#editCaption(input);
        return;
      }
      throw toDeliveryError(error);
    }
  }

  async #editCaption(input: { conversation: Conversation; channelMessageId: string; text: string }) {
    try {
      await this.api.editMessageCaption(input.conversation.chatId, Number(input.channelMessageId), {
        caption: input.text,
      });
    } catch (error) {
      if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
      throw toDeliveryError(error);
    }
  }

  async deleteMessages(input: { conversation: Conversation; channelMessageIds: string[] }): Promise<number> {
    const ids = input.channelMessageIds.map(Number).filter(Number.isSafeInteger);
    let deleted = 0;
    for (let start = 0; start < ids.length; start += DELETE_BATCH) {
      const batch = ids.slice(start, start + DELETE_BATCH);
      try {
        await this.api.deleteMessages(input.conversation.chatId, batch);
        deleted += batch.length;
      } catch (error) {
        // deleteMessages refuses the whole batch if one message cannot go (too old, already gone): fall
        // back to one at a time so every message that can be deleted is.
        if (!(error instanceof GrammyError) || error.error_code !== 400) throw toDeliveryError(error);
        for (const id of batch) {
          try {
            await this.api.deleteMessage(input.conversation.chatId, id);
            deleted += 1;
          } catch (single) {
            if (!(single instanceof GrammyError) || single.error_code !== 400) throw toDeliveryError(single);
          }
        }
      }
    }
    return deleted;
  }
}

function inlineKeyboard(buttons: NonNullable<StoredMessage['buttons']>) {
  return {
    inline_keyboard: buttons.map((row) =>
      row.map((button) => ({ text: button.text, callback_data: button.data })),
    ),
  };
}

/** deleteMessages takes 1 to 100 ids. */
const DELETE_BATCH = 100;

/** Maps Bot API failures onto the outbox's retry-or-park decision. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof GrammyError) {
    const { error_code: code, parameters } = error;
    if (code === 429)
      return new DeliveryError('retry', 'Telegram rate limit', (parameters.retry_after ?? 1) * 1000);
    if (code === 403) return new DeliveryError('permanent', plainReason(error.description));
    // 400 means Telegram refuses this request as it is (chat not found, text invalid): retrying cannot help.
    if (code === 400) return new DeliveryError('permanent', plainReason(error.description));
    return new DeliveryError('retry', `Telegram answered ${code}`);
  }
  if (error instanceof HttpError) return new DeliveryError('retry', 'Telegram could not be reached');
  return new DeliveryError('retry', 'Telegram delivery failed');
}

/** Telegram's descriptions of permanent failures, in words a caseworker understands. */
function plainReason(description: string): string {
  if (/bot was blocked by the user/i.test(description)) return 'the person blocked the bot';
  if (/user is deactivated/i.test(description)) return 'the person deleted their Telegram account';
  if (/chat not found/i.test(description)) return 'the person\u2019s chat no longer exists';
  if (/message is too long/i.test(description)) return 'the message is too long for Telegram';
  if (/message text is empty/i.test(description)) return 'the message is empty';
  if (/too big|too large/i.test(description)) return 'the file is too big for Telegram';
  return 'Telegram refused the message';
}
