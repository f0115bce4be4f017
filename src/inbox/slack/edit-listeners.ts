import type { App } from '@slack/bolt';
import type { AcceptOutcome, CaseworkerEditInput, Logger } from '../../core/index.js';
import { caseworkerEditFrom } from './edits.js';

export interface EditRelay {
  acceptCaseworkerEdit(input: CaseworkerEditInput): Promise<AcceptOutcome>;
}

/**
 * A caseworker's edit or deletion of a thread message: the core decides what it means (a sent reply is
 * edited or deleted on the person's phone; a note stays internal; a deleted case card is drawn again).
 */
export function registerEditListeners(
  app: App,
  deps: { relay: EditRelay; inboxChannels: ReadonlySet<string>; logger: Logger },
): void {
  app.event('message', async ({ body, context }) => {
    const edit = caseworkerEditFrom(
      body as unknown as Record<string, unknown>,
      deps.inboxChannels,
      context.botUserId,
    );
    if (!edit) return;
    const outcome = await deps.relay.acceptCaseworkerEdit(edit);
    deps.logger.debug({ outcome, deleted: edit.text === undefined }, 'slack edit handled');
  });
}
