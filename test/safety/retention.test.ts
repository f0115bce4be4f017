import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/index.js';
import { startRetentionJob } from '../../src/runtime/node/retention-job.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { purgeExpired } from '../../src/storage/retention.js';
import {
  answers,
  caseEvents,
  conversations,
  messages,
  outbox,
  processedEvents,
} from '../../src/storage/schema.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 1);
/** What a purge that found nothing reports. */
const NONE = {
  cases: 0,
  caseMessages: 0,
  outboxEntries: 0,
  heldMessages: 0,
  idempotencyKeys: 0,
  deliveredOutbox: 0,
};

describe('retention purge on SQLite', () => {
  let database: SqlDatabase;
  beforeEach(() => {
    database = openSqliteDatabase(':memory:');
  });
  afterEach(() => database.close());

  let nextChat = 1;
  /** A case with two messages, an answer, a case event and one outbox entry of each status. */
  async function seedCase(input: {
    status: 'new' | 'open' | 'waiting' | 'closed';
    closedAt?: number | null;
  }): Promise<number> {
    const { db } = database;
    const chatId = String(nextChat++);
    await db.insert(conversations).values({
      channel: 'telegram',
      chatId,
      language: 'ro',
      status: input.status,
      inboxChannel: 'C0INBOX',
      inboxThread: `1700000000.${chatId.padStart(6, '0')}`,
      createdAt: NOW - 400 * DAY,
      closedAt: input.closedAt ?? null,
    });
    const [row] = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.chatId, chatId));
    const id = row!.id;
    await db.insert(messages).values([
      { id: `${id}-a`, conversationId: id, author: 'person', kind: 'text', body: 'words', createdAt: 1 },
      { id: `${id}-b`, conversationId: id, author: 'caseworker', kind: 'text', body: 'reply', createdAt: 2 },
    ]);
    await db.insert(answers).values({
      conversationId: id,
      flowId: 'screening',
      nodeId: 'n1',
      questionKey: 'q',
      answer: 'yes',
      createdAt: 3,
    });
    await db.insert(caseEvents).values({ conversationId: id, actor: 'U0CW', action: 'close', at: 4 });
    await db.insert(outbox).values(
      (['pending', 'done', 'parked'] as const).map((status) => ({
        conversationId: id,
        lane: 'inbox' as const,
        kind: 'inbox.relay',
        payload: JSON.stringify({ messageId: `${id}-a` }),
        status,
        notBefore: 0,
        createdAt: 5,
      })),
    );
    return id;
  }

  const rowsOf = async (conversationId: number) => {
    const { db } = database;
    return {
      conversation: (await db.select().from(conversations).where(eq(conversations.id, conversationId)))
        .length,
      messages: (await db.select().from(messages).where(eq(messages.conversationId, conversationId))).length,
      answers: (await db.select().from(answers).where(eq(answers.conversationId, conversationId))).length,
      events: (await db.select().from(caseEvents).where(eq(caseEvents.conversationId, conversationId)))
        .length,
      outbox: (await db.select().from(outbox).where(eq(outbox.conversationId, conversationId))).length,
    };
  };
  const nothing = { conversation: 0, messages: 0, answers: 0, events: 0, outbox: 0 };
  const everything = { conversation: 1, messages: 2, answers: 1, events: 1, outbox: 3 };

  it('deletes a case closed longer ago than the retention period, with everything that belongs to it', async () => {
    const expired = await seedCase({ status: 'closed', closedAt: NOW - 181 * DAY });
    const counts = await purgeExpired(database, { now: NOW, retentionDays: 180 });
    expect(counts).toEqual({ ...NONE, cases: 1, caseMessages: 2, outboxEntries: 3 });
    expect(await rowsOf(expired)).toEqual(nothing);
  });

  it('keeps cases closed more recently, open cases however old, and closed cases without a date', async () => {
    const recent = await seedCase({ status: 'closed', closedAt: NOW - 179 * DAY });
    const open = await seedCase({ status: 'open' });
    const waiting = await seedCase({ status: 'waiting', closedAt: null });
    const undated = await seedCase({ status: 'closed', closedAt: null });
    const gone = await seedCase({ status: 'closed', closedAt: NOW - 365 * DAY });

    const counts = await purgeExpired(database, { now: NOW, retentionDays: 180 });
    expect(counts.cases).toBe(1);
    for (const kept of [recent, open, waiting, undated]) expect(await rowsOf(kept)).toEqual(everything);
    expect(await rowsOf(gone)).toEqual(nothing);
  });

  it('follows the configured number of days', async () => {
    const closed = await seedCase({ status: 'closed', closedAt: NOW - 31 * DAY });
    expect((await purgeExpired(database, { now: NOW, retentionDays: 60 })).cases).toBe(0);
    expect((await purgeExpired(database, { now: NOW, retentionDays: 30 })).cases).toBe(1);
    expect(await rowsOf(closed)).toEqual(nothing);
  });

  it('deletes messages held for consent for more than a day, and only those', async () => {
    const id = await seedCase({ status: 'new' });
    const held = (suffix: string, createdAt: number, isHeld = true) => ({
      id: `held-${suffix}`,
      conversationId: id,
      author: 'person' as const,
      kind: 'text',
      body: 'waiting for consent',
      held: isHeld,
      createdAt,
    });
    await database.db
      .insert(messages)
      .values([
        held('old', NOW - DAY - 1),
        held('fresh', NOW - DAY + 60_000),
        held('released', NOW - 3 * DAY, false),
      ]);

    const counts = await purgeExpired(database, { now: NOW, retentionDays: 180 });
    expect(counts).toEqual({ ...NONE, heldMessages: 1 });
    const left = (await database.db.select({ id: messages.id }).from(messages)).map((row) => row.id).sort();
    expect(left).toEqual([`${id}-a`, `${id}-b`, 'held-fresh', 'held-released']);
  });

  it('forgets idempotency keys and delivered outbox entries after a week, and nothing still needed', async () => {
    const id = await seedCase({ status: 'open' });
    await database.db.insert(processedEvents).values([
      { source: 'telegram', eventKey: 'old', receivedAt: NOW - 8 * DAY },
      { source: 'telegram', eventKey: 'recent', receivedAt: NOW - 6 * DAY },
    ]);
    const entry = (status: 'done' | 'pending' | 'parked', doneAt: number | null) => ({
      conversationId: id,
      lane: 'inbox' as const,
      kind: 'inbox.card',
      payload: '{}',
      status,
      notBefore: 0,
      createdAt: NOW - 30 * DAY,
      doneAt,
    });
    await database.db
      .insert(outbox)
      .values([
        entry('done', NOW - 8 * DAY),
        entry('done', NOW - DAY),
        entry('pending', null),
        entry('parked', null),
      ]);

    const counts = await purgeExpired(database, { now: NOW, retentionDays: 180 });
    expect(counts).toEqual({ ...NONE, idempotencyKeys: 1, deliveredOutbox: 1 });
    const keys = await database.db.select({ key: processedEvents.eventKey }).from(processedEvents);
    expect(keys.map((row) => row.key)).toEqual(['recent']);
    // The case's own seeded entries (no delivery date) and the recent, pending and parked ones stay.
    expect(await rowsOf(id)).toEqual({ ...everything, outbox: 3 + 3 });
  });

  it('does nothing, and says so in its counts, on a second run', async () => {
    await seedCase({ status: 'closed', closedAt: NOW - 200 * DAY });
    await purgeExpired(database, { now: NOW, retentionDays: 180 });
    expect(await purgeExpired(database, { now: NOW, retentionDays: 180 })).toEqual(NONE);
  });
});

