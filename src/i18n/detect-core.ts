/**
 * Language detection for Haven's shipped languages, independent of the n-gram library behind it.
 *
 * Statistical detectors are weakest exactly where Haven needs them: a frightened person's first message is
 * short ("hello?", "my boss took my passport"). Writing systems and alphabets are certain where n-grams
 * guess, so they decide first:
 * - a script only one shipped language uses decides alone: Ge'ez → Tigrinya (no library but franc knows it),
 *   Thai → Thai, Devanagari → Hindi, Han → Chinese;
 * - Arabic script: letters only Persian (پ چ ژ گ ک ی) or only Arabic (ة ى ي ك أ إ ؤ) writes tell the two
 *   apart better than any of the libraries measured;
 * - Latin and Cyrillic: a letter outside a language's alphabet rules it out (ő → Hungarian, ы → not
 *   Ukrainian or Bulgarian, ¿ → Spanish); the n-gram scorer picks among the languages left.
 * The scorer is passed in, so scripts/compare-detectors.ts can measure the same rules over every library.
 * Pure: no I/O, no Node APIs (it runs on Cloudflare Workers too).
 */

export type Confidence = 'high' | 'low';

export interface DetectedLanguage {
  /** A shipped language code ("ro", "fa", "ti", …). */
  language: string;
  /**
   * "high": the text says it plainly (enough letters, a clear winner, no unshipped language ahead).
   * "low": a best guess, worth confirming with the person before switching language.
   */
  confidence: Confidence;
}

export interface LanguageScore {
  /** ISO 639-1 where the language has one (what Haven ships), otherwise the library's own code. */
  language: string;
  score: number;
}

/**
 * An n-gram detector: languages with their scores, best first. Scores only compare within one call.
 * Given `only`, it scores just those languages (libraries that report only their top language need this).
 */
export type LanguageScorer = (text: string, only?: readonly string[]) => readonly LanguageScore[];

export interface DetectorOptions {
  scorer: LanguageScorer;
  /**
   * How far ahead, relative to its own score, the winner must be of the runner-up for a "high" answer.
   * Depends on the library's score scale; measured with scripts/compare-detectors.ts.
   */
  decisiveMargin: number;
}

export type LanguageDetector = (text: string) => DetectedLanguage | undefined;

/** Letters each alphabetic language writes beyond a–z (Latin) or its whole alphabet (Cyrillic). */
const LATIN_EXTRAS: Readonly<Record<string, string>> = {
  en: 'é',
  nl: 'áéèëïóöüú',
  fr: 'àâæçéèêëîïôœùûüÿ',
  de: 'äöüß',
  ro: 'ăâîșşțţ',
  pt: 'áâãàçéêíóôõúü',
  // ¿ and ¡ are not letters, but only Spanish writes them: counted as letters for this check.
  es: 'áéíñóúü¿¡',
  vi: 'àáâãèéêìíòóôõùúýăđĩũơư',
  sq: 'çë',
  tr: 'çğıöşüâîû',
  pl: 'ąćęłńóśźż',
  hu: 'áéíóöőúüű',
  tl: 'ñ',
};
const CYRILLIC_ALPHABETS: Readonly<Record<string, string>> = {
  bg: 'абвгдежзийклмнопрстуфхцчшщъьюяѝ',
  ru: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  uk: 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя',
};
const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Vietnamese letters with tone marks (Latin Extended Additional, ạ … ỹ). */
const VIETNAMESE_TONED = /[\u1EA0-\u1EF9]/u;
const SPANISH_MARKS = /[¿¡]/u;

const ALPHABETS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...Object.entries(LATIN_EXTRAS).map(
    ([language, extras]) => [language, new Set(ASCII_LETTERS + extras)] as const,
  ),
  ...Object.entries(CYRILLIC_ALPHABETS).map(([language, letters]) => [language, new Set(letters)] as const),
]);

type Script =
  | 'Latin'
  | 'Cyrillic'
  | 'Arabic'
  | 'Ethiopic'
  | 'Thai'
  | 'Devanagari'
  | 'Han'
  | 'Kana'
  | 'Hangul'
  | 'Other';

const SCRIPT_TESTS: readonly (readonly [Script, RegExp])[] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
];
const LETTER = /[\p{L}\p{M}]/u;

/** Shipped languages each alphabetic script is scored among. */
const LATIN_LANGUAGES = Object.keys(LATIN_EXTRAS);
const CYRILLIC_LANGUAGES = Object.keys(CYRILLIC_ALPHABETS);

