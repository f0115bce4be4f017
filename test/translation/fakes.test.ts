import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeDeepL } from '../../src/sandbox/fake-deepl.js';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import { listen, type Served } from './serve.js';

/** The fakes refuse what the real services refuse, so a client that passes against them is not just lucky. */

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('FakeLibreTranslate', () => {
  const fake = new FakeLibreTranslate();
  let served: Served;

  beforeAll(async () => {
    served = await listen(fake.app.fetch);
  });
  afterAll(() => served.close());
  beforeEach(() => fake.reset());

  it('lists its languages with ISO codes, as current LibreTranslate does', async () => {
    const languages = (await (await fetch(`${served.url}/languages`)).json()) as Array<{ code: string }>;
    const codes = languages.map((language) => language.code);

    expect(codes).toEqual(expect.arrayContaining(['zh-Hans', 'pt-BR', 'tl', 'sq', 'fa']));
    expect(codes).not.toContain('ti');
  });

  it('accepts the Argos model codes as aliases and form-encoded requests', async () => {
    const response = await fetch(`${served.url}/translate`, {
      method: 'POST',
      body: new URLSearchParams({ q: 'Olá', source: 'pb', target: 'zh' }),
    });

    expect(await response.json()).toEqual({ translatedText: '[pt-BR→zh-Hans] Olá' });
  });

  it.each([
    [{ source: 'ro', target: 'en' }, 'Invalid request: missing q parameter'],
    [{ q: 'x', source: 'ro', target: 'ti' }, 'ti is not supported'],
    [{ q: 'x', source: 'ro', target: 'en', format: 'xml' }, 'xml format is not supported'],
  ])('answers 400 with LibreTranslate’s message for %j', async (body, error) => {
    const response = await fetch(`${served.url}/translate`, json(body));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it('translates batches, reporting a detected language per text', async () => {
    fake.detectAs = 'ro';
    const response = await fetch(
      `${served.url}/translate`,
      json({ q: ['a', 'b'], source: 'auto', target: 'en' }),
    );

    expect(await response.json()).toEqual({
      translatedText: ['[ro→en] a', '[ro→en] b'],
      detectedLanguage: [
        { confidence: 90, language: 'ro' },
        { confidence: 90, language: 'ro' },
      ],
    });
  });
});

describe('FakeDeepL', () => {
  const fake = new FakeDeepL({ authKey: 'secret:fx', characterLimit: 50 });
  let served: Served;
  const auth = { authorization: 'DeepL-Auth-Key secret:fx' };

  beforeAll(async () => {
    served = await listen(fake.app.fetch);
  });
  afterAll(() => served.close());
  beforeEach(() => fake.reset());

  it('refuses calls without the key in the Authorization header, and flags a key in the body', async () => {
    const response = await fetch(
      `${served.url}/v2/translate`,
      json({ text: ['x'], target_lang: 'EN-GB', auth_key: 'secret:fx' }),
    );

    expect(response.status).toBe(403);
    expect(fake.violations).toEqual(['auth_key in the body: DeepL only accepts the Authorization header']);
  });

  it.each([
    [{ text: ['x'], target_lang: 'TI' }, "Value for 'target_lang' not supported."],
    [{ text: ['x'], target_lang: 'EN-GB', source_lang: 'EN-GB' }, "Value for 'source_lang' not supported."],
    [{ target_lang: 'EN-GB' }, "Parameter 'text' not specified."],
  ])('answers 400 with DeepL’s message for %j', async (body, message) => {
    const response = await fetch(`${served.url}/v2/translate`, json(body, auth));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message });
  });

  it('takes form-encoded requests with repeated text fields', async () => {
    const body = new URLSearchParams([
      ['text', 'Salut'],
      ['text', 'Pa'],
      ['target_lang', 'NL'],
      ['source_lang', 'RO'],
    ]);
    const response = await fetch(`${served.url}/v2/translate`, { method: 'POST', headers: auth, body });

    expect(await response.json()).toEqual({
      translations: [
        { detected_source_language: 'RO', text: '[ro→nl] Salut' },
        { detected_source_language: 'RO', text: '[ro→nl] Pa' },
      ],
    });
  });

  it('counts characters against the quota and answers 456 beyond it', async () => {
    const translate = (text: string) =>
      fetch(`${served.url}/v2/translate`, json({ text: [text], target_lang: 'EN-GB' }, auth));

    expect((await translate('a'.repeat(40))).status).toBe(200);
    expect((await translate('b'.repeat(20))).status).toBe(456);
    const usage = await (await fetch(`${served.url}/v2/usage`, { headers: auth })).json();
    expect(usage).toEqual({ character_count: 40, character_limit: 50 });
  });

  it('flags the deprecated bare EN target', async () => {
    await fetch(`${served.url}/v2/translate`, json({ text: ['x'], target_lang: 'EN' }, auth));

    expect(fake.violations).toEqual([
      'target_lang EN is deprecated: DeepL asks for a variant (e.g. EN-GB, PT-BR, ZH-HANS)',
    ]);
  });
});
