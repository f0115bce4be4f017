import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeDeepL } from '../../src/sandbox/fake-deepl.js';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import {
  readTranslationConfig,
  TranslationConfigError,
  translationEnvShape,
  translatorFromEnv,
} from '../../src/translation/config.js';
import { listen, type Served, translationFailure } from './serve.js';

/** The problems translatorFromEnv reports for `env`; fails the test when it accepts it. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    translatorFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(TranslationConfigError);
    return (error as TranslationConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('translation configuration', () => {
  it('switches machine translation off by default', async () => {
    const translator = translatorFromEnv({});

    expect(translator.provider).toBe('none');
    const error = await translationFailure(translator.translate({ text: 'x', from: 'ro', to: 'en' }));
    expect(error.kind).toBe('disabled');
    expect(error.retryable).toBe(false);
  });

  it('treats variables set to nothing as not set', () => {
    expect(translatorFromEnv({ TRANSLATION_PROVIDER: '', DEEPL_API_KEY: ' ' }).provider).toBe('none');
  });

  it('says which variable DeepL needs and where to get it', () => {
    expect(problemsOf({ TRANSLATION_PROVIDER: 'deepl' })).toEqual([
      'DEEPL_API_KEY is required when TRANSLATION_PROVIDER=deepl: create one at https://www.deepl.com/your-account/keys (Free keys end in :fx)',
    ]);
  });

  it('says which variable LibreTranslate needs and how to get a server', () => {
    const [problem, ...others] = problemsOf({ TRANSLATION_PROVIDER: 'libretranslate' });

    expect(others).toEqual([]);
    expect(problem).toMatch(
      /^LIBRETRANSLATE_URL is required when TRANSLATION_PROVIDER=libretranslate: the base URL/,
    );
    expect(problem).toContain('docker run -p 5000:5000 libretranslate/libretranslate');
  });

  it('names every invalid variable at once', () => {
    const problems = problemsOf({
      TRANSLATION_PROVIDER: 'google',
      LIBRETRANSLATE_URL: 'ftp://translate.example.org',
      TRANSLATION_TIMEOUT_MS: 'soon',
    });

    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'TRANSLATION_PROVIDER',
      'LIBRETRANSLATE_URL',
      'TRANSLATION_TIMEOUT_MS',
    ]);
    expect(problems[0]).toContain('is invalid');
    expect(problems[0]).toContain('none (default: no machine translation), libretranslate');
  });

  it('accepts the provider name in any case', () => {
    expect(translatorFromEnv({ TRANSLATION_PROVIDER: 'DeepL', DEEPL_API_KEY: 'k:fx' }).provider).toBe(
      'deepl',
    );
  });

  it('chooses the DeepL endpoint from the key unless DEEPL_API_URL overrides it', () => {
    const parse = (env: Record<string, string>) =>
      readTranslationConfig(z.object(translationEnvShape).parse(env)).config;

    expect(parse({ TRANSLATION_PROVIDER: 'deepl', DEEPL_API_KEY: 'k:fx' })).toEqual({
      provider: 'deepl',
      apiKey: 'k:fx',
      apiUrl: 'https://api-free.deepl.com',
      timeoutMs: 10_000,
    });
    expect(parse({ TRANSLATION_PROVIDER: 'deepl', DEEPL_API_KEY: 'k' })).toMatchObject({
      apiUrl: 'https://api.deepl.com',
    });
    expect(
      parse({
        TRANSLATION_PROVIDER: 'deepl',
        DEEPL_API_KEY: 'k:fx',
        DEEPL_API_URL: 'http://127.0.0.1:9999',
        TRANSLATION_TIMEOUT_MS: '2500',
      }),
    ).toMatchObject({ apiUrl: 'http://127.0.0.1:9999', timeoutMs: 2500 });
  });
});

describe('translators built from the environment', () => {
  const libre = new FakeLibreTranslate({ apiKeys: ['lt-key'] });
  const deepl = new FakeDeepL({ authKey: 'dl-key:fx' });
  let libreServer: Served;
  let deeplServer: Served;

  beforeAll(async () => {
    libreServer = await listen(libre.app.fetch);
    deeplServer = await listen(deepl.app.fetch);
  });
  afterAll(async () => {
    await libreServer.close();
    await deeplServer.close();
  });

  it('reach LibreTranslate with its key', async () => {
    const translator = translatorFromEnv({
      TRANSLATION_PROVIDER: 'libretranslate',
      LIBRETRANSLATE_URL: libreServer.url,
      LIBRETRANSLATE_API_KEY: 'lt-key',
    });

    const result = await translator.translate({ text: 'Bună, sun la 0470 12 34 56', from: 'ro', to: 'nl' });

    expect(translator.provider).toBe('libretranslate');
    expect(result.text).toBe('[ro→nl] Bună, sun la 0470 12 34 56');
  });

  it('reach DeepL with its key, and keep phone numbers', async () => {
    deepl.rewrite = (text) => text.replace('0470 12 34 56', '0470123456');
    const translator = translatorFromEnv({
      TRANSLATION_PROVIDER: 'deepl',
      DEEPL_API_KEY: 'dl-key:fx',
      DEEPL_API_URL: deeplServer.url,
    });

    const result = await translator.translate({ text: 'Bel 0470 12 34 56', from: 'nl', to: 'ro' });

    expect(translator.provider).toBe('deepl');
    expect(result.text).toBe('[nl→ro] Bel 0470123456\n\n0470 12 34 56');
  });

  it('honour TRANSLATION_TIMEOUT_MS', async () => {
    libre.delayMs = 3000;
    const translator = translatorFromEnv({
      TRANSLATION_PROVIDER: 'libretranslate',
      LIBRETRANSLATE_URL: libreServer.url,
      LIBRETRANSLATE_API_KEY: 'lt-key',
      TRANSLATION_TIMEOUT_MS: '500',
    });

    const error = await translationFailure(translator.translate({ text: 'x', from: 'ro', to: 'nl' }));

    expect(error.kind).toBe('timeout');
    libre.delayMs = 0;
  });
});
