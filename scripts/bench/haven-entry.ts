import { parseConfig } from '../../src/config.js';
import { type DeliveryRateLimits, type OperationLimits, PLATFORM_RATE_LIMITS } from '../../src/core/index.js';
import { startHaven } from '../../src/runtime/node/start.js';

/**
 * Haven as the bench runs it: the Node runtime with a live-mode configuration from the environment
 * (pointing at the fake platforms), exactly as `npm start` wires it, minus reading a developer's .env.
 *
 * HAVEN_BENCH_PACING=off lifts Haven's own pacing to the platforms' limits, for measurements of Haven's
 * processing time against fakes that enforce no limits; every other measurement runs with it.
 */
const unpaced = process.env.HAVEN_BENCH_PACING === 'off';
const haven = await startHaven(parseConfig(process.env), unpaced ? { rateLimits: liftedLimits() } : {});

function liftedLimits(): DeliveryRateLimits {
  const lift = (limits: OperationLimits): OperationLimits => {
    const unlimited = { perSecond: 1_000_000, burst: 1_000_000 };
    return {
      ...(limits.perDestination ? { perDestination: unlimited } : {}),
      ...(limits.overall ? { overall: unlimited } : {}),
    };
  };
  const lifted: DeliveryRateLimits = { ...PLATFORM_RATE_LIMITS };
  for (const operation of Object.keys(lifted) as Array<keyof DeliveryRateLimits>) {
    lifted[operation] = lift(PLATFORM_RATE_LIMITS[operation]);
  }
  return lifted;
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await haven.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
