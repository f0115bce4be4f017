import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, NewOutboxEntry, StoredMessage } from '../../src/core/index.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import { openD1Database } from '../../src/storage/d1.js';
import { migrateLocalD1, openLocalD1 } from './harness.js';

/**
 * The unchanged DrizzleCaseStore on D1 (workerd's local D1, migrated by wrangler): the parts that are
 * not plain drizzle queries — the atomic batch, the version check that must abort it, and the raw SQL
 * of the outbox — behave as on SQLite.
 */
let directory: string;
let migrated: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'haven-d1-'));
  migrated = await migrateLocalD1(directory);
}, 60_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('DrizzleCaseStore on D1', () => {
  let store: DrizzleCaseStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const persist = mkdtempSync(join(directory, 'db-'));
    cpSync(migrated, persist, { recursive: true });
    const local = await openLocalD1(persist);
    close = local.close;
    store = new DrizzleCaseStore(openD1Database(local.db));
  });
  afterEach(() => close());

  const open = (chatId = '1') =>
    store.openConversation({
      channel: 'telegram',
      chatId,
      language: 'ro',
      languageConfirmed: true,
      inboxChannel: 'C0INBOX',
      now: 1,
    });
  const message = (id: string, conversation: Conversation): StoredMessage => ({
    id,
    conversationId: conversation.id,
    author: 'person',
    kind: 'text',
    body: `body of ${id}`,
    buttons: null,
    inboxText: null,
    held: false,
    inboxTranslationId: null,
    channelMessageId: null,
    inboxMessageId: null,
    createdAt: 2,
  });
  const relay = (id: string, conversation: Conversation, lane: 'inbox' | 'channel' = 'inbox') =>
    ({
      conversationId: conversation.id,
      lane,
      kind: lane === 'inbox' ? 'inbox.relay' : 'channel.send',
      payload: { messageId: id },
    }) as NewOutboxEntry;
  const turn = (key: string, conversation: Conversation, expectedVersion: number, ids: string[]) => ({
    event: { source: 'telegram', key },
    now: 2,
    conversation: { id: conversation.id, expectedVersion, patch: {} },
    messages: ids.map((id) => message(id, conversation)),
    outbox: ids.map((id) => relay(id, conversation)),
  });

  it('opens one conversation per chat, however often it is asked to', async () => {
    const first = await open();
    const again = await open();
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ version: 0, facts: {}, languageConfirmed: true, inboxThread: null });
  });

  it('stores a turn all-or-nothing: a duplicate key or a stale version stores none of it', async () => {
    const conversation = await open();
    const stored = await store.saveTurn(turn('1', conversation, 0, ['a']));
    const duplicate = await store.saveTurn(turn('1', conversation, 1, ['b']));
    const stale = await store.saveTurn(turn('2', conversation, 0, ['c']));
    expect([stored, duplicate, stale]).toEqual(['stored', 'duplicate', 'conflict']);

    expect(await store.getMessage('a')).toMatchObject({ body: 'body of a' });
    expect(await store.getMessage('b')).toBeUndefined();
    expect(await store.getMessage('c')).toBeUndefined();
    expect(await store.isProcessed('telegram', '2')).toBe(false);
    expect((await store.getConversation(conversation.id))?.version).toBe(1);
    const claimed = await store.claimOutbox({ now: 10, limit: 10, leaseUntil: 100 });
    expect(claimed.map((entry) => entry.payload)).toEqual([{ messageId: 'a' }]);
  });

  it('claims only the head of each lane, in order, and leases it', async () => {
    const one = await open('1');
    const two = await open('2');
    await store.saveTurn(turn('1', one, 0, ['one-1', 'one-2']));
    await store.saveTurn(turn('2', two, 0, ['two-1']));

    const first = await store.claimOutbox({ now: 10, limit: 10, leaseUntil: 1_000 });
    expect(first.map((entry) => entry.payload)).toEqual([{ messageId: 'one-1' }, { messageId: 'two-1' }]);
    expect(first.every((entry) => entry.attempts === 1)).toBe(true);
    // Leased heads hold their lanes: nothing else is claimable until a lease runs out.
    expect(await store.claimOutbox({ now: 20, limit: 10, leaseUntil: 1_000 })).toEqual([]);
    expect(await store.nextOutboxDue()).toBe(1_000);

    await store.completeOutbox(first[0]!.id, 30);
    await store.retryOutbox(first[1]!.id, 5_000, 'Slack rate limit');
    const next = await store.claimOutbox({ now: 40, limit: 10, leaseUntil: 1_000 });
    expect(next.map((entry) => entry.payload)).toEqual([{ messageId: 'one-2' }]);
    await store.parkOutbox(next[0]!.id, 'the person blocked the bot');
    expect(await store.nextOutboxDue()).toBe(5_000);
    const retried = await store.claimOutbox({ now: 5_000, limit: 10, leaseUntil: 9_000 });
    expect(retried.map((entry) => [entry.payload, entry.attempts])).toEqual([[{ messageId: 'two-1' }, 2]]);
  });

  it('answers the health check', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('stores a turn bigger than D1 binds in one statement (100 parameters), all or nothing', async () => {
    const conversation = await open('big');
    const many = Array.from({ length: 30 }, (_, index) => message(`big-${index}`, conversation));
    const saved = await store.saveTurn({
      event: { source: 'telegram', key: 'big' },
      now: 2,
      conversation: { id: conversation.id, expectedVersion: 0, patch: {} },
      messages: many,
      outbox: many.map((entry) => relay(entry.id, conversation)),
    });
    expect(saved).toBe('stored');
    expect(await store.listMessages(conversation.id)).toHaveLength(30);

    // A stale decision of the same size stores none of its rows.
    const stale = await store.saveTurn({
      event: { source: 'telegram', key: 'big-stale' },
      now: 3,
      conversation: { id: conversation.id, expectedVersion: 0, patch: {} },
      messages: many.map((entry) => ({ ...entry, id: `${entry.id}-again` })),
      outbox: [],
    });
    expect(stale).toBe('conflict');
    expect(await store.listMessages(conversation.id)).toHaveLength(30);
  });
});
