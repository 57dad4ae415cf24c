import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { openPostgresStore } from "../store/postgres.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { ensureAdminToken, isAdminToken, readAdminToken } from "./admin-token.ts";

describe("the admin token", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "essd-admin-token-"));
    dirs.push(dir);
    return dir;
  };

  it("is created once, kept sealed, and the same for every opening of the store", async () => {
    const config = loadConfig({ dataDir: dataDir() }, {});
    const first = await openDomain(config);
    const second = await openDomain(config);
    try {
      assert.equal(await readAdminToken(first), undefined);
      const created = await ensureAdminToken(first);
      assert.equal(created.created, true);
      assert.match(created.token, /^essd_admin_[0-9A-Za-z]{64}$/);
      // Stored sealed: the setting is not the token itself.
      const stored = await first.store.getSetting("admin-token");
      assert.ok(stored && !stored.includes(created.token));
      const again = await ensureAdminToken(second);
      assert.deepEqual(again, { token: created.token, created: false });
      assert.equal(await readAdminToken(second), created.token);
    } finally {
      await first.store.close();
      await second.store.close();
    }
    // A later start (a new process) finds it too.
    const reopened = await openDomain(config);
    try {
      assert.equal((await ensureAdminToken(reopened)).created, false);
      assert.equal(await isAdminToken(reopened, (await readAdminToken(reopened))!), true);
    } finally {
      await reopened.store.close();
    }
  });

  it("accepts exactly the token", async () => {
    const deps = await openDomain(loadConfig({ dataDir: dataDir() }, {}));
    try {
      assert.equal(await isAdminToken(deps, "anything"), false, "no token yet: nothing is accepted");
      const { token } = await ensureAdminToken(deps);
      assert.equal(await isAdminToken(deps, token), true);
      for (const wrong of ["", token.slice(0, -1), `${token}x`, token.toUpperCase(), undefined]) assert.equal(await isAdminToken(deps, wrong), false, String(wrong));
    } finally {
      await deps.store.close();
    }
  });

  it("is one token for nodes starting together on one PostgreSQL", async () => {
    const database = await createTestDatabase("admintoken");
    const masterKey = randomBytes(32);
    const config = loadConfig({ dataDir: dataDir() }, {});
    const open = () => openDomain(config, { store: openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5_000 }), masterKey });
    const nodes = [await open(), await open(), await open()];
    try {
      const results = await Promise.all(nodes.map((n) => ensureAdminToken(n)));
      assert.equal(new Set(results.map((r) => r.token)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
    } finally {
      for (const n of nodes) await n.store.close();
      await database.drop();
    }
  });
});
