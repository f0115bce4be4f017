import type { WorkersHaven } from './wire.js';

/** Worker-only route: sets Telegram up for this Worker, as the Node runtime does at every start. */
export const TELEGRAM_SETUP_PATH = '/telegram/setup';

/**
 * `POST /telegram/setup` with `Authorization: Bearer <TELEGRAM_WEBHOOK_SECRET>`: publishes the command
 * menus and points Telegram's webhook at this Worker (PUBLIC_URL, else the URL this request came to),
 * with the secret and the update kinds the Telegram adapter handles. A Worker has no start-up hook, so an
 * operator calls this once after each deploy that changes them. It answers with the bot's username for
 * TELEGRAM_BOT_USERNAME.
 */
export async function handleTelegramSetup(request: Request, haven: WorkersHaven): Promise<Response> {
  if (request.method !== 'POST') return json({ ok: false, error: 'use POST' }, 405);
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  if (!sameText(given, haven.config.telegram.webhookSecret)) {
    return json({ ok: false, error: 'Authorization must be "Bearer <TELEGRAM_WEBHOOK_SECRET>"' }, 401);
  }
  const { webhookUrl, botUsername } = await haven.setUpTelegram(new URL(request.url).origin);
  const known = haven.config.botInfo?.username;
  return json({
    ok: true,
    webhookUrl,
    botUsername,
    ...(known === botUsername
      ? {}
      : { next: `set TELEGRAM_BOT_USERNAME = "${botUsername}" in wrangler.toml [vars] and deploy again` }),
  });
}

function json(body: object, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Compares in time independent of where the strings differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
