import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { eld as eldExtraSmall } from 'eld/extrasmall';
import { eld as eldLarge } from 'eld/large';
import { eld as eldMedium } from 'eld/medium';
import { eld as eldSmall } from 'eld/small';
import { build } from 'esbuild';
import { francAll } from 'franc';
import { detectAll as tinyldDetectAll } from 'tinyld';
import { detectAll as tinyldHeavyDetectAll } from 'tinyld/heavy';
import { detectLanguage, ELD_DECISIVE_MARGIN } from '../src/i18n/detect.js';
import {
  createLanguageDetector,
  type LanguageDetector,
  type LanguageScorer,
} from '../src/i18n/detect-core.js';
import { HAVEN_LANGUAGES } from '../src/i18n/languages.js';
import { INBOX_NAMESPACES } from './bundle-locales.js';

/**
 * `npm run compare:detectors`: measures eld, tinyld and franc, alone and behind Haven's script and alphabet
 * rules (src/i18n/detect-core.ts), on the short first messages in test/fixtures/language-samples, and
 * writes bench/language-detection.md: accuracy per language and overall, "high" answers and how many of
 * them are right, answers to languages Haven does not ship, time per call, bundle size, heap and start-up
 * time. Runs offline in a minute or two.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLES_DIR = `${ROOT}test/fixtures/language-samples/`;
const REPORT_PATH = `${ROOT}bench/language-detection.md`;
const TIMING_ROUNDS = 15;
/** Fresh processes per library for heap and load time (the median counts). */
const LOAD_RUNS = 3;

type Answer = { language: string; confidence?: 'high' | 'low' } | undefined;

interface Candidate {
  name: string;
  /** What the bundle-size and memory measurements import. */
  entry: string;
  detect: (text: string) => Answer;
  /** Languages it can answer at all. */
  knows: readonly string[];
  note: string;
}

const LANGUAGES: readonly string[] = HAVEN_LANGUAGES;

/** franc speaks ISO 639-3; Dari (prs) and Iranian Persian (pes) are both Haven's "fa". */
const FRANC_CODES: Readonly<Record<string, string>> = {
  en: 'eng',
  nl: 'nld',
  fr: 'fra',
  de: 'deu',
  ro: 'ron',
  bg: 'bul',
  ar: 'arb',
  pt: 'por',
  es: 'spa',
  ru: 'rus',
  uk: 'ukr',
  zh: 'cmn',
  vi: 'vie',
  sq: 'als',
  ti: 'tir',
  fa: 'pes',
  hi: 'hin',
  tr: 'tur',
  pl: 'pol',
  hu: 'hun',
  th: 'tha',
  tl: 'tgl',
};
const FROM_FRANC: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(FRANC_CODES).map(([haven, franc]) => [franc, haven])),
  prs: 'fa',
};
const FRANC_ONLY = [...Object.values(FRANC_CODES), 'prs'];
/** franc answers "und" under 10 characters by default; 3 lets it try the short messages this is about. */
const FRANC_MIN_LENGTH = 3;

type Eld = typeof eldLarge;

const ELD_LANGUAGES = LANGUAGES.filter((language) => language !== 'ti');
const TINYLD_LANGUAGES = LANGUAGES.filter((language) => language !== 'ti' && language !== 'sq');

/** eld's own answer among the shipped languages it knows (what its setLanguageSubset does). */
function eldAlone(eld: Eld): (text: string) => Answer {
  return (text) => {
    const language = Object.keys(eld.detect(text).getScores()).find((code) => ELD_LANGUAGES.includes(code));
    return language === undefined ? undefined : { language };
  };
}

function eldScorer(eld: Eld): LanguageScorer {
  return (text) =>
    Object.entries(eld.detect(text).getScores()).map(([language, score]) => ({ language, score }));
}

type TinyldDetectAll = typeof tinyldDetectAll;

function tinyldAlone(detectAll: TinyldDetectAll): (text: string) => Answer {
  return (text) => {
    const language = detectAll(text, { only: [...TINYLD_LANGUAGES] })[0]?.lang;
    return language === undefined || language === '' ? undefined : { language };
  };
}

function tinyldScorer(detectAll: TinyldDetectAll): LanguageScorer {
  return (text, only) =>
    detectAll(text, only === undefined ? {} : { only: [...only] }).map((result) => ({
      language: result.lang,
      score: result.accuracy,
    }));
}

const francAlone = (text: string): Answer => {
  const [best] = francAll(text, { only: FRANC_ONLY, minLength: FRANC_MIN_LENGTH });
  const language = best === undefined ? undefined : FROM_FRANC[best[0]];
  return language === undefined ? undefined : { language };
};

