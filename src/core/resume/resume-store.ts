import type { ConversationId } from '../model.js';

/** Where resume codes and failed attempts are kept. */
export interface ResumeStore {
  /** Stores the case's code, replacing any earlier one. */
  saveCode(input: {
    conversationId: ConversationId;
    selector: string;
    salt: string;
    hash: string;
    now: number;
  }): Promise<void>;
  findCode(
    selector: string,
  ): Promise<{ conversationId: ConversationId; salt: string; hash: string } | undefined>;
  revokeCode(conversationId: ConversationId): Promise<void>;
  hasCode(conversationId: ConversationId): Promise<boolean>;
  /** Failed attempts since `since`: by this chat, and by everyone. */
  countFailures(input: { chatKey: string; since: number }): Promise<{ chat: number; all: number }>;
  recordFailure(input: { chatKey: string; at: number }): Promise<void>;
  /**
   * Gives the case to another chat: any other conversation that chat had is retired (kept, but no longer
   * found by the chat), and the code is used up.
   */
  moveCase(input: { conversationId: ConversationId; channel: string; chatId: string }): Promise<void>;
}
