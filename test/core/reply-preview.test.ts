import { describe, expect, it } from 'vitest';
import { type Conversation, previewReply } from '../../src/core/index.js';
import { TranslationError, type Translator } from '../../src/core/translation.js';
import { FakeTexts } from '../support/fake-ports.js';

/** What the reply dialog previews: the words the person will receive, made by the core's translator port. */

const context = { rawPrefix: 'raw:', inboxLanguage: 'en', translation: true, texts: new FakeTexts() };
const inRomanian = { language: 'ro', silentMode: false, silenced: false } as Conversation;

function recordingTranslator(): Translator & { asked: string[] } {
  const asked: string[] = [];
  return {
    provider: 'libretranslate',
    asked,
    async translate({ text, to }) {
      asked.push(text);
      return { text: `<${to}> ${text}` };
    },
  };
}

describe('the preview of a caseworker’s reply', () => {
  it('is the machine translation into the person’s language, with the original kept beside it', async () => {
    const translator = recordingTranslator();
    const result = await previewReply({
      conversation: inRomanian,
      text: '  See you at 10 ',
      context,
      translator,
    });
    expect(result).toEqual({
      outcome: 'ready',
      preview: {
        written: 'See you at 10',
        original: 'See you at 10',
        toSend: '<ro> See you at 10',
        translation: { language: 'ro', provider: 'libretranslate' },
      },
      neutralFirstLine: null,
      personSilenced: false,
    });
  });

  it('is the words as written after raw:, in the caseworkers’ language, or without translation', async () => {
    const translator = recordingTranslator();
    const raw = await previewReply({ conversation: inRomanian, text: 'RAW: Bună', context, translator });
    expect(raw).toMatchObject({
      preview: { written: 'RAW: Bună', original: 'Bună', toSend: 'Bună', translation: null },
    });
    const english = { ...inRomanian, language: 'en' };
    const same = await previewReply({ conversation: english, text: 'Hello', context, translator });
    expect(same).toMatchObject({ preview: { toSend: 'Hello', translation: null } });
    const off = await previewReply({
      conversation: inRomanian,
      text: 'Hello',
      context: { ...context, translation: false },
      translator,
    });
    expect(off).toMatchObject({ preview: { toSend: 'Hello', translation: null } });
    expect(translator.asked).toEqual([]);
  });

  it('shows silent mode’s neutral first line, and warns when the person said it is not safe to chat', async () => {
    const watched = { ...inRomanian, silentMode: true, silenced: true };
    const result = await previewReply({
      conversation: watched,
      text: 'Hi',
      context,
      translator: recordingTranslator(),
    });
    expect(result).toMatchObject({ neutralFirstLine: 'ro:common:silent.preview', personSilenced: true });
  });

  it('fails, never falling back to the untranslated words, when the translation fails', async () => {
    const failing: Translator = {
      provider: 'deepl',
      translate: async () => {
        throw new TranslationError('unsupported-language', 'DeepL does not translate Tigrinya.', {
          provider: 'deepl',
        });
      },
    };
    expect(
      await previewReply({ conversation: inRomanian, text: 'Hi', context, translator: failing }),
    ).toEqual({
      outcome: 'failed',
      reason: 'DeepL does not translate Tigrinya.',
    });
    expect(
      await previewReply({ conversation: inRomanian, text: 'Hi', context, translator: undefined }),
    ).toMatchObject({
      outcome: 'failed',
    });
  });

  it('has nothing to show for an empty reply', async () => {
    const translator = recordingTranslator();
    for (const text of ['', '   ', 'raw:', 'raw:   ']) {
      expect(await previewReply({ conversation: inRomanian, text, context, translator })).toEqual({
        outcome: 'empty',
      });
    }
  });
});
