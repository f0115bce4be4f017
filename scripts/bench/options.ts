import { join } from 'node:path';

/**
 * What one bench run does. `npm run bench` runs the default profile (about eight minutes on two cores);
 * `--quick` is a one-minute smoke run whose numbers are too short to quote. Single settings can be
 * overridden: --seconds=10 --rates=100,200 --burst=50x10 --conversations=10000. `--only=burst,footprint`
 * runs just those measurements (ingest, relay, burst, footprint), to repeat one that a busy machine spoiled;
 * its report goes beside the scratch files unless --output says otherwise.
 */
export interface BenchOptions {
  profile: 'default' | 'quick';
  /** The measurements to run; all of them unless --only names some. */
  phases: Phase[];
  /** Offered webhook rates, updates per second. */
  rates: number[];
  secondsPerRate: number;
  relay: { messages: number; ratePerSecond: number; warmPeople: number };
  burst: { people: number; messagesEach: number; timeoutMs: number };
  conversations: number;
  /** The most time driving the footprint's conversations may take; the report says if it was reached. */
  footprintTimeLimitMs: number;
  /** How long the outbox may work on the footprint run's backlog before the run moves on. */
  drainWindowMs: number;
  /** Where the report goes; the quick profile writes beside the scratch files, not over the real results. */
  output: string;
  /** --output was given: write there even when a measurement failed. */
  outputGiven: boolean;
  /** The flags the run was started with, for the report's first line. */
  flags: string[];
}

export const DEFAULT_RATES = [50, 100, 200, 500, 1000];

export const PHASES = ['ingest', 'relay', 'burst', 'footprint'] as const;
export type Phase = (typeof PHASES)[number];

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map(
    argv
      .filter((arg) => arg.startsWith('--'))
      .map((arg) => {
        const [name, value] = arg.slice(2).split('=');
        return [name!, value ?? 'true'] as const;
      }),
  );
  const known = new Set(['quick', 'seconds', 'rates', 'burst', 'conversations', 'output', 'only']);
  for (const name of flags.keys()) {
    if (!known.has(name)) throw new Error(`unknown flag --${name} (known: ${[...known].join(', ')})`);
  }
  const quick = flags.get('quick') === 'true';
  const given = argv.filter((arg) => arg.startsWith('--') && !arg.startsWith('--output'));
  const options: BenchOptions = quick
    ? {
        profile: 'quick',
        phases: [...PHASES],
        rates: [50, 500],
        secondsPerRate: 3,
        relay: { messages: 30, ratePerSecond: 15, warmPeople: 15 },
        burst: { people: 2, messagesEach: 1, timeoutMs: 60_000 },
        conversations: 300,
        footprintTimeLimitMs: 15_000,
        drainWindowMs: 5_000,
        output: 'bench/out/results-quick.md',
        outputGiven: false,
        flags: [],
      }
    : {
        profile: 'default',
        phases: [...PHASES],
        rates: DEFAULT_RATES,
        // 20 s a rate: p99 rests on 4,000 answers at 200/s; 10 s runs moved it by tens of milliseconds.
        secondsPerRate: 20,
        relay: { messages: 90, ratePerSecond: 15, warmPeople: 45 },
        burst: { people: 4, messagesEach: 3, timeoutMs: 240_000 },
        conversations: 10_000,
        footprintTimeLimitMs: 90_000,
        drainWindowMs: 10_000,
        output: 'bench/results.md',
        outputGiven: false,
        flags: [],
      };
  options.flags = given;
  const seconds = flags.get('seconds');
  if (seconds) options.secondsPerRate = positive(seconds, 'seconds');
  const rates = flags.get('rates');
  if (rates) options.rates = rates.split(',').map((rate) => positive(rate, 'rates'));
  const burst = flags.get('burst');
  if (burst) {
    const [people, each] = burst.split('x').map((n) => positive(n, 'burst'));
    if (!people || !each) throw new Error('--burst takes PEOPLExMESSAGES, e.g. 10x5');
    // Slack's one post a second sets the pace: about three posts per message, with room to spare.
    const timeoutMs = Math.max(options.burst.timeoutMs, people * each * 5000);
    options.burst = { people, messagesEach: each, timeoutMs };
  }
  const conversations = flags.get('conversations');
  if (conversations) options.conversations = positive(conversations, 'conversations');
  const only = flags.get('only');
  if (only) {
    const phases = only.split(',');
    const unknown = phases.filter((phase) => !(PHASES as readonly string[]).includes(phase));
    if (unknown.length)
      throw new Error(`--only: unknown ${unknown.join(', ')} (known: ${PHASES.join(', ')})`);
    options.phases = phases as Phase[];
    // A partial run never replaces the full report by accident.
    options.output = join('bench', 'out', 'results-partial.md');
  }
  const output = flags.get('output');
  if (output) {
    options.output = output;
    options.outputGiven = true;
  }
  return options;
}

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`--${flag}: ${value} is not a positive number`);
  return number;
}
