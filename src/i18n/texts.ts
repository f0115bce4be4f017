import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import type { Texts } from '../core/index.js';
import { direction, supportedLanguage } from './languages.js';
import { FALLBACK_LANGUAGE, NAMESPACES, resources } from './resources.js';

export { supportedLanguage } from './languages.js';

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (Unicode Bidirectional Algorithm, UAX #9). */
export const FSI = '\u2068';
export const PDI = '\u2069';

/**
 * A value set apart from the text around it, so the bidirectional algorithm lays it out on its own: a phone
 * number "+32 3 201 16 90" or an address in an Arabic or Persian sentence keeps its order, and a name in
 * another script does not drag the punctuation after it. The isolate takes the direction of the value's
 * own first strong letter (left to right when there is none, as in a number).
 */
export function isolate(value: string): string {
  return `${FSI}${value}${PDI}`;
}

/** Removes isolates, e.g. from a code a person copied out of a right-to-left message and sent back. */
export function withoutIsolates(text: string): string {
  return text.replaceAll(FSI, '').replaceAll(PDI, '');
}

/**
 * The core's Texts port on i18next. One isolated instance per Haven (no global state), initialised
 * synchronously from bundled resources (tests may pass their own catalog). Plurals are i18next's (CLDR rules through Intl.PluralRules: a key
 * "x" with "x_one", "x_few", "x_other" … chosen by `count`).
 */
export function createTexts(catalog: Resource = resources): Texts {
  const languages = Object.keys(catalog);
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources: catalog,
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: languages,
    ns: catalog === resources ? NAMESPACES : Object.keys(catalog[FALLBACK_LANGUAGE] ?? {}),
    defaultNS: 'common',
    initAsync: false,
    // Texts go to Telegram as plain text and to Slack through Haven's own escaping: no HTML escaping here.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map<string, TFunction>(
    languages.map((language) => [language, instance.getFixedT(language)]),
  );
  // A text without values never changes: looked up in i18next once (every welcome, button and notice is
  // one), then kept. Bounded by the catalog's keys.
  const plain = new Map<string, string>();
  return {
    fallbackLanguage: FALLBACK_LANGUAGE,
    t(language, key, values) {
      const shipped = fixed.has(language) ? language : FALLBACK_LANGUAGE;
      const t = fixed.get(shipped)!;
      if (values === undefined) {
        const id = `${shipped}\u0000${key}`;
        let text = plain.get(id);
        if (text === undefined) {
          text = t(key);
          plain.set(id, text);
        }
        return text;
      }
      return direction(shipped) === 'rtl' ? t(key, isolatedOptions(values)) : t(key, values);
    },
    supportedLanguage,
  };
}

/**
 * i18next interpolates from `replace` when it is given, but still picks the plural form from `count`: so
 * `count` stays a number for the plural rules while its printed form is isolated like every other value.
 */
function isolatedOptions(values: Record<string, unknown>): Record<string, unknown> {
  const replace: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    replace[name] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
        ? isolate(String(value))
        : value;
  }
  return { ...values, replace };
}
