import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { FakeSlack, FakeTelegram } from '../../../src/sandbox/index.js';
import {
  eventually,
  freePort,
  INBOX,
  SIGNING_SECRET,
  SLACK_TOKEN,
  TELEGRAM_TOKEN,
  WEBHOOK_SECRET,
} from '../../support/stack.js';

type Served = ReturnType<typeof serve>;

function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ server: Served; url: string }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

export interface ChildHaven {
  telegram: FakeTelegram;
  slack: FakeSlack;
  /** Starts the entry point (`src/runtime/node/main.ts`) and resolves once it says it is running. */
  start(): Promise<void>;
  /** Kills the process outright, as a power cut or the OOM killer would: no shutdown code runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Haven as production runs it: a separate Node process started from the entry point, configured only by
 * environment variables (live mode, Telegram webhook, Slack over HTTP), between a fake Telegram and a fake
 * Slack served from this process on loopback ports. Every start uses the same port and SQLite file, so a
 * restarted process takes over where the previous one stopped, with the production rate limits.
 */
export async function startChildHaven(): Promise<ChildHaven> {
  const directory = mkdtempSync(join(tmpdir(), 'haven-child-'));
  const telegram = new FakeTelegram({ token: TELEGRAM_TOKEN });
  const slack = new FakeSlack({ botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET });
  const telegramServer = await serveOnLoopback(telegram.app.fetch);
  const slackServer = await serveOnLoopback(slack.app.fetch);
  slack.publicUrl = slackServer.url;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  slack.eventsUrl = `${url}/slack/events`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    DATABASE_PATH: join(directory, 'haven.sqlite'),
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: telegramServer.url,
    PUBLIC_URL: url,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slackServer.url}/api/`,
    SLACK_INBOX_CHANNEL: INBOX,
    LOG_LEVEL: 'silent',
    HAVEN_ENCRYPTION_KEY: `test:${Buffer.alloc(32, 7).toString('base64')}`,
  };

  let child: ChildProcess | undefined;
  const exited = (process: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (process.exitCode !== null || process.signalCode !== null) resolve();
      else process.once('exit', () => resolve());
    });

  async function start(): Promise<void> {
    let output = '';
    const running = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Keep reading, so a full pipe never blocks the child; kept only to explain a failed start.
    const read = (chunk: Buffer) => {
      output += chunk;
    };
    running.stdout?.on('data', read);
    running.stderr?.on('data', read);
    child = running;
    // Up when it answers health checks and Telegram knows where to deliver (set by the first start).
    await eventually(async () => {
      if (running.exitCode !== null) throw new Error(`Haven exited with ${running.exitCode}:\n${output}`);
      const health = await fetch(`${url}/healthz`);
      return health.ok && telegram.webhook !== undefined;
    }, 30_000);
  }

  async function kill(): Promise<void> {
    if (!child) return;
    const dying = child;
    child = undefined;
    dying.kill('SIGKILL');
    await exited(dying);
  }

  return {
    telegram,
    slack,
    start,
    kill,
    async stop() {
      if (child) {
        const stopping = child;
        child = undefined;
        stopping.kill('SIGTERM');
        await exited(stopping);
      }
      await new Promise((resolve) => telegramServer.server.close(resolve));
      await new Promise((resolve) => slackServer.server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
