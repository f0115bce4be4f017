/**
 * Splits text that is too long for one message into pieces of at most `limit` UTF-16 code units (how
 * Telegram and Slack count), in order. It cuts, by preference, between paragraphs, between lines, after a
 * sentence, between words (spaces, or the word boundaries of scripts written without spaces), and only
 * when a single word is longer than a piece, between two characters as a reader sees them: never inside a
 * surrogate pair, an emoji sequence or a letter with its combining marks. The whitespace at a cut is
 * dropped; no piece is empty.
 */
export function splitText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 2) {
    throw new RangeError('splitText needs a whole limit of at least 2 (one surrogate pair)');
  }
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece !== '') pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Code units past the limit the segmenter looks at (combining marks, emoji sequences). */
const CONTEXT = 32;

/** A break this far into the window or further keeps pieces from coming out needlessly short. */
const PREFERRED_FILL = 0.5;

/** Where to cut `text` (longer than `limit`): an index in 1..limit. */
function cutPoint(text: string, limit: number): number {
  // A little past the limit, so the segmenter sees whether the character at `limit` belongs to the one before.
  const window = text.slice(0, limit + CONTEXT);
  const earliest = Math.floor(limit * PREFERRED_FILL);
  for (const pattern of PREFERRED_BREAKS) {
    const at = lastMatchEnd(window, pattern, limit);
    if (at !== undefined && at >= earliest) return at;
  }
  const characters = boundaries(window, limit, 'grapheme');
  // Dictionary word breaking (Thai, Chinese) can disagree with character breaking: a cut must suit both.
  const between = new Set(characters);
  const word = boundaries(window, limit, 'word').findLast((at) => between.has(at));
  return word ?? characters.at(-1) ?? codePointCut(text, limit);
}

/** Paragraph, line, sentence end, any whitespace: the cut goes right after the break's first character. */
const PREFERRED_BREAKS = [/\n\s*\n/g, /\n/g, /[.!?。！？؟।]\s/g, /\s/g];

/** The end of the last match's first character at or before `limit`. */
function lastMatchEnd(window: string, pattern: RegExp, limit: number): number | undefined {
  let found: number | undefined;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match; match = pattern.exec(window)) {
    const at = match.index + 1;
    if (at > limit) break;
    found = at;
  }
  return found;
}

/** The segment boundaries in 1..limit, ascending, from the platform's segmenter (none without one). */
function boundaries(window: string, limit: number, granularity: 'word' | 'grapheme'): number[] {
  if (typeof Intl.Segmenter !== 'function') return [];
  const found: number[] = [];
  for (const { index } of new Intl.Segmenter(undefined, { granularity }).segment(window)) {
    if (index > limit) break;
    if (index > 0) found.push(index);
  }
  return found;
}

/** The last cut at or before `limit` that does not separate a surrogate pair. */
function codePointCut(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
