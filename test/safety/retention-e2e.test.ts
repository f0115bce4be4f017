import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, INBOX, type Stack, startStack } from '../support/stack.js';

const DAY = 24 * 60 * 60 * 1000;

/** The retention job as Haven runs it: at start-up, on the configured number of days. */
describe('retention in the running Haven', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { RETENTION_DAYS: '30' } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  /** Moves a case's closing date into the past, as if time had passed (Haven's clock is the real one). */
  function closedDaysAgo(caseId: number, days: number) {
    const database = new Database(stack.databasePath);
    try {
      database
        .prepare('UPDATE conversations SET closed_at = ? WHERE id = ?')
        .run(Date.now() - days * DAY, caseId);
    } finally {
      database.close();
    }
  }

  it('purges a case closed longer ago than RETENTION_DAYS when Haven starts, and keeps a recent one', async () => {
    const caseIds: number[] = [];
    for (const chatId of [8181, 8282]) {
      await stack.telegram.sendFromPerson({ chatId, text: `case of ${chatId}` });
      const conversation = await eventually(() =>
        stack.haven.store.findConversationByChat('telegram', String(chatId)),
      );
      caseIds.push(conversation.id);
    }
    const cards = () => stack.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    await eventually(() => cards().length === 2);
    for (const card of cards()) {
      await stack.slack.pressButton({ channel: INBOX, messageTs: card.ts, actionId: 'case:close' });
    }
    for (const view of (await eventually(() =>
      stack.slack.openedViews().length === 2 ? stack.slack.openedViews() : undefined,
    )) as { id: string }[]) {
      await stack.slack.submitView({ viewId: view.id });
    }
    await eventually(async () => {
      const statuses = await Promise.all(caseIds.map((id) => stack.haven.store.getConversation(id)));
      return statuses.every((conversation) => conversation?.status === 'closed');
    });
    const [old, recent] = caseIds as [number, number];
    closedDaysAgo(old, 31);
    closedDaysAgo(recent, 29);

    await stack.restart();
    await eventually(async () => (await stack.haven.store.getConversation(old)) === undefined);
    expect(await stack.haven.store.listMessages(old)).toEqual([]);
    expect((await stack.haven.store.getConversation(recent))?.status).toBe('closed');

    // Whoever writes from the purged chat again starts afresh, as a new case.
    await stack.telegram.sendFromPerson({ chatId: 8181, text: 'hello again' });
    const fresh = await eventually(() => stack.haven.store.findConversationByChat('telegram', '8181'));
    expect(fresh.id).not.toBe(old);
  });
});
