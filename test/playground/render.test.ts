import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/sandbox/index.js';
import { threadsOfPeople } from '../../src/sandbox/playground/person-threads.js';
import { renderBlocks } from '../../src/sandbox/playground/render/block-kit.js';
import { mrkdwnToHtml } from '../../src/sandbox/playground/render/mrkdwn.js';
import { readableText } from '../../src/sandbox/playground/render/telegram-text.js';

describe('Slack mrkdwn in the inbox pane', () => {
  it('formats bold, italic, strike and code, and leaves code alone', () => {
    expect(mrkdwnToHtml('*Case 12* is _new_, ~old~ `*raw*`').value).toBe(
      '<b>Case 12</b> is <i>new</i>, <s>old</s> <code>*raw*</code>',
    );
  });

  it('turns web links and mentions into what Slack shows, and other links into text', () => {
    expect(mrkdwnToHtml('see <https://payoke.be/?a=1&amp;b=2|Payoke> <@U0CW> <!here>').value).toBe(
      'see <a href="https://payoke.be/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">Payoke</a> <span class="sl-mention">@U0CW</span> <span class="sl-mention">@here</span>',
    );
    expect(mrkdwnToHtml('<javascript:alert(1)|x>').value).toBe('&lt;javascript:alert(1)|x&gt;');
  });

  it('decodes Slack’s escapes once and escapes again for HTML', () => {
    expect(mrkdwnToHtml('a &lt;b&gt; &amp;amp; "c"').value).toBe('a &lt;b&gt; &amp;amp; &quot;c&quot;');
  });
});

describe('Block Kit in the inbox pane', () => {
  it('names blocks it cannot draw instead of dropping them, and shows images by alt text only', () => {
    const markup = renderBlocks(
      [
        { type: 'video', title: { type: 'plain_text', text: 'x' } },
        { type: 'image', image_url: 'https://example.org/a.png', alt_text: 'a map' },
        {
          type: 'actions',
          elements: [{ type: 'static_select', placeholder: { type: 'plain_text', text: 'Assign to' } }],
        },
      ],
      { channel: 'C1', ts: '1.1' },
    ).value;
    expect(markup).toContain('[video block]');
    expect(markup).toContain('a map');
    expect(markup).not.toContain('example.org');
    expect(markup).toContain('Assign to');
    expect(markup).not.toContain('data-action="press"');
  });
});

describe('bot text on the phone', () => {
  it('shows HTML and MarkdownV2 messages as the words the person reads', () => {
    expect(readableText('Call <b>112</b><br>now &amp; here &lt;3', 'HTML')).toBe('Call 112\nnow & here <3');
    expect(readableText('Call *112* now\\. 1\\+1', 'MarkdownV2')).toBe('Call 112 now. 1+1');
    expect(readableText('plain *stays*', undefined)).toBe('plain *stays*');
  });
});

describe('recognising whose case thread it is', () => {
  const reply = (thread: string, ts: string, text: string): SlackMessage => ({
    ts,
    thread_ts: thread,
    text: `Person: ${text}`,
    blocks: [{ type: 'section', text: { type: 'plain_text', text } }],
    reactions: [],
  });

  it('matches threads to the people whose words are in them', () => {
    const messages: SlackMessage[] = [
      { ts: '1.0', text: 'New conversation · #1', reactions: [] },
      reply('1.0', '1.1', 'my boss keeps my passport'),
      { ts: '2.0', text: 'New conversation · #2', reactions: [] },
      reply('2.0', '2.1', 'hello'),
      reply('2.0', '2.2', 'I saw something  at\nthe car wash'),
    ];
    const people = [
      { chatId: 1, messages: [{ text: 'hello' }, { text: 'my boss keeps my passport' }] },
      { chatId: 2, messages: [{ text: 'hello' }, { text: 'I saw something at the car wash' }] },
    ];
    expect(threadsOfPeople(messages, people)).toEqual(
      new Map([
        ['1.0', 1],
        ['2.0', 2],
      ]),
    );
  });
});
