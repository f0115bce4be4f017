import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, slackToPlainText, splitText } from '../../src/inbox/slack/mrkdwn.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const withoutWhitespace = (text: string) => text.replace(/\s+/g, '');

/** Text with many break opportunities and many characters outside the Basic Multilingual Plane. */
const chatText = fc.oneof(
  fc.string({
    unit: fc.constantFrom('a', 'é', 'ж', ' ', ' ', '\n', '😀', '👍🏽', '🇷🇴', '&', '<'),
    maxLength: 300,
  }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> urgent', '&lt;!channel&gt; urgent'],
    ['<!here>', '&lt;!here&gt;'],
    ['ask <@U123>', 'ask &lt;@U123&gt;'],
    ['<https://evil.example|click here>', '&lt;https://evil.example|click here&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&lt; already escaped', '&amp;lt; already escaped'],
  ])('neutralises %j', (text, escaped) => {
    expect(escapeMrkdwn(text)).toBe(escaped);
  });

  it('leaves nothing Slack could read as a mention or a link, whatever a person writes', () => {
    fc.assert(
      fc.property(chatText, (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
    );
  });

  it('reads back as exactly what the person wrote', () => {
    fc.assert(fc.property(chatText, (text) => slackToPlainText(escapeMrkdwn(text)) === text));
  });
});

describe('slackToPlainText', () => {
  it('spells out a labelled link so the person sees where it goes', () => {
    expect(slackToPlainText('Read <https://x.org|site> first')).toBe('Read site (https://x.org) first');
  });

  it('shows a bare link as its address', () => {
    expect(slackToPlainText('See <https://x.org/help?a=1&amp;b=2>')).toBe('See https://x.org/help?a=1&b=2');
  });

  it('shows an e-mail link once, without mailto:', () => {
    expect(slackToPlainText('Write to <mailto:a@b.c|a@b.c>')).toBe('Write to a@b.c');
    expect(slackToPlainText('Write to <mailto:a@b.c>')).toBe('Write to a@b.c');
  });

  it('drops mentions of caseworkers and special mentions', () => {
    expect(slackToPlainText('<@U0CASE123> we will call you tomorrow').trim()).toBe(
      'we will call you tomorrow',
    );
    expect(slackToPlainText('<!here> ok')).toBe(' ok');
    expect(slackToPlainText('hi <@U0CASE123>')).not.toContain('U0CASE123');
  });

  it("undoes Slack's escapes exactly once", () => {
    expect(slackToPlainText('1 &lt; 2 &amp;&amp; 3 &gt; 2')).toBe('1 < 2 && 3 > 2');
    expect(slackToPlainText('type &amp;lt; for <')).toBe('type &lt; for <');
  });

  it('leaves ordinary text alone', () => {
    expect(slackToPlainText('Bună ziua! Ne vedem mâine la 10:00 🙂')).toBe(
      'Bună ziua! Ne vedem mâine la 10:00 🙂',
    );
  });
});

describe('splitText', () => {
  it('returns short text as one piece, and empty text as one empty piece', () => {
    expect(splitText('hello', 10)).toEqual(['hello']);
    expect(splitText('exactly10!', 10)).toEqual(['exactly10!']);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('cuts between words rather than inside them', () => {
    expect(splitText('The quick brown fox jumps', 12)).toEqual(['The quick', 'brown fox', 'jumps']);
  });

  it('prefers a line break to a space', () => {
    expect(splitText('aaaa bbbb\ncc dd', 12)).toEqual(['aaaa bbbb', 'cc dd']);
  });

  it('cuts a word longer than the limit where it must', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps every emoji whole', () => {
    const pieces = splitText('😀'.repeat(5), 3);
    expect(pieces).toEqual(['😀', '😀', '😀', '😀', '😀']);
    expect(splitText('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    expect(splitText('😀😀', 2)).toEqual(['😀', '😀']);
  });

  it('never starts with an empty piece when the text starts with spaces', () => {
    expect(splitText('   hello world again', 8)).toEqual(['hello', 'world', 'again']);
  });

  it('refuses a limit that cannot hold one character', () => {
    expect(() => splitText('😀', 1)).toThrow(RangeError);
  });

  it('fits a long message with emoji into Slack sections without losing a word', () => {
    const text = Array.from({ length: 2_000 }, (_, i) => (i % 7 === 0 ? '🙏🏽' : `word${i}`)).join(' ');
    const pieces = splitText(text, 3_000);

    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3_000);
      expect(piece).not.toMatch(LONE_SURROGATE);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('never exceeds the limit, never splits a surrogate pair, and loses nothing but whitespace', () => {
    fc.assert(
      fc.property(chatText, fc.integer({ min: 2, max: 40 }), (text, limit) => {
        const pieces = splitText(text, limit);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(limit);
          expect(piece).not.toMatch(LONE_SURROGATE);
        }
        expect(withoutWhitespace(pieces.join(''))).toBe(withoutWhitespace(text));
      }),
      { numRuns: 300 },
    );
  });
});
