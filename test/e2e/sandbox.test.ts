import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, SANDBOX } from '../../src/config.js';
import { type RunningHaven, startHaven } from '../../src/runtime/node/start.js';
import { eventually, freePort } from '../support/stack.js';

const directory = mkdtempSync(join(tmpdir(), 'haven-sandbox-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('sandbox mode (no tokens)', () => {
  let haven: RunningHaven;
  beforeAll(async () => {
    const port = await freePort();
    haven = await startHaven(
      parseConfig({
        PORT: String(port),
        DATABASE_PATH: join(directory, 'in-process.sqlite'),
        LOG_LEVEL: 'silent',
      }),
    );
  });
  afterAll(async () => {
    await haven.stop();
  });

  it('relays both ways through the in-process fake platforms', async () => {
    const sandbox = haven.sandbox!;
    expect(haven.config.mode).toBe('sandbox');
    await sandbox.telegram.sendFromPerson({ chatId: 1, text: 'hello sandbox' });
    const parent = await eventually(() => sandbox.slack.messages(SANDBOX.inboxChannel)[0]);
    await eventually(() => sandbox.slack.thread(SANDBOX.inboxChannel, parent.ts).length >= 2);
    await sandbox.slack.postAsUser({
      channel: SANDBOX.inboxChannel,
      threadTs: parent.ts,
      user: 'U1',
      text: 'hi back',
    });
    await eventually(() => sandbox.telegram.sentTo(1).find((m) => m.text === 'hi back'));
  });
});

/**
 * Starts Haven the way `npm start` does, with the given environment: compiled by scripts/build.mjs (the
 * `prestart` step), then dist/node/haven.mjs under plain Node, so these tests also show the compiled
 * entry finds its migrations and starts.
 */
function startEntry(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['dist/node/haven.mjs'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('the Node entry point, as npm start runs it', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  });

  it('starts with no tokens, says it is a sandbox and which variables make it real, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, output } = startEntry({
      PORT: String(port),
      DATABASE_PATH: join(directory, 'entry.sqlite'),
    });
    try {
      await eventually(() => output().includes('SANDBOX'), 20_000);
      expect(output()).toContain('TELEGRAM_BOT_TOKEN');
      expect(output()).toContain(`http://127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
  }, 30_000);

  it('refuses to start with half a configuration, naming each missing variable and where to get it', async () => {
    const { child, output } = startEntry({ TELEGRAM_BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(await exited(child)).toBe(78);
    expect(output()).toContain('SLACK_BOT_TOKEN is missing');
    expect(output()).toContain('SLACK_INBOX_CHANNEL is missing');
    expect(output()).toContain('OAuth & Permissions');
  }, 30_000);
});
