import type { App } from '@slack/bolt';
import { CANNED_ACTION_ID, cannedChoiceOf, type MenuChoicePayload } from './canned-menu.js';
import { answerHavenCommand, HAVEN_COMMAND } from './haven-command.js';
import { isCaseworker, type ListenerDeps, tellOnly } from './listeners.js';

/**
 * Prepared information for a person, through Bolt: the "Send information…" menu of the case card and
 * the `/haven` slash command. A choice is stored by the core before it is acknowledged, so a failure to
 * store shows the caseworker that it did not work. With SLACK_CASEWORKERS set, nobody else sends anything.
 */
export function registerCannedListeners(app: App, deps: ListenerDeps): void {
  app.action({ type: 'block_actions', action_id: CANNED_ACTION_ID }, async ({ body, ack, client }) => {
    const choice = cannedChoiceOf(body as MenuChoicePayload, deps.inboxChannels);
    if (!choice) {
      await ack();
      return;
    }
    if (!isCaseworker(deps, choice.actor)) {
      await ack();
      const channel = 'inboxChannel' in choice.target ? choice.target.inboxChannel : '';
      await tellOnly(client, deps, { channel, user: choice.actor }, 'notAllowed');
      deps.logger.info({}, 'a canned reply chosen by someone not on the caseworker list was not sent');
      return;
    }
    const { outcome } = await deps.relay.acceptCannedReply(choice);
    await ack();
    deps.logger.info({ reply: choice.reply, outcome }, 'canned reply from the case card handled');
  });

  app.command(HAVEN_COMMAND, async ({ command, ack }) => {
    const answer = await answerHavenCommand(
      { text: command.text ?? '', userId: command.user_id, invocationId: command.trigger_id },
      {
        texts: deps.texts,
        inboxLanguage: deps.inboxLanguage,
        ...(deps.caseworkers ? { caseworkers: deps.caseworkers } : {}),
        ...(deps.openCases ? { openCases: deps.openCases } : {}),
        sendCannedReply: (input) => deps.relay.acceptCannedReply(input),
        logger: deps.logger,
      },
    );
    await ack(answer);
  });
}
