import type { DomainDeps } from "../domain/deps.ts";
import { processRegistrationTask } from "./jobs/process-registration-task.ts";

export interface WorkerOptions {
  /** How long a claim stays valid; a node that dies while holding one loses it after this. */
  leaseMs?: number;
  /** How often to look for due work when nothing woke the worker (other nodes' tasks, retries). */
  pollMs?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  logError?(fields: Record<string, unknown>, message: string): void;
}

type State = "idle" | "running" | "stopping" | "stopped";

/**
 * Claims due registration tasks and runs them: claim → run → complete, or give back with a backoff stored on
 * the row. `runOnce()` drains what is due now (tests, "advance the clock then drain"); `start()` loops.
 */
export class RegistrationWorker {
  private state: State = "idle";
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | undefined;
  private wakeRequested = false;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly deps: DomainDeps,
    private readonly options: WorkerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  }

  /** Runs every task due now, one after another; resolves with how many ran. */
  async runOnce(): Promise<number> {
    let ran = 0;
    for (;;) {
      if (this.state === "stopping" || this.state === "stopped") return ran;
      const now = this.deps.clock.now();
      const task = await this.deps.store.claimRegistrationTask(now, this.leaseMs);
      if (!task) return ran;
      ran++;
      try {
        await processRegistrationTask(this.deps, task);
      } catch (error) {
        const delay = Math.min(this.backoffMs * 2 ** (task.attempts - 1), this.maxBackoffMs);
        this.options.logError?.({ err: error, taskId: task.id, attempt: task.attempts }, "registration task failed; will retry");
        await this.deps.store.retryRegistrationTask(task.id, task.leaseUntil!, this.deps.clock.now() + delay, (error as Error).message ?? String(error));
      }
    }
  }

  /** Asks a running worker to look for work now instead of at its next poll. */
  wake(): void {
    if (this.state !== "running") return;
    if (this.draining) {
      this.wakeRequested = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), 0);
  }

  start(): void {
    if (this.state !== "idle") return;
    this.state = "running";
    this.tick();
  }

  /** Stops claiming new work and waits for the task in hand to finish. */
  async stop(): Promise<void> {
    if (this.state === "stopped") return;
    this.state = "stopping";
    clearTimeout(this.timer);
    await this.draining;
    this.state = "stopped";
  }

  private tick(): void {
    if (this.state !== "running" || this.draining) return;
    this.draining = this.runOnce()
      .catch((error) => {
        this.options.logError?.({ err: error }, "registration worker could not claim work");
        return 0;
      })
      .finally(() => {
        this.draining = undefined;
        if (this.state !== "running") return;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.timer = again ? setTimeout(() => this.tick(), 0) : setTimeout(() => this.tick(), this.pollMs);
      });
  }
}
