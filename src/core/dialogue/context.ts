import type { FlowRegistry } from '../../flows/index.js';
import type { Texts } from '../ports.js';
import type { Routing } from '../routing.js';

/** A language the text of a person's message seems to be in. */
export interface DetectedLanguage {
  language: string;
  confidence: 'high' | 'low';
}

/** Guesses the language of a short text, offline; undefined when it cannot tell. */
export type LanguageDetector = (text: string) => DetectedLanguage | undefined;

/** What the dialogue rules need besides the conversation itself. */
export interface DialogueContext {
  flows: FlowRegistry;
  texts: Texts;
  routing: Routing;
  /** The caseworkers' language: what Haven's own lines in the inbox are written in. */
  inboxLanguage: string;
  /** Every language the person may choose, in the order the picker shows them. */
  languages: readonly string[];
  /** The language's own name ("Română"), for the picker and confirmations. */
  nativeName: (language: string) => string;
  detectLanguage?: LanguageDetector;
  /** A fresh nonce for buttons (4-8 characters of [a-z0-9]). */
  nonce: () => string;
}
