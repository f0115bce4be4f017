import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { SKIP_LABEL, STOP_LABEL } from '../src/flows/buttons.js';
import { MAX_LABEL_LENGTH, variablesOf } from '../src/flows/validate.js';
import { HAVEN_LANGUAGES } from '../src/i18n/languages.js';
import { FLOWS_DIR, readFlowFiles } from './bundle-flows.js';
import { INBOX_NAMESPACES, LOCALES_DIR, RESOURCES_PATH, renderResources } from './bundle-locales.js';

/**
 * `npm run check:locales`: checks every locales/<lang>/ folder against English, the reference:
 * meta.json; every key of every namespace, and no others; the same {{variables}}; every plural form the
 * language's CLDR rules need (Intl.PluralRules); no empty text; Telegram's limits (4096 characters for a
 * message, 24 for a button label); the caseworker-only namespaces only in the inbox languages; and
 * src/i18n/resources.ts up to date. Prints one line per problem and exits 1 on any.
 */

/** Telegram's limit for one message text. */
export const MAX_TEXT_LENGTH = 4096;
/** The languages caseworkers can read Haven's own lines in (INBOX_LANGUAGE). */
export const INBOX_LANGUAGES = ['en', 'nl'];
const REFERENCE = 'en';
const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const RIGHT_TO_LEFT = ['ar', 'fa'];

/** Buttons the code (not a flow) shows: their labels must fit a button too. */
export const CODE_BUTTON_LABELS = [
  'common:language.keep',
  'common:language.other',
  'common:exit.button',
  'common:consent.agree',
  'common:consent.more',
  'common:consent.decline',
  'common:forget.yes',
  'common:forget.no',
  'common:safety.ok',
  SKIP_LABEL,
  STOP_LABEL,
];

export interface CheckOptions {
  localesDir?: string;
  /** File name → YAML text of every flow (their option labels are button labels). */
  flowFiles?: Readonly<Record<string, string>>;
  /** The current text of src/i18n/resources.ts; the staleness check is skipped when undefined. */
  resourcesSource?: string;
  /** The languages expected to have a folder; a missing one is a problem. */
  expectedLanguages?: readonly string[];
}

type Tree = Record<string, unknown>;

export function checkLocales(options: CheckOptions = {}): string[] {
  const dir = options.localesDir ?? LOCALES_DIR;
  const problems: string[] = [];
  const report = (file: string, key: string, problem: string) =>
    problems.push(`locales/${file}: ${key}: ${problem}`);

  const languages = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  for (const language of options.expectedLanguages ?? []) {
    if (!languages.includes(language)) problems.push(`locales/${language}: folder missing`);
  }
  if (!languages.includes(REFERENCE)) {
    problems.push(`locales/${REFERENCE}: folder missing; nothing to compare with`);
    return problems;
  }

  const reference = readLanguage(dir, REFERENCE, report);
  const labels = buttonLabels(options.flowFiles ?? {});

  for (const language of languages) {
    if (options.expectedLanguages !== undefined && !options.expectedLanguages.includes(language)) {
      problems.push(
        `locales/${language}: not one of Haven's languages (${options.expectedLanguages.join(', ')})`,
      );
    }
    const files = language === REFERENCE ? reference : readLanguage(dir, language, report);
    const meta = checkMeta(language, files.get('meta'), report);
    const isInboxLanguage = INBOX_LANGUAGES.includes(language);
    for (const [namespace, englishTree] of reference) {
      if (namespace === 'meta') continue;
      const file = `${language}/${namespace}.json`;
      const isInboxNamespace = INBOX_NAMESPACES.includes(namespace);
      if (isInboxNamespace && !isInboxLanguage) continue;
      const tree = files.get(namespace);
      if (tree === undefined) {
        if (!files.has(`!${namespace}`)) report(file, '(file)', 'missing');
        continue;
      }
      checkNamespace(language, namespace, englishTree, tree, labels, meta?.nativeName, report);
    }
    for (const namespace of files.keys()) {
      if (namespace.startsWith('!') || namespace === 'meta') continue;
      const file = `${language}/${namespace}.json`;
      if (INBOX_NAMESPACES.includes(namespace) && !isInboxLanguage) {
        report(file, '(file)', `caseworker-facing; only ${INBOX_LANGUAGES.join(' and ')} carry it`);
      } else if (!reference.has(namespace)) {
        report(file, '(file)', `no such namespace in ${REFERENCE}`);
      }
    }
  }

  if (options.resourcesSource !== undefined && options.resourcesSource !== renderResources(dir)) {
    problems.push('src/i18n/resources.ts: stale: run `npm run bundle:locales`');
  }
  return problems;
}

