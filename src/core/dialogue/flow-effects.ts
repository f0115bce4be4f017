import { type FlowEffect, type FlowInput, type FlowState, type SayEffect, step } from '../../flows/index.js';
import type { StoredAnswer } from '../model.js';
import { flowVariables, routeCase } from '../routing.js';
import type { DialogueContext } from './context.js';
import { summaryForInbox } from './summary.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * Runs one step of the person's flow and carries out its effects on the turn: texts to the person (and
 * their English version to the inbox), answers as data, case facts, alerts and hand-overs.
 * `earlierAnswers` loads what was answered before, only when a summary needs it.
 */
export async function runFlowStep(
  turn: TurnBuilder,
  input: FlowInput,
  context: DialogueContext,
  earlierAnswers: () => Promise<StoredAnswer[]>,
): Promise<FlowEffect[]> {
  const current = turn.conversation.flow ?? undefined;
  const result = step(context.flows, current as FlowState | undefined, input, { nonce: context.nonce });
  turn.set({ flow: result.state ?? null });
  for (const effect of result.effects) await applyEffect(turn, effect, context, earlierAnswers);
  return result.effects;
}

async function applyEffect(
  turn: TurnBuilder,
  effect: FlowEffect,
  context: DialogueContext,
  earlierAnswers: () => Promise<StoredAnswer[]>,
): Promise<void> {
  const { texts, inboxLanguage } = context;
  switch (effect.type) {
    case 'say':
      say(turn, effect, context);
      return;
    case 'record':
      turn.answer({
        flowId: effect.flowId,
        nodeId: effect.nodeId,
        questionKey: effect.questionKey,
        indicator: effect.indicator ?? null,
        answer: effect.answer,
        answerKey: effect.answerKey ?? null,
        freeText: effect.freeText ?? null,
        forms: effect.forms ?? [],
      });
      return;
    case 'set':
      turn.set({ facts: { [effect.field]: effect.value } });
      if (effect.field === 'region' || effect.field === 'minor') routeToCentre(turn, context);
      return;
    case 'urgent':
      // Alert once per case: a second reason is noted in the summary, not rung again.
      if (turn.conversation.urgent) return;
      turn.set({ urgent: effect.reason });
      turn.noteForInbox(
        texts.t(inboxLanguage, 'inbox:notice.urgent', {
          reason: texts.t(inboxLanguage, `inbox:urgentReason.${effect.reason}`),
        }),
        'alert',
      );
      return;
    case 'handover':
      turn.set({ mode: 'human' });
      turn.noteForInbox(texts.t(inboxLanguage, `inbox:notice.handover.${effect.reason}`));
      return;
    case 'silence':
      turn.set({ silenced: true });
      turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.silenced'));
      return;
    case 'summary': {
      const answers = [...(await earlierAnswers()), ...turn.answers].filter(
        (answer) => answer.flowId === effect.flowId,
      );
      turn.noteForInbox(summaryForInbox(effect.flowId, answers, turn.conversation, context), 'summary');
      return;
    }
    case 'stale':
      turn.notice = texts.t(turn.conversation.language, 'common:stale');
      return;
  }
}

/**
 * Once the region (or age) names a centre with its own inbox channel, the case moves there: a new card
 * opens in that channel and the conversation continues in its thread. The earlier thread stays where it
 * is, for the record.
 */
function routeToCentre(turn: TurnBuilder, context: DialogueContext): void {
  const centre = routeCase(turn.conversation.facts, context.routing.centres);
  const target = centre?.inboxChannel;
  if (!centre || !target || target === turn.conversation.inboxChannel) return;
  turn.set({ inboxChannel: target, inboxThread: null });
  turn.refreshCard();
  turn.noteForInbox(context.texts.t(context.inboxLanguage, 'inbox:notice.routed', { centre: centre.name }));
}

/** A flow text in the person's language, its buttons translated, and the same text in English for the inbox. */
export function say(turn: TurnBuilder, effect: SayEffect, context: DialogueContext): void {
  const { texts, inboxLanguage, routing } = context;
  const { language, facts } = turn.conversation;
  const values = { ...flowVariables(facts, routing), ...effect.values };
  const buttons = effect.buttons?.map((row) =>
    row.map((button) => ({ text: texts.t(language, button.labelKey), data: button.data })),
  );
  const inboxButtons = effect.buttons
    ?.flat()
    .map((button) => texts.t(inboxLanguage, button.labelKey))
    .join(' · ');
  const inboxText =
    texts.t(inboxLanguage, effect.key, values) + (inboxButtons ? `\n[ ${inboxButtons} ]` : '');
  turn.toPerson(texts.t(language, effect.key, values), {
    ...(buttons ? { buttons } : {}),
    inboxText,
  });
}
