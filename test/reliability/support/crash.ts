import type { CaseStore } from '../../../src/core/index.js';

/** What a store call that comes after a simulated crash throws. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

export type CrashPoint = 'before' | 'after' | undefined;

/**
 * The store as a process that dies at a chosen call sees it: `crashAt` picks the call; with `before` it is
 * not performed, with `after` it is (and then the process is gone). From then on every call fails, so
 * nothing after the crash point is written, exactly as if the process had stopped there. A second worker
 * on the real store plays the restarted process.
 */
export function crashingStore(
  store: CaseStore,
  crashAt: (method: string, args: unknown[]) => CrashPoint,
): { store: CaseStore; crashed: () => boolean } {
  let dead = false;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (dead) throw new SimulatedCrash();
        const point = crashAt(String(property), args);
        if (point === 'before') {
          dead = true;
          throw new SimulatedCrash();
        }
        const result = await value.apply(target, args);
        if (point === 'after') {
          dead = true;
          throw new SimulatedCrash();
        }
        return result;
      };
    },
  });
  return { store: proxy, crashed: () => dead };
}

/**
 * The same crash, for a store that a running Haven already holds (the real stack): its methods are
 * replaced in place, so the process keeps running but its storage is gone from the crash point on.
 * Restarting the stack opens the database afresh, as a new process would.
 */
export function crashStoreInPlace(
  store: object,
  crashAt: (method: string, args: unknown[]) => CrashPoint,
): { crashed: () => boolean } {
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (let proto = Object.getPrototypeOf(store); proto && proto !== Object.prototype; ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = (store as Record<string, unknown>)[name];
      if (name !== 'constructor' && typeof value === 'function' && !originals.has(name)) {
        originals.set(name, value.bind(store) as (...args: unknown[]) => unknown);
      }
    }
    proto = Object.getPrototypeOf(proto);
  }
  const { store: dying, crashed } = crashingStore(
    Object.fromEntries(originals) as unknown as CaseStore,
    crashAt,
  );
  for (const name of originals.keys()) {
    const wrapped = (dying as unknown as Record<string, unknown>)[name];
    Object.defineProperty(store, name, { value: wrapped, configurable: true });
  }
  return { crashed };
}
