import type { CannedReplyInput, CannedReplyOutcome, Logger, Texts } from '../../core/index.js';
import { inboxWords } from '../slack/card-text.js';
import { answerHavenCommand, type HavenCommandAnswer } from '../slack/haven-command.js';
import type { HomeCase } from '../slack/home.js';
import type { SlackWebApi } from './web-api.js';

export interface CannedDeps {
  api: SlackWebApi;
  relay: { acceptCannedReply(input: CannedReplyInput): Promise<CannedReplyOutcome> };
  texts: Texts;
  inboxLanguage: string;
  /** SLACK_CASEWORKERS; empty or absent: everyone in the inbox channel. */
  caseworkers: ReadonlySet<string>;
  openCases?: () => Promise<HomeCase[]>;
  logger: Logger;
}

/**
 * Prepared information for a person on Workers, by the same rules as src/inbox/slack/canned-listeners.ts:
 * the case card's "Send information…" menu and the `/haven` slash command.
 */
export function cannedHandlers(deps: CannedDeps) {
  const { api, relay, logger } = deps;
  const allowed = (user: string) => deps.caseworkers.size === 0 || deps.caseworkers.has(user);

  return {
    /** A choice in the card's menu: stored before Slack gets its answer; someone not on the list is told. */
    async choice(input: CannedReplyInput): Promise<void> {
      if (!allowed(input.actor)) {
        const channel = 'inboxChannel' in input.target ? input.target.inboxChannel : '';
        try {
          await api.call('chat.postEphemeral', {
            channel,
            user: input.actor,
            text: inboxWords(deps.texts, deps.inboxLanguage).t('card:refusal.notAllowed'),
          });
        } catch (error) {
          logger.warn(
            { err: (error as Error).name, refusal: 'notAllowed' },
            'could not tell a caseworker why',
          );
        }
        logger.info({}, 'a canned reply chosen by someone not on the caseworker list was not sent');
        return;
      }
      const { outcome } = await relay.acceptCannedReply(input);
      logger.info({ reply: input.reply, outcome }, 'canned reply from the case card handled');
    },

    /** A `/haven` slash command (form fields), answered in the HTTP response, seen only by its author. */
    command(fields: Record<string, unknown>): Promise<HavenCommandAnswer> {
      const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
      return answerHavenCommand(
        { text: field('text'), userId: field('user_id'), invocationId: field('trigger_id') },
        {
          texts: deps.texts,
          inboxLanguage: deps.inboxLanguage,
          caseworkers: deps.caseworkers,
          ...(deps.openCases ? { openCases: deps.openCases } : {}),
          sendCannedReply: (input) => relay.acceptCannedReply(input),
          logger,
        },
      );
    },
  };
}
