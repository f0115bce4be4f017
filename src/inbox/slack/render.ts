import type { KnownBlock } from '@slack/web-api';
import type { Conversation, StoredMessage, Texts } from '../../core/index.js';
import { escapeMrkdwn, splitText } from './mrkdwn.js';

/** Slack's limit for a plain_text section. */
const SECTION_LIMIT = 3000;

export interface SlackMessageContent {
  text: string;
  blocks: KnownBlock[];
}

/** The parent message of a case's thread. */
export function renderThreadParent(conversation: Conversation, texts: Texts, inboxLanguage: string) {
  return {
    text: texts.t(inboxLanguage, 'inbox:newConversation', {
      caseNumber: conversation.id,
      language: conversation.language,
    }),
  };
}

/**
 * A message in the case's thread. What the person (or anyone but Haven) wrote goes in plain_text
 * sections, where Slack applies no formatting, links or mentions at all; the notification text carries
 * the same words escaped.
 */
export function renderThreadMessage(
  conversation: Conversation,
  message: StoredMessage,
  texts: Texts,
  inboxLanguage: string,
): SlackMessageContent {
  const label =
    message.author === 'haven'
      ? texts.t(inboxLanguage, 'inbox:fromHaven')
      : texts.t(inboxLanguage, 'inbox:fromPerson', { language: conversation.language });
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: `*${escapeMrkdwn(label)}*` }] },
  ];
  const lines: string[] = [];
  if (message.kind !== 'text') {
    const notice = texts.t(inboxLanguage, 'inbox:unsupportedContent', { kind: message.kind });
    blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: notice }] });
    lines.push(notice);
  }
  if (message.body !== '') {
    for (const piece of splitText(message.body, SECTION_LIMIT)) {
      blocks.push({ type: 'section', text: { type: 'plain_text', text: piece, emoji: false } });
    }
    lines.push(escapeMrkdwn(message.body));
  }
  return { text: `${escapeMrkdwn(label)}: ${lines.join('\n')}`, blocks };
}
