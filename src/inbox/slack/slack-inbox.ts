import { ErrorCode, type WebClient } from '@slack/web-api';
import type { CaseCard } from '../../core/inbox/case-card.js';
import {
  type Conversation,
  DeliveryError,
  type Inbox,
  type InboxFiles,
  type InboxReaction,
  type StoredMessage,
  type Texts,
} from '../../core/index.js';
import { fetchSlackFile } from './files.js';
import { renderThreadMessage } from './render.js';
import { renderCaseCard } from './render-card.js';

/** Slack errors that no retry can fix; the rest (outages, rate limits, unknown) are retried. */
const PERMANENT_ERRORS: Record<string, string> = {
  channel_not_found: 'the inbox channel does not exist or the app cannot see it',
  not_in_channel: 'the app is not a member of the inbox channel',
  is_archived: 'the inbox channel is archived',
  invalid_auth: 'the Slack token is invalid',
  not_authed: 'no Slack token was sent',
  account_inactive: 'the Slack token belongs to a deactivated app or user',
  token_revoked: 'the Slack token was revoked',
  missing_scope: 'the Slack app lacks a required scope (see slack/manifest.yaml)',
  msg_too_long: 'the message is too long for Slack',
  invalid_blocks: 'Slack refused the message layout',
  thread_not_found: 'the case thread no longer exists in Slack',
  cant_update_message: 'the case card was not posted by this Slack app',
  invalid_name: 'Slack does not know the reaction',
};

/** Haven's marks on a caseworker's message, as Slack emoji names. */
const REACTIONS: Record<InboxReaction, string> = {
  sent: 'white_check_mark',
  failed: 'warning',
  internal: 'memo',
};

/** The core's Inbox port on the Slack Web API: one thread per case, its parent message the case card. */
export class SlackInbox implements Inbox {
  constructor(
    private readonly client: WebClient,
    private readonly texts: Texts,
    private readonly inboxLanguage: string,
  ) {}

  async openThread(input: { conversation: Conversation; card: CaseCard }): Promise<{ inboxThread: string }> {
    const { text, blocks } = renderCaseCard(input.card, this.texts, this.inboxLanguage);
    const result = await this.#call(() =>
      this.client.chat.postMessage({
        channel: input.conversation.inboxChannel,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return { inboxThread: requireTs(result.ts) };
  }

  async updateCard(input: {
    conversation: Conversation & { inboxThread: string };
    card: CaseCard;
  }): Promise<void> {
    const { text, blocks } = renderCaseCard(input.card, this.texts, this.inboxLanguage);
    await this.#call(() =>
      this.client.chat.update({
        channel: input.conversation.inboxChannel,
        ts: input.conversation.inboxThread,
        text,
        blocks,
      }),
    );
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

  async react(input: {
    inboxChannel: string;
    inboxMessageId: string;
    reaction: InboxReaction;
  }): Promise<void> {
    await this.#callUnlessDone(
      () =>
        this.client.reactions.add({
          channel: input.inboxChannel,
          timestamp: input.inboxMessageId,
          name: REACTIONS[input.reaction],
        }),
      // Marked already (an earlier attempt that was not recorded), or the caseworker deleted the message.
      ['already_reacted', 'message_not_found'],
    );
  }

  /**
   * Deletes Haven's posts one by one, then turns the card into the tombstone (text only: `blocks: []`
   * removes the card's fields and buttons, which chat.update would otherwise keep). Every step may run
   * again after a partial failure: what is gone already is skipped.
   */
  async erase(input: {
    inboxChannel: string;
    inboxThread: string;
    inboxMessageIds: string[];
    inboxFileIds?: string[];
    tombstone: string;
  }): Promise<void> {
    for (const ts of input.inboxMessageIds) {
      await this.#callUnlessDone(
        () => this.client.chat.delete({ channel: input.inboxChannel, ts }),
        // A caseworker's own message cannot be deleted with the bot's token; the rest must still go.
        ['message_not_found', 'cant_delete_message'],
      );
    }
    // The person's files go too: deleting a file removes it from every message that shared it.
    for (const file of input.inboxFileIds ?? []) {
      await this.#callUnlessDone(
        () => this.client.files.delete({ file }),
        ['file_not_found', 'file_deleted'],
      );
    }
    await this.#callUnlessDone(
      () =>
        this.client.chat.update({
          channel: input.inboxChannel,
          ts: input.inboxThread,
          text: input.tombstone,
          blocks: [],
        }),
      ['message_not_found'],
    );
  }

  /** Files both ways: uploads with files.uploadV2 (getUploadURLExternal + completeUploadExternal). */
  readonly files: InboxFiles = {
    post: async ({ conversation, file }) => {
      const result = await this.#call(() =>
        this.client.files.uploadV2({
          channel_id: conversation.inboxChannel,
          thread_ts: conversation.inboxThread,
          file: Buffer.from(file.bytes),
          filename: file.name,
          title: file.name,
        }),
      );
      // One completeUploadExternal answer per upload, each listing its files.
      const answers = (result as { files?: { files?: { id?: string }[] }[] }).files;
      const uploaded = answers?.[0]?.files?.[0]?.id;
      if (!uploaded) throw new DeliveryError('retry', 'Slack did not return the uploaded file');
      return { inboxFileId: uploaded };
    },
    fetch: ({ attachment }) =>
      fetchSlackFile(attachment, { botToken: this.client.token ?? '', apiUrl: this.client.slackApiUrl }),
  };

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** A call whose Slack errors in `done` mean that its purpose is met already. */
  async #callUnlessDone(call: () => Promise<unknown>, done: readonly string[]): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (done.includes(platformErrorOf(error) ?? '')) return;
      throw toDeliveryError(error);
    }
  }
}

function requireTs(ts: string | undefined): string {
  if (!ts) throw new DeliveryError('retry', 'Slack did not return a message timestamp');
  return ts;
}

function platformErrorOf(error: unknown): string | undefined {
  const coded = error as { code?: string; data?: { error?: string } };
  return coded.code === ErrorCode.PlatformError ? coded.data?.error : undefined;
}

/** Maps the web-api client's coded errors onto the outbox's retry-or-park decision. */
export function toDeliveryError(error: unknown): DeliveryError {
  const coded = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string; needed?: string };
    statusCode?: number;
  };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError('retry', 'Slack rate limit', (coded.retryAfter ?? 1) * 1000);
    case ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? 'unknown_error';
      if (slackError === 'missing_scope' && coded.data?.needed) {
        return new DeliveryError(
          'permanent',
          `the Slack app lacks the scope ${coded.data.needed} (missing_scope)`,
        );
      }
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
