export interface PollingOptions {
  /** How often to look for due work when nothing woke the worker (other nodes' work, retries). */
  pollMs?: number;
  logError?(fields: Record<string, unknown>, message: string): void;
  /** Told of every item handled: the job's log line and metrics. */
  onJob?(job: JobReport): void;
}

/** One item a worker handled: which, at which attempt, how it ended and how long it took. */
export interface JobReport {
  id: string;
  attempt: number;
  /** What became of it: done, retry, delivered, sent, failed… */
  outcome: string;
  ms: number;
}

type State = "idle" | "running" | "stopping" | "stopped";

/**
 * The loop every background worker shares: `runOnce()` drains what is due now; `start()` loops on it every
 * `pollMs`, `wake()` runs it at once, `drain()` waits for the pass in hand and runs one more (what tests and the
 * runtime's `drainAll()` wait on instead of sleeping), `stop()` waits for the work in hand. One pass at a time.
 */
export abstract class PollingWorker {
  private state: State = "idle";
  private timer: NodeJS.Timeout | undefined;
  /** The pass running now (the loop's or drain()'s), settling with how many items it handled. */
  private draining: Promise<number> | undefined;
  private wakeRequested = false;
  private readonly pollMs: number;

  constructor(
    /** Names the worker in logs. */
    private readonly name: string,
    protected readonly options: PollingOptions,
  ) {
    this.pollMs = options.pollMs ?? 500;
  }

  /** Runs every item due now, one after another; resolves with how many ran. */
  abstract runOnce(): Promise<number>;

  /**
   * The claim loop of the leased-work workers: claims and handles items, `lanes` at a time, until none is due or a
   * stop was asked for; answers how many were handled. `handle` answers the item's outcome, reported to onJob.
   */
  protected async drainClaims<T extends { id: string; attempts: number }>(claim: () => Promise<T | undefined>, handle: (item: T) => Promise<string>, lanes = 1): Promise<number> {
    let ran = 0;
    // Each lane claims its next item as soon as its last one is done: one slow item holds up its lane only.
    const lane = async () => {
      for (;;) {
        if (this.stopping) return;
        const item = await claim();
        if (!item) return;
        ran++;
        const startedAt = performance.now();
        const outcome = await handle(item);
        this.options.onJob?.({ id: item.id, attempt: item.attempts, outcome, ms: Math.round((performance.now() - startedAt) * 10) / 10 });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
    return ran;
  }

  /** Whether runOnce should stop claiming (a stop was asked for). */
  protected get stopping(): boolean {
    return this.state === "stopping" || this.state === "stopped";
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

  /**
   * Waits for the pass in hand, then runs one of its own: everything due now has been handled when it resolves.
   * Answers how many items both handled (the pass in hand may have made work for other workers). A failing claim
   * rejects here, where the loop would only log it.
   */
  async drain(): Promise<number> {
    let ran = 0;
    while (this.draining) ran += await this.draining;
    return ran + (await this.pass());
  }

  /** Stops claiming new work and waits for the item in hand to finish. */
  async stop(): Promise<void> {
    if (this.state === "stopped") return;
    this.state = "stopping";
    clearTimeout(this.timer);
    await this.draining;
    this.state = "stopped";
  }

  private tick(): void {
    if (this.state !== "running") return;
    // The pass in hand (a drain()'s) looks again when it ends.
    if (this.draining) {
      this.wakeRequested = true;
      return;
    }
    this.pass().catch((error) => this.options.logError?.({ err: error }, `${this.name} could not claim work`));
  }

  /** Runs runOnce as the one pass in hand; when it ends, a running loop looks again: at once if woken meanwhile. */
  private pass(): Promise<number> {
    const pass = this.runOnce();
    this.draining = pass
      .catch(() => 0)
      .finally(() => {
        this.draining = undefined;
        if (this.state !== "running") return;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.tick(), again ? 0 : this.pollMs);
      });
    return pass;
  }
}
