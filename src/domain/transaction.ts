import type { DomainDeps, WorkQueueName } from "./deps.ts";

/**
 * Runs `work` in one store transaction with deps bound to it. Workers woken inside (a queued callback, SMS, task)
 * are woken once after the commit instead, so they find what was queued; after a rollback, nobody is.
 */
export async function inTransaction<T>(deps: DomainDeps, work: (tx: DomainDeps) => Promise<T>): Promise<T> {
  const woken = new Set<WorkQueueName>();
  const result = await deps.store.transaction((store) => work({ ...deps, store, notifyWork: (queue) => void woken.add(queue) }));
  for (const queue of woken) deps.notifyWork(queue);
  return result;
}
