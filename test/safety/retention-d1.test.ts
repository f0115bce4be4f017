import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openD1Database } from '../../src/storage/d1.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { purgeExpired } from '../../src/storage/retention.js';
import { answers, caseEvents, conversations, messages, outbox } from '../../src/storage/schema.js';
import { migrateLocalD1, openLocalD1 } from '../workers/harness.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 1);

/** The same purge on D1 (workerd's local D1, migrated by wrangler): RETURNING and the cascades hold there too. */
describe('retention purge on D1', () => {
  let directory: string;
  let database: SqlDatabase;
  let close: () => Promise<void>;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'haven-retention-d1-'));
    const local = await openLocalD1(await migrateLocalD1(directory));
    close = local.close;
    database = openD1Database(local.db);
  }, 60_000);
  afterAll(async () => {
    await close?.();
    rmSync(directory, { recursive: true, force: true });
  });

  it('deletes an expired closed case with its rows, and held messages older than a day', async () => {
    const { db } = database;
    await db.insert(conversations).values([
      {
        id: 1,
        channel: 'telegram',
        chatId: '1',
        language: 'ro',
        status: 'closed',
        inboxChannel: 'C0INBOX',
        createdAt: 0,
        closedAt: NOW - 200 * DAY,
      },
      {
        id: 2,
        channel: 'telegram',
        chatId: '2',
        language: 'ro',
        status: 'new',
        inboxChannel: 'C0INBOX',
        createdAt: 0,
      },
    ]);
    await db.insert(messages).values([
      { id: 'a', conversationId: 1, author: 'person', kind: 'text', body: 'old case', createdAt: 1 },
      {
        id: 'b',
        conversationId: 2,
        author: 'person',
        kind: 'text',
        body: 'held',
        held: true,
        createdAt: NOW - 2 * DAY,
      },
      { id: 'c', conversationId: 2, author: 'person', kind: 'text', body: 'kept', createdAt: NOW - 2 * DAY },
    ]);
    await db
      .insert(answers)
      .values({ conversationId: 1, flowId: 'f', nodeId: 'n', questionKey: 'q', answer: 'yes', createdAt: 1 });
    await db.insert(caseEvents).values({ conversationId: 1, actor: 'U0CW', action: 'close', at: 1 });
    await db.insert(outbox).values({
      conversationId: 1,
      lane: 'inbox',
      kind: 'inbox.relay',
      payload: '{"messageId":"a"}',
      notBefore: 0,
      createdAt: 1,
    });

    expect(await purgeExpired(database, { now: NOW, retentionDays: 180 })).toEqual({
      cases: 1,
      caseMessages: 1,
      outboxEntries: 1,
      heldMessages: 1,
      idempotencyKeys: 0,
      deliveredOutbox: 0,
    });
    expect((await db.select({ id: conversations.id }).from(conversations)).map((row) => row.id)).toEqual([2]);
    expect((await db.select({ id: messages.id }).from(messages)).map((row) => row.id)).toEqual(['c']);
    expect(await db.select().from(answers)).toEqual([]);
    expect(await db.select().from(caseEvents)).toEqual([]);
    expect(await db.select().from(outbox)).toEqual([]);
  });
});
