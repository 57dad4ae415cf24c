import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql, type Kysely } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { openPostgresStore } from "./postgres.ts";
import { isStalePlan, statementNames } from "./pg-prepared.ts";

describe("statementNames", () => {
  /** The name a text gets once it is run again (a text run once stays unnamed). */
  const named = (names: ReturnType<typeof statementNames>, text: string) => names.nameOf(text) ?? names.nameOf(text);

  it("names a data statement the second time it runs, the same text always by the same name", () => {
    const names = statementNames(10);
    assert.equal(names.nameOf("select * from links where code = $1"), undefined, "a text run once stays unnamed");
    const first = names.nameOf("select * from links where code = $1");
    assert.ok(first);
    assert.equal(names.nameOf("select * from links where code = $1"), first);
    assert.notEqual(named(names, "  INSERT into links values ($1)"), first);
    assert.ok(named(names, "with x as (select 1) select * from x"));
  });

  it("leaves anything but data statements unnamed (the server prepares nothing else)", () => {
    const names = statementNames(10);
    for (const text of ["begin", "commit", "create table t (a int)", "listen essd_work", "select_not_a_keyword"]) {
      assert.equal(named(names, text), undefined, text);
    }
  });

  it("names no more than `max` texts: later ones run unnamed, earlier ones keep their names", () => {
    const names = statementNames(2);
    const a = named(names, "select 1");
    const b = named(names, "select 2");
    assert.ok(a && b && a !== b);
    assert.equal(named(names, "select 3"), undefined);
    assert.equal(names.nameOf("select 1"), a);
    assert.equal(named(statementNames(0), "select 1"), undefined);
  });

  it("gives a refused text a name never used before", () => {
    const names = statementNames(10);
    const before = named(names, "select * from t");
    const after = names.rename("select * from t");
    assert.notEqual(after, before);
    assert.equal(names.nameOf("select * from t"), after);
    assert.notEqual(names.rename("select * from t"), after);
  });

  it("names with a prefix of this store's own, so two processes behind one pooler never share a name", () => {
    const one = named(statementNames(10), "select 1");
    const other = named(statementNames(10), "select 1");
    assert.ok(one && other);
    assert.notEqual(one, other);
  });

  it("knows a stale plan by its SQLSTATE and routine, in any language", () => {
    assert.ok(isStalePlan({ code: "0A000", routine: "RevalidateCachedQuery", message: "缓存的计划不能改变结果类型" }));
    assert.ok(isStalePlan({ code: "0A000", message: "cached plan must not change result type" }));
    assert.equal(isStalePlan({ code: "0A000", routine: "ExecCheckPlanOutput", message: "something else not supported" }), false);
    assert.equal(isStalePlan({ code: "42P01", routine: "RevalidateCachedQuery" }), false);
    assert.equal(isStalePlan(undefined), false);
  });
});

describe("PostgreSQL store: prepared statements", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase("pgprepared");
  });
  after(async () => {
    await database.drop();
  });

  const prepared = async (db: Kysely<any>, like: string) =>
    (await sql<{ name: string }>`select name from pg_prepared_statements where statement like ${like}`.execute(db)).rows.map((r) => r.name);

  it("prepares a statement once per connection and runs it again by name", async () => {
    const store = openPostgresStore(database.url, { poolSize: 1, timeoutMs: 5000 });
    try {
      await store.migrate();
      for (let i = 0; i < 3; i++) assert.equal(await store.getLink(`missing-${i}`), undefined);
      const names = await prepared(store.kysely, '%from "links"%');
      assert.equal(names.length, 1, "one statement for the three lookups");
      assert.match(names[0]!, /^essd_/);
    } finally {
      await store.close();
    }
  });

  it("prepares nothing with --db-prepared-statements 0", async () => {
    const store = openPostgresStore(database.url, { poolSize: 1, timeoutMs: 5000, preparedStatements: 0 });
    try {
      await store.migrate();
      for (let i = 0; i < 3; i++) assert.equal(await store.getLink(`missing-${i}`), undefined);
      assert.deepEqual(await prepared(store.kysely, "%essd%"), []);
      assert.deepEqual(await prepared(store.kysely, "%"), []);
    } finally {
      await store.close();
    }
  });

  it("prepares afresh a select * whose table gained a column since (another node migrated), inside a transaction on the next call", async () => {
    const store = openPostgresStore(database.url, { poolSize: 1, timeoutMs: 5000 });
    const db = store.kysely as Kysely<any>;
    try {
      await sql`create table widening (id int primary key)`.execute(db);
      await sql`insert into widening values (1)`.execute(db);
      const read = () => db.selectFrom("widening").selectAll().where("id", "=", 1).execute();
      // Twice: the second run prepares it.
      assert.deepEqual(await read(), [{ id: 1 }]);
      assert.deepEqual(await read(), [{ id: 1 }]);
      await sql`alter table widening add column label text default 'x'`.execute(db);
      // Outside a transaction: refused once by the server, prepared anew and answered.
      assert.deepEqual(await read(), [{ id: 1, label: "x" }]);

      await sql`alter table widening add column size int default 2`.execute(db);
      // In a transaction the refusal has already failed it: the caller sees the error, the next call succeeds.
      await assert.rejects(
        db.transaction().execute(async (trx) => trx.selectFrom("widening").selectAll().where("id", "=", 1).execute()),
        (error) => isStalePlan(error),
      );
      assert.deepEqual(await db.transaction().execute(async (trx) => trx.selectFrom("widening").selectAll().where("id", "=", 1).execute()), [{ id: 1, label: "x", size: 2 }]);
    } finally {
      await store.close();
    }
  });
});
