import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseAlias } from '../../src/core/inbox/alias.js';
import type { CaseCard } from '../../src/core/inbox/case-card.js';
import {
  type AcceptOutcome,
  type CannedReplyOutcome,
  type CaseActionInput,
  type CaseworkerComposedReplyInput,
  type CaseworkerReplyInput,
  type Conversation,
  type ReplyPreviewOutcome,
  silentLogger,
} from '../../src/core/index.js';
import { createTexts } from '../../src/i18n/texts.js';
import { createSlackAdapter, type SlackAdapter, type SlackRelay } from '../../src/inbox/slack/index.js';
import { FakeSlack } from '../../src/sandbox/index.js';
import { eventually, settle } from '../support/stack.js';

/**
 * The Bolt adapter on its own HTTP route, between the fake Slack (Web API and signed requests to
 * /slack/events) and a relay that records what it is given: everything Slack-side is real.
 */

const TOKEN = 'xoxb-test-token-for-the-fake-slack-api';
const SIGNING_SECRET = 'test-signing-secret';
const INBOX = 'C0INBOX01';
const HAVEN = 'U0HAVENBOT';
const CASEWORKER = 'U0CASEWORKER';

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

class RecordingRelay implements SlackRelay {
  readonly replies: CaseworkerReplyInput[] = [];
  readonly actions: CaseActionInput[] = [];
  failing = false;

  async acceptCaseworkerReply(input: CaseworkerReplyInput): Promise<AcceptOutcome> {
    this.replies.push(input);
    return 'stored';
  }

  async acceptCaseworkerAction(input: CaseActionInput): Promise<AcceptOutcome> {
    if (this.failing) throw new Error('the database is not answering');
    this.actions.push(input);
    return 'stored';
  }

  async acceptCaseworkerEdit(): Promise<AcceptOutcome> {
    return 'ignored';
  }

  async acceptCannedReply(): Promise<CannedReplyOutcome> {
    return { outcome: 'unknown_case' };
  }

  readonly composed: CaseworkerComposedReplyInput[] = [];
  /** How long a preview takes (a slow machine translation), and what it comes to. */
  previewDelayMs = 0;
  previewOutcome: (text: string) => ReplyPreviewOutcome = (text) => ({
    outcome: 'ready',
    preview: {
      written: text,
      original: text,
      toSend: `[ro] ${text}`,
      translation: { language: 'ro', provider: 'libretranslate' },
    },
    neutralFirstLine: null,
    personSilenced: false,
  });

  async previewCaseworkerReply(input: { text: string }): Promise<ReplyPreviewOutcome> {
    await new Promise((resolve) => setTimeout(resolve, this.previewDelayMs));
    return this.previewOutcome(input.text);
  }

  async acceptCaseworkerComposedReply(input: CaseworkerComposedReplyInput): Promise<AcceptOutcome> {
    if (this.failing) throw new Error('the database is not answering');
    if (this.composed.some((earlier) => earlier.eventKey === input.eventKey)) return 'duplicate';
    this.composed.push(input);
    return 'stored';
  }
}

const card = (overrides: Partial<CaseCard> = {}): CaseCard => ({
  caseNumber: 427,
  alias: 'Case 0427 · Lotus',
  status: 'open',
  urgent: null,
  language: 'ro',
  role: null,
  region: null,
  centre: null,
  minor: null,
  triage: null,
  assignee: null,
  lastPersonMessageAt: null,
  mode: 'human',
  silentMode: false,
  consent: 'given',
  resumeCode: false,
  ...overrides,
});

