import type { OutboxHandlers } from '../outbox/worker.js';
import type { CaseStore, ChatChannel, Inbox, Logger } from '../ports.js';

export interface DeliveryDeps {
  store: CaseStore;
  inbox: Inbox;
  channel: ChatChannel;
  logger: Logger;
}

/**
 * What each outbox kind does. Handlers read the message when they run, not when it was queued, so a
 * message erased in the meantime is simply not delivered.
 */
export function relayDeliveries({ store, inbox, channel, logger }: DeliveryDeps): OutboxHandlers {
  return {
    async 'inbox.relay'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message || !conversation) {
        logger.info({ outbox: entry.id }, 'message no longer exists; nothing to relay');
        return;
      }
      if (message.inboxMessageId) return; // already posted by an earlier attempt that was not marked done
      let inboxThread = conversation.inboxThread;
      if (!inboxThread) {
        // The thread opens with the case's first relayed message. Entries of a lane run one at a time,
        // so two messages cannot race to open two threads.
        ({ inboxThread } = await inbox.openThread({ conversation }));
        await store.setInboxThread(conversation.id, inboxThread);
      }
      const { inboxMessageId } = await inbox.postInThread({
        conversation: { ...conversation, inboxThread },
        message,
      });
      await store.setMessagePlatformIds(message.id, { inboxMessageId });
    },

    async 'channel.send'(entry) {
      const message = await store.getMessage(entry.payload.messageId);
      const conversation = await store.getConversation(entry.conversationId);
      if (!message || !conversation) {
        logger.info({ outbox: entry.id }, 'message no longer exists; nothing to send');
        return;
      }
      if (message.channelMessageId) return;
      const { channelMessageId } = await channel.send({ conversation, message });
      await store.setMessagePlatformIds(message.id, { channelMessageId });
    },
  };
}
