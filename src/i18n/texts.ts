import i18next, { type i18n } from 'i18next';
import type { Texts } from '../core/index.js';
import { FALLBACK_LANGUAGE, LANGUAGES, NAMESPACES, resources } from './resources.js';

/**
 * The core's Texts port on i18next. One isolated instance per Haven (no global state), initialised
 * synchronously from bundled resources.
 */
export function createTexts(): Texts {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: LANGUAGES,
    ns: NAMESPACES,
    defaultNS: 'common',
    initAsync: false,
    // Texts go to Telegram as plain text and to Slack through Haven's own escaping: no HTML escaping here.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(LANGUAGES.map((language) => [language, instance.getFixedT(language)]));
  return {
    fallbackLanguage: FALLBACK_LANGUAGE,
    t(language, key, values) {
      const t = fixed.get(language as never) ?? fixed.get(FALLBACK_LANGUAGE)!;
      return t(key, values ?? {});
    },
    supportedLanguage: (tag) => supportedLanguage(tag),
  };
}

/** "pt-BR" → "pt", "nl-be" → "nl", "zh-hans" → "zh"; undefined when Haven has no texts for it. */
export function supportedLanguage(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as string[]).includes(primary) ? primary : undefined;
}
