/** The sandbox clock as `clock/advance` moves it: shared by every node through the store, and kept over restarts. */
import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, SandboxClock, type Clock } from "../platform/clock.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import type { Store } from "../store/ports.ts";
import { ClockSyncWorker } from "../worker/clock-sync-worker.ts";
import { advanceClock, syncSandboxClock } from "./sandbox.ts";
import { eventually } from "../../test/support/eventually.ts";

const DAY_MS = 86_400_000;
const fixedReal = (ms: number): Clock => ({ now: () => ms });

describe("the shared sandbox clock", () => {
  let dir: string;
  let store: Store;
  const node = (clock: SandboxClock | ManualClock = new SandboxClock(fixedReal(0))) => ({ clock, store });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "essd-clock-"));
    store = openSqliteStore(join(dir, "essd.sqlite"));
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("moves every node: another node takes the offset on its next sync", async () => {
    const a = node();
    const b = node();
    assert.deepEqual(await advanceClock(a, 86_400), { now: DAY_MS });
    assert.equal(b.clock.now(), 0, "not before it syncs");
    await syncSandboxClock(b);
    assert.equal(b.clock.now(), DAY_MS);
  });

  it("adds advances made at once on two nodes", async () => {
    const a = node();
    const b = node();
    await Promise.all([advanceClock(a, 3600), advanceClock(b, 3600)]);
    await Promise.all([syncSandboxClock(a), syncSandboxClock(b)]);
    assert.deepEqual([a.clock.now(), b.clock.now()], [7_200_000, 7_200_000]);
  });

  it("keeps the offset over a restart, so expired links stay expired", async () => {
    await advanceClock(node(), 8 * 86_400);
    await store.close();
    store = openSqliteStore(join(dir, "essd.sqlite"));
    const restarted = node();
    await syncSandboxClock(restarted);
    assert.equal(restarted.clock.now(), 8 * DAY_MS);
  });

  it("never moves a node back, and a node moved directly advances from where it stands", async () => {
    const ahead = node();
    ahead.clock.advance(5 * DAY_MS);
    await syncSandboxClock(ahead);
    assert.equal(ahead.clock.now(), 5 * DAY_MS, "the store's smaller offset does not pull it back");
    await advanceClock(ahead, 86_400);
    assert.equal(ahead.clock.now(), 6 * DAY_MS);
    const other = node();
    await syncSandboxClock(other);
    assert.equal(other.clock.now(), 6 * DAY_MS, "and the store holds where it went");
  });

  it("leaves a test's manual clock to that test", async () => {
    const manual = node(new ManualClock(1_000));
    await advanceClock(manual, 60);
    assert.equal(manual.clock.now(), 61_000);
    await syncSandboxClock(manual);
    assert.equal(manual.clock.now(), 61_000);
    const sandbox = node();
    await syncSandboxClock(sandbox);
    assert.equal(sandbox.clock.now(), 0, "nothing was stored for it");
  });

  it("a running ClockSyncWorker follows advances made elsewhere", async () => {
    const follower = node();
    const worker = new ClockSyncWorker(follower, { pollMs: 10 });
    worker.start();
    try {
      await advanceClock(node(), 3600);
      await eventually("the follower's clock to move", () => follower.clock.now() >= 3_600_000, 5_000);
      assert.equal(follower.clock.now(), 3_600_000);
    } finally {
      await worker.stop();
    }
  });
});
