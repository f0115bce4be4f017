import { and, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Conversation } from '../core/model.js';
import type { SqlDatabase } from './database.js';
import { conversations } from './schema.js';

/** A case as the App Home list shows it: nothing here is encrypted or identifies the person. */
export type OpenCase = Pick<
  Conversation,
  | 'id'
  | 'status'
  | 'urgent'
  | 'language'
  | 'assignee'
  | 'lastPersonMessageAt'
  | 'inboxChannel'
  | 'inboxThread'
>;

/** Open cases of an inbox channel: urgent first, then by the person's latest message, newest first. */
export async function listOpenCases(
  database: SqlDatabase,
  input: { inboxChannel: string; limit: number },
): Promise<OpenCase[]> {
  return database.db
    .select({
      id: conversations.id,
      status: conversations.status,
      urgent: conversations.urgent,
      language: conversations.language,
      assignee: conversations.assignee,
      lastPersonMessageAt: conversations.lastPersonMessageAt,
      inboxChannel: conversations.inboxChannel,
      inboxThread: conversations.inboxThread,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.inboxChannel, input.inboxChannel),
        ne(conversations.status, 'closed'),
        isNotNull(conversations.inboxThread),
      ),
    )
    .orderBy(sql`${conversations.urgent} IS NULL`, desc(conversations.lastPersonMessageAt))
    .limit(input.limit);
}
