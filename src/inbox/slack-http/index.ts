import type { Context } from 'hono';
import type { Inbox, Logger, Relay, Texts } from '../../core/index.js';
import { cannedChoiceOf } from '../slack/canned-menu.js';
import { inboxWords } from '../slack/card-text.js';
import { GOODBYE_BLOCK, renderCloseModal } from '../slack/close-modal.js';
import { caseworkerEditFrom } from '../slack/edits.js';
import { HAVEN_COMMAND } from '../slack/haven-command.js';
import { type HomeCase, renderHome } from '../slack/home.js';
import {
  answerComposedReply,
  answerPreviewSent,
  composeAgain,
  type ReplyRelay,
} from '../slack/reply-dialog.js';
import { renderReplyCompose } from '../slack/reply-modal.js';
import { cannedHandlers } from './canned.js';
import { caseworkerReplyFrom, homeOpenedBy, isThreadReply } from './events.js';
import { SlackHttpInbox } from './http-inbox.js';
import { slackIdentity } from './identity.js';
import { type CardInteraction, cardInteractionOf } from './interactions.js';
import { isAuthenticSlackRequest } from './signature.js';
import { SlackWebApi } from './web-api.js';

export { caseworkerReplyFrom, homeOpenedBy, isThreadReply } from './events.js';
export { SlackHttpInbox } from './http-inbox.js';
export { type CardInteraction, cardInteractionOf } from './interactions.js';
export { constantTimeEqual, isAuthenticSlackRequest, MAX_CLOCK_SKEW_SECONDS } from './signature.js';
export { platformError, SlackCallError, SlackWebApi } from './web-api.js';

/*
 * Why this folder exists beside src/inbox/slack: Bolt does not run on Cloudflare Workers (it has no
 * Workers receiver, and @slack/web-api imports node:zlib and friends). The edge-native alternative,
 * slack-edge, has no base-URL option for its API client, so tests could reach the fake Slack only by
 * patching the global fetch. What Haven needs from Slack is small (a handful of Web API methods, the
 * signature check, url_verification, message and App Home events, the case card's buttons and its
 * modal), so it is written here over fetch and Web Crypto, with SLACK_API_URL honoured like everywhere
 * else, and shares every renderer and rule that does not depend on Bolt with src/inbox/slack.
 */

export interface SlackHttpAdapterOptions {
  botToken: string;
  signingSecret: string;
  /** The Web API base URL with a trailing slash (SLACK_API_URL). */
  apiUrl: string;
  /** Haven's own Slack user id (U…), when known; otherwise Slack is asked once (auth.test). */
  botUserId?: string;
  inboxChannel: string;
  inboxLanguage: string;
  relay: Pick<
    Relay,
    'acceptCaseworkerReply' | 'acceptCaseworkerAction' | 'acceptCaseworkerEdit' | 'acceptCannedReply'
  > &
    ReplyRelay;
  /** SLACK_CASEWORKERS: who may send prepared information and use /haven; absent: everyone. */
  caseworkers?: readonly string[];
  /** The open cases, for the App Home tab and `/haven cases`. */
  openCases?: () => Promise<HomeCase[]>;
  texts: Texts;
  logger: Logger;
}

export interface SlackHttpAdapter {
  inbox: Inbox;
  /** The Hono handler for POST /slack/events: events, interactivity and slash commands alike. */
  handleHttp(c: Context): Promise<Response>;
}

/**
 * Slack for runtimes without Node (Workers). Requests are verified with Web Crypto; whatever a caseworker
 * did (a thread reply, a click on the case card, the close modal) is stored through the core before Slack
 * gets its answer, so a failure to store makes Slack resend an event or show the click as failed.
 */
