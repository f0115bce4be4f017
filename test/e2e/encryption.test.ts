import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, SANDBOX } from '../../src/config.js';
import { startHaven } from '../../src/runtime/node/start.js';
import { DrizzleCaseStore } from '../../src/storage/case-store.js';
import { openSqliteDatabase } from '../../src/storage/sqlite.js';
import { eventually, freePort, INBOX, type Stack, startStack } from '../support/stack.js';

const CHAT = 738291046;
const CONFIDED = 'My boss in Ghent keeps my passport and I owe him 4000 euro';
const REPLY = 'We can meet you tomorrow at the station, Marta will be there';

/** Every byte SQLite has on disk for the database: the main file, its write-ahead log and shared memory. */
function databaseBytes(databasePath: string): Buffer {
  const directory = join(databasePath, '..');
  const base = databasePath.slice(directory.length + 1);
  const files = readdirSync(directory).filter((name) => name.startsWith(base));
  return Buffer.concat(files.map((name) => readFileSync(join(directory, name))));
}

describe('encryption at rest, through the real stack', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('keeps a conversation readable for Haven while the SQLite files reveal neither the words nor the chat', async () => {
    stack = await startStack();
    const running = stack;
    const parents = () => running.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const threadText = (parentTs: string) => JSON.stringify(running.slack.thread(INBOX, parentTs));

    await running.telegram.sendFromPerson({ chatId: CHAT, text: CONFIDED, languageCode: 'en' });
    const parent = await eventually(() => parents()[0]);
    await eventually(() => threadText(parent.ts).includes(CONFIDED));
    await running.slack.postAsUser({ channel: INBOX, threadTs: parent.ts, user: 'U0CW', text: REPLY });
    await eventually(() => running.telegram.sentTo(CHAT).find((m) => m.text === REPLY));

    // Haven is still running: the newest pages are in the write-ahead log, which is read too.
    expect(existsSync(`${running.databasePath}-wal`)).toBe(true);
    const bytes = databaseBytes(running.databasePath);
    // The files were read, data pages included: Haven's own plain columns are there.
    expect(bytes.includes(INBOX)).toBe(true);
    for (const secret of [CONFIDED, 'passport', REPLY, 'Marta', String(CHAT)]) {
      expect(bytes.includes(secret), secret).toBe(false);
    }

    // After a restart (same database, same key), the person's next message finds their case.
    await running.restart();
    await running.telegram.sendFromPerson({ chatId: CHAT, text: 'are you still there?' });
    await eventually(() => threadText(parent.ts).includes('are you still there?'));
    expect(parents()).toHaveLength(1);
  });
});

describe('keys', () => {
  const directories: string[] = [];
  const temporary = () => {
    const directory = mkdtempSync(join(tmpdir(), 'haven-keys-'));
    directories.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('the sandbox makes its own key beside the database, readable by its owner only, and keeps using it', async () => {
    const directory = temporary();
    const databasePath = join(directory, 'haven.sqlite');
    const config = parseConfig({
      PORT: String(await freePort()),
      DATABASE_PATH: databasePath,
      LOG_LEVEL: 'silent',
    });
    let haven = await startHaven(config);
    try {
      const sandbox = haven.sandbox!;
      await sandbox.telegram.sendFromPerson({ chatId: 1, text: CONFIDED });
      const parent = await eventually(() => sandbox.slack.messages(SANDBOX.inboxChannel)[0]);
      await eventually(() =>
        JSON.stringify(sandbox.slack.thread(SANDBOX.inboxChannel, parent.ts)).includes(CONFIDED),
      );
      const keyFile = join(directory, 'haven.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, 'utf8');
      expect(databaseBytes(databasePath).includes('passport')).toBe(false);

      await haven.stop();
      haven = await startHaven(config);
      expect(readFileSync(keyFile, 'utf8')).toBe(key);
      // The same key again: the chat is found by its blind index, and what it said opens.
      const conversation = await haven.store.findConversationByChat('telegram', '1');
      expect(conversation).toMatchObject({ id: 1, chatId: '1' });
      const stored = await haven.store.listMessages(1);
      expect(stored.map((message) => message.body)).toContain(CONFIDED);
    } finally {
      await haven.stop();
    }
  });

  it('npm run reencrypt seals a database that predates encryption, leaving no plain text in the file', async () => {
    const databasePath = join(temporary(), 'haven.sqlite');
    const legacy = openSqliteDatabase(databasePath);
    const plain = new DrizzleCaseStore(legacy);
    const conversation = await plain.openConversation({
      channel: 'telegram',
      chatId: String(CHAT),
      language: 'en',
      languageConfirmed: true,
      inboxChannel: INBOX,
      now: 1,
    });
    const messages = Array.from({ length: 60 }, (_, index) => ({
      id: `m${index}`,
      conversationId: conversation.id,
      author: 'person' as const,
      kind: 'text',
      body: `${CONFIDED} (${index})`,
      buttons: null,
      inboxText: null,
      held: false,
      inboxTranslationId: null,
      channelMessageId: null,
      inboxMessageId: null,
      createdAt: index,
    }));
    await plain.saveTurn({ event: { source: 'telegram', key: '1' }, now: 2, messages, outbox: [] });
    await legacy.close();
    expect(databaseBytes(databasePath).includes('passport')).toBe(true);

    const { child, output } = startScript('scripts/reencrypt.ts', { DATABASE_PATH: databasePath });
    expect(await exited(child)).toBe(0);
    expect(output()).toContain('messages: 60 checked, 60 sealed again');
    expect(output()).toContain('conversations: 1 checked, 1 sealed again');
    expect(output()).not.toContain('passport');
    for (const secret of ['passport', String(CHAT)]) {
      expect(databaseBytes(databasePath).includes(secret), secret).toBe(false);
    }

    // Haven, started on that database, reads it all with the key the command made.
    const config = parseConfig({
      PORT: String(await freePort()),
      DATABASE_PATH: databasePath,
      LOG_LEVEL: 'silent',
    });
    const haven = await startHaven(config);
    try {
      expect(await haven.store.findConversationByChat('telegram', String(CHAT))).toMatchObject({
        id: conversation.id,
      });
      expect((await haven.store.getMessage('m59'))?.body).toBe(`${CONFIDED} (59)`);
    } finally {
      await haven.stop();
    }
  }, 30_000);

  it('a live installation refuses to start without a key, saying how to make one', async () => {
    const { child, output } = startEntry({
      DATABASE_PATH: join(temporary(), 'haven.sqlite'),
      TELEGRAM_BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_INBOX_CHANNEL: 'C0INBOX01',
    });
    expect(await exited(child)).toBe(78);
    expect(output()).toMatch(/HAVEN_ENCRYPTION_KEY is missing: .*`openssl rand -base64 32`/);
    expect(output().match(/configuration problem/g)).toHaveLength(1);
  }, 30_000);
});

/** Starts the real entry point the way `npm start` does, with the given environment. */
function startEntry(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  return startScript('src/runtime/node/main.ts', env);
}

function startScript(
  path: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path], {
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
