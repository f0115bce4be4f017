import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config.js';
import { type RunningHaven, startHaven } from '../../src/runtime/node/start.js';
import type { InboxThread, PhoneView } from '../../src/sandbox/playground/view.js';
import { freePort, TEST_RATE_LIMITS } from '../support/stack.js';

/** A sandbox Haven, started as `npm start` starts it without tokens, with the playground at `/`. */
export async function startSandboxHaven(): Promise<{ haven: RunningHaven; stop(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'haven-playground-'));
  const haven = await startHaven(
    parseConfig({
      PORT: String(await freePort()),
      DATABASE_PATH: join(directory, 'haven.sqlite'),
      LOG_LEVEL: 'silent',
    }),
    // The platforms' limits scaled up, as in every end-to-end test: pacing is tested in test/reliability.
    { outbox: { idlePollMs: 50, backoff: { baseMs: 20, maxMs: 200 } }, rateLimits: TEST_RATE_LIMITS },
  );
  return {
    haven,
    async stop() {
      await haven.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface PlaygroundState {
  version: number;
  activeChatId: number;
  people: Array<{ chatId: number; firstName: string; languageCode: string }>;
  phone: PhoneView;
  inbox: {
    channels: Array<{ id: string; threads: InboxThread[] }>;
    dialogs: Array<{ id: string; callback_id: string; blocks: unknown[] }>;
  };
  run: { state: string; step: number; error?: string } | null;
}

/** The playground's JSON API as the page uses it. */
export function playgroundClient(baseUrl: string) {
  const api = `${baseUrl}/playground/api`;
  return {
    async post<T = Record<string, unknown>>(
      path: string,
      body: unknown = {},
    ): Promise<{ status: number; body: T }> {
      const response = await fetch(`${api}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    async state(chatId?: number): Promise<PlaygroundState> {
      const response = await fetch(`${api}/state${chatId ? `?chatId=${chatId}` : ''}`);
      return (await response.json()) as PlaygroundState;
    },
  };
}

export function allThreads(state: PlaygroundState): InboxThread[] {
  return state.inbox.channels.flatMap((channel) => channel.threads);
}

/** The words of a Slack message as a caseworker reads them: its text and every text in its blocks. */
export function wordsOf(message: { text: string; blocks?: unknown[] }): string {
  const words = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') words.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks ?? []);
  return words.join('\n');
}
