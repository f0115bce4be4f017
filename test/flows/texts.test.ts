import { describe, expect, it } from 'vitest';
import { resources } from '../../src/i18n/resources.js';
import { registry } from './harness.js';

/** Namespaces the flows own: one per flow, plus the shared answers. */
const FLOW_NAMESPACES = ['flow-common', ...registry.ids()] as const;

/** Words a question or a button never uses (the Payoke way: "someone", "the person you work for"). */
const NEVER_ASKED: Record<string, RegExp> = {
  en: /\b(victims?|traffick\w*|smuggl\w*|slave\w*)\b/i,
  nl: /\b(slachtoffers?|mensenhandel\w*|mensensmokkel\w*|slaaf|slaven)\b/i,
};

function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    flatten(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function textsOf(language: keyof typeof resources, namespace: string): Map<string, string> {
  const catalog = resources[language] as Record<string, unknown>;
  return new Map(flatten(catalog[namespace]).map(([key, text]) => [`${namespace}:${key}`, text]));
}

/** Every key a flow uses: node texts and option labels. */
function usedKeys(): Map<string, 'question' | 'label' | 'other'> {
  const used = new Map<string, 'question' | 'label' | 'other'>([
    ['flow-common:skip', 'label'],
    ['flow-common:stop', 'label'],
  ]);
  for (const id of registry.ids()) {
    for (const node of Object.values(registry.get(id).nodes)) {
      if (node.type === 'flow') continue;
      if (node.text !== undefined)
        used.set(node.text, node.type === 'question' || node.type === 'menu' ? 'question' : 'other');
      if (node.type === 'question' || node.type === 'menu')
        for (const option of node.options) used.set(option.label, 'label');
    }
  }
  return used;
}

describe('flow texts', () => {
  const used = usedKeys();

  it.each(Object.keys(resources) as (keyof typeof resources)[])('in "%s" have no unused keys', (language) => {
    for (const namespace of FLOW_NAMESPACES) {
      for (const key of textsOf(language, namespace).keys())
        expect(used.has(key), `${language} ${key} is never used`).toBe(true);
    }
  });

  it.each(Object.keys(NEVER_ASKED))(
    'never say "victim" or "trafficker" in a question or a button (%s)',
    (language) => {
      for (const [key, kind] of used) {
        if (kind === 'other') continue;
        const text = textsOf(language as keyof typeof resources, key.split(':')[0]!).get(key) ?? '';
        expect(text, key).not.toMatch(NEVER_ASKED[language]!);
      }
    },
  );

  it('are translated into Dutch, not copied from English', () => {
    const same = new Set(['witness:place.online']);
    for (const namespace of FLOW_NAMESPACES) {
      const nl = textsOf('nl', namespace);
      for (const [key, en] of textsOf('en', namespace)) {
        if (same.has(key)) continue;
        expect(nl.get(key), key).not.toBe(en);
      }
    }
  });

  it('use "je", not "u", in Dutch', () => {
    for (const namespace of FLOW_NAMESPACES) {
      for (const [key, text] of textsOf('nl', namespace)) expect(text, key).not.toMatch(/\b(u|uw)\b/i);
    }
  });

  it('keep questions short: at most three sentences before any list', () => {
    for (const [key, kind] of used) {
      if (kind !== 'question') continue;
      const en = textsOf('en', key.split(':')[0]!).get(key) ?? '';
      const head = en.split('\n')[0]!;
      expect(head.split(/(?<=[.?!])\s+/).length, key).toBeLessThanOrEqual(3);
    }
  });
});
