import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { SLACK_EVENTS_PATH, TELEGRAM_WEBHOOK_PATH } from './config.js';
import type { Logger } from './core/index.js';

export interface HttpAppDeps {
  /** The secret Telegram must echo in X-Telegram-Bot-Api-Secret-Token; none means no webhook is accepted. */
  telegramWebhookSecret: string | undefined;
  telegramWebhook: (c: import('hono').Context) => Promise<Response>;
  slackEvents: (c: import('hono').Context) => Promise<Response>;
  /** Resolves when the database answers. */
  checkDatabase: () => Promise<void>;
  logger: Logger;
}

/** Telegram's own limit on an update is far below this; anything larger is not from Telegram. */
const MAX_UPDATE_BYTES = 1_000_000;
/**
 * Slack's largest requests (an interaction carrying a whole message or modal) stay far below this. The
 * signature can only be checked over the whole body, so the size is checked first, while it streams in.
 */
export const MAX_SLACK_REQUEST_BYTES = 1_000_000;

/**
 * Haven's HTTP surface: the two platform doors and a health check. Runtime-agnostic: the Node and
 * Workers entries serve the same app.
 */
export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    try {
      await deps.checkDatabase();
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false, error: 'database unreachable' }, 503);
    }
  });

  app.post(TELEGRAM_WEBHOOK_PATH, async (c) => {
    // Checked here as well as by grammY: refuse before anything is parsed, stored, or sent to Telegram.
    const secret = c.req.header('x-telegram-bot-api-secret-token');
    if (!deps.telegramWebhookSecret || !secret || !constantTimeEqual(secret, deps.telegramWebhookSecret)) {
      return c.json({ ok: false, error: 'missing or wrong X-Telegram-Bot-Api-Secret-Token' }, 401);
    }
    const raw = await c.req.text();
    if (raw.length > MAX_UPDATE_BYTES) return c.json({ ok: false, error: 'update too large' }, 413);
    if (!isUpdate(raw)) {
      deps.logger.warn({ route: 'telegram' }, 'rejected a malformed Telegram update');
      return c.json(
        { ok: false, error: 'body is not a Telegram update (JSON object with an integer update_id)' },
        400,
      );
    }
    return deps.telegramWebhook(c);
  });

  app.post(
    SLACK_EVENTS_PATH,
    bodyLimit({
      maxSize: MAX_SLACK_REQUEST_BYTES,
      onError: (c) =>
        c.json({ ok: false, error: `request body larger than ${MAX_SLACK_REQUEST_BYTES} bytes` }, 413),
    }),
    (c) => deps.slackEvents(c),
  );

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // A failure to store: answer 500 so the platform sends it again. Never echo the error (it may quote
    // the payload).
    deps.logger.error({ path: c.req.path, err: error.name }, 'request failed');
    return c.json({ ok: false, error: 'internal error; the sender should retry' }, 500);
  });

  return app;
}

function isUpdate(raw: string): boolean {
  try {
    const parsed = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && Number.isSafeInteger(parsed.update_id);
  } catch {
    return false;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
