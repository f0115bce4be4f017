import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import type { CaseStore, OutboxEntry } from '../../src/core/index.js';
import { REDACTED_PATHS } from '../../src/log.js';
import { withDeliveryBudget } from '../../src/runtime/workers/delivery-budget.js';
import { type WorkersEnv, workersConfig } from '../../src/runtime/workers/env.js';
import { createConsoleLogger, REDACTED_FIELDS } from '../../src/runtime/workers/log.js';

const LIVE: WorkersEnv = {
  DB: { prepare: () => undefined, batch: async () => [] },
  TELEGRAM_BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAA',
  TELEGRAM_WEBHOOK_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'signing',
  HAVEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  SLACK_INBOX_CHANNEL: 'C0INBOX',
};

function problems(env: WorkersEnv): string[] {
  try {
    workersConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the Worker’s configuration', () => {
  it('reads the same variables as Node, ignores binding objects, and always receives Telegram by webhook', () => {
    const config = workersConfig({ ...LIVE, PUBLIC_URL: 'https://haven.example.org/' });
    expect(config.telegram.webhookSecret).toBe('secret');
    expect(config.telegram.webhookUrl).toBe('https://haven.example.org/telegram/webhook');
    expect(config.slack.inboxChannel).toBe('C0INBOX');
    expect(config.deliveriesPerInvocation).toBe(6);
    expect(workersConfig(LIVE).telegram.webhookUrl).toBeUndefined();
  });

  it('knows its bot from the token and TELEGRAM_BOT_USERNAME, so no getMe is needed', () => {
    expect(workersConfig(LIVE).botInfo).toBeUndefined();
    const { botInfo } = workersConfig({ ...LIVE, TELEGRAM_BOT_USERNAME: '@haven_help_bot' });
    expect(botInfo).toMatchObject({ id: 123456789, is_bot: true, username: 'haven_help_bot' });
  });

  it('names every setting a Worker cannot run without', () => {
    expect(problems({ DB: LIVE.DB }).join('\n')).toMatch(/no sandbox mode/);
    expect(problems({ ...LIVE, TELEGRAM_WEBHOOK_SECRET: '' })).toEqual([
      expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET is missing: on Workers/),
    ]);
    expect(problems({ ...LIVE, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN is set: Socket Mode/),
    ]);
    expect(problems({ ...LIVE, TELEGRAM_BOT_USERNAME: 'no spaces allowed' })).toEqual([
      expect.stringMatching(/^TELEGRAM_BOT_USERNAME is invalid/),
    ]);
    expect(problems({ ...LIVE, OUTBOX_DELIVERIES_PER_INVOCATION: '0' })).toEqual([
      expect.stringMatching(/^OUTBOX_DELIVERIES_PER_INVOCATION is invalid/),
    ]);
  });
});

describe('the delivery budget of one invocation', () => {
  const entry = (id: number) => ({ id }) as OutboxEntry;

  it('hands out at most the budget across claims, and nothing after it', async () => {
    const limits: number[] = [];
    const store = {
      async claimOutbox({ limit }: { limit: number }) {
        limits.push(limit);
        return Array.from({ length: limit }, (_, i) => entry(i));
      },
    } as unknown as CaseStore;
    const budgeted = withDeliveryBudget(store, 5);
    const claim = () => budgeted.claimOutbox({ now: 0, limit: 4, leaseUntil: 1 });
    expect((await claim()).length).toBe(4);
    expect((await claim()).length).toBe(1);
    expect(await claim()).toEqual([]);
    expect(limits).toEqual([4, 1]);
  });

  it('leaves every other store method as it is, including ones added later', async () => {
    class Store {
      readonly marker = 'own state';
      async ping() {
        return this.marker;
      }
    }
    const budgeted = withDeliveryBudget(new Store() as unknown as CaseStore, 1) as unknown as Store;
    expect(await budgeted.ping()).toBe('own state');
  });
});

describe('the Worker’s console logger', () => {
  it('redacts every field the Node logger redacts', () => {
    const nodeFields = new Set(REDACTED_PATHS.map((path) => path.replace(/^\*\./, '')));
    expect(new Set(REDACTED_FIELDS)).toEqual(nodeFields);
  });

  it('writes JSON lines at or above its level, with personal fields removed at two levels', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger('info', (line) => lines.push(line));
    logger.debug({ case: 1 }, 'not written');
    logger.info({ case: 1, text: 'I am afraid', from: { first_name: 'Ana', id: 7 } }, 'stored');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        level: 'info',
        msg: 'stored',
        case: 1,
        text: '[redacted]',
        from: { first_name: '[redacted]', id: 7 },
      },
    ]);
  });
});
