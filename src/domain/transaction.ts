import type { DomainDeps } from "./deps.ts";

/**
 * Runs `work` in one store transaction with deps bound to it. Workers woken inside (a queued callback, SMS, task)
 * are woken once after the commit instead, so they find what was queued; after a rollback, nobody is.
 */
export async function inTransaction<T>(deps: DomainDeps, work: (tx: DomainDeps) => Promise<T>): Promise<T> {
  let woken = false;
  const result = await deps.store.transaction((store) => work({ ...deps, store, notifyWork: () => void (woken = true) }));
  if (woken) deps.notifyWork();
  return result;
}
