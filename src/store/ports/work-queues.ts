/** The leased work of the workers, seen from outside: what `/metrics` and `essd doctor` report. */
export type QueueName = "registration" | "callbacks" | "sms";

export interface WorkQueue {
  queue: QueueName;
  /** Items still to run, due now or waiting for a retry. */
  pending: number;
  /** When the oldest pending item was created (epoch ms); null when none is pending. */
  oldestCreatedAt: number | null;
  /** Pending items whose claim ran out without being finished or given back: a node died holding them, or one is stuck. */
  expiredLeases: number;
  /** Pending items that failed at least once and wait for their next attempt. */
  retrying: number;
  /** Items given up on (callbacks and SMS after their retries; registration tasks are retried until they succeed). */
  failed: number;
}

export interface WorkQueueStore {
  /** Each queue's counts at `now`; reads only the pending and failed rows (the `state` indexes). */
  workQueues(now: number): Promise<WorkQueue[]>;
}
