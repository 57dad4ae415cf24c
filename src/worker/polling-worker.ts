export interface PollingOptions {
  /** How often to look for due work when nothing woke the worker (other nodes' work, retries). */
  pollMs?: number;
  logError?(fields: Record<string, unknown>, message: string): void;
}

type State = "idle" | "running" | "stopping" | "stopped";

/**
 * The loop every background worker shares: `runOnce()` drains what is due now (tests, "advance the clock then
 * drain"); `start()` loops on it every `pollMs`, `wake()` runs it at once, `stop()` waits for the work in hand.
 */
export abstract class PollingWorker {
  private state: State = "idle";
  private timer: NodeJS.Timeout | undefined;
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
   * The claim loop of the leased-work workers: claims and handles one item after another until none is due or a
   * stop was asked for; answers how many were handled.
   */
  protected async drainClaims<T>(claim: () => Promise<T | undefined>, handle: (item: T) => Promise<void>): Promise<number> {
    let ran = 0;
    for (;;) {
      if (this.stopping) return ran;
      const item = await claim();
      if (!item) return ran;
      ran++;
      await handle(item);
    }
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

  /** Stops claiming new work and waits for the item in hand to finish. */
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
        this.options.logError?.({ err: error }, `${this.name} could not claim work`);
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
