import { sleep, waitFor } from '../clock.js';
import { watchContention } from '../contention.js';
import { type BenchContext, DatabaseProbe, type System } from '../context.js';
import type { Arrivals } from '../fakes-protocol.js';
import { runClosedLoop, runOpenLoop } from '../load.js';
import { type LatencySummary, summarise } from '../stats.js';
import { marker, UpdateFactory } from '../updates.js';

const REPLY_MARKERS_FROM = 50_000_000;

export interface RelayLatencyResult {
  system: System;
  /** From the update leaving the load generator to chat.postMessage with its text reaching the fake Slack. */
  newPersonToSlack: LatencySummary;
  returningPersonToSlack: LatencySummary;
  anyPersonToSlack: LatencySummary;
  /** From the signed event leaving the fake Slack to sendMessage with its text reaching the fake Telegram. */
  caseworkerToTelegram: LatencySummary;
  lost: { newToSlack: number; returningToSlack: number; toTelegram: number };
  otherCores: number;
}

/**
 * Relay latency at a gentle pace with instantly answering fakes and Haven's pacing lifted, so the figure
 * is Haven's own processing time: `messages` person messages at
 * `ratePerSecond` (every third from someone new), then one caseworker reply in each returning person's
 * thread at half that pace. `warmPeople` have written once before the measurement starts.
 */
export async function measureRelayLatency(
  context: BenchContext,
  system: System,
  options: { messages: number; ratePerSecond: number; warmPeople: number; seed: number },
): Promise<RelayLatencyResult> {
  // Haven's pacing to Slack's one post per second would turn this into a measurement of the queue.
  const { service, target, databasePath } = await context.start(system, { pacing: false });
  const probe = system === 'haven' ? new DatabaseProbe(databasePath) : undefined;
  const drained = () => waitFor(() => (probe && probe.pendingOutbox() > 0 ? undefined : true), 60_000, 20);
  try {
    const factory = new UpdateFactory({
      firstChatId: 90_000_000 + options.seed * 100_000,
      seed: options.seed,
    });
    await runClosedLoop({
      target,
      count: options.warmPeople,
      concurrency: 4,
      body: () => factory.next(1).body,
    });
    await drained();
    await sleep(300);

    const contention = watchContention([process.pid, context.fakes.pid, service.pid]);
    const returning = [...factory.people];
    const isNew = new Map<number, boolean>();
    const sentAt = new Map<number, number>();
    const messages = Array.from({ length: options.messages }, (_, index) => {
      const fresh = index % 3 === 0;
      const chatId = fresh ? factory.newChat() : returning[index % returning.length]!;
      isNew.set(index, fresh);
      return factory.from(chatId, index);
    });
    await runOpenLoop({
      target,
      ratePerSecond: options.ratePerSecond,
      durationMs: (options.messages * 1000) / options.ratePerSecond,
      body: (index) => messages[index]!.body,
      laneOf: (index) => messages[index]!.chatId,
      onSend: (index, dueAt) => sentAt.set(index, dueAt),
    });
    const all = await waitFor(async () => {
      const arrivals = await context.fakes.arrivals();
      return arrivals.person.length >= options.messages ? arrivals : undefined;
    }, 30_000);
    await drained();
    const personArrivals = all ?? (await context.fakes.arrivals());
    const toSlack = { fresh: [] as number[], returning: [] as number[] };
    for (const arrival of personArrivals.person) {
      const sent = sentAt.get(arrival.id);
      if (sent === undefined) continue;
      (isNew.get(arrival.id) ? toSlack.fresh : toSlack.returning).push(arrival.at - sent);
    }

    const replies = threadsOfReturningPeople(personArrivals, messages, isNew).map(
      ({ threadTs, chatId }, i) => ({
        markerId: REPLY_MARKERS_FROM + i,
        threadTs,
        chatId,
        text: `We read your message and can call you today. ${marker(REPLY_MARKERS_FROM + i)}`,
      }),
    );
    await context.fakes.reply(replies, Math.max(1, options.ratePerSecond / 2));
    const replyArrivals =
      (await waitFor(
        async () => {
          const arrivals = await context.fakes.arrivals();
          return arrivals.reply.length >= replies.length && arrivals.replySent.length >= replies.length
            ? arrivals
            : undefined;
        },
        (replies.length * 2000) / Math.max(1, options.ratePerSecond / 2) + 30_000,
      )) ?? (await context.fakes.arrivals());
    const departed = new Map(replyArrivals.replySent.map((sent) => [sent.id, sent.at]));
    const toTelegram = replyArrivals.reply
      .filter((arrival) => departed.has(arrival.id))
      .map((arrival) => arrival.at - departed.get(arrival.id)!);

    const { otherCores } = contention.end();
    return {
      system,
      otherCores,
      newPersonToSlack: summarise(toSlack.fresh),
      returningPersonToSlack: summarise(toSlack.returning),
      anyPersonToSlack: summarise([...toSlack.fresh, ...toSlack.returning]),
      caseworkerToTelegram: summarise(toTelegram),
      lost: {
        newToSlack: [...isNew.values()].filter(Boolean).length - toSlack.fresh.length,
        returningToSlack: [...isNew.values()].filter((fresh) => !fresh).length - toSlack.returning.length,
        toTelegram: replies.length - toTelegram.length,
      },
    };
  } finally {
    probe?.close();
    await service.stop();
  }
}

/**
 * One thread per returning person who wrote during the measurement: Haven's person message is a reply in
 * the case thread (its thread_ts); the bare relay's is a top-level post, answered in its own thread.
 */
function threadsOfReturningPeople(
  arrivals: Arrivals,
  messages: Array<{ chatId: number }>,
  isNew: Map<number, boolean>,
): Array<{ threadTs: string; chatId: number }> {
  const byChat = new Map<number, string>();
  for (const arrival of arrivals.person) {
    if (isNew.get(arrival.id)) continue;
    const chatId = messages[arrival.id]!.chatId;
    const threadTs = arrival.threadTs ?? arrival.ts;
    if (threadTs && !byChat.has(chatId)) byChat.set(chatId, threadTs);
  }
  return [...byChat].map(([chatId, threadTs]) => ({ chatId, threadTs }));
}
