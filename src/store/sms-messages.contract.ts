/** SMS messages: the sandbox's outbox and the production webhook's leased queue, run against every backend. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "./ports.ts";
import { smsRecord, storeCase, T0 } from "./contract-support.ts";

export function describeSmsMessageContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = storeCase(makeStore);
  const one = async (store: Store, id: string, organizationId = "org1") => (await store.listSmsMessages(organizationId, { limit: 100 })).find((m) => m.id === id);

  describe(`SMS message store contract: ${name}`, () => {
    it("lists an organization's messages newest first, to one mobile, of one purpose, up to a limit, field for field", withStore(async (store) => {
      await store.insertSmsMessage(smsRecord("m1"));
      await store.insertSmsMessage(smsRecord("m3", { createdAt: T0 + 2, mobileHash: "hash-b", purpose: "invitation", bodySealed: "sealed-link" }));
      await store.insertSmsMessage(smsRecord("m2", { createdAt: T0 + 1, state: "pending", lastError: "HTTP 500", attempts: 2, leaseUntil: T0 + 9, sentAt: T0 + 5 }));
      await store.insertSmsMessage(smsRecord("m2b", { createdAt: T0 + 1 }));
      await store.insertSmsMessage(smsRecord("other", { organizationId: "org2", createdAt: T0 + 10 }));
      await assert.rejects(store.insertSmsMessage(smsRecord("m1")), "ids are unique");

      const all = await store.listSmsMessages("org1", { limit: 10 });
      assert.deepEqual(all.map((m) => m.id), ["m3", "m2b", "m2", "m1"], "newest first, the later id first on a tie");
      assert.deepEqual(all[2], smsRecord("m2", { createdAt: T0 + 1, state: "pending", lastError: "HTTP 500", attempts: 2, leaseUntil: T0 + 9, sentAt: T0 + 5 }));
      assert.deepEqual(all[0], smsRecord("m3", { createdAt: T0 + 2, mobileHash: "hash-b", purpose: "invitation", bodySealed: "sealed-link" }));
      assert.deepEqual((await store.listSmsMessages("org1", { limit: 2 })).map((m) => m.id), ["m3", "m2b"]);
      assert.deepEqual((await store.listSmsMessages("org1", { mobileHash: "hash-b", limit: 10 })).map((m) => m.id), ["m3"]);
      assert.deepEqual((await store.listSmsMessages("org1", { mobileHash: "hash-c", limit: 10 })).map((m) => m.id), []);
      assert.deepEqual((await store.listSmsMessages("org1", { purpose: "admin-code", limit: 10 })).map((m) => m.id), ["m2b", "m2", "m1"]);
      assert.deepEqual((await store.listSmsMessages("org1", { purpose: "admin-code", mobileHash: "hash-b", limit: 10 })).map((m) => m.id), []);
      assert.deepEqual((await store.listSmsMessages("org1", { purpose: "invitation", mobileHash: "hash-b", limit: 10 })).map((m) => m.id), ["m3"]);
      assert.deepEqual((await store.listSmsMessages("org2", { limit: 10 })).map((m) => m.id), ["other"]);
    }));

    it("claims due pending messages oldest first with a lease, never outbox ones, and honours only the current claim", withStore(async (store) => {
      await store.insertSmsMessage(smsRecord("kept", { state: "outbox" }));
      await store.insertSmsMessage(smsRecord("later", { state: "pending", nextAttemptAt: T0 + 5_000 }));
      await store.insertSmsMessage(smsRecord("first", { state: "pending" }));
      const claimed = await store.claimSmsMessage(T0, 60_000);
      assert.deepEqual([claimed?.id, claimed?.attempts, claimed?.leaseUntil, claimed?.state, claimed?.bodySealed], ["first", 1, T0 + 60_000, "pending", "sealed-body-first"]);
      assert.equal(await store.claimSmsMessage(T0 + 1, 60_000), undefined, "leased, not yet due, or kept in the outbox");

      await store.retrySmsMessage("first", T0 + 1, T0 + 10_000, "stale");
      await store.markSmsSent("first", T0 + 1, T0 + 2);
      await store.markSmsFailed("first", T0 + 1, "stale");
      const untouched = await one(store, "first");
      assert.deepEqual([untouched?.state, untouched?.lastError, untouched?.leaseUntil, untouched?.bodySealed], ["pending", null, T0 + 60_000, "sealed-body-first"], "a stale claim changes nothing");

      await store.retrySmsMessage("first", claimed!.leaseUntil!, T0 + 10_000, "HTTP 503");
      const retried = await one(store, "first");
      assert.deepEqual([retried?.state, retried?.nextAttemptAt, retried?.leaseUntil, retried?.lastError, retried?.attempts], ["pending", T0 + 10_000, null, "HTTP 503", 1]);
      assert.equal(retried?.bodySealed, "sealed-body-first", "a message still to be retried keeps its body");
      assert.equal((await store.claimSmsMessage(T0 + 5_000, 60_000))?.id, "later");
      const again = await store.claimSmsMessage(T0 + 10_000, 60_000);
      assert.deepEqual([again?.id, again?.attempts], ["first", 2]);
      await store.markSmsSent("first", again!.leaseUntil!, T0 + 10_001);
      const sent = await one(store, "first");
      assert.deepEqual([sent?.state, sent?.sentAt, sent?.leaseUntil, sent?.lastError, sent?.bodySealed], ["sent", T0 + 10_001, null, null, ""], "a sent message keeps no body");
      await store.retrySmsMessage("first", again!.leaseUntil!, T0 + 20_000, "late");
      assert.equal((await one(store, "first"))?.state, "sent", "a sent message stays sent");
      assert.equal((await one(store, "kept"))?.attempts, 0);
    }));

    it("fails for good and releases leases", withStore(async (store) => {
      await store.insertSmsMessage(smsRecord("m1", { state: "pending" }));
      await store.insertSmsMessage(smsRecord("m2", { state: "pending", createdAt: T0 + 1 }));
      const first = await store.claimSmsMessage(T0, 60_000);
      await store.markSmsFailed(first!.id, first!.leaseUntil!, "no answer within 10 s");
      const failed = await one(store, first!.id);
      assert.deepEqual([failed?.state, failed?.lastError, failed?.leaseUntil, failed?.sentAt, failed?.bodySealed], ["failed", "no answer within 10 s", null, null, ""], "a failed message keeps no body");
      const second = await store.claimSmsMessage(T0, 60_000);
      assert.equal(second?.id, "m2");
      assert.equal(await store.claimSmsMessage(T0 + 1, 60_000), undefined);
      await store.releaseSmsLeases();
      const reclaimed = await store.claimSmsMessage(T0 + 1, 60_000);
      assert.deepEqual([reclaimed?.id, reclaimed?.attempts], ["m2", 2], "a released lease is claimable at once");
      assert.equal((await one(store, "m1"))?.state, "failed", "releasing leases revives no failed message");
      await store.markSmsSent("m2", reclaimed!.leaseUntil!, T0 + 2);
      assert.equal(await store.claimSmsMessage(T0 + 86_400_000, 60_000), undefined, "neither a failed nor a sent message is claimed again");
    }));
  });
}
