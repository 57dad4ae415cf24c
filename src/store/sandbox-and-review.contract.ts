/**
 * Sandbox faults, review policies and the review queue, and the sandbox's reset of an organization's SMS, faults,
 * policy and code checks, run against every backend.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AuthFlowRecord, SandboxFaultRecord, Store } from "./ports.ts";
import { flowRecord, smsRecord, storeCase, T0 } from "./contract-support.ts";

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

export function describeSandboxAndReviewContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = storeCase(makeStore);

  describe(`Sandbox fault and review store contract: ${name}`, () => {
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
      await store.insertSmsMessage(smsRecord("m1"));
      await store.insertSmsMessage(smsRecord("m2", { state: "pending" }));
      await store.insertSmsMessage(smsRecord("keep", { organizationId: "org2" }));
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

    it("deletes one organization's initialisations, deliveries and attempts, counters and mobile-page code checks, and nothing of another's", withStore(async (store) => {
      for (const org of ["org1", "org2"]) {
        await store.insertInitializations([{ linkCode: `L-${org}`, targetOrganizationId: "t", operateType: "CREATE_SEAL", organizationId: org, detail: {}, doneAt: T0 }]);
        await store.insertCallbackDelivery({ id: `d-${org}`, organizationId: org, msgType: "VerifyStaffInfo", payload: "{}", state: "pending", attempts: 0, nextAttemptAt: T0, leaseUntil: null, giveUpAt: T0 + 1, lastStatus: null, lastError: null, createdAt: T0, deliveredAt: null });
        await store.insertCallbackAttempt({ deliveryId: `d-${org}`, attempt: 1, at: T0, url: "http://x", httpStatus: null, error: "refused", durationMs: 1 });
        await store.insertAuthFlow(flowRecord(`flow-${org}`, { organizationId: org }));
        await store.addToQuota(`registrations:${org}:2026-01-01`, 3, T0 + 1000, T0);
        await store.addToQuota(`bank-amount-wrong:flow-${org}`, 1, T0 + 1000, T0);
        assert.ok(await store.replaceLinkCode(`mobile-page|${org}`, { codeHash: "h", codeExpiresAt: T0 + 100, sentAt: T0 }, 60_000, org));
      }
      assert.deepEqual(await store.deleteTenantActivity("org1"), { initializations: 1, organizationChanges: 0, callbackDeliveries: 1, openIdBindings: 0 });
      await store.deleteHumanStepData("org1");
      assert.deepEqual(await store.listInitializations("org1", { limit: 10 }), []);
      assert.deepEqual(await store.listCallbackDeliveries("org1", 10), []);
      assert.deepEqual(await store.listCallbackAttempts(["d-org1"]), []);
      assert.equal(await store.readQuota("registrations:org1:2026-01-01", T0), 0);
      assert.equal(await store.readQuota("bank-amount-wrong:flow-org1", T0), 0);
      assert.equal(await store.getLinkVerification("mobile-page|org1"), undefined);
      assert.equal((await store.listInitializations("org2", { limit: 10 })).length, 1);
      assert.equal((await store.listCallbackDeliveries("org2", 10)).length, 1);
      assert.equal((await store.listCallbackAttempts(["d-org2"])).length, 1);
      assert.equal(await store.readQuota("registrations:org2:2026-01-01", T0), 3);
      assert.equal(await store.readQuota("bank-amount-wrong:flow-org2", T0), 1);
      assert.equal((await store.getLinkVerification("mobile-page|org2"))?.codeHash, "h");
    }));

    it("rolls the deletion back with the transaction it ran in", withStore(async (store) => {
      await store.insertSmsMessage(smsRecord("m1"));
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
