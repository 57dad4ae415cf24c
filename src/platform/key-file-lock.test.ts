import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyFileLockedError, lockFileOf, takeKeyFileLock } from "./key-file-lock.ts";

const dir = mkdtempSync(join(tmpdir(), "essd-lock-"));
const keyFile = join(dir, "master.key");
const NOW = () => Date.UTC(2026, 11, 6, 12, 0, 0);

/** A pid that ran a moment ago and runs no more. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", "0"]).pid!;
}

describe("master.key.lock", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is held by one taker at a time, names its holder to the refused one, and is gone once released", () => {
    const first = takeKeyFileLock(keyFile, "rotate", { now: NOW });
    assert.throws(
      () => takeKeyFileLock(keyFile, "retire", { now: NOW, pid: process.pid + 1 }),
      (error: unknown) =>
        error instanceof KeyFileLockedError &&
        error.holder?.pid === process.pid &&
        /essd master-key rotate \(pid \d+ on .+, since 2026-12-06T12:00:00.000Z\) is changing the master key file/.test(error.message),
    );
    assert.ok(existsSync(lockFileOf(keyFile)), "a refused taker leaves the holder's lock alone");
    first.release();
    assert.equal(existsSync(lockFileOf(keyFile)), false);
    takeKeyFileLock(keyFile, "retire").release();
  });

  it("takes over a lock whose holder died on this host", () => {
    const stale = takeKeyFileLock(keyFile, "rotate", { pid: deadPid() });
    const taken = takeKeyFileLock(keyFile, "rotate");
    assert.equal(JSON.parse(readFileSync(lockFileOf(keyFile), "utf8")).pid, process.pid);
    stale.release(); // the dead holder's release must not drop the lock taken over
    assert.ok(existsSync(lockFileOf(keyFile)));
    taken.release();
  });

  it("does not take over a lock held from another host or one it cannot read", () => {
    const elsewhere = takeKeyFileLock(keyFile, "rotate", { pid: deadPid(), host: "another-host" });
    assert.throws(() => takeKeyFileLock(keyFile, "rotate"), /pid \d+ on another-host/);
    elsewhere.release();
    writeFileSync(lockFileOf(keyFile), "not a lock");
    assert.throws(() => takeKeyFileLock(keyFile, "rotate"), /another process is changing the master key file; .* remove .*master\.key\.lock/);
    rmSync(lockFileOf(keyFile));
  });
});
