import type { Texts } from '../../core/index.js';

/**
 * Haven's own words in the inbox language, with a fallback for codes the locales do not name (a new
 * role, region or reason the flows set before the locales caught up): the code itself is shown then,
 * which a caseworker can still act on.
 */
export interface InboxWords {
  t(key: string, values?: Record<string, unknown>): string;
  /** The label of `code` under `namespace:prefix`, or the code itself when there is none. */
  label(prefix: string, code: string): string;
}

export function inboxWords(texts: Texts, language: string): InboxWords {
  const t = (key: string, values?: Record<string, unknown>) => texts.t(language, key, values);
  return {
    t,
    label(prefix, code) {
      // A code that is not a plain identifier would be read as a key path (":" and "." mean something).
      if (!/^[A-Za-z0-9_-]+$/.test(code)) return code;
      const key = `${prefix}.${code}`;
      const text = t(key);
      // i18next answers a missing key with the key, with or without its namespace.
      return text === key || text === key.slice(key.indexOf(':') + 1) || text === '' ? code : text;
    },
  };
}
