/**
 * The read cache over the embedded store checks SQLite's data_version once per arriving call, not before every
 * answer. These cases make the 200 ms poll never run (an hour) and the TTL ten minutes, so only that check can
 * make another process's commit visible. Links are the exception: the poll alone looks for them (last case).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { T0 } from "./contract-support.ts";
import type { ApiKeyRecord, Store } from "./ports.ts";
import { withReadCache } from "./read-cache.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { KyselyStore } from "./kysely-store.ts";
import Database from "better-sqlite3";
import { eventually } from "../../test/support/eventually.ts";

const HOUR_MS = 3_600_000;
const key = (secretId: string): ApiKeyRecord => ({
  secretId,
  organizationId: "org-a",
  applicationId: null,
  secretKeySealed: `sealed-${secretId}`,
  status: "active",
  createdAt: T0,
  revokedAt: null,
});
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("read cache on SQLite: another process's commit", () => {
  const dir = mkdtempSync(join(tmpdir(), "essd-read-cache-"));
  const file = join(dir, "essd.sqlite");
  let server: KyselyStore;
  let cached: Store;

  /** Revokes through a second connection, as `essd key revoke --data-dir` does while the server runs. */
  async function revokeFromCli(secretId: string): Promise<void> {
    const cli = openSqliteStore(file, { foreignWritePollMs: HOUR_MS });
    try {
      assert.equal(await cli.revokeApiKey(secretId, T0 + 1), true);
    } finally {
      await cli.close();
    }
  }

  before(async () => {
    server = openSqliteStore(file, { foreignWritePollMs: HOUR_MS });
    await server.migrate();
    for (const id of ["AKID1", "AKID2", "AKID3"]) await server.insertApiKey(key(id));
    cached = withReadCache(server, { ttlMs: 600_000 });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is seen by the first answer after the next call arrives, in the same turn of the event loop", async () => {
    assert.equal((await cached.getApiKey("AKID1"))?.status, "active");
    // Cached now: the same turn answers from memory (the stored row is not read again).
    assert.equal((await cached.getApiKey("AKID1"))?.status, "active");
    let turned = false;
    setImmediate(() => (turned = true));
    await revokeFromCli("AKID1");
    assert.equal(turned, false, "the revoke ran within this turn, so only the new call makes the cache look");
    cached.changes!.newCall!();
    assert.equal((await cached.getApiKey("AKID1"))?.status, "revoked");
  });

  it("is seen in the next turn of the event loop without a call (the worker's reads)", async () => {
    assert.equal((await cached.getApiKey("AKID2"))?.status, "active");
    await revokeFromCli("AKID2");
    await nextTurn();
    assert.equal((await cached.getApiKey("AKID2"))?.status, "revoked");
  });

  it("is seen by a call that arrives while an earlier call's answers are cached", async () => {
    cached.changes!.newCall!();
    assert.equal((await cached.getApiKey("AKID3"))?.status, "active");
    assert.equal((await cached.getOrganization("org-a")), undefined);
    await revokeFromCli("AKID3");
    // The first call goes on answering; the second one, arrived after the commit, sees it.
    cached.changes!.newCall!();
    assert.equal((await cached.getApiKey("AKID3"))?.status, "revoked");
  });
});

describe("read cache on SQLite: a link another process removes", () => {
  const dir = mkdtempSync(join(tmpdir(), "essd-read-cache-links-"));
  const file = join(dir, "essd.sqlite");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is answered from memory by the calls until the foreign-write poll hears the commit, then unknown", async () => {
    const server = openSqliteStore(file, { foreignWritePollMs: 20 });
    try {
      await server.migrate();
      await server.insertLink({ code: "tok1", kind: "short", organizationId: "org-a", target: {}, createdAt: T0, expiresAt: T0 + HOUR_MS });
      const cached = withReadCache(server, { ttlMs: 600_000 });
      assert.ok(await cached.getLink("tok1"));
      // No essd command removes a link (a sandbox reset runs in the server): only a foreign program could.
      const other = new Database(file);
      other.prepare("DELETE FROM links WHERE code = ?").run("tok1");
      other.close();
      cached.changes!.newCall!();
      assert.ok(await cached.getLink("tok1"), "a call does not look for other processes' commits before a link");
      // The poll (SQLITE_FOREIGN_WRITE_POLL_MS, here 20 ms) does.
      await eventually("the removed link unknown", async () => (await cached.getLink("tok1")) === undefined || undefined);
      assert.ok(cached.changes!.live);
    } finally {
      await server.close();
    }
  });
});
