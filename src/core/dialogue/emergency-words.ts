import type { DialogueContext } from './context.js';

/**
 * True when a message contains one of the emergency words of the person's language or of English (the
 * locales' `common:emergencyWords`, "|"-separated). Matching is on whole words, case- and accent-
 * insensitive, so "danger" matches "I am in DANGER!" but not "endangered species".
 */
export function matchesEmergencyWords(text: string, language: string, context: DialogueContext): boolean {
  const languages = new Set([language, context.texts.fallbackLanguage]);
  for (const candidate of languages) {
    const haystack = ` ${normalise(text, candidate)} `;
    const list = context.texts.t(candidate, 'common:emergencyWords');
    for (const word of list.split('|')) {
      const needle = normalise(word, candidate);
      if (needle === '') continue;
      // Chinese and Thai write without spaces between words: there a phrase matches anywhere.
      const found = UNSPACED_SCRIPTS.test(needle)
        ? haystack.includes(needle)
        : haystack.includes(` ${needle} `);
      if (found) return true;
    }
  }
  return false;
}

const UNSPACED_SCRIPTS = /[\p{Script=Han}\p{Script=Thai}]/u;

/**
 * Lower case by the language's own rules (Turkish "YARDIM" is "yardım"), then without accents, with every
 * run of punctuation or space turned into one space.
 */
function normalise(text: string, language: string): string {
  return text
    .toLocaleLowerCase(language)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
