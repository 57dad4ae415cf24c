/**
 * SMS messages, link code checks, sandbox faults and review policies: the part of the Store port behind the
 * admin's pages, the reviewer and the sandbox controls, run against every backend.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AuthFlowRecord, SandboxFaultRecord, SmsMessageRecord, Store } from "./ports.ts";
import { flowRecord, storeCase, T0 } from "./contract-support.ts";


const sms = (id: string, overrides: Partial<SmsMessageRecord> = {}): SmsMessageRecord => ({
  id,
  organizationId: "org1",
  mobileSealed: `sealed-${id}`,
  mobileHash: "hash-a",
  purpose: "admin-code",
  bodySealed: `sealed-body-${id}`,
  state: "outbox",
  attempts: 0,
  nextAttemptAt: T0,
  leaseUntil: null,
  lastError: null,
  createdAt: T0,
  sentAt: null,
  ...overrides,
});

const fault = (id: string, overrides: Partial<SandboxFaultRecord> = {}): SandboxFaultRecord => ({
  id,
  organizationId: "org1",
  kind: "next-call",
  target: "DescribeOrganizationAuthStatus",
  code: "InternalError",
  message: "注入的错误",
  createdAt: T0,
  ...overrides,
});

/** A single-enterprise flow whose power of attorney awaits review. */
const flow = (id: string, overrides: Partial<AuthFlowRecord> = {}): AuthFlowRecord =>
  flowRecord(id, {
    subTaskId: null,
    taskId: null,
    source: "single",
    adminMobileSealed: null,
    adminMobileHash: null,
    authorizationTypes: [1],
    status: "Authorization",
    authType: 1,
    auditStatus: 3,
    options: {},
    ...overrides,
  });

/**
 * `openNodes` opens stores over one shared, migrated database, each with its own connections, like the nodes of a
 * cluster; without it (SQLite in memory) the concurrent cases run through one store.
 */
