import { readFileSync } from 'node:fs';
import { monotonicMs } from './clock.js';

/**
 * How much CPU other work on the machine took while a measurement ran: all busy CPU time (/proc/stat)
 * minus what the bench's own processes used (/proc/<pid>/stat). On a shared machine this says how far a
 * figure can be trusted.
 */
export const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every mainstream Linux build

export interface ContentionWindow {
  /** CPU cores other processes kept busy on average, and steal time taken by the hypervisor. */
  end(): { otherCores: number; stealCores: number };
}

export function watchContention(ourPids: Array<number | undefined>): ContentionWindow {
  const pids = ourPids.filter((pid): pid is number => pid !== undefined);
  const startedAt = monotonicMs();
  const machineBefore = machineTicks();
  const oursBefore = new Map(pids.map((pid) => [pid, processTicks(pid)]));
  return {
    end() {
      const seconds = (monotonicMs() - startedAt) / 1000;
      const machineAfter = machineTicks();
      let ours = 0;
      for (const pid of pids) {
        const before = oursBefore.get(pid);
        const after = processTicks(pid);
        if (before !== undefined && after !== undefined) ours += after - before;
      }
      const busy = machineAfter.busy - machineBefore.busy;
      return {
        otherCores: Math.max(0, busy - ours) / TICKS_PER_SECOND / seconds,
        stealCores: (machineAfter.steal - machineBefore.steal) / TICKS_PER_SECOND / seconds,
      };
    },
  };
}

function machineTicks(): { busy: number; steal: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: user + nice + system + irq + softirq, steal };
  } catch {
    return { busy: Number.NaN, steal: Number.NaN };
  }
}

/** CPU time a process (all its threads) has used, in clock ticks. */
export function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