/** Fewer letters than this (of the main script) and there is nothing to decide. */
const MIN_LETTERS: Readonly<Record<Script, number>> = {
  Latin: 3,
  Cyrillic: 3,
  Arabic: 3,
  Ethiopic: 2,
  Thai: 2,
  Devanagari: 2,
  Han: 2,
  Kana: 1,
  Hangul: 1,
  Other: 1,
};
/** At least this many letters for a "high" answer: "hello?" or "alo" fit several languages. */
const HIGH_LETTERS: Readonly<Record<Script, number>> = {
  Latin: 8,
  Cyrillic: 8,
  Arabic: 6,
  Ethiopic: 3,
  Thai: 4,
  Devanagari: 4,
  Han: 3,
  Kana: Number.POSITIVE_INFINITY,
  Hangul: Number.POSITIVE_INFINITY,
  Other: Number.POSITIVE_INFINITY,
};

/** Only analyse the start: a first message's language shows in its first sentences. */
const MAX_ANALYSED_CHARACTERS = 600;

/** Links, addresses, handles and numbers carry no language and would mislead the n-grams. */
const NOISE = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|[@#]\w+|[\p{N}_]+/gu;

interface TextProfile {
  text: string;
  script: Script;
  /** Letters of the main script, lower case. */
  letters: string[];
  /** Every script seen, with its letter count. */
  counts: Map<Script, number>;
}

function profile(raw: string): TextProfile | undefined {
  const text = raw.normalize('NFC').slice(0, MAX_ANALYSED_CHARACTERS).replace(NOISE, ' ').toLowerCase();
  const counts = new Map<Script, number>();
  const byScript = new Map<Script, string[]>();
  for (const char of text) {
    if (!LETTER.test(char) && !SPANISH_MARKS.test(char)) continue;
    const script = SPANISH_MARKS.test(char) ? 'Latin' : scriptOf(char);
    if (script === undefined) continue;
    counts.set(script, (counts.get(script) ?? 0) + 1);
    const letters = byScript.get(script) ?? [];
    letters.push(char);
    byScript.set(script, letters);
  }
  let main: Script | undefined;
  for (const [script, count] of counts) if (main === undefined || count > counts.get(main)!) main = script;
  if (main === undefined) return undefined;
  return { text, script: main, letters: byScript.get(main) ?? [], counts };
}

function scriptOf(char: string): Script | undefined {
  for (const [script, test] of SCRIPT_TESTS) if (test.test(char)) return script;
  // Combining marks of no script (e.g. the dot of a lower-cased Turkish İ) belong to no script.
  return /\p{L}/u.test(char) ? 'Other' : undefined;
}

export function createLanguageDetector(options: DetectorOptions): LanguageDetector {
  return (raw) => {
    const found = profile(raw);
    if (found === undefined || found.letters.length < MIN_LETTERS[found.script]) return undefined;
    const enough = found.letters.length >= HIGH_LETTERS[found.script];
    switch (found.script) {
      case 'Latin':
        return byAlphabet(found, LATIN_LANGUAGES, options);
      case 'Cyrillic':
        return byAlphabet(found, CYRILLIC_LANGUAGES, options);
      case 'Arabic':
        return arabicOrPersian(found, options);
      case 'Ethiopic':
        return tigrinya(found);
      case 'Thai':
        return { language: 'th', confidence: enough ? 'high' : 'low' };
      case 'Devanagari':
        // Marathi and Nepali share the script; Hindi is the one Haven ships and most of them read.
        return { language: 'hi', confidence: enough ? 'high' : 'low' };
      case 'Han':
        // Japanese writes Han too, but always with kana around it.
        if ((found.counts.get('Kana') ?? 0) > 0) return undefined;
        // Traditional characters still get Chinese: Simplified is what Haven ships, and it reads.
        return { language: 'zh', confidence: enough ? 'high' : 'low' };
      default:
        // Japanese, Korean, Greek, Hebrew, …: nothing shipped reads them.
        return undefined;
    }
  };
}

/** Rules out languages whose alphabet lacks a letter of the text, then lets the scorer choose. */
function byAlphabet(
  found: TextProfile,
  languages: readonly string[],
  options: DetectorOptions,
): DetectedLanguage | undefined {
  const foreign = new Map<string, number>();
  for (const language of languages) {
    const alphabet = ALPHABETS.get(language)!;
    let count = 0;
    for (const letter of found.letters) {
      if (alphabet.has(letter)) continue;
      if (language === 'vi' && VIETNAMESE_TONED.test(letter)) continue;
      count++;
    }
    foreign.set(language, count);
  }
  const fewest = Math.min(...foreign.values());
  let candidates = languages.filter((language) => foreign.get(language) === fewest);
  // A letter only one shipped language writes is evidence in itself.
  const byLetter = candidates.length === 1 && languages.length > 1;
  const words = functionWordVotes(found.text, candidates);
  if (words.leader !== undefined) candidates = [words.leader];
  return choose(found, candidates, options, {
    // A letter of no shipped alphabet (å, č, ђ, …): likely a language Haven does not ship.
    trusted: fewest === 0,
    // So are two more of one language's own grammatical words than of any other's.
    conclusive: byLetter || words.lead >= 2,
  });
}

/**
 * Bulgarian, Russian and Ukrainian share most letters and many n-grams, and short messages give the
 * n-grams little to go on; their most frequent grammatical words differ ("что" / "що" / "какво"). Only
 * words that belong to exactly one of the three are listed.
 */
const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  ru: new Set(
    'что чтобы это этот эта где когда почему кто меня мне нет есть могу можно нужна нужно нужен пожалуйста спасибо здравствуйте привет помогите помощь очень сейчас тоже ничего они она вы мы работаю домой сегодня деньги'.split(
      ' ',
    ),
  ),
  uk: new Set(
    'що щоб це цей ця як коли чому хто мені ні є можу можна потрібна потрібно будь ласка дякую добрий привіт допоможіть допомога допомогу дуже зараз вже теж нічого вони вона гроші працюю роботу сьогодні додому'.split(
      ' ',
    ),
  ),
  bg: new Set(
    'аз съм си е ще какво това този тази тези къде кога защо кой моля здравейте искам мога трябва нямам имам няма вкъщи помогнете помощ пари работя днес тук сега вече ме'.split(
      ' ',
    ),
  ),
};

