import { type App, isValidSlackRequest, type Receiver, ReceiverMultipleAckError } from '@slack/bolt';
import type { Context } from 'hono';
import type { Logger } from '../../core/index.js';

/**
 * Bolt's Receiver seam, mounted on a Hono route, so one server and one port serve Telegram and Slack.
 * Requests are verified with Bolt's own signature check (HMAC, five-minute window). The HTTP answer is
 * sent only after Bolt's listeners finished, because they persist what arrived: if storing fails, Slack
 * gets a 500 and retries, and nothing is lost. Storing takes milliseconds, far inside Slack's 3 seconds.
 */
export class HonoSlackReceiver implements Receiver {
  #app: App | undefined;

  constructor(private readonly options: { signingSecret: string; logger: Logger }) {}

  init(app: App): void {
    this.#app = app;
  }

  // The HTTP server belongs to the runtime entry, not to Bolt.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The Hono handler for POST /slack/events (events, interactivity and slash commands alike). */
  handle = async (c: Context): Promise<Response> => {
    const rawBody = await c.req.text();
    if (!this.#isAuthentic(c, rawBody)) {
      this.options.logger.warn(
        { route: 'slack' },
        'rejected a Slack request with a missing or bad signature',
      );
      return c.json({ ok: false, error: 'invalid or stale Slack signature' }, 401);
    }
    const body = parseBody(rawBody, c.req.header('content-type'));
    if (!body) return c.json({ ok: false, error: 'unreadable request body' }, 400);
    if (body.ssl_check) return c.body(null, 200);
    if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
    if (!this.#app) throw new Error('HonoSlackReceiver used before Bolt initialised it');

    let acked = false;
    let response: unknown;
    const retryNum = Number(c.req.header('x-slack-retry-num'));
    await this.#app.processEvent({
      body,
      retryNum: Number.isInteger(retryNum) ? retryNum : undefined,
      retryReason: c.req.header('x-slack-retry-reason'),
      ack: async (ackResponse?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        response = ackResponse;
      },
    });
    if (response === undefined || response === '') return c.body(null, 200);
    if (typeof response === 'string') return c.text(response, 200);
    return c.json(response as object, 200);
  };

  #isAuthentic(c: Context, rawBody: string): boolean {
    const signature = c.req.header('x-slack-signature');
    const timestamp = Number(c.req.header('x-slack-request-timestamp'));
    if (!signature || !Number.isFinite(timestamp)) return false;
    return isValidSlackRequest({
      signingSecret: this.options.signingSecret,
      body: rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    });
  }
}

/** Slack sends JSON (events) or form bodies (interactivity as `payload=<json>`, slash commands as fields). */
// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are validated by Bolt's routing, not here.
function parseBody(raw: string, contentType: string | undefined): Record<string, any> | undefined {
  try {
    if (contentType?.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      return payload ? JSON.parse(payload) : Object.fromEntries(form);
    }
    const parsed = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
