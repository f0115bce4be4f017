import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  Arrivals,
  CaseworkerReply,
  FakesAnswer,
  FakesCommand,
  FakesReady,
  RateLimits,
  Tally,
} from './fakes-protocol.js';

/** The bench's handle on the fakes process: commands over the IPC channel, answers as promises. */
export class FakesClient {
  readonly telegramUrl: string;
  readonly slackUrl: string;
  readonly #child: ChildProcess;
  readonly #waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;

  private constructor(child: ChildProcess, ready: FakesReady) {
    this.#child = child;
    this.telegramUrl = ready.telegramUrl;
    this.slackUrl = ready.slackUrl;
    child.on('message', (message: FakesAnswer) => {
      const waiter = this.#waiting.get(message.id);
      if (!waiter) return;
      this.#waiting.delete(message.id);
      if ('error' in message) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
  }

  static async start(): Promise<FakesClient> {
    const child = fork(fileURLToPath(new URL('./fakes-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<FakesReady>((resolve, reject) => {
      child.once('message', (message: FakesReady) => resolve(message));
      child.once('exit', (code) => reject(new Error(`the fakes process exited (${code})`)));
    });
    return new FakesClient(child, ready);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  #call<T>(command: FakesCommand): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, command });
    });
  }

  reset(): Promise<void> {
    return this.#call({ kind: 'reset' });
  }

  limits(limits: RateLimits): Promise<void> {
    return this.#call({ kind: 'limits', limits });
  }

  setEventsUrl(url: string): Promise<void> {
    return this.#call({ kind: 'events-url', url });
  }

  tally(): Promise<Tally> {
    return this.#call({ kind: 'tally' });
  }

  arrivals(): Promise<Arrivals> {
    return this.#call({ kind: 'arrivals' });
  }

  reply(replies: CaseworkerReply[], ratePerSecond: number): Promise<void> {
    return this.#call({ kind: 'reply', replies, ratePerSecond });
  }

  stop(): void {
    this.#child.disconnect();
  }
}
