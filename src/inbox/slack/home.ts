import type { HomeView, KnownBlock } from '@slack/web-api';
import { caseAlias } from '../../core/inbox/alias.js';
import type { Texts } from '../../core/index.js';
import { type InboxWords, inboxWords } from './card-text.js';
import { escapeMrkdwn, userMention } from './mrkdwn.js';
import { slackThreadLink } from './thread-link.js';

/** One open case in the Home tab's list. */
export interface HomeCase {
  id: number;
  status: string;
  urgent: string | null;
  language: string;
  assignee: string | null;
  inboxChannel: string;
  inboxThread: string | null;
}

/** One open case: its alias (a link to its thread), status, language and assignee. */
function caseLine(open: HomeCase, words: InboxWords): string {
  const alias = escapeMrkdwn(caseAlias(open.id));
  const link = open.inboxThread ? slackThreadLink(open.inboxChannel, open.inboxThread) : undefined;
  const name = link ? `<${link}|${alias}>` : alias;
  const who = (open.assignee && userMention(open.assignee)) || words.t('card:home.unassigned');
  const urgent = open.urgent ? '🚨 ' : '';
  return `${urgent}${name} · ${words.label('card:status', open.status)} · ${escapeMrkdwn(open.language)} · ${who}`;
}

/** The groups of the list, in order: urgent cases whatever their status, then the rest by status. */
const GROUPS = ['urgent', 'new', 'open', 'waiting'] as const;

/** Slack's limit for a section's text. */
const SECTION_TEXT_LIMIT = 3000;

/**
 * The open cases, grouped: urgent ones first, then new, open, and waiting for the person, each line a link
 * to the case's thread. The Home tab and `/haven cases` show the same list. A long group continues in
 * another section rather than pass Slack's limit for one.
 */
export function openCaseBlocks(cases: readonly HomeCase[], words: InboxWords): KnownBlock[] {
  if (cases.length === 0) {
    return [{ type: 'context', elements: [{ type: 'mrkdwn', text: words.t('card:home.noCases') }] }];
  }
  const groupOf = (open: HomeCase) =>
    open.urgent ? 'urgent' : (GROUPS.find((group) => group === open.status) ?? 'open');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${words.t('card:home.openCases')}*` } },
  ];
  for (const group of GROUPS) {
    const lines = cases.filter((open) => groupOf(open) === group).map((open) => caseLine(open, words));
    if (lines.length === 0) continue;
    let text = `*${escapeMrkdwn(words.t(`card:home.group.${group}`))}*`;
    for (const line of lines) {
      if (text.length + 1 + line.length > SECTION_TEXT_LIMIT) {
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
        text = line;
      } else {
        text = `${text}\n${line}`;
      }
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  return blocks;
}

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
  /** Open cases to list above the guide, with links to their threads. */
  cases?: HomeCase[];
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
      ...(input.cases ? [...openCaseBlocks(input.cases, words), { type: 'divider' as const }] : []),
      paragraph('cases'),
      paragraph(`replying.${input.replyMode ?? 'either'}`, { haven }),
      paragraph('notes'),
      { type: 'context', elements: [{ type: 'mrkdwn', text: words.t('card:home.marks') }] },
      paragraph('buttons'),
      paragraph('information'),
      { type: 'divider' },
      paragraph('safety'),
    ],
  };
}
