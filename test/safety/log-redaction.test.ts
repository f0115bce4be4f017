import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

/** The second lock: what a careless log call would write if it handed the logger a platform object. */
describe('log redaction', () => {
  function capture() {
    const lines: string[] = [];
    const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
    return { logger, read: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('removes a whole Telegram update, callback query or shared contact', () => {
    const { logger, read } = capture();
    const message = {
      message_id: 1,
      chat: { id: 5, type: 'private', first_name: 'Ana' },
      from: { id: 5, first_name: 'Ana', username: 'ana_k' },
      contact: { phone_number: '+32470000000', first_name: 'Ana' },
    };
    logger.debug({ update: { update_id: 1, message } }, 'update');
    logger.debug({ callback_query: { data: 'x', from: message.from } }, 'tap');
    logger.debug({ contact: message.contact }, 'contact');
    expect(read().map((line) => [line.update, line.callback_query, line.contact])).toEqual([
      ['[redacted]', undefined, undefined],
      [undefined, '[redacted]', undefined],
      [undefined, undefined, '[redacted]'],
    ]);
  });

  it('removes names, usernames, phone numbers and texts one level down, and keeps ids', () => {
    const { logger, read } = capture();
    logger.info(
      {
        from: { id: 7, first_name: 'Ana', last_name: 'K', username: 'ana_k', language_code: 'ro' },
        reply: { text: 'Bună', phone_number: '+40 700 000 000' },
        user: { id: 'U1', real_name: 'Case Worker', display_name: 'cw', user_name: 'cw1' },
      },
      'fields',
    );
    expect(read()[0]).toMatchObject({
      from: {
        id: 7,
        first_name: '[redacted]',
        last_name: '[redacted]',
        username: '[redacted]',
        language_code: 'ro',
      },
      reply: { text: '[redacted]', phone_number: '[redacted]' },
      user: { id: 'U1', real_name: '[redacted]', display_name: '[redacted]', user_name: '[redacted]' },
    });
  });

  it('removes Slack events, interaction payloads, views and blocks', () => {
    const { logger, read } = capture();
    logger.warn(
      {
        event: { type: 'message', text: 'reply' },
        body: { payload: '{}' },
        detail: { view: { blocks: [] }, blocks: [{ type: 'section' }] },
      },
      'slack',
    );
    expect(read()[0]).toMatchObject({
      event: '[redacted]',
      body: '[redacted]',
      detail: { view: '[redacted]', blocks: '[redacted]' },
    });
  });

  it('removes Telegram and Slack tokens from inside any string, such as a Bot API URL', () => {
    const { logger, read } = capture();
    const telegram = '123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
    logger.error(
      {
        err: { message: `request to https://api.telegram.org/bot${telegram}/sendMessage failed` },
        slack: 'xoxb-1234-5678-abcdefABCDEF and xapp-1-A0-123-abc',
      },
      `calling /bot${telegram}/getMe`,
    );
    const line = read()[0]!;
    expect(JSON.stringify(line)).not.toMatch(/AAHfiqks|xoxb-1234|xapp-1-A0/);
    expect(line.msg).toBe('calling /bot[redacted]/getMe');
    expect(line.slack).toBe('[redacted] and [redacted]');
    // An error's own description is kept (minus the token): it is what an admin needs to fix things.
    expect((line.err as { message: string }).message).toContain('/sendMessage failed');
  });
});
