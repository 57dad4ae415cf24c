/**
 * Two `essd master-key rotate` against one store that master.key.lock cannot see each other through: two nodes
 * of one PostgreSQL database (each its own data directory and key file), and keys given by ESSD_MASTER_KEY (no
 * key file at all). The store's own lock lets one run and refuses the other; a rotation killed midway leaves a
 * lock that `essd doctor` reports as stale and that the next run takes over, continuing the rotation.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { keyIdOf, readKeyFile } from "../src/platform/master-key.ts";
import { openPostgresStore } from "../src/store/postgres.ts";
import { openSqliteStore } from "../src/store/sqlite.ts";
import { createTestDatabase } from "./support/postgres.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const BASE_ENV = { ...process.env, ESSD_MASTER_KEY: "", ESSD_LOG_LEVEL: "warn" };
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const cleanup of cleanups) await cleanup();
});

interface Outcome {
  child: ChildProcess;
  args: string[];
  /** "paused": it holds the lock (the test hook stops it after its first batch); else it exited with `code`. */
  state: "paused" | "exited";
  code?: number | null;
  output: string;
}

function startRotation(args: string[], env: Record<string, string>): Promise<Outcome> {
  const child = spawn(process.execPath, [ESSD, "master-key", "rotate", "--batch-size", "1", ...args], {
    env: { ...BASE_ENV, ...env, ESSD_TEST_ROTATION_PAUSE_AFTER_BATCHES: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("paused after 1 batch\n")) resolve({ child, args, state: "paused", output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("close", (code) => resolve({ child, args, state: "exited", code, output }));
  });
}

const essd = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [ESSD, ...args], { env: { ...BASE_ENV, ...env } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
  );

async function killed(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("close", resolve));
}

/** Two rotations at once: one pauses holding the lock, the other is refused. Answers both. */
async function race(a: string[], b: string[], env: Record<string, string>, refusal: RegExp) {
  const outcomes = await Promise.all([startRotation(a, env), startRotation(b, env)]);
  const rotating = outcomes.filter((o) => o.state === "paused");
  const refused = outcomes.filter((o) => o.state === "exited");
  assert.equal(rotating.length, 1, outcomes.map((o) => o.output).join("\n---\n"));
  assert.equal(refused[0]!.code, 1);
  assert.match(refused[0]!.output, refusal);
  assert.doesNotMatch(refused[0]!.output, /New master key|Re-sealing/, "the refused one started anyway");
  return { rotating: rotating[0]!, refused: refused[0]! };
}

const HOLDER = String.raw`essd master-key rotate \(pid (\d+) on [^,]+, since [^,)]+`;

describe("the store's master key lock, where master.key.lock cannot help", { timeout: 180_000 }, () => {
  it("PostgreSQL, two nodes with key files of their own: one rotates, the other is refused; killed, its lock is stale and taken over", async () => {
    const database = await createTestDatabase("mkstorelock");
    const [dirA, dirB] = [mkdtempSync(join(tmpdir(), "essd-mksl-a-")), mkdtempSync(join(tmpdir(), "essd-mksl-b-"))];
    cleanups.push(() => database.drop(), () => rmSync(dirA, { recursive: true, force: true }), () => rmSync(dirB, { recursive: true, force: true }));
    const nodeA = ["--data-dir", dirA, "--database-url", database.url];
    const nodeB = ["--data-dir", dirB, "--database-url", database.url];
    await essd(["master-key", "status", ...nodeA], {});
    copyFileSync(join(dirA, "master.key"), join(dirB, "master.key"));

    const { rotating, refused } = await race(nodeA, nodeB, {}, new RegExp(`${HOLDER}, PostgreSQL session \\d+\\) holds this store's master key lock; nothing was done`));
    const pid = String(rotating.child.pid);
    assert.equal(refused.output.match(new RegExp(HOLDER))![1], pid, "the refusal names the rotating process");
    const refusedDir = refused.args[1]!;
    assert.equal(readKeyFile(join(refusedDir, "master.key")).length, 1, "the refused node added a key of its own");
    const newId = rotating.output.match(/New master key (\w+) written first/)![1]!;

    const busy = await essd(["doctor", ...rotating.args], {});
    assert.match(busy.stdout, new RegExp(`^master key store lock: essd master-key rotate \\(pid ${pid} on .+, PostgreSQL session \\d+\\) is running and holds this store's master key lock: a rotation is in progress;`, "m"));

    await killed(rotating.child);
    // PostgreSQL drops the advisory lock once it has seen the session end: waited for, not timed.
    const store = openPostgresStore(database.url, { poolSize: 1, timeoutMs: 5_000 });
    try {
      while ((await store.maintenanceLocks!.inspect("master-key")).state === "held") await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await store.close();
    }
    const stale = await essd(["doctor", ...rotating.args], {});
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, new RegExp(`^master key store lock: this store's master key lock is stale: it was left by essd master-key rotate \\(pid ${pid} .*whose session has ended.*The next essd master-key rotate or retire takes it over`, "m"));

    const resumed = await essd(["master-key", "rotate", ...rotating.args], {});
    assert.equal(resumed.code, 0, resumed.stdout);
    assert.match(resumed.stdout, new RegExp(`Continuing the rotation to ${newId}`));
    assert.match(resumed.stdout, /Done: \d+ values? re-sealed/);
    const status = JSON.parse((await essd(["master-key", "status", ...rotating.args], {})).stdout);
    assert.deepEqual(status.lock, { state: "free" });
    assert.equal(keyIdOf(readKeyFile(join(rotating.args[1]!, "master.key"))[0]!), newId);
  });

  it("SQLite with ESSD_MASTER_KEY (no key file): one rotates, the other is refused; killed, its lock is stale and taken over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "essd-mksl-env-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const [oldKey, newKey] = [randomBytes(32).toString("hex"), randomBytes(32).toString("hex")];
    await essd(["master-key", "status", "--data-dir", dir], { ESSD_MASTER_KEY: oldKey });
    const both = { ESSD_MASTER_KEY: `${newKey},${oldKey}` };

    const { rotating } = await race(["--data-dir", dir], ["--data-dir", dir], both, new RegExp(`${HOLDER}\\) holds this store's master key lock; nothing was done`));
    const pid = String(rotating.child.pid);
    const busy = await essd(["doctor", "--data-dir", dir], both);
    assert.match(busy.stdout, new RegExp(`^master key store lock: essd master-key rotate \\(pid ${pid} on [^,]+, since [^,)]+\\) is running and holds`, "m"));
    assert.match(busy.stdout, /^sealed values: .*the rotation in progress re-seals them$/m);

    await killed(rotating.child);
    const stale = await essd(["doctor", "--data-dir", dir], both);
    assert.match(stale.stdout, new RegExp(`^master key store lock: this store's master key lock is stale: it was left by essd master-key rotate \\(pid ${pid} .*which no longer runs on this host`, "m"));

    const resumed = await essd(["master-key", "rotate", "--data-dir", dir], both);
    assert.equal(resumed.code, 0, resumed.stdout);
    assert.match(resumed.stdout, new RegExp(`Continuing the rotation to ${keyIdOf(Buffer.from(newKey, "hex"))}`));
    const healthy = await essd(["doctor", "--data-dir", dir], both);
    assert.doesNotMatch(healthy.stdout, /master key store lock/);
  });

  it("essd master-key unlock removes a stale lock, never a held one, and one from another host only with --force", async () => {
    const dir = mkdtempSync(join(tmpdir(), "essd-mksl-unlock-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await essd(["master-key", "status", "--data-dir", dir], {});
    const unlock = (...flags: string[]) => essd(["master-key", "unlock", "--data-dir", dir, ...flags], {});
    const store = openSqliteStore(join(dir, "essd.sqlite"));
    try {
      const locks = store.maintenanceLocks!;
      const holder = { purpose: "rotate", host: hostname(), pid: process.pid, since: new Date(0).toISOString(), token: "t" };

      const held = await locks.take("master-key", holder); // this test's own pid: alive
      const refused = await unlock("--force");
      assert.equal(refused.code, 1);
      assert.match(refused.stdout, new RegExp(`essd master-key rotate \\(pid ${process.pid} on .+\\) holds this store's master key lock; nothing was done`));
      assert.equal((await locks.inspect("master-key")).state, "held");
      await held.release();
      assert.match((await unlock()).stdout, /^No master key lock is held in this store\.$/m);

      await locks.take("master-key", { ...holder, pid: spawnSync(process.execPath, ["-e", "0"]).pid! });
      const removed = await unlock();
      assert.equal(removed.code, 0, removed.stdout);
      assert.match(removed.stdout, /^Removed this store's master key lock, left by essd master-key rotate \(pid \d+ on /m);
      assert.deepEqual(await locks.inspect("master-key"), { state: "free" });

      await locks.take("master-key", { ...holder, host: "another-host" });
      const unchecked = await unlock();
      assert.equal(unchecked.code, 1);
      assert.match(unchecked.stdout, /on another-host, since .+\), which cannot be checked from here: if that process is gone, essd master-key unlock --force removes it/);
      assert.equal((await unlock("--force")).code, 0);
      assert.deepEqual(await locks.inspect("master-key"), { state: "free" });
    } finally {
      await store.close();
    }
  });
});
