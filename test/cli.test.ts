import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { sdkClient } from "./support/sdk-client.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const essd = (...args: string[]) => run(process.execPath, [ESSD, ...args], { env: { ...process.env, ESSD_LOG_LEVEL: "info" } });

/** `essd serve` on `dataDir` at the default log level (its access lines are checked), once its banner is printed. */
const serve = (dataDir: string) => spawnEssd(["--data-dir", dataDir, "--log-level", "info"]);

const client = (server: EssdProcess, secretId: string, secretKey: string) => sdkClient({ endpoint: new URL(server.url).host }, { SecretId: secretId, SecretKey: secretKey });

describe("essd command line", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-cli-"));
  let server: EssdProcess;
  before(async () => {
    server = await serve(dataDir);
  });
  after(async () => {
    if (server) await stopEssd(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates a demo tenant on an empty store, prints it once and saves it readable only by the owner", async () => {
    const demo = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));
    assert.match(demo.OrganizationId, /^yD[0-9A-Za-z]{30}$/);
    assert.match(demo.SecretId, /^AKID[0-9A-Za-z]{32}$/);
    assert.equal(statSync(join(dataDir, "demo-tenant.json")).mode & 0o777, 0o600);
    assert.ok(server.output().includes(demo.SecretKey), "the banner shows the SecretKey once");
    const answer = await client(server, demo.SecretId, demo.SecretKey).DescribeIntegrationEmployees({ Operator: { UserId: demo.OperatorUserId } });
    assert.equal(answer.TotalCount, 1);
  });

  it("creates tenants, sub-enterprises and keys while the server runs, and the server accepts them at once", async () => {
    const { stdout } = await essd("tenant", "create", "--name", "CLI测试有限公司", "--data-dir", dataDir, "--json");
    const tenant = JSON.parse(stdout);
    assert.deepEqual(Object.keys(tenant).sort(), ["OperatorUserId", "OrganizationId", "OrganizationName", "SecretId", "SecretKey"]);
    assert.equal(tenant.OrganizationName, "CLI测试有限公司");

    const sub = JSON.parse((await essd("tenant", "create", "--name", "CLI子企业", "--parent", tenant.OrganizationId, "--data-dir", dataDir, "--json")).stdout);
    const listed = await client(server, tenant.SecretId, tenant.SecretKey).DescribeIntegrationEmployees({
      Operator: { UserId: tenant.OperatorUserId },
      Agent: { ProxyOrganizationId: sub.OrganizationId },
    });
    assert.equal(listed.Employees?.[0]?.UserId, sub.OperatorUserId);

    const key = JSON.parse((await essd("key", "create", "--org", tenant.OrganizationId, "--data-dir", dataDir, "--json")).stdout);
    assert.equal(key.OrganizationId, tenant.OrganizationId);
    await client(server, key.SecretId, key.SecretKey).DescribeIntegrationEmployees({ Operator: { UserId: tenant.OperatorUserId } });

    await essd("key", "revoke", key.SecretId, "--data-dir", dataDir);
    await assert.rejects(
      client(server, key.SecretId, key.SecretKey).DescribeIntegrationEmployees({ Operator: { UserId: tenant.OperatorUserId } }),
      (error: { code?: string }) => error.code === "AuthFailure.SecretIdNotFound",
    );

    const { stdout: list } = await essd("tenant", "list", "--data-dir", dataDir, "--json");
    const names = JSON.parse(list).map((t: { OrganizationName: string }) => t.OrganizationName);
    assert.deepEqual(names.slice(-2), ["CLI测试有限公司", "CLI子企业"]);
  });

  it("rotates a tenant's key while the server runs: the new key signs at once, the old one until its overlap ends", async () => {
    const tenant = JSON.parse((await essd("tenant", "create", "--name", "轮换测试有限公司", "--data-dir", dataDir, "--json")).stdout);
    const call = (key: { SecretId: string; SecretKey: string }) =>
      client(server, key.SecretId, key.SecretKey).DescribeIntegrationEmployees({ Operator: { UserId: tenant.OperatorUserId } });
    // The overlap runs from the moment the command ran: between the clock read before it and after it, however long
    // it took (the sandbox clock is not advanced in this file, so it reads the system's).
    const notBefore = Date.now();
    const rotated = JSON.parse((await essd("key", "rotate", "--org", tenant.OrganizationId, "--overlap", "3600", "--data-dir", dataDir, "--json")).stdout);
    const notAfter = Date.now();
    assert.equal(rotated.Retiring.length, 1);
    assert.equal(rotated.Retiring[0].SecretId, tenant.SecretId);
    const validUntil = Date.parse(rotated.Retiring[0].ValidUntil);
    assert.ok(validUntil >= notBefore + 3_600_000 && validUntil <= notAfter + 3_600_000, `${rotated.Retiring[0].ValidUntil} is not an hour after the command ran`);
    await call(rotated);
    await call(tenant);

    const again = JSON.parse((await essd("key", "rotate", "--org", tenant.OrganizationId, "--overlap", "0", "--data-dir", dataDir, "--json")).stdout);
    await call(again);
    for (const old of [tenant, rotated]) await assert.rejects(call(old), (error: { code?: string }) => error.code === "AuthFailure.SecretIdNotFound");
  });

  it("keeps SecretKeys and mobiles out of the store file and out of log lines", async () => {
    const tenant = JSON.parse((await essd("tenant", "create", "--name", "加密检查有限公司", "--data-dir", dataDir, "--json")).stdout);
    const mobile = "13912345678";
    await client(server, tenant.SecretId, tenant.SecretKey).CreateIntegrationEmployees({
      Operator: { UserId: tenant.OperatorUserId },
      Employees: [{ DisplayName: "李四", Mobile: mobile }],
    });
    const files = readdirSync(dataDir).filter((f) => f.startsWith("essd.sqlite"));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(dataDir, f))));
    assert.equal(bytes.includes(tenant.SecretKey), false, "SecretKey stored in clear");
    assert.equal(bytes.includes(mobile), false, "mobile stored in clear");
    // The server's stdout reaches this process asynchronously; wait for the access line.
    await server.waitForOutput(/"action":"CreateIntegrationEmployees"/);
    const logLines = server.output().split("\n").filter((l) => l.startsWith("{"));
    assert.ok(logLines.some((l) => l.includes('"action":"CreateIntegrationEmployees"')), "access log written");
    assert.equal(logLines.some((l) => l.includes(tenant.SecretKey) || l.includes(mobile)), false);
  });

  it("prints no credentials on a restart, and refuses a different master key", async () => {
    assert.equal(await stopEssd(server), 0);
    server = await serve(dataDir);
    assert.ok(!server.output().includes("SecretKey"), "credentials are printed only when created");
    await assert.rejects(
      run(process.execPath, [ESSD, "tenant", "list", "--data-dir", dataDir], { env: { ...process.env, ESSD_MASTER_KEY: "00".repeat(32) } }),
      (error: { stderr?: string }) => /master key does not match/.test(error.stderr ?? ""),
    );
  });

  it("explains every command and flag", async () => {
    const { stdout } = await essd("--help");
    for (const command of ["serve", "tenant", "key"]) assert.match(stdout, new RegExp(`\\b${command}\\b`));
    const serveHelp = (await essd("serve", "--help")).stdout;
    for (const flag of ["--host", "--port", "--data-dir", "--public-url", "--rate-limit"]) assert.ok(serveHelp.includes(flag), flag);
    assert.match((await essd("tenant", "create", "--help")).stdout, /--parent/);
  });
});
