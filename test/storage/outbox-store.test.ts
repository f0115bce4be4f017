import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxEntry, Turn } from '../../src/core/index.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';

describe('the outbox on SQLite', () => {
  let directory: string;
  let path: string;
  let database: SqlDatabase;
  let store: DrizzleCaseStore;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'haven-outbox-'));
    path = join(directory, 'haven.sqlite');
    database = openSqliteDatabase(path);
    store = new DrizzleCaseStore(database);
  });
  afterEach(async () => {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  let events = 0;
  const open = (chatId: string) =>
    store.openConversation({
      channel: 'telegram',
      chatId,
      language: 'en',
      languageConfirmed: true,
      inboxChannel: 'C0INBOX',
      now: 1,
    });
  const relayEntry = (conversationId: number, messageId: string): NewOutboxEntry => ({
    conversationId,
    lane: 'inbox',
    kind: 'inbox.relay',
    payload: { messageId },
  });
  const queue = (now: number, outbox: NewOutboxEntry[], key = String(++events)): Turn => ({
    event: { source: 'telegram', key },
    now,
    messages: [],
    outbox,
  });
  /** Every pending entry's lane position and due time, straight from the table. */
  const pending = () =>
    new Database(path, { readonly: true })
      .prepare(
        "SELECT id, conversation_id AS c, not_before AS due FROM outbox WHERE status = 'pending' ORDER BY id",
      )
      .all() as { id: number; c: number; due: number }[];

  it('takes the heads of lanes that fell due longest ago first, and nothing queued behind a head', async () => {
    const cases = [];
    for (let index = 1; index <= 5; index += 1) cases.push(await open(String(index)));
    // Each case: three deliveries in its lane, queued at a time of its own.
    for (const [index, { id }] of cases.entries()) {
      await store.saveTurn(
        queue(
          100 - index * 10,
          ['a', 'b', 'c'].map((m) => relayEntry(id, `${id}${m}`)),
        ),
      );
    }
    const claimed = await store.claimOutbox({ now: 100, limit: 3, leaseUntil: 1_000 });
    expect(claimed.map((entry) => entry.payload)).toEqual([
      { messageId: '3a' },
      { messageId: '4a' },
      { messageId: '5a' },
    ]);
    // The other two heads are next; the lanes in flight give nothing until their head is done.
    const next = await store.claimOutbox({ now: 100, limit: 10, leaseUntil: 1_000 });
    expect(next.map((entry) => entry.payload)).toEqual([{ messageId: '1a' }, { messageId: '2a' }]);
    await store.completeOutbox(claimed[0]!.id, 101);
    const after = await store.claimOutbox({ now: 101, limit: 10, leaseUntil: 1_000 });
    expect(after.map((entry) => entry.payload)).toEqual([{ messageId: '3b' }]);
  });

  it('keeps the entries of a lane due no sooner than the one ahead of them when it is handed back', async () => {
    const { id } = await open('1');
    await store.saveTurn(queue(10, [relayEntry(id, 'a'), relayEntry(id, 'b')]));
    const [head] = await store.claimOutbox({ now: 10, limit: 10, leaseUntil: 1_000 });
    // The head waits for a rate limit until 5 000; so does what is behind it, and what is queued later.
    await store.releaseOutbox(head!.id, 5_000);
    await store.saveTurn(queue(20, [relayEntry(id, 'c')]));
    expect(pending().map((row) => row.due)).toEqual([5_000, 5_000, 5_000]);
    expect(await store.nextOutboxDue()).toBe(5_000);
    expect(await store.claimOutbox({ now: 4_999, limit: 10, leaseUntil: 9_000 })).toEqual([]);
    // A failure's backoff holds the lane the same way.
    const [again] = await store.claimOutbox({ now: 5_000, limit: 10, leaseUntil: 9_000 });
    expect(again?.payload).toEqual({ messageId: 'a' });
    await store.retryOutbox(again!.id, 8_000, 'Slack is down');
    expect(pending().map((row) => row.due)).toEqual([8_000, 8_000, 8_000]);
  });

  it('answers when the next entry falls due, with a long queue behind heads that wait', async () => {
    const cases = [];
    for (let index = 1; index <= 40; index += 1) cases.push(await open(String(index)));
    for (const { id } of cases) {
      await store.saveTurn(
        queue(
          10,
          ['a', 'b', 'c', 'd'].map((m) => relayEntry(id, `${id}${m}`)),
        ),
      );
    }
    const heads = await store.claimOutbox({ now: 10, limit: 100, leaseUntil: 1_000 });
    expect(heads).toHaveLength(40);
    // Every head waits its own turn for the channel, a second apart.
    for (const [index, head] of heads.entries()) await store.releaseOutbox(head.id, 2_000 + index * 1_000);
    expect(await store.nextOutboxDue()).toBe(2_000);
    expect(await store.claimOutbox({ now: 1_999, limit: 100, leaseUntil: 3_000 })).toEqual([]);
    const first = await store.claimOutbox({ now: 2_000, limit: 100, leaseUntil: 3_000 });
    expect(first.map((entry) => entry.payload)).toEqual([{ messageId: `${cases[0]!.id}a` }]);
  });

  it('commits turns that arrive together in one go, and refuses only the one that fails', async () => {
    const cases = [await open('1'), await open('2'), await open('3')];
    await store.saveTurn(queue(5, [], 'seen-before'));
    // Three webhook updates at once; the second is a repeat of an update stored before.
    const outcomes = await Promise.all([
      store.saveTurn(queue(10, [relayEntry(cases[0]!.id, 'one')])),
      store.saveTurn(queue(10, [relayEntry(cases[1]!.id, 'repeat')], 'seen-before')),
      store.saveTurn(queue(10, [relayEntry(cases[2]!.id, 'three')])),
    ]);
    expect(outcomes).toEqual(['stored', 'duplicate', 'stored']);
    // Stored means committed: another connection sees both, and nothing of the repeat.
    const seen = new Database(path, { readonly: true })
      .prepare('SELECT payload FROM outbox ORDER BY id')
      .pluck()
      .all();
    expect(seen).toEqual([JSON.stringify({ messageId: 'one' }), JSON.stringify({ messageId: 'three' })]);
  });
});
