import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type {
  AcceptOutcome,
  CannedReplyInput,
  CannedReplyOutcome,
  CaseActionInput,
  CaseworkerReplyInput,
  Logger,
  Texts,
} from '../../core/index.js';
import { registerCannedListeners } from './canned-listeners.js';
import { registerCardListeners } from './card-listeners.js';
import { inboxWords } from './card-text.js';
import { fileAttachmentsOf } from './files.js';
import { type HomeCase, type ReplyMode, renderHome } from './home.js';
import { slackToPlainText, stripLeadingMention } from './mrkdwn.js';
import type { ReplyRelay } from './reply-dialog.js';

/** The part of the core's Relay the Slack adapter calls. */
export interface SlackRelay extends ReplyRelay {
  acceptCaseworkerReply(input: CaseworkerReplyInput): Promise<AcceptOutcome>;
  acceptCaseworkerAction(input: CaseActionInput): Promise<AcceptOutcome>;
  acceptCannedReply(input: CannedReplyInput): Promise<CannedReplyOutcome>;
}

export interface ListenerDeps {
  relay: SlackRelay;
  inboxChannels: ReadonlySet<string>;
  texts: Texts;
  inboxLanguage: string;
  /** The open cases the Home tab lists; without it the tab shows only the guide. */
  openCases?: () => Promise<HomeCase[]>;
  /** Only shapes the Home tab's guide; the core applies the mode. */
  replyMode: ReplyMode | undefined;
  /** SLACK_CASEWORKERS: who may answer and use case cards; empty or absent: everyone in the channel. */
  caseworkers?: ReadonlySet<string>;
  logger: Logger;
}

/** Whether `userId` may answer people and change cases. */
export function isCaseworker(deps: Pick<ListenerDeps, 'caseworkers'>, userId: string): boolean {
  return !deps.caseworkers || deps.caseworkers.size === 0 || deps.caseworkers.has(userId);
}

/**
 * A line in the inbox language that only `user` sees, where they acted (chat.postEphemeral). It only
 * explains: failing to show it changes nothing, so a failure is logged and not thrown (which would make
 * Slack send the event again).
 */
export async function tellOnly(
  client: WebClient,
  deps: Pick<ListenerDeps, 'texts' | 'inboxLanguage' | 'logger'>,
  target: { channel: string; user: string; threadTs?: string },
  key: 'notAllowed' | 'emptyReply',
): Promise<void> {
  try {
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: inboxWords(deps.texts, deps.inboxLanguage).t(`card:refusal.${key}`),
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    });
  } catch (error) {
    deps.logger.warn({ err: (error as Error).name, refusal: key }, 'could not tell a caseworker why');
  }
}

/**
 * Turns Slack events into core inputs. Only a human's reply inside a case thread of an inbox channel is
 * relayed: top-level messages, other channels, bots (Haven included), edits and deletions are not; with
 * SLACK_CASEWORKERS set, neither is anyone's not on that list, who is told so. Whether
 * a reply reaches the person or stays an internal note is the core's decision (its reply mode); the
 * adapter only reports who wrote and whether the message began by mentioning Haven.
 */
export function registerSlackListeners(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body, context, client }) => {
    const message = event as unknown as {
      subtype?: string;
      bot_id?: string;
      channel: string;
      user?: string;
      text?: string;
      ts: string;
      thread_ts?: string;
      files?: unknown;
    };
    // A message with files (file_share) is a reply like any other; every other subtype is not.
    const plainOrFiles = message.subtype === undefined || message.subtype === 'file_share';
    if (!plainOrFiles || message.bot_id !== undefined || !message.user) return;
    if (!deps.inboxChannels.has(message.channel)) return;
    if (!message.thread_ts || message.thread_ts === message.ts) return;
    const where = { channel: message.channel, user: message.user, threadTs: message.thread_ts };
    if (!isCaseworker(deps, message.user)) {
      await tellOnly(client, deps, where, 'notAllowed');
      deps.logger.info({}, 'a thread message from someone not on the caseworker list was not relayed');
      return;
    }

    const { text, mentioned } = stripLeadingMention(message.text ?? '', context.botUserId);
    const reply = slackToPlainText(text);
    const files = fileAttachmentsOf(message.files);
    // Meant for the person (addressed to Haven, or every message is in auto mode) but nothing is left to
    // send: the core would ignore it in silence, so the caseworker is told here.
    if (reply.trim() === '' && files.length === 0 && (mentioned || deps.replyMode === 'auto')) {
      await tellOnly(client, deps, where, 'emptyReply');
      return;
    }
    const outcome = await deps.relay.acceptCaseworkerReply({
      eventKey: String((body as { event_id?: string }).event_id ?? `${message.channel}:${message.ts}`),
      inboxChannel: message.channel,
      inboxThread: message.thread_ts,
      inboxMessageId: message.ts,
      author: message.user,
      text: reply,
      addressedToHaven: mentioned,
      ...(files.length > 0 ? { files } : {}),
    });
    deps.logger.debug(
      { outcome, addressedToHaven: mentioned, files: files.length },
      'slack thread message handled',
    );
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
          ...(deps.openCases ? { cases: await deps.openCases() } : {}),
        }),
      });
    } catch (error) {
      // The guide is shown again the next time the tab opens; nothing is lost.
      deps.logger.warn({ err: (error as Error).name }, 'could not publish the Home tab');
    }
  });

  registerCardListeners(app, deps);
  registerCannedListeners(app, deps);
}
