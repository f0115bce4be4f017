import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTexts } from '../../src/i18n/texts.js';
import type { SlackMessage } from '../../src/sandbox/index.js';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';

/** Who may act on a case from Slack, and where: through the real Haven between the two fakes. */

const CASEWORKER = 'U0CASEWORKER';
const STRANGER = 'U0STRANGER';
const HAVEN = 'U0HAVENBOT';
const CHAT = 5151;
const texts = createTexts();
const notAllowed = texts.t('en', 'card:refusal.notAllowed');
const emptyReply = texts.t('en', 'card:refusal.emptyReply');

type Block = { type: string; fields?: { text: string }[] };
const assignee = (card: SlackMessage) =>
  ((card.blocks ?? []) as Block[])
    .flatMap((block) => block.fields ?? [])
    .find((field) => field.text.startsWith('*Assigned to*'))
    ?.text.split('\n')[1];

async function openCase(stack: Stack) {
  await stack.telegram.sendFromPerson({ chatId: CHAT, text: 'I need help', languageCode: 'en' });
  const card = await eventually(() => stack.slack.messages(INBOX)[0]);
  await eventually(() => stack.telegram.sentTo(CHAT).length >= 1);
  return { ts: card.ts, now: () => stack.slack.messages(INBOX).find((m) => m.ts === card.ts)! };
}

const ephemerals = (stack: Stack) =>
  stack.slack.calls.filter((call) => call.method === 'chat.postEphemeral').map((call) => call.payload);

describe('with SLACK_CASEWORKERS set', () => {
  let stack: Stack;
  let card: Awaited<ReturnType<typeof openCase>>;
  beforeEach(async () => {
    stack = await startStack({
      env: { SLACK_CASEWORKERS: `${CASEWORKER}, U0SECOND`, HAVEN_REPLY_MODE: 'explicit' },
    });
    card = await openCase(stack);
  });
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  const reached = (text: string) => stack.telegram.sentTo(CHAT).some((m) => m.text === text);

  it('relays a listed caseworker’s reply, and tells anyone else, privately, that theirs went nowhere', async () => {
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card.ts,
      user: STRANGER,
      text: `<@${HAVEN}> from a stranger`,
    });
    await eventually(() => ephemerals(stack).length === 1);
    expect(ephemerals(stack)[0]).toMatchObject({
      channel: INBOX,
      user: STRANGER,
      thread_ts: card.ts,
      text: notAllowed,
    });

    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card.ts,
      user: CASEWORKER,
      text: `<@${HAVEN}> from the caseworker`,
    });
    await eventually(() => reached('from the caseworker'));
    await settle();
    expect(reached('from a stranger')).toBe(false);
    // The stranger's message got no delivery mark either: Haven did not take it in at all.
    const strangers = stack.slack.messages(INBOX).find((m) => m.text.includes('from a stranger'));
    expect(strangers?.reactions).toEqual([]);
  });

  it('ignores a stranger’s card clicks (and says why), and applies a caseworker’s', async () => {
    expect(
      (
        await stack.slack.pressButton({
          channel: INBOX,
          messageTs: card.ts,
          actionId: 'case:assign',
          user: STRANGER,
        })
      ).status,
    ).toBe(200);
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:close',
      user: STRANGER,
    });
    await settle();
    expect(assignee(card.now())).toBe('nobody yet');
    expect(stack.slack.openedViews()).toEqual([]);
    expect(ephemerals(stack).map((payload) => [payload.user, payload.text])).toEqual([
      [STRANGER, notAllowed],
      [STRANGER, notAllowed],
    ]);

    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:assign',
      user: CASEWORKER,
    });
    await eventually(() => assignee(card.now()) === `<@${CASEWORKER}>`);
  });

  it('keeps the close dialog open, with the reason, when a stranger submits it', async () => {
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:close',
      user: CASEWORKER,
    });
    const modal = (await eventually(() => stack.slack.openedViews()[0])) as { id: string };
    const refused = await stack.slack.submitView({ viewId: modal.id, user: STRANGER });
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.body)).toEqual({
      response_action: 'errors',
      errors: { goodbye: notAllowed },
    });
    await settle();
    expect(JSON.stringify(card.now().blocks)).toContain('case:close');

    await stack.slack.submitView({ viewId: modal.id, user: CASEWORKER });
    await eventually(() => JSON.stringify(card.now().blocks).includes('case:reopen'));
  });

  it('sends nothing from the reply dialog when a stranger submits it, and says why', async () => {
    await stack.slack.pressButton({
      channel: INBOX,
      messageTs: card.ts,
      actionId: 'case:reply',
      user: CASEWORKER,
    });
    const modal = (await eventually(() => stack.slack.openedViews()[0])) as { id: string };
    const values = { reply: { text: { type: 'plain_text_input', value: 'from the dialog' } } };
    const refused = await stack.slack.submitView({ viewId: modal.id, user: STRANGER, values });
    expect(JSON.parse(refused.body)).toEqual({ response_action: 'errors', errors: { reply: notAllowed } });

    await stack.slack.submitView({ viewId: modal.id, user: CASEWORKER, values });
    const stopped = await stack.slack.submitView({ viewId: modal.id, user: STRANGER });
    expect(JSON.stringify(JSON.parse(stopped.body).view.blocks)).toContain(notAllowed);
    await settle();
    expect(reached('from the dialog')).toBe(false);
  });
});

