import type { HomeView } from '@slack/web-api';
import { caseAlias } from '../../core/inbox/alias.js';
import type { Texts } from '../../core/index.js';
import { inboxWords } from './card-text.js';
import { escapeMrkdwn, userMention } from './mrkdwn.js';

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

/** Slack's permalink form for a message: /archives/<channel>/p<ts without the dot>. */
function threadLink(channel: string, ts: string): string {
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

/** The open cases, urgent first: alias, status, language, assignee, each a link to its thread. */
function caseList(cases: HomeCase[] | undefined, words: ReturnType<typeof inboxWords>) {
  if (cases === undefined) return [];
  if (cases.length === 0) {
    return [
      {
        type: 'context' as const,
        elements: [{ type: 'mrkdwn' as const, text: words.t('card:home.noCases') }],
      },
    ];
  }
  const lines = cases.map((open) => {
    const alias = escapeMrkdwn(caseAlias(open.id));
    const name =
      open.inboxThread && /^[CG][A-Z0-9]+$/.test(open.inboxChannel) && /^\d+\.\d+$/.test(open.inboxThread)
        ? `<${threadLink(open.inboxChannel, open.inboxThread)}|${alias}>`
        : alias;
    const who = (open.assignee && userMention(open.assignee)) || words.t('card:home.unassigned');
    const urgent = open.urgent ? '🚨 ' : '';
    return `${urgent}${name} · ${words.label('card:status', open.status)} · ${escapeMrkdwn(open.language)} · ${who}`;
  });
  return [
    {
      type: 'section' as const,
      text: { type: 'mrkdwn' as const, text: `*${words.t('card:home.openCases')}*\n${lines.join('\n')}` },
    },
    { type: 'divider' as const },
  ];
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
      ...caseList(input.cases, words),
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
