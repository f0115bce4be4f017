import { Agent, type ClientRequest, request } from 'node:http';
import { monotonicMs, sleep } from './clock.js';
import { type LatencySummary, summarise } from './stats.js';

/**
 * An open-loop load generator: requests leave on a fixed schedule whether or not earlier ones have been
 * answered, and each latency is measured from the moment the request was *due*, so time spent waiting
 * for a free connection counts (no coordinated omission). Connections are capped like Telegram's
 * webhook `max_connections` (at most 100); requests beyond `maxInFlight` are not sent and are counted.
 */

export interface Target {
  url: string;
  headers: Record<string, string>;
}

export interface OpenLoopOptions {
  target: Target;
  ratePerSecond: number;
  durationMs: number;
  /** The body of the i-th request. */
  body: (index: number) => string;
  /** Told the due time of each request as it leaves, for relay latency. */
  onSend?: (index: number, dueAt: number) => void;
  /**
   * Requests with the same lane go one after another, as Telegram delivers one chat's updates: a request
   * due while its chat's previous one is unanswered waits (and its latency still runs from its due time).
   */
  laneOf?: (index: number) => number;
  connections?: number;
  maxInFlight?: number;
  timeoutMs?: number;
  /** How long to wait for answers after the last request left; what is still open then is abandoned. */
  graceMs?: number;
}

export interface LoadResult {
  offeredPerSecond: number;
  durationMs: number;
  sent: number;
  ok: number;
  /** Answers other than 200, by status. */
  statuses: Record<string, number>;
  timeouts: number;
  connectionErrors: number;
  notSent: number;
  /** Still unanswered (queued or in flight) when the grace period ended. */
  abandoned: number;
  /** 200 answers per second, from the first request due to the last answer. */
  achievedPerSecond: number;
  latency: LatencySummary;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const { target, ratePerSecond, durationMs } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 100 });
  const maxInFlight = options.maxInFlight ?? 5000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  const interval = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let timeouts = 0;
  let connectionErrors = 0;
  let notSent = 0;
  let inFlight = 0;
  let lastAnswer = 0;
  let abandoning = false;
  let abandoned = 0;
  const open = new Set<ClientRequest>();
  const pending: Promise<void>[] = [];

  const lanes = new Map<number, Promise<void>>();
  const send = (index: number, dueAt: number) =>
    new Promise<void>((resolve) => {
      if (abandoning) {
        abandoned += 1;
        resolve();
        return;
      }
      const payload = options.body(index);
      options.onSend?.(index, dueAt);
      inFlight += 1;
      let finished = false;
      const finish = (outcome: 'ok' | 'timeout' | 'error' | number) => {
        if (finished) return;
        finished = true;
        inFlight -= 1;
        const now = monotonicMs();
        if (abandoning) abandoned += 1;
        else if (outcome === 'ok') {
          ok += 1;
          latencies.push(now - dueAt);
          lastAnswer = now;
        } else if (outcome === 'timeout') timeouts += 1;
        else if (outcome === 'error') connectionErrors += 1;
        else statuses[outcome] = (statuses[outcome] ?? 0) + 1;
        resolve();
      };
      const call = request(
        target.url,
        {
          method: 'POST',
          agent,
          headers: {
            ...target.headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
          timeout: timeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', () => finish(response.statusCode === 200 ? 'ok' : (response.statusCode ?? 0)));
          response.on('error', () => finish('error'));
        },
      );
      open.add(call);
      call.on('close', () => {
        open.delete(call);
        // A request destroyed before it had a socket may close without an error event.
        setImmediate(() => finish('error'));
      });
      call.on('timeout', () => {
        call.destroy();
      });
      call.on('error', (error) =>
        finish(/timeout|socket hang up/i.test(error.message) ? 'timeout' : 'error'),
      );
      call.end(payload);
    });

  const inLane = (index: number, dueAt: number): Promise<void> => {
    if (!options.laneOf) return send(index, dueAt);
    const lane = options.laneOf(index);
    const previous = lanes.get(lane);
    const mine = previous ? previous.then(() => send(index, dueAt)) : send(index, dueAt);
    lanes.set(lane, mine);
    void mine.then(() => {
      if (lanes.get(lane) === mine) lanes.delete(lane);
    });
    return mine;
  };

  const start = monotonicMs() + 20;
  let next = 0;
  while (next < total) {
    const now = monotonicMs();
    while (next < total && start + next * interval <= now) {
      const dueAt = start + next * interval;
      if (inFlight >= maxInFlight) notSent += 1;
      else pending.push(inLane(next, dueAt));
      next += 1;
    }
    const wait = start + next * interval - monotonicMs();
    await sleep(Math.max(0, Math.min(wait, 5)));
  }
  const everything = Promise.all(pending);
  const graceOver = await Promise.race([
    everything.then(() => false),
    sleep(options.graceMs ?? 5_000).then(() => true),
  ]);
  if (graceOver) {
    abandoning = true;
    for (const call of open) call.destroy();
    await everything;
  }
  agent.destroy();

  const elapsed = Math.max(lastAnswer - start, durationMs);
  return {
    offeredPerSecond: ratePerSecond,
    durationMs,
    sent: total - notSent,
    ok,
    statuses,
    timeouts,
    connectionErrors,
    notSent,
    abandoned,
    achievedPerSecond: (ok * 1000) / elapsed,
    latency: summarise(latencies),
  };
}

/**
 * Closed loop: `concurrency` senders, each sending its next request when the last is answered, until
 * `count` were sent or `deadlineMs` passed. Returns when each 200 arrived, for the rate over time.
 */
export async function runClosedLoop(options: {
  target: Target;
  count: number;
  concurrency: number;
  body: (index: number) => string;
  deadlineMs?: number;
}): Promise<{ ok: number; failed: number; elapsedMs: number; answeredAt: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let next = 0;
  let ok = 0;
  let failed = 0;
  const answeredAt: number[] = [];
  const start = monotonicMs();
  const deadline = start + (options.deadlineMs ?? Number.POSITIVE_INFINITY);
  const sender = async () => {
    while (next < options.count && monotonicMs() < deadline) {
      const index = next++;
      const status = await post(options.target, options.body(index), agent).catch(() => 0);
      if (status === 200) {
        ok += 1;
        answeredAt.push(monotonicMs() - start);
      } else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  agent.destroy();
  return { ok, failed, elapsedMs: monotonicMs() - start, answeredAt };
}

export function post(target: Target, payload: string, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(
      target.url,
      {
        method: 'POST',
        ...(agent ? { agent } : {}),
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
        timeout: 30_000,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('timeout', () => call.destroy(new Error('timeout')));
    call.on('error', reject);
    call.end(payload);
  });
}
