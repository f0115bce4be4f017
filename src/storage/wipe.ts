import type { SqlDatabase } from './database.js';
import { schema } from './schema.js';

/**
 * Deletes every case, message, answer and outbox entry: the playground's Reset. Sandbox only; a real
 * installation erases one person at a time (/forget) and purges by retention.
 */
export async function wipeEverything(database: SqlDatabase): Promise<void> {
  const { db } = database;
  await database.atomic([
    db.delete(schema.outbox),
    db.delete(schema.processedEvents),
    db.delete(schema.resumeAttempts),
    // Messages, answers, case events and resume codes go with their conversations (ON DELETE CASCADE).
    db.delete(schema.conversations),
  ]);
}
