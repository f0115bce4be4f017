import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { FakeSlack, FakeTelegram } from '../../src/sandbox/index.js';
import type { D1Binding } from '../../src/storage/d1.js';

/**
 * Runs the real Worker bundle in workerd (Miniflare) with a local D1 that `wrangler d1 migrations apply`
 * migrated, between the fake Telegram and Slack APIs served on 127.0.0.1 in the test process. The
 * bundle, the migrations and the Worker's settings all come from wrangler.toml, as on a deploy.
 */

export const TELEGRAM_TOKEN = '123456789:TEST-token-for-the-fake-telegram-api';
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const SLACK_TOKEN = 'xoxb-test-token-for-the-fake-slack-api';
export const SIGNING_SECRET = 'test-signing-secret';
export const INBOX = 'C0INBOX01';
/** The bot's Telegram username and Slack user id, as the fakes know them. */
export const BOT_USERNAME = 'haven_test_bot';
export const BOT_SLACK_USER = 'U0HAVENBOT';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER_TOML = join(ROOT, 'wrangler.toml');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const run = promisify(execFile);

/** Wrangler without prompts, colours, update checks or metrics: CI has no terminal and no internet. */
function wrangler(args: string[]) {
  return run(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CI: 'true',
      NO_COLOR: '1',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
}

export interface BuiltWorker {
  directory: string;
  scriptPath: string;
  /** What wrangler reports it would upload, e.g. "1725.00 KiB / gzip: 328.56 KiB". */
  uploadSize: string;
  /** A local D1 with every migration applied, copied for each test that needs a fresh database. */
  migratedPersist: string;
}

/** `wrangler deploy --dry-run` (the bundle a deploy would upload) and `wrangler d1 migrations apply --local`. */
export async function buildWorker(): Promise<BuiltWorker> {
  const directory = mkdtempSync(join(tmpdir(), 'haven-worker-'));
  const out = join(directory, 'bundle');
  const { stdout } = await wrangler(['deploy', '--dry-run', '--outdir', out]);
  const uploadSize = /Total Upload:\s*(.+)/.exec(stdout)?.[1]?.trim() ?? 'unknown';
  const migratedPersist = await migrateLocalD1(directory);
  return { directory, scriptPath: join(out, 'index.js'), uploadSize, migratedPersist };
}

/** A local D1 under `directory` with drizzle/'s migrations applied by wrangler, as on a deploy. */
export async function migrateLocalD1(directory: string): Promise<string> {
  const persist = join(directory, 'migrated');
  await wrangler(['d1', 'migrations', 'apply', 'haven', '--local', '--persist-to', persist]);
  return persist;
}

/** The D1 binding of a migrated local database, for tests of the store itself (no Worker code). */
export async function openLocalD1(persist: string): Promise<{ db: D1Binding; close(): Promise<void> }> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(WRANGLER_TOML);
  const miniflare = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    compatibilityDate: workerOptions.compatibilityDate,
    d1Databases: workerOptions.d1Databases,
    d1Persist: join(persist, 'v3', 'd1'),
    cf: false,
  });
  const db: D1Binding = await miniflare.getD1Database('DB');
  return { db, close: () => miniflare.dispose() };
}

export interface Fakes {
  telegram: FakeTelegram;
  slack: FakeSlack;
  telegramUrl: string;
  slackUrl: string;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const telegram = new FakeTelegram({ token: TELEGRAM_TOKEN, botUsername: BOT_USERNAME });
  const slack = new FakeSlack({
    botToken: SLACK_TOKEN,
    signingSecret: SIGNING_SECRET,
    botUserId: BOT_SLACK_USER,
  });
  const telegramServer = await serveOnLoopback(telegram.app.fetch);
  const slackServer = await serveOnLoopback(slack.app.fetch);
  slack.publicUrl = slackServer.url;
  return {
    telegram,
    slack,
    telegramUrl: telegramServer.url,
    slackUrl: slackServer.url,
    async close() {
      await new Promise((resolve) => telegramServer.server.close(resolve));
      await new Promise((resolve) => slackServer.server.close(resolve));
    },
  };
}

