import type { CaseAction, CaseActionInput } from '../../core/index.js';
import {
  CARD_ACTION_PATTERN,
  CLOSE_MODAL_CALLBACK,
  caseActionOf,
  REPLY_BUTTON,
} from '../slack/card-actions.js';
import { type CloseTarget, closeTargetOf, goodbyeChosen } from '../slack/close-modal.js';
import {
  REPLY_BACK_ACTION,
  REPLY_COMPOSE_CALLBACK,
  REPLY_PREVIEW_CALLBACK,
  type ReplyDialogState,
  type ReplyTarget,
  replyStateOf,
  writtenReply,
} from '../slack/reply-modal.js';

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
  /** `Reply…`: the reply dialog opens. */
  | { kind: 'open-reply-dialog'; triggerId: string; target: ReplyTarget }
  /** The dialog's reply was written: its preview follows. */
  | { kind: 'reply-preview'; viewId: string; actor: string; state: ReplyDialogState; written: string }
  /** "Send" on the preview: exactly the previewed text goes to the person. */
  | { kind: 'reply-send'; viewId: string; actor: string; state: ReplyDialogState }
  /** "Edit" on the preview: back to the words as written. */
  | { kind: 'reply-back'; viewId: string; hash: string | undefined; state: ReplyDialogState }
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
  view?: {
    id?: string;
    hash?: string;
    callback_id?: string;
    private_metadata?: string;
    state?: { values?: unknown };
  };
}

export function cardInteractionOf(
  payload: Record<string, unknown>,
  inboxChannels: ReadonlySet<string>,
): CardInteraction {
  const body = payload as ButtonClick;
  const actor = body.user?.id;
  if (!actor) return { kind: 'ignore' };
  if (
    body.type === 'block_actions' &&
    body.actions?.some((action) => action.action_id === REPLY_BACK_ACTION)
  ) {
    const state = replyStateOf(body.view?.private_metadata);
    if (!state || !inboxChannels.has(state.inboxChannel) || !body.view?.id) return { kind: 'ignore' };
    return { kind: 'reply-back', viewId: body.view.id, hash: body.view.hash, state };
  }
  if (body.type === 'block_actions') return buttonClick(body, actor, inboxChannels);
  if (body.type === 'view_submission' && body.view?.id) {
    const replyStep = replySubmission(body.view as ReplyView, actor, inboxChannels);
    if (replyStep) return replyStep;
  }
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

type ReplyView = NonNullable<ButtonClick['view']> & { id: string };

/** A submitted step of the reply dialog, or undefined when the view is not one. */
function replySubmission(
  view: ReplyView,
  actor: string,
  inboxChannels: ReadonlySet<string>,
): CardInteraction | undefined {
  if (view.callback_id !== REPLY_COMPOSE_CALLBACK && view.callback_id !== REPLY_PREVIEW_CALLBACK) {
    return undefined;
  }
  const state = replyStateOf(view.private_metadata);
  if (!state || !inboxChannels.has(state.inboxChannel)) return { kind: 'ignore' };
  if (view.callback_id === REPLY_COMPOSE_CALLBACK) {
    return {
      kind: 'reply-preview',
      viewId: view.id,
      actor,
      state,
      written: writtenReply(view.state?.values),
    };
  }
  return state.preview ? { kind: 'reply-send', viewId: view.id, actor, state } : { kind: 'ignore' };
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
  if (button.action_id === REPLY_BUTTON) {
    if (!body.trigger_id) return { kind: 'ignore' };
    const caseNumber = Number(button.value);
    return {
      kind: 'open-reply-dialog',
      triggerId: body.trigger_id,
      target: {
        inboxChannel,
        inboxThread,
        ...(Number.isSafeInteger(caseNumber) && caseNumber > 0 ? { caseNumber } : {}),
      },
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
