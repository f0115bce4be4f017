import { describe, expect, it } from 'vitest';
import { stripLeadingMention, userMention } from '../../src/inbox/slack/mrkdwn.js';

const HAVEN = 'U0HAVENBOT';

describe('stripLeadingMention', () => {
  it.each([
    ['<@U0HAVENBOT> We can meet tomorrow', 'We can meet tomorrow'],
    ['<@U0HAVENBOT|haven>: We can meet', 'We can meet'],
    ['  <@U0HAVENBOT>,   hello', 'hello'],
    ['<@U0HAVENBOT>\nfirst line\nsecond', 'first line\nsecond'],
  ])('takes Haven’s mention off the start of %j', (text, rest) => {
    expect(stripLeadingMention(text, HAVEN)).toEqual({ text: rest, mentioned: true });
  });

  it.each([
    ['hello <@U0HAVENBOT>'],
    ['<@U0SOMEONE> can you take this?'],
    ['<!here> <@U0HAVENBOT> hello'],
    ['no mention at all'],
  ])('leaves %j as it is', (text) => {
    expect(stripLeadingMention(text, HAVEN)).toEqual({ text, mentioned: false });
  });

  it('recognises no mention while Haven’s own id is unknown', () => {
    expect(stripLeadingMention('<@U0HAVENBOT> hi', undefined)).toEqual({
      text: '<@U0HAVENBOT> hi',
      mentioned: false,
    });
  });
});

describe('userMention', () => {
  it('mentions Slack users only', () => {
    expect(userMention('U0CASEWORKER')).toBe('<@U0CASEWORKER>');
    expect(userMention('W0GRIDUSER')).toBe('<@W0GRIDUSER>');
    expect(userMention('<!channel>')).toBeUndefined();
    expect(userMention('u0lower')).toBeUndefined();
    expect(userMention('')).toBeUndefined();
  });
});
