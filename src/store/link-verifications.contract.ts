/** Links' SMS code checks: counting attempts, replacing, using and locking codes, run against every backend. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "./ports.ts";
import { storeCase, T0 } from "./contract-support.ts";

/**
 * `openNodes` opens stores over one shared, migrated database, each with its own connections, like the nodes of a
 * cluster; without it (SQLite in memory) the concurrent cases run through one store.
 */
export function describeLinkVerificationContract(name: string, makeStore: () => Promise<Store>, options: { openNodes?: (count: number) => Promise<Store[]> } = {}): void {
  const withStore = storeCase(makeStore);

  describe(`Link verification store contract: ${name}`, () => {
    it("creates and replaces a link's code check", withStore(async (store) => {
      assert.equal(await store.getLinkVerification("L1"), undefined);
      const first = { linkCode: "L1", codeHash: "h1", codeExpiresAt: T0 + 300_000, failedAttempts: 0, lockedUntil: null, sentAt: T0 };
      await store.putLinkVerification(first);
      assert.deepEqual(await store.getLinkVerification("L1"), first);
      const locked = { linkCode: "L1", codeHash: null, codeExpiresAt: T0, failedAttempts: 3, lockedUntil: T0 + 600_000, sentAt: T0 + 1 };
      await store.putLinkVerification(locked);
      assert.deepEqual(await store.getLinkVerification("L1"), locked);
      await store.putLinkVerification({ ...first, linkCode: "L2" });
      assert.deepEqual(await store.getLinkVerification("L1"), locked, "one row per link");
    }));

    it("counts attempts at a live, unlocked code one by one, keeps the count across new codes, uses a code once", withStore(async (store) => {
      const row = () => store.getLinkVerification("L1");
      assert.equal(await store.countCodeAttempt("L1", T0), undefined, "no row, nothing to count");
      await store.replaceLinkCode("L1", { codeHash: "h1", codeExpiresAt: T0 + 300_000, sentAt: T0 }, 60_000);
      assert.deepEqual(await row(), { linkCode: "L1", codeHash: "h1", codeExpiresAt: T0 + 300_000, failedAttempts: 0, lockedUntil: null, sentAt: T0 });
      assert.equal((await store.countCodeAttempt("L1", T0 + 1))?.failedAttempts, 1);
      assert.deepEqual(await store.countCodeAttempt("L1", T0 + 2), { linkCode: "L1", codeHash: "h1", codeExpiresAt: T0 + 300_000, failedAttempts: 2, lockedUntil: null, sentAt: T0 });
      assert.equal(await store.countCodeAttempt("L1", T0 + 300_000), undefined, "an expired code is not counted");
      await store.replaceLinkCode("L1", { codeHash: "h2", codeExpiresAt: T0 + 360_000, sentAt: T0 + 60_000 }, 60_000);
      assert.deepEqual(await row(), { linkCode: "L1", codeHash: "h2", codeExpiresAt: T0 + 360_000, failedAttempts: 2, lockedUntil: null, sentAt: T0 + 60_000 }, "a new code is no new set of guesses");
      assert.equal(await store.consumeLinkCode("L1", "h1"), false, "a replaced code");
      assert.equal(await store.consumeLinkCode("L1", "h2"), true);
      assert.deepEqual([(await row())?.codeHash, (await row())?.failedAttempts], [null, 0], "used, and the count cleared");
      assert.equal(await store.consumeLinkCode("L1", "h2"), false, "used once");
      assert.equal(await store.countCodeAttempt("L1", T0 + 60_001), undefined, "no code, nothing to count");
      assert.equal(await store.consumeLinkCode("L2", "h2"), false, "no row");
    }));

    it("puts a new code on a link only once the last is a minute old, used, or its lock has run out", withStore(async (store) => {
      const put = (hash: string, sentAt: number) => store.replaceLinkCode("L1", { codeHash: hash, codeExpiresAt: sentAt + 300_000, sentAt }, 60_000);
      assert.equal(await put("h1", T0), true, "the first code");
      assert.equal(await put("h2", T0 + 59_999), false, "within the minute");
      assert.equal((await store.getLinkVerification("L1"))?.codeHash, "h1", "the refused code changed nothing");
      assert.equal(await put("h2", T0 + 60_000), true, "a minute later");
      assert.equal(await store.consumeLinkCode("L1", "h2"), true);
      assert.equal(await put("h3", T0 + 60_001), true, "a used code may be followed at once");
      await store.lockLinkVerification("L1", T0 + 600_000);
      assert.equal(await put("h4", T0 + 599_999), false, "locked");
      assert.equal(await put("h4", T0 + 600_000), true, "the lock has run out");
    }));

    it("locks a link, voiding its code, counts nothing while locked, and a code after the lock starts a fresh count", withStore(async (store) => {
      await store.replaceLinkCode("L1", { codeHash: "h1", codeExpiresAt: T0 + 300_000, sentAt: T0 }, 60_000);
      await store.countCodeAttempt("L1", T0);
      await store.lockLinkVerification("L1", T0 + 600_000);
      assert.deepEqual(await store.getLinkVerification("L1"), { linkCode: "L1", codeHash: null, codeExpiresAt: T0 + 300_000, failedAttempts: 1, lockedUntil: T0 + 600_000, sentAt: T0 });
      await store.putLinkVerification({ linkCode: "L1", codeHash: "h2", codeExpiresAt: T0 + 900_000, failedAttempts: 3, lockedUntil: T0 + 600_000, sentAt: T0 });
      assert.equal(await store.countCodeAttempt("L1", T0 + 599_999), undefined, "locked");
      assert.equal((await store.countCodeAttempt("L1", T0 + 600_000))?.failedAttempts, 4, "the lock has run out");
      await store.replaceLinkCode("L1", { codeHash: "h3", codeExpiresAt: T0 + 900_000, sentAt: T0 + 600_000 }, 60_000);
      assert.deepEqual(await store.getLinkVerification("L1"), { linkCode: "L1", codeHash: "h3", codeExpiresAt: T0 + 900_000, failedAttempts: 0, lockedUntil: null, sentAt: T0 + 600_000 });
    }));

    it("gives concurrent attempts from several nodes a number each, and lets one of them use a code", async () => {
      const nodes = options.openNodes ? await options.openNodes(5) : [await makeStore()];
      const node = (i: number) => nodes[i % nodes.length]!;
      try {
        const sorted = (numbers: Array<number | undefined>) => numbers.filter((n) => n !== undefined).sort((a, b) => a - b);
        await node(0).replaceLinkCode("L1", { codeHash: "h1", codeExpiresAt: T0 + 300_000, sentAt: T0 }, 60_000);
        const numbers = await Promise.all(Array.from({ length: 10 }, async (_, i) => (await node(i).countCodeAttempt("L1", T0 + 1))?.failedAttempts));
        assert.deepEqual(sorted(numbers), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "every attempt counted, none twice");
        assert.equal((await node(1).getLinkVerification("L1"))?.failedAttempts, 10);

        // Each caller counts, then does what checkAdminCode does with its number: the third and later lock the link.
        await node(0).replaceLinkCode("L3", { codeHash: "h3", codeExpiresAt: T0 + 300_000, sentAt: T0 }, 60_000);
        const checked = await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const counted = await node(i).countCodeAttempt("L3", T0 + 1);
            if (counted && counted.failedAttempts >= 3) await node(i).lockLinkVerification("L3", T0 + 600_000);
            return counted?.failedAttempts;
          }),
        );
        assert.deepEqual(sorted(checked).slice(0, 3), [1, 2, 3], "three attempts may compare the code");
        assert.equal(new Set(sorted(checked)).size, sorted(checked).length, "no number given twice");
        const locked = await node(1).getLinkVerification("L3");
        assert.deepEqual([locked?.codeHash, locked?.lockedUntil, locked?.failedAttempts], [null, T0 + 600_000, sorted(checked).length]);

        const sends = await Promise.all(Array.from({ length: 10 }, (_, i) => node(i).replaceLinkCode("L4", { codeHash: `h${i}`, codeExpiresAt: T0 + 300_000, sentAt: T0 }, 60_000)));
        assert.equal(sends.filter(Boolean).length, 1, "of sends at once, one puts its code");

        await node(2).replaceLinkCode("L2", { codeHash: "h2", codeExpiresAt: T0 + 300_000, sentAt: T0 }, 60_000);
        const used = await Promise.all(Array.from({ length: 10 }, (_, i) => node(i).consumeLinkCode("L2", "h2")));
        assert.equal(used.filter(Boolean).length, 1, "one code, used once");
      } finally {
        await Promise.all(nodes.map((s) => s.close()));
      }
    });
  });
}
