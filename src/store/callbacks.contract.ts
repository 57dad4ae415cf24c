/** Callback receivers, deliveries and their attempt log: the part of the Store port the callback worker relies on. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CallbackDeliveryRecord, Store } from "./ports.ts";
import { storeCase, T0 } from "./contract-support.ts";

const DAY = 86_400_000;

const delivery = (id: string, overrides: Partial<CallbackDeliveryRecord> = {}): CallbackDeliveryRecord => ({
  id,
  organizationId: "org1",
  msgType: "OrganizationAuthorization",
  payload: JSON.stringify({ MsgId: id }),
  state: "pending",
  attempts: 0,
  nextAttemptAt: T0,
  leaseUntil: null,
  giveUpAt: T0 + DAY,
  lastStatus: null,
  lastError: null,
  createdAt: T0,
  deliveredAt: null,
  ...overrides,
});

export function describeCallbackContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = storeCase(makeStore);

  describe(`Callback store contract: ${name}`, () => {
    it("creates and replaces one receiver per organization", withStore(async (store) => {
      await store.putCallbackConfig({ organizationId: "org1", url: "http://a/", keySealed: "k", tokenSealed: null, updatedAt: T0 });
      await store.putCallbackConfig({ organizationId: "org1", url: "http://b/", keySealed: null, tokenSealed: "t", updatedAt: T0 + 1 });
      assert.deepEqual(await store.getCallbackConfig("org1"), { organizationId: "org1", url: "http://b/", keySealed: null, tokenSealed: "t", updatedAt: T0 + 1 });
      assert.equal(await store.getCallbackConfig("org2"), undefined);
    }));

    it("claims due deliveries oldest first with a lease, and honours only the current claim", withStore(async (store) => {
      await store.insertCallbackDelivery(delivery("later", { nextAttemptAt: T0 + 5_000 }));
      await store.insertCallbackDelivery(delivery("d1"));
      assert.deepEqual(await store.getCallbackDelivery("d1"), delivery("d1"));
      const claimed = await store.claimCallbackDelivery(T0, 60_000);
      assert.deepEqual([claimed?.id, claimed?.attempts, claimed?.leaseUntil], ["d1", 1, T0 + 60_000]);
      assert.equal(await store.claimCallbackDelivery(T0 + 1, 60_000), undefined, "leased and not yet due");
      await store.retryCallbackDelivery("d1", T0 + 1, T0 + 10_000, { status: 500, error: "stale" });
      assert.equal((await store.getCallbackDelivery("d1"))?.lastError, null, "a stale claim changes nothing");
      await store.retryCallbackDelivery("d1", claimed!.leaseUntil!, T0 + 10_000, { status: 500, error: "HTTP 500" });
      const retried = await store.getCallbackDelivery("d1");
      assert.deepEqual([retried?.state, retried?.nextAttemptAt, retried?.leaseUntil, retried?.lastStatus, retried?.lastError], ["pending", T0 + 10_000, null, 500, "HTTP 500"]);
      assert.equal((await store.claimCallbackDelivery(T0 + 5_000, 60_000))?.id, "later");
      const again = await store.claimCallbackDelivery(T0 + 10_000, 60_000);
      assert.deepEqual([again?.id, again?.attempts], ["d1", 2]);
      await store.markCallbackDelivered("d1", again!.leaseUntil!, T0 + 10_001, { status: 200, error: null });
      const done = await store.getCallbackDelivery("d1");
      assert.deepEqual([done?.state, done?.deliveredAt, done?.lastStatus, done?.lastError], ["delivered", T0 + 10_001, 200, null]);
      assert.equal(await store.claimCallbackDelivery(T0 + 10_002, 60_000), undefined, "'later' is still leased and d1 is done");
    }));

    it("fails for good, resets for a re-send, releases leases", withStore(async (store) => {
      await store.insertCallbackDelivery(delivery("d1"));
      const claimed = await store.claimCallbackDelivery(T0, 60_000);
      await store.markCallbackFailed("d1", claimed!.leaseUntil!, { status: null, error: "connection refused" });
      assert.equal((await store.getCallbackDelivery("d1"))?.state, "failed");
      assert.equal(await store.claimCallbackDelivery(T0 + DAY, 60_000), undefined);
      assert.equal(await store.resetCallbackDelivery("d1", T0 + DAY, T0 + 2 * DAY), true);
      assert.equal(await store.resetCallbackDelivery("missing", T0, T0), false);
      const reset = await store.getCallbackDelivery("d1");
      assert.deepEqual([reset?.state, reset?.nextAttemptAt, reset?.giveUpAt, reset?.attempts], ["pending", T0 + DAY, T0 + 2 * DAY, 1]);
      assert.equal((await store.claimCallbackDelivery(T0 + DAY, 60_000))?.attempts, 2, "attempt numbers go on after a re-send");
      await store.releaseCallbackLeases();
      assert.equal((await store.claimCallbackDelivery(T0 + DAY, 60_000))?.id, "d1", "a released lease is claimable at once");
    }));

    it("logs attempts and lists an organization's deliveries newest first", withStore(async (store) => {
      await store.insertCallbackDelivery(delivery("d1"));
      await store.insertCallbackDelivery(delivery("d2", { createdAt: T0 + 1 }));
      await store.insertCallbackDelivery(delivery("other", { organizationId: "org2" }));
      await store.insertCallbackAttempt({ deliveryId: "d1", attempt: 2, at: T0 + 2, url: "http://a/", httpStatus: 200, error: null, durationMs: 3 });
      await store.insertCallbackAttempt({ deliveryId: "d1", attempt: 1, at: T0 + 1, url: "http://a/", httpStatus: null, error: "timeout", durationMs: 10_000 });
      await store.insertCallbackAttempt({ deliveryId: "other", attempt: 1, at: T0, url: "http://b/", httpStatus: 200, error: null, durationMs: 1 });
      await assert.rejects(store.insertCallbackAttempt({ deliveryId: "d1", attempt: 1, at: T0, url: "x", httpStatus: 200, error: null, durationMs: 1 }), "one row per attempt");
      assert.deepEqual((await store.listCallbackDeliveries("org1", 10)).map((d) => d.id), ["d2", "d1"]);
      assert.deepEqual((await store.listCallbackDeliveries("org1", 1)).map((d) => d.id), ["d2"]);
      const attempts = await store.listCallbackAttempts(["d1", "d2"]);
      assert.deepEqual(attempts.map((a) => [a.deliveryId, a.attempt, a.httpStatus, a.error]), [["d1", 1, null, "timeout"], ["d1", 2, 200, null]]);
      assert.deepEqual(await store.listCallbackAttempts([]), []);
    }));
  });
}
