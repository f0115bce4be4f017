import type { ConversationId, StoredMessage } from '../model.js';

/**
 * A line Haven posts in a case thread for caseworkers only (a notice, a reminder, a translation), made by a
 * delivery rather than a turn: the person never sees it, and it carries nothing of theirs but `inboxText`.
 */
export function inboxNote(input: {
  id: string;
  conversationId: ConversationId;
  kind: string;
  inboxText: string;
  createdAt: number;
}): StoredMessage {
  return {
    ...input,
    author: 'haven',
    body: '',
    buttons: null,
    held: false,
    inboxTranslationId: null,
    channelMessageId: null,
    inboxMessageId: null,
  };
}
