import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore, StoredAnswer, StoredMessage } from '../../src/core/index.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import { Cipher, DecryptionError, isSealed } from '../../src/storage/cipher.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { EncryptedCaseStore } from '../../src/storage/encrypted-case-store.js';
import { cipherFromConfig } from '../../src/storage/encryption-config.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';

const CHAT = '738291046';
const WORDS = 'they took my passport at the farm';
const ANSWER = 'I owe them 4000 euro for the trip';
const KEY_A = { id: 'a', key: new Uint8Array(32).fill(1) };
const KEY_B = { id: 'b', key: new Uint8Array(32).fill(2) };

const sealedStore = async (database: SqlDatabase, current = KEY_A, ...old: (typeof KEY_A)[]) =>
  new EncryptedCaseStore(new DrizzleCaseStore(database), await Cipher.create({ current, old }));

const open = (store: CaseStore, chatId = CHAT) =>
  store.openConversation({
    channel: 'telegram',
    chatId,
    language: 'ro',
    languageConfirmed: true,
    inboxChannel: 'C0INBOX',
    now: 1,
  });

function message(id: string, conversationId: number, body = WORDS): StoredMessage {
  return {
    id,
    conversationId,
    author: 'person',
    kind: 'text',
    body,
    buttons: [[{ text: 'Yes, I am safe', data: 'f:n1:yes' }]],
    inboxText: `tapped: ${body}`,
    held: false,
    inboxTranslationId: null,
    channelMessageId: null,
    inboxMessageId: null,
    createdAt: 2,
  };
}

function answer(conversationId: number, freeText = ANSWER): StoredAnswer {
  return {
    conversationId,
    flowId: 'screening',
    nodeId: 'debt',
    questionKey: 'debt.text',
    indicator: 'debt_bondage',
    answer: 'free_text',
    answerKey: null,
    freeText,
    forms: [],
    createdAt: 2,
  };
}

const EDITED = 'sorry, the address is Kerkstraat 12';

async function saveWords(store: CaseStore, conversationId: number, key: string, messageId: string) {
  return store.saveTurn({
    event: { source: 'telegram', key },
    now: 2,
    messages: [message(messageId, conversationId)],
    answers: [answer(conversationId)],
    outbox: [{ conversationId, lane: 'channel', kind: 'channel.edit', payload: { messageId, body: EDITED } }],
  });
}

/** Every stored row of the tables that hold people's words, as the SQLite file has them. */
async function rawRows(database: SqlDatabase): Promise<string> {
  const rows = await Promise.all(
    ['conversations', 'messages', 'answers', 'outbox'].map((table) =>
      database.db.all<Record<string, unknown>>(sql.raw(`SELECT * FROM ${table}`)),
    ),
  );
  return JSON.stringify(rows);
}

