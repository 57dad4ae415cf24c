/**
 * The admin token as an operator meets it: printed once by the first `essd serve`, kept in <data-dir>/admin-token
 * (0600), named (not printed) by later starts, and shown by `essd admin-token`.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { spawnEssd, stopEssd, type EssdProcess } from "../../test/support/essd-process.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "..", "bin", "essd.js");

async function bannerOf(p: EssdProcess): Promise<string> {
  await p.waitForOutput(/Review console: .*\n(.*\n)?/);
  return p.output();
}

describe("essd serve and essd admin-token", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-admin-cli-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints the token at the first start only, and keeps it in <data-dir>/admin-token", async () => {
    const first = await spawnEssd(["--data-dir", dataDir]);
    let firstBanner: string;
    try {
      firstBanner = await bannerOf(first);
    } finally {
      await stopEssd(first);
    }
    const file = join(dataDir, "admin-token");
    const token = readFileSync(file, "utf8").trim();
    assert.match(token, /^essd_admin_[0-9A-Za-z]{64}$/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(firstBanner.includes(token), firstBanner);
    assert.match(firstBanner, /Review console: http:\/\/127\.0\.0\.1:\d+\/review/);

    const second = await spawnEssd(["--data-dir", dataDir]);
    let secondBanner: string;
    try {
      secondBanner = await bannerOf(second);
      // The console answers (sign-in form) whatever the mode.
      const page = await fetch(`${second.url}/review`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /name="token"/);
    } finally {
      await stopEssd(second);
    }
    assert.ok(!secondBanner.includes(token), "printed once only");
    assert.ok(secondBanner.includes(file), secondBanner);

    const shown = await run(process.execPath, [ESSD, "admin-token", "--data-dir", dataDir]);
    assert.equal(shown.stdout.trim(), token);
    const json = await run(process.execPath, [ESSD, "admin-token", "--data-dir", dataDir, "--json"]);
    assert.deepEqual(JSON.parse(json.stdout), { AdminToken: token, File: file });

    // A token printed into a log at the first start can be replaced.
    const rotated = JSON.parse((await run(process.execPath, [ESSD, "admin-token", "--rotate", "--json", "--data-dir", dataDir])).stdout);
    assert.match(rotated.AdminToken, /^essd_admin_[0-9A-Za-z]{64}$/);
    assert.notEqual(rotated.AdminToken, token);
    assert.equal(readFileSync(file, "utf8").trim(), rotated.AdminToken);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const third = await spawnEssd(["--data-dir", dataDir]);
    try {
      const signIn = (candidate: string) =>
        fetch(`${third.url}/review/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: candidate }).toString(), redirect: "manual" });
      assert.equal((await signIn(token)).status, 401, "the old token no longer signs in");
      assert.equal((await signIn(rotated.AdminToken)).status, 303);
    } finally {
      await stopEssd(third);
    }
  });
});
