import type { CaseworkerReplyInput } from '../../core/index.js';
import { fileAttachmentsOf } from '../slack/files.js';
import { slackToPlainText, stripLeadingMention } from '../slack/mrkdwn.js';

/** The part of an Events API `message` event the relay rules read. */
interface MessageEvent {
  type?: string;
  subtype?: string;
  bot_id?: string;
  channel?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  files?: unknown;
}

/**
 * True for an Events API `message` event that could be a caseworker's reply, before anything is looked
 * up: a human's message (with or without files) in a thread of an inbox channel. Top-level messages, other
 * channels, bots (Haven included), edits, deletions and every other subtype are not.
 */
export function isThreadReply(
  envelope: Record<string, unknown>,
  inboxChannels: ReadonlySet<string>,
): boolean {
  if (envelope.type !== 'event_callback') return false;
  const event = envelope.event as MessageEvent | undefined;
  if (event?.type !== 'message') return false;
  const plainOrFiles = event.subtype === undefined || event.subtype === 'file_share';
  if (!plainOrFiles || event.bot_id !== undefined || !event.user) return false;
  if (!event.channel || !event.ts || !inboxChannels.has(event.channel)) return false;
  return Boolean(event.thread_ts) && event.thread_ts !== event.ts;
}

/**
 * The relay rules of src/inbox/slack/listeners.ts as a pure function of the Events API envelope: a thread
 * reply (see isThreadReply) becomes a caseworker reply, with who wrote it and whether it began by
 * mentioning Haven (`botUserId`), which the core's reply mode decides on. Anything else gives undefined.
 * Duplicates (Slack's retries) are not filtered here: the core drops them by `event_id`.
 */
export function caseworkerReplyFrom(
  envelope: Record<string, unknown>,
  inboxChannels: ReadonlySet<string>,
  botUserId: string | undefined,
): CaseworkerReplyInput | undefined {
  if (!isThreadReply(envelope, inboxChannels)) return undefined;
  const event = envelope.event as Required<Pick<MessageEvent, 'channel' | 'ts' | 'thread_ts' | 'user'>> &
    MessageEvent;
  // Haven's own posts (a person's file it uploaded arrives as Haven's file_share) are never replies, as
  // Bolt's ignoreSelf makes sure on Node.
  if (botUserId !== undefined && event.user === botUserId) return undefined;
  const { text, mentioned } = stripLeadingMention(event.text ?? '', botUserId);
  const eventId = envelope.event_id;
  const files = fileAttachmentsOf(event.files);
  return {
    eventKey: typeof eventId === 'string' && eventId !== '' ? eventId : `${event.channel}:${event.ts}`,
    inboxChannel: event.channel,
    inboxThread: event.thread_ts,
    inboxMessageId: event.ts,
    author: event.user,
    text: slackToPlainText(text),
    addressedToHaven: mentioned,
    ...(files.length > 0 ? { files } : {}),
  };
}

/** The user whose App Home tab opened on "Home", from an `app_home_opened` event; else undefined. */
export function homeOpenedBy(envelope: Record<string, unknown>): string | undefined {
  if (envelope.type !== 'event_callback') return undefined;
  const event = envelope.event as { type?: string; tab?: string; user?: string } | undefined;
  if (event?.type !== 'app_home_opened' || event.tab !== 'home' || !event.user) return undefined;
  return event.user;
}
