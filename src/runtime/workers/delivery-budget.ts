import type { CaseStore } from '../../core/index.js';

/**
 * The store as one Workers invocation sees it: claimOutbox hands out at most `budget` entries in total,
 * then nothing, so OutboxWorker.drain stops before the invocation runs out of D1 queries or subrequests
 * half-way through a delivery (which would post it twice once its lease ran out). Every other method is
 * the store's own, including methods added to CaseStore later.
 */
export function withDeliveryBudget(store: CaseStore, budget: number): CaseStore {
  let remaining = budget;
  const claimOutbox: CaseStore['claimOutbox'] = async (input) => {
    if (remaining <= 0) return [];
    const claimed = await store.claimOutbox({ ...input, limit: Math.min(input.limit, remaining) });
    remaining -= claimed.length;
    return claimed;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'claimOutbox') return claimOutbox;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