const francScorer: LanguageScorer = (text, only) =>
  francAll(text, {
    minLength: FRANC_MIN_LENGTH,
    ...(only === undefined
      ? {}
      : {
          only: only.flatMap((language) =>
            language === 'fa' ? ['pes', 'prs'] : [FRANC_CODES[language] ?? language],
          ),
        }),
  })
    .filter(([code]) => code !== 'und')
    .map(([code, score]) => ({ language: FROM_FRANC[code] ?? code, score }));

function withRules(scorer: LanguageScorer, decisiveMargin: number): LanguageDetector {
  return createLanguageDetector({ scorer, decisiveMargin });
}

/** The lead a winner needs for "high"; the same for every library, to compare like with like. */
const MARGIN = ELD_DECISIVE_MARGIN;

const RULES = 'src/i18n/detect-core.ts';

const CANDIDATES: Candidate[] = [
  {
    name: 'eld L',
    entry: 'eld/large',
    detect: eldAlone(eldLarge),
    knows: ELD_LANGUAGES,
    note: 'alone, subset of the 21 it knows',
  },
  { name: 'eld M', entry: 'eld/medium', detect: eldAlone(eldMedium), knows: ELD_LANGUAGES, note: 'alone' },
  { name: 'eld S', entry: 'eld/small', detect: eldAlone(eldSmall), knows: ELD_LANGUAGES, note: 'alone' },
  {
    name: 'eld XS',
    entry: 'eld/extrasmall',
    detect: eldAlone(eldExtraSmall),
    knows: ELD_LANGUAGES,
    note: 'alone',
  },
  {
    name: 'tinyld',
    entry: 'tinyld',
    detect: tinyldAlone(tinyldDetectAll),
    knows: TINYLD_LANGUAGES,
    note: 'alone, 20 it knows',
  },
  {
    name: 'tinyld heavy',
    entry: 'tinyld/heavy',
    detect: tinyldAlone(tinyldHeavyDetectAll),
    knows: TINYLD_LANGUAGES,
    note: 'alone',
  },
  {
    name: 'franc',
    entry: 'franc',
    detect: francAlone,
    knows: LANGUAGES,
    note: `alone, all 22, minLength ${FRANC_MIN_LENGTH}`,
  },
  {
    name: 'rules + eld L',
    entry: 'eld/large',
    detect: withRules(eldScorer(eldLarge), MARGIN),
    knows: LANGUAGES,
    note: RULES,
  },
  {
    name: 'rules + eld M',
    entry: 'eld/medium',
    detect: withRules(eldScorer(eldMedium), MARGIN),
    knows: LANGUAGES,
    note: RULES,
  },
  {
    name: 'rules + eld S',
    entry: 'eld/small',
    detect: withRules(eldScorer(eldSmall), MARGIN),
    knows: LANGUAGES,
    note: RULES,
  },
  {
    name: 'rules + eld XS (Haven)',
    entry: './src/i18n/detect.ts',
    detect: detectLanguage,
    knows: LANGUAGES,
    note: 'src/i18n/detect.ts',
  },
  {
    name: 'rules + tinyld',
    entry: 'tinyld',
    detect: withRules(tinyldScorer(tinyldDetectAll), MARGIN),
    knows: LANGUAGES,
    note: RULES,
  },
  {
    name: 'rules + franc',
    entry: 'franc',
    detect: withRules(francScorer, MARGIN),
    knows: LANGUAGES,
    note: RULES,
  },
];

interface Corpus {
  samples: Map<string, string[]>;
  unshipped: Map<string, string[]>;
}

function readCorpus(): Corpus {
  const samples = new Map<string, string[]>();
  for (const language of LANGUAGES) {
    samples.set(language, JSON.parse(readFileSync(`${SAMPLES_DIR}${language}.json`, 'utf8')) as string[]);
  }
  const unshipped = new Map(
    Object.entries(
      JSON.parse(readFileSync(`${SAMPLES_DIR}unshipped.json`, 'utf8')) as Record<string, string[]>,
    ),
  );
  return { samples, unshipped };
}

interface Accuracy {
  perLanguage: Map<string, { right: number; total: number }>;
  right: number;
  total: number;
  undecided: number;
  high: number;
  highRight: number;
  unshippedTotal: number;
  /** Texts in unshipped languages answered with a shipped language and no doubt. */
  unshippedSure: number;
}

