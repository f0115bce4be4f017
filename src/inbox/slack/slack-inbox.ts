import { ErrorCode, type WebClient } from '@slack/web-api';
import {
  type Conversation,
  DeliveryError,
  type Inbox,
  type StoredMessage,
  type Texts,
} from '../../core/index.js';
import { renderThreadMessage, renderThreadParent } from './render.js';

/** Slack errors that no retry can fix; the rest (outages, rate limits, unknown) are retried. */
const PERMANENT_ERRORS: Record<string, string> = {
  channel_not_found: 'the inbox channel does not exist or the app cannot see it',
  not_in_channel: 'the app is not a member of the inbox channel',
  is_archived: 'the inbox channel is archived',
  invalid_auth: 'the Slack token is invalid',
  not_authed: 'no Slack token was sent',
  account_inactive: 'the Slack token belongs to a deactivated app or user',
  token_revoked: 'the Slack token was revoked',
  missing_scope: 'the Slack app lacks a required scope (chat:write)',
  msg_too_long: 'the message is too long for Slack',
  invalid_blocks: 'Slack refused the message layout',
  thread_not_found: 'the case thread no longer exists in Slack',
};

/** The core's Inbox port on the Slack Web API: one thread per case in the inbox channel. */
export class SlackInbox implements Inbox {
  constructor(
    private readonly client: WebClient,
    private readonly texts: Texts,
    private readonly inboxLanguage: string,
  ) {}

  async openThread({ conversation }: { conversation: Conversation }): Promise<{ inboxThread: string }> {
    const { text } = renderThreadParent(conversation, this.texts, this.inboxLanguage);
    const result = await this.#call(() =>
      this.client.chat.postMessage({ channel: conversation.inboxChannel, text, unfurl_links: false }),
    );
    return { inboxThread: requireTs(result.ts) };
  }

  async postInThread(input: {
    conversation: Conversation & { inboxThread: string };
    message: StoredMessage;
  }): Promise<{ inboxMessageId: string }> {
    const { conversation, message } = input;
    const content = renderThreadMessage(conversation, message, this.texts, this.inboxLanguage);
    const result = await this.#call(() =>
      this.client.chat.postMessage({
        channel: conversation.inboxChannel,
        thread_ts: conversation.inboxThread,
        text: content.text,
        blocks: content.blocks,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return { inboxMessageId: requireTs(result.ts) };
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toDeliveryError(error);
    }
  }
}

function requireTs(ts: string | undefined): string {
  if (!ts) throw new DeliveryError('retry', 'Slack did not return a message timestamp');
  return ts;
}

/** Maps the web-api client's coded errors onto the outbox's retry-or-park decision. */
export function toDeliveryError(error: unknown): DeliveryError {
  const coded = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
  };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError('retry', 'Slack rate limit', (coded.retryAfter ?? 1) * 1000);
    case ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? 'unknown_error';
      const permanent = PERMANENT_ERRORS[slackError];
      return permanent
        ? new DeliveryError('permanent', `${permanent} (${slackError})`)
        : new DeliveryError('retry', `Slack error ${slackError}`);
    }
    case ErrorCode.HTTPError:
      return new DeliveryError('retry', `Slack answered HTTP ${coded.statusCode ?? 'error'}`);
    default:
      return new DeliveryError('retry', 'Slack could not be reached');
  }
}
