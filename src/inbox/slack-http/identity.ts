import type { SlackWebApi } from './web-api.js';

/**
 * Haven's own Slack user id (what a mention of Haven names), from the configuration when given, else
 * asked of Slack (auth.test) when first needed and kept for the life of the isolate. Only the answer is
 * kept, never a pending call: on Workers a promise must not be shared between requests. A failed lookup
 * fails the request at hand, so Slack resends the event and the next request asks again.
 */
export function slackIdentity(api: SlackWebApi, known?: string): () => Promise<string> {
  let botUserId = known;
  return async () => {
    if (botUserId) return botUserId;
    const answer = await api.call('auth.test');
    if (typeof answer.user_id !== 'string' || answer.user_id === '') {
      throw new Error('auth.test returned no user_id');
    }
    botUserId = answer.user_id;
    return botUserId;
  };
}
