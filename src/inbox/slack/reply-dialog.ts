import type { ModalView } from '@slack/web-api';
import type {
  AcceptOutcome,
  CaseworkerComposedReplyInput,
  Logger,
  ReplyPreviewOutcome,
} from '../../core/index.js';
import { inboxWords } from './card-text.js';
import {
  REPLY_BLOCK,
  type ReplyDialogState,
  type ReplyDialogWords,
  type ReplyTarget,
  renderReplyCompose,
  renderReplyPreview,
  renderReplyProblem,
  renderReplyWait,
} from './reply-modal.js';

/**
 * What the reply dialog's steps do, whichever adapter carries them (Bolt on Node, plain fetch on
 * Workers): each returns the answer Slack expects to a view_submission. The core makes the preview (it
 * owns machine translation) and sends exactly what was previewed.
 */

/** The part of the core's Relay the reply dialog calls. */
export interface ReplyRelay {
  previewCaseworkerReply(input: {
    inboxChannel: string;
    inboxThread: string;
    text: string;
  }): Promise<ReplyPreviewOutcome>;
  acceptCaseworkerComposedReply(input: CaseworkerComposedReplyInput): Promise<AcceptOutcome>;
}

export interface ReplyDialogDeps extends ReplyDialogWords {
  relay: ReplyRelay;
  logger: Logger;
  /** How long a preview may take before the dialog shows "preparing" and follows up (tests shorten it). */
  previewWithinMs?: number;
}

/** The answer to a view_submission: the next step, errors beside the input, or nothing (closes). */
export type ViewAnswer =
  | { response_action: 'update'; view: ModalView }
  | { response_action: 'errors'; errors: Record<string, string> }
  | undefined;

/**
 * Slack waits three seconds for the answer to a submission, the way there and back included. A preview
 * (a machine translation) not ready within this gets a "preparing" step and replaces it when it is.
 */
export const PREVIEW_WITHIN_MS = 2000;

/**
 * The compose step was submitted: the answer is the preview, or, when a translation takes longer than
 * Slack waits, a "preparing" step, with `later` the view that replaces it (views.update) once ready.
 */
export async function answerComposedReply(
  deps: ReplyDialogDeps,
  target: ReplyTarget,
  written: string,
): Promise<{ answer: ViewAnswer; later?: Promise<ModalView> }> {
  const words = inboxWords(deps.texts, deps.inboxLanguage);
  if (written.trim() === '') return { answer: errors(words.t('card:replyModal.empty')) };
  const step = deps.relay
    .previewCaseworkerReply({
      inboxChannel: target.inboxChannel,
      inboxThread: target.inboxThread,
      text: written,
    })
    .then(
      (outcome): PreviewStep => previewStep(deps, target, outcome),
      (error: unknown): PreviewStep => {
        deps.logger.error({ err: (error as Error).name }, 'a reply preview could not be made');
        return { problem: words.t('card:replyModal.unavailable') };
      },
    );
  const inTime = await withinMs(step, deps.previewWithinMs ?? PREVIEW_WITHIN_MS);
  if (inTime) {
    return { answer: inTime.view ? update(inTime.view) : errors(inTime.problem) };
  }
  return {
    answer: update(renderReplyWait(target, deps, written)),
    later: step.then((late) => late.view ?? renderReplyProblem(target, deps, written, late.problem)),
  };
}

/**
 * "Send" on the preview: exactly the previewed text goes to the person. The view's id is the key, so a
 * second submission of the same dialog sends nothing. Nothing left to answer closes the dialog.
 */
export async function answerPreviewSent(
  deps: ReplyDialogDeps,
  input: { viewId: string; author: string; state: ReplyDialogState },
): Promise<ViewAnswer> {
  const { state } = input;
  const words = inboxWords(deps.texts, deps.inboxLanguage);
  const written = state.preview?.written ?? '';
  if (!state.preview) return undefined;
  try {
    const outcome = await deps.relay.acceptCaseworkerComposedReply({
      eventKey: `view:${input.viewId}`,
      inboxChannel: state.inboxChannel,
      inboxThread: state.inboxThread,
      author: input.author,
      preview: state.preview,
    });
    deps.logger.info(
      { outcome, translated: state.preview.translation !== null },
      'reply from the dialog handled',
    );
    if (outcome === 'ignored') {
      return update(renderReplyProblem(state, deps, written, words.t('card:replyModal.noCase')));
    }
    return undefined;
  } catch (error) {
    // The dialog stays open and says so; "Edit" leads back to the words, to try again.
    deps.logger.error({ err: (error as Error).name }, 'a reply from the dialog could not be stored');
    return update(renderReplyProblem(state, deps, written, words.t('card:replyModal.sendFailed')));
  }
}

/** "Edit": back to composing, with the words as the caseworker wrote them. */
export function composeAgain(deps: ReplyDialogWords, state: ReplyDialogState): ModalView {
  return renderReplyCompose(state, deps, state.written ?? state.preview?.written ?? '');
}

/**
 * Refused at submission: someone not on SLACK_CASEWORKERS. The dialog says why (beside the input, or in
 * place of the preview, which has none) and sends nothing.
 */
export function notAllowedAnswer(deps: ReplyDialogWords, state?: ReplyDialogState): ViewAnswer {
  const why = inboxWords(deps.texts, deps.inboxLanguage).t('card:refusal.notAllowed');
  return state ? update(renderReplyProblem(state, deps, state.written ?? '', why)) : errors(why);
}

/** The preview, or why there is none. */
type PreviewStep = { view: ModalView; problem?: undefined } | { view?: undefined; problem: string };

function previewStep(deps: ReplyDialogDeps, target: ReplyTarget, outcome: ReplyPreviewOutcome): PreviewStep {
  const words = inboxWords(deps.texts, deps.inboxLanguage);
  switch (outcome.outcome) {
    case 'ready': {
      const view = renderReplyPreview(target, deps, outcome);
      return view ? { view } : { problem: words.t('card:replyModal.tooLong') };
    }
    case 'failed':
      return { problem: words.t('card:replyModal.failed', { reason: outcome.reason }) };
    case 'empty':
      return { problem: words.t('card:replyModal.empty') };
    case 'ignored':
      return { problem: words.t('card:replyModal.noCase') };
  }
}

/** The value of `promise` if it settles within `ms`, else undefined (and it carries on). */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function update(view: ModalView): ViewAnswer {
  return { response_action: 'update', view };
}

function errors(message: string): ViewAnswer {
  return { response_action: 'errors', errors: { [REPLY_BLOCK]: message } };
}
