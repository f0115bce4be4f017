import type { Message, Update } from 'grammy/types';
import type { MessageContent, PersonMessageInput } from '../../core/index.js';

export const TELEGRAM_CHANNEL = 'telegram';

/** Message kinds Haven recognises by name, checked in this order; anything else is "other". */
const CONTENT_KINDS = [
  'photo',
  'voice',
  'video',
  'video_note',
  'audio',
  'document',
  'animation',
  'sticker',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
] as const;

/** What the core needs from a Telegram message a person sent in a private chat. */
export function toPersonMessage(update: Update, message: Message): PersonMessageInput {
  return {
    channel: TELEGRAM_CHANNEL,
    chatId: String(message.chat.id),
    eventKey: String(update.update_id),
    channelMessageId: String(message.message_id),
    languageHint: message.from?.language_code,
    content: contentOf(message),
  };
}

export function contentOf(message: Message): MessageContent {
  if (typeof message.text === 'string') return { kind: 'text', body: message.text };
  const kind = CONTENT_KINDS.find((name) => name in message) ?? 'other';
  return { kind, body: message.caption ?? '' };
}
