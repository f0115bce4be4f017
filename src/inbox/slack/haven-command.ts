import type { KnownBlock } from '@slack/web-api';
import { caseAlias } from '../../core/inbox/alias.js';
import {
  CANNED_REPLIES,
  type CannedReplyInput,
  type CannedReplyOutcome,
  type Logger,
  type Texts,
} from '../../core/index.js';
import { type InboxWords, inboxWords } from './card-text.js';
import { type HomeCase, openCaseBlocks } from './home.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { slackThreadLink } from './thread-link.js';

/** The slash command, as the Slack app manifest (slack/manifest.yaml) declares it. */
export const HAVEN_COMMAND = '/haven';

/** What `/haven …` asks for, read from the text typed after the command. */
export type HavenRequest =
  | { kind: 'help' }
  | { kind: 'cases' }
  | { kind: 'send'; caseNumber: number; reply: string }
  | { kind: 'send-usage' }
  | { kind: 'unknown'; text: string };

/**
 * `help` (or nothing), `cases`, or `send <case> <information>` where the case may be written 12, 0012 or
 * #12. Case and spacing do not matter.
 */
export function parseHavenCommand(text: string): HavenRequest {
  const [verb = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'cases':
      return { kind: 'cases' };
    case 'send': {
      const [caseRef, reply, ...extra] = rest;
      const caseNumber = Number(/^#?(\d{1,9})$/.exec(caseRef ?? '')?.[1]);
      if (!reply || extra.length > 0 || !Number.isSafeInteger(caseNumber) || caseNumber <= 0) {
        return { kind: 'send-usage' };
      }
      return { kind: 'send', caseNumber, reply: reply.toLowerCase() };
    }
    default:
      return { kind: 'unknown', text: text.trim() };
  }
}

/** A slash command as both Slack adapters receive it. */
export interface HavenCommandInput {
  /** What was typed after `/haven`. */
  text: string;
  userId: string;
  /** Unique per invocation (Slack's trigger_id), so the same command stored twice sends once. */
  invocationId: string;
}

export interface HavenCommandDeps {
  texts: Texts;
  inboxLanguage: string;
  /** SLACK_CASEWORKERS; empty or absent: everyone in the workspace may use the command. */
  caseworkers?: ReadonlySet<string>;
  /** The open cases, as the App Home tab lists them. */
  openCases?: () => Promise<HomeCase[]>;
  sendCannedReply(input: CannedReplyInput): Promise<CannedReplyOutcome>;
  logger: Logger;
}

/** The immediate answer to a slash command: only the caseworker who typed it sees it. */
export interface HavenCommandAnswer {
  response_type: 'ephemeral';
  text: string;
  blocks?: KnownBlock[];
}

/**
 * What `/haven` answers, the same on Node (Bolt) and Workers. Whatever it sends is stored by the core
 * before the answer goes back, which takes milliseconds, well inside Slack's three seconds. Nothing here
 * echoes a person's words: the list holds case numbers, statuses and languages, and the thread links.
 */
export async function answerHavenCommand(
  input: HavenCommandInput,
  deps: HavenCommandDeps,
): Promise<HavenCommandAnswer> {
  const words = inboxWords(deps.texts, deps.inboxLanguage);
  const line = mrkdwnLine(words);
  const say = (text: string, blocks?: KnownBlock[]): HavenCommandAnswer => ({
    response_type: 'ephemeral',
    text,
    ...(blocks ? { blocks } : {}),
  });
  if (deps.caseworkers && deps.caseworkers.size > 0 && !deps.caseworkers.has(input.userId)) {
    deps.logger.info({}, 'a /haven command from someone not on the caseworker list was refused');
    return say(line('card:refusal.notAllowed'));
  }
  const request = parseHavenCommand(input.text);
  const replies = replyList(words);
  switch (request.kind) {
    case 'help':
      return say(line('card:command.help', { replies }));
    case 'unknown':
      return say(
        `${line('card:command.unknown', { text: request.text })}\n\n${line('card:command.help', { replies })}`,
      );
    case 'send-usage':
      return say(line('card:command.sendUsage', { replies }));
    case 'cases': {
      const blocks = openCaseBlocks((await deps.openCases?.()) ?? [], words);
      return say(line('card:home.openCases'), blocks);
    }
    case 'send':
      return say(await send(request, input, deps, words, replies));
  }
}

async function send(
  request: Extract<HavenRequest, { kind: 'send' }>,
  input: HavenCommandInput,
  deps: HavenCommandDeps,
  words: InboxWords,
  replies: string,
): Promise<string> {
  const line = mrkdwnLine(words);
  let outcome: CannedReplyOutcome;
  try {
    outcome = await deps.sendCannedReply({
      eventKey: `command:${input.userId}:${input.invocationId}`,
      target: { caseNumber: request.caseNumber },
      actor: input.userId,
      reply: request.reply,
    });
  } catch (error) {
    deps.logger.error({ err: (error as Error).name }, 'a canned reply from /haven could not be stored');
    return line('card:command.failed');
  }
  deps.logger.info({ case: request.caseNumber, outcome: outcome.outcome }, '/haven send handled');
  switch (outcome.outcome) {
    case 'unknown_reply':
      return line('card:command.unknownReply', { reply: request.reply, replies });
    case 'unknown_case':
      return line('card:command.unknownCase', { number: request.caseNumber });
    case 'duplicate':
      return line('card:command.duplicate');
    case 'sent':
    case 'not_safe': {
      const values = {
        case: caseAlias(outcome.caseNumber),
        reply: words.t(`card:canned.label.${request.reply}`),
      };
      const said = line(outcome.outcome === 'sent' ? 'card:command.sent' : 'card:command.notSafe', values);
      const link = outcome.inboxThread && slackThreadLink(outcome.inboxChannel, outcome.inboxThread);
      // The one piece of markup Haven adds itself: a link to the case's thread.
      return link ? `${said} <${link}|${line('card:command.thread')}>` : said;
    }
  }
}

/** "`address` Address and opening hours · `services` …": what can be typed after the case number. */
function replyList(words: InboxWords): string {
  return CANNED_REPLIES.map((reply) => `\`${reply.id}\` ${words.t(`card:canned.label.${reply.id}`)}`).join(
    ' · ',
  );
}

/**
 * A line in the inbox language as mrkdwn: escaped whole, after what was typed is put in, so neither the
 * texts' own "<case number>" nor anything a caseworker typed can become a link or a mention. Bold and
 * code marks stay.
 */
function mrkdwnLine(words: InboxWords) {
  return (key: string, values?: Record<string, unknown>) => escapeMrkdwn(words.t(key, values));
}
