export {
  CANNED_REPLIES,
  type CannedReply,
  type CannedReplyInput,
  type CannedReplyOutcome,
  cannedTextKeys,
  findCannedReply,
} from './dialogue/canned-replies.js';
export type { DetectedLanguage, DialogueContext, LanguageDetector } from './dialogue/context.js';
export * from './model.js';
export { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './outbox/backoff.js';
export { DeliveryDeferred, DeliveryError } from './outbox/delivery-error.js';
export { channelMessageIdsOf } from './outbox/message-pieces.js';
export { pacedPorts } from './outbox/paced-ports.js';
export { announceParked } from './outbox/parked-notices.js';
export { type RateKey, type RateLimiter, TokenBucketRateLimiter } from './outbox/rate-limiter.js';
export { type DeliveryRateLimits, type OperationLimits, PLATFORM_RATE_LIMITS } from './outbox/rate-limits.js';
export type { RateLimit } from './outbox/token-bucket.js';
export {
  DEFAULT_GIVE_UP,
  type GiveUpPolicy,
  type OutboxHandlers,
  OutboxWorker,
  type OutboxWorkerOptions,
} from './outbox/worker.js';
export * from './ports.js';
export { type DeliveryDeps, relayDeliveries } from './relay/deliveries.js';
export { Relay, type RelayDeps } from './relay/relay.js';
export { previewReply, type ReplyPreviewOutcome } from './relay/reply-preview.js';
export { type Centre, flowVariables, type PublicNumbers, type Routing, routeCase } from './routing.js';
