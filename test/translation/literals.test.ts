import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Translator } from '../../src/core/translation.js';
import { FakeDeepL } from '../../src/sandbox/fake-deepl.js';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import { createDeepLTranslator } from '../../src/translation/deepl.js';
import { createLibreTranslateTranslator } from '../../src/translation/libretranslate.js';
import { keepingLiterals, literalsIn } from '../../src/translation/literals.js';
import { listen, type Served } from './serve.js';

const REPLY = [
  'Bel ons op +32 3 201 16 90 of 078 055 800 (gratis).',
  'Mail admin@payoke.be of kijk op https://www.payoke.be/nl/hulp?taal=ro.',
  'Meer info: www.stopmensenhandel.be, of (03) 201 16 90.',
].join('\n');

describe('literalsIn', () => {
  it('finds phone numbers, e-mail addresses and links as a reader would copy them', () => {
    expect(literalsIn(REPLY)).toEqual([
      'admin@payoke.be',
      'https://www.payoke.be/nl/hulp?taal=ro',
      'www.stopmensenhandel.be',
      '+32 3 201 16 90',
      '078 055 800',
      '(03) 201 16 90',
    ]);
  });

  it('keeps a bracket that belongs to the link and drops one that closes the sentence', () => {
    expect(literalsIn('See https://en.wikipedia.org/wiki/Antwerp_(city).')).toEqual([
      'https://en.wikipedia.org/wiki/Antwerp_(city)',
    ]);
    expect(literalsIn('(see https://payoke.be/contact)')).toEqual(['https://payoke.be/contact']);
  });

  it('does not mistake dates, amounts, ages or short numbers for phone numbers', () => {
    expect(literalsIn('On 03.04.2025 I was paid 1500 euro for 70 hours; I am 17; call 112 or 0470.')).toEqual(
      [],
    );
  });

  it('does not read the digits of a link or an address as a phone number', () => {
    expect(literalsIn('https://example.org/case/0470123456 and x0470123456@example.org')).toEqual([
      'x0470123456@example.org',
      'https://example.org/case/0470123456',
    ]);
  });
});

describe('keepingLiterals', () => {
  const echo = (rewrite: (text: string) => string): Translator => ({
    provider: 'test',
    translate: async ({ text }) => ({ text: rewrite(text), detectedSource: 'nl' }),
  });

  it('leaves a translation that kept every literal as it is', async () => {
    const translator = keepingLiterals(echo((text) => `RO: ${text}`));

    const result = await translator.translate({ text: REPLY, from: 'nl', to: 'ro' });

    expect(result).toEqual({ text: `RO: ${REPLY}`, detectedSource: 'nl' });
  });

  it('appends what the provider changed, exactly as written, and says which', async () => {
    // Like an engine that reformats numbers and "corrects" an address.
    const translator = keepingLiterals(
      echo((text) =>
        text.replace('+32 3 201 16 90', '+32 32011690').replace('admin@payoke.be', 'admin@payoke.com'),
      ),
    );

    const result = await translator.translate({ text: REPLY, from: 'nl', to: 'ro' });

    expect(result.altered).toEqual(['admin@payoke.be', '+32 3 201 16 90']);
    expect(result.text.endsWith('\n\nadmin@payoke.be\n+32 3 201 16 90')).toBe(true);
  });
});

describe('links, e-mail addresses and phone numbers through the providers', () => {
  const libre = new FakeLibreTranslate();
  const deepl = new FakeDeepL({ authKey: 'key:fx' });
  let libreServer: Served;
  let deeplServer: Served;
  let translators: Array<[string, Translator]>;

  beforeAll(async () => {
    libreServer = await listen(libre.app.fetch);
    deeplServer = await listen(deepl.app.fetch);
    translators = [
      [
        'libretranslate',
        keepingLiterals(createLibreTranslateTranslator({ url: libreServer.url, timeoutMs: 2000 })),
      ],
      [
        'deepl',
        keepingLiterals(
          createDeepLTranslator({ apiKey: 'key:fx', apiUrl: deeplServer.url, timeoutMs: 2000 }),
        ),
      ],
    ];
  });
  afterAll(async () => {
    await libreServer.close();
    await deeplServer.close();
  });
  beforeEach(() => {
    libre.reset();
    deepl.reset();
  });

  it('sends them to the provider unchanged and returns them unchanged', async () => {
    for (const [, translator] of translators) {
      const result = await translator.translate({ text: REPLY, from: 'nl', to: 'ro' });

      for (const literal of literalsIn(REPLY)) expect(result.text).toContain(literal);
      expect(result.altered).toBeUndefined();
    }
    expect(libre.translateCalls[0]?.body.q).toBe(REPLY);
    expect(deepl.translateCalls[0]?.body.text).toEqual([REPLY]);
  });

  it('restores a phone number the provider reformatted', async () => {
    const squeezeNumbers = (text: string) => text.replace(/(\d) (?=\d)/g, '$1');
    libre.rewrite = squeezeNumbers;
    deepl.rewrite = squeezeNumbers;

    for (const [provider, translator] of translators) {
      const result = await translator.translate({ text: 'Bel 0470 12 34 56.', from: 'nl', to: 'ro' });

      expect(result.altered, provider).toEqual(['0470 12 34 56']);
      expect(result.text, provider).toMatch(/0470123456\.\n\n0470 12 34 56$/);
    }
  });
});
