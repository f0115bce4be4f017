/**
 * Realistic Telegram updates for the load generator: text messages from many private chats, some from
 * people writing for the first time and most from people who wrote before. Words are invented and
 * carry no personal data; a marker (`bnch<n>z`) lets the fakes recognise a message when it arrives.
 */

/** Telegram client languages; most are Haven languages, a few are not (those get a language question). */
const LANGUAGE_CODES = ['nl', 'fr', 'en', 'ro', 'bg', 'ru', 'uk', 'es', 'pt', 'pl', 'ar', 'tr', 'sw', 'am'];

const TEXTS = [
  'Hello, I need help please',
  'Hallo, ik heb hulp nodig. Mijn baas houdt mijn paspoort.',
  'Bonjour, je ne suis pas payé depuis trois mois et je ne peux pas partir.',
  'Bună ziua, am nevoie de ajutor',
  'Здравствуйте, мне нужна помощь, я не могу уйти с работы',
  'We work 14 hours a day and sleep in the warehouse. Is this allowed in Belgium?',
  'Thank you',
  'ok',
  'My friend is in a difficult situation, they took her phone and she owes them money for the trip.',
  'Can I talk to someone tomorrow morning?',
];

export const MARKER = /bnch(\d+)z/;

export function marker(id: number): string {
  return `bnch${id}z`;
}

export interface PersonMessage {
  chatId: number;
  /** True for the first message Haven ever gets from this chat. */
  isNew: boolean;
  body: string;
}

/** Builds Update JSON; update_id and message_id grow as Telegram's do. */
export class UpdateFactory {
  #nextUpdateId: number;
  #nextChatId: number;
  readonly #people: number[] = [];
  readonly #messageIds = new Map<number, number>();
  #random: () => number;

  /** `firstChatId` keeps the people of one run apart from another's; `seed` makes the mix reproducible. */
  constructor(options: { firstChatId: number; firstUpdateId?: number; seed?: number }) {
    this.#nextChatId = options.firstChatId;
    this.#nextUpdateId = options.firstUpdateId ?? 500_000_000;
    this.#random = seededRandom(options.seed ?? 1);
  }

  get people(): readonly number[] {
    return this.#people;
  }

  /** A new person with probability `newShare`, else someone who wrote before. */
  next(newShare: number, markerId?: number): PersonMessage {
    const returning = this.#people.length > 0 && this.#random() >= newShare;
    const chatId = returning
      ? this.#people[Math.floor(this.#random() * this.#people.length)]!
      : this.newChat();
    return this.from(chatId, markerId);
  }

  /** A message from a chat this factory made; a chat it never saw becomes a new person. */
  from(chatId: number, markerId?: number): PersonMessage {
    const previous = this.#messageIds.get(chatId);
    const isNew = previous === undefined;
    if (isNew) this.#people.push(chatId);
    const messageId = (previous ?? 0) + 1;
    this.#messageIds.set(chatId, messageId);
    const languageCode = LANGUAGE_CODES[chatId % LANGUAGE_CODES.length]!;
    const words = TEXTS[Math.floor(this.#random() * TEXTS.length)]!;
    const text = markerId === undefined ? words : `${words} ${marker(markerId)}`;
    const person = { id: chatId, first_name: 'P', language_code: languageCode };
    const update = {
      update_id: this.#nextUpdateId++,
      message: {
        message_id: messageId,
        from: { ...person, is_bot: false },
        chat: { id: chatId, type: 'private', first_name: 'P' },
        date: Math.floor(Date.now() / 1000),
        text,
      },
    };
    return { chatId, isNew, body: JSON.stringify(update) };
  }

  newChat(): number {
    return this.#nextChatId++;
  }
}

/** mulberry32: a tiny deterministic generator, so two runs offer the same mix of people. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
