import { type ChildProcess, spawn } from 'node:child_process';
import { createLanguageDetector, type LanguageDetector } from '../../i18n/detect-core.js';
import { ELD_DECISIVE_MARGIN, type NgramTable, ngramScorer, SLICE_BITS } from '../../i18n/ngram-scorer.js';

/**
 * Runs in a short-lived child process: loads eld's extra-small n-gram table (an object literal of 50,000
 * n-grams) and answers with it compacted into a list of n-grams and two byte arrays. Compiling that literal
 * takes V8 about 40 MB of scratch memory besides the 28 MB of heap it fills. In a worker thread that
 * scratch memory went back to the C allocator but not always to the system (up to 45 MB of Haven's RSS,
 * varying from start to start); a process that exits gives all of it back.
 */
const COMPACT_IN_CHILD = `
const input = JSON.parse(process.argv[1]);
(async () => {
  const entry = input.entry;
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
    if (scores.length >= input.sliceBits) throw new Error('an n-gram scored in too many languages');
    slices[position] = (pairs.length / 2) * input.sliceBits + scores.length;
    for (const [language, score] of scores) pairs.push(Number(language), score);
  });
  const languages = Object.entries(ngramsData.languages)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, code]) => code);
  const table = { languages, ngrams, slices, pairs: Uint8Array.from(pairs), dictionary, separators };
  process.send(table, () => process.disconnect());
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** eld's extra-small table, compacted in a child process (see COMPACT_IN_CHILD). */
export function loadNgramTable(): Promise<NgramTable> {
  const input = { entry: import.meta.resolve('eld/extrasmall'), sliceBits: SLICE_BITS };
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--eval', COMPACT_IN_CHILD, JSON.stringify(input)], {
      // 'advanced' serialisation carries the byte arrays as they are, not as JSON lists of numbers.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      // It reads a package and nothing else: none of Haven's secrets need to be in its environment.
      env: {},
    });
    let table: NgramTable | undefined;
    child.once('message', (message) => {
      table = message as NgramTable;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (table) resolve(table);
      else reject(new Error(`the n-gram table process stopped (${code}) without a table`));
    });
  });
}

/**
 * The language detector of the Node runtime: detect.ts's rules and eld's scores, over the compact table
 * (about 3 MB of heap instead of 28). Workers keeps detect.ts as it is: it cannot start processes.
 */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  const scorer = ngramScorer(await loadNgramTable());
  return createLanguageDetector({ scorer, decisiveMargin: ELD_DECISIVE_MARGIN });
}
