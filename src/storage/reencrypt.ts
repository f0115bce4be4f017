import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import { blindIndexKeyId, type Cipher, isSealed, sealedKeyId } from './cipher.js';
import { isUniqueViolation, type SqlDatabase, type Statement } from './database.js';
import { answers, conversations, messages, outbox } from './schema.js';

/** How many rows of a table were read, and how many were written back sealed under the current key. */
export interface TableCount {
  checked: number;
  resealed: number;
}

export interface ReencryptReport {
  messages: TableCount;
  answers: TableCount;
  outbox: TableCount;
  /** `skipped`: rows left as they were because another case of the same chat already holds their index. */
  conversations: TableCount & { skipped: number };
}

/**
 * Brings every encrypted column under the current key: values sealed with an older key are opened and
 * sealed again, values stored before encryption was switched on are sealed, and chat ids get the current
 * key's blind index. Rows already under the current key are left alone, so a second run changes nothing.
 * Only the encrypted columns are written, and Haven never changes those after inserting them, so Haven may
 * keep running meanwhile (configured with the new key as current and the old ones as old keys).
 */
export async function reencrypt(
  database: SqlDatabase,
  cipher: Cipher,
  options: { batchSize?: number } = {},
): Promise<ReencryptReport> {
  const context = { database, sealer: new Resealer(cipher), batchSize: options.batchSize ?? 200 };
  return {
    messages: await reencryptMessages(context),
    answers: await reencryptAnswers(context),
    outbox: await reencryptOutbox(context),
    conversations: await reencryptConversations(context),
  };
}

interface Context {
  database: SqlDatabase;
  sealer: Resealer;
  batchSize: number;
}

class Resealer {
  constructor(readonly cipher: Cipher) {}

  /** True for a value that is stored but not sealed under the current key (plain, or an older key). */
  stale(value: unknown): boolean {
    return (
      value !== null &&
      value !== undefined &&
      !(isSealed(value) && sealedKeyId(value) === this.cipher.currentKeyId)
    );
  }

  /** The value itself, sealed or plain. */
  async open(value: string): Promise<string> {
    return isSealed(value) ? this.cipher.decrypt(value) : value;
  }

  async refresh<T extends string | null>(value: T): Promise<T> {
    if (value === null || !this.stale(value)) return value;
    return (await this.cipher.encrypt(await this.open(value))) as T;
  }
}

async function reencryptMessages({ database, sealer, batchSize }: Context): Promise<TableCount> {
  const count: TableCount = { checked: 0, resealed: 0 };
  for (let after = ''; ; ) {
    const rows = await database.db
      .select({
        id: messages.id,
        body: messages.body,
        inboxText: messages.inboxText,
        buttons: messages.buttons,
        attachment: messages.attachment,
      })
      .from(messages)
      .where(gt(messages.id, after))
      .orderBy(asc(messages.id))
      .limit(batchSize);
    const updates: Statement[] = [];
    for (const row of rows) {
      // A sealed JSON column (buttons, attachment) holds the sealed JSON as a string; a plain one holds the
      // value itself.
      const buttons: unknown = row.buttons;
      const attachment: unknown = row.attachment;
      if (![row.body, row.inboxText, buttons, attachment].some((value) => sealer.stale(value))) continue;
      const set = {
        body: await sealer.refresh(row.body),
        inboxText: await sealer.refresh(row.inboxText),
        buttons: await sealer.refresh(jsonText(buttons)),
        attachment: await sealer.refresh(jsonText(attachment)),
      };
      updates.push(
        database.db
          .update(messages)
          .set(set as typeof messages.$inferInsert)
          .where(eq(messages.id, row.id)),
      );
    }
    if (updates.length > 0) await database.atomic(updates);
    count.checked += rows.length;
    count.resealed += updates.length;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return count;
    after = last.id;
  }
}

/** A JSON column's value as the text to seal: a sealed (or null) value as it is, a plain one as JSON. */
function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function reencryptAnswers({ database, sealer, batchSize }: Context): Promise<TableCount> {
  const count: TableCount = { checked: 0, resealed: 0 };
  for (let after = 0; ; ) {
    const rows = await database.db
      .select({ id: answers.id, freeText: answers.freeText })
      .from(answers)
      .where(and(gt(answers.id, after), isNotNull(answers.freeText)))
      .orderBy(asc(answers.id))
      .limit(batchSize);
    const updates: Statement[] = [];
    for (const row of rows) {
      if (!sealer.stale(row.freeText)) continue;
      const freeText = await sealer.refresh(row.freeText);
      updates.push(database.db.update(answers).set({ freeText }).where(eq(answers.id, row.id)));
    }
    if (updates.length > 0) await database.atomic(updates);
    count.checked += rows.length;
    count.resealed += updates.length;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return count;
    after = last.id;
  }
}

async function reencryptOutbox({ database, sealer, batchSize }: Context): Promise<TableCount> {
  const count: TableCount = { checked: 0, resealed: 0 };
  for (let after = 0; ; ) {
    const rows = await database.db
      .select({ id: outbox.id, payload: outbox.payload })
      .from(outbox)
      .where(gt(outbox.id, after))
      .orderBy(asc(outbox.id))
      .limit(batchSize);
    const updates: Statement[] = [];
    for (const row of rows) {
      // The column holds JSON: a sealed payload is a JSON string, a plain one the payload object itself.
      const stored: unknown = JSON.parse(row.payload);
      if (!sealer.stale(stored)) continue;
      const json = isSealed(stored) ? await sealer.open(stored) : row.payload;
      const payload = JSON.stringify(await sealer.cipher.encrypt(json));
      updates.push(database.db.update(outbox).set({ payload }).where(eq(outbox.id, row.id)));
    }
    if (updates.length > 0) await database.atomic(updates);
    count.checked += rows.length;
    count.resealed += updates.length;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return count;
    after = last.id;
  }
}

async function reencryptConversations({
  database,
  sealer,
  batchSize,
}: Context): Promise<ReencryptReport['conversations']> {
  const { cipher } = sealer;
  const count = { checked: 0, resealed: 0, skipped: 0 };
  for (let after = 0; ; ) {
    const rows = await database.db
      .select({ id: conversations.id, chatId: conversations.chatId, chatSecret: conversations.chatSecret })
      .from(conversations)
      .where(gt(conversations.id, after))
      .orderBy(asc(conversations.id))
      .limit(batchSize);
    for (const row of rows) {
      const indexed = blindIndexKeyId(row.chatId) === cipher.currentKeyId;
      const secretCurrent = row.chatSecret !== null && !sealer.stale(row.chatSecret);
      if (indexed && secretCurrent) continue;
      if (row.chatSecret === null && blindIndexKeyId(row.chatId) !== undefined) {
        throw new Error(
          `conversation ${row.id} has a blind index but no sealed chat id: it cannot be repaired`,
        );
      }
      // Before encryption, chat_id held the chat id itself and chat_secret was empty.
      const chatId = row.chatSecret === null ? row.chatId : await sealer.open(row.chatSecret);
      const set = {
        chatId: indexed ? row.chatId : await cipher.blindIndex(chatId),
        chatSecret: secretCurrent ? row.chatSecret : await cipher.encrypt(chatId),
      };
      // One row at a time: a duplicate index (two cases for one chat) must only hold back that row.
      try {
        await database.db.update(conversations).set(set).where(eq(conversations.id, row.id));
        count.resealed++;
      } catch (error) {
        if (!isUniqueViolation(error, 'conversations')) throw error;
        count.skipped++;
      }
    }
    count.checked += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return count;
    after = last.id;
  }
}
