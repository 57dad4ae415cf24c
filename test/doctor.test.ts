/** `essd doctor` on an embedded installation: healthy exits 0; each problem is one line and a non-zero exit. */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRuntime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { authorizeOperator } from "../src/domain/operators.ts";
import { createRegistrationTask } from "../src/domain/registration/tasks.ts";
import { createTenant } from "../src/domain/tenants.ts";
import { takeKeyFileLock } from "../src/platform/key-file-lock.ts";
import { keyFileOf, readKeyFile, writeKeyFile } from "../src/platform/master-key.ts";
import { CREDIT_CODES } from "./support/identities.ts";

const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const doctor = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [ESSD, "doctor", ...args], { env: { ...process.env, ESSD_MASTER_KEY: "", ...env } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe("essd doctor", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-doctor-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("finds a fresh installation healthy, then names a wrong master key and a task stuck past its lease", async () => {
    const runtime = await createRuntime(loadConfig({ dataDir, logLevel: "silent" }, {}), { logger: false });
    try {
      const tenant = await createTenant(runtime.domain, { name: "体检测试有限公司" });
      const acting = await authorizeOperator(runtime.domain, tenant.OrganizationId, tenant.OperatorUserId);
      await createRegistrationTask(runtime.domain, acting, { organizations: [{ OrganizationName: "体检企业有限公司", UniformSocialCreditCode: CREDIT_CODES[0], LegalName: "张三" }], endpoint: "PC", batchAuthMethod: 0 });
    } finally {
      await runtime.stop();
    }
    const healthy = await doctor(["--data-dir", dataDir, "--json"]);
    assert.equal(healthy.code, 0, healthy.stdout);
    const report = JSON.parse(healthy.stdout);
    assert.equal(report.healthy, true);
    assert.deepEqual(
      ["disk", "store", "schema", "integrity", "master key", "registration queue"].filter((c) => !report.findings.some((f: { check: string }) => f.check === c)),
      [],
    );

    // A node that claimed the task and died: its lease (1 ms) has run out.
    const crashed = await createRuntime(loadConfig({ dataDir, logLevel: "silent" }, {}), { logger: false });
    try {
      assert.ok(await crashed.domain.store.claimRegistrationTask(Date.now(), 1));
    } finally {
      await crashed.stop();
    }
    const sick = await doctor(["--data-dir", dataDir], { ESSD_MASTER_KEY: randomBytes(32).toString("hex") });
    assert.equal(sick.code, 1);
    const lines = sick.stdout.trim().split("\n");
    assert.equal(lines.length, 2, sick.stdout);
    assert.match(lines[0]!, /^master key: ESSD_MASTER_KEY is not the key this store was created with/);
    assert.match(lines[1]!, /^registration queue: 1 item claimed past its lease \(a node died holding it, or is stuck\)/);
  });

  it("counts one sealed value in good English and reports a master.key.lock left behind, stale or held", async () => {
    const fresh = mkdtempSync(join(tmpdir(), "essd-doctor-lock-"));
    try {
      // A fresh store seals one value (the lookup key) under the key it made.
      await (await createRuntime(loadConfig({ dataDir: fresh, logLevel: "silent" }, {}), { logger: false })).stop();
      const healthy = JSON.parse((await doctor(["--data-dir", fresh, "--json"])).stdout);
      const sealed = healthy.findings.find((f: { check: string }) => f.check === "sealed values");
      assert.match(sealed?.detail ?? "", /^1 sealed value is under the active key \w+$/, JSON.stringify(healthy.findings));
      assert.equal(healthy.findings.some((f: { check: string }) => f.check === "master key lock"), false, "a lock reported where there is none");

      // A rotation killed midway: its pid runs no more on this host.
      const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid!;
      const killed = takeKeyFileLock(keyFileOf(fresh), "rotate", { pid: deadPid });
      const stale = await doctor(["--data-dir", fresh]);
      assert.equal(stale.code, 1);
      assert.match(stale.stdout, new RegExp(`^master key lock: .*master\\.key\\.lock is stale: essd master-key rotate \\(pid ${deadPid}, since .+\\) no longer runs on this host\\. It is safe to remove; the next essd master-key rotate or retire takes it over`, "m"));
      killed.release();

      // A rotation running now (this test's own pid holds the lock), its new key first in the file and the
      // sealed value still under the old one: the doctor does not tell the user to start another.
      const running = takeKeyFileLock(keyFileOf(fresh), "rotate");
      writeKeyFile(keyFileOf(fresh), [randomBytes(32), ...readKeyFile(keyFileOf(fresh))]);
      try {
        const busy = await doctor(["--data-dir", fresh]);
        assert.equal(busy.code, 1);
        assert.match(busy.stdout, new RegExp(`^master key lock: essd master-key rotate \\(pid ${process.pid}, since .+\\) is running and holds .*master\\.key\\.lock: a rotation is in progress;`, "m"));
        assert.match(busy.stdout, /^sealed values: 1 under \w+ \(old\) of 1: the rotation in progress re-seals them$/m);
        assert.doesNotMatch(busy.stdout, /stale|run essd master-key rotate/);
      } finally {
        running.release();
      }
      const unfinished = await doctor(["--data-dir", fresh]);
      assert.match(unfinished.stdout, /^sealed values: 1 under \w+ \(old\) of 1: run essd master-key rotate$/m, "once the lock is gone, the doctor says to run it");

      // Held from another host: nothing here can tell whether it still runs.
      const elsewhere = takeKeyFileLock(keyFileOf(fresh), "retire", { pid: deadPid, host: "another-host" });
      try {
        const unknown = await doctor(["--data-dir", fresh]);
        assert.match(unknown.stdout, /^master key lock: .*master\.key\.lock is held by essd master-key retire \(pid \d+, since .+\) on another-host, which cannot be checked from here/m);
      } finally {
        elsewhere.release();
      }
      const released = await doctor(["--data-dir", fresh]);
      assert.doesNotMatch(released.stdout, /master key lock/, "a released lock still reported");
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("says when the data directory holds no store", async () => {
    const empty = await doctor(["--data-dir", join(dataDir, "nothing-here")]);
    assert.equal(empty.code, 1);
    assert.match(empty.stdout, /^store: .*essd\.sqlite does not exist/);
  });
});