/** Namespace → parsed JSON of one language; "!name" marks a file that exists but does not parse. */
function readLanguage(
  dir: string,
  language: string,
  report: (file: string, key: string, problem: string) => void,
): Map<string, Tree> {
  const files = new Map<string, Tree>();
  for (const name of readdirSync(`${dir}/${language}`).sort()) {
    if (!name.endsWith('.json')) continue;
    const namespace = name.slice(0, -'.json'.length);
    try {
      const parsed: unknown = JSON.parse(readFileSync(`${dir}/${language}/${name}`, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        report(`${language}/${name}`, '(file)', 'must be a JSON object');
        files.set(`!${namespace}`, {});
      } else {
        files.set(namespace, parsed as Tree);
      }
    } catch (error) {
      report(`${language}/${name}`, '(file)', `not valid JSON: ${(error as Error).message}`);
      files.set(`!${namespace}`, {});
    }
  }
  return files;
}

interface Meta {
  nativeName: string;
}

const META_FIELDS = ['nativeName', 'englishName', 'dir', 'review'];

function checkMeta(
  language: string,
  meta: Tree | undefined,
  report: (file: string, key: string, problem: string) => void,
): Meta | undefined {
  const file = `${language}/meta.json`;
  if (meta === undefined) {
    report(file, '(file)', 'missing (needs nativeName, englishName, dir, review)');
    return undefined;
  }
  for (const field of META_FIELDS) {
    const value = meta[field];
    if (typeof value !== 'string' || value.trim() === '') report(file, field, 'missing or empty');
  }
  for (const field of Object.keys(meta)) {
    if (!META_FIELDS.includes(field))
      report(file, field, `unknown field; expected ${META_FIELDS.join(', ')}`);
  }
  const expectedDir = RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr';
  if (typeof meta.dir === 'string' && meta.dir !== expectedDir) {
    report(
      file,
      'dir',
      `is "${meta.dir}"; ${language} is written ${expectedDir === 'rtl' ? 'right to left' : 'left to right'} ("${expectedDir}")`,
    );
  }
  return typeof meta.nativeName === 'string' ? { nativeName: meta.nativeName } : undefined;
}

function checkNamespace(
  language: string,
  namespace: string,
  englishTree: Tree,
  tree: Tree,
  labels: ReadonlySet<string>,
  nativeName: string | undefined,
  report: (file: string, key: string, problem: string) => void,
): void {
  const file = `${language}/${namespace}.json`;
  const english = flatten(englishTree);
  const texts = flatten(tree);
  const englishGroups = pluralGroups(english);
  const groups = pluralGroups(texts);
  const categories = pluralCategories(language);

  // Keys: plural groups are compared by their base key, since languages need different forms.
  for (const key of english.keys()) {
    if (pluralBase(key, englishGroups) !== undefined) continue;
    if (!texts.has(key)) report(file, key, `missing (${REFERENCE}: ${preview(english.get(key))})`);
  }
  for (const [base, forms] of englishGroups) {
    const required = new Set<string>(categories);
    if (forms.has('zero')) required.add('zero');
    const own = groups.get(base);
    for (const form of required) {
      if (!own?.has(form))
        report(
          file,
          `${base}_${form}`,
          `missing plural form (${language} needs ${[...required].join(', ')})`,
        );
    }
    for (const form of own?.keys() ?? []) {
      // i18next looks "_zero" up for a count of 0 in every language, so it is never wrong.
      if (!required.has(form) && form !== 'zero') {
        report(file, `${base}_${form}`, `not a plural form of ${language} (${categories.join(', ')})`);
      }
    }
  }
  for (const key of texts.keys()) {
    const base = pluralBase(key, groups);
    const known = base === undefined ? english.has(key) : englishGroups.has(base);
    if (!known) report(file, key, `not in ${REFERENCE}`);
  }

  // Each text: not empty, within Telegram's limits, same variables as English.
  for (const [key, value] of texts) {
    if (typeof value !== 'string') {
      report(file, key, `must be a text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
      continue;
    }
    if (value.trim() === '') {
      report(file, key, 'empty');
      continue;
    }
    const length = [...value].length;
    if (length > MAX_TEXT_LENGTH)
      report(file, key, `${length} characters; Telegram takes at most ${MAX_TEXT_LENGTH}`);
    if (labels.has(`${namespace}:${key}`)) {
      const shown = value.replaceAll(/\{\{\s*language\s*\}\}/g, nativeName ?? language);
      const shownLength = [...shown].length;
      if (shownLength > MAX_LABEL_LENGTH) {
        report(
          file,
          key,
          `button label of ${shownLength} characters ("${shown}"); at most ${MAX_LABEL_LENGTH} fit`,
        );
      }
    }
    const base = pluralBase(key, groups);
    const expected =
      base === undefined ? englishVariables(english, key) : groupVariables(english, englishGroups, base);
    if (expected === undefined) continue;
    const actual = variablesOf(value).filter((name) => base === undefined || name !== 'count');
    if (actual.join(',') !== expected.join(',')) {
      report(file, key, `uses ${listVariables(actual)}; ${REFERENCE} uses ${listVariables(expected)}`);
    }
  }
}

/** Nested JSON → "a.b.c" → leaf value. */
function flatten(tree: Tree, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      flatten(value as Tree, key, into);
    else into.set(key, value);
  }
  return into;
}

const PLURAL_KEY = new RegExp(`^(.+)_(${PLURAL_FORMS.join('|')})$`);

/**
 * Base key → plural form → key. A key is a plural form only when its group has "_other", which i18next
 * always falls back to: "how_many" alone is an ordinary key.
 */
function pluralGroups(texts: ReadonlyMap<string, unknown>): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  for (const key of texts.keys()) {
    const match = PLURAL_KEY.exec(key);
    if (match === null) continue;
    const [, base, form] = match as unknown as [string, string, string];
    const group = groups.get(base) ?? new Map<string, string>();
    group.set(form, key);
    groups.set(base, group);
  }
  for (const [base, group] of groups) if (!group.has('other')) groups.delete(base);
  return groups;
}

function pluralBase(
  key: string,
  groups: ReadonlyMap<string, ReadonlyMap<string, string>>,
): string | undefined {
  const match = PLURAL_KEY.exec(key);
  if (match === null) return undefined;
  const base = match[1]!;
  return groups.get(base)?.has(match[2]!) ? base : undefined;
}

function pluralCategories(language: string): string[] {
  try {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    return PLURAL_FORMS.filter((form) => categories.includes(form));
  } catch {
    return ['one', 'other'];
  }
}

function englishVariables(english: ReadonlyMap<string, unknown>, key: string): string[] | undefined {
  const text = english.get(key);
  return typeof text === 'string' ? variablesOf(text) : undefined;
}

/** Variables of a plural group besides {{count}}: a form may spell the number out ("one message"). */
function groupVariables(
  english: ReadonlyMap<string, unknown>,
  groups: ReadonlyMap<string, ReadonlyMap<string, string>>,
  base: string,
): string[] | undefined {
  const group = groups.get(base);
  if (group === undefined) return undefined;
  const names = new Set<string>();
  for (const key of group.values()) {
    const text = english.get(key);
    if (typeof text === 'string') for (const name of variablesOf(text)) if (name !== 'count') names.add(name);
  }
  return [...names].sort();
}

function listVariables(names: readonly string[]): string {
  return names.length === 0 ? 'no variables' : names.map((name) => `{{${name}}}`).join(', ');
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** "namespace:key" of every button label: flow options, Skip and Stop, and the code's own buttons. */
export function buttonLabels(flowFiles: Readonly<Record<string, string>>): Set<string> {
  const labels = new Set(CODE_BUTTON_LABELS);
  for (const [file, text] of Object.entries(flowFiles)) {
    let flow: unknown;
    try {
      flow = parse(text);
    } catch {
      continue; // check:flows reports YAML errors
    }
    if (flow === null || typeof flow !== 'object') continue;
    const { id, namespace, nodes } = flow as { id?: unknown; namespace?: unknown; nodes?: unknown };
    const ownNamespace =
      typeof namespace === 'string' ? namespace : typeof id === 'string' ? id : file.replace(/\.ya?ml$/, '');
    if (nodes === null || typeof nodes !== 'object') continue;
    for (const node of Object.values(nodes as Record<string, unknown>)) {
      const options = (node as { options?: unknown } | null)?.options;
      if (!Array.isArray(options)) continue;
      for (const option of options) {
        const label = (option as { label?: unknown } | null)?.label;
        if (typeof label === 'string') labels.add(label.includes(':') ? label : `${ownNamespace}:${label}`);
      }
    }
  }
  return labels;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let resourcesSource = '';
  try {
    resourcesSource = readFileSync(RESOURCES_PATH, 'utf8');
  } catch {
    // an absent file is stale too
  }
  const problems = checkLocales({
    localesDir: LOCALES_DIR,
    flowFiles: readFlowFiles(FLOWS_DIR),
    resourcesSource,
    expectedLanguages: HAVEN_LANGUAGES,
  });
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    console.error(`check:locales found ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    process.exit(1);
  }
  const checked = readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  console.log(
    `check:locales: ${checked.length} languages complete and consistent; src/i18n/resources.ts up to date`,
  );
}