function measureAccuracy(candidate: Candidate, corpus: Corpus): Accuracy {
  const result: Accuracy = {
    perLanguage: new Map(),
    right: 0,
    total: 0,
    undecided: 0,
    high: 0,
    highRight: 0,
    unshippedTotal: 0,
    unshippedSure: 0,
  };
  for (const [language, texts] of corpus.samples) {
    let right = 0;
    for (const text of texts) {
      const answer = candidate.detect(text);
      if (answer === undefined) result.undecided++;
      if (answer?.language === language) right++;
      if (answer?.confidence === 'high') {
        result.high++;
        if (answer.language === language) result.highRight++;
      }
    }
    result.perLanguage.set(language, { right, total: texts.length });
    result.right += right;
    result.total += texts.length;
  }
  for (const texts of corpus.unshipped.values()) {
    for (const text of texts) {
      result.unshippedTotal++;
      const answer = candidate.detect(text);
      // Without a confidence of its own, any answer of a library alone is taken at face value.
      if (answer !== undefined && answer.confidence !== 'low') result.unshippedSure++;
    }
  }
  return result;
}

/**
 * Microseconds per call: the median of several timed rounds over the whole corpus, after a warm-up round,
 * so that other work on the machine disturbs the figure less.
 */
function measureTime(candidate: Candidate, corpus: Corpus): number {
  const texts = [...corpus.samples.values()].flat();
  for (const text of texts) candidate.detect(text);
  const rounds: number[] = [];
  for (let round = 0; round < TIMING_ROUNDS; round++) {
    const start = performance.now();
    for (const text of texts) candidate.detect(text);
    rounds.push(((performance.now() - start) * 1000) / texts.length);
  }
  return median(rounds);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface Cost {
  gzipBytes: number;
  rawBytes: number;
  heapBytes: number;
  loadMilliseconds: number;
}

const costs = new Map<string, Cost>();

async function measureCost(entry: string): Promise<Cost> {
  const known = costs.get(entry);
  if (known !== undefined) return known;
  const bundled = await build({
    stdin: {
      contents: `import * as detector from ${JSON.stringify(entry)}; globalThis.detector = detector;`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'import'],
    write: false,
    logLevel: 'error',
  });
  const code = bundled.outputFiles[0]!.contents;
  // Heap and start-up in a fresh process, so nothing loaded here counts.
  const url = entry.startsWith('.') ? pathToFileURL(`${ROOT}${entry}`).href : entry;
  const probe = `globalThis.gc(); const before = process.memoryUsage().heapUsed; const start = performance.now();
await import(${JSON.stringify(url)}); const load = performance.now() - start; globalThis.gc();
console.log(JSON.stringify({ heap: process.memoryUsage().heapUsed - before, load }));`;
  const runs: { heap: number; load: number }[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '--eval', probe],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const line = child.stdout.trim().split('\n').pop();
    if (line) runs.push(JSON.parse(line) as { heap: number; load: number });
  }
  const cost = {
    gzipBytes: gzipSync(code, { level: 9 }).length,
    rawBytes: code.length,
    heapBytes: median(runs.map((run) => run.heap)),
    loadMilliseconds: median(runs.map((run) => run.load)),
  };
  costs.set(entry, cost);
  return cost;
}

