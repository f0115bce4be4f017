/**
 * One clock for every bench process. process.hrtime reads CLOCK_MONOTONIC, which the whole machine shares,
 * so a time taken in the load generator and a time taken in the fake Slack can be subtracted.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined, or gives up after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  everyMs = 50,
): Promise<T | undefined> {
  const deadline = monotonicMs() + timeoutMs;
  while (monotonicMs() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  return undefined;
}
