/**
 * Which of Haven's languages each provider translates, and under which code. Data, not code: when a
 * provider adds a language, add a line here.
 *
 * Neither provider offers Tigrinya (ti), so a Tigrinya conversation gets no machine translation and the
 * caseworker is told so; nothing is sent to the provider for it.
 */

/** English names, for the reasons caseworkers read ("DeepL does not translate Tigrinya"). */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  nl: 'Dutch',
  fr: 'French',
  de: 'German',
  ro: 'Romanian',
  bg: 'Bulgarian',
  ar: 'Arabic',
  pt: 'Portuguese',
  es: 'Spanish',
  ru: 'Russian',
  uk: 'Ukrainian',
  zh: 'Chinese',
  vi: 'Vietnamese',
  sq: 'Albanian',
  ti: 'Tigrinya',
  fa: 'Persian',
  hi: 'Hindi',
  tr: 'Turkish',
  pl: 'Polish',
  hu: 'Hungarian',
  th: 'Thai',
  tl: 'Tagalog',
};

export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? `the language "${code}"`;
}

/**
 * LibreTranslate (Argos Translate models). Codes as its `/languages` lists them: current servers take the
 * ISO tags `zh-Hans` and `pt-BR` (aliases of the model codes `zh` and `pb`, which older servers used, and
 * `pt-BR` falls back to the `pt` model where only that is installed). A server started with `--load-only`
 * may lack some of these; it then answers "… is not supported", which becomes `unsupported-language` too.
 */
export const LIBRETRANSLATE_CODES: Readonly<Record<string, string>> = {
  en: 'en',
  nl: 'nl',
  fr: 'fr',
  de: 'de',
  ro: 'ro',
  bg: 'bg',
  ar: 'ar',
  pt: 'pt-BR',
  es: 'es',
  ru: 'ru',
  uk: 'uk',
  zh: 'zh-Hans',
  vi: 'vi',
  sq: 'sq',
  fa: 'fa',
  hi: 'hi',
  tr: 'tr',
  pl: 'pl',
  hu: 'hu',
  th: 'th',
  tl: 'tl',
};

/**
 * DeepL (v2/translate). Source codes are bare languages; targets name a variant where DeepL has several:
 * British English for Belgian caseworkers, Brazilian Portuguese and Simplified Chinese for Haven's `pt`
 * and `zh`. Persian, Hindi, Albanian and Tagalog arrived as beta languages in late 2025 and Thai and
 * Vietnamese as next-generation-only languages; DeepL's language list of 2026 lists all of them as stable.
 */
export const DEEPL_CODES: Readonly<Record<string, { source: string; target: string }>> = {
  en: { source: 'EN', target: 'EN-GB' },
  nl: { source: 'NL', target: 'NL' },
  fr: { source: 'FR', target: 'FR' },
  de: { source: 'DE', target: 'DE' },
  ro: { source: 'RO', target: 'RO' },
  bg: { source: 'BG', target: 'BG' },
  ar: { source: 'AR', target: 'AR' },
  pt: { source: 'PT', target: 'PT-BR' },
  es: { source: 'ES', target: 'ES' },
  ru: { source: 'RU', target: 'RU' },
  uk: { source: 'UK', target: 'UK' },
  zh: { source: 'ZH', target: 'ZH-HANS' },
  vi: { source: 'VI', target: 'VI' },
  sq: { source: 'SQ', target: 'SQ' },
  fa: { source: 'FA', target: 'FA' },
  hi: { source: 'HI', target: 'HI' },
  tr: { source: 'TR', target: 'TR' },
  pl: { source: 'PL', target: 'PL' },
  hu: { source: 'HU', target: 'HU' },
  th: { source: 'TH', target: 'TH' },
  tl: { source: 'TL', target: 'TL' },
};

/**
 * A provider's code for a detected language, as a Haven code: `zh-Hans`, `zh-Hant` and `ZH` are `zh`,
 * `pt-BR`, `pb` and `PT` are `pt`; anything else is its lower-case base language.
 */
export function havenLanguageOf(providerCode: string): string {
  const code = providerCode.trim().toLowerCase();
  if (code === 'pb' || code === 'zt') return code === 'pb' ? 'pt' : 'zh';
  return code.split('-')[0] ?? code;
}
