import type { DomainDeps } from "../domain/deps.ts";
import { processRegistrationTask } from "./jobs/process-registration-task.ts";
import { PollingWorker, type PollingOptions } from "./polling-worker.ts";

export interface WorkerOptions extends PollingOptions {
  /** How long a claim stays valid; a node that dies while holding one loses it after this. */
  leaseMs?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Claims due registration tasks and runs them: claim → run → complete, or give back with a backoff stored on
 * the row.
 */
export class RegistrationWorker extends PollingWorker {
  private readonly leaseMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly deps: DomainDeps,
    options: WorkerOptions = {},
  ) {
    super("registration worker", options);
    this.leaseMs = options.leaseMs ?? 30_000;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  }

  async runOnce(): Promise<number> {
    return this.drainClaims(
      () => this.deps.store.claimRegistrationTask(this.deps.clock.now(), this.leaseMs),
      async (task) => {
        try {
          await processRegistrationTask(this.deps, task);
        } catch (error) {
          const delay = Math.min(this.backoffMs * 2 ** (task.attempts - 1), this.maxBackoffMs);
          this.options.logError?.({ err: error, taskId: task.id, attempt: task.attempts }, "registration task failed; will retry");
          await this.deps.store.retryRegistrationTask(task.id, task.leaseUntil!, this.deps.clock.now() + delay, (error as Error).message ?? String(error));
        }
      },
    );
  }
}
