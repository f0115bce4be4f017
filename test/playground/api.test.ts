import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX } from '../../src/config.js';
import type { RunningHaven } from '../../src/runtime/node/start.js';
import { LANGUAGES } from '../../src/sandbox/playground/languages.js';
import { eventually, settle } from '../support/stack.js';
import { allThreads, playgroundClient, startSandboxHaven, wordsOf } from './support.js';

describe('the playground API on a sandbox Haven', () => {
  let haven: RunningHaven;
  let stop: () => Promise<void>;
  let client: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    ({ haven, stop } = await startSandboxHaven());
    client = playgroundClient(haven.url);
  });
  afterAll(async () => {
    await stop();
  });

  it('serves the page at / with the phone, the inbox and all 22 languages', async () => {
    const response = await fetch(`${haven.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('id="phone-messages"');
    expect(page).toContain('id="inbox"');
    const languageSelect = page.slice(
      page.indexOf('id="language-select"'),
      page.indexOf('</select>', page.indexOf('id="language-select"')),
    );
    const codes = [...languageSelect.matchAll(/<option value="([a-z]{2})"/g)].map((match) => match[1]);
    expect(codes).toEqual(LANGUAGES.map((language) => language.code));
    expect(codes).toHaveLength(22);
    // Haven's own routes are still there next to the page.
    expect((await fetch(`${haven.url}/healthz`)).status).toBe(200);
  });

  it('relays what the person types to a case thread, and a caseworker reply back to the phone', async () => {
    const { activeChatId } = await client.state();
    const sent = await client.post('person/message', { text: 'my boss keeps my passport\nand my phone' });
    expect(sent).toMatchObject({ status: 200, body: { status: 200 } });

    const thread = await eventually(async () =>
      allThreads(await client.state()).find((t) =>
        t.replies.some((reply) => wordsOf(reply).includes('my boss keeps my passport\nand my phone')),
      ),
    );
    expect(thread.channel).toBe(SANDBOX.inboxChannel);
    expect(thread.person?.chatId).toBe(activeChatId);

    const reply = await client.post('inbox/reply', {
      channel: thread.channel,
      threadTs: thread.parent.ts,
      text: 'We can help. Are you safe right now?',
    });
    expect(reply).toMatchObject({ status: 200, body: { status: 200 } });
    const phone = await eventually(async () => {
      const { phone } = await client.state();
      return phone.messages.some((m) => m.from === 'bot' && m.text === 'We can help. Are you safe right now?')
        ? phone
        : undefined;
    });
    // The person's own message is on the phone too, with its line break, marked as accepted by Haven.
    expect(phone.messages.find((m) => m.from === 'person')).toMatchObject({
      text: 'my boss keeps my passport\nand my phone',
      status: 200,
    });
    expect(haven.sandbox!.telegram.sentTo(activeChatId).map((m) => m.text)).toContain(
      'We can help. Are you safe right now?',
    );
  });

  it('starts a second conversation, in its own thread, for a new person', async () => {
    const first = (await client.state()).activeChatId;
    const created = await client.post<{ chatId: number; languageCode: string }>('person/new', {
      languageCode: 'ar',
    });
    expect(created.status).toBe(200);
    expect(created.body.chatId).not.toBe(first);
    expect(created.body.languageCode).toBe('ar');
    expect((await client.state()).activeChatId).toBe(created.body.chatId);

    await client.post('person/message', { text: 'مرحبا، أحتاج مساعدة' });
    const threads = await eventually(async () => {
      const found = allThreads(await client.state());
      return found.some((t) => t.person?.chatId === created.body.chatId) ? found : undefined;
    });
    const owners = threads.map((t) => t.person?.chatId);
    expect(owners).toContain(first);
    expect(owners).toContain(created.body.chatId);
    expect(new Set(threads.map((t) => t.parent.ts)).size).toBe(threads.length);

    // Switching back shows the first person's chat again.
    await client.post('person/select', { chatId: first });
    expect((await client.state()).phone.person.chatId).toBe(first);
  });

  it('sends the language the simulated Telegram app reports', async () => {
    const { body } = await client.post<{ chatId: number }>('person/new', {});
    await client.post('person/language', { chatId: body.chatId, languageCode: 'fa' });
    expect((await client.state()).people.find((p) => p.chatId === body.chatId)?.languageCode).toBe('fa');
    await client.post('person/message', { text: 'سلام' });
    const thread = await eventually(async () =>
      allThreads(await client.state()).find((t) => t.person?.chatId === body.chatId),
    );
    // The case card names the language the person's app reported.
    expect(wordsOf(thread.parent)).toMatch(/\bfa\b/);
  });

  it('keeps an internal note (note: …) in Slack, never on the phone', async () => {
    const { activeChatId } = await client.state();
    const thread = allThreads(await client.state()).find((t) => t.person?.chatId === activeChatId)!;
    const note = await client.post('inbox/reply', {
      channel: thread.channel,
      threadTs: thread.parent.ts,
      text: 'note: checked the address with the team',
      toPerson: false,
    });
    expect(note.body).toEqual({ status: 200 });
    await settle(500);
    const after = await client.state();
    expect(after.phone.messages.map((m) => m.text).join('\n')).not.toContain('checked the address');
    const inThread = allThreads(after).find((t) => t.parent.ts === thread.parent.ts)!;
    expect(inThread.replies.map((r) => r.text)).toContain('note: checked the address with the team');
  });

  it('refuses bad input with a message the page can show', async () => {
    const empty = await client.post<{ error: string }>('person/message', { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('the message is empty');
    const language = await client.post<{ error: string }>('person/new', { languageCode: 'xx' });
    expect(language.status).toBe(400);
    expect(language.body.error).toContain('"xx"');
    const noThread = await client.post<{ error: string }>('inbox/reply', {
      channel: SANDBOX.inboxChannel,
      threadTs: '1.000001',
      text: 'hello',
    });
    expect(noThread.status).toBe(400);
    const malformed = await client.post<{ error: string }>('person/tap', { messageId: 'one' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toContain('messageId');
  });

  it('resets the sandbox, and Haven still answers afterwards', async () => {
    const before = await client.state();
    expect(allThreads(before).length).toBeGreaterThan(0);
    const oldChat = before.activeChatId;

    const reset = await client.post<{ chatId: number }>('reset');
    expect(reset.status).toBe(200);
    const after = await client.state();
    expect(after.people).toHaveLength(1);
    expect(before.people.map((p) => p.chatId)).not.toContain(after.activeChatId);
    expect(allThreads(after)).toEqual([]);
    expect(after.phone.messages).toEqual([]);
    expect(haven.sandbox!.telegram.sentTo(oldChat)).toEqual([]);
    expect(haven.sandbox!.slack.messages(SANDBOX.inboxChannel)).toEqual([]);
    // Haven's database is wiped too: the old person's case is gone.
    expect(await haven.store.findConversationByChat('telegram', String(oldChat))).toBeUndefined();

    // The fake Telegram forgot its webhook on reset; the playground set it again as Haven had.
    const sent = await client.post('person/message', { text: 'a fresh start' });
    expect(sent.body).toMatchObject({ status: 200 });
    await eventually(async () =>
      allThreads(await client.state()).find((t) =>
        t.replies.some((r) => wordsOf(r).includes('a fresh start')),
      ),
    );
  });
  it('sends prepared information from a card\'s "⋯" menu, and a reply through the Reply… dialog and its preview', async () => {
    await client.post('person/new', { languageCode: 'en' });
    const { activeChatId } = await client.state();
    await client.post('person/message', { text: 'is there someone I can talk to?' });
    const thread = await eventually(async () =>
      allThreads(await client.state()).find((t) => t.person?.chatId === activeChatId),
    );
    const card = thread.parent;
    const phoneTexts = async () => (await client.state()).phone.messages.map((m) => m.text ?? '');

    // The menu: the page posts the option chosen, as Slack would.
    const chosen = await client.post('inbox/choose', {
      channel: thread.channel,
      ts: card.ts,
      actionId: 'canned:send',
      value: 'reflection',
    });
    expect(chosen).toMatchObject({ status: 200, body: { status: 200 } });
    await eventually(async () => (await phoneTexts()).some((text) => text.includes('45')));

    // Reply…: a dialog opens in the inbox pane; submitting shows the preview; submitting that sends it.
    await client.post('inbox/press', { channel: thread.channel, ts: card.ts, actionId: 'case:reply' });
    const compose = await eventually(async () => (await client.state()).inbox.dialogs[0]);
    const page = await (await fetch(`${haven.url}/`)).text();
    expect(page).toContain('class="sl-dialog"');
    expect(page).toContain('data-kind="plain_text_input"');
    type InputBlock = { type: string; block_id: string; element: { action_id: string } };
    const input = (compose.blocks as InputBlock[]).find((block) => block.type === 'input')!;
    const values = {
      [input.block_id]: {
        [input.element.action_id]: { type: 'plain_text_input', value: 'We are here for you.' },
      },
    };
    const submitted = await client.post('inbox/dialog/submit', { viewId: compose.id, values });
    expect(submitted).toMatchObject({ status: 200 });
    const preview = await eventually(async () => {
      const [open] = (await client.state()).inbox.dialogs;
      return open && open.callback_id === 'reply:preview' ? open : undefined;
    });
    expect(wordsOf({ text: '', blocks: preview.blocks })).toContain('We are here for you.');
    expect(await phoneTexts()).not.toContain('We are here for you.');

    await client.post('inbox/dialog/submit', { viewId: preview.id, values: {} });
    await eventually(async () => (await phoneTexts()).includes('We are here for you.'));
    await eventually(async () => (await client.state()).inbox.dialogs.length === 0);

    // Closing a dialog sends nothing.
    await client.post('inbox/press', { channel: thread.channel, ts: card.ts, actionId: 'case:reply' });
    const again = await eventually(async () => (await client.state()).inbox.dialogs[0]);
    expect(await client.post('inbox/dialog/close', { viewId: again.id })).toMatchObject({ status: 200 });
    expect((await client.state()).inbox.dialogs).toEqual([]);
    // A dialog that is gone is a clear error, not a crash.
    const stale = await client.post<{ error: string }>('inbox/dialog/submit', {
      viewId: again.id,
      values: {},
    });
    expect(stale.status).toBe(400);
    expect(stale.body.error).toContain('no longer open');
  });
});
