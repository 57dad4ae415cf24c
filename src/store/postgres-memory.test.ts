import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { openPostgresStore } from "./postgres.ts";
import { detachRows } from "./pg-rows.ts";

describe("detachRows", () => {
  it("moves the rows to an array of their own and leaves the driver's empty", () => {
    const a = { n: 1 };
    const b = { n: 2 };
    const driverRows = [a, b];
    const result = { rows: driverRows, command: "SELECT" };
    assert.equal(detachRows(result), result);
    assert.notEqual(result.rows, driverRows);
    assert.deepEqual(result.rows, [a, b]);
    assert.equal(result.rows[0], a);
    assert.equal(driverRows.length, 0);
  });

  it("does so for each result of a multi-statement query, and leaves results without rows alone", () => {
    const first = { rows: [{ n: 1 }] };
    const empty = { rows: [] as unknown[] };
    const firstRows = first.rows;
    const emptyRows = empty.rows;
    detachRows([first, empty, undefined]);
    assert.deepEqual(first.rows, [{ n: 1 }]);
    assert.equal(firstRows.length, 0);
    assert.equal(empty.rows, emptyRows);
    assert.equal(detachRows(undefined), undefined);
  });
});

describe("PostgreSQL store: what stays in memory", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase("pgrows");
  });
  after(async () => {
    await database.drop();
  });

  it("hold no row once the query has answered (V8 may keep them in the old generation until a full GC)", async () => {
    // Every array pg collects rows in, as pg's Result fills it.
    const Result = createRequire(import.meta.url)("pg/lib/result.js") as { prototype: { addRow(this: { rows: unknown[] }, row: unknown): void } };
    const addRow = Result.prototype.addRow;
    const driverArrays = new Set<unknown[]>();
    Result.prototype.addRow = function (row) {
      driverArrays.add(this.rows);
      addRow.call(this, row);
    };
    const store = openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5000 });
    try {
      const { rows } = await sql<{ n: number }>`select generate_series(1, 3) as n`.execute(store.kysely);
      assert.deepEqual(
        rows.map((r) => Number(r.n)),
        [1, 2, 3],
      );
      assert.equal(driverArrays.size, 1);
      for (const array of driverArrays) {
        assert.notEqual(array, rows);
        assert.equal(array.length, 0);
      }
    } finally {
      Result.prototype.addRow = addRow;
      await store.close();
    }
  });

  it("migrates a new store without formatting an error's stack (Node would parse the bundle's source map and keep it)", async () => {
    const store = openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5000, schema: await database.freshSchema() });
    const formatted: string[] = [];
    const original = Error.prepareStackTrace;
    Error.prepareStackTrace = (error: Error, sites) => {
      formatted.push(error.message);
      return original ? original(error, sites) : `${error.name}: ${error.message}`;
    };
    try {
      await store.migrate();
      await store.migrate(); // and again on the store now up to date
    } finally {
      Error.prepareStackTrace = original;
      await store.close();
    }
    assert.deepEqual(formatted, []);
  });
});
