import { describe, expect, it } from 'vitest';
import {
  bundledLanguages,
  direction,
  HAVEN_LANGUAGES,
  languageInfo,
  supportedLanguage,
} from '../../src/i18n/languages.js';
import { LANGUAGES } from '../../src/i18n/resources.js';

const bundled = (code: string) => (LANGUAGES as readonly string[]).includes(code);

describe('supportedLanguage: a client language tag to a shipped language', () => {
  it('gives every bundled language for its own code, whatever the case', () => {
    for (const language of LANGUAGES) {
      expect(supportedLanguage(language)).toBe(language);
      expect(supportedLanguage(language.toUpperCase())).toBe(language);
    }
  });

  it.each([
    ['pt-br', 'pt'],
    ['pt-PT', 'pt'],
    ['zh-hans', 'zh'],
    ['zh-CN', 'zh'],
    ['zh_SG', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['zh-hant', 'zh'],
    ['zh-TW', 'zh'],
    ['zh-HK', 'zh'],
    ['yue', 'zh'],
    ['fil', 'tl'],
    ['fil-PH', 'tl'],
    ['prs', 'fa'],
    ['fa-AF', 'fa'],
    ['nl-BE', 'nl'],
    ['fr-BE', 'fr'],
    ['es-419', 'es'],
    ['ar-MA', 'ar'],
    ['ro-MD', 'ro'],
    ['mo', 'ro'],
    ['ti-ER', 'ti'],
    ['sq-XK', 'sq'],
    [' en-GB ', 'en'],
  ])('maps "%s" to "%s"', (tag, language) => {
    expect(supportedLanguage(tag)).toBe(bundled(language) ? language : undefined);
  });

  it.each(['nb', 'be', 'am', 'ur', 'ps', 'it', 'ca', 'sr-Latn', 'und', '', '   ', 'x-private', 'e'])(
    'has no language for "%s": the person chooses',
    (tag) => {
      expect(supportedLanguage(tag)).toBeUndefined();
    },
  );

  it('has no language for a missing tag', () => {
    expect(supportedLanguage(undefined)).toBeUndefined();
  });
});

describe('language info', () => {
  it('knows the 22 languages Haven is built for', () => {
    expect(HAVEN_LANGUAGES).toHaveLength(22);
    expect(new Set(HAVEN_LANGUAGES).size).toBe(22);
  });

  it('gives native name, English name and direction of every bundled language', () => {
    for (const info of bundledLanguages()) {
      expect(info.nativeName.trim()).not.toBe('');
      expect(info.englishName.trim()).not.toBe('');
      expect(['ltr', 'rtl']).toContain(info.dir);
    }
    expect(languageInfo('en')).toMatchObject({
      code: 'en',
      nativeName: 'English',
      englishName: 'English',
      dir: 'ltr',
    });
  });

  it('writes Arabic and Persian right to left, everything else left to right', () => {
    expect(direction('ar')).toBe('rtl');
    expect(direction('fa')).toBe('rtl');
    for (const language of HAVEN_LANGUAGES.filter((code) => code !== 'ar' && code !== 'fa')) {
      expect(direction(language)).toBe('ltr');
    }
  });

  it('has no info for a language that is not bundled', () => {
    expect(languageInfo('xx')).toBeUndefined();
    expect(direction('xx')).toBe('ltr');
  });
});
