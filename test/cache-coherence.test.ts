/**
 * The API's read cache (keys, organizations, operators, faults) never outlives a change: on the node that made
 * it at once, on other PostgreSQL nodes when the NOTIFY arrives, and on SQLite when another process (the CLI)
 * commits. The backstop TTL is set to ten minutes here, so only invalidation can make these tests pass.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, type Runtime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { revokeApiKey } from "../src/domain/api-keys.ts";
import { addFault } from "../src/domain/faults.ts";
import { createTenant, type CreatedTenant } from "../src/domain/tenants.ts";
import { issueLink } from "../src/domain/links.ts";
import type { DomainDeps } from "../src/domain/deps.ts";
import { openPostgresStore } from "../src/store/postgres.ts";
import type { Store } from "../src/store/ports.ts";
import { openSqliteStore } from "../src/store/sqlite.ts";
import { eventually } from "./support/eventually.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { callAs } from "./support/signed-request.ts";

const LONG_TTL_MS = 600_000;
const ACTION = "DescribeIntegrationEmployees";

async function node(store: Store, masterKey: Buffer): Promise<{ runtime: Runtime; url: string }> {
  const config = loadConfig({ port: 0, rateLimit: 1_000_000, logLevel: "silent" }, {});
  const runtime = await createRuntime(config, { store, masterKey, logger: false, background: false, readCacheTtlMs: LONG_TTL_MS });
  return { runtime, url: await runtime.start() };
}

const codeOf = async (url: string, tenant: CreatedTenant): Promise<string> => (await callAs(url, tenant, ACTION, { Limit: 1 })).Error?.Code ?? "OK";

/** Calls twice, so the second answer surely came from a warm cache. */
async function warm(url: string, tenant: CreatedTenant): Promise<void> {
  assert.equal(await codeOf(url, tenant), "OK");
  assert.equal(await codeOf(url, tenant), "OK");
}

/** A batch link of `tenant`'s, issued through `domain`; answers its short code. */
async function shortLink(domain: DomainDeps, tenant: CreatedTenant): Promise<string> {
  const issued = await issueLink(domain, { kind: "batch-authorization", organizationId: tenant.OrganizationId, target: { subTaskIds: [] }, ttlMs: 86_400_000 });
  return issued.shortCode;
}

const redirectStatus = async (url: string, code: string): Promise<number> => (await fetch(`${url}/s/${code}`, { redirect: "manual" })).status;

