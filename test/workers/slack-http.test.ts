import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/index.js';
import {
  cardInteractionOf,
  caseworkerReplyFrom,
  isAuthenticSlackRequest,
  SlackWebApi,
} from '../../src/inbox/slack-http/index.js';

const SECRET = 'signing-secret';
const NOW = 1_800_000_000;

/** Signed as Slack documents it, with Node's own HMAC rather than the code under test. */
function signed(body: string, timestamp = NOW, secret = SECRET) {
  const mac = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { signature: `v0=${mac}`, timestamp: String(timestamp), rawBody: body };
}

describe('Slack request signatures (Web Crypto)', () => {
  const body = '{"type":"event_callback","event_id":"Ev1"}';

  it('accepts a request signed with the signing secret within five minutes', async () => {
    expect(await isAuthenticSlackRequest(signed(body), SECRET, NOW)).toBe(true);
    expect(await isAuthenticSlackRequest(signed(body, NOW - 299), SECRET, NOW)).toBe(true);
  });

  it('refuses another secret, a changed body, and a missing or malformed signature', async () => {
    expect(await isAuthenticSlackRequest(signed(body, NOW, 'other-secret'), SECRET, NOW)).toBe(false);
    expect(await isAuthenticSlackRequest({ ...signed(body), rawBody: `${body} ` }, SECRET, NOW)).toBe(false);
    const good = signed(body);
    for (const signature of [
      undefined,
      '',
      good.signature.replace('v0=', 'v1='),
      good.signature.slice(0, -2),
    ]) {
      expect(await isAuthenticSlackRequest({ ...good, signature }, SECRET, NOW)).toBe(false);
    }
    expect(await isAuthenticSlackRequest({ ...good, timestamp: undefined }, SECRET, NOW)).toBe(false);
    expect(await isAuthenticSlackRequest({ ...good, timestamp: `${NOW}.5` }, SECRET, NOW)).toBe(false);
  });

  it('refuses a correctly signed request older or newer than five minutes (a replay)', async () => {
    expect(await isAuthenticSlackRequest(signed(body, NOW - 301), SECRET, NOW)).toBe(false);
    expect(await isAuthenticSlackRequest(signed(body, NOW + 301), SECRET, NOW)).toBe(false);
  });
});

describe('which Slack events become caseworker replies', () => {
  const inbox = new Set(['C0INBOX']);
  const envelope = (event: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'event_callback',
    event_id: 'Ev42',
    event: {
      type: 'message',
      channel: 'C0INBOX',
      user: 'U0CW',
      text: 'See &lt;this&gt; <https://example.org|site>',
      ts: '1700000001.000200',
      thread_ts: '1700000000.000100',
      ...event,
    },
    ...extra,
  });

  it('takes a human’s reply in a thread of the inbox channel, as plain text, keyed by event_id', () => {
    expect(caseworkerReplyFrom(envelope({}), inbox, 'U0HAVEN')).toEqual({
      eventKey: 'Ev42',
      inboxChannel: 'C0INBOX',
      inboxThread: '1700000000.000100',
      inboxMessageId: '1700000001.000200',
      author: 'U0CW',
      text: 'See <this> site (https://example.org)',
      addressedToHaven: false,
    });
  });

  it('tells a reply that begins by mentioning Haven, and leaves the mention out of the text', () => {
    const addressed = caseworkerReplyFrom(envelope({ text: '<@U0HAVEN> We can help.' }), inbox, 'U0HAVEN');
    expect(addressed).toMatchObject({ text: 'We can help.', addressedToHaven: true });
    const other = caseworkerReplyFrom(envelope({ text: '<@U0OTHER> can you take this?' }), inbox, 'U0HAVEN');
    expect(other).toMatchObject({ addressedToHaven: false });
  });

  it('ignores top-level messages, other channels, bots, edits and every other subtype', () => {
    const ignored = [
      envelope({ thread_ts: undefined }),
      envelope({ thread_ts: '1700000001.000200' }),
      envelope({ channel: 'C0OTHER' }),
      envelope({ bot_id: 'B0HAVEN' }),
      envelope({ user: undefined }),
      // file_share is a reply with files (test/workers/slack-http-files.test.ts); the rest are not replies.
      ...['message_changed', 'message_deleted', 'bot_message', 'thread_broadcast'].map((subtype) =>
        envelope({ subtype }),
      ),
      envelope({ type: 'reaction_added' }),
      { ...envelope({}), type: 'app_rate_limited' },
    ];
    for (const body of ignored) expect(caseworkerReplyFrom(body, inbox, 'U0HAVEN')).toBeUndefined();
  });

  it('keys an event without event_id by channel and message ts', () => {
    const { event_id: _, ...withoutId } = envelope({});
    expect(caseworkerReplyFrom(withoutId, inbox, 'U0HAVEN')?.eventKey).toBe('C0INBOX:1700000001.000200');
  });
});

