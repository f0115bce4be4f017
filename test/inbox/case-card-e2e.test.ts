import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTexts } from '../../src/i18n/texts.js';
import type { SlackMessage } from '../../src/sandbox/index.js';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/**
 * The case card and its buttons through the whole of Haven: a person on the fake Telegram, a caseworker
 * on the fake Slack, and the real core, store and outbox between them.
 */

const CASEWORKER = 'U0CASEWORKER';
const HAVEN = 'U0HAVENBOT'; // the fake Slack's default bot user
const texts = createTexts();

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { action_id?: string }[];
}

const blocks = (message: SlackMessage) => (message.blocks ?? []) as Block[];
const headerOf = (message: SlackMessage) => blocks(message).find((b) => b.type === 'header')?.text?.text;
const buttonsOf = (message: SlackMessage) =>
  blocks(message)
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .map((e) => e.action_id);
const fieldOf = (message: SlackMessage, label: string) =>
  blocks(message)
    .flatMap((b) => b.fields ?? [])
    .find((f) => f.text.startsWith(`*${label}*\n`))
    ?.text.split('\n')
    .slice(1)
    .join('\n');

describe('the case card in the inbox', () => {
  let stack: Stack;
  let card: () => SlackMessage;

  beforeEach(async () => {
    // Explicit replies: only a message that begins with @Haven reaches the person.
    stack = await startStack({ env: { HAVEN_REPLY_MODE: 'explicit' } });
    await stack.telegram.sendFromPerson({
      chatId: 4242,
      text: 'Ik heb hulp nodig, mijn baas houdt mijn paspoort',
      languageCode: 'nl',
    });
    const parent = await eventually(() => stack.slack.messages(INBOX)[0]);
    card = () => stack.slack.messages(INBOX).find((m) => m.ts === parent.ts)!;
    await eventually(() => stack.telegram.sentTo(4242).length >= 1);
  });
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  const thread = () => stack.slack.thread(INBOX, card().ts).slice(1);
  const press = (actionId: string) =>
    stack.slack.pressButton({ channel: INBOX, messageTs: card().ts, actionId, user: CASEWORKER });

  it('opens each case with a card that names it and holds none of the person’s words', async () => {
    expect(headerOf(card())).toMatch(/^Case 0001 · \w+$/);
    expect(fieldOf(card(), 'Language')).toBe('nl · Nederlands (Dutch)');
    expect(fieldOf(card(), 'Assigned to')).toBe('nobody yet');
    expect(buttonsOf(card())).toEqual(['case:reply', 'case:assign', 'case:urgent', 'case:close']);
    expect(JSON.stringify(card())).not.toMatch(/paspoort|hulp nodig|4242/);
  });

  it('assigns the case to the caseworker who clicks, and shows it on the card', async () => {
    expect((await press('case:assign')).status).toBe(200);
    await eventually(() => fieldOf(card(), 'Assigned to') === `<@${CASEWORKER}>`);
    expect(buttonsOf(card())).toEqual(['case:reply', 'case:unassign', 'case:urgent', 'case:close']);

    await press('case:urgent');
    await eventually(() => headerOf(card())?.startsWith('🚨'));
    expect(buttonsOf(card())).toContain('case:not_urgent');
  });

  it('sends a reply addressed to Haven, keeps other thread messages internal, and marks both', async () => {
    const sent = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card().ts,
      user: CASEWORKER,
      text: `<@${HAVEN}> Wij zijn er voor je.`,
    });
    const kept = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card().ts,
      user: CASEWORKER,
      text: 'She mentions a passport: check with the team',
    });
    await eventually(() => stack.telegram.sentTo(4242).find((m) => m.text === 'Wij zijn er voor je.'));
    const reactions = (ts: string) => stack.slack.messages(INBOX).find((m) => m.ts === ts)?.reactions ?? [];
    await eventually(() => reactions(sent.ts).includes('white_check_mark'));
    await eventually(() => reactions(kept.ts).includes('memo'));
    await settle();
    expect(stack.telegram.sentTo(4242).some((m) => m.text?.includes('passport'))).toBe(false);
    expect(fieldOf(card(), 'Who answers')).toBe('a caseworker');
    expect(buttonsOf(card())).toContain('case:hand_back');
  });

  it('closes the case after asking about a goodbye, and sends it in the person’s language', async () => {
    await press('case:close');
    const modal = (await eventually(() => stack.slack.openedViews()[0])) as { id: string };
    const submitted = await stack.slack.submitView({
      viewId: modal.id,
      user: CASEWORKER,
      values: { goodbye: { goodbye: { type: 'checkboxes', selected_options: [{ value: 'send' }] } } },
    });
    expect(submitted.status).toBe(200);
    await eventually(() => fieldOf(card(), 'Status') === 'closed');
    expect(buttonsOf(card())).toEqual(['case:reopen']);
    const goodbye = texts.t('nl', 'common:goodbye');
    await eventually(() => stack.telegram.sentTo(4242).find((m) => m.text === goodbye));

    await press('case:reopen');
    await eventually(() => fieldOf(card(), 'Status') !== 'closed');
    expect(buttonsOf(card())).toContain('case:close');
    expect(thread().length).toBeGreaterThan(0);
  });

  it('closes without writing to the person when the goodbye is left unticked', async () => {
    await press('case:close');
    const modal = (await eventually(() => stack.slack.openedViews()[0])) as { id: string };
    await stack.slack.submitView({ viewId: modal.id, user: CASEWORKER, values: {} });
    await eventually(() => fieldOf(card(), 'Status') === 'closed');
    await settle();
    const goodbyes = ['nl', 'en'].map((language) => texts.t(language, 'common:goodbye'));
    expect(stack.telegram.sentTo(4242).filter((m) => goodbyes.includes(m.text ?? ''))).toEqual([]);
  });

  it('shows caseworkers how to answer in the Home tab', async () => {
    await stack.slack.openAppHome(CASEWORKER);
    const home = await eventually(() => stack.slack.homeView(CASEWORKER));
    expect(JSON.stringify(home.blocks)).toContain('How to answer with Haven');
  });

  it('lists the open cases in the Home tab, urgent first, each linking to its thread', async () => {
    await stack.telegram.sendFromPerson({ chatId: 4243, text: 'zebra crossing words', languageCode: 'en' });
    await eventually(
      () => stack.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts).length >= 2,
    );
    await stack.slack.openAppHome(CASEWORKER);
    const home = await eventually(() => {
      const view = stack.slack.homeView(CASEWORKER);
      return view && JSON.stringify(view.blocks).includes('Open cases') ? view : undefined;
    });
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('Case 0001');
    expect(text).toContain('Case 0002');
    expect(text).toMatch(/https:\/\/slack\.com\/archives\/C[A-Z0-9]+\/p\d+/);
    expect(text).not.toContain('zebra');
  });
});
