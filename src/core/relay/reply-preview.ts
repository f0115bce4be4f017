import type { DialogueContext } from '../dialogue/context.js';
import type { Conversation, ReplyPreview } from '../model.js';
import { TranslationError, type Translator } from '../translation.js';

/**
 * The preview of a reply: `ready` with what the person will receive; `failed` when it cannot be made
 * (a translation failed: `reason` is one plain English sentence, never any of the text); `empty` when
 * there is nothing to send; `ignored` when the thread is no case.
 */
export type ReplyPreviewOutcome =
  | {
      outcome: 'ready';
      preview: ReplyPreview;
      /** Silent mode's neutral line, which the person's chat shows above the reply; null when off. */
      neutralFirstLine: string | null;
      /** The person said it is not safe to chat now: the dialog warns before anything is sent. */
      personSilenced: boolean;
    }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'empty' }
  | { outcome: 'ignored' };

/**
 * What a caseworker's reply becomes for the person: in their language, machine translated when the
 * case's language differs from the caseworkers' and translation is configured (as a thread reply is
 * translated on its way out), or exactly as written after `raw:`. The reply dialog shows this before
 * anything is sent, and then sends this, so the person receives exactly what the caseworker saw.
 */
export async function previewReply(input: {
  conversation: Conversation;
  text: string;
  context: Pick<DialogueContext, 'rawPrefix' | 'inboxLanguage' | 'translation' | 'texts'>;
  translator: Translator | undefined;
}): Promise<ReplyPreviewOutcome> {
  const { conversation, context, translator } = input;
  const written = input.text.trim();
  const raw = written.toLowerCase().startsWith(context.rawPrefix);
  const original = raw ? written.slice(context.rawPrefix.length).trim() : written;
  if (original === '') return { outcome: 'empty' };
  const about = {
    neutralFirstLine: conversation.silentMode
      ? context.texts.t(conversation.language, 'common:silent.preview')
      : null,
    personSilenced: conversation.silenced,
  };
  const translate = !raw && context.translation && conversation.language !== context.inboxLanguage;
  if (!translate) {
    return {
      outcome: 'ready',
      preview: { written, original, toSend: original, translation: null },
      ...about,
    };
  }
  if (!translator || translator.provider === 'none') {
    return { outcome: 'failed', reason: 'No machine translation is configured.' };
  }
  try {
    const translated = await translator.translate({
      text: original,
      from: undefined,
      to: conversation.language,
    });
    return {
      outcome: 'ready',
      preview: {
        written,
        original,
        toSend: translated.text,
        translation: { language: conversation.language, provider: translator.provider },
      },
      ...about,
    };
  } catch (error) {
    if (error instanceof TranslationError) return { outcome: 'failed', reason: error.reason };
    throw error;
  }
}
