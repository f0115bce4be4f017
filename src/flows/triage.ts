/**
 * Triage: how soon a person from the team should look at a conversation.
 *
 * The rule (Haven's proposed screening, after the ILO forced-labour indicators):
 *
 *   urgent   danger right now, or under 18, or violence (someone hurt them or forced sexual acts)
 *            together with not being able to leave.
 *   high     at least one strong indicator plus at least one other indicator. Strong: being made to do
 *            things (coercion), debt, documents kept by someone else, not able to leave, threats, violence,
 *            or pay that is nothing or kept by someone else.
 *   medium   any one indicator.
 *   low      some answers, but none points to an indicator.
 *   unclear  nothing answered, or everything skipped.
 *
 * An indicator neither proves nor disproves anything: the level only says how soon a human should look.
 * Triage never concludes that someone is, or is not, a victim, and the person is never told a level;
 * every level ends with a person from the team.
 *
 * "Answered" means any recorded answer that was not skipped: a button or the person's own words.
 * Written answers carry no indicator (only a human can read them), so they add the reason
 * `free_text_to_read`, whatever the level.
 */
import { EXPLOITATION_FORMS, INDICATORS } from './definition.js';
import type { RecordEffect } from './engine.js';

/** What the host stores of each `record` effect (the effect itself will do). */
export type RecordedAnswer = Omit<RecordEffect, 'type'>;

export type TriageLevel = 'urgent' | 'high' | 'medium' | 'low' | 'unclear';

export type TriageReason =
  | 'danger_now'
  | 'minor'
  | 'violence_and_confinement'
  | 'strong_indicator_and_another'
  | 'one_indicator'
  | 'answers_without_indicator'
  | 'nothing_answered'
  | 'free_text_to_read';

export interface TriageFacts {
  /** The case's `minor` field as set by the flow: "yes", "no" or "undisclosed". */
  minor?: string;
  dangerNow?: boolean;
}

export interface TriageResult {
  level: TriageLevel;
  /** Every indicator found, in a fixed order. */
  indicators: string[];
  /** The strong ones among them. */
  strongIndicators: string[];
  /** Forms of exploitation the answers point to (art. 433quinquies). */
  forms: string[];
  /** Why, as codes the inbox turns into words. */
  reasons: TriageReason[];
}

/** Strong indicators whatever the answer. */
export const STRONG_INDICATORS: readonly string[] = [
  'coercion',
  'debt_bondage',
  'document_retention',
  'restricted_movement',
  'intimidation',
  'violence',
];
/** `withheld_wages` is strong only for these answers of the pay question ("nothing", "someone else keeps it"). */
export const STRONG_WAGE_ANSWERS: readonly string[] = ['nothing', 'kept'];

export function triage(records: readonly RecordedAnswer[], facts: TriageFacts = {}): TriageResult {
  const found = new Set<string>();
  const strong = new Set<string>();
  const forms = new Set<string>();
  for (const record of records) {
    for (const form of record.forms ?? []) forms.add(form);
    if (record.indicator === undefined) continue;
    found.add(record.indicator);
    if (
      STRONG_INDICATORS.includes(record.indicator) ||
      (record.indicator === 'withheld_wages' && STRONG_WAGE_ANSWERS.includes(record.answer))
    ) {
      strong.add(record.indicator);
    }
  }
  const indicators = ordered(found, INDICATORS);
  const strongIndicators = ordered(strong, INDICATORS);
  const answered = records.some((record) => record.answer !== 'skipped');
  const freeText = records.some((record) => record.answer === 'free_text');

  const urgent: TriageReason[] = [];
  if (facts.dangerNow === true || found.has('danger_now')) urgent.push('danger_now');
  if (facts.minor === 'yes' || found.has('minor')) urgent.push('minor');
  if (found.has('violence') && found.has('restricted_movement')) urgent.push('violence_and_confinement');

  let level: TriageLevel;
  let reasons: TriageReason[];
  if (urgent.length > 0) {
    level = 'urgent';
    reasons = urgent;
  } else if (strongIndicators.length >= 1 && indicators.length >= 2) {
    level = 'high';
    reasons = ['strong_indicator_and_another'];
  } else if (indicators.length >= 1) {
    level = 'medium';
    reasons = ['one_indicator'];
  } else if (answered) {
    level = 'low';
    reasons = ['answers_without_indicator'];
  } else {
    level = 'unclear';
    reasons = ['nothing_answered'];
  }
  if (freeText) reasons.push('free_text_to_read');
  return { level, indicators, strongIndicators, forms: ordered(forms, EXPLOITATION_FORMS), reasons };
}

function ordered(values: ReadonlySet<string>, order: readonly string[]): string[] {
  const known = order.filter((value) => values.has(value));
  const unknown = [...values].filter((value) => !order.includes(value)).sort();
  return [...known, ...unknown];
}
