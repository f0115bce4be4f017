import type { App, BlockAction } from '@slack/bolt';
import type { ModalView, WebClient } from '@slack/web-api';
import type { Logger, Texts } from '../../core/index.js';
import { isCaseworker } from './listeners.js';
import {
  answerComposedReply,
  answerPreviewSent,
  composeAgain,
  notAllowedAnswer,
  type ReplyRelay,
} from './reply-dialog.js';
import {
  REPLY_BACK_ACTION,
  REPLY_COMPOSE_CALLBACK,
  REPLY_PREVIEW_CALLBACK,
  type ReplyTarget,
  renderReplyCompose,
  replyStateOf,
  writtenReply,
} from './reply-modal.js';

export interface ReplyListenerDeps {
  relay: ReplyRelay;
  inboxChannels: ReadonlySet<string>;
  texts: Texts;
  inboxLanguage: string;
  caseworkers?: ReadonlySet<string>;
  logger: Logger;
}

/** `Reply…` on a case card: the dialog opens on the click's trigger. */
export async function openReplyDialog(
  client: WebClient,
  deps: Pick<ReplyListenerDeps, 'texts' | 'inboxLanguage'>,
  input: { triggerId: string; target: ReplyTarget },
): Promise<void> {
  await client.views.open({ trigger_id: input.triggerId, view: renderReplyCompose(input.target, deps) });
}

/**
 * The steps of the reply dialog through Bolt. Submissions are answered in the HTTP response (the
 * receiver answers once the listener is done), so a preview that takes longer than Slack waits is
 * answered with a "preparing" step and finished afterwards, without holding the answer back.
 */
export function registerReplyListeners(app: App, deps: ReplyListenerDeps): void {
  app.view(
    { type: 'view_submission', callback_id: REPLY_COMPOSE_CALLBACK },
    async ({ body, view, ack, client }) => {
      const state = replyStateOf(view.private_metadata);
      if (!state || !deps.inboxChannels.has(state.inboxChannel)) {
        await ack();
        return;
      }
      if (!isCaseworker(deps, body.user.id)) {
        await ack(notAllowedAnswer(deps));
        return;
      }
      const { answer, later } = await answerComposedReply(deps, state, writtenReply(view.state.values));
      await ack(answer);
      if (later) void finishLater(client, deps.logger, view.id, later);
    },
  );

  app.view({ type: 'view_submission', callback_id: REPLY_PREVIEW_CALLBACK }, async ({ body, view, ack }) => {
    const state = replyStateOf(view.private_metadata);
    if (!state?.preview || !deps.inboxChannels.has(state.inboxChannel)) {
      await ack();
      return;
    }
    if (!isCaseworker(deps, body.user.id)) {
      await ack(notAllowedAnswer(deps, state));
      return;
    }
    const answer = await answerPreviewSent(deps, { viewId: view.id, author: body.user.id, state });
    await ack(answer);
  });

  app.action({ type: 'block_actions', action_id: REPLY_BACK_ACTION }, async ({ body, ack, client }) => {
    await ack();
    const view = (body as BlockAction).view;
    const state = replyStateOf(view?.private_metadata);
    if (!view || !state || !deps.inboxChannels.has(state.inboxChannel)) return;
    try {
      await client.views.update({ view_id: view.id, hash: view.hash, view: composeAgain(deps, state) });
    } catch (error) {
      // Closed meanwhile, or changed by another click (hash): nothing to do.
      deps.logger.warn({ err: (error as Error).name }, 'could not show the reply dialog again');
    }
  });
}

/** Replaces the "preparing" step with the preview (or why there is none) once it is ready. */
async function finishLater(
  client: WebClient,
  logger: Logger,
  viewId: string,
  later: Promise<ModalView>,
): Promise<void> {
  try {
    await client.views.update({ view_id: viewId, view: await later });
  } catch (error) {
    // The caseworker closed the dialog meanwhile: nothing was sent, nothing is lost.
    logger.warn({ err: (error as Error).name }, 'could not show a reply preview');
  }
}