describe('what a click or a modal on the case card means', () => {
  const inbox = new Set(['C0INBOX']);
  const click = (actionId: string, extra: Record<string, unknown> = {}) => ({
    type: 'block_actions',
    user: { id: 'U0CW' },
    trigger_id: 'T.1',
    container: { type: 'message', channel_id: 'C0INBOX', message_ts: '1700000000.000100' },
    channel: { id: 'C0INBOX' },
    message: { ts: '1700000000.000100' },
    actions: [{ action_id: actionId, value: '12', action_ts: '1700000005.000001' }],
    ...extra,
  });

  it('turns a card button into the core action on the case whose card it is, one key per click', () => {
    expect(cardInteractionOf(click('case:assign'), inbox)).toEqual({
      kind: 'action',
      input: {
        eventKey: 'action:U0CW:case:assign:1700000005.000001',
        inboxChannel: 'C0INBOX',
        inboxThread: '1700000000.000100',
        actor: 'U0CW',
        action: { type: 'assign' },
      },
    });
  });

  it('asks about a goodbye before closing, and closes on the modal’s submission', () => {
    expect(cardInteractionOf(click('case:close'), inbox)).toEqual({
      kind: 'open-close-modal',
      triggerId: 'T.1',
      target: { inboxChannel: 'C0INBOX', inboxThread: '1700000000.000100' },
      caseNumber: 12,
    });
    const submission = {
      type: 'view_submission',
      user: { id: 'U0CW' },
      view: {
        id: 'V1',
        callback_id: 'case:close',
        private_metadata: JSON.stringify({ inboxChannel: 'C0INBOX', inboxThread: '1700000000.000100' }),
        state: { values: { goodbye: { goodbye: { selected_options: [{ value: 'send' }] } } } },
      },
    };
    expect(cardInteractionOf(submission, inbox)).toEqual({
      kind: 'close',
      input: {
        eventKey: 'view:V1',
        inboxChannel: 'C0INBOX',
        inboxThread: '1700000000.000100',
        actor: 'U0CW',
        action: { type: 'close', goodbye: true },
      },
    });
  });

  it('ignores other channels, unknown buttons and views that are not Haven’s', () => {
    expect(cardInteractionOf(click('case:assign', { channel: { id: 'C0OTHER' } }), inbox).kind).toBe(
      'ignore',
    );
    expect(cardInteractionOf(click('other:button'), inbox).kind).toBe('ignore');
    expect(cardInteractionOf(click('case:unknown'), inbox).kind).toBe('ignore');
    const foreignView = {
      type: 'view_submission',
      user: { id: 'U0CW' },
      view: { id: 'V2', callback_id: 'x' },
    };
    expect(cardInteractionOf(foreignView, inbox).kind).toBe('ignore');
  });

  it('revokes a resume code as a card action, and opens the reply dialog on Reply…', () => {
    expect(cardInteractionOf(click('case:revoke_resume_code'), inbox)).toMatchObject({
      kind: 'action',
      input: { inboxThread: '1700000000.000100', action: { type: 'revoke_resume_code' } },
    });
    expect(cardInteractionOf(click('case:reply'), inbox)).toEqual({
      kind: 'open-reply-dialog',
      triggerId: 'T.1',
      target: { inboxChannel: 'C0INBOX', inboxThread: '1700000000.000100', caseNumber: 12 },
    });
  });

  it('reads the reply dialog’s steps: the words written, the preview to send, and Edit', () => {
    const step = (callbackId: string, metadata: object, extra: object = {}) => ({
      type: 'view_submission',
      user: { id: 'U0CW' },
      view: {
        id: 'V3',
        hash: 'h1',
        callback_id: callbackId,
        private_metadata: JSON.stringify(metadata),
        ...extra,
      },
    });
    const target = { c: 'C0INBOX', t: '1700000000.000100', n: 12 };
    const composed = step('reply:compose', target, {
      state: { values: { reply: { text: { type: 'plain_text_input', value: 'Hello' } } } },
    });
    expect(cardInteractionOf(composed, inbox)).toEqual({
      kind: 'reply-preview',
      viewId: 'V3',
      actor: 'U0CW',
      state: { inboxChannel: 'C0INBOX', inboxThread: '1700000000.000100', caseNumber: 12 },
      written: 'Hello',
    });
    const previewed = { ...target, w: 'Hello', p: 1, s: '[en→ro] Hello', l: 'ro', v: 'libretranslate' };
    expect(cardInteractionOf(step('reply:preview', previewed), inbox)).toMatchObject({
      kind: 'reply-send',
      state: {
        preview: {
          written: 'Hello',
          original: 'Hello',
          toSend: '[en→ro] Hello',
          translation: { language: 'ro', provider: 'libretranslate' },
        },
      },
    });
    const back = {
      type: 'block_actions',
      user: { id: 'U0CW' },
      container: { type: 'view', view_id: 'V3' },
      view: { id: 'V3', hash: 'h2', private_metadata: JSON.stringify(previewed) },
      actions: [{ action_id: 'reply:back' }],
    };
    expect(cardInteractionOf(back, inbox)).toMatchObject({ kind: 'reply-back', viewId: 'V3', hash: 'h2' });
    // A dialog for another channel, or a preview without one, is not Haven's to act on.
    expect(cardInteractionOf(step('reply:preview', { ...previewed, c: 'C0OTHER' }), inbox).kind).toBe(
      'ignore',
    );
    expect(cardInteractionOf(step('reply:preview', target), inbox).kind).toBe('ignore');
  });
});

