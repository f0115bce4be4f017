import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monotonicMs, sleep, waitFor } from './clock.js';

/** A server the bench started in its own process: Haven or the bare relay. */
export interface Service {
  pid: number;
  url: string;
  /** From spawn to the first 200 from /healthz. */
  startupMs: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The Node flags `npm start` gives Haven (package.json's start script: the heap's sizes), so the bench
 * runs Haven with the same memory settings as a deployment.
 */
export function npmStartFlags(): string[] {
  const packageJson = fileURLToPath(new URL('../../package.json', import.meta.url));
  const start: string = JSON.parse(readFileSync(packageJson, 'utf8')).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The entries the bench runs in processes of their own, relative to this file. */
const ENTRIES = ['./haven-entry.ts', './bare-relay.ts'];
let built = false;

/**
 * Compiles the bench's entries into dist/bench/ with the build `npm start` uses (scripts/build.mjs), once
 * per run, so the processes under test run plain Node as a deployment does: no TypeScript loader, whose
 * thread and compiler would add their memory and start-up time to Haven's figures.
 */
export function buildEntry(entry: string): string {
  if (!ENTRIES.includes(entry)) throw new Error(`${entry} is not one of the bench's entries (${ENTRIES})`);
  if (!built) {
    const sources = ENTRIES.map((name) => fileURLToPath(new URL(name, import.meta.url)));
    execFileSync(process.execPath, ['scripts/build.mjs', 'bench', ...sources], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
    built = true;
  }
  return `${PROJECT_ROOT}dist/bench/${basename(entry, '.ts')}.mjs`;
}

/**
 * Builds `entry` (buildEntry) and runs it with plain Node, as `npm start` runs Haven, with only the given
 * environment and `nodeFlags`; logs to `logFile`, and waits until GET /healthz answers 200.
 */
export async function startService(
  entry: string,
  env: Record<string, string>,
  logFile: string,
  nodeFlags: string[] = [],
): Promise<Service> {
  const port = Number(env.PORT);
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const began = monotonicMs();
  // HAVEN_BENCH_NODE_ARGS reaches the child's node (e.g. "--cpu-prof" to see where the time goes).
  const nodeArgs = (process.env.HAVEN_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const script = buildEntry(entry);
  const child = spawn(process.execPath, [...nodeFlags, ...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const healthy = await waitFor(
    async () => {
      if (exited !== undefined)
        throw new Error(`${entry} exited (${exited}) before it was healthy:\n${tail(logFile)}`);
      const status = await fetch(`${url}/healthz`)
        .then((response) => response.status)
        .catch(() => 0);
      return status === 200 ? true : undefined;
    },
    60_000,
    5,
  );
  if (!healthy) {
    child.kill('SIGKILL');
    throw new Error(`${entry} was not healthy within 60 s:\n${tail(logFile)}`);
  }
  return {
    pid: child.pid!,
    url,
    startupMs: monotonicMs() - began,
    rssBytes: () => rssOf(child.pid!),
    stop: () => stopChild(child),
  };
}

/**
 * The RSS of Node as `npm start` runs it (its flags) with nothing of Haven loaded: the floor under
 * Haven's own footprint on this machine.
 */
export async function runtimeFloorBytes(): Promise<number> {
  const child = spawn(process.execPath, [...npmStartFlags(), '--eval', 'setInterval(() => {}, 1000)'], {
    stdio: 'ignore',
  });
  await sleep(1500);
  const rss = rssOf(child.pid!);
  await stopChild(child);
  return rss;
}

/** VmRSS from /proc/<pid>/status, in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kib * 1024;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const stopped = await Promise.race([gone.then(() => true), sleep(5000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await gone;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}
