import { describe, expect, it } from 'vitest';
import { createTexts, FSI, isolate, PDI, withoutIsolates } from '../../src/i18n/texts.js';

const PHONE = '+32 3 201 16 90';

/** A small catalog with plural keys in languages whose CLDR rules differ. */
const catalog = {
  en: {
    common: { messages_one: 'One message from {{name}}', messages_other: '{{count}} messages from {{name}}' },
  },
  ar: {
    common: {
      messages_zero: 'لا رسائل من {{name}}',
      messages_one: 'رسالة واحدة من {{name}}',
      messages_two: 'رسالتان من {{name}}',
      messages_few: '{{count}} رسائل من {{name}}',
      messages_many: '{{count}} رسالة من {{name}}',
      messages_other: '{{count}} رسالة من {{name}} (other)',
      call: 'اتصل بنا على {{phone}}.',
    },
  },
  ru: {
    common: {
      messages_one: '{{count}} сообщение от {{name}}',
      messages_few: '{{count}} сообщения от {{name}}',
      messages_many: '{{count}} сообщений от {{name}}',
      messages_other: '{{count}} сообщения (дробь) от {{name}}',
    },
  },
};

describe('Texts with the bundled locales', () => {
  const texts = createTexts();

  it('sets every interpolated value apart with Unicode isolates in Arabic and Persian', () => {
    for (const language of ['ar', 'fa']) {
      const line = texts.t(language, 'common:consent.declined', {
        centrePhone: PHONE,
        centreEmail: 'help@example.org',
        emergencyNumber: 112,
      });
      expect(line).toContain(`${FSI}${PHONE}${PDI}`);
      expect(line).toContain(`${FSI}help@example.org${PDI}`);
      expect(line).toContain(`${FSI}112${PDI}`);
      expect(line).not.toContain('{{');
    }
  });

  it('leaves left-to-right languages as they are', () => {
    const line = texts.t('en', 'common:consent.declined', {
      centrePhone: PHONE,
      centreEmail: 'help@example.org',
      emergencyNumber: 112,
    });
    expect(line).toContain(`call us on ${PHONE}`);
    expect(line).not.toContain(FSI);
    expect(line).not.toContain(PDI);
  });

  it('falls back to English for a language it does not have', () => {
    expect(texts.t('xx', 'common:exit.button')).toBe(texts.t('en', 'common:exit.button'));
  });

  it('maps client tags through supportedLanguage', () => {
    expect(texts.supportedLanguage('nl-BE')).toBe('nl');
    expect(texts.supportedLanguage('klingon')).toBeUndefined();
  });
});

describe('Texts: plurals and isolates together', () => {
  const texts = createTexts(catalog);

  it.each([
    [0, 'لا رسائل من'],
    [1, 'رسالة واحدة من'],
    [2, 'رسالتان من'],
    [3, `${isolate('3')} رسائل من`],
    [11, `${isolate('11')} رسالة من`],
    [100, `${isolate('100')} رسالة من ${isolate('Ali')} (other)`],
  ])('picks the Arabic plural form for %i and isolates the number and the name', (count, expected) => {
    const line = texts.t('ar', 'common:messages', { count, name: 'Ali' });
    expect(line).toContain(expected);
    expect(line).toContain(isolate('Ali'));
  });

  it('picks Russian forms by CLDR rules, without isolates', () => {
    expect(texts.t('ru', 'common:messages', { count: 1, name: 'Анна' })).toBe('1 сообщение от Анна');
    expect(texts.t('ru', 'common:messages', { count: 3, name: 'Анна' })).toBe('3 сообщения от Анна');
    expect(texts.t('ru', 'common:messages', { count: 5, name: 'Анна' })).toBe('5 сообщений от Анна');
    expect(texts.t('ru', 'common:messages', { count: 21, name: 'Анна' })).toBe('21 сообщение от Анна');
  });

  it('keeps a phone number in one piece inside an Arabic sentence', () => {
    expect(texts.t('ar', 'common:call', { phone: PHONE })).toBe(`اتصل بنا على ${FSI}${PHONE}${PDI}.`);
  });
});

describe('withoutIsolates', () => {
  it('recovers what a person copies out of a right-to-left message', () => {
    expect(withoutIsolates(`/resume ${isolate('K7P-4QX')}`)).toBe('/resume K7P-4QX');
  });
});
