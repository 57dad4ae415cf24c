import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isAdvanceable, ManualClock, SandboxClock, signatureSeconds, systemClock } from "./clock.ts";

describe("clocks", () => {
  it("a sandbox clock is real time plus an offset that only grows; signatures use real time", () => {
    const real = new ManualClock(1_000_000);
    const clock = new SandboxClock(real);
    clock.advance(5_000);
    real.advance(1_000);
    assert.equal(clock.now(), 1_006_000);
    assert.equal(clock.wallNow(), 1_001_000);
    assert.equal(signatureSeconds(clock), 1001);
    assert.throws(() => clock.advance(-1), RangeError);
    assert.equal(clock.offset, 5_000);
  });

  it("a manual clock's signatures follow the manual time; only manual and sandbox clocks can be advanced", () => {
    assert.equal(signatureSeconds(new ManualClock(42_000)), 42);
    assert.equal(isAdvanceable(new ManualClock(0)), true);
    assert.equal(isAdvanceable(new SandboxClock()), true);
    assert.equal(isAdvanceable(systemClock), false);
  });
});