describe('retention job', () => {
  let database: SqlDatabase;
  beforeEach(() => {
    database = openSqliteDatabase(':memory:');
  });
  afterEach(() => database.close());

  function recordingLogger() {
    const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
    const at =
      (level: string) =>
      (fields: Record<string, unknown>, message: string): void => {
        lines.push({ level, fields, message });
      };
    const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    return { lines, logger };
  }

  async function seedExpired(chatId: string) {
    await database.db.insert(conversations).values({
      channel: 'telegram',
      chatId,
      language: 'en',
      status: 'closed',
      inboxChannel: 'C0INBOX',
      createdAt: 0,
      closedAt: 0,
    });
  }

  it('purges at start-up, again on schedule, and logs counts only', async () => {
    await seedExpired('secret-chat-1');
    const { lines, logger } = recordingLogger();
    const job = startRetentionJob({
      database,
      retentionDays: 1,
      clock: { now: () => 10 * DAY },
      logger,
      intervalMs: 30,
    });
    await job.runNow();
    expect(await database.db.select().from(conversations)).toEqual([]);

    await seedExpired('secret-chat-2');
    await new Promise((resolve) => setTimeout(resolve, 120));
    await job.stop();
    expect(await database.db.select().from(conversations)).toEqual([]);

    const purges = lines.filter((line) => line.message === 'retention purge removed expired data');
    expect(purges).toHaveLength(2);
    expect(purges[0]!.fields).toEqual({ ...NONE, cases: 1, retentionDays: 1 });
    expect(JSON.stringify(lines)).not.toContain('secret-chat');
  });

  it('stops its schedule: nothing is purged after stop()', async () => {
    const { logger } = recordingLogger();
    const job = startRetentionJob({
      database,
      retentionDays: 1,
      clock: { now: () => 10 * DAY },
      logger,
      intervalMs: 20,
    });
    await job.stop();
    await seedExpired('after-stop');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await database.db.select().from(conversations)).toHaveLength(1);
  });

  it('logs a failure by its error class and keeps running', async () => {
    const { lines, logger } = recordingLogger();
    const broken: SqlDatabase = {
      ...database,
      get db(): SqlDatabase['db'] {
        throw new TypeError('database is gone');
      },
    };
    const job = startRetentionJob({ database: broken, retentionDays: 1, clock: { now: () => 0 }, logger });
    await job.runNow();
    await job.stop();
    expect(lines.filter((line) => line.level === 'error').map((line) => line.fields)).toEqual([
      { err: 'TypeError' },
      { err: 'TypeError' },
    ]);
  });
});
