import type { CallbackQuery, Message, Update } from 'grammy/types';
import type { MessageContent, PersonInput } from '../../core/index.js';
import { nonTextContent } from './message-content.js';

export const TELEGRAM_CHANNEL = 'telegram';

/** What the core needs from a Telegram message a person sent in a private chat. */
export function toPersonMessage(update: Update, message: Message): PersonInput {
  const command = commandOf(message);
  return ofMessage(
    update,
    message,
    command ? { type: 'command', ...command } : { type: 'message', content: contentOf(message) },
  );
}

/**
 * A message the person edited, or undefined when the edit is not one to show: a live location moving on the
 * map arrives as an endless stream of edits.
 */
export function toPersonEdit(update: Update, message: Message): PersonInput | undefined {
  if (message.location) return undefined;
  return ofMessage(update, message, { type: 'edit', content: contentOf(message) });
}

/** `action` on the person's message `message`, delivered in `update`. */
function ofMessage(update: Update, message: Message, action: PersonInput['action']): PersonInput {
  return {
    channel: TELEGRAM_CHANNEL,
    chatId: String(message.chat.id),
    eventKey: String(update.update_id),
    channelMessageId: String(message.message_id),
    languageHint: message.from?.language_code,
    action,
  };
}

/**
 * The flood guard's decision about the message in `update`: its own event (the update's id is the
 * message's), so a redelivered update neither stores the message twice nor tells the person twice.
 */
export function toFloodNotice(update: Update, chatId: number): PersonInput {
  return {
    channel: TELEGRAM_CHANNEL,
    chatId: String(chatId),
    eventKey: `${update.update_id}:flood`,
    channelMessageId: null,
    languageHint: undefined,
    action: { type: 'flood' },
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
  return nonTextContent(message);
}

/** "/start", "/resume ABCD" or "/human@HavenBot" at the very start of a text: the command and the rest. */
function commandOf(message: Message): { command: string; args: string } | undefined {
  const entity = message.entities?.find((candidate) => candidate.type === 'bot_command');
  if (entity?.offset !== 0 || !message.text) return undefined;
  const command = message.text.slice(1, entity.length).split('@')[0]!.toLowerCase();
  return { command, args: message.text.slice(entity.length).trim() };
}
