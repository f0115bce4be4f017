import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../../core/index.js';

export interface FloodLimits {
  /** More than this many messages from one chat within `windowMs` is a flood. */
  limit: number;
  windowMs: number;
}

/**
 * Someone in distress may well send ten short messages in a row; more than that within twenty seconds is
 * faster than anyone can answer, and the flows would answer each of them.
 */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = { limit: 10, windowMs: 20_000 };

interface ChatActivity {
  /** When the chat's latest messages arrived, oldest first; at most limit + 1 are kept. */
  times: number[];
  /** Whether this flood was answered already. */
  answered: boolean;
}

/**
 * Counts messages per chat in memory. A flood starts when a chat goes over the limit and ends when the
 * chat has been quiet for a whole window; `record` says "answer it" once per flood.
 */
export class FloodCounter {
  readonly #chats = new Map<string, ChatActivity>();
  #lastSweep = 0;

  constructor(
    private readonly limits: FloodLimits,
    private readonly now: () => number,
  ) {}

  /** Records one message from `chatId`; true when it starts a flood that was not answered yet. */
  record(chatId: string): boolean {
    const now = this.now();
    const { limit, windowMs } = this.limits;
    this.#sweep(now);
    let activity = this.#chats.get(chatId);
    if (!activity || isQuiet(activity, now, windowMs)) {
      activity = { times: [], answered: false };
      this.#chats.set(chatId, activity);
    }
    activity.times.push(now);
    while (activity.times.length > 0 && activity.times[0]! <= now - windowMs) activity.times.shift();
    if (activity.times.length > limit + 1) activity.times.splice(0, activity.times.length - limit - 1);
    if (activity.times.length <= limit || activity.answered) return false;
    activity.answered = true;
    return true;
  }

  /** How many chats are being counted (for tests: quiet chats are forgotten). */
  get trackedChats(): number {
    return this.#chats.size;
  }

  /** Forgets chats that have been quiet for a window, at most once a window, so memory stays bounded. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.limits.windowMs) return;
    this.#lastSweep = now;
    for (const [chatId, activity] of this.#chats) {
      if (isQuiet(activity, now, this.limits.windowMs)) this.#chats.delete(chatId);
    }
  }
}

function isQuiet(activity: ChatActivity, now: number, windowMs: number): boolean {
  const latest = activity.times.at(-1);
  return latest === undefined || latest <= now - windowMs;
}

/**
 * Flood control that never drops a message: every message still goes through the normal path, so it is
 * stored and relayed like any other; once per flood, after the update that started it is stored, the
 * person is told (by `answer`) that everything arrived and Haven needs a moment.
 */
export function floodGuard(options: {
  counter: FloodCounter;
  answer: (ctx: Context) => Promise<unknown>;
  logger: Logger;
}): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const chatId = ctx.chat?.id;
    // Only what the person writes counts: taps answer Haven's own questions, as fast as Haven asks them.
    if (chatId === undefined || !ctx.message) return next();
    const startsFlood = options.counter.record(String(chatId));
    await next();
    if (!startsFlood) return;
    options.logger.info({}, 'a chat writes faster than Haven can answer; asked the person for a moment');
    try {
      await options.answer(ctx);
    } catch (error) {
      // The messages themselves are stored; only the courtesy notice is missing.
      options.logger.warn({ err: (error as Error).name }, 'could not send the slow-down notice');
    }
  };
}
