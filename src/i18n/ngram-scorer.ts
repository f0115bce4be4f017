import type { LanguageScore, LanguageScorer } from './detect-core.js';

/**
 * eld's language scoring (Copyright 2023 Nito T.M., Apache-2.0, npmjs.com/package/eld) over a compact
 * copy of its n-gram table, step for step as eld 2.1 does it (languageDetector.js and LanguageResult.js),
 * so the scores are the same to the last bit; test/i18n/ngram-scorer.test.ts holds the two side by side.
 *
 * Why: eld keeps its table as one JavaScript object literal, an object per n-gram, and V8 keeps a second
 * copy of a literal that size for the code that built it; the extra-small table costs about 28 MB of heap
 * that way, and 3 MB here (a Map from n-gram to a slice of one byte array).
 */
export interface NgramTable {
  /** Language codes by eld's language number. */
  languages: readonly string[];
  /** The n-grams, in eld's encoding (one character per UTF-8 byte, see `dictionary`). */
  ngrams: readonly string[];
  /** For n-gram i: where its (language, score) pairs start in `pairs`, times 32, plus how many there are. */
  slices: Uint32Array;
  /** Language number and score, one byte each. */
  pairs: Uint8Array;
  /** eld's 256 characters standing for the bytes of UTF-8 (the `dictionary` of dictionary.js). */
  dictionary: readonly string[];
  /** eld's word separators (the `separators` of regexPatterns.js). */
  separators: RegExp;
}

/** Measured over the corpus in test/fixtures/language-samples: below this, "high" answers start to be wrong. */
export const ELD_DECISIVE_MARGIN = 0.1;

/** Pairs per n-gram fit in five bits (eld's extra-small table has at most 28). */
export const SLICE_BITS = 32;
/** eld subtracts this from every stored score to keep its tables small, and adds it back when scoring. */
const BASE_NGRAM_SCORE = 53;
/** eld's hand-picked scale from raw scores to 0–1. */
const SCALE = 25;

export function ngramScorer(table: NgramTable): LanguageScorer {
  const index = new Map<string, number>();
  table.ngrams.forEach((ngram, position) => {
    index.set(ngram, table.slices[position]!);
  });
  const { languages, pairs, dictionary, separators } = table;

  return (text) => {
    const words = utf8Words(
      text.substring(0, 1000).replace(separators, ' ').trim().toLowerCase(),
      dictionary,
    );
    const ngrams = byteNgrams(words);
    const totals = new Array<number>(languages.length).fill(0);
    for (const ngram of ngrams) {
      const slice = index.get(ngram);
      if (slice === undefined) continue;
      const start = Math.floor(slice / SLICE_BITS) * 2;
      const end = start + (slice % SLICE_BITS) * 2;
      for (let at = start; at < end; at += 2) totals[pairs[at]!]! += pairs[at + 1]! + BASE_NGRAM_SCORE;
    }
    if (!totals.some((total) => total > 0)) return [];
    // LanguageResult.getScores: each language with a score, scaled, best first (a stable sort).
    const scores: LanguageScore[] = [];
    totals.forEach((total, language) => {
      if (total <= 0) return;
      const ngramScore = total / ngrams.size;
      scores.push({ language: languages[language]!, score: ngramScore / (ngramScore + SCALE) });
    });
    return scores.sort((a, b) => b.score - a.score);
  };
}

/** eld's getByteNgrams: 4-byte n-grams every 3 bytes of each word (at most 70), marked at word edges. */
function byteNgrams(words: readonly string[]): Set<string> {
  const ngrams = new Set<string>();
  for (const word of words) {
    const length = Math.min(word.length, 70);
    let at = 0;
    for (; at + 4 < length; at += 3) ngrams.add((at === 0 ? ' ' : '') + word.substring(at, at + 4));
    ngrams.add(`${at === 0 ? ' ' : ''}${word.substring(length !== 3 ? length - 4 : 0)} `);
  }
  return ngrams;
}

/**
 * eld's strToUtf8Bytes: the words of `text`, each UTF-8 byte beyond ASCII written as its dictionary
 * character, cut at the first space after 350 bytes or at 380 bytes.
 */
function utf8Words(text: string, dictionary: readonly string[]): string[] {
  const byte = (value: number) => dictionary[value]!;
  const words: string[] = [];
  let encoded = '';
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      if (code === 32) {
        if (encoded !== '') {
          words.push(encoded);
          encoded = '';
        }
        if (bytes > 350) break;
      } else {
        encoded += text[index];
      }
      bytes++;
    } else if (code < 0x800) {
      encoded += byte(0xc0 | (code >> 6)) + byte(0x80 | (code & 0x3f));
      bytes += 2;
    } else if (code < 0xd800 || code >= 0xe000) {
      encoded += byte(0xe0 | (code >> 12)) + byte(0x80 | ((code >> 6) & 0x3f)) + byte(0x80 | (code & 0x3f));
      bytes += 3;
    } else {
      index++;
      code = 0x10000 + (((code & 0x3ff) << 10) | (text.charCodeAt(index) & 0x3ff));
      encoded +=
        byte(0xf0 | (code >> 18)) +
        byte(0x80 | ((code >> 12) & 0x3f)) +
        byte(0x80 | ((code >> 6) & 0x3f)) +
        byte(0x80 | (code & 0x3f));
      bytes += 4;
    }
    if (bytes > 380) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}
