import type { HomeView } from '@slack/web-api';
import type { Texts } from '../../core/index.js';
import { inboxWords } from './card-text.js';
import { userMention } from './mrkdwn.js';

/** How caseworkers' thread messages reach the person (HAVEN_REPLY_MODE). */
export type ReplyMode = 'explicit' | 'auto';

/**
 * The App Home tab: how to answer a case, in the inbox language. Its mrkdwn is Haven's own text from the
 * locales; the only value put in is Haven's mention, built from a checked user id. Without a known reply
 * mode the guide explains both.
 */
export function renderHome(input: {
  texts: Texts;
  inboxLanguage: string;
  botUserId?: string;
  replyMode?: ReplyMode;
}): HomeView {
  const words = inboxWords(input.texts, input.inboxLanguage);
  const haven = (input.botUserId && userMention(input.botUserId)) || '@Haven';
  const paragraph = (key: string, values?: Record<string, unknown>) => ({
    type: 'section' as const,
    text: { type: 'mrkdwn' as const, text: words.t(`card:home.${key}`, values) },
  });
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: words.t('card:home.title'), emoji: true } },
      paragraph('cases'),
      paragraph(`replying.${input.replyMode ?? 'either'}`, { haven }),
      paragraph('notes'),
      { type: 'context', elements: [{ type: 'mrkdwn', text: words.t('card:home.marks') }] },
      paragraph('buttons'),
      { type: 'divider' },
      paragraph('safety'),
    ],
  };
}
