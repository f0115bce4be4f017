import type { App } from '@slack/bolt';
import type { Logger, Relay } from '../../core/index.js';
import { slackToPlainText } from './mrkdwn.js';

/**
 * Turns Slack events into core inputs. Only a human's reply inside a case thread of an inbox channel is
 * relayed: top-level messages, other channels, bots (Haven included), edits and deletions are not.
 */
export function registerSlackListeners(
  app: App,
  deps: { relay: Relay; inboxChannels: ReadonlySet<string>; logger: Logger },
): void {
  app.event('message', async ({ event, body }) => {
    const message = event as unknown as {
      subtype?: string;
      bot_id?: string;
      channel: string;
      user?: string;
      text?: string;
      ts: string;
      thread_ts?: string;
    };
    if (message.subtype !== undefined || message.bot_id !== undefined || !message.user) return;
    if (!deps.inboxChannels.has(message.channel)) return;
    if (!message.thread_ts || message.thread_ts === message.ts) return;

    const outcome = await deps.relay.acceptCaseworkerReply({
      eventKey: String((body as { event_id?: string }).event_id ?? `${message.channel}:${message.ts}`),
      inboxChannel: message.channel,
      inboxThread: message.thread_ts,
      inboxMessageId: message.ts,
      text: slackToPlainText(message.text ?? ''),
    });
    deps.logger.debug({ outcome }, 'slack thread message handled');
  });
}
