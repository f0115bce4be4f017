/** The messages between the bench and the process that runs the fake Telegram and Slack APIs. */

export const TELEGRAM_TOKEN = '123456789:BENCH-token-for-the-fake-telegram-api';
export const WEBHOOK_SECRET = 'bench-webhook-secret';
export const SLACK_TOKEN = 'xoxb-bench-token-for-the-fake-slack-api';
export const SIGNING_SECRET = 'bench-signing-secret';
export const INBOX = 'C0BENCHINBOX';

export interface RateLimits {
  slack: { perChannelPerSecond: number; burst: number } | null;
  telegram: { perChatPerSecond: number; globalPerSecond: number } | null;
}

export interface CaseworkerReply {
  markerId: number;
  threadTs: string;
  text: string;
}

export type FakesCommand =
  | { kind: 'reset' }
  | { kind: 'limits'; limits: RateLimits }
  | { kind: 'events-url'; url: string }
  | { kind: 'tally' }
  | { kind: 'arrivals' }
  | { kind: 'reply'; replies: CaseworkerReply[]; ratePerSecond: number };

/** Deliveries that put a message somewhere: Slack chat.postMessage, Telegram send*. */
export interface DeliveryTally {
  ok: number;
  rateLimited: number;
  otherErrors: number;
  firstOkAt: number | undefined;
  lastOkAt: number | undefined;
}

export interface Tally {
  slack: DeliveryTally;
  telegram: DeliveryTally;
  /** Every successful Web API call, messages or not (chat.update, answerCallbackQuery, …). */
  apiCalls: { slack: number; telegram: number };
  /** Successful Telegram sends per chat, for the rate-limit minimum. */
  telegramPerChat: Array<[number, number]>;
  violations: string[];
}

export interface Arrivals {
  /** A person's message seen in chat.postMessage: marker, time, the thread it went to, its own ts. */
  person: Array<{ id: number; at: number; threadTs: string | undefined; ts: string | undefined }>;
  /** A caseworker's reply seen in a Telegram send. */
  reply: Array<{ id: number; at: number; chatId: number }>;
  /** When each caseworker reply left the fake Slack, and the status Haven answered. */
  replySent: Array<{ id: number; at: number; status: number }>;
}

export interface FakesReady {
  kind: 'ready';
  telegramUrl: string;
  slackUrl: string;
}

export type FakesAnswer = { id: number; result: unknown } | { id: number; error: string };
