import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/core/index.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import type { SqlDatabase } from '../../src/storage/database.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';

describe('DrizzleCaseStore on SQLite', () => {
  let database: SqlDatabase;
  let store: DrizzleCaseStore;
  beforeEach(() => {
    database = openSqliteDatabase(':memory:');
    store = new DrizzleCaseStore(database);
  });
  afterEach(() => database.close());

  const open = () =>
    store.openConversation({
      channel: 'telegram',
      chatId: '1',
      language: 'ro',
      languageConfirmed: true,
      inboxChannel: 'C0INBOX',
      now: 1,
    });
  const message = (id: string): StoredMessage => ({
    id,
    conversationId: 1,
    author: 'person',
    kind: 'text',
    body: 'hi',
    buttons: null,
    inboxText: null,
    held: false,
    inboxTranslationId: null,
    channelMessageId: null,
    inboxMessageId: null,
    createdAt: 2,
  });

  it('commits a decision made on the current version, and refuses (storing nothing) one made on an old one', async () => {
    const conversation = await open();
    expect(conversation).toMatchObject({
      version: 0,
      mode: 'bot',
      flow: null,
      facts: {},
      languageConfirmed: true,
    });

    const first = await store.saveTurn({
      event: { source: 'telegram', key: '1' },
      now: 2,
      conversation: {
        id: conversation.id,
        expectedVersion: 0,
        patch: { mode: 'human', facts: { region: 'flanders' } },
      },
      messages: [message('a')],
      outbox: [{ conversationId: 1, lane: 'inbox', kind: 'inbox.relay', payload: { messageId: 'a' } }],
    });
    const stale = await store.saveTurn({
      event: { source: 'telegram', key: '2' },
      now: 3,
      conversation: { id: conversation.id, expectedVersion: 0, patch: { mode: 'bot' } },
      messages: [message('b')],
      outbox: [{ conversationId: 1, lane: 'inbox', kind: 'inbox.relay', payload: { messageId: 'b' } }],
    });

    expect([first, stale]).toEqual(['stored', 'conflict']);
    expect(await store.getConversation(conversation.id)).toMatchObject({
      version: 1,
      mode: 'human',
      facts: { region: 'flanders' },
    });
    expect(await store.getMessage('b')).toBeUndefined();
    expect(await store.isProcessed('telegram', '2')).toBe(false);
    const claimed = await store.claimOutbox({ now: 10, limit: 10, leaseUntil: 100 });
    expect(claimed.map((entry) => entry.payload)).toEqual([{ messageId: 'a' }]);
  });

  it('stores answers as data and gives them back in order', async () => {
    const conversation = await open();
    await store.saveTurn({
      event: { source: 'telegram', key: '1' },
      now: 2,
      conversation: { id: conversation.id, expectedVersion: 0, patch: {} },
      messages: [],
      outbox: [],
      answers: [
        {
          conversationId: 1,
          flowId: 'screening',
          nodeId: 'wages',
          questionKey: 'wages.text',
          indicator: 'withheld_wages',
          answer: 'kept',
          answerKey: 'wages.kept',
          freeText: null,
          forms: ['labour'],
          createdAt: 2,
        },
        {
          conversationId: 1,
          flowId: 'screening',
          nodeId: 'debt',
          questionKey: 'debt.text',
          indicator: null,
          answer: 'free_text',
          answerKey: null,
          freeText: 'I owe them for the trip',
          forms: [],
          createdAt: 2,
        },
      ],
    });
    const answers = await store.listAnswers(1);
    expect(answers.map((answer) => [answer.nodeId, answer.answer, answer.forms])).toEqual([
      ['wages', 'kept', ['labour']],
      ['debt', 'free_text', []],
    ]);
  });
});
