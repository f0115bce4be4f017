import { Worker } from 'node:worker_threads';
import { createLanguageDetector, type LanguageDetector } from '../../i18n/detect-core.js';
import { ELD_DECISIVE_MARGIN, type NgramTable, ngramScorer, SLICE_BITS } from '../../i18n/ngram-scorer.js';

/**
 * Runs in a worker thread: loads eld's extra-small n-gram table (an object literal of 50,000 n-grams) and
 * answers with it compacted into a list of n-grams and two byte arrays. The literal, and the second copy
 * V8 keeps of it, go with the thread when it ends, instead of staying in Haven's heap for good.
 */
const COMPACT_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const entry = workerData.entry;
  const [{ ngramsData }, { dictionary }, { separators }] = await Promise.all([
    import(new URL('../ngrams/extrasmall.js', entry).href),
    import(new URL('../dictionary.js', entry).href),
    import(new URL('../regexPatterns.js', entry).href),
  ]);
  const ngrams = Object.keys(ngramsData.ngrams);
  const slices = new Uint32Array(ngrams.length);
  const pairs = [];
  ngrams.forEach((ngram, position) => {
    const scores = Object.entries(ngramsData.ngrams[ngram]);
    if (scores.length >= workerData.sliceBits) throw new Error('an n-gram scored in too many languages');
    slices[position] = (pairs.length / 2) * workerData.sliceBits + scores.length;
    for (const [language, score] of scores) pairs.push(Number(language), score);
  });
  const languages = Object.entries(ngramsData.languages)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, code]) => code);
  const table = { languages, ngrams, slices, pairs: Uint8Array.from(pairs), dictionary, separators };
  parentPort.postMessage(table, [table.slices.buffer, table.pairs.buffer]);
})().catch((error) => {
  throw error;
});
`;

/** eld's extra-small table, compacted in a worker thread (see COMPACT_IN_WORKER). */
export function loadNgramTable(): Promise<NgramTable> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COMPACT_IN_WORKER, {
      eval: true,
      workerData: { entry: import.meta.resolve('eld/extrasmall'), sliceBits: SLICE_BITS },
    });
    worker.once('message', (table: NgramTable) => {
      resolve(table);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the n-gram table worker stopped (${code})`)));
  });
}

/**
 * The language detector of the Node runtime: detect.ts's rules and eld's scores, over the compact table
 * (about 3 MB of heap instead of 28). Workers keeps detect.ts as it is: it has no threads to spare.
 */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  const scorer = ngramScorer(await loadNgramTable());
  return createLanguageDetector({ scorer, decisiveMargin: ELD_DECISIVE_MARGIN });
}
