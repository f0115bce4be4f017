import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore, StoredMessage } from '../../src/core/index.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import { Cipher } from '../../src/storage/cipher.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { EncryptedCaseStore } from '../../src/storage/encrypted-case-store.js';
import { reencrypt } from '../../src/storage/reencrypt.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';

const KEY_A = { id: 'a', key: new Uint8Array(32).fill(1) };
const KEY_B = { id: 'b', key: new Uint8Array(32).fill(2) };

const cipher = (current: typeof KEY_A, ...old: (typeof KEY_A)[]) => Cipher.create({ current, old });

function message(id: string, conversationId: number, body: string): StoredMessage {
  return {
    id,
    conversationId,
    author: 'person',
    kind: 'text',
    body,
    buttons: [[{ text: `label of ${body}`, data: 'f:n1:yes' }]],
    inboxText: null,
    held: false,
    inboxTranslationId: null,
    channelMessageId: null,
    inboxMessageId: null,
    createdAt: 2,
  };
}

/** Opens a case for `chatId` and stores `count` messages and one free-text answer in it. */
async function fill(store: CaseStore, chatId: string, count: number) {
  const conversation = await store.openConversation({
    channel: 'telegram',
    chatId,
    language: 'ro',
    languageConfirmed: true,
    inboxChannel: 'C0INBOX',
    now: 1,
  });
  await store.saveTurn({
    event: { source: 'telegram', key: `fill-${chatId}` },
    now: 2,
    messages: Array.from({ length: count }, (_, index) =>
      message(`${chatId}-${index}`, conversation.id, `words ${chatId}/${index}`),
    ),
    answers: [
      {
        conversationId: conversation.id,
        flowId: 'screening',
        nodeId: 'debt',
        questionKey: 'debt.text',
        indicator: null,
        answer: 'free_text',
        answerKey: null,
        freeText: `answer of ${chatId}`,
        forms: [],
        createdAt: 2,
      },
    ],
    // What an edited reply puts in the outbox: the caseworker's new words.
    outbox: [
      {
        conversationId: conversation.id,
        lane: 'channel',
        kind: 'channel.edit',
        payload: { messageId: `${chatId}-0`, body: `edited ${chatId}` },
      },
    ],
  });
  return conversation;
}

/** The key ids of everything sealed or indexed in the file, counted. */
async function keyIdsInFile(database: SqlDatabase): Promise<Record<string, number>> {
  const rows = await database.db.all<{ value: string | null }>(sql`
    SELECT body AS value FROM messages UNION ALL SELECT inbox_text FROM messages
    UNION ALL SELECT buttons FROM messages UNION ALL SELECT free_text FROM answers
    UNION ALL SELECT chat_id FROM conversations UNION ALL SELECT chat_secret FROM conversations
    UNION ALL SELECT payload FROM outbox`);
  const counts: Record<string, number> = {};
  for (const { value } of rows) {
    if (value === null) continue;
    const id = /^"?(?:v1|i1)\.([^.]+)\./.exec(value)?.[1] ?? 'plain';
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

describe('reencrypt', () => {
  let database: SqlDatabase;
  beforeEach(() => {
    database = openSqliteDatabase(':memory:');
  });
  afterEach(() => database.close());

  it('moves every row of an old key to the new one, in batches, after which the old key can go', async () => {
    const before = new EncryptedCaseStore(new DrizzleCaseStore(database), await cipher(KEY_A));
    const first = await fill(before, '101', 7);
    await fill(before, '102', 3);

    const report = await reencrypt(database, await cipher(KEY_B, KEY_A), { batchSize: 4 });
    expect(report).toEqual({
      messages: { checked: 10, resealed: 10 },
      answers: { checked: 2, resealed: 2 },
      outbox: { checked: 2, resealed: 2 },
      conversations: { checked: 2, resealed: 2, skipped: 0 },
    });
    // 10 bodies + 10 buttons + 2 answers + 2 chat ids + 2 sealed chat ids + 2 payloads; no inbox_text.
    expect(await keyIdsInFile(database)).toEqual({ b: 28 });

    const onlyNewKey = new EncryptedCaseStore(new DrizzleCaseStore(database), await cipher(KEY_B));
    expect(await onlyNewKey.findConversationByChat('telegram', '101')).toMatchObject({
      id: first.id,
      chatId: '101',
    });
    const messages = await onlyNewKey.listMessages(first.id);
    expect(messages.map((stored) => stored.body)).toEqual(
      Array.from({ length: 7 }, (_, index) => `words 101/${index}`),
    );
    expect(messages[0]?.buttons).toEqual([[{ text: 'label of words 101/0', data: 'f:n1:yes' }]]);
    expect((await onlyNewKey.listAnswers(first.id))[0]?.freeText).toBe('answer of 101');
    const claimed = await onlyNewKey.claimOutbox({ now: 10, limit: 10, leaseUntil: 20 });
    expect(claimed.map((entry) => entry.payload)).toEqual([
      { messageId: '101-0', body: 'edited 101' },
      { messageId: '102-0', body: 'edited 102' },
    ]);
  });

  it('changes nothing on a second run', async () => {
    await fill(new EncryptedCaseStore(new DrizzleCaseStore(database), await cipher(KEY_A)), '101', 3);
    const rotated = await cipher(KEY_B, KEY_A);
    await reencrypt(database, rotated);
    const snapshot = await database.db.all(sql`SELECT body, buttons FROM messages ORDER BY id`);
    expect(await reencrypt(database, rotated)).toEqual({
      messages: { checked: 3, resealed: 0 },
      answers: { checked: 1, resealed: 0 },
      outbox: { checked: 1, resealed: 0 },
      conversations: { checked: 1, resealed: 0, skipped: 0 },
    });
    expect(await database.db.all(sql`SELECT body, buttons FROM messages ORDER BY id`)).toEqual(snapshot);
  });

  it('seals what an installation stored before encryption was switched on', async () => {
    const plain = new DrizzleCaseStore(database);
    const legacy = await fill(plain, '303', 2);
    expect(await keyIdsInFile(database)).toEqual({ plain: 7 });

    await reencrypt(database, await cipher(KEY_A));
    // The chat id now fills two columns: its index and, sealed, chat_secret.
    expect(await keyIdsInFile(database)).toEqual({ a: 8 });
    const store = new EncryptedCaseStore(new DrizzleCaseStore(database), await cipher(KEY_A));
    expect(await store.findConversationByChat('telegram', '303')).toMatchObject({
      id: legacy.id,
      chatId: '303',
    });
    expect((await store.getMessage('303-1'))?.body).toBe('words 303/1');
    const [entry] = await store.claimOutbox({ now: 10, limit: 1, leaseUntil: 20 });
    expect(entry?.payload).toEqual({ messageId: '303-0', body: 'edited 303' });
  });

  it('leaves a case alone when the chat already has a newer case under the current index', async () => {
    const plain = new DrizzleCaseStore(database);
    await fill(plain, '404', 1);
    // A case for the same chat opened directly under the key (as if the plain one had been missed).
    const sealed = new DrizzleCaseStore(database);
    const keyed = await cipher(KEY_A);
    await sealed.openConversation({
      channel: 'telegram',
      chatId: await keyed.blindIndex('404'),
      chatSecret: await keyed.encrypt('404'),
      language: 'ro',
      languageConfirmed: true,
      inboxChannel: 'C0INBOX',
      now: 5,
    });
    const report = await reencrypt(database, keyed);
    expect(report.conversations).toEqual({ checked: 2, resealed: 0, skipped: 1 });
  });
});
