import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql, type Kysely } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { openPostgresStore } from "./postgres.ts";
import { isStalePlan, statementNames } from "./pg-prepared.ts";

describe("statementNames", () => {
  it("names each data statement once, the same text always by the same name", () => {
    const names = statementNames(10);
    const first = names.nameOf("select * from links where code = $1");
    assert.ok(first);
    assert.equal(names.nameOf("select * from links where code = $1"), first);
    assert.notEqual(names.nameOf("  INSERT into links values ($1)"), first);
    assert.ok(names.nameOf("with x as (select 1) select * from x"));
  });

  it("leaves anything but data statements unnamed (the server prepares nothing else)", () => {
    const names = statementNames(10);
    for (const text of ["begin", "commit", "create table t (a int)", "listen essd_work", "select_not_a_keyword"]) {
      assert.equal(names.nameOf(text), undefined, text);
    }
  });

  it("names no more than `max` texts: later ones run unnamed, earlier ones keep their names", () => {
    const names = statementNames(2);
    const a = names.nameOf("select 1");
    const b = names.nameOf("select 2");
    assert.ok(a && b && a !== b);
    assert.equal(names.nameOf("select 3"), undefined);
    assert.equal(names.nameOf("select 1"), a);
    assert.equal(statementNames(0).nameOf("select 1"), undefined);
  });

  it("gives a refused text a name never used before", () => {
    const names = statementNames(10);
    const before = names.nameOf("select * from t");
    const after = names.rename("select * from t");
    assert.notEqual(after, before);
    assert.equal(names.nameOf("select * from t"), after);
    assert.notEqual(names.rename("select * from t"), after);
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
      assert.equal(await store.getLink("missing"), undefined);
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
