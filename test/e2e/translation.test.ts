import { afterEach, describe, expect, it } from 'vitest';
import { FakeDeepL } from '../../src/sandbox/fake-deepl.js';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import { eventually, INBOX, type Stack, startStack } from '../support/stack.js';
import { listen, type Served } from '../translation/serve.js';

/**
 * Caseworkers read a machine translation beneath each message and write in their own language; the person
 * reads the reply in theirs. Through the HTTP contract, with a fake translation service on 127.0.0.1.
 */
describe('translation for caseworkers', () => {
  let stack: Stack | undefined;
  let service: Served | undefined;
  afterEach(async () => {
    await stack?.stop();
    await service?.close();
  });

  const threadTexts = () => {
    const parent = stack!.slack.messages(INBOX).find((m) => !m.thread_ts || m.thread_ts === m.ts);
    return parent ? stack!.slack.thread(INBOX, parent.ts).map((m) => m.text ?? '') : [];
  };

  async function caseworkerReplies(text: string) {
    const parent = await eventually(() =>
      stack!.slack.messages(INBOX).find((m) => !m.thread_ts || m.thread_ts === m.ts),
    );
    await stack!.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, user: 'U0CW', text });
  }

  it('shows a LibreTranslate translation under the person’s words and translates the reply into Romanian', async () => {
    const libre = new FakeLibreTranslate();
    service = await listen(libre.app.fetch);
    stack = await startStack({
      env: { TRANSLATION_PROVIDER: 'libretranslate', LIBRETRANSLATE_URL: service.url },
    });

    await stack.telegram.sendFromPerson({
      chatId: 3001,
      text: 'Șeful mi-a luat pașaportul',
      languageCode: 'ro',
    });
    const translation = await eventually(() =>
      threadTexts().find((text) => text.includes('Machine translation')),
    );
    expect(translation).toContain('ro → en');
    expect(translation).toContain('Șeful mi-a luat pașaportul');
    // The original stays in the thread, above its translation.
    const texts = threadTexts();
    expect(texts.findIndex((text) => text.includes('Șeful') && !text.includes('Machine'))).toBeLessThan(
      texts.indexOf(translation),
    );

    await caseworkerReplies('We can meet tomorrow at 10, call +32 3 201 16 90');
    const received = await eventually(() =>
      stack!.telegram.sentTo(3001).find((message) => message.text?.includes('We can meet tomorrow')),
    );
    expect(received.text).toMatch(/ro/);
    expect(received.text).toContain('+32 3 201 16 90');
    await eventually(() => threadTexts().some((text) => text.includes('Sent to the person in ro')));
  });

  it('sends a reply as written when it starts with raw:', async () => {
    const libre = new FakeLibreTranslate();
    service = await listen(libre.app.fetch);
    stack = await startStack({
      env: { TRANSLATION_PROVIDER: 'libretranslate', LIBRETRANSLATE_URL: service.url },
    });
    await stack.telegram.sendFromPerson({ chatId: 3002, text: 'Bună ziua', languageCode: 'ro' });
    await caseworkerReplies('raw: Bună ziua, sunt Ana.');
    const received = await eventually(() =>
      stack!.telegram.sentTo(3002).find((m) => m.text?.includes('sunt Ana')),
    );
    expect(received.text).toBe('Bună ziua, sunt Ana.');
  });

  it('translates through DeepL too, and parks a reply DeepL cannot translate instead of sending it untranslated', async () => {
    const deepl = new FakeDeepL({ authKey: 'test-key:fx' });
    service = await listen(deepl.app.fetch);
    stack = await startStack({
      env: { TRANSLATION_PROVIDER: 'deepl', DEEPL_API_KEY: 'test-key:fx', DEEPL_API_URL: service.url },
    });

    await stack.telegram.sendFromPerson({ chatId: 3003, text: 'Добрый день', languageCode: 'ru' });
    await eventually(() =>
      threadTexts().some((text) => text.includes('Machine translation (ru → en, deepl)')),
    );
    await caseworkerReplies('Hello, how can we help?');
    await eventually(() =>
      stack!.telegram.sentTo(3003).some((m) => m.text?.includes('Hello, how can we help?')),
    );

    // Tigrinya: DeepL has no model for it. The reply is not sent untranslated, and nothing is lost.
    await stack.telegram.sendFromPerson({ chatId: 3004, text: 'ሰላም', languageCode: 'ti' });
    const tigrinyaThread = await eventually(
      () => stack!.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts)[1],
    );
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: tigrinyaThread.ts,
      user: 'U0CW',
      text: 'Hello',
    });
    await eventually(() => stack!.haven.store.ping().then(() => true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.telegram.sentTo(3004).some((m) => m.text?.startsWith('Hello'))).toBe(false);
  });
});
