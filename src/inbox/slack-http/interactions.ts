import type { CaseAction, CaseActionInput } from '../../core/index.js';
import { CARD_ACTION_PATTERN, CLOSE_MODAL_CALLBACK, caseActionOf } from '../slack/card-actions.js';
import { type CloseTarget, closeTargetOf, goodbyeChosen } from '../slack/close-modal.js';

/**
 * What a click or a modal submission on a case card means, decided without any I/O, by the same rules
 * as src/inbox/slack/card-listeners.ts (which routes them through Bolt).
 */
export type CardInteraction =
  /** A card button that is a core action: stored before Slack gets its answer. */
  | { kind: 'action'; input: CaseActionInput }
  /** `Close`: first a modal asks whether the person gets a goodbye. */
  | { kind: 'open-close-modal'; triggerId: string; target: CloseTarget; caseNumber: number | undefined }
  /** The modal's submission: closes the case. */
  | { kind: 'close'; input: CaseActionInput & { action: Extract<CaseAction, { type: 'close' }> } }
  /** Anything else (another app's view, a channel Haven does not serve): acknowledged, nothing done. */
  | { kind: 'ignore' };

interface ButtonClick {
  type?: string;
  user?: { id?: string };
  trigger_id?: string;
  channel?: { id?: string };
  container?: { channel_id?: string; message_ts?: string };
  message?: { ts?: string };
  actions?: Array<{ action_id?: string; value?: string; action_ts?: string }>;
  view?: { id?: string; callback_id?: string; private_metadata?: string; state?: { values?: unknown } };
}

export function cardInteractionOf(
  payload: Record<string, unknown>,
  inboxChannels: ReadonlySet<string>,
): CardInteraction {
  const body = payload as ButtonClick;
  const actor = body.user?.id;
  if (!actor) return { kind: 'ignore' };
  if (body.type === 'block_actions') return buttonClick(body, actor, inboxChannels);
  if (body.type === 'view_submission' && body.view?.callback_id === CLOSE_MODAL_CALLBACK) {
    const target = closeTargetOf(body.view.private_metadata);
    if (!target || !inboxChannels.has(target.inboxChannel) || !body.view.id) return { kind: 'ignore' };
    return {
      kind: 'close',
      input: {
        // One modal closes one case once: a second submission of the same view is a duplicate.
        eventKey: `view:${body.view.id}`,
        ...target,
        actor,
        action: { type: 'close', goodbye: goodbyeChosen(body.view.state?.values) },
      },
    };
  }
  return { kind: 'ignore' };
}

function buttonClick(body: ButtonClick, actor: string, inboxChannels: ReadonlySet<string>): CardInteraction {
  const button = body.actions?.find((action) => CARD_ACTION_PATTERN.test(action.action_id ?? ''));
  const inboxChannel = body.channel?.id ?? body.container?.channel_id;
  // The card is the thread's parent, so the clicked message's ts is the case's thread.
  const inboxThread = body.message?.ts ?? body.container?.message_ts;
  if (!button?.action_id || !inboxChannel || !inboxThread || !inboxChannels.has(inboxChannel)) {
    return { kind: 'ignore' };
  }
  if (button.action_id === CLOSE_MODAL_CALLBACK) {
    if (!body.trigger_id) return { kind: 'ignore' };
    const caseNumber = Number(button.value);
    return {
      kind: 'open-close-modal',
      triggerId: body.trigger_id,
      target: { inboxChannel, inboxThread },
      caseNumber: Number.isSafeInteger(caseNumber) && caseNumber > 0 ? caseNumber : undefined,
    };
  }
  const action = caseActionOf(button.action_id);
  if (!action) return { kind: 'ignore' };
  return {
    kind: 'action',
    // Slack never resends a click, and two clicks have two action_ts: this key is per click.
    input: {
      eventKey: `action:${actor}:${button.action_id}:${button.action_ts}`,
      inboxChannel,
      inboxThread,
      actor,
      action,
    },
  };
}
