import type { ChatChannel, Clock, Inbox } from '../ports.js';
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
        paced('channelSend', `${input.conversation.channel}:${input.conversation.chatId}`, () =>
          channel.send(input),
        ),
      // An edit counts against the chat like a message does.
      edit: (input) =>
        paced('channelSend', `${input.conversation.channel}:${input.conversation.chatId}`, () =>
          channel.edit(input),
        ),
      // Deleting is not sending: Telegram's message limits do not cover it, and quick exit must not wait.
      deleteMessages: (input) => channel.deleteMessages(input),
    },
    inbox: {
      openThread: (input) =>
        paced('inboxPost', input.conversation.inboxChannel, () => inbox.openThread(input)),
      postInThread: (input) =>
        paced('inboxPost', input.conversation.inboxChannel, () => inbox.postInThread(input)),
      updateCard: (input) =>
        paced('inboxUpdate', input.conversation.inboxChannel, () => inbox.updateCard(input)),
      react: (input) => paced('inboxReact', input.inboxChannel, () => inbox.react(input)),
      erase: (input) => paced('inboxErase', input.inboxChannel, () => inbox.erase(input)),
    },
  };
}

function pacer({ limiter, limits, clock }: PacingOptions) {
  return async function paced<T>(
    operation: DeliveryOperation,
    destination: string,
    call: () => Promise<T>,
  ): Promise<T> {
    const keys = rateKeysFor(limits, operation, destination);
    const decision = limiter.acquire(keys, clock.now());
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
    }
  };
}