function functionWordVotes(text: string, candidates: readonly string[]): { leader?: string; lead: number } {
  const votes = candidates
    .filter((language) => FUNCTION_WORDS[language] !== undefined)
    .map((language) => {
      const words = FUNCTION_WORDS[language]!;
      return { language, hits: text.split(/[^\p{L}]+/u).filter((word) => words.has(word)).length };
    })
    .sort((a, b) => b.hits - a.hits);
  const [first, second] = votes;
  if (first === undefined || first.hits === 0 || first.hits === second?.hits) return { lead: 0 };
  const lead = first.hits - (second?.hits ?? 0);
  return { leader: first.language, lead };
}

const PERSIAN_LETTERS = /[پچژگکی]/gu;
const ARABIC_LETTERS = /[ةىيكأإؤ]/gu;
/** Urdu and Sorani Kurdish letters: languages Haven does not ship. */
const UNSHIPPED_ARABIC_SCRIPT = /[ٹڈڑںےۓھڵڕۆێە]/u;

function arabicOrPersian(found: TextProfile, options: DetectorOptions): DetectedLanguage | undefined {
  if (UNSHIPPED_ARABIC_SCRIPT.test(found.text)) return undefined;
  const persian = found.text.match(PERSIAN_LETTERS)?.length ?? 0;
  const arabic = found.text.match(ARABIC_LETTERS)?.length ?? 0;
  const enough = found.letters.length >= HIGH_LETTERS.Arabic;
  if (persian > 0 && arabic === 0) return { language: 'fa', confidence: enough ? 'high' : 'low' };
  if (arabic > 0 && persian === 0) return { language: 'ar', confidence: enough ? 'high' : 'low' };
  if (persian > 0 && arabic > 0) return { language: persian >= arabic ? 'fa' : 'ar', confidence: 'low' };
  // Only letters both write (e.g. "ما فهمت", "سلام"): the scorer's guess, to be confirmed.
  const guess = choose(found, ['ar', 'fa'], options, { trusted: true, conclusive: false });
  return guess && { language: guess.language, confidence: 'low' };
}

/** Tigrinya-only letters: ኣ (Amharic writes አ), the ቐ and ኸ rows. */
const TIGRINYA_LETTERS = /[ኣቐ-ቝኸ-ዅ]/u;

function tigrinya(found: TextProfile): DetectedLanguage {
  // Amharic shares the script and Haven does not ship it: without a Tigrinya-only letter, ask.
  const sure = found.letters.length >= HIGH_LETTERS.Ethiopic && TIGRINYA_LETTERS.test(found.text);
  return { language: 'ti', confidence: sure ? 'high' : 'low' };
}

function choose(
  found: TextProfile,
  candidates: readonly string[],
  options: DetectorOptions,
  evidence: { trusted: boolean; conclusive: boolean },
): DetectedLanguage | undefined {
  const all = options.scorer(found.text);
  let ranked: readonly LanguageScore[] = all.filter((score) => candidates.includes(score.language));
  if (ranked.length === 0 && candidates.length > 1) ranked = options.scorer(found.text, candidates);
  const best = ranked[0];
  if (best === undefined) {
    // The scorer knows none of them, but the alphabet left only one.
    return candidates.length === 1 ? { language: candidates[0]!, confidence: 'low' } : undefined;
  }
  const runnerUp = ranked[1]?.score ?? 0;
  const decisive = best.score > 0 && (best.score - runnerUp) / best.score >= options.decisiveMargin;
  // Another language (unshipped, or ruled out by its alphabet) ahead of the winner: a guess at most.
  const unchallenged = all[0] === undefined || all[0].language === best.language;
  const high =
    evidence.trusted &&
    found.letters.length >= HIGH_LETTERS[found.script] &&
    (evidence.conclusive || (decisive && unchallenged));
  return { language: best.language, confidence: high ? 'high' : 'low' };
}
