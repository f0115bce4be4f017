import type { Conversation } from '../model.js';
import type { ChatChannel, Clock, Inbox, InboxFiles } from '../ports.js';
import { DeliveryDeferred, DeliveryError } from './delivery-error.js';
import type { RateLimiter } from './rate-limiter.js';
import { type DeliveryOperation, type DeliveryRateLimits, rateKeysFor } from './rate-limits.js';

export interface PacingOptions {
  limiter: RateLimiter;
  limits: DeliveryRateLimits;
  clock: Clock;
}

/**
 * Wraps the chat channel and the inbox so that every platform call first takes a token for its
 * destination. A call without a token is not made: it throws DeliveryDeferred, and the outbox hands the
 * entry back until the token is there. Pacing each call (not each outbox entry) keeps the count exact
 * when one entry makes several calls: a thread opened and a reply posted, a long message in pieces.
 */
export function pacedPorts(
  ports: { channel: ChatChannel; inbox: Inbox },
  options: PacingOptions,
): { channel: ChatChannel; inbox: Inbox } {
  const paced = pacer(options);
  const { channel, inbox } = ports;
  return {
    channel: {
      get deleteWindowMs() {
        return channel.deleteWindowMs;
      },
      get maxTextLength() {
        return channel.maxTextLength;
      },
      send: (input) =>
        paced(
          'channelSend',
          chatOf(input.conversation),
          () => channel.send(input),
          caseOf(input.conversation),
        ),
      // An edit counts against the chat like a message does.
      edit: (input) =>
        paced(
          'channelSend',
          chatOf(input.conversation),
          () => channel.edit(input),
          caseOf(input.conversation),
        ),
      // Deleting is not sending: Telegram's message limits do not cover it, and quick exit must not wait.
      deleteMessages: (input) => channel.deleteMessages(input),
      // Fetching a file is a download, not a message: no limit of the platform counts it.
      ...(channel.files ? { files: channel.files } : {}),
    },
    inbox: {
      openThread: (input) =>
        paced(
          'inboxPost',
          input.conversation.inboxChannel,
          () => inbox.openThread(input),
          caseOf(input.conversation),
        ),
      postInThread: (input) =>
        paced(
          'inboxPost',
          input.conversation.inboxChannel,
          () => inbox.postInThread(input),
          caseOf(input.conversation),
        ),
      updateCard: (input) =>
        paced(
          'inboxUpdate',
          input.conversation.inboxChannel,
          () => inbox.updateCard(input),
          caseOf(input.conversation),
        ),
      react: (input) =>
        paced('inboxReact', input.inboxChannel, () => inbox.react(input), `mark ${input.inboxMessageId}`),
      erase: (input) =>
        paced('inboxErase', input.inboxChannel, () => inbox.erase(input), `erase ${input.inboxThread}`),
      ...(inbox.files ? { files: pacedInboxFiles(inbox.files, paced) } : {}),
    },
  };
}

/** An upload shares a message's place in the thread, so it is paced like a post; a download is not. */
function pacedInboxFiles(files: InboxFiles, paced: ReturnType<typeof pacer>): InboxFiles {
  return {
    post: (input) =>
      paced(
        'inboxPost',
        input.conversation.inboxChannel,
        () => files.post(input),
        caseOf(input.conversation),
      ),
    fetch: (input) => files.fetch(input),
  };
}

/** The destination of a message to the person: their chat. */
function chatOf(conversation: Conversation): string {
  return `${conversation.channel}:${conversation.chatId}`;
}

/**
 * Who waits in line for a limit: the case. Its deliveries to one destination go one at a time (one lane),
 * so the case names the waiting work well enough; two of its lanes meeting in one line only share a place.
 */
function caseOf(conversation: Conversation): string {
  return `case ${conversation.id}`;
}

function pacer({ limiter, limits, clock }: PacingOptions) {
  return async function paced<T>(
    operation: DeliveryOperation,
    destination: string,
    call: () => Promise<T>,
    claimant?: string,
  ): Promise<T> {
    const keys = rateKeysFor(limits, operation, destination);
    const takenAt = clock.now();
    const decision = limiter.acquire(keys, takenAt, claimant);
    if (!decision.granted) throw new DeliveryDeferred(decision.retryAt, operation);
    try {
      return await call();
    } catch (error) {
      // The platform's own count disagrees with ours (another client on the same token, a stricter limit
      // than documented): hold back everything else to this destination as long as it asks.
      const [mostSpecific] = keys;
      if (error instanceof DeliveryError && error.retryAfterMs !== undefined && mostSpecific) {
        const now = clock.now();
        limiter.pauseUntil(mostSpecific, now + error.retryAfterMs, now);
      }
      throw error;
    } finally {
      limiter.answered?.(keys, takenAt, clock.now());
    }
  };
}
