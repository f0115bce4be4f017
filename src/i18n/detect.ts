import { eld } from 'eld/extrasmall';
import {
  createLanguageDetector,
  type DetectedLanguage,
  type LanguageScore,
  type LanguageScorer,
} from './detect-core.js';
import { ELD_DECISIVE_MARGIN } from './ngram-scorer.js';

export type { Confidence, DetectedLanguage } from './detect-core.js';

/**
 * Why eld's extra-small database behind the script and alphabet rules of detect-core.ts (figures from
 * `npm run compare:detectors`, in bench/language-detection.md):
 * - On short messages eld is the most accurate of eld, tinyld and franc, for every size of its database;
 *   tinyld has no Albanian and franc misreads most messages under 20 characters.
 * - The rules add what eld lacks (Tigrinya) and fix what n-grams confuse on a few words (Arabic and
 *   Persian, Bulgarian, Russian and Ukrainian).
 * - Size matters on Cloudflare Workers (128 MB of memory per isolate, 1 s to start, 3 or 10 MB of gzipped
 *   code): the large database alone takes ~140 MB of heap and ~1-2 s to load; the extra-small one ~30 MB,
 *   ~0.25 s and 0.3 MB gzipped, and behind the rules it is within about one point of the large one.
 * The database is a plain module import: no file system, no loading at run time.
 */
const scoreWithEld: LanguageScorer = (text) => {
  const scores = eld.detect(text).getScores();
  return Object.entries(scores).map(([language, score]): LanguageScore => ({ language, score }));
};

export { ELD_DECISIVE_MARGIN } from './ngram-scorer.js';

const detect = createLanguageDetector({ scorer: scoreWithEld, decisiveMargin: ELD_DECISIVE_MARGIN });

/**
 * The shipped language a person's own words are written in, from as little as a few words, offline.
 * Undefined when the text is too short to tell (fewer than three letters), has no letters, or is in a
 * script no shipped language uses (Japanese, Korean, Greek, Urdu …). "low" confidence means: ask the
 * person before switching.
 */
export function detectLanguage(text: string): DetectedLanguage | undefined {
  return detect(text);
}
