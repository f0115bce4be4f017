import type { Context } from 'hono';
import type { Inbox, Logger, Relay, Texts } from '../../core/index.js';
import { inboxWords } from '../slack/card-text.js';
import { GOODBYE_BLOCK, renderCloseModal } from '../slack/close-modal.js';
import { caseworkerEditFrom } from '../slack/edits.js';
import { renderHome } from '../slack/home.js';
import { caseworkerReplyFrom, homeOpenedBy, isThreadReply } from './events.js';
import { SlackHttpInbox } from './http-inbox.js';
import { slackIdentity } from './identity.js';
import { cardInteractionOf } from './interactions.js';
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
  relay: Pick<Relay, 'acceptCaseworkerReply' | 'acceptCaseworkerAction' | 'acceptCaseworkerEdit'>;
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

  async function handleEvent(envelope: Record<string, unknown>): Promise<void> {
    if (isThreadReply(envelope, inboxChannels)) {
      const reply = caseworkerReplyFrom(envelope, inboxChannels, await identity());
      if (!reply) return;
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
          view: renderHome({ texts, inboxLanguage, botUserId }),
        });
      } catch (error) {
        // The guide is shown again the next time the tab opens; nothing is lost.
        logger.warn({ err: (error as Error).name }, 'could not publish the Home tab');
      }
    }
  }

  /** Answers an interaction; a body only where Slack reads one (errors shown in the close modal). */
  async function handleInteraction(payload: Record<string, unknown>): Promise<object | undefined> {
    const interaction = cardInteractionOf(payload, inboxChannels);
    switch (interaction.kind) {
      case 'ignore':
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
      const answer = await handleInteraction(body);
      // Slash commands and other interactions have no handlers; like Bolt without a listener, acknowledge.
      return answer ? c.json(answer) : c.body(null, 200);
    },
  };
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
