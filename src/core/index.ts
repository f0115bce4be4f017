export type { DetectedLanguage, DialogueContext, LanguageDetector } from './dialogue/context.js';
export * from './model.js';
export { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './outbox/backoff.js';
export { DeliveryError } from './outbox/delivery-error.js';
export { type OutboxHandlers, OutboxWorker, type OutboxWorkerOptions } from './outbox/worker.js';
export * from './ports.js';
export { type DeliveryDeps, relayDeliveries } from './relay/deliveries.js';
export { Relay, type RelayDeps } from './relay/relay.js';
export { type Centre, flowVariables, type PublicNumbers, type Routing, routeCase } from './routing.js';