describe('EncryptedCaseStore', () => {
  let database: SqlDatabase;
  beforeEach(() => {
    database = openSqliteDatabase(':memory:');
  });
  afterEach(() => database.close());

  it('stores words, button labels, free-text answers and the chat id sealed, and gives them back as written', async () => {
    const store = await sealedStore(database);
    const conversation = await open(store);
    expect(conversation.chatId).toBe(CHAT);
    expect(await saveWords(store, conversation.id, '1', 'm1')).toBe('stored');
    await store.setInboxThread(conversation.id, '1700000000.000100');

    const raw = await rawRows(database);
    expect(raw).toContain('debt_bondage'); // the rows were read: Haven's own vocabulary stays plain
    for (const secret of [CHAT, WORDS, ANSWER, EDITED, 'Yes, I am safe', 'tapped']) {
      expect(raw).not.toContain(secret);
    }
    const [row] = await database.db.all<Record<string, string>>(
      sql.raw('SELECT chat_id, chat_secret FROM conversations'),
    );
    expect(row?.chat_id).toMatch(/^i1\.a\./);
    expect(isSealed(row?.chat_secret)).toBe(true);

    expect(await store.getMessage('m1')).toEqual(message('m1', conversation.id));
    expect(await store.listMessages(conversation.id)).toEqual([message('m1', conversation.id)]);
    expect((await store.listAnswers(conversation.id))[0]?.freeText).toBe(ANSWER);
    for (const found of [
      await store.getConversation(conversation.id),
      await store.findConversationByChat('telegram', CHAT),
      await store.findConversationByThread('C0INBOX', '1700000000.000100'),
    ]) {
      expect(found).toMatchObject({ id: conversation.id, chatId: CHAT });
    }
    expect(await store.findConversationByChat('telegram', '738291047')).toBeUndefined();
    const claimed = await store.claimOutbox({ now: 10, limit: 10, leaseUntil: 20 });
    expect(claimed.map((entry) => entry.payload)).toEqual([{ messageId: 'm1', body: EDITED }]);
  });

  it('opens one case per chat: a second first message finds the case, not a new one', async () => {
    const store = await sealedStore(database);
    const first = await open(store);
    const second = await open(store);
    const other = await open(store, '111');
    expect(second.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(other.chatId).toBe('111');
  });

  it('reads rows stored before encryption was switched on, and keeps the case of a chat stored in the clear', async () => {
    const plain = new DrizzleCaseStore(database);
    const legacy = await open(plain);
    await saveWords(plain, legacy.id, '1', 'old');

    const store = await sealedStore(database);
    expect(await store.findConversationByChat('telegram', CHAT)).toMatchObject({
      id: legacy.id,
      chatId: CHAT,
    });
    expect((await open(store)).id).toBe(legacy.id);
    expect(await store.getMessage('old')).toEqual(message('old', legacy.id));
    expect((await store.listAnswers(legacy.id))[0]?.freeText).toBe(ANSWER);
    const [pending] = await store.claimOutbox({ now: 10, limit: 10, leaseUntil: 20 });
    expect(pending?.payload).toEqual({ messageId: 'old', body: EDITED });

    await store.saveTurn({
      event: { source: 'telegram', key: '2' },
      now: 3,
      messages: [message('new', legacy.id, 'written after the switch')],
      outbox: [],
    });
    expect(await rawRows(database)).not.toContain('written after the switch');
    expect((await store.getMessage('new'))?.body).toBe('written after the switch');
  });

  it('after a key change, reads the old key’s rows and finds their cases while the old key is kept', async () => {
    const before = await sealedStore(database, KEY_A);
    const conversation = await open(before);
    await saveWords(before, conversation.id, '1', 'm1');

    const rotated = await sealedStore(database, KEY_B, KEY_A);
    expect(await rotated.getMessage('m1')).toEqual(message('m1', conversation.id));
    expect(await rotated.findConversationByChat('telegram', CHAT)).toMatchObject({
      id: conversation.id,
      chatId: CHAT,
    });
    expect((await open(rotated)).id).toBe(conversation.id);
    const newcomer = await open(rotated, '222');
    const [row] = await database.db.all<{ chat_id: string }>(
      sql`SELECT chat_id FROM conversations WHERE id = ${newcomer.id}`,
    );
    expect(row?.chat_id).toMatch(/^i1\.b\./);
  });

  it('takes a cipher that is still being made, as synchronous wiring (Workers) hands it over', async () => {
    const store = new EncryptedCaseStore(
      new DrizzleCaseStore(database),
      Cipher.create({ current: KEY_A, old: [] }),
    );
    const conversation = await open(store);
    await saveWords(store, conversation.id, '1', 'm1');
    expect((await store.getMessage('m1'))?.body).toBe(WORDS);
    expect(await rawRows(database)).not.toContain(WORDS);

    const broken = new EncryptedCaseStore(
      new DrizzleCaseStore(database),
      cipherFromConfig({ current: 'sandbox-file', old: [] }),
    );
    await expect(broken.getMessage('m1')).rejects.toThrow(/set HAVEN_ENCRYPTION_KEY/);
  });

  it('fails clearly, revealing nothing, when the key that sealed a row is not configured', async () => {
    const before = await sealedStore(database, KEY_A);
    const conversation = await open(before);
    await saveWords(before, conversation.id, '1', 'm1');

    const withoutOldKey = await sealedStore(database, KEY_B);
    const error = await withoutOldKey.getMessage('m1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecryptionError);
    expect((error as Error).message).toContain('"a"');
    expect((error as Error).message).not.toContain(WORDS);
    // Without key a, the chat cannot even be recognised: its index was made with a.
    expect(await withoutOldKey.findConversationByChat('telegram', CHAT)).toBeUndefined();

    const wrongBytes = await sealedStore(database, { id: 'a', key: new Uint8Array(32).fill(7) });
    await expect(wrongBytes.listMessages(conversation.id)).rejects.toThrow(/key "a" could not be opened/);
  });
});