describe('inbox channels and empty replies', () => {
  let stack: Stack;
  let card: Awaited<ReturnType<typeof openCase>>;
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  /** The block_actions payload of a click on the case card, as if the card were in `channel`. */
  const clickElsewhere = (channel: string, actionId: string) =>
    stack.slack.sendInteraction({
      type: 'block_actions',
      user: { id: CASEWORKER, username: 'cw', name: 'cw', team_id: 'T0FAKETEAM' },
      container: { type: 'message', message_ts: card.ts, channel_id: channel, is_ephemeral: false },
      channel: { id: channel, name: 'elsewhere' },
      message: { type: 'message', ts: card.ts, text: '', blocks: card.now().blocks },
      state: { values: {} },
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'case-card-actions',
          text: { type: 'plain_text', text: 'x' },
          value: '1',
          action_ts: `${Math.floor(Date.now() / 1000)}.000000`,
        },
      ],
    });

  it('ignores clicks on a card outside the inbox channel', async () => {
    stack = await startStack();
    card = await openCase(stack);
    expect((await clickElsewhere('C0ELSEWHERE', 'case:close')).status).toBe(200);
    expect((await clickElsewhere('C0ELSEWHERE', 'case:assign')).status).toBe(200);
    await settle();
    expect(stack.slack.openedViews()).toEqual([]);
    expect(assignee(card.now())).toBe('nobody yet');
    expect(ephemerals(stack)).toEqual([]);

    // The same click in the inbox channel does open the dialog: the channel alone made the difference.
    await clickElsewhere(INBOX, 'case:close');
    await eventually(() => stack.slack.openedViews().length === 1);
  });

  it('tells a caseworker who wrote only “@Haven” that nothing was sent', async () => {
    stack = await startStack({ env: { HAVEN_REPLY_MODE: 'explicit' } });
    card = await openCase(stack);
    await settle(); // Haven's own first messages are all out
    const before = stack.telegram.sentTo(CHAT).length;
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card.ts,
      user: CASEWORKER,
      text: `<@${HAVEN}>   `,
    });
    await eventually(() => ephemerals(stack).length === 1);
    expect(ephemerals(stack)[0]).toMatchObject({ user: CASEWORKER, thread_ts: card.ts, text: emptyReply });
    await settle();
    expect(stack.telegram.sentTo(CHAT)).toHaveLength(before);
  });

  it('tells a caseworker in auto mode whose message is empty once mentions are removed', async () => {
    stack = await startStack({ env: { HAVEN_REPLY_MODE: 'auto' } });
    card = await openCase(stack);
    await settle(); // Haven's own first messages are all out
    const before = stack.telegram.sentTo(CHAT).length;
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card.ts,
      user: CASEWORKER,
      text: '<@U0COLLEAGUE>',
    });
    await eventually(() => ephemerals(stack).length === 1);
    expect(ephemerals(stack)[0]).toMatchObject({ text: emptyReply });
    await settle();
    expect(stack.telegram.sentTo(CHAT)).toHaveLength(before);
  });

  it('lets everyone in the inbox channel answer when SLACK_CASEWORKERS is not set', async () => {
    stack = await startStack();
    card = await openCase(stack);
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: card.ts,
      user: STRANGER,
      text: 'anyone may answer',
    });
    await eventually(() => stack.telegram.sentTo(CHAT).some((m) => m.text === 'anyone may answer'));
    expect(ephemerals(stack)).toEqual([]);
  });
});
