/** The languages Haven speaks, as the simulated Telegram app reports them in `from.language_code`. */
export interface PlaygroundLanguage {
  code: string;
  /** The language's own name, as a person would look for it. */
  name: string;
}

export const LANGUAGES: readonly PlaygroundLanguage[] = [
  { code: 'en', name: 'English' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'fr', name: 'Français' },
  { code: 'de', name: 'Deutsch' },
  { code: 'ro', name: 'Română' },
  { code: 'bg', name: 'Български' },
  { code: 'ar', name: 'العربية' },
  { code: 'pt', name: 'Português' },
  { code: 'es', name: 'Español' },
  { code: 'ru', name: 'Русский' },
  { code: 'uk', name: 'Українська' },
  { code: 'zh', name: '中文' },
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'sq', name: 'Shqip' },
  { code: 'ti', name: 'ትግርኛ' },
  { code: 'fa', name: 'فارسی' },
  { code: 'hi', name: 'हिन्दी' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'pl', name: 'Polski' },
  { code: 'hu', name: 'Magyar' },
  { code: 'th', name: 'ไทย' },
  { code: 'tl', name: 'Tagalog' },
];

export const LANGUAGE_CODES = new Set(LANGUAGES.map((language) => language.code));
