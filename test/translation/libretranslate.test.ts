import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Translator } from '../../src/core/translation.js';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import { createLibreTranslateTranslator } from '../../src/translation/libretranslate.js';
import { listen, SECRET_TEXT, type Served, translationFailure } from './serve.js';

describe('LibreTranslate translator against the fake server', () => {
  const fake = new FakeLibreTranslate();
  let served: Served;
  let translator: Translator;

  beforeAll(async () => {
    served = await listen(fake.app.fetch);
    translator = createLibreTranslateTranslator({ url: `${served.url}/`, timeoutMs: 2000 });
  });
  afterAll(() => served.close());
  beforeEach(() => fake.reset());

  it('translates a person’s message for the caseworker with the languages it was given', async () => {
    const result = await translator.translate({ text: 'Bună ziua', from: 'ro', to: 'en' });

    expect(result).toEqual({ text: '[ro→en] Bună ziua' });
    expect(fake.translateCalls).toHaveLength(1);
    expect(fake.translateCalls[0]?.body).toEqual({
      q: 'Bună ziua',
      source: 'ro',
      target: 'en',
      format: 'text',
    });
  });

  it('asks the server to detect the language when Haven does not know it, and reports it as a Haven code', async () => {
    fake.detectAs = 'zh-Hans';

    const result = await translator.translate({ text: '你好', from: undefined, to: 'nl' });

    expect(fake.translateCalls[0]?.body.source).toBe('auto');
    expect(result).toEqual({ text: '[zh-Hans→nl] 你好', detectedSource: 'zh' });
  });

  it.each([
    ['zh', 'zh-Hans'],
    ['pt', 'pt-BR'],
    ['tl', 'tl'],
    ['fa', 'fa'],
    ['sq', 'sq'],
  ])('sends Haven’s %s as LibreTranslate’s %s', async (haven, libre) => {
    const result = await translator.translate({ text: 'We can help you.', from: 'en', to: haven });

    expect(fake.translateCalls[0]?.body.target).toBe(libre);
    expect(result.text).toBe(`[en→${libre}] We can help you.`);
  });

  it('refuses Tigrinya without sending anything, since no LibreTranslate model exists for it', async () => {
    const error = await translationFailure(translator.translate({ text: SECRET_TEXT, from: 'ti', to: 'en' }));

    expect(error.kind).toBe('unsupported-language');
    expect(error.retryable).toBe(false);
    expect(error.reason).toBe('LibreTranslate does not translate Tigrinya.');
    expect(fake.calls).toHaveLength(0);
  });

  it('does not call the server when the text is already in the target language', async () => {
    const result = await translator.translate({ text: 'Hello', from: 'en', to: 'en' });

    expect(result).toEqual({ text: 'Hello' });
    expect(fake.calls).toHaveLength(0);
  });

  it('reports a language the server has no model for as unsupported, not as an outage', async () => {
    const small = new FakeLibreTranslate({ languages: ['en', 'nl', 'fr'] });
    const smallServer = await listen(small.app.fetch);
    try {
      const client = createLibreTranslateTranslator({ url: smallServer.url, timeoutMs: 2000 });
      const error = await translationFailure(client.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

      expect(error.kind).toBe('unsupported-language');
      expect(error.retryable).toBe(false);
      expect(error.status).toBe(400);
      expect(error.reason).toBe('The LibreTranslate server cannot translate Romanian to English.');
    } finally {
      await smallServer.close();
    }
  });

  it('falls back to the Portuguese model on a server without the Brazilian one, as LibreTranslate does', async () => {
    const small = new FakeLibreTranslate({ languages: ['en', 'pt'] });
    const smallServer = await listen(small.app.fetch);
    try {
      const client = createLibreTranslateTranslator({ url: smallServer.url, timeoutMs: 2000 });
      const result = await client.translate({ text: 'Olá', from: 'pt', to: 'en' });

      expect(small.translateCalls[0]?.body.source).toBe('pt-BR');
      expect(result.text).toBe('[pt→en] Olá');
    } finally {
      await smallServer.close();
    }
  });

  it.each([
    [500, 'unavailable', true],
    [502, 'unavailable', true],
    [503, 'unavailable', true],
    [429, 'rate-limited', true],
    [403, 'auth', false],
  ] as const)(
    'maps HTTP %i to %s (retryable: %s) without quoting the text',
    async (status, kind, retryable) => {
      fake.failNext({ status, error: `Cannot translate text: ${SECRET_TEXT}` });

      const error = await translationFailure(
        translator.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }),
      );

      expect(error.kind).toBe(kind);
      expect(error.retryable).toBe(retryable);
      expect(error.status).toBe(status);
      expect(error.provider).toBe('libretranslate');
      expect(error.message).not.toContain('Ioana');
      expect(error.reason).not.toContain('Ioana');
    },
  );

  it('passes on how long a rate-limited client must wait', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 30 });

    const error = await translationFailure(translator.translate({ text: 'x', from: 'ro', to: 'en' }));

    expect(error.retryAfterMs).toBe(30_000);
  });

  it('treats a text over the server’s --char-limit as rejected, not retryable', async () => {
    const limited = new FakeLibreTranslate({ charLimit: 10 });
    const limitedServer = await listen(limited.app.fetch);
    try {
      const client = createLibreTranslateTranslator({ url: limitedServer.url, timeoutMs: 2000 });
      const error = await translationFailure(client.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

      expect(error.kind).toBe('rejected');
      expect(error.retryable).toBe(false);
    } finally {
      await limitedServer.close();
    }
  });

  it('times out, retryably, when the server stalls', async () => {
    fake.delayMs = 3000;
    const impatient = createLibreTranslateTranslator({ url: served.url, timeoutMs: 150 });
    const started = Date.now();

    const error = await translationFailure(impatient.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.reason).toBe('LibreTranslate did not answer within 150 ms.');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an unreachable server as unavailable', async () => {
    const gone = await listen(() => new Response('unused'));
    await gone.close();
    const client = createLibreTranslateTranslator({ url: gone.url, timeoutMs: 2000 });

    const error = await translationFailure(client.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

    expect(error.kind).toBe('unavailable');
    expect(error.retryable).toBe(true);
    expect(error.reason).toBe('Haven could not reach LibreTranslate.');
  });

  it('reports an answer that is not LibreTranslate’s as unavailable', async () => {
    const impostor = await listen(() => Response.json({ hello: 'world' }));
    try {
      const client = createLibreTranslateTranslator({ url: impostor.url, timeoutMs: 2000 });
      const error = await translationFailure(client.translate({ text: 'x', from: 'ro', to: 'en' }));

      expect(error.kind).toBe('unavailable');
      expect(error.reason).toBe('LibreTranslate answered in an unexpected format.');
    } finally {
      await impostor.close();
    }
  });
});

describe('LibreTranslate translator with API keys', () => {
  const fake = new FakeLibreTranslate({ apiKeys: ['haven-key'] });
  let served: Served;

  beforeAll(async () => {
    served = await listen(fake.app.fetch);
  });
  afterAll(() => served.close());
  beforeEach(() => fake.reset());

  it('sends the configured key', async () => {
    const client = createLibreTranslateTranslator({ url: served.url, apiKey: 'haven-key', timeoutMs: 2000 });

    const result = await client.translate({ text: 'Salut', from: 'ro', to: 'en' });

    expect(result.text).toBe('[ro→en] Salut');
    expect(fake.translateCalls[0]?.body.api_key).toBe('haven-key');
  });

  it.each([
    ['a wrong key', 'not-the-key'],
    ['no key', undefined],
  ])('reports %s as an authentication problem naming the variable to fix', async (_, apiKey) => {
    const client = createLibreTranslateTranslator({ url: served.url, apiKey, timeoutMs: 2000 });

    const error = await translationFailure(client.translate({ text: SECRET_TEXT, from: 'ro', to: 'en' }));

    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.reason).toContain('LIBRETRANSLATE_API_KEY');
  });
});
