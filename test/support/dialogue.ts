import { BELGIAN_CENTRES, BELGIAN_NUMBERS } from '../../src/centres.js';
import type { DialogueContext, Texts } from '../../src/core/index.js';
import { FlowRegistry } from '../../src/flows/index.js';
import { createTexts } from '../../src/i18n/texts.js';
import { createDialogueContext } from '../../src/runtime/dialogue.js';
import { FAKE_LANGUAGES, FakeTexts } from './fake-ports.js';

/** The real dialogue rules (bundled flows, shipped texts, Belgian routing) with predictable nonces. */
export function testDialogue(
  options: {
    texts?: Texts;
    inboxLanguage?: 'en' | 'nl';
    replyMode?: 'explicit' | 'auto';
    consentRequired?: boolean;
  } = {},
): DialogueContext {
  let counter = 0;
  return {
    ...createDialogueContext(
      {
        inboxLanguage: options.inboxLanguage ?? 'en',
        routing: { centres: BELGIAN_CENTRES, homeCentre: 'payoke', numbers: BELGIAN_NUMBERS },
        replyMode: options.replyMode ?? 'auto',
        consentRequired: options.consentRequired ?? true,
        retentionDays: 180,
        translation: { provider: 'none' },
      },
      options.texts ?? createTexts(),
    ),
    nonce: () => `n${String(++counter).padStart(4, '0')}`,
  };
}

/**
 * A dialogue whose only flow greets a new person with one line, `common:greeting`, for tests about delivery
 * rather than conversation. Texts are FakeTexts without values: `en:common:greeting`.
 */
export function greetingOnlyDialogue(): DialogueContext {
  const texts = new (class extends FakeTexts {
    override t(language: string, key: string): string {
      return `${language}:${key}`;
    }
  })();
  const greeting = 'id: welcome\nstart: hello\nnodes:\n  hello:\n    type: end\n    text: common:greeting\n';
  const locale = { common: { greeting: 'Hello' }, welcome: {} };
  return {
    flows: FlowRegistry.load({ 'welcome.yaml': greeting }, { en: locale, nl: locale, ro: locale }),
    texts,
    routing: { centres: BELGIAN_CENTRES, homeCentre: 'payoke', numbers: BELGIAN_NUMBERS },
    inboxLanguage: 'en',
    languages: FAKE_LANGUAGES,
    nativeName: (language) => language,
    nonce: () => 'n0001',
    consentRequired: false,
    retentionDays: 180,
    replyMode: 'auto',
    notePrefixes: ['note:', '//'],
    translation: false,
    rawPrefix: 'raw:',
  };
}
