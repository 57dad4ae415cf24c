/**
 * The embedded store skips reading data_version when the WAL index's header is unchanged (sqlite.ts): that is
 * safe only if every commit, whichever connection makes it, changes the header. These cases hold SQLite to it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { walIndexHeader } from "./sqlite.ts";

describe("the WAL index header as a sign of commits", () => {
  const dir = mkdtempSync(join(tmpdir(), "essd-wal-header-"));
  const file = join(dir, "essd.sqlite");
  let server: BetterSqlite3.Database;
  let header: ReturnType<typeof walIndexHeader>;

  before(() => {
    server = new BetterSqlite3(file);
    server.pragma("journal_mode = WAL");
    server.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    header = walIndexHeader(`${file}-shm`);
  });
  after(() => {
    header.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const otherProcessWrites = (sql: string) => {
    const cli = new BetterSqlite3(file);
    try {
      cli.exec(sql);
    } finally {
      cli.close();
    }
  };

  it("is unchanged while only reads happen, changed by any commit", () => {
    assert.equal(header.changed(), true, "the first look knows nothing yet");
    server.prepare("SELECT count(*) FROM t").get();
    assert.equal(header.changed(), false);
    otherProcessWrites("INSERT INTO t (v) VALUES ('cli')");
    assert.equal(header.changed(), true, "another connection's commit");
    assert.equal(header.changed(), false);
    server.exec("INSERT INTO t (v) VALUES ('own')");
    assert.equal(header.changed(), true, "this connection's own commit");
    assert.equal(header.changed(), false);
  });

  it("changes when a commit starts the WAL over after a complete checkpoint", () => {
    header.changed();
    server.pragma("wal_checkpoint(TRUNCATE)");
    header.changed();
    otherProcessWrites("UPDATE t SET v = 'again' WHERE id = 1");
    assert.equal(header.changed(), true);
    otherProcessWrites("DELETE FROM t WHERE id = 1");
    assert.equal(header.changed(), true, "a second commit on the restarted WAL");
  });

  it("answers changed once closed, and when there is no index to read", () => {
    const missing = walIndexHeader(join(dir, "none.sqlite-shm"));
    assert.equal(missing.changed(), true);
    assert.equal(missing.changed(), true);
    missing.close();
    const closed = walIndexHeader(`${file}-shm`);
    closed.changed();
    closed.close();
    assert.equal(closed.changed(), true);
  });
});
