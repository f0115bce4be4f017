import type { SlackMessage } from '../../../src/sandbox/index.js';
import { INBOX, type Stack } from '../../support/stack.js';

/** The inbox as caseworkers see it in the fake Slack: case threads and the words in them. */
export function slackView(stack: () => Stack) {
  const parents = () =>
    stack()
      .slack.messages(INBOX)
      .filter((message) => !message.thread_ts || message.thread_ts === message.ts);
  const replies = (parentTs: string) => stack().slack.thread(INBOX, parentTs).slice(1);
  /** The readable words of a thread message: its plain_text sections, else its text. */
  const words = (message: SlackMessage) => {
    const sections = (message.blocks ?? [])
      .map((block) => (block as { text?: { type: string; text: string } }).text)
      .filter((text) => text?.type === 'plain_text')
      .map((text) => text!.text);
    return sections.length > 0 ? sections.join('') : message.text;
  };
  /** The words of every reply in the thread of the case whose first message was `first`. */
  const threadOf = (first: string) => {
    for (const parent of parents()) {
      const lines = replies(parent.ts).map(words);
      if (lines[0] === first) return { parent, lines, replies: replies(parent.ts) };
    }
    return undefined;
  };
  return { parents, replies, words, threadOf };
}
