import { App } from '@slack/bolt';
import type { Inbox, Logger, Relay, Texts } from '../../core/index.js';
import { boltLogger } from './bolt-logger.js';
import { HonoSlackReceiver } from './hono-receiver.js';
import { registerSlackListeners } from './listeners.js';
import { SlackInbox } from './slack-inbox.js';

export { HonoSlackReceiver } from './hono-receiver.js';
export { escapeMrkdwn, slackToPlainText, splitText } from './mrkdwn.js';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** With an xapp- token Bolt connects over Socket Mode instead of receiving HTTP events. */
  appToken: string | undefined;
  inboxChannel: string;
  inboxLanguage: string;
  relay: Relay;
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
 * Bolt app's web-api client. That client never retries on its own: the outbox owns retries and backoff.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const receiver = new HonoSlackReceiver({ signingSecret: options.signingSecret, logger: options.logger });
  const socketMode = options.appToken !== undefined;
  const app = new App({
    token: options.botToken,
    ...(socketMode ? { appToken: options.appToken, socketMode: true } : { receiver }),
    signingSecret: socketMode ? undefined : options.signingSecret,
    // Start-up must not depend on Slack being reachable: messages are accepted and stored meanwhile.
    tokenVerificationEnabled: false,
    logger: boltLogger(options.logger),
    clientOptions: {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
  });
  if (socketMode) receiver.init(app);
  registerSlackListeners(app, {
    relay: options.relay,
    inboxChannels: new Set([options.inboxChannel]),
    logger: options.logger,
  });
  return {
    inbox: new SlackInbox(app.client, options.texts, options.inboxLanguage),
    handleHttp: receiver.handle,
    start: async () => {
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
