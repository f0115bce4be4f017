import { describe, expect, it } from 'vitest';
import { BELGIAN_CENTRES, BELGIAN_NUMBERS } from '../../src/centres.js';
import { CANNED_REPLIES, cannedTextKeys, flowVariables } from '../../src/core/index.js';
import { HAVEN_LANGUAGES } from '../../src/i18n/languages.js';
import { resources } from '../../src/i18n/resources.js';
import { createTexts } from '../../src/i18n/texts.js';
import { parseHavenCommand } from '../../src/inbox/slack/haven-command.js';

const texts = createTexts();
const bundled = resources as unknown as Record<string, Record<string, unknown>>;

/** The text at "namespace:a.b" in one language's bundled resources, without any fallback. */
function own(language: string, key: string): unknown {
  const [namespace, path] = key.split(':') as [string, string];
  return path
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      bundled[language]?.[namespace],
    );
}

describe('the canned replies', () => {
  it('exist in all 22 languages, each its own translation, not a copy of the English', () => {
    expect(HAVEN_LANGUAGES).toHaveLength(22);
    for (const reply of CANNED_REPLIES) {
      for (const key of cannedTextKeys(reply)) {
        const english = own('en', key);
        expect(typeof english, key).toBe('string');
        for (const language of HAVEN_LANGUAGES) {
          const text = own(language, key);
          expect(typeof text === 'string' && text.trim() !== '', `${language} ${key}`).toBe(true);
          // Short lines that are only a label and a number ("Telefon: {{centrePhone}}") may match.
          if (language !== 'en' && String(english).length > 40) {
            expect(text, `${language} ${key}`).not.toBe(english);
          }
        }
      }
    }
  });

  it('have a label for caseworkers in each inbox language, and fit Slack’s menu of five', () => {
    expect(CANNED_REPLIES.length).toBeLessThanOrEqual(5);
    expect(new Set(CANNED_REPLIES.map((reply) => reply.id)).size).toBe(CANNED_REPLIES.length);
    for (const language of ['en', 'nl']) {
      for (const reply of CANNED_REPLIES) {
        const label = own(language, `card:canned.label.${reply.id}`);
        expect(
          typeof label === 'string' && label.length > 0 && label.length <= 75,
          `${language} ${reply.id}`,
        ).toBe(true);
      }
    }
  });

  it('leave no variable unfilled with the Belgian centres, in any language', () => {
    const values = flowVariables(
      {},
      { centres: BELGIAN_CENTRES, homeCentre: 'payoke', numbers: BELGIAN_NUMBERS },
    );
    for (const language of HAVEN_LANGUAGES) {
      for (const reply of CANNED_REPLIES) {
        for (const key of cannedTextKeys(reply)) {
          expect(texts.t(language, key, values), `${language} ${key}`).not.toMatch(/\{\{|\}\}/);
        }
      }
    }
  });

  it('tell the facts of the Belgian system the same way in every language: 45 days, 3 and 6 months', () => {
    for (const language of HAVEN_LANGUAGES) {
      const reflection = texts.t(language, 'canned:reflection');
      for (const figure of ['45', '3', '6']) expect(reflection, language).toContain(figure);
      const police = texts.t(language, 'canned:police', {
        emergencyNumber: '112',
        policeNumber: '101',
        reportingLine: '078 055 800',
      });
      for (const number of ['112', '101', '078 055 800']) expect(police, language).toContain(number);
    }
  });
});

describe('what /haven reads from its text', () => {
  it('reads help, cases and send with a case number in any of its forms', () => {
    expect(parseHavenCommand('')).toEqual({ kind: 'help' });
    expect(parseHavenCommand('  HELP ')).toEqual({ kind: 'help' });
    expect(parseHavenCommand('cases')).toEqual({ kind: 'cases' });
    for (const typed of ['send 12 reflection', 'send #12 Reflection', 'Send   0012  reflection']) {
      expect(parseHavenCommand(typed)).toEqual({ kind: 'send', caseNumber: 12, reply: 'reflection' });
    }
  });

  it('asks for the case number and the information when one is missing or extra words follow', () => {
    for (const typed of [
      'send',
      'send 12',
      'send reflection',
      'send 0 reflection',
      'send 12 reflection now',
    ]) {
      expect(parseHavenCommand(typed)).toEqual({ kind: 'send-usage' });
    }
    expect(parseHavenCommand('dance <!channel>')).toEqual({ kind: 'unknown', text: 'dance <!channel>' });
  });
});
