import { and, count, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { ConversationId } from '../core/model.js';
import type { ResumeStore } from '../core/resume/resume-store.js';
import type { SqlDatabase } from './database.js';
import { conversations, resumeAttempts, resumeCodes } from './schema.js';

/** What a chat id is stored as: itself, or (encryption at rest) a keyed hash plus the sealed id. */
export type ChatIdentity = (chatId: string) => Promise<{ chatId: string; chatSecret: string | null }>;

/** Resume codes in the same database as the cases. */
export class DrizzleResumeStore implements ResumeStore {
  constructor(
    private readonly database: SqlDatabase,
    private readonly identify: ChatIdentity = async (chatId) => ({ chatId, chatSecret: null }),
  ) {}

  private get db() {
    return this.database.db;
  }

  async saveCode(input: {
    conversationId: ConversationId;
    selector: string;
    salt: string;
    hash: string;
    now: number;
  }) {
    const { conversationId, selector, salt, hash, now } = input;
    await this.database.atomic([
      this.db.delete(resumeCodes).where(eq(resumeCodes.conversationId, conversationId)),
      this.db.insert(resumeCodes).values({ conversationId, selector, salt, hash, createdAt: now }),
    ]);
  }

  async findCode(selector: string) {
    const rows = await this.db.select().from(resumeCodes).where(eq(resumeCodes.selector, selector)).limit(1);
    const row = rows[0];
    return row && { conversationId: row.conversationId, salt: row.salt, hash: row.hash };
  }

  async revokeCode(conversationId: ConversationId) {
    await this.db.delete(resumeCodes).where(eq(resumeCodes.conversationId, conversationId));
  }

  async hasCode(conversationId: ConversationId) {
    const rows = await this.db
      .select({ id: resumeCodes.conversationId })
      .from(resumeCodes)
      .where(eq(resumeCodes.conversationId, conversationId))
      .limit(1);
    return rows.length > 0;
  }

  async countFailures(input: { chatKey: string; since: number }) {
    // Old attempts are of no use: forget them as we go.
    await this.db.delete(resumeAttempts).where(lt(resumeAttempts.at, input.since));
    const [all] = await this.db
      .select({ n: count() })
      .from(resumeAttempts)
      .where(gte(resumeAttempts.at, input.since));
    const [chat] = await this.db
      .select({ n: count() })
      .from(resumeAttempts)
      .where(and(eq(resumeAttempts.chatKey, input.chatKey), gte(resumeAttempts.at, input.since)));
    return { chat: chat?.n ?? 0, all: all?.n ?? 0 };
  }

  async recordFailure(input: { chatKey: string; at: number }) {
    await this.db.insert(resumeAttempts).values(input);
  }

  async moveCase(input: { conversationId: ConversationId; channel: string; chatId: string }) {
    const stored = await this.identify(input.chatId);
    await this.database.atomic([
      // Another conversation of this chat steps aside: kept for the team, but no longer this chat's.
      this.db
        .update(conversations)
        .set({ chatId: sql`'retired:' || ${conversations.id}`, chatSecret: null })
        .where(
          and(
            eq(conversations.channel, input.channel),
            eq(conversations.chatId, stored.chatId),
            ne(conversations.id, input.conversationId),
          ),
        ),
      this.db
        .update(conversations)
        .set({ chatId: stored.chatId, chatSecret: stored.chatSecret })
        .where(eq(conversations.id, input.conversationId)),
      this.db.delete(resumeCodes).where(eq(resumeCodes.conversationId, input.conversationId)),
    ]);
  }
}
