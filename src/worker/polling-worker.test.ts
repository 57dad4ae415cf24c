import { describe, it, beforeEach, afterEach, mock } from "node:test";
import assert from "node:assert/strict";
import { PollingWorker } from "./polling-worker.ts";

/** The poll is an hour away: a pass that starts at 0 ms was asked for by a wake, never by the poll. */
const POLL_MS = 3_600_000;

/** A worker whose every pass waits until the test releases it, counting the passes started. */
class GatedWorker extends PollingWorker {
  passes = 0;
  private releases: Array<() => void> = [];
  constructor() {
    super("gated", { pollMs: POLL_MS });
  }
  runOnce(): Promise<number> {
    this.passes++;
    return new Promise((resolve) => this.releases.push(() => resolve(0)));
  }
  /** Lets the pass in hand end, then lets the worker's bookkeeping after it (promise callbacks only) run. */
  async finishPass(): Promise<void> {
    const release = this.releases.shift();
    assert.ok(release, "no pass in hand to finish");
    release();
    await new Promise((resolve) => setImmediate(resolve));
  }
  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

describe("the polling worker's wake-again logic", () => {
  let worker: GatedWorker;

  // setTimeout is the test's: the worker's next pass is due only when the test moves the timers on.
  beforeEach(() => {
    mock.timers.enable({ apis: ["setTimeout"] });
    worker = new GatedWorker();
  });
  afterEach(async () => {
    const stopping = worker.stop();
    // The pass the test left in hand ends, so stop() can return.
    worker.releaseAll();
    await stopping;
    mock.timers.reset();
  });

  it("without a wake, the next pass waits for the poll", async () => {
    worker.start();
    assert.equal(worker.passes, 1, "start() did not run a pass");
    await worker.finishPass();
    mock.timers.tick(0);
    assert.equal(worker.passes, 1, "a pass ran before the poll with nothing asking for it");
    mock.timers.tick(POLL_MS);
    assert.equal(worker.passes, 2, "the poll did not run a pass");
  });

  it("a wake() while a pass is in hand runs another pass right after it, not at the next poll", async () => {
    worker.start();
    worker.wake();
    // The wake cannot start a second pass beside the one in hand.
    assert.equal(worker.passes, 1, "wake() ran a pass beside the one in hand");
    await worker.finishPass();
    mock.timers.tick(0);
    assert.equal(worker.passes, 2, "the wake during the pass waited for the next poll");
  });

  it("a poll that comes due while a drain() is in hand runs another pass right after it", async () => {
    worker.start();
    await worker.finishPass();
    const draining = worker.drain();
    assert.equal(worker.passes, 2, "drain() did not run a pass");
    mock.timers.tick(POLL_MS);
    assert.equal(worker.passes, 2, "the poll ran a pass beside drain()'s");
    await worker.finishPass();
    await draining;
    mock.timers.tick(0);
    assert.equal(worker.passes, 3, "the poll that came due during drain() waited for the next poll");
  });
});
