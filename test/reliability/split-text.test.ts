import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { piecesOf, recordPieces, sentPiecesOf } from '../../src/core/outbox/message-pieces.js';
import { splitText } from '../../src/core/split-text.js';

const graphemes = (text: string) => [
  ...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text),
];
const words = (text: string) => text.split(/\s+/).filter((word) => word !== '');

describe('splitText', () => {
  it('leaves a text that fits as it is', () => {
    expect(splitText('Hello, we are here.', 4096)).toEqual(['Hello, we are here.']);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('cuts between words, and keeps every word whole and in order', () => {
    const text = 'We can meet you tomorrow at the station near the market, if that is safe for you.';
    const pieces = splitText(text, 30);
    expect(pieces.every((piece) => piece.length <= 30)).toBe(true);
    expect(pieces.flatMap(words)).toEqual(words(text));
    expect(pieces[0]).toBe('We can meet you tomorrow at');
  });

  it('prefers a paragraph break, then a line, then the end of a sentence', () => {
    const paragraph = `${'a'.repeat(30)}\n\n${'b'.repeat(30)} more words here`;
    expect(splitText(paragraph, 50)[0]).toBe('a'.repeat(30));
    const sentence = `First sentence is here. Second one goes on and on`;
    expect(splitText(sentence, 40)).toEqual(['First sentence is here.', 'Second one goes on and on']);
  });

  it('cuts a text without spaces at word boundaries (Chinese, Thai)', () => {
    const thai = 'ฉันต้องการความช่วยเหลือ'.repeat(10);
    const pieces = splitText(thai, 50);
    expect(pieces.join('')).toBe(thai);
    expect(pieces.every((piece) => piece.length <= 50)).toBe(true);
    // A word segmenter cut never leaves a combining vowel sign at the start of a piece.
    for (const piece of pieces) expect(piece).not.toMatch(/^[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u);
  });

  it('never splits a surrogate pair, an emoji sequence or a letter from its accents', () => {
    const family = '👨‍👩‍👧‍👦';
    const accented = 'e\u0301\u0302';
    const text = `${family}${accented}`.repeat(40);
    const pieces = splitText(text, 23);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(23);
      expect(graphemes(piece).every(({ segment }) => segment === family || segment === accented)).toBe(true);
    }
  });

  it('for any text: pieces fit, none is empty, and together they hold the whole text in order', () => {
    const character = fc.oneof(
      fc.constantFrom(' ', '\n', '.', 'a', 'é', 'e\u0301', '😀', '👍🏽', 'ت', '中', 'ก', 'ำ'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(character, { maxLength: 400 }).map((parts) => parts.join('')),
        fc.integer({ min: 8, max: 120 }),
        (text, limit) => {
          const pieces = splitText(text, limit);
          if (text.trim() === '') return;
          for (const piece of pieces) {
            expect(piece.length).toBeLessThanOrEqual(limit);
            expect(piece.trim()).not.toBe('');
          }
          // Only whitespace at the cuts is dropped.
          expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
          // No character as a reader sees it is ever cut in two (unless one alone exceeds the limit).
          const whole = new Set(graphemes(text).map(({ segment }) => segment.trim()));
          for (const piece of pieces) {
            for (const { segment } of graphemes(piece)) {
              if (segment.trim() !== '' && segment.length < limit)
                expect(whole.has(segment.trim())).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('message pieces', () => {
  it('sends a long reply in pieces that leave room for silent mode’s first line', () => {
    const body = 'word '.repeat(2_000).trim();
    const pieces = piecesOf(body, 4096, 'A neutral line'.length + 2);
    expect(pieces.length).toBe(3);
    expect(pieces.every((piece) => piece.length + 16 <= 4096)).toBe(true);
    expect(pieces.join(' ')).toBe(body);
    expect(piecesOf(body, undefined)).toEqual([body]);
  });

  it('remembers which pieces went out, so an interrupted send resumes after the last one', () => {
    expect(sentPiecesOf({ channelMessageId: null })).toEqual({ ids: [], complete: false });
    expect(sentPiecesOf({ channelMessageId: '42' })).toEqual({ ids: ['42'], complete: true });
    const halfway = recordPieces(['42', '43'], false);
    expect(sentPiecesOf({ channelMessageId: halfway })).toEqual({ ids: ['42', '43'], complete: false });
    const done = recordPieces(['42', '43', '44'], true);
    expect(sentPiecesOf({ channelMessageId: done })).toEqual({ ids: ['42', '43', '44'], complete: true });
  });
});
