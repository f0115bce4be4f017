import { monotonicMs, sleep, waitFor } from '../clock.js';
import { processTicks, TICKS_PER_SECOND, watchContention } from '../contention.js';
import { type BenchContext, DatabaseProbe } from '../context.js';
import { runClosedLoop } from '../load.js';
import { runtimeFloorBytes } from '../processes.js';
import { UpdateFactory } from '../updates.js';
import { platformCalls } from './ingest.js';

export interface FootprintResult {
  /** Conversations stored; fewer than asked for when the time limit came first. */
  conversations: number;
  asked: number;
  timeLimitMs: number;
  /** Updates answered per second in the first and in the last ten seconds of driving them. */
  firstRate: number;
  lastRate: number;
  startupMs: number;
  idleRssBytes: number;
  /** Node as `npm start` runs it, with nothing of Haven loaded (runtimeFloorBytes). */
  runtimeRssBytes: number;
  /** Right after the last conversation was stored, and the highest seen while the outbox then worked. */
  loadedRssBytes: number;
  peakRssBytes: number;
  /** Stored messages: the people's and Haven's own lines to them. */
  storedMessages: number;
  personMessages: number;
  databaseBytes: number;
  walBytes: number;
  ingestPerSecond: number;
  /** Outbox entries still waiting when the last conversation had been stored. */
  backlogAfterIngest: number;
  /** Platform API calls per second in the drain window that followed, with that backlog. */
  drainCallsPerSecond: number;
  backlogAfterWindow: number;
  /** Of what was left: messages waiting to reach people in Telegram. */
  toPeopleAfterWindow: number;
  drainWindowMs: number;
  /** Haven's own CPU use during the drain window, in cores. */
  drainCpuCores: number;
  /** CPU cores other work on the machine used while the conversations were driven in. */
  otherCores: number;
}

/**
 * Memory and disk. RSS of an idle Haven; then `conversations` new people each write once, as fast as 16
 * concurrent webhook calls are answered (stopping early at `timeLimitMs`), and RSS, database and WAL are
 * measured as soon as the last one is stored. The outbox gets a bounded window afterwards (it cannot clear tens of thousands of deliveries in
 * a few minutes), during which its delivery rate and the peak RSS are recorded.
 */
export async function measureFootprint(
  context: BenchContext,
  options: { conversations: number; timeLimitMs: number; drainWindowMs: number },
): Promise<FootprintResult> {
  const { service, target, databasePath } = await context.start('haven');
  const probe = new DatabaseProbe(databasePath);
  try {
    await sleep(2000);
    const idleRssBytes = service.rssBytes();
    const runtimeRssBytes = await runtimeFloorBytes();
    const factory = new UpdateFactory({ firstChatId: 20_000_000, seed: 11 });
    let peakRssBytes = idleRssBytes;
    const sampler = setInterval(() => {
      peakRssBytes = Math.max(peakRssBytes, service.rssBytes());
    }, 250);
    const contention = watchContention([process.pid, context.fakes.pid, service.pid]);
    const load = await runClosedLoop({
      target,
      count: options.conversations,
      concurrency: 16,
      body: () => factory.next(1).body,
      deadlineMs: options.timeLimitMs,
    });
    const rateIn = (from: number, to: number) =>
      (load.answeredAt.filter((at) => at >= from && at < to).length * 1000) / Math.max(1, to - from);
    const { otherCores } = contention.end();
    const loadedRssBytes = service.rssBytes();
    const backlogAfterIngest = probe.pendingOutbox();
    const sizes = probe.sizes();
    const storedMessages = probe.count('SELECT count(*) FROM messages');
    const personMessages = probe.count("SELECT count(*) FROM messages WHERE author = 'person'");

    const before = platformCalls(await context.fakes.tally());
    const windowStart = monotonicMs();
    const ticksBefore = processTicks(service.pid) ?? Number.NaN;
    await waitFor(() => (probe.pendingOutbox() === 0 ? true : undefined), options.drainWindowMs, 250);
    const drainWindowMs = monotonicMs() - windowStart;
    const drainCpuCores =
      ((processTicks(service.pid) ?? Number.NaN) - ticksBefore) / TICKS_PER_SECOND / (drainWindowMs / 1000);
    const after = platformCalls(await context.fakes.tally());
    clearInterval(sampler);
    peakRssBytes = Math.max(peakRssBytes, service.rssBytes());

    return {
      conversations: load.ok,
      asked: options.conversations,
      timeLimitMs: options.timeLimitMs,
      firstRate: rateIn(0, Math.min(10_000, load.elapsedMs)),
      lastRate: rateIn(Math.max(0, load.elapsedMs - 10_000), load.elapsedMs),
      startupMs: service.startupMs,
      idleRssBytes,
      runtimeRssBytes,
      loadedRssBytes,
      peakRssBytes,
      storedMessages,
      personMessages,
      databaseBytes: sizes.database,
      walBytes: sizes.wal,
      ingestPerSecond: (load.ok * 1000) / load.elapsedMs,
      backlogAfterIngest,
      drainCallsPerSecond: ((after - before) * 1000) / drainWindowMs,
      backlogAfterWindow: probe.pendingOutbox(),
      toPeopleAfterWindow: probe.pendingByLane().channel,
      drainWindowMs,
      drainCpuCores,
      otherCores,
    };
  } finally {
    probe.close();
    await service.stop();
  }
}
