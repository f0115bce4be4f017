import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Translator } from '../../src/core/translation.js';
import { FakeDeepL } from '../../src/sandbox/fake-deepl.js';
import {
  createDeepLTranslator,
  DEEPL_FREE_API_URL,
  DEEPL_PRO_API_URL,
  deeplApiUrlFor,
} from '../../src/translation/deepl.js';
import { listen, SECRET_TEXT, type Served, translationFailure } from './serve.js';

const KEY = '0f3c2a9e-4b1d-4e8a-9c7f-2d5e6a1b3c4d:fx';

describe('DeepL translator against the fake API', () => {
  const fake = new FakeDeepL({ authKey: KEY, characterLimit: 1000 });
  let served: Served;
  let translator: Translator;

  beforeAll(async () => {
    served = await listen(fake.app.fetch);
    translator = createDeepLTranslator({ apiKey: KEY, apiUrl: served.url, timeoutMs: 2000 });
  });
  afterAll(() => served.close());
  beforeEach(() => fake.reset());
  afterEach(() => expect(fake.violations).toEqual([]));

  it('translates a person’s message for the caseworker, authenticated by header', async () => {
    const result = await translator.translate({ text: 'Bună ziua', from: 'ro', to: 'en' });

    expect(result).toEqual({ text: '[ro→en-gb] Bună ziua', detectedSource: 'ro' });
    const call = fake.translateCalls[0];
    expect(call?.authorization).toBe(`DeepL-Auth-Key ${KEY}`);
    expect(call?.body).toEqual({ text: ['Bună ziua'], target_lang: 'EN-GB', source_lang: 'RO' });
  });

  it('lets DeepL detect the language when Haven does not know it, and reports it as a Haven code', async () => {
    fake.detectAs = 'ZH';

    const result = await translator.translate({ text: '你好', from: undefined, to: 'nl' });

    expect(fake.translateCalls[0]?.body).not.toHaveProperty('source_lang');
    expect(result).toEqual({ text: '[zh→nl] 你好', detectedSource: 'zh' });
  });

  it.each([
    ['pt', 'PT-BR', 'PT'],
    ['zh', 'ZH-HANS', 'ZH'],
    ['en', 'EN-GB', 'EN'],
    ['uk', 'UK', 'UK'],
    ['tl', 'TL', 'TL'],
    ['fa', 'FA', 'FA'],
  ])('uses target %s → %s, and source %s in the other direction', async (haven, target, source) => {
    await translator.translate({ text: 'We kunnen je helpen.', from: 'nl', to: haven });
    await translator.translate({ text: 'Help', from: haven, to: 'nl' });

    const [into, from] = fake.translateCalls;
    expect(into?.body.target_lang).toBe(target);
    expect(from?.body.source_lang).toBe(source);
  });

  it('refuses Tigrinya without sending anything, in either direction', async () => {
    const into = await translationFailure(translator.translate({ text: SECRET_TEXT, from: 'en', to: 'ti' }));
    const from = await translationFailure(translator.translate({ text: SECRET_TEXT, from: 'ti', to: 'en' }));

    for (const error of [into, from]) {
      expect(error.kind).toBe('unsupported-language');
      expect(error.retryable).toBe(false);
      expect(error.reason).toBe('DeepL does not translate Tigrinya.');
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses a wrong key as an authentication problem that names the variable', async () => {
    const wrong = createDeepLTranslator({ apiKey: 'not-the-key:fx', apiUrl: served.url, timeoutMs: 2000 });

    const error = await translationFailure(wrong.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(403);
    expect(error.reason).toContain('DEEPL_API_KEY');
  });

  it('stops with a non-retryable quota error once the month’s characters are used', async () => {
    await translator.translate({ text: 'a'.repeat(990), from: 'ro', to: 'en' });

    const error = await translationFailure(translator.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

    expect(error.kind).toBe('quota');
    expect(error.status).toBe(456);
    expect(error.retryable).toBe(false);
    expect(error.reason).toBe(
      'The DeepL character quota is used up; translation resumes when it is renewed or raised.',
    );
  });

  it.each([
    [429, 'rate-limited', true],
    [529, 'rate-limited', true],
    [500, 'unavailable', true],
    [503, 'unavailable', true],
    [413, 'rejected', false],
  ] as const)(
    'maps HTTP %i to %s (retryable: %s) without quoting the text',
    async (status, kind, retryable) => {
      fake.failNext({ status, message: `could not translate "${SECRET_TEXT}"` });

      const error = await translationFailure(
        translator.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }),
      );

      expect(error.kind).toBe(kind);
      expect(error.retryable).toBe(retryable);
      expect(error.provider).toBe('deepl');
      expect(error.message).not.toContain('Ioana');
    },
  );

  it('passes on Retry-After from a rate limit', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 5 });

    const error = await translationFailure(translator.translate({ text: 'x', from: 'ro', to: 'en' }));

    expect(error.retryAfterMs).toBe(5000);
  });

  it('reports a language DeepL refuses for this account as unsupported', async () => {
    fake.failNext({ status: 400, message: "Value for 'target_lang' not supported." });

    const error = await translationFailure(translator.translate({ text: 'x', from: 'en', to: 'hi' }));

    expect(error.kind).toBe('unsupported-language');
    expect(error.reason).toBe('DeepL refused to translate English to Hindi for this account.');
  });

  it('times out, retryably, when DeepL stalls', async () => {
    fake.delayMs = 3000;
    const impatient = createDeepLTranslator({ apiKey: KEY, apiUrl: served.url, timeoutMs: 200 });
    const started = Date.now();

    const error = await translationFailure(impatient.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.reason).toBe('DeepL did not answer within 200 ms.');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('DeepL endpoint', () => {
  it('sends Free keys (ending in :fx) to api-free.deepl.com and Pro keys to api.deepl.com', () => {
    expect(deeplApiUrlFor(KEY)).toBe(DEEPL_FREE_API_URL);
    expect(deeplApiUrlFor('0f3c2a9e-4b1d-4e8a-9c7f-2d5e6a1b3c4d')).toBe(DEEPL_PRO_API_URL);
  });

  it('posts to {apiUrl}/v2/translate, whether or not the URL ends in a slash', async () => {
    const fake = new FakeDeepL({ authKey: KEY });
    const served = await listen(fake.app.fetch);
    try {
      const client = createDeepLTranslator({ apiKey: KEY, apiUrl: `${served.url}/`, timeoutMs: 2000 });
      await client.translate({ text: 'Salut', from: 'ro', to: 'en' });

      expect(fake.translateCalls.map((call) => call.path)).toEqual(['/v2/translate']);
    } finally {
      await served.close();
    }
  });
});