describe('the fetch-based Slack Web API client', () => {
  const requests: Request[] = [];
  const api = (answer: () => Response | Promise<Response>) =>
    new SlackWebApi({
      botToken: 'xoxb-1',
      apiUrl: 'http://slack.test/api/',
      fetch: async (input, init) => {
        requests.push(new Request(input, init));
        return answer();
      },
    });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    const { disposition, reason, retryAfterMs } = error as DeliveryError;
    return { disposition, reason, retryAfterMs };
  };

  it('posts JSON with the bot token to the configured base URL and returns the ts', async () => {
    requests.length = 0;
    const result = await api(() => Response.json({ ok: true, ts: '1.2' })).postMessage({
      channel: 'C1',
      text: 'hi',
    });
    expect(result).toEqual({ ts: '1.2' });
    const [request] = requests;
    expect(request?.url).toBe('http://slack.test/api/chat.postMessage');
    expect(request?.headers.get('authorization')).toBe('Bearer xoxb-1');
    expect(await request?.json()).toEqual({ channel: 'C1', text: 'hi' });
  });

  it('turns a rate limit into a retry no earlier than Retry-After', async () => {
    const limited = () => new Response('', { status: 429, headers: { 'retry-after': '7' } });
    expect(await failure(api(limited).postMessage({}))).toEqual({
      disposition: 'retry',
      reason: 'Slack rate limit',
      retryAfterMs: 7000,
    });
  });

  it('retries outages and unknown errors, and parks what no retry can fix', async () => {
    expect((await failure(api(() => new Response('', { status: 503 })).postMessage({}))).disposition).toBe(
      'retry',
    );
    const unreachable = api(() => Promise.reject(new TypeError('fetch failed')));
    expect((await failure(unreachable.postMessage({}))).disposition).toBe('retry');
    const fatal = api(() => Response.json({ ok: false, error: 'fatal_error' }));
    expect((await failure(fatal.postMessage({}))).disposition).toBe('retry');
    const gone = api(() => Response.json({ ok: false, error: 'channel_not_found' }));
    expect(await failure(gone.postMessage({}))).toMatchObject({
      disposition: 'permanent',
      reason: expect.stringContaining('channel_not_found'),
    });
    const noTs = api(() => Response.json({ ok: true }));
    expect((await failure(noTs.postMessage({}))).disposition).toBe('retry');
    const scope = api(() => Response.json({ ok: false, error: 'missing_scope', needed: 'reactions:write' }));
    expect(await failure(scope.call('reactions.add'))).toMatchObject({
      disposition: 'permanent',
      reason: 'the Slack app lacks the scope reactions:write (missing_scope)',
    });
  });

  it('treats the errors that mean “done already” as success where the caller says so', async () => {
    const reacted = api(() => Response.json({ ok: false, error: 'already_reacted' }));
    await expect(reacted.callUnlessDone('reactions.add', {}, ['already_reacted'])).resolves.toBeUndefined();
    expect((await failure(reacted.callUnlessDone('reactions.add', {}, ['message_not_found']))).reason).toBe(
      'Slack error already_reacted',
    );
  });
});
