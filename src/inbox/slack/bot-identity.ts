import type { WebClient } from '@slack/web-api';

/** Haven's own identity in the workspace: its user id (what a mention of Haven names) and bot id. */
export interface BotIdentity {
  botUserId: string;
  botId: string | undefined;
}

/**
 * Haven's identity, from the configuration when given, else asked of Slack once (auth.test) and kept.
 * A failed lookup is not kept: the next request asks again, so a Slack outage at start-up heals itself.
 */
export function botIdentity(
  client: WebClient,
  known: { botUserId?: string; botId?: string },
): () => Promise<BotIdentity> {
  if (known.botUserId) {
    const fixed = Promise.resolve({ botUserId: known.botUserId, botId: known.botId });
    return () => fixed;
  }
  let pending: Promise<BotIdentity> | undefined;
  const lookUp = async (): Promise<BotIdentity> => {
    try {
      const result = await client.auth.test();
      if (!result.user_id) throw new Error('auth.test returned no user_id');
      return { botUserId: result.user_id, botId: result.bot_id };
    } catch (error) {
      pending = undefined;
      throw error;
    }
  };
  return () => {
    pending ??= lookUp();
    return pending;
  };
}
