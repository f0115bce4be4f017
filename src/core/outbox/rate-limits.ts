import type { RateKey } from './rate-limiter.js';
import type { RateLimit } from './token-bucket.js';

/** The limits of one kind of platform call: per destination (a chat, a channel), overall, or both. */
export interface OperationLimits {
  perDestination?: RateLimit;
  overall?: RateLimit;
}

/** Every kind of call the outbox makes to the platforms, each with its own limits. */
export interface DeliveryRateLimits {
  /** A message to a person (Telegram sendMessage); the destination is the chat. */
  channelSend: OperationLimits;
  /** A new message in the inbox, a thread or a reply (Slack chat.postMessage); the destination is the channel. */
  inboxPost: OperationLimits;
  /** The case card brought up to date (Slack chat.update). */
  inboxUpdate: OperationLimits;
  /** A mark on a caseworker's message (Slack reactions.add). */
  inboxReact: OperationLimits;
  /** A thread erased after /forget (Slack chat.delete, then chat.update). */
  inboxErase: OperationLimits;
}

export type DeliveryOperation = keyof DeliveryRateLimits;

/**
 * Telegram and Slack as they document their limits:
 * - Telegram: about one message a second per chat and 30 a second per bot;
 * - Slack chat.postMessage: one a second per channel (every case thread lives in the one inbox channel, so
 *   this is the pace of the whole inbox). Slack tolerates short bursts but does not say how many, so none
 *   are counted on;
 * - Slack chat.update, reactions.add, chat.delete: "Tier 3", 50 or more a minute per workspace, with bursts.
 * One a second per destination is counted from each answer (RateLimit.fromAnswer), which keeps network
 * jitter from squeezing two calls into one second at the platform; the bot-wide 30 a second is kept as 25,
 * which leaves the same kind of room.
 */
export const PLATFORM_RATE_LIMITS: DeliveryRateLimits = Object.freeze({
  channelSend: {
    perDestination: { perSecond: 1, burst: 1, fromAnswer: true },
    overall: { perSecond: 25, burst: 1 },
  },
  inboxPost: { perDestination: { perSecond: 1, burst: 1, fromAnswer: true } },
  inboxUpdate: { overall: { perSecond: 0.8, burst: 10 } },
  inboxReact: { overall: { perSecond: 0.8, burst: 10 } },
  inboxErase: { overall: { perSecond: 0.8, burst: 10 } },
});

/** The buckets one call takes a token from, the most specific first. */
export function rateKeysFor(
  limits: DeliveryRateLimits,
  operation: DeliveryOperation,
  destination: string,
): RateKey[] {
  const { perDestination, overall } = limits[operation];
  const keys: RateKey[] = [];
  if (perDestination) keys.push({ key: `${operation}:${destination}`, limit: perDestination });
  if (overall) keys.push({ key: operation, limit: overall });
  return keys;
}
