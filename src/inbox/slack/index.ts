import { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Inbox, Logger, Texts } from '../../core/index.js';
import { boltLogger } from './bolt-logger.js';
import { botIdentity } from './bot-identity.js';
import { type EditRelay, registerEditListeners } from './edit-listeners.js';
import type { HomeCase, ReplyMode } from './home.js';
import { HonoSlackReceiver } from './hono-receiver.js';
import { registerSlackListeners, type SlackRelay } from './listeners.js';
import { SlackInbox } from './slack-inbox.js';

export { HonoSlackReceiver } from './hono-receiver.js';
export type { SlackRelay } from './listeners.js';
export { escapeMrkdwn, slackToPlainText, splitText } from './mrkdwn.js';
export { renderCaseCard } from './render-card.js';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** With an xapp- token Bolt connects over Socket Mode instead of receiving HTTP events. */
  appToken: string | undefined;
  /**
   * Haven's own Slack user id (U…), to recognise messages that begin by mentioning Haven. Without it,
   * Haven asks Slack once (auth.test), at start-up or at the first event.
   */
  botUserId?: string;
  /** Haven's bot id (B…); only used together with botUserId. */
  botId?: string;
  inboxChannel: string;
  /** SLACK_CASEWORKERS: who may answer and use case cards; empty or absent: everyone in the channel. */
  caseworkers?: readonly string[];
  inboxLanguage: string;
  /** HAVEN_REPLY_MODE, for the Home tab's guide; without it the guide explains both modes. */
  replyMode?: ReplyMode;
  /** Inbox channels of centres cases are routed to (HAVEN_CENTRES); their threads are inbox threads too. */
  centreChannels?: readonly string[];
  /** Lists the open cases for the App Home tab. */
  openCases?: () => Promise<HomeCase[]>;
  relay: SlackRelay & EditRelay;
  texts: Texts;
  logger: Logger;
}

export interface SlackAdapter {
  inbox: Inbox;
  /** The Hono handler for POST /slack/events; in Socket Mode it still refuses unsigned requests. */
  handleHttp: HonoSlackReceiver['handle'];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack through Bolt: events arrive on Haven's Hono route (or over Socket Mode), replies leave through the
 * web-api client. That client never retries on its own: the outbox owns retries and backoff.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const receiver = new HonoSlackReceiver({ signingSecret: options.signingSecret, logger: options.logger });
  const socketMode = options.appToken !== undefined;
  const clientOptions: WebClientOptions = {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(options.logger),
  };
  const client = new WebClient(options.botToken, clientOptions);
  const identity = botIdentity(client, options);
  const app = new App({
    ...(socketMode ? { appToken: options.appToken, socketMode: true } : { receiver }),
    signingSecret: socketMode ? undefined : options.signingSecret,
    // Instead of `token`, which makes Bolt call auth.test for every incoming request when token
    // verification is off: the identity is looked up once. Start-up must not depend on Slack being
    // reachable, so a failed lookup fails only the request at hand (Slack resends events).
    authorize: async () => ({ botToken: options.botToken, ...(await identity()) }),
    logger: boltLogger(options.logger),
    clientOptions,
  });
  if (socketMode) receiver.init(app);
  registerSlackListeners(app, {
    relay: options.relay,
    inboxChannels: new Set([options.inboxChannel, ...(options.centreChannels ?? [])]),
    texts: options.texts,
    inboxLanguage: options.inboxLanguage,
    replyMode: options.replyMode,
    ...(options.openCases ? { openCases: options.openCases } : {}),
    caseworkers: new Set(options.caseworkers ?? []),
    logger: options.logger,
  });
  registerEditListeners(app, {
    relay: options.relay,
    inboxChannels: new Set([options.inboxChannel, ...(options.centreChannels ?? [])]),
    logger: options.logger,
  });
  return {
    inbox: new SlackInbox(client, options.texts, options.inboxLanguage),
    handleHttp: receiver.handle,
    start: async () => {
      identity().catch((error: unknown) =>
        options.logger.warn(
          { err: (error as Error).name },
          'could not ask Slack who Haven is (auth.test); will try again at the next Slack request',
        ),
      );
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
