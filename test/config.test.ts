import { describe, expect, it } from 'vitest';
import { BELGIAN_CENTRES, BELGIAN_NUMBERS } from '../src/centres.js';
import { ConfigError, parseConfig } from '../src/config.js';

const LIVE = {
  TELEGRAM_BOT_TOKEN: '123456789:AAH-test_token_for_the_bot_api',
  SLACK_BOT_TOKEN: 'xoxb-1234-5678-test',
  SLACK_SIGNING_SECRET: 'signing-secret',
  SLACK_INBOX_CHANNEL: 'C0123ABCD',
  HAVEN_ENCRYPTION_KEY: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=',
};

/** The problems parseConfig reports for `env`; fails the test when it accepts it. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('routing configuration', () => {
  it('routes to the Belgian centres with 112, 101 and the national line unless told otherwise', () => {
    const { routing } = parseConfig({});
    expect(routing.centres.map((centre) => centre.id)).toEqual([
      'payoke',
      'pag-asa',
      'surya',
      'minor-ndako',
      'esperanto',
    ]);
    expect(routing.numbers).toEqual({ emergency: '112', police: '101', reportingLine: '078 055 800' });
  });

  it('takes a centre table from HAVEN_CENTRES and checks the home centre is in it', () => {
    const centres = JSON.stringify([
      {
        id: 'lefoyer',
        name: 'Le Foyer',
        regions: ['luxembourg'],
        phone: '+352 1',
        email: 'help@example.org',
      },
    ]);
    expect(
      parseConfig({ HAVEN_CENTRES: centres, HAVEN_HOME_CENTRE: 'lefoyer' }).routing.centres[0]?.name,
    ).toBe('Le Foyer');
    expect(() => parseConfig({ HAVEN_CENTRES: centres })).toThrow(
      /HAVEN_HOME_CENTRE is "payoke", which is not a centre id/,
    );
    expect(() => parseConfig({ HAVEN_CENTRES: '[{' })).toThrow(
      /HAVEN_CENTRES is invalid \(is not valid JSON\)/,
    );
  });
});

describe('parseConfig', () => {
  it('runs the sandbox when no tokens are given', () => {
    const config = parseConfig({});

    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe('./data/haven.sqlite');
    expect(config.inboxLanguage).toBe('en');
    expect(config.logLevel).toBe('info');
    // The sandbox platforms live in the same process, on the same port.
    expect(config.telegram.apiRoot).toBe('http://127.0.0.1:3000/sandbox/telegram');
    expect(config.telegram.delivery).toEqual({
      kind: 'webhook',
      url: 'http://127.0.0.1:3000/telegram/webhook',
    });
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:3000/sandbox/slack/api/');
  });

  it('puts the sandbox on the port it was given', () => {
    const config = parseConfig({ PORT: '8080', DATABASE_PATH: '/var/lib/haven/db.sqlite' });

    expect(config).toMatchObject({ mode: 'sandbox', port: 8080, databasePath: '/var/lib/haven/db.sqlite' });
    expect(config.telegram.apiRoot).toBe('http://127.0.0.1:8080/sandbox/telegram');
  });

  it('runs live, with long polling and the public platform APIs, when all live variables are set', () => {
    const config = parseConfig(LIVE);

    expect(config).toEqual({
      routing: {
        centres: BELGIAN_CENTRES,
        homeCentre: 'payoke',
        numbers: BELGIAN_NUMBERS,
        timeZone: 'Europe/Brussels',
      },
      // Unset, these keep the foundation's behaviour; .env.example turns them on for new installations.
      replyMode: 'auto',
      consentRequired: false,
      retentionDays: 180,
      reminderMinutes: 30,
      translation: { provider: 'none' },
      encryption: { current: { key: new Uint8Array(32).fill(7) }, old: [] },
      mode: 'live',
      port: 3000,
      databasePath: './data/haven.sqlite',
      inboxLanguage: 'en',
      logLevel: 'info',
      telegram: {
        token: LIVE.TELEGRAM_BOT_TOKEN,
        webhookSecret: undefined,
        apiRoot: 'https://api.telegram.org',
        delivery: { kind: 'polling' },
      },
      slack: {
        botToken: LIVE.SLACK_BOT_TOKEN,
        signingSecret: LIVE.SLACK_SIGNING_SECRET,
        apiUrl: 'https://slack.com/api/',
        appToken: undefined,
        inboxChannel: 'C0123ABCD',
      },
    });
  });

  it('reads every optional variable in live mode', () => {
    const config = parseConfig({
      ...LIVE,
      PORT: '8443',
      DATABASE_PATH: '/srv/haven.sqlite',
      INBOX_LANGUAGE: 'nl',
      LOG_LEVEL: 'warn',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      SLACK_API_URL: 'http://127.0.0.1:9000/api',
    });

    expect(config).toMatchObject({
      mode: 'live',
      port: 8443,
      databasePath: '/srv/haven.sqlite',
      inboxLanguage: 'nl',
      logLevel: 'warn',
    });
    expect(config.telegram.apiRoot).toBe('http://127.0.0.1:8081');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9000/api/');
  });

  it('treats blank optional variables as unset', () => {
    const config = parseConfig({ ...LIVE, PUBLIC_URL: '  ', SLACK_APP_TOKEN: '', TELEGRAM_API_ROOT: '' });

    expect(config.telegram.delivery).toEqual({ kind: 'polling' });
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.slack.appToken).toBeUndefined();
  });

  it('listens on 3000 when PORT is present but blank, as in a copied .env.example', () => {
    expect(parseConfig({ PORT: '' }).port).toBe(3000);
    expect(parseConfig({ ...LIVE, PORT: ' ' }).port).toBe(3000);
  });

  it('uses a webhook at PUBLIC_URL/telegram/webhook when PUBLIC_URL is set', () => {
    const config = parseConfig({
      ...LIVE,
      PUBLIC_URL: 'https://haven.example.org/',
      TELEGRAM_WEBHOOK_SECRET: 'a-secret_123',
    });

    expect(config.telegram.delivery).toEqual({
      kind: 'webhook',
      url: 'https://haven.example.org/telegram/webhook',
    });
    expect(config.telegram.webhookSecret).toBe('a-secret_123');
  });

  it('requires TELEGRAM_WEBHOOK_SECRET with PUBLIC_URL', () => {
    const problems = problemsOf({ ...LIVE, PUBLIC_URL: 'https://haven.example.org' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET is missing \(required when PUBLIC_URL is set\): .*openssl/,
    );
  });

  it('lists every missing variable at once, each with where to find it', () => {
    const problems = problemsOf({
      TELEGRAM_BOT_TOKEN: LIVE.TELEGRAM_BOT_TOKEN,
      SLACK_BOT_TOKEN: LIVE.SLACK_BOT_TOKEN,
    });

    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^SLACK_INBOX_CHANNEL is missing: .*View channel details/);
    expect(problems[1]).toMatch(/^SLACK_SIGNING_SECRET is missing: .*Basic Information/);
    expect(problems[2]).toMatch(/^HAVEN_ENCRYPTION_KEY is missing: .*openssl rand -base64 32/);
  });

  it('explains the whole problem in the error message an admin reads', () => {
    expect(() => parseConfig({ ...LIVE, SLACK_INBOX_CHANNEL: undefined })).toThrow(
      /1 configuration problem\(s\)\n {2}- SLACK_INBOX_CHANNEL is missing/,
    );
  });

  it('names the Slack token when only the Telegram token is set', () => {
    const { SLACK_BOT_TOKEN: _, ...withoutSlack } = LIVE;
    const problems = problemsOf(withoutSlack);

    expect(problems).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is missing: .*xoxb-/)]);
  });

  it('names the Telegram token when only the Slack token is set', () => {
    const { TELEGRAM_BOT_TOKEN: _, ...withoutTelegram } = LIVE;
    const problems = problemsOf(withoutTelegram);

    expect(problems).toEqual([expect.stringMatching(/^TELEGRAM_BOT_TOKEN is missing: .*@BotFather/)]);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['SLACK_INBOX_CHANNEL', '#general'],
    ['TELEGRAM_WEBHOOK_SECRET', 'two words'],
    ['TELEGRAM_BOT_TOKEN', 'not-a-token'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token'],
    ['SLACK_APP_TOKEN', 'xoxb-wrong-kind'],
    ['PUBLIC_URL', 'haven.example.org'],
    ['SLACK_API_URL', 'ftp://slack.example'],
    ['INBOX_LANGUAGE', 'ro'],
    ['LOG_LEVEL', 'verbose'],
    ['HAVEN_REMINDER_MINUTES', 'half an hour'],
    ['HAVEN_REMINDER_MINUTES', '-5'],
  ])('rejects %s=%j, naming the variable', (variable, value) => {
    const problems = problemsOf({ ...LIVE, [variable]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable} is invalid \\(.+\\): .+`));
  });

  it('reports malformed values before it decides between sandbox and live', () => {
    const problems = problemsOf({ PORT: 'abc', SLACK_INBOX_CHANNEL: '#general' });

    expect(problems.map((problem) => problem.split(' ')[0])).toEqual(['PORT', 'SLACK_INBOX_CHANNEL']);
  });

  it('does not ask for the signing secret in Socket Mode', () => {
    const { SLACK_SIGNING_SECRET: _, ...withoutSecret } = LIVE;
    const config = parseConfig({ ...withoutSecret, SLACK_APP_TOKEN: 'xapp-1-A0-test' });

    expect(config.mode).toBe('live');
    expect(config.slack.appToken).toBe('xapp-1-A0-test');
    expect(config.slack.signingSecret).toBe('');
  });

  it('still asks for the signing secret without an app token', () => {
    const { SLACK_SIGNING_SECRET: _, ...withoutSecret } = LIVE;

    expect(problemsOf(withoutSecret)).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/)]);
  });

  it('adds the trailing slash the Slack client needs to SLACK_API_URL', () => {
    expect(parseConfig({ ...LIVE, SLACK_API_URL: 'https://slack.example/api' }).slack.apiUrl).toBe(
      'https://slack.example/api/',
    );
    expect(parseConfig({ ...LIVE, SLACK_API_URL: 'https://slack.example/api/' }).slack.apiUrl).toBe(
      'https://slack.example/api/',
    );
  });

  it('trims surrounding whitespace from values pasted into the environment', () => {
    const config = parseConfig({
      ...LIVE,
      SLACK_INBOX_CHANNEL: ' C0123ABCD\n',
      SLACK_BOT_TOKEN: ' xoxb-1-2 ',
    });

    expect(config.slack.inboxChannel).toBe('C0123ABCD');
    expect(config.slack.botToken).toBe('xoxb-1-2');
  });
});
