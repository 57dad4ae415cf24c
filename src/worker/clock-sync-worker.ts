import type { DomainDeps } from "../domain/deps.ts";
import { syncSandboxClock } from "../domain/sandbox.ts";
import { PollingWorker, type PollingOptions } from "./polling-worker.ts";

/**
 * Keeps a sandbox node's clock with the offset stored by `clock/advance` on any node: every node of an
 * installation sees the same time within one poll (a second by default).
 */
export class ClockSyncWorker extends PollingWorker {
  constructor(
    private readonly deps: Pick<DomainDeps, "clock" | "store">,
    options: PollingOptions = {},
  ) {
    super("clock sync", { pollMs: 1000, ...options });
  }

  async runOnce(): Promise<number> {
    await syncSandboxClock(this.deps);
    return 0;
  }
}
