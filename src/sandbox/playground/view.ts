import type { SlackMessage } from '../fake-slack.js';
import { threadsOfPeople } from './person-threads.js';
import type { Playground, SimulatedPerson } from './playground.js';

/**
 * What the two panes show, as plain data: the page renders it to HTML, the tests read it as JSON.
 * Built from the fakes' recorded state on every request, so the panes never drift from what Haven did.
 */

export interface PhoneButton {
  text: string;
  callbackData?: string;
  url?: string;
}

export interface PhoneMessage {
  messageId: number;
  from: 'person' | 'bot';
  /** Unix seconds. */
  date: number;
  text?: string;
  parseMode?: string;
  /** For media: what was sent (photo, document, voice, video). */
  media?: string;
  edited?: boolean;
  /** Inline keyboard rows under a bot message. */
  buttons: PhoneButton[][];
  /** A person's message: what Haven's webhook answered (undefined: the fake did not deliver it). */
  status?: number | undefined;
}

export interface PersonSummary {
  chatId: number;
  firstName: string;
  languageCode: string;
}

export interface PhoneView {
  person: PersonSummary;
  messages: PhoneMessage[];
  /** A reply keyboard the bot put under the text field, if one is showing. */
  replyKeyboard: string[][] | undefined;
}

export interface InboxThread {
  channel: string;
  parent: SlackMessage;
  replies: SlackMessage[];
  /** The simulated person whose words are in this thread, when the playground recognises them. */
  person: PersonSummary | undefined;
}

export interface InboxView {
  channels: Array<{ id: string; threads: InboxThread[] }>;
  /** Dialogs (Slack modals) Haven opened for the caseworker and still open, as Slack stores them. */
  dialogs: Array<Record<string, unknown>>;
  /** Names for user ids, so a mention reads "@Haven" as in Slack. */
  names: Record<string, string>;
}

export function summarise(person: SimulatedPerson): PersonSummary {
  return { chatId: person.chatId, firstName: person.firstName, languageCode: person.languageCode };
}

export function phoneView(playground: Playground, chatId: number = playground.activeChatId): PhoneView {
  const person = playground.person(chatId);
  const fromPerson: PhoneMessage[] = person.messages.map((m) => ({
    messageId: m.messageId,
    from: 'person',
    date: m.date,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.photo ? { media: 'photo' } : {}),
    buttons: [],
    status: m.status,
  }));
  const fromBot: PhoneMessage[] = playground.botMessages(chatId).map((m) => {
    const media = /^send(Photo|Document|Voice|Video|Audio|Animation|Sticker)$/.exec(m.method)?.[1];
    const text = m.text ?? m.caption;
    return {
      messageId: m.message_id,
      from: 'bot',
      date: m.date,
      ...(text !== undefined ? { text } : {}),
      ...(m.parse_mode ? { parseMode: m.parse_mode } : {}),
      ...(media ? { media: media.toLowerCase() } : {}),
      ...(m.edited ? { edited: true } : {}),
      buttons: inlineKeyboard(m.reply_markup),
    };
  });
  // Telegram numbers both sides of a private chat in one sequence, so the ids give the order.
  const messages = [...fromPerson, ...fromBot].sort((a, b) => a.messageId - b.messageId);
  return { person: summarise(person), messages, replyKeyboard: replyKeyboard(playground, chatId) };
}

function inlineKeyboard(markup: unknown): PhoneButton[][] {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.filter(Array.isArray).map((row: unknown[]) =>
    row.map((button) => {
      const b = button as { text?: unknown; callback_data?: unknown; url?: unknown };
      return {
        text: String(b.text ?? ''),
        ...(typeof b.callback_data === 'string' ? { callbackData: b.callback_data } : {}),
        ...(typeof b.url === 'string' ? { url: b.url } : {}),
      };
    }),
  );
}

/** A reply keyboard belongs to the chat, not to a message: the latest one sent (or removed) counts. */
function replyKeyboard(playground: Playground, chatId: number): string[][] | undefined {
  const sent = playground.telegram.sentTo(chatId);
  for (let i = sent.length - 1; i >= 0; i--) {
    const markup = sent[i]?.reply_markup as { keyboard?: unknown; remove_keyboard?: unknown } | undefined;
    if (markup?.remove_keyboard) return undefined;
    if (Array.isArray(markup?.keyboard)) {
      return markup.keyboard
        .filter(Array.isArray)
        .map((row: unknown[]) =>
          row.map((button) =>
            typeof button === 'string' ? button : String((button as { text?: unknown }).text ?? ''),
          ),
        );
    }
  }
  return undefined;
}

export function inboxView(playground: Playground): InboxView {
  const people = playground.people();
  return {
    names: playground.userNames(),
    dialogs: playground.dialogs(),
    channels: playground.channels().map((id) => {
      const messages = playground.channelMessages(id);
      const owners = threadsOfPeople(messages, people);
      const threads = messages
        .filter((m) => isParent(m))
        .map((parent) => {
          const replies = messages.filter(
            (m) => m.thread_ts === parent.ts && m.ts !== parent.ts && !m.deleted,
          );
          const owner = people.find((p) => p.chatId === owners.get(parent.ts));
          return { channel: id, parent, replies, person: owner ? summarise(owner) : undefined };
        })
        // A deleted message stays only as the head of a thread that has replies, as in Slack.
        .filter((thread) => !thread.parent.deleted || thread.replies.length > 0);
      return { id, threads };
    }),
  };
}

function isParent(message: SlackMessage): boolean {
  return !message.thread_ts || message.thread_ts === message.ts;
}