export function createSlackHttpAdapter(options: SlackHttpAdapterOptions): SlackHttpAdapter {
  const api = new SlackWebApi({ botToken: options.botToken, apiUrl: options.apiUrl });
  const identity = slackIdentity(api, options.botUserId);
  const inboxChannels = new Set([options.inboxChannel]);
  const { logger, relay, texts, inboxLanguage } = options;
  const caseworkers = new Set(options.caseworkers ?? []);
  /** SLACK_CASEWORKERS, as on Node: empty or absent means everyone in the inbox channel. */
  const allowed = (user: string) => caseworkers.size === 0 || caseworkers.has(user);

  const canned = cannedHandlers({
    api,
    relay,
    texts,
    inboxLanguage,
    caseworkers,
    ...(options.openCases ? { openCases: options.openCases } : {}),
    logger,
  });

  /** Tells someone not on the caseworker list, where they acted, that nothing happened. */
  async function refuse(target: { channel: string; user: string; threadTs?: string }): Promise<void> {
    try {
      await api.call('chat.postEphemeral', {
        channel: target.channel,
        user: target.user,
        text: inboxWords(texts, inboxLanguage).t('card:refusal.notAllowed'),
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
    } catch (error) {
      // Only an explanation: failing to show it changes nothing.
      logger.warn({ err: (error as Error).name, refusal: 'notAllowed' }, 'could not tell a caseworker why');
    }
  }

  async function handleEvent(envelope: Record<string, unknown>): Promise<void> {
    if (isThreadReply(envelope, inboxChannels)) {
      const reply = caseworkerReplyFrom(envelope, inboxChannels, await identity());
      if (!reply) return;
      if (reply.author && !allowed(reply.author)) {
        await refuse({ channel: reply.inboxChannel, user: reply.author, threadTs: reply.inboxThread });
        logger.info({}, 'a thread message from someone not on the caseworker list was not relayed');
        return;
      }
      const outcome = await relay.acceptCaseworkerReply(reply);
      logger.debug({ outcome, addressedToHaven: reply.addressedToHaven }, 'slack thread message handled');
      return;
    }
    const edit = caseworkerEditFrom(envelope, inboxChannels, await identity().catch(() => undefined));
    if (edit) {
      const outcome = await relay.acceptCaseworkerEdit(edit);
      logger.debug({ outcome, deleted: edit.text === undefined }, 'slack edit handled');
      return;
    }
    const homeUser = homeOpenedBy(envelope);
    if (homeUser) {
      try {
        const botUserId = await identity();
        await api.call('views.publish', {
          user_id: homeUser,
          view: renderHome({
            texts,
            inboxLanguage,
            botUserId,
            ...(options.openCases ? { cases: await options.openCases() } : {}),
          }),
        });
      } catch (error) {
        // The guide is shown again the next time the tab opens; nothing is lost.
        logger.warn({ err: (error as Error).name }, 'could not publish the Home tab');
      }
    }
  }

  /**
   * Answers an interaction; a body only where Slack reads one (a modal's next step, or its errors).
   * `afterwards` keeps work that finishes after the answer alive (Workers: waitUntil).
   */
  async function handleInteraction(
    payload: Record<string, unknown>,
    afterwards: (work: Promise<unknown>) => void,
  ): Promise<object | undefined> {
    const interaction = cardInteractionOf(payload, inboxChannels);
    const actor = (payload.user as { id?: string } | undefined)?.id ?? '';
    const where = interactionChannel(interaction);
    if (where && !allowed(actor)) {
      await refuse({ channel: where, user: actor });
      logger.info({}, 'a card interaction from someone not on the caseworker list changed nothing');
      return undefined;
    }
    const dialog = { relay, texts, inboxLanguage, logger };
    switch (interaction.kind) {
      case 'ignore':
        return undefined;
      case 'open-reply-dialog':
        await api.call('views.open', {
          trigger_id: interaction.triggerId,
          view: renderReplyCompose(interaction.target, dialog),
        });
        return undefined;
      case 'reply-preview': {
        const { answer, later } = await answerComposedReply(dialog, interaction.state, interaction.written);
        if (later) {
          afterwards(
            later
              .then((view) => api.call('views.update', { view_id: interaction.viewId, view }))
              // The caseworker closed the dialog meanwhile: nothing was sent, nothing is lost.
              .catch((error: unknown) =>
                logger.warn({ err: (error as Error).name }, 'could not show a reply preview'),
              ),
          );
        }
        return answer;
      }
      case 'reply-send':
        return answerPreviewSent(dialog, {
          viewId: interaction.viewId,
          author: interaction.actor,
          state: interaction.state,
        });
      case 'reply-back':
        try {
          await api.call('views.update', {
            view_id: interaction.viewId,
            ...(interaction.hash ? { hash: interaction.hash } : {}),
            view: composeAgain(dialog, interaction.state),
          });
        } catch (error) {
          // Closed meanwhile, or changed by another click (hash): nothing to do.
          logger.warn({ err: (error as Error).name }, 'could not show the reply dialog again');
        }
        return undefined;
      case 'open-close-modal':
        await api.call('views.open', {
          trigger_id: interaction.triggerId,
          view: renderCloseModal({
            target: interaction.target,
            caseNumber: interaction.caseNumber,
            texts,
            inboxLanguage,
          }),
        });
        return undefined;
      case 'action': {
        const outcome = await relay.acceptCaseworkerAction(interaction.input);
        logger.info({ action: interaction.input.action.type, outcome }, 'case card action handled');
        return undefined;
      }
      case 'close':
        try {
          const outcome = await relay.acceptCaseworkerAction(interaction.input);
          logger.info(
            { action: 'close', goodbye: interaction.input.action.goodbye, outcome },
            'case card action handled',
          );
          return undefined;
        } catch (error) {
          // The modal stays open with a reason, so the caseworker can simply try again.
          logger.error({ err: (error as Error).name }, 'closing a case failed');
          const failed = inboxWords(texts, inboxLanguage).t('card:closeModal.failed');
          return { response_action: 'errors', errors: { [GOODBYE_BLOCK]: failed } };
        }
    }
  }

  return {
    inbox: new SlackHttpInbox(api, texts, inboxLanguage),
    async handleHttp(c) {
      const rawBody = await c.req.text();
      const authentic = await isAuthenticSlackRequest(
        {
          signature: c.req.header('x-slack-signature'),
          timestamp: c.req.header('x-slack-request-timestamp'),
          rawBody,
        },
        options.signingSecret,
      );
      if (!authentic) {
        logger.warn({ route: 'slack' }, 'rejected a Slack request with a missing or bad signature');
        return c.json({ ok: false, error: 'invalid or stale Slack signature' }, 401);
      }
      const body = parseBody(rawBody, c.req.header('content-type'));
      if (!body) return c.json({ ok: false, error: 'unreadable request body' }, 400);
      if (body.ssl_check) return c.body(null, 200);
      if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
      if (body.type === 'event_callback') {
        await handleEvent(body);
        return c.body(null, 200);
      }
      if (typeof body.command === 'string') {
        // Another app's command sent here by mistake is acknowledged and changes nothing.
        return body.command === HAVEN_COMMAND ? c.json(await canned.command(body)) : c.body(null, 200);
      }
      const cannedChoice = cannedChoiceOf(body, inboxChannels);
      if (cannedChoice) {
        await canned.choice(cannedChoice);
        return c.body(null, 200);
      }
      const answer = await handleInteraction(body, (work) => keepAlive(c, work));
      // Other interactions without a handler: like Bolt without a listener, acknowledge.
      return answer ? c.json(answer) : c.body(null, 200);
    },
  };
}

/** Work that finishes after the answer: on Workers it must be handed to waitUntil, or it is cut off. */
function keepAlive(c: Context, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No ExecutionContext (Node, tests): the promise runs on by itself.
  }
}

/** Slack sends JSON (events) or form bodies (interactivity as `payload=<json>`, slash commands as fields). */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    if (contentType?.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      return payload ? JSON.parse(payload) : Object.fromEntries(form);
    }
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The inbox channel an interaction concerns; undefined for one Haven ignores anyway. */
function interactionChannel(interaction: CardInteraction): string | undefined {
  switch (interaction.kind) {
    case 'ignore':
      return undefined;
    case 'action':
    case 'close':
      return interaction.input.inboxChannel;
    case 'open-close-modal':
    case 'open-reply-dialog':
      return interaction.target.inboxChannel;
    case 'reply-preview':
    case 'reply-send':
    case 'reply-back':
      return interaction.state.inboxChannel;
  }
}
