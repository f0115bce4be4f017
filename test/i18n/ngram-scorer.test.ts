import { readdirSync, readFileSync } from 'node:fs';
import { eld } from 'eld/extrasmall';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/i18n/detect.js';
import type { LanguageDetector, LanguageScorer } from '../../src/i18n/detect-core.js';
import { ngramScorer } from '../../src/i18n/ngram-scorer.js';
import { loadLanguageDetector, loadNgramTable } from '../../src/runtime/node/language-detector.js';

const SAMPLES = new URL('../fixtures/language-samples/', import.meta.url);
/** Every sample: the shipped languages' lists, and the unshipped ones' lists by language. */
const corpus = readdirSync(SAMPLES).flatMap((file) => {
  const samples = JSON.parse(readFileSync(new URL(file, SAMPLES), 'utf8')) as
    | string[]
    | Record<string, string[]>;
  return Array.isArray(samples) ? samples : Object.values(samples).flat();
});
const eldScores = (text: string) =>
  Object.entries(eld.detect(text).getScores()).map(([language, score]) => ({ language, score }));

/** The Node runtime's detector (eld's table compacted in a worker) against eld itself. */
describe('the compact n-gram scorer', () => {
  let scorer: LanguageScorer;
  let compactDetector: LanguageDetector;
  beforeAll(async () => {
    scorer = ngramScorer(await loadNgramTable());
    compactDetector = await loadLanguageDetector();
  });

  it('scores every message of the language samples exactly as eld does', () => {
    expect(corpus.length).toBeGreaterThan(250);
    for (const text of corpus) expect(scorer(text)).toEqual(eldScores(text));
  });

  it('scores any text as eld does: long, mixed scripts, emoji, no letters at all', () => {
    const long = `${corpus.join(' ')} ${'ab'.repeat(400)}`;
    for (const text of [
      long,
      '',
      '   ',
      '1234 !!',
      '🙏🙏 help',
      'a',
      'ab c',
      'pass\u2019port',
      'Ωμέγα 日本語 עברית',
    ])
      expect(scorer(text)).toEqual(eldScores(text));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        expect(scorer(text)).toEqual(eldScores(text));
      }),
    );
  });

  it('names the same language with the same confidence as the detector on eld', () => {
    for (const text of corpus) expect(compactDetector(text)).toEqual(detectLanguage(text));
  });
});