describe("read caches on two PostgreSQL nodes", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let a: { runtime: Runtime; url: string };
  let b: { runtime: Runtime; url: string };
  const masterKey = randomBytes(32);
  const open = () => openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 });

  before(async () => {
    database = await createTestDatabase("cache");
    a = await node(open(), masterKey);
    b = await node(open(), masterKey);
    // Both nodes listen before anything is cached (until then the cache steps aside).
    await eventually("both nodes listening", () => a.runtime.domain.store.changes?.live && b.runtime.domain.store.changes?.live);
  });
  after(async () => {
    await a?.runtime.stop();
    await b?.runtime.stop();
    await database?.drop();
  });

  it("a key revoked on one node is refused there at once, and on the other once PostgreSQL notifies it", async () => {
    const tenant = await createTenant(a.runtime.domain, { name: "缓存吊销测试有限公司" });
    await warm(a.url, tenant);
    await warm(b.url, tenant);
    await revokeApiKey(a.runtime.domain, tenant.SecretId);
    assert.equal(await codeOf(a.url, tenant), "AuthFailure.SecretIdNotFound");
    await eventually("node b refuses the revoked key", async () => (await codeOf(b.url, tenant)) === "AuthFailure.SecretIdNotFound");
  });

  it("an operator who left, by any writer of the database, can no longer act on either node", async () => {
    const tenant = await createTenant(a.runtime.domain, { name: "缓存离职测试有限公司" });
    await warm(a.url, tenant);
    await warm(b.url, tenant);
    await database.query("update employees set quit = 1 where id = $1", [tenant.OperatorUserId]);
    for (const { url } of [a, b]) {
      await eventually("the operator refused", async () => (await codeOf(url, tenant)) === "OperationDenied.UserNotInOrganization");
    }
  });

  it("a fault injected through one node fails the next call on the other", async () => {
    const tenant = await createTenant(a.runtime.domain, { name: "缓存故障测试有限公司" });
    await warm(b.url, tenant);
    await addFault(a.runtime.domain, tenant.OrganizationId, { kind: "next-call", action: ACTION, code: "FailedOperation.CacheProbe" });
    await eventually("node b answers the injected fault", async () => (await codeOf(b.url, tenant)) === "FailedOperation.CacheProbe");
    // Consumed by that call: the next one succeeds again, on either node.
    assert.equal(await codeOf(b.url, tenant), "OK");
    assert.equal(await codeOf(a.url, tenant), "OK");
  });

  it("a link issued on one node redirects on the other at once; reset on one, it is gone on both", async () => {
    const tenant = await createTenant(a.runtime.domain, { name: "缓存链接测试有限公司" });
    const code = await shortLink(a.runtime.domain, tenant);
    // Links not found are never kept, and inserts notify nobody: the other node must find it on its first try.
    assert.equal(await redirectStatus(b.url, code), 302);
    assert.equal(await redirectStatus(b.url, code), 302);
    assert.equal(await redirectStatus(a.url, code), 302);
    await database.query("delete from links where organization_id = $1", [tenant.OrganizationId]);
    for (const { url } of [a, b]) await eventually("the removed link unknown", async () => (await redirectStatus(url, code)) === 404);
  });
});

describe("read cache on the embedded store", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "essd-cache-"));
  const file = join(dir, "essd.sqlite");
  let server: { runtime: Runtime; url: string };
  // The poll between calls never runs here (an hour): only the check each arriving request makes can see a commit.
  before(async () => (server = await node(openSqliteStore(file, { foreignWritePollMs: 3_600_000 }), randomBytes(32))));
  after(async () => {
    await server?.runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a key revoked by another process on the same file (the CLI) is refused on the server's very next call", async () => {
    const tenant = await createTenant(server.runtime.domain, { name: "缓存命令行测试有限公司" });
    await warm(server.url, tenant);
    // Another connection to the file, as `essd key revoke --data-dir` opens it.
    const cli = openSqliteStore(file);
    try {
      assert.ok(await cli.revokeApiKey(tenant.SecretId, Date.now()));
    } finally {
      await cli.close();
    }
    assert.equal(await codeOf(server.url, tenant), "AuthFailure.SecretIdNotFound");
  });

  it("a link another process removes is unknown once the foreign-write poll has run, not necessarily on the next request", async () => {
    // No essd command but the server removes links (a sandbox reset runs in the server, which hears its own
    // writes at once), so the link lanes leave other processes' commits to the poll (read-cache.ts): a server
    // that polls every 50 ms on a file of its own.
    const linkDir = mkdtempSync(join(tmpdir(), "essd-cache-links-"));
    const linkFile = join(linkDir, "essd.sqlite");
    const polled = await node(openSqliteStore(linkFile, { foreignWritePollMs: 50 }), randomBytes(32));
    try {
      const tenant = await createTenant(polled.runtime.domain, { name: "缓存链接命令行测试有限公司" });
      const code = await shortLink(polled.runtime.domain, tenant);
      assert.equal(await redirectStatus(polled.url, code), 302);
      assert.equal(await redirectStatus(polled.url, code), 302);
      const other = openSqliteStore(linkFile);
      try {
        assert.equal((await other.deleteRegistrationData(tenant.OrganizationId)).links, 3);
      } finally {
        await other.close();
      }
      await eventually("the removed link unknown", async () => (await redirectStatus(polled.url, code)) === 404);
    } finally {
      await polled.runtime.stop();
      rmSync(linkDir, { recursive: true, force: true });
    }
  });
});
