import { LANGUAGES, type Language, languageMeta } from './resources.js';

/**
 * Which shipped language a client's language tag (Telegram's `language_code`, any BCP 47 tag) gets, and
 * what Haven knows about each language. Pure: runs on Node and Workers alike.
 */

/** Every language Haven is built for. A language is offered once locales/<code>/ is bundled (LANGUAGES). */
export const HAVEN_LANGUAGES = [
  'en',
  'nl',
  'fr',
  'de',
  'ro',
  'bg',
  'ar',
  'pt',
  'es',
  'ru',
  'uk',
  'zh',
  'vi',
  'sq',
  'ti',
  'fa',
  'hi',
  'tr',
  'pl',
  'hu',
  'th',
  'tl',
] as const;

/** Written right to left. locales/<code>/meta.json says so too; this covers a language before it is bundled. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa']);

/**
 * Primary subtags that mean a shipped language under another code. Deliberately absent: languages whose
 * speakers may not read the nearest shipped one comfortably (Pashto, Urdu, Kurdish, Amharic, Belarusian,
 * Catalan, Serbian, …): they get the language menu instead of a guess.
 */
const ALIASES: Readonly<Record<string, string>> = {
  fil: 'tl', // Filipino, the standard form of Tagalog
  tgl: 'tl',
  prs: 'fa', // Dari: Haven's Persian texts are written to be understood in Afghanistan too
  pes: 'fa', // Iranian Persian
  fas: 'fa',
  per: 'fa',
  cmn: 'zh', // Mandarin
  zho: 'zh',
  chi: 'zh',
  yue: 'zh', // Cantonese: written Chinese, see supportedLanguage
  als: 'sq', // Tosk Albanian
  aln: 'sq', // Gheg Albanian (Kosovo, northern Albania): reads standard Albanian
  sqi: 'sq',
  alb: 'sq',
  tir: 'ti',
  mo: 'ro', // Moldavian (deprecated tag for Romanian in Moldova)
  arb: 'ar', // Standard Arabic; the regional varieties below read it
  apc: 'ar',
  arz: 'ar',
  ary: 'ar',
  acm: 'ar',
  ajp: 'ar',
  apd: 'ar',
  vls: 'nl', // West Flemish
  gsw: 'de', // Swiss German: written German is Standard German
};

/**
 * The shipped language for a client's tag: "pt-BR" and "pt-PT" → "pt"; "zh-Hans", "zh-CN", "zh-SG" →
 * "zh"; "fil" → "tl"; "prs" and "fa-AF" → "fa"; "nl-BE" → "nl". Case and "_" do not matter.
 *
 * "zh-Hant", "zh-TW", "zh-HK" and "yue" also get "zh": Haven writes only Simplified Chinese, which most
 * Traditional readers can read, and the language question that follows lets them choose another. Undefined
 * when the language is not shipped (or not bundled yet).
 */
export function supportedLanguage(tag: string | undefined): Language | undefined {
  if (typeof tag !== 'string') return undefined;
  const subtags = tag.trim().toLowerCase().replaceAll('_', '-').split('-');
  const primary = subtags[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return undefined;
  const target = ALIASES[primary] ?? primary;
  return isBundled(target) ? target : undefined;
}

function isBundled(code: string): code is Language {
  return (LANGUAGES as readonly string[]).includes(code);
}

export type Direction = 'ltr' | 'rtl';

export interface LanguageInfo {
  code: Language;
  /** The name in the language itself, for the language menu ("Română", "فارسی"). */
  nativeName: string;
  /** For caseworkers ("Romanian", "Persian (Farsi/Dari)"). */
  englishName: string;
  dir: Direction;
  /** How far the translation has been checked ("reviewed", "machine-drafted", …). */
  review: string;
}

/** Native name, English name and direction of a bundled language; undefined for any other code. */
export function languageInfo(language: string): LanguageInfo | undefined {
  if (!isBundled(language)) return undefined;
  const meta = (languageMeta as Readonly<Record<string, Partial<Omit<LanguageInfo, 'code'>>>>)[language];
  return {
    code: language,
    nativeName: meta?.nativeName ?? language,
    englishName: meta?.englishName ?? language,
    dir: meta?.dir === 'rtl' || (meta?.dir === undefined && RIGHT_TO_LEFT.has(language)) ? 'rtl' : 'ltr',
    review: meta?.review ?? 'unknown',
  };
}

/** The writing direction of a language's texts: from its meta.json once bundled, else what Haven knows. */
export function direction(language: string): Direction {
  return languageInfo(language)?.dir ?? (RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr');
}

/** Every bundled language with its info, in bundle order (English first). */
export function bundledLanguages(): LanguageInfo[] {
  return LANGUAGES.map((language) => languageInfo(language)!);
}
