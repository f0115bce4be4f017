import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { monotonicMs } from './clock.js';
import { BenchContext } from './context.js';
import { FakesClient } from './fakes-client.js';
import { describeMachine } from './machine.js';
import { type Phase, parseOptions } from './options.js';
import { measureBurst } from './phases/burst.js';
import { measureFootprint } from './phases/footprint.js';
import { measureIngest } from './phases/ingest.js';
import { measureRelayLatency } from './phases/relay-latency.js';
import { type BenchResults, renderReport, renderSummary } from './report.js';

/**
 * `npm run bench [-- --quick]`: starts the fakes, then for each measurement a fresh Haven (or the bare
 * relay) in its own process, drives it from here, and writes the report (bench/results.md by default).
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const began = monotonicMs();
  const machine = describeMachine();
  const workDir = join('bench', 'out', `run-${machine.date.replace(/[:]/g, '-')}`);
  mkdirSync(workDir, { recursive: true });
  const fakes = await FakesClient.start();
  const context = new BenchContext(fakes, workDir);
  const results: BenchResults = {
    machine,
    options,
    ingest: [],
    relay: [],
    burst: undefined,
    footprint: undefined,
    startupSamples: context.startupSamples,
    failures: [],
    elapsedMs: 0,
  };
  const step = async <T>(label: string, measure: () => Promise<T>): Promise<T | undefined> => {
    const at = ((monotonicMs() - began) / 1000).toFixed(0).padStart(4);
    process.stderr.write(`[${at} s] ${label}\n`);
    try {
      return await measure();
    } catch (error) {
      results.failures.push(`${label}: ${(error as Error).message.split('\n')[0]}`);
      process.stderr.write(`  failed: ${(error as Error).message}\n`);
      return undefined;
    }
  };

  try {
    const runs = (phase: Phase) => options.phases.includes(phase);
    for (const [index, rate] of (runs('ingest') ? options.rates : []).entries()) {
      for (const system of ['haven', 'bare'] as const) {
        const result = await step(`ingest ${system} at ${rate}/s`, () =>
          measureIngest(context, system, rate, options.secondsPerRate * 1000, index + 1),
        );
        if (result) results.ingest.push(result);
      }
    }
    // The same Haven without its pacing shows what the pacing costs (or saves) at the webhook.
    const unpacedRate = options.rates.includes(100) ? 100 : options.rates[0]!;
    if (runs('ingest')) {
      const unpaced = await step(`ingest haven at ${unpacedRate}/s, pacing lifted`, () =>
        measureIngest(context, 'haven', unpacedRate, options.secondsPerRate * 1000, 1, { pacing: false }),
      );
      if (unpaced) results.ingest.push(unpaced);
    }
    for (const system of runs('relay') ? (['haven', 'bare'] as const) : []) {
      const result = await step(`relay latency ${system}`, () =>
        measureRelayLatency(context, system, { ...options.relay, seed: 3 }),
      );
      if (result) results.relay.push(result);
    }
    if (runs('burst')) {
      results.burst = await step(
        `burst ${options.burst.people}×${options.burst.messagesEach} under rate limits`,
        () => measureBurst(context, options.burst),
      );
    }
    if (runs('footprint')) {
      results.footprint = await step(`footprint with ${options.conversations} conversations`, () =>
        measureFootprint(context, {
          conversations: options.conversations,
          timeLimitMs: options.footprintTimeLimitMs,
          drainWindowMs: options.drainWindowMs,
        }),
      );
    }
  } finally {
    fakes.stop();
    // Databases are large and disposable; the logs stay for a look at what Haven did.
    for (const file of context.databaseFiles()) rmSync(file, { force: true });
  }

  results.elapsedMs = monotonicMs() - began;
  // A run with a failed measurement does not replace the last complete report.
  const output =
    results.failures.length && !options.outputGiven ? join(workDir, 'results.md') : options.output;
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, renderReport(results));
  // The raw figures too, for comparing runs.
  writeFileSync(join(workDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderSummary(results)}\n\nReport: ${output} (logs in ${workDir})\n`);
  if (output !== options.output) {
    process.stdout.write(`${options.output} was left as it was, because a measurement failed.\n`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
