import { afterEach, describe, expect, it } from 'vitest';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import type { SlackMessage } from '../../src/sandbox/index.js';
import { caseCards, eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';
import { listen, type Served } from '../translation/serve.js';

/**
 * The caseworkers' safeguards on the case card, through the whole of Haven (signed Slack requests from
 * the fake Slack, the real core, store and outbox, the fake Telegram): a reply is seen before it is sent
 * and arrives exactly as seen; a resume code can be revoked; a redrawn card points back to the old thread.
 */

const CASEWORKER = 'U0CASEWORKER';

interface Block {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; text?: string | { text: string }; action_id?: string }>;
  element?: { initial_value?: string };
}
interface View {
  id: string;
  callback_id: string;
  blocks: Block[];
}

const typed = (text: string) => ({ reply: { text: { type: 'plain_text_input', value: text } } });

/** The words the preview says the person will receive: the plain_text sections after its heading. */
function previewedText(view: View): string {
  const heading = view.blocks.findIndex(
    (block) => block.text?.type === 'mrkdwn' && block.text.text.includes('will receive'),
  );
  expect(heading).toBeGreaterThanOrEqual(0);
  const pieces: string[] = [];
  for (const block of view.blocks.slice(heading + 1)) {
    if (block.type === 'context') continue; // silent mode's line, shown above the words
    if (block.type !== 'section' || block.text?.type !== 'plain_text') break;
    pieces.push(block.text.text);
  }
  return pieces.join('');
}

