import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { startBackgroundCheckpoints, WAL_SIZE_LIMIT_BYTES } from "./sqlite-checkpointer.ts";
import { openSqliteStore } from "./sqlite.ts";

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The WAL's frame count, as the checkpointer reads it: mxFrame in the shared-memory index's header. */
function walFrames(path: string): number {
  const header = Buffer.alloc(20);
  const shm = openSync(`${path}-shm`, "r");
  try {
    readSync(shm, header, 0, 20, 0);
  } finally {
    closeSync(shm);
  }
  return endianness() === "LE" ? header.readUInt32LE(16) : header.readUInt32BE(16);
}

describe("WAL checkpoints from a worker thread", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "essd-checkpoint-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("copies what the server's connection commits into the database file while that connection never checkpoints", async () => {
    const path = join(dir, "a.sqlite");
    const database = new BetterSqlite3(path);
    database.pragma("journal_mode = WAL");
    database.exec("create table t (id integer primary key, body text)");
    const checkpoints = startBackgroundCheckpoints(database, path, (message) => assert.fail(message));
    try {
      assert.equal(database.pragma("wal_autocheckpoint", { simple: true }), 0);
      const sizeBefore = statSync(path).size;
      const insert = database.prepare("insert into t (body) values (?)");
      // About 2,000 pages: past the 1,000 at which the connection would have checkpointed by itself.
      database.transaction(() => {
        for (let i = 0; i < 2_000; i++) insert.run("x".repeat(4_000));
      })();
      await until(() => statSync(path).size > sizeBefore + 4_000_000, "the rows reach the database file");
    } finally {
      await checkpoints.stop();
    }
    assert.equal(database.pragma("wal_autocheckpoint", { simple: true }), 1000, "the connection checkpoints by itself again");
    database.close();
  });

  it("starts the WAL over although the server's commits never pause, and cuts the file back", async () => {
    const path = join(dir, "c.sqlite");
    const database = new BetterSqlite3(path);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.exec("create table t (id integer primary key, body text)");
    const highWaterFrames = 2_000;
    const checkpoints = startBackgroundCheckpoints(database, path, (message) => assert.fail(message), { everyMs: 5, highWaterFrames });
    try {
      assert.equal(database.pragma("journal_size_limit", { simple: true }), WAL_SIZE_LIMIT_BYTES);
      const insert = database.prepare("insert into t (body) values (?)");
      // Commits one after another (a page each), the event loop turning between every 20 as a busy server's does,
      // until the WAL is seen to start over: without the server's own checkpoint it never did.
      let most = 0;
      let startedOver = false;
      for (let i = 0; i < 20_000 && !startedOver; i++) {
        insert.run("x".repeat(3_000));
        if (i % 20 !== 19) continue;
        const frames = walFrames(path);
        startedOver = frames < most && most >= highWaterFrames;
        most = Math.max(most, frames);
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(startedOver, `the WAL reached ${most} frames and never started over`);
    } finally {
      await checkpoints.stop();
      database.close();
    }
  });

  it("runs for a served file store and stops with it; an in-memory store has none", async () => {
    const memory = openSqliteStore(":memory:");
    assert.equal(memory.maintainInBackground, undefined);
    await memory.close();

    const path = join(dir, "b", "essd.sqlite");
    const store = openSqliteStore(path);
    await store.migrate();
    store.maintainInBackground!((message) => assert.fail(message));
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.kysely.withoutPlugins());
    assert.equal(rows[0]!.wal_autocheckpoint, 0, "the store's own connection no longer checkpoints");
    const sizeBefore = statSync(path).size;
    // About 2,000 pages of links: only the worker can move them from the WAL into the database file.
    const big = "x".repeat(4_000);
    for (let batch = 0; batch < 20; batch++) {
      await store.insertLinks(Array.from({ length: 100 }, (_, i) => ({ code: `c${batch}-${i}`, kind: "short", organizationId: "org", target: { big }, createdAt: 1, expiresAt: 2 })));
    }
    await until(() => statSync(path).size > sizeBefore + 4_000_000, "the store's links reach the database file");
    await store.close();
  });
});
