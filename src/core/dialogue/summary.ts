import { triage } from '../../flows/index.js';
import type { Conversation, StoredAnswer } from '../model.js';
import { routeCase } from '../routing.js';
import type { DialogueContext } from './context.js';

/**
 * The caseworkers' summary of a finished (or stopped) flow, in the inbox language: role, triage level and
 * why, indicators met, likely forms of exploitation, region and centre. It informs a human; it never says
 * whether someone is or is not a victim.
 */
export function summaryForInbox(
  flowId: string,
  answers: readonly StoredAnswer[],
  conversation: Conversation,
  context: DialogueContext,
): string {
  const { texts, inboxLanguage: lang, routing } = context;
  const t = (key: string, values?: Record<string, unknown>) => texts.t(lang, `inbox:${key}`, values);
  const result = triage(
    answers.map((answer) => ({
      flowId: answer.flowId,
      nodeId: answer.nodeId,
      questionKey: answer.questionKey,
      answer: answer.answer,
      ...(answer.indicator ? { indicator: answer.indicator } : {}),
      ...(answer.forms.length > 0 ? { forms: answer.forms } : {}),
    })),
    {
      ...(conversation.facts.minor ? { minor: conversation.facts.minor } : {}),
      dangerNow: conversation.urgent === 'danger_now',
    },
  );
  const none = t('summary.none');
  const list = (values: string[], group: string) =>
    values.length === 0 ? none : values.map((value) => t(`${group}.${value}`)).join(', ');
  const { facts } = conversation;
  const centre = routeCase(facts, routing.centres);
  const answered = answers.filter((answer) => answer.answer !== 'skipped').length;
  const lines = [
    t('summary.title', { flow: t(`flowName.${flowId}`) }),
    t('summary.role', { role: t(`role.${facts.role ?? 'unknown'}`) }),
    t('summary.triage', {
      level: t(`triage.${result.level}`),
      reasons: result.reasons.map((reason) => t(`triageReason.${reason}`)).join('; '),
    }),
    t('summary.indicators', { indicators: list(result.indicators, 'indicator') }),
    t('summary.forms', { forms: list(result.forms, 'form') }),
    t('summary.region', {
      region: t(`region.${facts.region ?? 'unknown'}`),
      centre: centre?.name ?? t('summary.defaultInbox'),
    }),
    t('summary.answered', { answered, total: answers.length }),
    t('summary.disclaimer'),
  ];
  return lines.join('\n');
}
