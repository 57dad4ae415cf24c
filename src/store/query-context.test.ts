import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compiledInsert, compiledRead, compiledStatement } from "./query-context.ts";
import type { KyselyStore } from "./kysely-store.ts";
import { openSqliteStore } from "./sqlite.ts";

describe("compiledRead", () => {
  it("answers what Kysely answers, whatever the order of the criteria and the length of IN lists", async () => {
    const store = openSqliteStore(":memory:");
    try {
      await store.migrate();
      const base = { organizationId: "org", createdAt: 1, expiresAt: 2, target: {} };
      await store.insertLinks([
        { ...base, code: "a", kind: "k1" },
        { ...base, code: "b", kind: "k2" },
        { ...base, code: "c", kind: "k1" },
      ]);
      const read = compiledRead((db, query: { kind?: string; codes?: string[] }) => {
        let q = db.selectFrom("links").select("code");
        if (query.codes) q = q.where("code", "in", query.codes);
        if (query.kind !== undefined) q = q.where("kind", "=", query.kind);
        return q.orderBy("code");
      });
      const context = { db: store.kysely, traits: { supportsRowLocks: false, supportsSkipLocked: false, isUnavailable: () => false } };
      const codes = async (query: { kind?: string; codes?: string[] }) => (await read(context, [query])).map((r) => r.code);
      assert.deepEqual(await codes({ codes: ["a", "b"], kind: "k1" }), ["a"]);
      // The same criteria given in the other order: the SQL takes them as the builder adds them.
      assert.deepEqual(await codes({ kind: "k2", codes: ["a", "b", "c"] }), ["b"]);
      assert.deepEqual(await codes({ kind: "k1", codes: ["c", "a"] }), ["a", "c"]);
      assert.deepEqual(await codes({ codes: ["c"] }), ["c"]);
      assert.deepEqual(await codes({}), ["a", "b", "c"]);
      // A criterion given as undefined is no criterion; an empty list is one (it matches nothing).
      assert.deepEqual(await codes({ kind: undefined, codes: ["b", "c"] }), ["b", "c"]);
      assert.deepEqual(await codes({ kind: "k1", codes: undefined }), ["a", "c"]);
      assert.deepEqual(await codes({ codes: [] }), []);
    } finally {
      await store.close();
    }
  });

  it("refuses a query whose SQL would depend on a value", async () => {
    const store = openSqliteStore(":memory:");
    try {
      await store.migrate();
      const context = { db: store.kysely, traits: { supportsRowLocks: false, supportsSkipLocked: false, isUnavailable: () => false } };
      const read = compiledRead((db, code: string) => db.selectFrom("links").select("code").where("code", "=", code === "x" ? "x" : "y"));
      await assert.rejects(read(context, ["x"]), /does not take its values as parameters/);
    } finally {
      await store.close();
    }
  });
});

describe("compiledInsert", () => {
  const traits = { supportsRowLocks: false, supportsSkipLocked: false, isUnavailable: () => false };

  it("writes each row's values to their columns, whatever the row count, inside a transaction too", async () => {
    const store = openSqliteStore(":memory:");
    try {
      await store.migrate();
      const insert = compiledInsert("links", ["kind", "code", "expiresAt", "target", "organizationId", "createdAt"]);
      const row = (code: string, n: number) => ({ code, kind: `k${n}`, organizationId: `org${n}`, target: `{"n":${n}}`, createdAt: n, expiresAt: n + 100 });
      await insert({ db: store.kysely, traits }, [row("a", 1), row("b", 2), row("c", 3)]);
      await insert({ db: store.kysely, traits }, [row("d", 4)]);
      await insert({ db: store.kysely, traits }, [row("e", 5), row("f", 6), row("g", 7)]);
      await assert.rejects(store.transaction((tx) => insert({ db: (tx as KyselyStore).kysely, traits }, [row("h", 8), row("a", 9)])), "a taken code fails every row");
      await insert({ db: store.kysely, traits }, []);
      const stored = await store.getLinks(["a", "b", "c", "d", "e", "f", "g", "h"]);
      assert.deepEqual(
        stored.sort((x, y) => x.code.localeCompare(y.code)),
        [row("a", 1), row("b", 2), row("c", 3), row("d", 4), row("e", 5), row("f", 6), row("g", 7)].map((r) => ({ ...r, target: JSON.parse(r.target) })),
      );
    } finally {
      await store.close();
    }
  });

  it("refuses a table a read cache holds, whose writes the write watch must hear each time", () => {
    assert.throws(() => compiledInsert("api_keys", ["secretId"]), /cached/);
  });
});

describe("compiledStatement", () => {
  const traits = { supportsRowLocks: false, supportsSkipLocked: false, isUnavailable: () => false };

  it("takes numbers as parameters, keeps the statement's own constants, and compiles once", async () => {
    const store = openSqliteStore(":memory:");
    try {
      await store.migrate();
      await store.addToQuota("a", 1, 10, 0);
      await store.addToQuota("b", 2, 20, 0);
      await store.addToQuota("c", 2, 30, 0);
      let builds = 0;
      const live = compiledStatement("quota_counters", ({ db }, count: number, after: number) => {
        builds++;
        return db.selectFrom("quota_counters").select("key").where("count", "=", count).where("expiresAt", ">", after).orderBy("key").limit(1);
      });
      const first = async (count: number, after: number) => (await live({ db: store.kysely, traits }, [count, after])).map((r) => r.key);
      assert.deepEqual(await first(2, 0), ["b"]);
      assert.deepEqual(await first(2, 20), ["c"]);
      assert.deepEqual(await first(2, 30), []);
      assert.deepEqual(await first(1, 0), ["a"]);
      assert.equal(builds, 1, "one compilation for every kind and time");
    } finally {
      await store.close();
    }
  });

  it("refuses a statement a value does not reach as a parameter, and a table a read cache holds", async () => {
    const store = openSqliteStore(":memory:");
    try {
      await store.migrate();
      const computed = compiledStatement("quota_counters", ({ db }, after: number) => db.selectFrom("quota_counters").select("key").where("expiresAt", ">", after + 1));
      await assert.rejects(computed({ db: store.kysely, traits }, [5]), /does not take value 0 as a parameter/);
      assert.throws(() => compiledStatement("api_keys", ({ db }) => db.selectFrom("api_keys").select("secretId")), /is cached/);
      assert.throws(() => compiledStatement("links", ({ db }) => db.deleteFrom("links")), /is cached/);
    } finally {
      await store.close();
    }
  });
});
