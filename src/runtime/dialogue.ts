import type { CommandMenus } from '../channels/telegram/commands.js';
import type { Config } from '../config.js';
import type { DialogueContext, LanguageDetector, Texts } from '../core/index.js';
import { loadBundledFlows, randomNonce } from '../flows/index.js';
import { LANGUAGES, languageMeta } from '../i18n/resources.js';

/** The commands a person can send, in the order of the menu. */
export const PERSON_COMMANDS = [
  'start',
  'help',
  'human',
  'language',
  'exit',
  'silent',
  'forget',
  'mydata',
] as const;

/** A thread message starting with one of these is an internal note: never sent to the person. */
export const NOTE_PREFIXES = ['note:', '//'] as const;

/** A thread reply starting with this is sent exactly as written, without machine translation. */
export const RAW_PREFIX = 'raw:';

/**
 * Everything the dialogue rules need, built the same way on every runtime: the bundled flows (validated
 * here, so an invalid flow stops start-up), the texts, the routing table and the languages.
 */
export function createDialogueContext(
  config: Pick<
    Config,
    'routing' | 'inboxLanguage' | 'replyMode' | 'consentRequired' | 'retentionDays' | 'translation'
  > &
    Partial<Pick<Config, 'reminderMinutes'>>,
  texts: Texts,
  detectLanguage?: LanguageDetector,
  options: { checkFlowTexts?: boolean } = {},
): DialogueContext {
  return {
    flows: loadBundledFlows({ checkTexts: options.checkFlowTexts ?? true }),
    texts,
    routing: config.routing,
    inboxLanguage: config.inboxLanguage,
    languages: LANGUAGES,
    nativeName: (language) => languageMeta[language as keyof typeof languageMeta]?.nativeName ?? language,
    ...(detectLanguage ? { detectLanguage } : {}),
    nonce: randomNonce,
    consentRequired: config.consentRequired,
    retentionDays: config.retentionDays,
    reminderMinutes: config.reminderMinutes ?? 0,
    replyMode: config.replyMode,
    notePrefixes: NOTE_PREFIXES,
    translation: config.translation.provider !== 'none',
    rawPrefix: RAW_PREFIX,
  };
}

/** The "/" menu in every language (and English for everyone else). */
export function commandMenus(texts: Texts): CommandMenus {
  const menu = (language: string) =>
    PERSON_COMMANDS.map((command) => ({
      command,
      description: texts.t(language, `common:commands.${command}`),
    }));
  const menus: CommandMenus = { '': menu(texts.fallbackLanguage) };
  for (const language of LANGUAGES) menus[language] = menu(language);
  return menus;
}