describe('the case card’s safeguards', () => {
  let stack: Stack;
  let service: Served | undefined;
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
    await service?.close();
    service = undefined;
  });

  const parents = () => caseCards(stack);
  const thread = (ts: string) => stack.slack.thread(INBOX, ts).slice(1);
  const view = (id: string) =>
    stack.slack.openedViews().find((candidate) => candidate.id === id) as unknown as View;
  const press = (card: SlackMessage, actionId: string) =>
    stack.slack.pressButton({ channel: INBOX, messageTs: card.ts, actionId, user: CASEWORKER });

  /** A person writes; resolves with the card of their case once Haven has answered them. */
  async function caseOf(chatId: number, text: string, languageCode: string): Promise<SlackMessage> {
    await stack.telegram.sendFromPerson({ chatId, text, languageCode });
    await eventually(() => stack.telegram.sentTo(chatId).length >= 1);
    return eventually(() => parents().at(-1));
  }

  /** `Reply…` on the card: resolves with the dialog Haven opened. */
  async function openReply(card: SlackMessage): Promise<View> {
    const before = stack.slack.openedViews().length;
    expect((await press(card, 'case:reply')).status).toBe(200);
    const opened = await eventually(() => stack.slack.openedViews()[before]);
    return opened as unknown as View;
  }

  async function startWithTranslation(env: Record<string, string> = {}) {
    const libre = new FakeLibreTranslate();
    service = await listen(libre.app.fetch);
    stack = await startStack({
      env: { TRANSLATION_PROVIDER: 'libretranslate', LIBRETRANSLATE_URL: service.url, ...env },
    });
    return libre;
  }

  describe('Reply… with a preview', () => {
    it('shows the translation the person will receive, sends exactly that once, and shows it in the thread', async () => {
      const libre = await startWithTranslation({ HAVEN_REPLY_MODE: 'explicit' });
      const card = await caseOf(3101, 'Șeful mi-a luat pașaportul', 'ro');
      const dialog = await openReply(card);
      expect(dialog.callback_id).toBe('reply:compose');

      const answer = await stack.slack.submitView({
        viewId: dialog.id,
        user: CASEWORKER,
        values: typed('We can meet tomorrow at 10, call +32 3 201 16 90'),
      });
      expect(JSON.parse(answer.body).response_action).toBe('update');
      const preview = view(dialog.id);
      expect(preview.callback_id).toBe('reply:preview');
      const previewed = previewedText(preview);
      expect(previewed).toContain('We can meet tomorrow at 10');
      expect(previewed).toMatch(/→ro\]/); // the fake translation into Romanian
      expect(previewed).toContain('+32 3 201 16 90');
      // The original is shown beneath, and nothing has reached the person yet.
      expect(JSON.stringify(preview.blocks)).toContain('What you wrote:');
      await settle(200);
      expect(stack.telegram.sentTo(3101).some((m) => m.text?.includes('meet tomorrow'))).toBe(false);

      const sent = await stack.slack.submitView({ viewId: dialog.id, user: CASEWORKER });
      expect(sent).toEqual({ status: 200, body: '' });
      const received = await eventually(() =>
        stack.telegram.sentTo(3101).find((m) => m.text?.includes('meet tomorrow')),
      );
      expect(received.text).toBe(previewed);

      // The thread says who sent it, shows the original with what was sent, and marks it ✅.
      const posted = await eventually(() =>
        thread(card.ts).find(
          (m) => m.text.includes('We can meet tomorrow') && m.text.includes('Sent to the person'),
        ),
      );
      expect(JSON.stringify(posted.blocks)).toContain(previewed);
      expect(
        thread(card.ts).some((m) => m.text === `<@${CASEWORKER}> checked the preview and sent this reply:`),
      ).toBe(true);
      await eventually(() =>
        stack.slack
          .messages(INBOX)
          .find((m) => m.ts === posted.ts)
          ?.reactions.includes('white_check_mark'),
      );

      // Sending the same dialog again sends nothing, and the reply was translated once, for the preview.
      await stack.slack.submitView({ viewId: dialog.id, user: CASEWORKER });
      await settle();
      expect(stack.telegram.sentTo(3101).filter((m) => m.text?.includes('meet tomorrow'))).toHaveLength(1);
      const replyTranslations = libre.translateCalls.filter((call) =>
        String(call.body.q).includes('meet tomorrow'),
      );
      expect(replyTranslations).toHaveLength(1);
    });

    it('sends nothing when the caseworker edits and then cancels', async () => {
      await startWithTranslation();
      const card = await caseOf(3102, 'Bună ziua', 'ro');
      const dialog = await openReply(card);
      await stack.slack.submitView({
        viewId: dialog.id,
        user: CASEWORKER,
        values: typed('raw: Bună, sunt Ana.'),
      });
      // raw: is sent as written: the preview says so, without a translation.
      expect(previewedText(view(dialog.id))).toBe('Bună, sunt Ana.');

      await stack.slack.pressViewButton({ viewId: dialog.id, actionId: 'reply:back', user: CASEWORKER });
      const again = await eventually(() => {
        const current = view(dialog.id);
        return current.callback_id === 'reply:compose' ? current : undefined;
      });
      // Back to the words exactly as written, ready to change; then the caseworker closes the dialog.
      expect(again.blocks.find((block) => block.block_id === 'reply')?.element?.initial_value).toBe(
        'raw: Bună, sunt Ana.',
      );
      await settle();
      expect(stack.telegram.sentTo(3102).some((m) => m.text?.includes('Ana'))).toBe(false);
      expect(thread(card.ts).some((m) => m.text.includes('Ana'))).toBe(false);
    });

    it('shows "preparing" while a slow translation runs, then the preview, and sends what it showed', async () => {
      const libre = await startWithTranslation();
      const card = await caseOf(3103, 'Bună ziua', 'ro');
      const dialog = await openReply(card);
      libre.delayMs = 2600; // longer than Slack waits for the answer to a submission
      const answer = await stack.slack.submitView({
        viewId: dialog.id,
        user: CASEWORKER,
        values: typed('We will call you at noon'),
      });
      expect(JSON.parse(answer.body).view.callback_id).toBe('reply:wait');
      const preview = await eventually(() => {
        const current = view(dialog.id);
        return current.callback_id === 'reply:preview' ? current : undefined;
      }, 5_000);
      libre.delayMs = 0;
      const previewed = previewedText(preview);
      expect(previewed).toMatch(/→ro\] We will call you at noon$/);
      await stack.slack.submitView({ viewId: dialog.id, user: CASEWORKER });
      const received = await eventually(() =>
        stack.telegram.sentTo(3103).find((m) => m.text?.includes('call you at noon')),
      );
      expect(received.text).toBe(previewed);
    });

    it('sends nothing untranslated when the translation fails, and says why beside the reply', async () => {
      const libre = await startWithTranslation();
      const card = await caseOf(3104, 'Bună ziua', 'ro');
      // The translation beneath the person's words is done, so the failure meets the reply's.
      await eventually(() => thread(card.ts).some((m) => m.text.includes('Machine translation')));
      const dialog = await openReply(card);
      libre.failNext({ status: 400, error: 'Invalid request: unsupported text' });
      const answer = await stack.slack.submitView({
        viewId: dialog.id,
        user: CASEWORKER,
        values: typed('Hello there'),
      });
      const body = JSON.parse(answer.body) as { response_action: string; errors: { reply: string } };
      expect(body.response_action).toBe('errors');
      expect(body.errors.reply).toMatch(/^There is no preview, so nothing was sent/);
      await settle();
      expect(stack.telegram.sentTo(3104).some((m) => m.text?.includes('Hello there'))).toBe(false);
    });

    it('sends an untranslated reply as written in auto mode too, and the preview says it is exact', async () => {
      stack = await startStack({ env: { HAVEN_REPLY_MODE: 'auto' } });
      const card = await caseOf(3105, 'I need help', 'en');
      const dialog = await openReply(card);
      await stack.slack.submitView({
        viewId: dialog.id,
        user: CASEWORKER,
        values: typed('  We are here for you.  '),
      });
      const preview = view(dialog.id);
      expect(JSON.stringify(preview.blocks)).toContain('The person will receive exactly this:');
      expect(previewedText(preview)).toBe('We are here for you.');
      await stack.slack.submitView({ viewId: dialog.id, user: CASEWORKER });
      const received = await eventually(() =>
        stack.telegram.sentTo(3105).find((m) => m.text === 'We are here for you.'),
      );
      expect(received).toBeDefined();
    });

    it('removes a reply Haven posted for the dialog from the thread when the person asks to /forget', async () => {
      stack = await startStack();
      const card = await caseOf(3106, 'I need help', 'en');
      const dialog = await openReply(card);
      await stack.slack.submitView({ viewId: dialog.id, user: CASEWORKER, values: typed('Meet us at nine') });
      await stack.slack.submitView({ viewId: dialog.id, user: CASEWORKER });
      await eventually(() => stack.telegram.sentTo(3106).find((m) => m.text === 'Meet us at nine'));
      const posted = await eventually(() => thread(card.ts).find((m) => m.text.includes('Meet us at nine')));

      await stack.telegram.sendFromPerson({ chatId: 3106, text: '/forget' });
      const ask = await eventually(() =>
        stack.telegram.sentTo(3106).findLast((m) => JSON.stringify(m.reply_markup ?? '').includes(':yes')),
      );
      const yes = JSON.stringify(ask.reply_markup).match(/"callback_data":"([^"]*:yes)"/)![1]!;
      await stack.telegram.sendFromPerson({
        chatId: 3106,
        callbackData: yes,
        callbackMessageId: ask.message_id,
      });
      await eventually(() => stack.slack.messages(INBOX).find((m) => m.ts === posted.ts)?.deleted);
    });
  });

  describe('revoking a resume code', () => {
    it('shows that a code exists, revokes it from the card with a line in the thread, and /resume then fails', async () => {
      stack = await startStack();
      const card = await caseOf(3201, 'I need help', 'en');
      await stack.telegram.sendFromPerson({ chatId: 3201, text: '/resume' });
      const message = await eventually(() =>
        stack.telegram.sentTo(3201).find((m) => m.text?.startsWith('Your code is')),
      );
      const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(message.text!)![1]!;
      const current = () => stack.slack.messages(INBOX).find((m) => m.ts === card.ts)!;
      const buttons = () =>
        ((current().blocks ?? []) as Block[])
          .flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []))
          .map((element) => element.action_id);
      await eventually(() => buttons().includes('case:revoke_resume_code'));
      expect(JSON.stringify(current().blocks)).toContain('Resume code');
      expect(JSON.stringify(current())).not.toContain(code);

      expect((await press(current(), 'case:revoke_resume_code')).status).toBe(200);
      const line = await eventually(() =>
        thread(card.ts).find(
          (m) => m.text.includes('revoked the person') && m.text.includes(`<@${CASEWORKER}>`),
        ),
      );
      expect((line.blocks as Block[])[0]?.type).toBe('context');
      await eventually(() => !buttons().includes('case:revoke_resume_code'));
      expect(JSON.stringify(current().blocks)).not.toContain('Resume code');

      await stack.telegram.sendFromPerson({ chatId: 3202, text: `/resume ${code}`, languageCode: 'en' });
      await eventually(() =>
        stack.telegram.sentTo(3202).some((m) => m.text?.startsWith('That code did not work')),
      );
      expect(stack.telegram.sentTo(3202).some((m) => m.text?.startsWith('Welcome back'))).toBe(false);
    });
  });

  describe('a deleted case card', () => {
    it('is drawn again in a new thread that links back to the old one', async () => {
      stack = await startStack();
      const first = await caseOf(3301, 'first words', 'en');
      await eventually(() => thread(first.ts).some((m) => m.text.includes('first words')));
      // Everything about the first message is in the old thread before its card goes.
      const greeting = stack.telegram.sentTo(3301)[0]!.text!.split('\n')[0]!;
      await eventually(() => thread(first.ts).some((m) => m.text.includes(greeting)));
      await settle(200);
      await stack.slack.deleteAsUser({ channel: INBOX, ts: first.ts });
      const second = await eventually(() => parents().find((m) => m.ts !== first.ts && !m.deleted));
      const link = `https://slack.com/archives/${INBOX}/p${first.ts.replace('.', '')}?thread_ts=${first.ts}&cid=${INBOX}`;
      const notice = await eventually(() => thread(second.ts).find((m) => m.text.includes(link)));
      // A context line whose link Slack shows clickable, naming the old thread.
      const element = (notice.blocks as Block[])[0]?.elements?.[0] as { type: string; text: string };
      expect(element.type).toBe('mrkdwn');
      expect(element.text).toContain(`<${link}|The earlier messages are in the old thread.>`);
      // The old thread keeps the earlier conversation.
      const earlier = stack.slack
        .messages(INBOX)
        .filter((m) => m.thread_ts === first.ts && m.ts !== first.ts);
      expect(earlier.some((m) => m.text.includes('first words'))).toBe(true);
    });
  });
});
