import type { CaseworkerEditInput } from '../../core/index.js';
import { slackToPlainText, stripLeadingMention } from './mrkdwn.js';

interface ChangeEvent {
  type?: string;
  subtype?: string;
  channel?: string;
  message?: { ts?: string; text?: string; thread_ts?: string; user?: string; bot_id?: string };
  previous_message?: { ts?: string; thread_ts?: string };
  deleted_ts?: string;
}

/**
 * A caseworker's edit or deletion of a thread message in an inbox channel, from an Events API envelope, as
 * the core's input; undefined for anything else. Shared by the Bolt adapter (Node) and the fetch adapter
 * (Workers). Haven's own posts changing (card updates) are not edits; the deletion of a card is, since the
 * core draws it again.
 */
export function caseworkerEditFrom(
  envelope: Record<string, unknown>,
  inboxChannels: ReadonlySet<string>,
  botUserId: string | undefined,
): CaseworkerEditInput | undefined {
  if (envelope.type !== 'event_callback') return undefined;
  const event = envelope.event as ChangeEvent | undefined;
  if (event?.type !== 'message' || !event.channel || !inboxChannels.has(event.channel)) return undefined;
  const eventId = typeof envelope.event_id === 'string' ? envelope.event_id : undefined;

  if (event.subtype === 'message_changed') {
    const edited = event.message;
    if (!edited?.ts || !edited.thread_ts || edited.thread_ts === edited.ts) return undefined;
    if (edited.bot_id || !edited.user) return undefined;
    const { text } = stripLeadingMention(edited.text ?? '', botUserId);
    return {
      eventKey: eventId ?? `${event.channel}:edit:${edited.ts}:${text.length}`,
      inboxChannel: event.channel,
      inboxThread: edited.thread_ts,
      inboxMessageId: edited.ts,
      text: slackToPlainText(text),
    };
  }
  if (event.subtype === 'message_deleted') {
    const ts = event.deleted_ts ?? event.previous_message?.ts;
    if (!ts) return undefined;
    return {
      eventKey: eventId ?? `${event.channel}:delete:${ts}`,
      inboxChannel: event.channel,
      // A reply names its thread; a card (a thread's parent) is its own thread.
      inboxThread: event.previous_message?.thread_ts ?? ts,
      inboxMessageId: ts,
    };
  }
  return undefined;
}
