import type { CallbackQuery, Message, Update } from 'grammy/types';
import type { MessageContent, PersonInput } from '../../core/index.js';

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
export function toPersonMessage(update: Update, message: Message): PersonInput {
  const command = commandOf(message);
  return {
    channel: TELEGRAM_CHANNEL,
    chatId: String(message.chat.id),
    eventKey: String(update.update_id),
    channelMessageId: String(message.message_id),
    languageHint: message.from?.language_code,
    action: command ? { type: 'command', ...command } : { type: 'message', content: contentOf(message) },
  };
}

/** A tap on one of Haven's inline buttons. */
export function toPersonTap(update: Update, query: CallbackQuery & { data: string }): PersonInput {
  return {
    channel: TELEGRAM_CHANNEL,
    chatId: String(query.message?.chat.id ?? query.from.id),
    eventKey: String(update.update_id),
    channelMessageId: null,
    languageHint: query.from.language_code,
    action: { type: 'button', data: query.data },
  };
}

export function contentOf(message: Message): MessageContent {
  if (typeof message.text === 'string') return { kind: 'text', body: message.text };
  const kind = CONTENT_KINDS.find((name) => name in message) ?? 'other';
  return { kind, body: message.caption ?? '' };
}

/** "/start", "/resume ABCD" or "/human@HavenBot" at the very start of a text: the command and the rest. */
function commandOf(message: Message): { command: string; args: string } | undefined {
  const entity = message.entities?.find((candidate) => candidate.type === 'bot_command');
  if (entity?.offset !== 0 || !message.text) return undefined;
  const command = message.text.slice(1, entity.length).split('@')[0]!.toLowerCase();
  return { command, args: message.text.slice(entity.length).trim() };
}
