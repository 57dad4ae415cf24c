/** `essd backup` while `essd serve` runs, then `essd restore` into a new data directory: the same installation. */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRuntime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { createTenant } from "../src/domain/tenants.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { signedCall } from "./support/signed-request.ts";

const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const run = promisify(execFile);
const essd = (...args: string[]) => run(process.execPath, [ESSD, ...args], { env: { ...process.env, ESSD_MASTER_KEY: "" } });

describe("essd backup and essd restore", { timeout: 120_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), "essd-backup-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("round-trip a running installation: tenants, keys, uploaded files; restore refuses to overwrite without --force", async () => {
    const source = join(root, "source");
    const seeded = await createRuntime(loadConfig({ dataDir: source, logLevel: "silent" }, {}), { logger: false });
    let hash: string;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    try {
      tenant = await createTenant(seeded.domain, { name: "备份测试有限公司" });
      hash = await seeded.domain.blobs.put(Buffer.from("a power of attorney, uploaded before the backup"));
    } finally {
      await seeded.stop();
    }

    let server: EssdProcess | undefined;
    const file = join(root, "essd.backup");
    try {
      server = await spawnEssd(["--data-dir", source]);
      // Writes while the backup runs: the server keeps answering.
      const writes = Promise.all(
        Array.from({ length: 10 }, () =>
          signedCall({ url: server!.url, secretId: tenant.SecretId, secretKey: tenant.SecretKey, action: "DescribeIntegrationEmployees", body: { Operator: { UserId: tenant.OperatorUserId }, Limit: 10 } }),
        ),
      );
      const { stdout } = await essd("backup", "--data-dir", source, "--to", file);
      assert.match(stdout, /and 1 uploaded file \(\d+ bytes\)/);
      for (const answer of await writes) assert.equal(answer.json.Response.Error, undefined);
      await assert.rejects(essd("backup", "--data-dir", source, "--to", file), /exists/);
    } finally {
      if (server) await stopEssd(server);
    }

    const target = join(root, "target");
    await essd("restore", "--data-dir", target, "--from", file);
    await assert.rejects(essd("restore", "--data-dir", target, "--from", file), /--force/);
    await essd("restore", "--data-dir", target, "--from", file, "--force");
    assert.ok(!existsSync(join(target, "essd.sqlite.restoring")));
    copyFileSync(join(source, "master.key"), join(target, "master.key"));

    const restored = await createRuntime(loadConfig({ dataDir: target, logLevel: "silent" }, {}), { logger: false });
    try {
      const names = (await restored.domain.store.listOrganizations()).map((o) => o.name).sort();
      assert.ok(names.includes("备份测试有限公司"), names.join());
      assert.equal((await restored.domain.blobs.get(hash))?.toString(), "a power of attorney, uploaded before the backup");
      assert.ok(await restored.domain.store.getApiKey(tenant.SecretId), "the tenant's key came back");
    } finally {
      await restored.stop();
    }
  });
});
