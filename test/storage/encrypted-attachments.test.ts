import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore, MessageAttachment, StoredMessage } from '../../src/core/index.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import { Cipher } from '../../src/storage/cipher.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { EncryptedCaseStore } from '../../src/storage/encrypted-case-store.js';
import { reencrypt } from '../../src/storage/reencrypt.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';

const KEY_A = { id: 'a', key: new Uint8Array(32).fill(1) };
const KEY_B = { id: 'b', key: new Uint8Array(32).fill(2) };
const cipher = (current: typeof KEY_A, ...old: (typeof KEY_A)[]) => Cipher.create({ current, old });

const PASSPORT: MessageAttachment = {
  type: 'file',
  ref: 'BQACAgIAAxkBAAI-passport-file-id',
  name: 'passport-scan.pdf',
  mime: 'application/pdf',
  size: 48_213,
};
const CONTACT: MessageAttachment = {
  type: 'contact',
  name: 'Marta K.',
  phone: '+32 470 12 34 56',
  self: false,
};

function message(id: string, conversationId: number, attachment: MessageAttachment): StoredMessage {
  return {
    id,
    conversationId,
    author: 'person',
    kind: attachment.type === 'file' ? 'document' : 'contact',
    body: '',
    attachment,
    buttons: null,
    inboxText: null,
    held: false,
    inboxTranslationId: null,
    channelMessageId: null,
    inboxMessageId: null,
    createdAt: 2,
  };
}

async function fill(store: CaseStore) {
  const conversation = await store.openConversation({
    channel: 'telegram',
    chatId: '555',
    language: 'ro',
    languageConfirmed: true,
    inboxChannel: 'C0INBOX',
    now: 1,
  });
  await store.saveTurn({
    event: { source: 'telegram', key: 'attachments' },
    now: 2,
    messages: [message('m-file', conversation.id, PASSPORT), message('m-contact', conversation.id, CONTACT)],
    outbox: [],
  });
  return conversation;
}

const attachmentColumn = (database: SqlDatabase) =>
  database.db.all<{ attachment: string | null }>(sql`SELECT attachment FROM messages ORDER BY id`);

/** What a file, a place or a contact carries is sealed at rest like the words around it. */
describe('attachments at rest', () => {
  let database: SqlDatabase;
  beforeEach(() => {
    database = openSqliteDatabase(':memory:');
  });
  afterEach(() => database.close());

  it('seals the attachment column and gives the core the attachment back as it was', async () => {
    const store = new EncryptedCaseStore(new DrizzleCaseStore(database), await cipher(KEY_A));
    const conversation = await fill(store);

    const raw = JSON.stringify(await attachmentColumn(database));
    for (const secret of ['passport', 'BQACAgIAAxkBAAI', 'Marta', '470']) expect(raw).not.toContain(secret);
    expect(raw).toMatch(/v1\.a\./);
    const messages = await store.listMessages(conversation.id);
    expect(messages.map((stored) => stored.attachment)).toEqual([CONTACT, PASSPORT]);

    await store.setMessagePlatformIds('m-file', { inboxFileId: 'F0UPLOADED' });
    expect(await store.getMessage('m-file')).toMatchObject({
      attachment: PASSPORT,
      inboxFileId: 'F0UPLOADED',
    });
  });

  it('moves sealed and plain attachments to the current key with npm run reencrypt', async () => {
    await fill(new DrizzleCaseStore(database));
    expect(JSON.stringify(await attachmentColumn(database))).toContain('Marta');

    await reencrypt(database, await cipher(KEY_A));
    const sealedA = JSON.stringify(await attachmentColumn(database));
    expect(sealedA).not.toContain('Marta');
    expect(sealedA).toMatch(/v1\.a\./);

    await reencrypt(database, await cipher(KEY_B, KEY_A));
    const sealedB = JSON.stringify(await attachmentColumn(database));
    expect(sealedB).not.toMatch(/v1\.a\./);
    const onlyB = new EncryptedCaseStore(new DrizzleCaseStore(database), await cipher(KEY_B));
    expect((await onlyB.getMessage('m-file'))?.attachment).toEqual(PASSPORT);
    expect((await onlyB.getMessage('m-contact'))?.attachment).toEqual(CONTACT);
  });
});
