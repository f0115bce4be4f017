import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

const LIVE = {
  TELEGRAM_BOT_TOKEN: '123456789:AAH-test_token_for_the_bot_api',
  SLACK_BOT_TOKEN: 'xoxb-1234-5678-test',
  SLACK_SIGNING_SECRET: 'signing-secret',
  HAVEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  SLACK_INBOX_CHANNEL: 'C0123ABCD',
};

describe('SLACK_CASEWORKERS', () => {
  it('is a comma-separated list of Slack user ids, spaces and empty items ignored', () => {
    const config = parseConfig({ ...LIVE, SLACK_CASEWORKERS: ' U0AAA111, W0BBB222 ,,U0CCC333 ' });
    expect(config.slack.caseworkers).toEqual(['U0AAA111', 'W0BBB222', 'U0CCC333']);
  });

  it('leaves the inbox open to everyone in the channel when unset, also in the sandbox', () => {
    expect(parseConfig(LIVE).slack.caseworkers).toBeUndefined();
    expect(parseConfig({}).slack.caseworkers).toBeUndefined();
    expect(parseConfig({ SLACK_CASEWORKERS: 'U0AAA111' }).slack.caseworkers).toEqual(['U0AAA111']);
  });

  it('refuses names instead of ids, and says where to find an id', () => {
    let problems: string[] = [];
    try {
      parseConfig({ ...LIVE, SLACK_CASEWORKERS: 'U0AAA111,@marie' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SLACK_CASEWORKERS is invalid \(must be Slack user ids/);
    expect(problems[0]).toContain('Copy member ID');
  });
});
