import { serve } from '@hono/node-server';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseCard } from '../../src/core/inbox/case-card.js';
import { type Conversation, DeliveryError, type StoredMessage } from '../../src/core/index.js';
import { createTexts } from '../../src/i18n/texts.js';
import { SlackInbox } from '../../src/inbox/slack/slack-inbox.js';
import { FakeSlack } from '../../src/sandbox/index.js';

const TOKEN = 'xoxb-test-token-for-the-fake-slack-api';
const INBOX = 'C0INBOX01';

type Served = ReturnType<typeof serve>;

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: Served; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const conversation = (inboxThread: string | null = null) =>
  ({
    id: 7,
    version: 1,
    channel: 'telegram',
    chatId: '1',
    language: 'ro',
    status: 'new',
    inboxChannel: INBOX,
    inboxThread,
    createdAt: 0,
    lastPersonMessageAt: null,
    mode: 'bot',
    flow: null,
    facts: {},
    urgent: null,
    languageConfirmed: true,
    silenced: false,
    promptNonce: null,
    assignee: null,
    silentMode: false,
    consent: 'given',
    triage: null,
    closedAt: null,
    tipsOfferedAt: null,
  }) as Conversation;

const card = (overrides: Partial<CaseCard> = {}): CaseCard => ({
  caseNumber: 7,
  alias: 'Case 0007 · Juniper',
  status: 'new',
  urgent: null,
  language: 'ro',
  role: null,
  region: null,
  centre: null,
  minor: null,
  triage: null,
  assignee: null,
  lastPersonMessageAt: null,
  mode: 'bot',
  silentMode: false,
  consent: 'given',
  resumeCode: false,
  ...overrides,
});

const personMessage = (body: string): StoredMessage =>
  ({
    id: crypto.randomUUID(),
    conversationId: 7,
    author: 'person',
    kind: 'text',
    body,
    buttons: null,
    inboxText: null,
    held: false,
    channelMessageId: '1',
    inboxMessageId: null,
    createdAt: 0,
  }) as StoredMessage;

async function failure(call: Promise<unknown>): Promise<DeliveryError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('SlackInbox against the fake Slack Web API', () => {
  let slack: FakeSlack;
  let served: { server: Served; url: string };
  let inbox: SlackInbox;

  beforeEach(async () => {
    slack = new FakeSlack({ botToken: TOKEN, signingSecret: 'secret' });
    served = await listen(slack.app.fetch);
    slack.publicUrl = served.url;
    const client = new WebClient(TOKEN, {
      slackApiUrl: `${served.url}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quiet,
    });
    inbox = new SlackInbox(client, createTexts(), 'en');
  });
  afterEach(async () => {
    await new Promise((resolve) => served.server.close(resolve));
    expect(slack.violations).toEqual([]);
  });

  const header = (ts: string) =>
    (slack.messages(INBOX).find((m) => m.ts === ts)?.blocks?.[0] as { text?: { text: string } } | undefined)
      ?.text?.text;

  it('opens a case thread with the card as its parent, and updates the card in place', async () => {
    const { inboxThread } = await inbox.openThread({ conversation: conversation(), card: card() });
    const [parent] = slack.messages(INBOX);
    expect(parent?.ts).toBe(inboxThread);
    expect(parent?.text).toBe('Case 0007 · Juniper · new');
    expect(header(inboxThread)).toBe('Case 0007 · Juniper');

    await inbox.updateCard({
      conversation: conversation(inboxThread) as Conversation & { inboxThread: string },
      card: card({ status: 'open', urgent: 'danger_now', assignee: 'U0CW' }),
    });
    expect(slack.messages(INBOX)).toHaveLength(1);
    expect(slack.messages(INBOX)[0]?.text).toBe('🚨 Case 0007 · Juniper · open');
    expect(header(inboxThread)).toBe('🚨 Case 0007 · Juniper');
    expect(JSON.stringify(slack.messages(INBOX)[0]?.blocks)).toContain('<@U0CW>');
  });

  it('marks a thread message, and takes a mark that is already there as done', async () => {
    const { inboxThread } = await inbox.openThread({ conversation: conversation(), card: card() });
    const open = conversation(inboxThread) as Conversation & { inboxThread: string };
    const { inboxMessageId } = await inbox.postInThread({ conversation: open, message: personMessage('hi') });
    const mark = (reaction: 'sent' | 'failed' | 'internal') =>
      inbox.react({ inboxChannel: INBOX, inboxMessageId, reaction });
    await mark('sent');
    await mark('sent');
    await mark('internal');
    await mark('failed');
    expect(slack.messages(INBOX).find((m) => m.ts === inboxMessageId)?.reactions).toEqual([
      'white_check_mark',
      'memo',
      'warning',
    ]);
  });

  it('erases Haven’s posts and leaves only the tombstone, even when run twice', async () => {
    const { inboxThread } = await inbox.openThread({ conversation: conversation(), card: card() });
    const open = conversation(inboxThread) as Conversation & { inboxThread: string };
    const first = await inbox.postInThread({ conversation: open, message: personMessage('my name is …') });
    const second = await inbox.postInThread({ conversation: open, message: personMessage('I live at …') });
    const erase = {
      inboxChannel: INBOX,
      inboxThread,
      inboxMessageIds: [first.inboxMessageId, second.inboxMessageId],
      tombstone: 'Conversation erased at the person’s request on 2025-05-01.',
    };
    await inbox.erase(erase);
    await inbox.erase(erase);

    const left = slack.messages(INBOX).filter((m) => !m.deleted);
    expect(left).toHaveLength(1);
    expect(left[0]?.ts).toBe(inboxThread);
    expect(left[0]?.text).toBe(erase.tombstone);
    expect(left[0]?.blocks).toEqual([]);
    expect(JSON.stringify(left)).not.toContain('my name');
  });

  it('retries rate limits after Slack’s Retry-After, and parks what no retry can fix', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    const limited = await failure(inbox.openThread({ conversation: conversation(), card: card() }));
    expect(limited.disposition).toBe('retry');
    expect(limited.retryAfterMs).toBe(7000);

    for (const error of ['channel_not_found', 'not_in_channel', 'is_archived']) {
      slack.failNext('chat.update', { error });
      const parked = await failure(
        inbox.updateCard({ conversation: conversation('1.000001') as never, card: card() }),
      );
      expect(parked.disposition).toBe('permanent');
      expect(parked.reason).toContain(error);
      expect(parked.reason).toMatch(/inbox channel/);
    }

    slack.failNext('reactions.add', { error: 'missing_scope' });
    const scope = await failure(
      inbox.react({ inboxChannel: INBOX, inboxMessageId: '1.0', reaction: 'sent' }),
    );
    expect(scope.disposition).toBe('permanent');

    slack.failNext('chat.delete', { status: 503 });
    const outage = await failure(
      inbox.erase({ inboxChannel: INBOX, inboxThread: '1.0', inboxMessageIds: ['2.0'], tombstone: 'x' }),
    );
    expect(outage.disposition).toBe('retry');
  });
});