interface Row {
  candidate: Candidate;
  accuracy: Accuracy;
  microseconds: number;
  cost: Cost;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes < 1_000_000 ? 2 : 1)} MB`;

function worstLanguages(accuracy: Accuracy, count: number): string {
  return [...accuracy.perLanguage]
    .filter(([, score]) => score.right < score.total)
    .sort(([, a], [, b]) => a.right / a.total - b.right / b.total)
    .slice(0, count)
    .map(([language, score]) => `${language} ${percent(score.right, score.total)}`)
    .join(', ');
}

function share(row: Row, language: string): string {
  const score = row.accuracy.perLanguage.get(language)!;
  return percent(score.right, score.total);
}

function render(rows: readonly Row[], corpus: Corpus): string {
  const haven = rows.find((row) => row.candidate.entry === './src/i18n/detect.ts')!;
  const best = (name: string) => rows.find((row) => row.candidate.name === name)!;
  const sampleCount = [...corpus.samples.values()].reduce((sum, texts) => sum + texts.length, 0);
  const lengths = [...corpus.samples.values()].flat().map((text) => [...text].length);
  const unshippedCount = [...corpus.unshipped.values()].reduce((sum, texts) => sum + texts.length, 0);
  const h = haven.accuracy;
  const lines: string[] = [];
  lines.push('# Language detection for first messages');
  lines.push('');
  lines.push(
    'Generated by `npm run compare:detectors` (scripts/compare-detectors.ts); edit the script, not this file.',
  );
  lines.push('');
  lines.push('## README excerpt');
  lines.push('');
  lines.push('### Which language a person writes in');
  lines.push('');
  lines.push(
    "Haven tells which of its languages a person's first words are in, offline and in microseconds " +
      "(`detectLanguage` in src/i18n/detect.ts). Writing systems decide first: Ge'ez script is Tigrinya, Thai " +
      'is Thai, Devanagari is Hindi, Chinese characters are Chinese; Persian-only and Arabic-only letters ' +
      'separate Persian from Arabic; a letter outside an alphabet rules a language out, and a handful of ' +
      'grammatical words separate Bulgarian, Russian and Ukrainian. For the rest, the n-gram detector ' +
      '[eld](https://github.com/nitotm/efficient-language-detector-js) (extra-small database) picks among the ' +
      "shipped languages that are left. Each answer is 'high' or 'low' confidence; a 'low' one is to be " +
      'confirmed with the person before switching language.',
  );
  lines.push('');
  lines.push(
    `On ${sampleCount} short messages (${Math.min(...lengths)}–${Math.max(...lengths)} characters, ` +
      `such as "hello?" or "my boss took my passport") in all ${LANGUAGES.length} languages it picks the right ` +
      `language for **${percent(h.right, h.total)}**; ${percent(h.high, h.total)} of the answers are ` +
      `'high', and ${percent(h.highRight, h.high)} of those are right. Weakest: ${worstLanguages(h, 4)}. ` +
      `One call takes about ${haven.microseconds.toFixed(0)} µs; the detector adds ` +
      `${megabytes(haven.cost.gzipBytes)} gzipped to a bundle and about ${megabytes(haven.cost.heapBytes)} of heap. ` +
      `Messages in ${corpus.unshipped.size} languages Haven does not ship: ` +
      `${h.unshippedSure} of ${h.unshippedTotal} got a shipped language with 'high' confidence.`,
  );
  lines.push('');
  lines.push('### Right to left, and checking translations');
  lines.push('');
  lines.push(
    'In Arabic and Persian every value put into a text (a phone number, an e-mail address, a name, a code) is ' +
      'wrapped in Unicode isolates (U+2068 … U+2069), so "+32 3 201 16 90" keeps its order inside a right-to-left ' +
      "sentence; plurals follow each language's CLDR rules through i18next. `npm run check:locales` (part of " +
      '`npm test`) checks every locales/<lang>/ folder against English: meta.json, every key and no other, the same ' +
      '{{variables}}, every plural form the language needs, no empty text, at most 4096 characters per text and 24 ' +
      'per button label, the caseworker-only texts (' +
      `${INBOX_NAMESPACES.map((namespace) => `\`${namespace}\``).join(', ')}) only in en and nl, and src/i18n/resources.ts up to date.`,
  );
  lines.push('');
  lines.push('## Why this combination');
  lines.push('');
  lines.push(
    `- **eld** is the most accurate library on these messages at every database size ` +
      `(alone: L ${percent(best('eld L').accuracy.right, best('eld L').accuracy.total)}, ` +
      `XS ${percent(best('eld XS').accuracy.right, best('eld XS').accuracy.total)}; tinyld ` +
      `${percent(best('tinyld').accuracy.right, best('tinyld').accuracy.total)}, franc ` +
      `${percent(best('franc').accuracy.right, best('franc').accuracy.total)}). It does not know Tigrinya; ` +
      'tinyld knows neither Tigrinya nor Albanian; franc knows all 22 but is the least accurate on short text.',
  );
  lines.push(
    `- **The rules** add what eld lacks and fix what its n-grams confuse on a few words (eld XS alone → with the rules: ` +
      `${['ti', 'ar', 'fa', 'bg', 'ru', 'uk'].map((language) => `${language} ${share(best('eld XS'), language)} → ${share(haven, language)}`).join(', ')}). ` +
      'They take little time and lift every library.',
  );
  lines.push(
    `- **The extra-small database**, because Haven also runs on Cloudflare Workers: 128 MB of memory per ` +
      `isolate, 1 s to start (parse and run the global scope), 3 MB (Free) or 10 MB (Paid) of gzipped code. eld L needs ` +
      `${megabytes(best('rules + eld L').cost.heapBytes)} of heap and ${best('rules + eld L').cost.loadMilliseconds.toFixed(0)} ms to load, ` +
      `M ${megabytes(best('rules + eld M').cost.heapBytes)} and ${best('rules + eld M').cost.loadMilliseconds.toFixed(0)} ms, ` +
      `XS ${megabytes(haven.cost.heapBytes)} and ${haven.cost.loadMilliseconds.toFixed(0)} ms, leaving room for the rest of Haven; behind the rules L is right ` +
      `for ${percent(best('rules + eld L').accuracy.right, best('rules + eld L').accuracy.total)}, XS for ` +
      `${percent(h.right, h.total)}.`,
  );
  lines.push(
    `- "high" needs at least 8 letters in Latin, Cyrillic (6 in Arabic) script, no unshipped language ahead, and either ` +
      `a letter or two grammatical words only one shipped language has, or a lead of ${MARGIN * 100}% of the ` +
      'winning score over the runner-up (smaller margins let wrong answers through).',
  );
  lines.push('');
  lines.push('## All candidates');
  lines.push('');
  lines.push(
    `Corpus: test/fixtures/language-samples/<lang>.json, ${sampleCount} messages; ${unshippedCount} more in ` +
      `${corpus.unshipped.size} unshipped languages (unshipped.json). "Undecided": no answer. "High right": share of ` +
      '"high" answers that are right. "Unshipped, sure": texts in unshipped languages answered with a shipped ' +
      'language and no doubt (a library alone never says it is unsure). Time: per call over the corpus on the ' +
      'machine that ran this (median of 15 rounds). Bundle: esbuild, minified, gzip -9. Heap and load: median of three fresh Node processes importing it.',
  );
  lines.push('');
  lines.push(
    '| detector | right | undecided | high | high right | unshipped, sure | µs/call | bundle (gzip) | heap | load | note |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const a = row.accuracy;
    const hasConfidence = row.candidate.name.startsWith('rules');
    lines.push(
      `| ${row.candidate.name} | ${percent(a.right, a.total)} | ${a.undecided} | ${hasConfidence ? percent(a.high, a.total) : '–'} | ` +
        `${hasConfidence ? percent(a.highRight, a.high) : '–'} | ${a.unshippedSure}/${a.unshippedTotal} | ${row.microseconds.toFixed(1)} | ` +
        `${megabytes(row.cost.gzipBytes)} | ${megabytes(row.cost.heapBytes)} | ${row.cost.loadMilliseconds.toFixed(0)} ms | ${row.candidate.note} |`,
    );
  }
  lines.push('');
  lines.push('## Per language (share right)');
  lines.push('');
  lines.push(`| language | n | ${rows.map((row) => row.candidate.name).join(' | ')} |`);
  lines.push(`|---|---|${rows.map(() => '---').join('|')}|`);
  for (const language of LANGUAGES) {
    const total = corpus.samples.get(language)!.length;
    const cells = rows.map((row) => {
      const score = row.accuracy.perLanguage.get(language)!;
      return row.candidate.knows.includes(language)
        ? percent(score.right, score.total)
        : `${percent(score.right, score.total)}¹`;
    });
    lines.push(`| ${language} | ${total} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push('¹ the library does not know this language.');
  lines.push('');
  lines.push('## Notes');
  lines.push('');
  lines.push(
    '- The corpus was written for this comparison: what a frightened person might type first, with and ' +
      'without diacritics, from "hello?" to a sentence. The last ten Bulgarian, Russian and Ukrainian ' +
      'messages were written after the Cyrillic word lists, to check them on text they were not made from.',
  );
  lines.push(
    '- Unshipped languages (Italian, Somali, Amharic, Urdu, Japanese, Korean, Swahili, Indonesian, Czech, ' +
      'Serbian, Greek, Hebrew) get no answer when their script or letters say so; Latin-script languages no ' +
      'library knows (Somali, Swahili) can still come out as a confident shipped language.',
  );
  lines.push(
    '- Amharic shares the Ge\'ez script with Tigrinya: it is answered "ti" with low confidence unless a Tigrinya-only letter appears.',
  );
  lines.push('');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const corpus = readCorpus();
  const rows: Row[] = [];
  for (const candidate of CANDIDATES) {
    rows.push({
      candidate,
      accuracy: measureAccuracy(candidate, corpus),
      microseconds: measureTime(candidate, corpus),
      cost: await measureCost(candidate.entry),
    });
    const last = rows.at(-1)!;
    console.log(
      `${candidate.name.padEnd(24)} ${percent(last.accuracy.right, last.accuracy.total).padStart(6)}  ${last.microseconds.toFixed(1).padStart(7)} µs/call  ${megabytes(last.cost.gzipBytes)} gzip  ${megabytes(last.cost.heapBytes)} heap`,
    );
  }
  mkdirSync(`${ROOT}bench`, { recursive: true });
  writeFileSync(REPORT_PATH, render(rows, corpus));
  console.log(`written ${REPORT_PATH.slice(ROOT.length)}`);
}
