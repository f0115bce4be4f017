import type { CaseCard } from '../../core/inbox/case-card.js';
import type {
  Conversation,
  Inbox,
  InboxFiles,
  InboxReaction,
  StoredMessage,
  Texts,
} from '../../core/index.js';
import { renderThreadMessage } from '../slack/render.js';
import { renderCaseCard } from '../slack/render-card.js';
import type { SlackWebApi } from './web-api.js';

/** Haven's marks on a caseworker's message, as Slack emoji names (as in src/inbox/slack/slack-inbox.ts). */
const REACTIONS: Record<InboxReaction, string> = {
  sent: 'white_check_mark',
  failed: 'warning',
  internal: 'memo',
};

/**
 * The core's Inbox port on Slack's Web API over fetch: one thread per case, its parent message the case
 * card. Method for method the Bolt-based SlackInbox, with the same renderers and the same Web API calls,
 * so caseworkers cannot tell which runtime serves them.
 */
export class SlackHttpInbox implements Inbox {
  /** Files both ways, as the Node inbox does them (files.uploadV2's three steps, over fetch). */
  readonly files: InboxFiles = {
    post: async ({ conversation, file }) => {
      const { fileId } = await this.api.uploadFile({
        channel: conversation.inboxChannel,
        threadTs: conversation.inboxThread,
        bytes: file.bytes,
        filename: file.name,
      });
      return { inboxFileId: fileId };
    },
    fetch: ({ attachment }) => this.api.fetchFile(attachment),
  };

  constructor(
    private readonly api: SlackWebApi,
    private readonly texts: Texts,
    private readonly inboxLanguage: string,
  ) {}

  async openThread(input: { conversation: Conversation; card: CaseCard }): Promise<{ inboxThread: string }> {
    const { text, blocks } = renderCaseCard(input.card, this.texts, this.inboxLanguage);
    const { ts } = await this.api.postMessage({
      channel: input.conversation.inboxChannel,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return { inboxThread: ts };
  }

  async updateCard(input: {
    conversation: Conversation & { inboxThread: string };
    card: CaseCard;
  }): Promise<void> {
    const { text, blocks } = renderCaseCard(input.card, this.texts, this.inboxLanguage);
    await this.api.call('chat.update', {
      channel: input.conversation.inboxChannel,
      ts: input.conversation.inboxThread,
      text,
      blocks,
    });
  }

  async postInThread(input: {
    conversation: Conversation & { inboxThread: string };
    message: StoredMessage;
  }): Promise<{ inboxMessageId: string }> {
    const { conversation, message } = input;
    const content = renderThreadMessage(conversation, message, this.texts, this.inboxLanguage);
    const { ts } = await this.api.postMessage({
      channel: conversation.inboxChannel,
      thread_ts: conversation.inboxThread,
      text: content.text,
      blocks: content.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return { inboxMessageId: ts };
  }

  async react(input: {
    inboxChannel: string;
    inboxMessageId: string;
    reaction: InboxReaction;
  }): Promise<void> {
    await this.api.callUnlessDone(
      'reactions.add',
      { channel: input.inboxChannel, timestamp: input.inboxMessageId, name: REACTIONS[input.reaction] },
      // Marked already (an earlier attempt that was not recorded), or the caseworker deleted the message.
      ['already_reacted', 'message_not_found'],
    );
  }

  /**
   * Deletes Haven's posts one by one, then turns the card into the tombstone (text only: `blocks: []`
   * removes the card's fields and buttons). Every step may run again after a partial failure.
   */
  async erase(input: {
    inboxChannel: string;
    inboxThread: string;
    inboxMessageIds: string[];
    inboxFileIds?: string[];
    tombstone: string;
  }): Promise<void> {
    for (const ts of input.inboxMessageIds) {
      await this.api.callUnlessDone(
        'chat.delete',
        { channel: input.inboxChannel, ts },
        // A caseworker's own message cannot be deleted with the bot's token; the rest must still go.
        ['message_not_found', 'cant_delete_message'],
      );
    }
    // The person's files go too: deleting a file removes it from every message that shared it.
    for (const file of input.inboxFileIds ?? []) {
      await this.api.callUnlessDone('files.delete', { file }, ['file_not_found', 'file_deleted']);
    }
    await this.api.callUnlessDone(
      'chat.update',
      { channel: input.inboxChannel, ts: input.inboxThread, text: input.tombstone, blocks: [] },
      ['message_not_found'],
    );
  }
}
