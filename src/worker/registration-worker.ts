import type { DomainDeps } from "../domain/deps.ts";
import { nextAttemptAt, REGISTRATION_BACKOFF, type Backoff } from "./backoff.ts";
import { processRegistrationTask } from "./jobs/process-registration-task.ts";
import { PollingWorker, type PollingOptions } from "./polling-worker.ts";

export interface RegistrationWorkerOptions extends PollingOptions {
  /** How long a claim stays valid; a node that dies while holding one loses it after this. */
  leaseMs?: number;
  /** How long a failed task waits before its next attempt; it is retried until it succeeds. */
  retry?: Backoff;
}

/**
 * Claims due registration tasks and runs them: claim → run → complete, or give back with a backoff stored on
 * the row.
 */
export class RegistrationWorker extends PollingWorker {
  private readonly leaseMs: number;
  private readonly retry: Backoff;

  constructor(
    private readonly deps: DomainDeps,
    options: RegistrationWorkerOptions = {},
  ) {
    super("registration worker", options);
    this.leaseMs = options.leaseMs ?? 30_000;
    this.retry = options.retry ?? REGISTRATION_BACKOFF;
  }

  async runOnce(): Promise<number> {
    return this.drainClaims(
      () => this.deps.store.claimRegistrationTask(this.deps.clock.now(), this.leaseMs),
      async (task) => {
        try {
          await processRegistrationTask(this.deps, task);
          return "done";
        } catch (error) {
          this.options.logError?.({ err: error, taskId: task.id, attempt: task.attempts }, "registration task failed; will retry");
          const next = nextAttemptAt(task.attempts, this.deps.clock.now(), this.retry);
          await this.deps.store.retryRegistrationTask(task.id, task.leaseUntil!, next, (error as Error).message ?? String(error));
          return "retry";
        }
      },
    );
  }
}
