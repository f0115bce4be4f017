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
  /** Ask for consent to the privacy notice before relaying anything beyond the first message. */
  consentRequired: boolean;
  /** How long closed cases are kept, as the privacy notice tells the person. */
  retentionDays: number;
  /**
   * `explicit`: a caseworker's thread message reaches the person only when it starts by mentioning Haven.
   * `auto`: every thread message does, except internal notes.
   */
  replyMode: 'explicit' | 'auto';
  /** Thread messages starting with one of these stay internal, in any mode. */
  notePrefixes: readonly string[];
  /**
   * Machine translation is configured: a person's words get a translation beneath them in the inbox, and
   * caseworkers' replies are translated into the person's language (unless they start with `rawPrefix`).
   */
  translation: boolean;
  rawPrefix: string;
  /**
   * Minutes of office time a person's message may wait for a caseworker's answer before the thread pings
   * the assignee (or the channel); 0 or absent: no reminders.
   */
  reminderMinutes?: number;
  /** A fresh nonce for buttons (4-8 characters of [a-z0-9]). */
  nonce: () => string;
}
