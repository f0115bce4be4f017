import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SLACK_REQUEST_BYTES } from '../../src/app.js';
import {
  eventually,
  INBOX,
  SIGNING_SECRET,
  type Stack,
  startStack,
  WEBHOOK_SECRET,
} from '../support/stack.js';

/**
 * POSTs on a connection of its own: a server that answers 413 before reading the body closes the
 * connection, which must not break the next request of a shared keep-alive pool. Without a
 * Content-Length the body goes out chunked.
 */
function postAlone(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { chunked?: boolean } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: options.chunked ? headers : { ...headers, 'content-length': String(bytes.length) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    // The server may hang up while the rest is still being written; its answer is what counts.
    outgoing.on('error', (error) => (outgoing.writableFinished ? undefined : reject(error)));
    const piece = 64 * 1024;
    for (let at = 0; at < bytes.length; at += piece) outgoing.write(bytes.subarray(at, at + piece));
    outgoing.end();
  });
}

/** What each door answers to an input that is too big, or bigger than the platform allows. */
describe('size limits at the HTTP doors', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const oversized = `{"type":"event_callback","padding":"${'x'.repeat(MAX_SLACK_REQUEST_BYTES)}"}`;
  const slackEvents = () => `${stack.haven.url}/slack/events`;

  it('refuses a Slack request body over the limit with 413 and a reason, before checking anything else', async () => {
    const response = await postAlone(slackEvents(), { 'content-type': 'application/json' }, oversized);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      ok: false,
      error: `request body larger than ${MAX_SLACK_REQUEST_BYTES} bytes`,
    });
  });

  it('counts a streamed Slack body (no Content-Length) as it arrives', async () => {
    const response = await postAlone(slackEvents(), { 'content-type': 'application/json' }, oversized, {
      chunked: true,
    });
    expect(response.status).toBe(413);
  });

  it('still checks the signature of a Slack request within the limit', async () => {
    const response = await fetch(slackEvents(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"event_callback"}',
    });
    expect(response.status).toBe(401);
  });

  it('reads a streamed Slack body within the limit as usual', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'streamed', token: 'x' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await postAlone(
      slackEvents(),
      {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
      },
      body,
      { chunked: true },
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'streamed' });
  });

  it('refuses a Telegram update over the limit with 413', async () => {
    const response = await postAlone(
      `${stack.haven.url}/telegram/webhook`,
      { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      `{"update_id":1,"padding":"${'x'.repeat(1_000_001)}"}`,
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: 'update too large' });
  });

  it('stores and relays in full a person’s text longer than Telegram itself allows', async () => {
    const words = Array.from({ length: 1200 }, (_, i) => `w${i}`).join(' ');
    expect(words.length).toBeGreaterThan(4096);
    const { status } = await stack.telegram.sendFromPerson({ chatId: 7373, text: words });
    expect(status).toBe(200);

    const conversation = await stack.haven.store.findConversationByChat('telegram', '7373');
    const stored = await stack.haven.store.listMessages(conversation!.id);
    expect(stored.find((message) => message.author === 'person')?.body).toBe(words);

    const parent = await eventually(() => stack.slack.messages(INBOX)[0]);
    const relayed = await eventually(() =>
      stack.slack.thread(INBOX, parent.ts).find((message) => message.text.includes('w1199')),
    );
    const sections = (relayed.blocks as { type: string; text?: { type: string; text: string } }[])
      .filter((block) => block.type === 'section')
      .map((block) => block.text?.text ?? '');
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.join(' ')).toBe(words);
    expect(stack.slack.violations).toEqual([]);
    expect((await fetch(`${stack.haven.url}/healthz`)).status).toBe(200);
  });
});
