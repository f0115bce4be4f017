import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { CARD_ACTION_PATTERN, CLOSE_MODAL_CALLBACK, caseActionOf, REPLY_BUTTON } from './card-actions.js';
import { inboxWords } from './card-text.js';
import { closeTargetOf, GOODBYE_BLOCK, goodbyeChosen, renderCloseModal } from './close-modal.js';
import { isCaseworker, type ListenerDeps, tellOnly } from './listeners.js';
import { openReplyDialog, registerReplyListeners } from './reply-listeners.js';

/**
 * The case card's buttons. A click is stored by the core before it is acknowledged: if storing fails,
 * Slack shows the caseworker that the click did not work (interactions are never resent). `Close` first
 * asks, in a modal, whether the person gets a goodbye; the modal's submission closes the case. Clicks on
 * a card outside the inbox channels are ignored; with SLACK_CASEWORKERS set, a click from anyone else
 * changes nothing and its author is told why.
 */
export function registerCardListeners(app: App, deps: ListenerDeps): void {
  const words = inboxWords(deps.texts, deps.inboxLanguage);

  app.action(
    { type: 'block_actions', action_id: CARD_ACTION_PATTERN },
    async ({ body, action, ack, client }) => {
      const click = body as BlockAction;
      const button = action as ButtonAction;
      const inboxChannel: unknown = click.channel?.id ?? click.container.channel_id;
      // The card is the thread's parent, so the clicked message's ts is the case's thread.
      const inboxThread: unknown = click.message?.ts ?? click.container.message_ts;
      if (
        typeof inboxChannel !== 'string' ||
        typeof inboxThread !== 'string' ||
        !deps.inboxChannels.has(inboxChannel)
      ) {
        await ack();
        return;
      }
      if (!isCaseworker(deps, click.user.id)) {
        await ack();
        await tellOnly(client, deps, { channel: inboxChannel, user: click.user.id }, 'notAllowed');
        deps.logger.info({}, 'a card click from someone not on the caseworker list changed nothing');
        return;
      }

      if (button.action_id === CLOSE_MODAL_CALLBACK) {
        await ack();
        const caseNumber = Number(button.value);
        await client.views.open({
          trigger_id: click.trigger_id,
          view: renderCloseModal({
            target: { inboxChannel, inboxThread },
            caseNumber: Number.isSafeInteger(caseNumber) && caseNumber > 0 ? caseNumber : undefined,
            texts: deps.texts,
            inboxLanguage: deps.inboxLanguage,
          }),
        });
        return;
      }

      if (button.action_id === REPLY_BUTTON) {
        await ack();
        const caseNumber = Number(button.value);
        await openReplyDialog(client, deps, {
          triggerId: click.trigger_id,
          target: {
            inboxChannel,
            inboxThread,
            ...(Number.isSafeInteger(caseNumber) && caseNumber > 0 ? { caseNumber } : {}),
          },
        });
        return;
      }

      const caseAction = caseActionOf(button.action_id);
      if (!caseAction) {
        await ack();
        return;
      }
      const outcome = await deps.relay.acceptCaseworkerAction({
        // Slack never resends a click, and two clicks have two action_ts: this key is per click.
        eventKey: `action:${click.user.id}:${button.action_id}:${button.action_ts}`,
        inboxChannel,
        inboxThread,
        actor: click.user.id,
        action: caseAction,
      });
      await ack();
      deps.logger.info({ action: caseAction.type, outcome }, 'case card action handled');
    },
  );

  app.view({ type: 'view_submission', callback_id: CLOSE_MODAL_CALLBACK }, async ({ body, view, ack }) => {
    const target = closeTargetOf(view.private_metadata);
    if (!target || !deps.inboxChannels.has(target.inboxChannel)) {
      await ack();
      return;
    }
    if (!isCaseworker(deps, body.user.id)) {
      // The modal stays open and says why; nothing is closed.
      await ack({
        response_action: 'errors',
        errors: { [GOODBYE_BLOCK]: words.t('card:refusal.notAllowed') },
      });
      return;
    }
    const goodbye = goodbyeChosen(view.state.values);
    try {
      const outcome = await deps.relay.acceptCaseworkerAction({
        // One modal closes one case once: a second submission of the same view is a duplicate.
        eventKey: `view:${view.id}`,
        inboxChannel: target.inboxChannel,
        inboxThread: target.inboxThread,
        actor: body.user.id,
        action: { type: 'close', goodbye },
      });
      await ack();
      deps.logger.info({ action: 'close', goodbye, outcome }, 'case card action handled');
    } catch (error) {
      // The modal stays open with a reason, so the caseworker can simply try again.
      deps.logger.error({ err: (error as Error).name }, 'closing a case failed');
      await ack({
        response_action: 'errors',
        errors: { [GOODBYE_BLOCK]: words.t('card:closeModal.failed') },
      });
    }
  });

  registerReplyListeners(app, deps);
}
