import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { renderResources } from '../../scripts/bundle-locales.js';
import { buttonLabels, checkLocales } from '../../scripts/check-locales.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/locales/', import.meta.url));
const GOOD = join(FIXTURES, 'good');
const BROKEN = join(FIXTURES, 'broken');

/** One flow whose menu shows two buttons: demo:choose.yes and demo:choose.no. */
const flowFiles = {
  'demo.yaml': [
    'id: demo',
    'start: choose',
    'nodes:',
    '  choose:',
    '    type: menu',
    '    text: choose.text',
    '    options:',
    '      - id: yes',
    '        label: choose.yes',
    '        next: done',
    '      - id: no',
    '        label: choose.no',
    '        next: done',
    '  done:',
    '    type: end',
  ].join('\n'),
};

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyOfGood(): string {
  const dir = mkdtempSync(join(tmpdir(), 'haven-locales-'));
  temporary.push(dir);
  cpSync(GOOD, dir, { recursive: true });
  return dir;
}

describe('check:locales', () => {
  it('finds nothing wrong with complete, consistent locales', () => {
    expect(
      checkLocales({ localesDir: GOOD, flowFiles, expectedLanguages: ['en', 'nl', 'ru', 'ar'] }),
    ).toEqual([]);
  });

  describe('on broken locales', () => {
    const problems = checkLocales({
      localesDir: BROKEN,
      flowFiles,
      expectedLanguages: ['en', 'nl', 'ru', 'ar', 'de', 'pl', 'fr'],
    });

    it.each([
      ['a language folder that is missing', 'locales/ru: folder missing'],
      [
        'a folder for no language of Haven',
        "locales/xx: not one of Haven's languages (en, nl, ru, ar, de, pl, fr)",
      ],
      [
        'a missing meta.json',
        'locales/fr/meta.json: (file): missing (needs nativeName, englishName, dir, review)',
      ],
      ['a meta field missing', 'locales/de/meta.json: englishName: missing or empty'],
      [
        'an unknown meta field',
        'locales/de/meta.json: flag: unknown field; expected nativeName, englishName, dir, review',
      ],
      ['the wrong direction', 'locales/ar/meta.json: dir: is "ltr"; ar is written right to left ("rtl")'],
      ['a missing namespace file', 'locales/fr/demo.json: (file): missing'],
      ['a missing key', 'locales/de/common.json: hello: missing (en: "Hello {{name}}")'],
      ['a key English does not have', 'locales/de/common.json: bye: not in en'],
      ['an empty text', 'locales/de/common.json: how_many: empty'],
      ['a value that is not a text', 'locales/pl/demo.json: choose.no: must be a text, not a list'],
      [
        'a variable English does not use',
        'locales/de/demo.json: choose.yes: uses {{x}}; en uses no variables',
      ],
      ['a misspelt variable', 'locales/pl/common.json: hello: uses {{nme}}; en uses {{name}}'],
      [
        'a code button label that does not fit',
        'locales/de/common.json: exit.button: button label of 30 characters ("Dieses Gespräch sofort beenden"); at most 24 fit',
      ],
      [
        'a missing plural form',
        'locales/pl/common.json: messages_few: missing plural form (pl needs one, few, many, other)',
      ],
      [
        'a plural form the language does not have',
        'locales/pl/common.json: messages_two: not a plural form of pl (one, few, many, other)',
      ],
      [
        'the inbox namespace outside en and nl',
        'locales/de/inbox.json: (file): caseworker-facing; only en and nl carry it',
      ],
      ['the inbox namespace missing in nl', 'locales/nl/inbox.json: (file): missing'],
    ])('reports %s', (_, line) => {
      expect(problems).toContain(line);
    });

    it('reports nothing about the parts that are right', () => {
      expect(problems.filter((line) => line.startsWith('locales/en/'))).toEqual([]);
      expect(problems.filter((line) => line.startsWith('locales/ar/common.json'))).toEqual([]);
      // "how_many" has no "how_other": an ordinary key, not a plural form.
      expect(problems.filter((line) => line.includes('how_many') && !line.includes('empty'))).toEqual([]);
    });
  });

  it('reports a flow button label that does not fit, in the language where it is too long', () => {
    const dir = copyOfGood();
    writeFileSync(
      join(dir, 'nl/demo.json'),
      JSON.stringify({
        choose: { text: 'Kies er één', yes: 'Ja, dat is precies wat er gebeurd is', no: 'Nee' },
      }),
    );
    expect(checkLocales({ localesDir: dir, flowFiles })).toEqual([
      'locales/nl/demo.json: choose.yes: button label of 36 characters ("Ja, dat is precies wat er gebeurd is"); at most 24 fit',
    ]);
  });

  it('reports a text longer than Telegram takes', () => {
    const dir = copyOfGood();
    writeFileSync(
      join(dir, 'ru/demo.json'),
      JSON.stringify({ choose: { text: 'а'.repeat(4097), yes: 'Да', no: 'Нет' } }),
    );
    expect(checkLocales({ localesDir: dir, flowFiles })).toEqual([
      'locales/ru/demo.json: choose.text: 4097 characters; Telegram takes at most 4096',
    ]);
  });

  it('reports a file that is not JSON, and goes on with the others', () => {
    const dir = copyOfGood();
    writeFileSync(join(dir, 'nl/demo.json'), '{ "choose": ');
    const problems = checkLocales({ localesDir: dir, flowFiles });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^locales\/nl\/demo\.json: \(file\): not valid JSON: /);
  });

  it('reports src/i18n/resources.ts as stale unless it is what bundle:locales would write', () => {
    expect(checkLocales({ localesDir: GOOD, flowFiles, resourcesSource: renderResources(GOOD) })).toEqual([]);
    expect(checkLocales({ localesDir: GOOD, flowFiles, resourcesSource: '// old' })).toEqual([
      'src/i18n/resources.ts: stale: run `npm run bundle:locales`',
    ]);
  });

  it("takes the button labels from the flows' options and the code's own buttons", () => {
    const labels = buttonLabels(flowFiles);
    expect(labels).toContain('demo:choose.yes');
    expect(labels).toContain('common:consent.agree');
    expect(labels).toContain('flow-common:skip');
    expect(labels).not.toContain('demo:choose.text');
  });
});
