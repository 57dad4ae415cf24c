import assert from "node:assert/strict";
import type { ManualClock } from "../../src/platform/clock.ts";

/**
 * Drives a delivery worker whose receiver fails twice then accepts, asserting the shared backoff (10 s, then
 * 20 s) and that nothing more is sent once accepted, even after the whole retry window.
 */
export async function driveTwoRetriesToAcceptance(worker: { runOnce(): Promise<number> }, clock: ManualClock, retryWindowMs: number): Promise<void> {
  assert.equal(await worker.runOnce(), 1);
  assert.equal(await worker.runOnce(), 0, "the retry is not due yet");
  clock.advance(10_000);
  assert.equal(await worker.runOnce(), 1);
  clock.advance(19_999);
  assert.equal(await worker.runOnce(), 0, "the backoff doubled to 20 s");
  clock.advance(1);
  assert.equal(await worker.runOnce(), 1);
  clock.advance(retryWindowMs * 2);
  assert.equal(await worker.runOnce(), 0, "nothing is sent after acceptance");
}
