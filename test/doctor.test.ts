/** `essd doctor` on an embedded installation: healthy exits 0; each problem is one line and a non-zero exit. */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
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

  it("says when the data directory holds no store", async () => {
    const empty = await doctor(["--data-dir", join(dataDir, "nothing-here")]);
    assert.equal(empty.code, 1);
    assert.match(empty.stdout, /^store: .*essd\.sqlite does not exist/);
  });
});
