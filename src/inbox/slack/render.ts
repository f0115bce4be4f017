import type { KnownBlock } from '@slack/web-api';
import type { Conversation, StoredMessage, Texts } from '../../core/index.js';
import { escapeMrkdwn, splitText } from './mrkdwn.js';
import { renderContent } from './render-attachment.js';

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
  const t = (key: string, values?: Record<string, unknown>) => texts.t(inboxLanguage, `inbox:${key}`, values);
  const label = labelOf(conversation, message, t);
  if (message.kind === 'action') {
    // A case-log line is Haven's own words around a caseworker mention (<@U…>), never anything a person
    // wrote: the one place a thread line is mrkdwn, so the mention shows as a name.
    const line = message.inboxText ?? '';
    return { text: line, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: line }] }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: `*${escapeMrkdwn(label)}*` }] },
  ];
  const lines: string[] = [];
  // A photo, a place, a sticker…: what it is, before (or instead of) its caption.
  const content =
    message.author === 'person' && !OWN_KINDS.has(message.kind) ? renderContent(message, t) : undefined;
  if (content) {
    blocks.push(...content.blocks);
    lines.push(...content.lines);
  }
  const shown = content?.showBody === false ? '' : (message.inboxText ?? message.body);
  if (shown !== '') {
    for (const piece of splitText(shown, SECTION_LIMIT)) {
      blocks.push({ type: 'section', text: { type: 'plain_text', text: piece, emoji: false } });
    }
    lines.push(escapeMrkdwn(shown));
  }
  // An urgent case alerts everyone in the channel once; this mention is Haven's own, never the person's.
  // A reminder pings whoever took the case, or everyone when nobody did.
  const mention =
    message.kind === 'alert'
      ? '<!here> '
      : message.kind === 'reminder'
        ? `${conversation.assignee ? `<@${conversation.assignee}>` : '<!here>'} `
        : '';
  return { text: `${mention}${escapeMrkdwn(label)}: ${lines.join('\n')}`, blocks };
}

/** Kinds the inbox shows in words; any other kind from a person is a photo, voice message and so on. */
const OWN_KINDS = new Set(['text', 'button', 'command', 'edit']);

function labelOf(
  conversation: Conversation,
  message: StoredMessage,
  t: (key: string, values?: Record<string, unknown>) => string,
): string {
  if (message.author === 'person') {
    const who = t('fromPerson', { language: conversation.language });
    if (message.kind === 'button') return `${who} · ${t('tapped')}`;
    if (message.kind === 'command') return `${who} · ${t('command')}`;
    if (message.kind === 'edit') return `${who} · ${t('edited')}`;
    return who;
  }
  if (message.author === 'caseworker') return t('fromCaseworker');
  if (message.kind === 'text') return t('fromHaven');
  return t(`noticeLabel.${message.kind}`);
}
