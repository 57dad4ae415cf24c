/** Every `essd serve` a test starts ends with the test process, however that ends: none is left running. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "./support/eventually.ts";

const FIXTURE = join(import.meta.dirname, "support", "fixtures", "abandon-essd.ts");

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("essd processes started by tests", { timeout: 90_000 }, () => {
  for (const how of ["throw", "sigterm"]) {
    it(`are killed when the test process ends by ${how === "throw" ? "an uncaught error" : "SIGTERM"}`, async (t) => {
      const dataDir = mkdtempSync(join(tmpdir(), "essd-abandon-"));
      t.after(() => rmSync(dataDir, { recursive: true, force: true }));
      const test = spawn(process.execPath, ["--import", "tsx", FIXTURE, dataDir, how], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      test.stdout.on("data", (chunk) => (output += chunk));
      test.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => test.once("close", resolve));
      let pid: number | undefined;
      try {
        assert.notEqual(await exited, 0, "the fixture ends as a failing test does");
        pid = Number(/essd pid (\d+)/.exec(output)?.[1]);
        assert.ok(pid > 0, output);
        await eventually(`essd ${pid} to be gone`, () => !alive(pid!), 10_000);
      } finally {
        // The check itself leaves nothing behind either.
        test.kill("SIGKILL");
        if (pid && alive(pid)) process.kill(pid, "SIGKILL");
      }
    });
  }
});
