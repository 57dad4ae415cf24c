/**
 * The links the read cache keeps (src/store/read-cache.ts): found links only, frozen, and forgotten as soon as a
 * statement may have changed or removed one. The TTL is ten minutes here, so only invalidation can pass these.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LinkRecord, Store } from "./ports.ts";
import { withReadCache } from "./read-cache.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { KyselyStore } from "./kysely-store.ts";

const T0 = Date.parse("2026-03-02T02:00:00Z");
const alias = (code: string, token: string, organizationId = "org1"): LinkRecord => ({ code, kind: "short", organizationId, target: { token }, createdAt: T0, expiresAt: T0 + 60_000 });
const link = (code: string, organizationId = "org1"): LinkRecord => ({ code, kind: "batch-authorization", organizationId, target: { shortKey: "k" }, createdAt: T0, expiresAt: T0 + 60_000 });

describe("the read cache's links", () => {
  let raw: KyselyStore;
  let cached: Store;
  let reads = 0;
  before(async () => {
    raw = openSqliteStore(":memory:");
    await raw.migrate();
    // Counts the reads that reach the database.
    const counting: Store = { ...raw, getLink: (code) => (reads++, raw.getLink(code)), getAliasedLink: (code) => (reads++, raw.getAliasedLink(code)) };
    cached = withReadCache({ ...counting, changes: raw.changes }, { ttlMs: 600_000 });
  });
  after(() => raw.close());

  it("a found link is read once, then answered from memory, frozen", async () => {
    await raw.insertLinks([link("c1")]);
    const before = reads;
    const first = await cached.getLink("c1");
    const second = await cached.getLink("c1");
    assert.deepEqual(second, link("c1"));
    assert.equal(first, second);
    assert.equal(reads - before, 1);
    assert.ok(Object.isFrozen(second) && Object.isFrozen(second!.target), "shared by every reader, so nobody may change it");
  });

  it("a code not found is asked again: a link issued meanwhile (on any node) is found at once", async () => {
    assert.equal(await cached.getLink("c2"), undefined);
    // Raw SQL, as another node's INSERT: no notification of any kind.
    await raw.insertLinks([link("c2")]);
    assert.deepEqual(await cached.getLink("c2"), link("c2"));
  });

  it("new links issued on this node keep the links already found", async () => {
    await raw.insertLinks([link("c3")]);
    await cached.getLink("c3");
    const before = reads;
    await raw.insertLinks([link("c4"), link("c5")]);
    await cached.getLink("c3");
    assert.equal(reads - before, 0, "a plain INSERT flushed the cache");
  });

  it("a link removed (a sandbox reset) is unknown on the next read", async () => {
    await raw.insertLinks([link("c6", "org-reset"), alias("s6", "c6", "org-reset")]);
    assert.ok(await cached.getLink("c6"));
    assert.ok((await cached.getAliasedLink("s6"))?.link);
    assert.equal((await raw.deleteRegistrationData("org-reset")).links, 2);
    assert.equal(await cached.getLink("c6"), undefined);
    assert.equal(await cached.getAliasedLink("s6"), undefined);
  });

  it("an alias and its link are one read, then one entry in memory, frozen", async () => {
    await raw.insertLinks([link("c7"), alias("s7", "c7")]);
    const before = reads;
    const first = await cached.getAliasedLink("s7");
    const second = await cached.getAliasedLink("s7");
    assert.deepEqual(second, { alias: alias("s7", "c7"), link: link("c7") });
    assert.equal(first, second);
    assert.equal(reads - before, 1);
    assert.ok(Object.isFrozen(second) && Object.isFrozen(second!.link) && Object.isFrozen(second!.alias.target));
  });

  it("an alias whose link is not (yet) found is asked again", async () => {
    await raw.insertLinks([alias("s8", "c8")]);
    assert.equal((await cached.getAliasedLink("s8"))?.link, undefined);
    await raw.insertLinks([link("c8")]);
    assert.deepEqual((await cached.getAliasedLink("s8"))?.link, link("c8"));
  });
});
