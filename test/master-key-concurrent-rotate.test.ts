import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { keyIdOf, readKeyFile } from "../src/platform/master-key.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const ENV = { ...process.env, ESSD_MASTER_KEY: "", ESSD_LOG_LEVEL: "warn" };

interface Outcome {
  child: ChildProcess;
  /** "paused": it holds the rotation (the test hook stops it after its first batch); else it exited with `code`. */
  state: "paused" | "exited";
  code?: number | null;
  output: string;
}

/** Starts a rotation that the test hook stops after one batch; resolves once it has paused or exited. */
function startRotation(dataDir: string): Promise<Outcome> {
  const child = spawn(process.execPath, [ESSD, "master-key", "rotate", "--batch-size", "1", "--data-dir", dataDir], {
    env: { ...ENV, ESSD_TEST_ROTATION_PAUSE_AFTER_BATCHES: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("paused after 1 batch\n")) resolve({ child, state: "paused", output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("close", (code) => resolve({ child, state: "exited", code, output }));
  });
}

describe("two essd master-key rotate started at the same moment, keys in master.key", { timeout: 120_000 }, () => {
  let dataDir: string;
  const started: ChildProcess[] = [];
  const keyFile = () => join(dataDir, "master.key");

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "essd-mkc-"));
    // The store, its sealed values and master.key exist before the two runs, as in an installation that served.
    await run(process.execPath, [ESSD, "master-key", "status", "--data-dir", dataDir], { env: ENV });
  });

  after(() => {
    for (const child of started) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets one rotate and refuses the other, so exactly one new key is added; a killed rotation's lock is taken over", async () => {
    const [oldKey] = readKeyFile(keyFile());
    const outcomes = await Promise.all([startRotation(dataDir), startRotation(dataDir)]);
    started.push(...outcomes.map((o) => o.child));
    const rotating = outcomes.filter((o) => o.state === "paused");
    const refused = outcomes.filter((o) => o.state === "exited");
    assert.equal(rotating.length, 1, outcomes.map((o) => o.output).join("\n---\n"));
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.code, 1);
    assert.match(refused[0]!.output, /essd master-key rotate \(pid \d+ on .+, since .+\) holds this store's master key lock; nothing was done/);

    const keys = readKeyFile(keyFile());
    assert.equal(keys.length, 2, "exactly one new key");
    assert.equal(keyIdOf(keys[1]!), keyIdOf(oldKey!));
    const newId = keyIdOf(keys[0]!);
    assert.match(rotating[0]!.output, new RegExp(`New master key ${newId} written first`), "the key the rotation seals with is the one in the file");

    // A retirement meanwhile is refused as well: it would rewrite the file under the rotation.
    const retiring = await run(process.execPath, [ESSD, "master-key", "retire", "--data-dir", dataDir], { env: ENV }).then(
      () => assert.fail("retire ran beside a rotation"),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(retiring.code, 1);
    assert.match(retiring.stderr, /essd master-key rotate \(pid \d+/);

    // Killed midway, it leaves its lock behind; the next run takes it over (its holder is gone) and continues.
    const killed = rotating[0]!.child;
    killed.kill("SIGKILL");
    await new Promise((resolve) => (killed.exitCode === null && killed.signalCode === null ? killed.once("close", resolve) : resolve(undefined)));
    assert.ok(existsSync(`${keyFile()}.lock`), "the killed rotation's lock is still there");
    const { stdout } = await run(process.execPath, [ESSD, "master-key", "rotate", "--data-dir", dataDir], { env: ENV });
    assert.match(stdout, new RegExp(`Continuing the rotation to ${newId}`));
    assert.match(stdout, /Done: \d+ values? re-sealed/);
    assert.deepEqual(readKeyFile(keyFile()).map(keyIdOf), [newId, keyIdOf(oldKey!)]);
    assert.equal(existsSync(`${keyFile()}.lock`), false, "the lock is released when the rotation ends");
  });
});
