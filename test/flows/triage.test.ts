import { describe, expect, it } from 'vitest';
import {
  type RecordedAnswer,
  STRONG_WAGE_ANSWERS,
  type TriageFacts,
  type TriageResult,
  triage,
} from '../../src/flows/index.js';
import { registry } from './harness.js';

/** A screening answer: an indicator it points to (or none), the answer id, and forms if any. */
function answer(indicator: string | undefined, answerId = 'yes', forms?: string[]): RecordedAnswer {
  return {
    flowId: 'screening',
    nodeId: indicator ?? 'question',
    questionKey: `screening:${indicator ?? 'question'}.text`,
    ...(indicator === undefined ? {} : { indicator }),
    answer: answerId,
    ...(forms === undefined ? {} : { forms }),
  };
}
const skipped = (): RecordedAnswer => ({ ...answer(undefined), answer: 'skipped' });
const written = (): RecordedAnswer => ({
  ...answer(undefined),
  answer: 'free_text',
  freeText: 'my own words',
});

interface Case {
  name: string;
  records: RecordedAnswer[];
  facts?: TriageFacts;
  expected: Partial<TriageResult>;
}

const cases: Case[] = [
  // urgent
  {
    name: 'danger now (fact)',
    records: [],
    facts: { dangerNow: true },
    expected: { level: 'urgent', reasons: ['danger_now'] },
  },
  {
    name: 'danger now (answer)',
    records: [answer('danger_now')],
    expected: { level: 'urgent', reasons: ['danger_now'] },
  },
  {
    name: 'under 18 (fact)',
    records: [skipped()],
    facts: { minor: 'yes' },
    expected: { level: 'urgent', reasons: ['minor'] },
  },
  {
    name: 'under 18 (answer)',
    records: [answer('minor')],
    expected: { level: 'urgent', reasons: ['minor'] },
  },
  {
    name: 'violence together with cannot leave',
    records: [answer('restricted_movement', 'no'), answer('violence')],
    expected: {
      level: 'urgent',
      reasons: ['violence_and_confinement'],
      strongIndicators: ['restricted_movement', 'violence'],
    },
  },
  {
    name: 'several urgent reasons at once',
    records: [answer('danger_now'), answer('restricted_movement', 'no'), answer('violence')],
    facts: { minor: 'yes' },
    expected: { level: 'urgent', reasons: ['danger_now', 'minor', 'violence_and_confinement'] },
  },
  // high
  {
    name: 'a strong indicator plus a weak one',
    records: [answer('document_retention'), answer('isolation', 'no')],
    expected: {
      level: 'high',
      indicators: ['document_retention', 'isolation'],
      strongIndicators: ['document_retention'],
      reasons: ['strong_indicator_and_another'],
    },
  },
  {
    name: 'two strong indicators',
    records: [answer('coercion'), answer('debt_bondage')],
    expected: { level: 'high' },
  },
  {
    name: 'threats plus deception',
    records: [answer('intimidation'), answer('deception')],
    expected: { level: 'high' },
  },
  {
    name: 'pay kept by someone else plus long hours',
    records: [answer('withheld_wages', 'kept'), answer('excessive_overtime', 'long')],
    expected: { level: 'high', strongIndicators: ['withheld_wages'] },
  },
  {
    name: 'no pay at all plus deception',
    records: [answer('withheld_wages', 'nothing'), answer('deception')],
    expected: { level: 'high' },
  },
  {
    name: 'violence plus deception (but free to leave)',
    records: [answer('violence'), answer('deception')],
    expected: { level: 'high' },
  },
  // medium
  {
    name: 'one strong indicator alone',
    records: [answer('coercion', 'work', ['labour'])],
    expected: {
      level: 'medium',
      strongIndicators: ['coercion'],
      forms: ['labour'],
      reasons: ['one_indicator'],
    },
  },
  {
    name: 'one weak indicator alone',
    records: [answer('deception'), skipped()],
    expected: { level: 'medium', strongIndicators: [] },
  },
  {
    name: 'less pay than agreed is not strong',
    records: [answer('withheld_wages', 'less'), answer('excessive_overtime', 'long')],
    expected: { level: 'medium', strongIndicators: [] },
  },
  {
    name: 'two weak indicators',
    records: [answer('deception'), answer('isolation', 'no')],
    expected: { level: 'medium' },
  },
  {
    name: 'the same strong indicator twice still counts once',
    records: [answer('coercion'), answer('coercion', 'sex', ['sexual'])],
    expected: { level: 'medium', indicators: ['coercion'], forms: ['sexual'] },
  },
  // low
  {
    name: 'answers without any indicator',
    records: [answer(undefined, 'no'), answer(undefined, 'not_sure'), skipped()],
    expected: { level: 'low', indicators: [], reasons: ['answers_without_indicator'] },
  },
  {
    name: 'only written answers',
    records: [written(), skipped()],
    expected: { level: 'low', reasons: ['answers_without_indicator', 'free_text_to_read'] },
  },
  {
    name: 'not under 18',
    records: [answer(undefined, 'no')],
    facts: { minor: 'no' },
    expected: { level: 'low' },
  },
  // unclear
  { name: 'nothing recorded', records: [], expected: { level: 'unclear', reasons: ['nothing_answered'] } },
  {
    name: 'everything skipped',
    records: [skipped(), skipped(), skipped()],
    expected: { level: 'unclear', indicators: [], strongIndicators: [], forms: [] },
  },
  {
    name: 'minor undisclosed, everything skipped',
    records: [skipped()],
    facts: { minor: 'undisclosed' },
    expected: { level: 'unclear' },
  },
];

describe('triage', () => {
  it.each(cases)('$name → $expected.level', ({ records, facts, expected }) => {
    expect(triage(records, facts ?? {})).toMatchObject(expected);
  });

  it('lists indicators and forms in a fixed order, whatever the order of answers', () => {
    const records = [
      answer('isolation', 'no'),
      answer('coercion', 'crime', ['forced_crime']),
      answer('deception'),
      answer('coercion', 'sex', ['sexual']),
    ];
    const result = triage(records);
    expect(result.indicators).toEqual(['deception', 'coercion', 'isolation']);
    expect(result.forms).toEqual(['sexual', 'forced_crime']);
    expect(triage([...records].reverse())).toEqual(result);
  });

  it('adds "free_text_to_read" to any level when there are written answers', () => {
    expect(triage([answer('danger_now'), written()]).reasons).toEqual(['danger_now', 'free_text_to_read']);
    expect(triage([answer('deception'), written()]).reasons).toEqual(['one_indicator', 'free_text_to_read']);
  });

  it('never speaks of victims', () => {
    const all = cases.map(({ records, facts }) => JSON.stringify(triage(records, facts ?? {})));
    expect(all.join(' ')).not.toMatch(/victim/i);
  });

  it('matches the screening flow: its pay question has the strong answers', () => {
    const wages = registry.get('screening').nodes.wages;
    expect(wages?.type === 'question' && wages.indicator).toBe('withheld_wages');
    const ids =
      wages?.type === 'question'
        ? wages.options.filter((option) => option.indicates).map((option) => option.id)
        : [];
    for (const strong of STRONG_WAGE_ANSWERS) expect(ids).toContain(strong);
  });
});