/** The Worker's scheduled() as Miniflare exposes it (typed here: its types need @cloudflare/workers-types). */
interface ScheduledFetcher {
  scheduled(options: { cron: string }): Promise<{ outcome: string }>;
}

export interface RunningWorker {
  url: string;
  miniflare: Miniflare;
  /** Everything the Worker wrote to its console (its log lines). */
  output(): string;
  /** Runs the Cron Trigger once, as Cloudflare does every minute. */
  cron(): Promise<void>;
  stop(): Promise<void>;
}

/** The Worker's environment: wrangler.toml's [vars], the secrets, and the fakes' URLs. */
export function testVariables(fakes: Fakes, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    HAVEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    SLACK_INBOX_CHANNEL: INBOX,
    TELEGRAM_BOT_USERNAME: BOT_USERNAME,
    TELEGRAM_API_ROOT: fakes.telegramUrl,
    SLACK_API_URL: `${fakes.slackUrl}/api/`,
    LOG_LEVEL: 'silent',
    // The relay as in test/e2e/relay.test.ts: every thread message goes to the person, no consent step.
    HAVEN_REPLY_MODE: 'auto',
    HAVEN_CONSENT: 'off',
    ...overrides,
  };
}

/** Starts the bundled Worker in workerd on a persisted local D1 (`persist` as `--persist-to` takes it). */
export async function startWorker(
  built: BuiltWorker,
  persist: string,
  variables: Record<string, string>,
): Promise<RunningWorker> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(WRANGLER_TOML);
  const output: string[] = [];
  const miniflare = new Miniflare({
    ...workerOptions,
    name: 'haven',
    modules: true,
    scriptPath: built.scriptPath,
    // Module names are paths relative to this root; the bundle lives outside the working directory.
    modulesRoot: dirname(built.scriptPath),
    bindings: { ...workerOptions.bindings, ...variables },
    d1Persist: join(persist, 'v3', 'd1'),
    host: '127.0.0.1',
    port: 0,
    // No request.cf data: Miniflare would otherwise download it.
    cf: false,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      for (const stream of [stdout, stderr]) stream.on('data', (chunk: Buffer) => output.push(String(chunk)));
    },
  });
  const url = (await miniflare.ready).origin;
  return {
    url,
    miniflare,
    output: () => output.join(''),
    async cron() {
      const worker = (await miniflare.getWorker()) as unknown as ScheduledFetcher;
      const result = await worker.scheduled({ cron: '* * * * *' });
      if (result.outcome !== 'ok') throw new Error(`cron run ended with ${result.outcome}`);
    },
    stop: () => miniflare.dispose(),
  };
}

/** A fresh copy of the migrated database, as a new installation has after `migrations apply`. */
export function freshDatabase(built: BuiltWorker): string {
  const persist = mkdtempSync(join(built.directory, 'd1-'));
  cpSync(built.migratedPersist, persist, { recursive: true });
  return persist;
}

export function removeBuild(built: BuiltWorker | undefined): void {
  if (built) rmSync(built.directory, { recursive: true, force: true });
}

/**
 * Points the fake Telegram's webhook at the Worker the way an operator does after a deploy:
 * POST /telegram/setup with the webhook secret.
 */
export async function setUpTelegram(worker: RunningWorker, secret = WEBHOOK_SECRET): Promise<Response> {
  return fetch(`${worker.url}/telegram/setup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}` },
  });
}

type Served = ReturnType<typeof serve>;

function serveOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: Served; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

/** Polls until `check` returns a truthy value (or stops throwing), failing after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw lastError ?? new Error(`condition not met within ${timeoutMs} ms`);
}

/**
 * Waits until neither fake has been called for `quietMs`: the Worker's drains have finished. A new
 * deployment lets the old one's waitUntil work finish the same way; a Worker stopped in the middle of a
 * delivery leaves its entry leased for a minute, which holds its lane.
 */
export async function drained(fakes: Fakes, quietMs = 300, timeoutMs = 5_000): Promise<void> {
  const calls = () => fakes.telegram.calls.length + fakes.slack.calls.length;
  const deadline = Date.now() + timeoutMs;
  let seen = calls();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`the fakes were still being called after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (calls() !== seen) {
      seen = calls();
      since = Date.now();
    }
  }
}

/** Waits a little to prove that something does NOT happen. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
