import { monotonicMs, sleep } from '../clock.js';
import { watchContention } from '../contention.js';
import { type BenchContext, DatabaseProbe, type System } from '../context.js';
import type { Tally } from '../fakes-protocol.js';
import { type LoadResult, runClosedLoop, runOpenLoop } from '../load.js';
import { UpdateFactory } from '../updates.js';

/** Share of updates that come from someone writing for the first time. */
export const NEW_PERSON_SHARE = 0.3;
export const WARM_UP_UPDATES = 20;
/** Answers still missing this long after the last request are abandoned: the system is past saturation. */
export const GRACE_MS = 3000;

export interface IngestResult extends LoadResult {
  system: System;
  /** Haven pacing itself to the platforms' limits (as in production); false for the bare relay. */
  paced: boolean;
  /** Successful Slack and Telegram API calls per second while the load ran (posts, sends, updates). */
  deliveriesPerSecond: number;
  /** Outbox entries waiting when the load started (the warm-up's) and when it stopped (Haven only). */
  backlogBefore: number | undefined;
  backlog: number | undefined;
  rssBytes: number;
  /** CPU cores other work on the machine used meanwhile. */
  otherCores: number;
}

/**
 * Webhook updates at a fixed offered rate against a freshly started system, Haven pacing itself to the
 * platforms' limits as in production. A short warm-up (20 new people, not measured) lets the JIT settle
 * and leaves people who can write again; their deliveries may still be queued when the clock starts.
 */
export async function measureIngest(
  context: BenchContext,
  system: System,
  ratePerSecond: number,
  durationMs: number,
  seed: number,
  { pacing = true }: { pacing?: boolean } = {},
): Promise<IngestResult> {
  const { service, target, databasePath } = await context.start(system, { pacing });
  const probe = system === 'haven' ? new DatabaseProbe(databasePath) : undefined;
  try {
    const factory = new UpdateFactory({ firstChatId: 1_000_000 + seed * 1_000_000, seed });
    await runClosedLoop({
      target,
      count: WARM_UP_UPDATES,
      concurrency: 4,
      body: () => factory.next(1).body,
    });
    await sleep(1000);
    const messages = Array.from({ length: Math.round((ratePerSecond * durationMs) / 1000) }, () =>
      factory.next(NEW_PERSON_SHARE),
    );
    const backlogBefore = probe?.pendingOutbox();
    const before = await context.fakes.tally();
    const began = monotonicMs();
    const contention = watchContention([process.pid, context.fakes.pid, service.pid]);
    const load = await runOpenLoop({
      target,
      ratePerSecond,
      durationMs,
      graceMs: GRACE_MS,
      body: (index) => messages[index]!.body,
      laneOf: (index) => messages[index]!.chatId,
    });
    const { otherCores } = contention.end();
    const after = await context.fakes.tally();
    const elapsedMs = monotonicMs() - began;
    const delivered = platformCalls(after) - platformCalls(before);
    const backlog = probe?.pendingOutbox();
    return {
      ...load,
      system,
      paced: system === 'haven' && pacing,
      deliveriesPerSecond: (delivered * 1000) / elapsedMs,
      backlogBefore,
      backlog,
      rssBytes: service.rssBytes(),
      otherCores,
    };
  } finally {
    probe?.close();
    await service.stop();
  }
}

export function platformCalls(tally: Tally): number {
  return tally.apiCalls.slack + tally.apiCalls.telegram;
}
