import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH, readFlowFiles, renderBundledFlows } from '../../scripts/bundle-flows.js';
import {
  type FlowIssueCode,
  FlowRegistry,
  FlowValidationError,
  type LocaleCatalog,
  loadBundledFlows,
} from '../../src/flows/index.js';
import { resources } from '../../src/i18n/resources.js';

const BROKEN = new URL('./broken/', import.meta.url);

/** Texts the fixtures use, in two languages, each with one deliberate flaw the fixtures point at. */
const catalog: LocaleCatalog = {
  en: {
    'flow-common': resources.en['flow-common'],
    fixture: {
      ask: 'Is this a question?',
      yes: 'Yes',
      no: 'No',
      bye: 'Goodbye.',
      onlyEn: 'Only in English.',
      longLabel: 'Short',
      unknownVariable: 'Come to {{centreAddress}}.',
      phoneMismatch: 'Call {{centrePhone}}.',
    },
  },
  nl: {
    'flow-common': resources.nl['flow-common'],
    fixture: {
      ask: 'Is dit een vraag?',
      yes: 'Ja',
      no: 'Nee',
      bye: 'Tot ziens.',
      longLabel: 'Een veel te lang knoplabel voor een gsm',
      unknownVariable: 'Kom naar {{centreAddress}}.',
      phoneMismatch: 'Bel ons.',
    },
  },
};

const VALID = `
id: valid
namespace: fixture
start: ask
stop: bye
nodes:
  ask:
    type: question
    text: ask
    options:
      - { id: yes, label: yes }
      - { id: no, label: no }
    next: bye
    skip: bye
  bye:
    type: end
    text: bye
`;

/** Each broken fixture, and the one kind of issue it must raise. */
const EXPECTED: Record<string, FlowIssueCode> = {
  'invalid-yaml.yaml': 'yaml',
  'schema-invalid.yaml': 'schema',
  'id-mismatch.yaml': 'id_mismatch',
  'missing-target.yaml': 'missing_target',
  'unreachable-node.yaml': 'unreachable',
  'no-exit.yaml': 'no_exit',
  'question-without-skip.yaml': 'no_skip',
  'missing-text.yaml': 'missing_text',
  'label-too-long.yaml': 'label_too_long',
  'callback-too-long.yaml': 'callback_too_long',
  'unknown-variable.yaml': 'unknown_variable',
  'variable-mismatch.yaml': 'variable_mismatch',
  'unknown-flow.yaml': 'unknown_flow',
  'stop-not-end.yaml': 'stop_not_end',
  'duplicate-option.yaml': 'duplicate_option',
  'jump-loop.yaml': 'jump_loop',
};

function loadIssues(files: Record<string, string>, locales: LocaleCatalog = catalog) {
  try {
    FlowRegistry.load(files, locales);
  } catch (error) {
    if (error instanceof FlowValidationError) return { error, issues: error.issues };
    throw error;
  }
  return { error: undefined, issues: [] };
}

describe('flow validation', () => {
  it('accepts the fixtures’ valid base flow', () => {
    expect(FlowRegistry.load({ 'valid.yaml': VALID }, catalog).ids()).toEqual(['valid']);
  });

  it('has an expectation for every broken fixture', () => {
    const files = readdirSync(BROKEN).filter((name) => name.endsWith('.yaml'));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))('%s', (file, code) => {
    const text = readFileSync(new URL(file, BROKEN), 'utf8');

    it(`is refused with "${code}" issues only`, () => {
      const { error, issues } = loadIssues({ [file]: text });
      expect(error).toBeInstanceOf(FlowValidationError);
      expect(issues.length).toBeGreaterThan(0);
      expect(new Set(issues.map((issue) => issue.code))).toEqual(new Set([code]));
    });

    it('names the file in every issue and in the message', () => {
      const { error, issues } = loadIssues({ [file]: text });
      for (const issue of issues) expect(issue.file).toBe(file);
      expect(error?.message).toContain(file);
    });
  });

  it('names file, flow, node and field', () => {
    const text = readFileSync(new URL('missing-target.yaml', BROKEN), 'utf8');
    const { error, issues } = loadIssues({ 'missing-target.yaml': text });
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'missing_target',
        file: 'missing-target.yaml',
        flow: 'missing-target',
        node: 'ask',
        field: 'options[1].next',
      }),
    ]);
    expect(error?.message).toContain(
      'missing-target.yaml: flow "missing-target", node "ask", field "options[1].next": target "nowhere" does not exist',
    );
  });

  it('names the node and field of a schema error', () => {
    const text = VALID.replace('text: ask', 'text: ask\n    colour: blue');
    const { issues } = loadIssues({ 'valid.yaml': text });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'schema', node: 'ask', message: expect.stringContaining('"colour"') }),
    ]);
  });

  it('names the language of a missing or too long text', () => {
    const missing = loadIssues({
      'missing-text.yaml': readFileSync(new URL('missing-text.yaml', BROKEN), 'utf8'),
    });
    expect(missing.issues).toEqual([
      expect.objectContaining({
        node: 'hello',
        field: 'text',
        language: 'nl',
        message: expect.stringContaining('fixture:onlyEn'),
      }),
    ]);
    const long = loadIssues({
      'label-too-long.yaml': readFileSync(new URL('label-too-long.yaml', BROKEN), 'utf8'),
    });
    expect(long.issues).toEqual([
      expect.objectContaining({ node: 'ask', field: 'options[0].label', language: 'nl' }),
    ]);
  });

  it('checks every language there is, not only en and nl', () => {
    const withThird: LocaleCatalog = {
      ...catalog,
      ro: { 'flow-common': resources.en['flow-common'], fixture: { ask: 'Întrebare?' } },
    };
    const { issues } = loadIssues({ 'valid.yaml': VALID }, withThird);
    expect(
      issues.map((issue) => [issue.code, issue.language, issue.message.match(/"(fixture:\w+)"/)?.[1]]),
    ).toEqual([
      ['missing_text', 'ro', 'fixture:yes'],
      ['missing_text', 'ro', 'fixture:no'],
      ['missing_text', 'ro', 'fixture:bye'],
    ]);
  });

  it('reports every issue of every file at once', () => {
    const files = Object.fromEntries(
      ['missing-target.yaml', 'no-exit.yaml'].map((file) => [
        file,
        readFileSync(new URL(file, BROKEN), 'utf8'),
      ]),
    );
    const { issues } = loadIssues(files);
    expect(new Set(issues.map((issue) => issue.file))).toEqual(new Set(Object.keys(files)));
  });
});

describe('the shipped flows', () => {
  it('load from the bundle and validate in every shipped language', () => {
    expect(loadBundledFlows().ids()).toEqual(['emergency', 'information', 'screening', 'welcome', 'witness']);
  });

  it('are bundled from exactly the files in flows/ (src/flows/bundled.ts is not stale)', () => {
    expect(readFileSync(BUNDLE_PATH, 'utf8')).toBe(renderBundledFlows(readFlowFiles()));
  });

  it('detect a stale bundle', () => {
    const files = readFlowFiles();
    const changed = { ...files, 'welcome.yaml': `${files['welcome.yaml']}\n# changed\n` };
    expect(renderBundledFlows(changed)).not.toBe(readFileSync(BUNDLE_PATH, 'utf8'));
  });
});
