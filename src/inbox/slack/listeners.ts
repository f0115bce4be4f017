import type { App } from '@slack/bolt';
import type {
  AcceptOutcome,
  CaseActionInput,
  CaseworkerReplyInput,
  Logger,
  Texts,
} from '../../core/index.js';
import { registerCardListeners } from './card-listeners.js';
import { type ReplyMode, renderHome } from './home.js';
import { slackToPlainText, stripLeadingMention } from './mrkdwn.js';

/** The part of the core's Relay the Slack adapter calls. */
export interface SlackRelay {
  acceptCaseworkerReply(input: CaseworkerReplyInput): Promise<AcceptOutcome>;
  acceptCaseworkerAction(input: CaseActionInput): Promise<AcceptOutcome>;
}

export interface ListenerDeps {
  relay: SlackRelay;
  inboxChannels: ReadonlySet<string>;
  texts: Texts;
  inboxLanguage: string;
  /** Only shapes the Home tab's guide; the core applies the mode. */
  replyMode: ReplyMode | undefined;
  logger: Logger;
}

/**
 * Turns Slack events into core inputs. Only a human's reply inside a case thread of an inbox channel is
 * relayed: top-level messages, other channels, bots (Haven included), edits and deletions are not. Whether
 * a reply reaches the person or stays an internal note is the core's decision (its reply mode); the
 * adapter only reports who wrote and whether the message began by mentioning Haven.
 */
export function registerSlackListeners(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body, context }) => {
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

    const { text, mentioned } = stripLeadingMention(message.text ?? '', context.botUserId);
    const outcome = await deps.relay.acceptCaseworkerReply({
      eventKey: String((body as { event_id?: string }).event_id ?? `${message.channel}:${message.ts}`),
      inboxChannel: message.channel,
      inboxThread: message.thread_ts,
      inboxMessageId: message.ts,
      author: message.user,
      text: slackToPlainText(text),
      addressedToHaven: mentioned,
    });
    deps.logger.debug({ outcome, addressedToHaven: mentioned }, 'slack thread message handled');
  });

  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({
        user_id: event.user,
        view: renderHome({
          texts: deps.texts,
          inboxLanguage: deps.inboxLanguage,
          ...(context.botUserId ? { botUserId: context.botUserId } : {}),
          ...(deps.replyMode ? { replyMode: deps.replyMode } : {}),
        }),
      });
    } catch (error) {
      // The guide is shown again the next time the tab opens; nothing is lost.
      deps.logger.warn({ err: (error as Error).name }, 'could not publish the Home tab');
    }
  });

  registerCardListeners(app, deps);
}
