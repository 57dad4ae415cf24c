import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compiledInsert, compiledRead } from "./query-context.ts";
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
