import type { DomainDeps } from "../domain/deps.ts";
import { runAutoReviews } from "../domain/review/auto-review.ts";
import { PollingWorker, type PollingOptions } from "./polling-worker.ts";

/**
 * Applies the automatic review policies (`--review auto-approve|auto-reject`, or a tenant's own): polls because a
 * delay elapses without anything waking it (on the sandbox clock, after `clock/advance`).
 */
export class AutoReviewWorker extends PollingWorker {
  constructor(
    private readonly deps: DomainDeps,
    options: PollingOptions = {},
  ) {
    super("review worker", options);
  }

  async runOnce(): Promise<number> {
    const { approved, rejected } = await runAutoReviews(this.deps, {
      shouldStop: () => this.stopping,
      onError: (flowId, error) => this.options.logError?.({ err: error, flowId }, "automatic review failed; will retry"),
    });
    return approved + rejected;
  }
}
