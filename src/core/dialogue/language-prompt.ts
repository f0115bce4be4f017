import type { MessageButton } from '../model.js';
import type { DialogueContext } from './context.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * The language choice: "Continue in Română?" with one tap to confirm, or a picker of every language by its
 * own name. Callback data is `lg:<nonce>:<code>` (or `*` for the picker); the nonce of the last prompt
 * shown is kept on the conversation, so an old prompt's buttons are stale.
 */
const PREFIX = 'lg';
const PICKER = '*';
const PICKER_COLUMNS = 2;

export function isLanguageButton(data: string): boolean {
  return data.startsWith(`${PREFIX}:`);
}

export function decodeLanguageButton(data: string): { nonce: string; choice: string } | undefined {
  const match = /^lg:([a-z0-9]{4,8}):([a-z]{2,3}|\*)$/.exec(data);
  return match ? { nonce: match[1]!, choice: match[2]! } : undefined;
}

/** "Shall we continue in {{language}}?" in that language, with Yes and Another language. */
export function askToConfirmLanguage(turn: TurnBuilder, context: DialogueContext): void {
  const { texts, inboxLanguage } = context;
  const { language } = turn.conversation;
  const nonce = context.nonce();
  const name = context.nativeName(language);
  turn.set({ promptNonce: nonce });
  turn.toPerson(texts.t(language, 'common:language.confirm', { language: name }), {
    buttons: [
      [
        {
          text: texts.t(language, 'common:language.keep', { language: name }),
          data: `${PREFIX}:${nonce}:${language}`,
        },
      ],
      [{ text: texts.t(language, 'common:language.other'), data: `${PREFIX}:${nonce}:${PICKER}` }],
    ],
    inboxText: texts.t(inboxLanguage, 'inbox:notice.languageAsked', { language }),
  });
}

/** Every language by its own name; the prompt itself in the conversation's current language. */
export function showLanguagePicker(turn: TurnBuilder, context: DialogueContext): void {
  const { texts, inboxLanguage, languages } = context;
  const nonce = context.nonce();
  const buttons: MessageButton[][] = [];
  for (let index = 0; index < languages.length; index += PICKER_COLUMNS) {
    buttons.push(
      languages.slice(index, index + PICKER_COLUMNS).map((code) => ({
        text: context.nativeName(code),
        data: `${PREFIX}:${nonce}:${code}`,
      })),
    );
  }
  turn.set({ promptNonce: nonce });
  turn.toPerson(texts.t(turn.conversation.language, 'common:language.pick'), {
    buttons,
    inboxText: texts.t(inboxLanguage, 'inbox:notice.languagePicker'),
  });
}

export const LANGUAGE_PICKER_CHOICE = PICKER;