export function describeHumanStepContract(name: string, makeStore: () => Promise<Store>, options: { openNodes?: (count: number) => Promise<Store[]> } = {}): void {
  const withStore = storeCase(makeStore);
  const one = async (store: Store, id: string, organizationId = "org1") => (await store.listSmsMessages(organizationId, { limit: 100 })).find((m) => m.id === id);

  describe(`Human-step store contract: ${name}`, () => {
    it("lists an organization's messages newest first, to one mobile, of one purpose, up to a limit, field for field", withStore(async (store) => {
      await store.insertSmsMessage(sms("m1"));
      await store.insertSmsMessage(sms("m3", { createdAt: T0 + 2, mobileHash: "hash-b", purpose: "invitation", bodySealed: "sealed-link" }));
      await store.insertSmsMessage(sms("m2", { createdAt: T0 + 1, state: "pending", lastError: "HTTP 500", attempts: 2, leaseUntil: T0 + 9, sentAt: T0 + 5 }));
      await store.insertSmsMessage(sms("m2b", { createdAt: T0 + 1 }));
      await store.insertSmsMessage(sms("other", { organizationId: "org2", createdAt: T0 + 10 }));
      await assert.rejects(store.insertSmsMessage(sms("m1")), "ids are unique");

      const all = await store.listSmsMessages("org1", { limit: 10 });
      assert.deepEqual(all.map((m) => m.id), ["m3", "m2b", "m2", "m1"], "newest first, the later id first on a tie");
      assert.deepEqual(all[2], sms("m2", { createdAt: T0 + 1, state: "pending", lastError: "HTTP 500", attempts: 2, leaseUntil: T0 + 9, sentAt: T0 + 5 }));
      assert.deepEqual(all[0], sms("m3", { createdAt: T0 + 2, mobileHash: "hash-b", purpose: "invitation", bodySealed: "sealed-link" }));
      assert.deepEqual((await store.listSmsMessages("org1", { limit: 2 })).map((m) => m.id), ["m3", "m2b"]);
      assert.deepEqual((await store.listSmsMessages("org1", { mobileHash: "hash-b", limit: 10 })).map((m) => m.id), ["m3"]);
      assert.deepEqual((await store.listSmsMessages("org1", { mobileHash: "hash-c", limit: 10 })).map((m) => m.id), []);
      assert.deepEqual((await store.listSmsMessages("org1", { purpose: "admin-code", limit: 10 })).map((m) => m.id), ["m2b", "m2", "m1"]);
      assert.deepEqual((await store.listSmsMessages("org1", { purpose: "admin-code", mobileHash: "hash-b", limit: 10 })).map((m) => m.id), []);
      assert.deepEqual((await store.listSmsMessages("org1", { purpose: "invitation", mobileHash: "hash-b", limit: 10 })).map((m) => m.id), ["m3"]);
      assert.deepEqual((await store.listSmsMessages("org2", { limit: 10 })).map((m) => m.id), ["other"]);
    }));

    it("claims due pending messages oldest first with a lease, never outbox ones, and honours only the current claim", withStore(async (store) => {
      await store.insertSmsMessage(sms("kept", { state: "outbox" }));
      await store.insertSmsMessage(sms("later", { state: "pending", nextAttemptAt: T0 + 5_000 }));
      await store.insertSmsMessage(sms("first", { state: "pending" }));
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
      await store.insertSmsMessage(sms("m1", { state: "pending" }));
      await store.insertSmsMessage(sms("m2", { state: "pending", createdAt: T0 + 1 }));
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

    it("finds faults by kind and target, lists them oldest first, and deletes each once", withStore(async (store) => {
      await store.insertSandboxFault(fault("f2", { createdAt: T0 + 1 }));
      await store.insertSandboxFault(fault("f1"));
      await store.insertSandboxFault(fault("v1", { kind: "enterprise-verification", target: "企业甲", code: "FailedOperation", message: "营业执照已吊销" }));
      await store.insertSandboxFault(fault("o1", { organizationId: "org2" }));
      await assert.rejects(store.insertSandboxFault(fault("f1")), "ids are unique");

      assert.deepEqual(await store.findSandboxFaults("org1", "next-call", ["DescribeOrganizationAuthStatus", "Other"]), [fault("f1"), fault("f2", { createdAt: T0 + 1 })]);
      assert.deepEqual((await store.findSandboxFaults("org1", "enterprise-verification", ["CODE", "企业甲"])).map((f) => f.id), ["v1"]);
      assert.deepEqual(await store.findSandboxFaults("org1", "enterprise-verification", ["DescribeOrganizationAuthStatus"]), [], "kinds stay apart");
      assert.deepEqual(await store.findSandboxFaults("org1", "next-call", []), []);
      assert.deepEqual((await store.listSandboxFaults("org1")).map((f) => f.id), ["f1", "v1", "f2"]);
      assert.deepEqual((await store.listSandboxFaults("org2")).map((f) => f.id), ["o1"]);

      assert.equal(await store.deleteSandboxFault("org2", "f1"), false, "only the organization's own");
      assert.equal(await store.deleteSandboxFault("org1", "f1"), true);
      assert.equal(await store.deleteSandboxFault("org1", "f1"), false, "another node took it first");
      assert.equal(await store.deleteSandboxFault("org1", "missing"), false);
      assert.deepEqual((await store.listSandboxFaults("org1")).map((f) => f.id), ["v1", "f2"]);
    }));

    it("creates and replaces one review policy per organization", withStore(async (store) => {
      assert.equal(await store.getReviewPolicy("org1"), undefined);
      await store.putReviewPolicy({ organizationId: "org3", policy: "manual", delayMs: 0, updatedAt: T0 });
      assert.equal(await store.hasAutomaticReviewPolicy(), false, "a manual policy is nothing to do");
      await store.putReviewPolicy({ organizationId: "org1", policy: "auto-approve", delayMs: 5_000, updatedAt: T0 });
      assert.equal(await store.hasAutomaticReviewPolicy(), true);
      await store.putReviewPolicy({ organizationId: "org1", policy: "auto-reject", delayMs: 0, updatedAt: T0 + 1 });
      assert.deepEqual(await store.getReviewPolicy("org1"), { organizationId: "org1", policy: "auto-reject", delayMs: 0, updatedAt: T0 + 1 });
      assert.equal(await store.getReviewPolicy("org2"), undefined);
    }));

    it("lists active flows awaiting review across organizations, longest waiting first", withStore(async (store) => {
      await store.insertAuthFlow(flow("newest", { updatedAt: T0 + 30 }));
      await store.insertAuthFlow(flow("oldest", { organizationId: "org2", updatedAt: T0 + 10 }));
      await store.insertAuthFlow(flow("middle", { updatedAt: T0 + 20 }));
      await store.insertAuthFlow(flow("cleared", { state: "cleared", updatedAt: T0 }));
      await store.insertAuthFlow(flow("verified", { state: "verified", auditStatus: 3, updatedAt: T0 }));
      await store.insertAuthFlow(flow("rejected", { auditStatus: 2, updatedAt: T0 }));
      await store.insertAuthFlow(flow("unsent", { auditStatus: 0, updatedAt: T0 }));
      const waiting = await store.listFlowsAwaitingReview(10);
      assert.deepEqual(waiting.map((f) => f.id), ["oldest", "middle", "newest"]);
      assert.deepEqual(waiting[0], flow("oldest", { organizationId: "org2", updatedAt: T0 + 10 }));
      assert.deepEqual((await store.listFlowsAwaitingReview(2)).map((f) => f.id), ["oldest", "middle"]);
      await store.updateAuthFlow("oldest", { auditStatus: 1 }, T0 + 40);
      await store.updateAuthFlow("middle", { reason: "" }, T0 + 50);
      assert.deepEqual((await store.listFlowsAwaitingReview(10)).map((f) => f.id), ["newest", "middle"], "a touched flow goes to the back");
    }));

    it("deletes one organization's messages, faults, policy and code checks, and nothing of another's", withStore(async (store) => {
      await store.insertSmsMessage(sms("m1"));
      await store.insertSmsMessage(sms("m2", { state: "pending" }));
      await store.insertSmsMessage(sms("keep", { organizationId: "org2" }));
      await store.insertSandboxFault(fault("f1"));
      await store.insertSandboxFault(fault("keep", { organizationId: "org2" }));
      await store.putReviewPolicy({ organizationId: "org1", policy: "auto-approve", delayMs: 0, updatedAt: T0 });
      await store.putReviewPolicy({ organizationId: "org2", policy: "auto-reject", delayMs: 0, updatedAt: T0 });
      await store.insertLink({ code: "L1", kind: "batch-authorization", organizationId: "org1", target: {}, createdAt: T0, expiresAt: T0 + 1 });
      await store.insertLink({ code: "L2", kind: "batch-authorization", organizationId: "org2", target: {}, createdAt: T0, expiresAt: T0 + 1 });
      const check = { codeHash: "h", codeExpiresAt: T0, failedAttempts: 1, lockedUntil: null, sentAt: T0 };
      await store.putLinkVerification({ linkCode: "L1", ...check });
      await store.putLinkVerification({ linkCode: "L2", ...check });

      assert.deepEqual(await store.deleteHumanStepData("org1"), { smsMessages: 2, faults: 1 });
      assert.deepEqual(await store.listSmsMessages("org1", { limit: 10 }), []);
      assert.deepEqual(await store.listSandboxFaults("org1"), []);
      assert.equal(await store.getReviewPolicy("org1"), undefined);
      assert.equal(await store.getLinkVerification("L1"), undefined);
      assert.deepEqual((await store.listSmsMessages("org2", { limit: 10 })).map((m) => m.id), ["keep"]);
      assert.deepEqual((await store.listSandboxFaults("org2")).map((f) => f.id), ["keep"]);
      assert.equal((await store.getReviewPolicy("org2"))?.policy, "auto-reject");
      assert.equal((await store.getLinkVerification("L2"))?.failedAttempts, 1);
      assert.deepEqual(await store.deleteHumanStepData("org1"), { smsMessages: 0, faults: 0 });
    }));

    it("rolls the deletion back with the transaction it ran in", withStore(async (store) => {
      await store.insertSmsMessage(sms("m1"));
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.deleteHumanStepData("org1");
          throw new Error("abort");
        }),
        /abort/,
      );
      assert.deepEqual((await store.listSmsMessages("org1", { limit: 10 })).map((m) => m.id), ["m1"]);
    }));
  });
}
