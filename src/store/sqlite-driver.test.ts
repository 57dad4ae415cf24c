import { describe, it } from "node:test";
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { recordMaker } from "./sqlite-driver.ts";

describe("recordMaker", () => {
  it("makes the row better-sqlite3 would: columns in order, a later duplicate name wins", () => {
    const db = new BetterSqlite3(":memory:");
    const sql = `select 1 as "b", 'x' as "a", null as "c", 2 as "b", 'it''s "quoted"' as "we'ird \\ ""name"""`;
    const expected = db.prepare(sql).get();
    const statement = db.prepare(sql).raw(true);
    const record = recordMaker(statement.columns().map((c) => c.name));
    const made = record(statement.get() as unknown[]);
    assert.deepEqual(made, expected);
    assert.deepEqual(Object.keys(made), Object.keys(expected as object));
    db.close();
  });

  it("keeps a __proto__ column's effect as the loop of assignments had it, not a literal's", () => {
    const made = recordMaker(["a", "__proto__"])([1, { inherited: true }]);
    assert.equal(made.a, 1);
    assert.equal((made as { inherited?: boolean }).inherited, true);
    assert.deepEqual(Object.keys(made), ["a"]);
  });
});
