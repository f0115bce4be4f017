import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  date: string;
  commit: string;
  loadBefore: number;
}

export function describeMachine(): Machine {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: gitCommit(),
    loadBefore: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** The commit the numbers belong to, with a note when the working tree had changes. */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    });
    return dirty.trim() ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

/** The package version actually installed, for the method section. */
export function installedVersion(name: string): string {
  try {
    const manifest = readFileSync(
      new URL(`../../node_modules/${name}/package.json`, import.meta.url),
      'utf8',
    );
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return '?';
  }
}