describe('the Slack adapter (Bolt) through the fake Slack', () => {
  let slack: FakeSlack;
  let relay: RecordingRelay;
  let adapter: SlackAdapter;
  let servers: Served[];
  let cardTs: string;

  beforeEach(async () => {
    slack = new FakeSlack({ botToken: TOKEN, signingSecret: SIGNING_SECRET, botUserId: HAVEN });
    const fake = await listen(slack.app.fetch);
    slack.publicUrl = fake.url;
    servers = [fake.server];
    relay = new RecordingRelay();
    await startAdapter(`${fake.url}/api/`);
    cardTs = await openCase(INBOX, card());
  });
  afterEach(async () => {
    await adapter.stop();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    expect(slack.violations).toEqual([]);
  });

  /** A Haven Slack adapter on its own route, receiving what the fake Slack sends. */
  async function startAdapter(apiUrl: string): Promise<void> {
    adapter = createSlackAdapter({
      botToken: TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl,
      appToken: undefined,
      inboxChannel: INBOX,
      inboxLanguage: 'en',
      replyMode: 'explicit',
      relay,
      texts: createTexts(),
      logger: silentLogger,
    });
    const http = new Hono()
      .post('/slack/events', (c) => adapter.handleHttp(c))
      // As Haven's app does: a failure is a 500, which Slack shows or retries.
      .onError((_, c) => c.text('internal error', 500));
    const haven = await listen(http.fetch);
    slack.eventsUrl = `${haven.url}/slack/events`;
    servers.push(haven.server);
    await adapter.start();
  }

  async function openCase(channel: string, shown: CaseCard): Promise<string> {
    const conversation = { id: shown.caseNumber, inboxChannel: channel } as Conversation;
    return (await adapter.inbox.openThread({ conversation, card: shown })).inboxThread;
  }

  describe('thread messages', () => {
    const write = (text: string, user = CASEWORKER) =>
      slack.postAsUser({ channel: INBOX, threadTs: cardTs, user, text });

    it('reports a message that begins by mentioning Haven as addressed to Haven, without the mention', async () => {
      const sent = await write(`<@${HAVEN}> We can meet tomorrow at 10.`);
      expect(sent.status).toBe(200);
      expect(relay.replies).toEqual([
        {
          eventKey: sent.eventId,
          inboxChannel: INBOX,
          inboxThread: cardTs,
          inboxMessageId: sent.ts,
          author: CASEWORKER,
          text: 'We can meet tomorrow at 10.',
          addressedToHaven: true,
        },
      ]);
    });

    it('reports any other message as not addressed to Haven, for the core to keep or send', async () => {
      await write('note: she sounded scared');
      await write(`Shall we ask <@${HAVEN}> later?`);
      await write('<@U0COLLEAGUE> can you take this one?');
      expect(relay.replies.map(({ text, addressedToHaven }) => ({ text, addressedToHaven }))).toEqual([
        { text: 'note: she sounded scared', addressedToHaven: false },
        { text: 'Shall we ask  later?', addressedToHaven: false },
        { text: ' can you take this one?', addressedToHaven: false },
      ]);
    });

    it('starts while Slack cannot say who Haven is, and asks again at the next event', async () => {
      await adapter.stop();
      slack.failNext('auth.test', { status: 503 });
      await startAdapter(`${slack.publicUrl}/api/`);
      await eventually(() => slack.calls.some((call) => call.method === 'auth.test' && !call.ok));
      const sent = await write(`<@${HAVEN}> still reaches the person`);
      expect(sent.status).toBe(200);
      expect(relay.replies.at(-1)).toMatchObject({
        text: 'still reaches the person',
        addressedToHaven: true,
      });
    });

    it('asks Slack who Haven is once, not for every event', async () => {
      for (let n = 0; n < 4; n++) await write(`<@${HAVEN}> message ${n}`);
      expect(relay.replies.every((reply) => reply.addressedToHaven)).toBe(true);
      expect(slack.calls.filter((call) => call.method === 'auth.test')).toHaveLength(1);
    });
  });

  describe('case card buttons', () => {
    it('turns each button into the matching case action on the clicked card’s thread', async () => {
      const unassigned = await openCase(INBOX, card({ assignee: null, urgent: null }));
      for (const actionId of ['case:assign', 'case:urgent', 'case:hand_back']) {
        const { status } = await slack.pressButton({
          channel: INBOX,
          messageTs: unassigned,
          actionId,
          user: CASEWORKER,
        });
        expect(status).toBe(200);
      }
      const assigned = await openCase(INBOX, card({ assignee: CASEWORKER, urgent: 'marked' }));
      for (const actionId of ['case:unassign', 'case:not_urgent']) {
        await slack.pressButton({ channel: INBOX, messageTs: assigned, actionId, user: CASEWORKER });
      }
      const closed = await openCase(INBOX, card({ status: 'closed' }));
      await slack.pressButton({
        channel: INBOX,
        messageTs: closed,
        actionId: 'case:reopen',
        user: CASEWORKER,
      });

      expect(relay.actions.map(({ inboxThread, action }) => [inboxThread, action.type])).toEqual([
        [unassigned, 'assign'],
        [unassigned, 'urgent'],
        [unassigned, 'hand_back'],
        [assigned, 'unassign'],
        [assigned, 'not_urgent'],
        [closed, 'reopen'],
      ]);
      for (const action of relay.actions) {
        expect(action.inboxChannel).toBe(INBOX);
        expect(action.actor).toBe(CASEWORKER);
        expect(action.eventKey).toMatch(/^action:U0CASEWORKER:case:\w+:\d+\.\d+$/);
      }
      expect(new Set(relay.actions.map((action) => action.eventKey)).size).toBe(relay.actions.length);
    });

    it('answers a click that could not be stored with an error, so the caseworker sees it failed', async () => {
      relay.failing = true;
      const { status } = await slack.pressButton({
        channel: INBOX,
        messageTs: cardTs,
        actionId: 'case:urgent',
      });
      expect(status).toBe(500);
    });

    it('ignores buttons on messages outside the inbox channel', async () => {
      const elsewhere = await openCase('C0ELSEWHERE', card());
      const { status } = await slack.pressButton({
        channel: 'C0ELSEWHERE',
        messageTs: elsewhere,
        actionId: 'case:assign',
      });
      expect(status).toBe(200);
      await settle(100);
      expect(relay.actions).toEqual([]);
    });
  });

  describe('closing a case', () => {
    async function openCloseModal(): Promise<{ id: string; blocks: unknown[]; title: { text: string } }> {
      const { status } = await slack.pressButton({
        channel: INBOX,
        messageTs: cardTs,
        actionId: 'case:close',
        user: CASEWORKER,
      });
      expect(status).toBe(200);
      expect(relay.actions).toEqual([]); // nothing happens to the case before the question is answered
      return (await eventually(() => slack.openedViews()[0])) as never;
    }
    const ticked = { goodbye: { goodbye: { type: 'checkboxes', selected_options: [{ value: 'send' }] } } };

    it('asks about a goodbye first, then closes with it', async () => {
      const modal = await openCloseModal();
      expect(modal.title.text).toBe('Close case');
      const shown = JSON.stringify(modal.blocks);
      expect(shown).toContain(`Close ${caseAlias(427)}?`);
      expect(shown).toContain('Send a goodbye to the person in their language');
      expect(shown).not.toContain('initial_options'); // the goodbye is off unless ticked

      const submitted = await slack.submitView({ viewId: modal.id, user: CASEWORKER, values: ticked });
      expect(submitted).toEqual({ status: 200, body: '' });
      expect(relay.actions).toEqual([
        {
          eventKey: `view:${modal.id}`,
          inboxChannel: INBOX,
          inboxThread: cardTs,
          actor: CASEWORKER,
          action: { type: 'close', goodbye: true },
        },
      ]);
    });

    it('closes without a goodbye when the box is left empty', async () => {
      const modal = await openCloseModal();
      await slack.submitView({
        viewId: modal.id,
        values: { goodbye: { goodbye: { type: 'checkboxes', selected_options: [] } } },
      });
      expect(relay.actions.map((a) => a.action)).toEqual([{ type: 'close', goodbye: false }]);
    });

    it('keeps the dialog open with a reason when the case could not be closed', async () => {
      const modal = await openCloseModal();
      relay.failing = true;
      const submitted = await slack.submitView({ viewId: modal.id, values: ticked });
      expect(submitted.status).toBe(200);
      expect(JSON.parse(submitted.body)).toEqual({
        response_action: 'errors',
        errors: { goodbye: 'The case could not be closed just now. Please try again.' },
      });
    });
  });

  describe('the reply dialog', () => {
    type View = { id: string; callback_id: string; blocks: unknown[]; title: { text: string } };
    const current = (id: string) => slack.openedViews().find((view) => view.id === id) as unknown as View;
    async function previewOf(text: string): Promise<View> {
      await slack.pressButton({
        channel: INBOX,
        messageTs: cardTs,
        actionId: 'case:reply',
        user: CASEWORKER,
      });
      const dialog = (await eventually(() => slack.openedViews()[0])) as unknown as View;
      expect(dialog.title.text).toBe('Reply to the person');
      expect(JSON.stringify(dialog.blocks)).toContain(caseAlias(427));
      await slack.submitView({
        viewId: dialog.id,
        user: CASEWORKER,
        values: { reply: { text: { type: 'plain_text_input', value: text } } },
      });
      return current(dialog.id);
    }

    it('hands the core exactly the preview it showed, once per dialog', async () => {
      const preview = await previewOf('We can meet at 10');
      expect(preview.callback_id).toBe('reply:preview');
      expect(JSON.stringify(preview.blocks)).toContain('[ro] We can meet at 10');
      const sent = await slack.submitView({ viewId: preview.id, user: CASEWORKER });
      expect(sent).toEqual({ status: 200, body: '' });
      await slack.submitView({ viewId: preview.id, user: CASEWORKER });
      expect(relay.composed).toEqual([
        {
          eventKey: `view:${preview.id}`,
          inboxChannel: INBOX,
          inboxThread: cardTs,
          author: CASEWORKER,
          preview: {
            written: 'We can meet at 10',
            original: 'We can meet at 10',
            toSend: '[ro] We can meet at 10',
            translation: { language: 'ro', provider: 'libretranslate' },
          },
        },
      ]);
    });

    it('stays open and says so when the reply could not be stored, with Edit to try again', async () => {
      const preview = await previewOf('We can meet at 10');
      relay.failing = true;
      const refused = await slack.submitView({ viewId: preview.id, user: CASEWORKER });
      expect(JSON.parse(refused.body).response_action).toBe('update');
      expect(JSON.stringify(current(preview.id).blocks)).toContain('The reply could not be sent just now');
      relay.failing = false;
      await slack.pressViewButton({ viewId: preview.id, actionId: 'reply:back', user: CASEWORKER });
      await eventually(() => current(preview.id).callback_id === 'reply:compose');
      expect(relay.composed).toEqual([]);
    });
  });

  it('shows the guide for answering in the Home tab, naming Haven as caseworkers mention it', async () => {
    const { status } = await slack.openAppHome(CASEWORKER);
    expect(status).toBe(200);
    const home = await eventually(() => slack.homeView(CASEWORKER));
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('How to answer with Haven');
    expect(text).toContain(`start the message with <@${HAVEN}>`);
    expect(text).toContain('`note:` or `//`');
  });

  it('refuses an unsigned click', async () => {
    const payload = { type: 'block_actions', actions: [{ action_id: 'case:assign' }] };
    const raw = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const response = await slack.sendSigned(raw, {
      signature: null,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(401);
    expect(relay.actions).toEqual([]);
  });
});
