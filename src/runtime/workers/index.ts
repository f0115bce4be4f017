import type { ExecutionContext } from 'hono';
import { ConfigError } from '../../config.js';
import type { WorkersEnv } from './env.js';
import { handleTelegramSetup, TELEGRAM_SETUP_PATH } from './setup.js';
import { type WorkersHaven, wireHaven } from './wire.js';

/** The part of a Cron Trigger's controller Haven reads. */
interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

/** waitUntil work may run 30 s after the response; leave room for the deliveries in flight to finish. */
const DRAIN_AFTER_REQUEST_MS = 20_000;
/** A cron run stops claiming well before the next one (every minute) starts. */
const DRAIN_ON_CRON_MS = 40_000;

let haven: WorkersHaven | undefined;

/** Wired on the first invocation of an isolate and reused by the next ones (bindings are stable). */
function havenFor(env: WorkersEnv): WorkersHaven {
  haven ??= wireHaven(env);
  return haven;
}

/**
 * The Cloudflare Workers entry (wrangler.toml `main`). Requests go to the same Hono app as on Node; a
 * request that committed outbox work gets a drain after its response (waitUntil), and the Cron Trigger
 * drains whatever is left: retries whose backoff has passed and work a full budget could not reach.
 */
export default {
  async fetch(request: Request, env: WorkersEnv, ctx: ExecutionContext): Promise<Response> {
    let current: WorkersHaven;
    try {
      current = havenFor(env);
    } catch (error) {
      return misconfigured(error);
    }
    if (new URL(request.url).pathname === TELEGRAM_SETUP_PATH) return handleTelegramSetup(request, current);
    const response = await current.app.fetch(request, env, ctx);
    if (current.takeWork()) ctx.waitUntil(drain(current, Date.now() + DRAIN_AFTER_REQUEST_MS));
    return response;
  },

  async scheduled(_controller: ScheduledController, env: WorkersEnv): Promise<void> {
    // A configuration error throws here, so the cron run shows as failed in the dashboard.
    const current = havenFor(env);
    await drain(current, Date.now() + DRAIN_ON_CRON_MS);
    // Retention rides on the same cron; the purge logs counts only.
    try {
      const counts = await current.purge(Date.now());
      console.log(JSON.stringify({ level: 'info', msg: 'retention purge', ...counts }));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'retention purge failed', err: errorName(error) }));
    }
  },
};

async function drain(current: WorkersHaven, deadline: number): Promise<void> {
  try {
    await current.drain(deadline);
  } catch (error) {
    // The entries stay pending (or leased until their lease runs out); the next drain takes them.
    console.error(JSON.stringify({ level: 'error', msg: 'outbox drain failed', err: errorName(error) }));
  }
}

function misconfigured(error: unknown): Response {
  if (!(error instanceof ConfigError)) throw error;
  // The problems name variables and where to get them, never their values.
  console.error(JSON.stringify({ level: 'fatal', msg: error.message }));
  return new Response(
    JSON.stringify({ ok: false, error: 'Haven is not configured; the Worker log lists what is missing' }),
    { status: 503, headers: { 'content-type': 'application/json' } },
  );
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
