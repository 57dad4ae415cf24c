/**
 * What CreateOrganizationInfoChangeUrl's changes need of the Store port, run against every backend: change
 * records and their one-time decision, renaming an organization, finding it by credit code, handing a role over,
 * and the flow that verified an organization.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { OrganizationRecord, Store } from "./ports.ts";
import { flowRecord, organizationChangeRecord as change, storeCase, T0 } from "./contract-support.ts";


const org = (id: string, overrides: Partial<OrganizationRecord> = {}): OrganizationRecord => ({ id, name: `机构${id}`, parentId: null, createdAt: T0, creditCode: null, groupJoinedAt: null, ...overrides });

export function describeOrganizationChangeContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = storeCase(makeStore);

  describe(`Organization change store contract: ${name}`, () => {
    it("keeps changes field for field, lists a tenant's newest first, and decides each only once", withStore(async (store) => {
      await store.insertOrganizationChange(change("c1"));
      await store.insertOrganizationChange(change("c2", { linkCode: "l2", state: "failed", reason: "工商库未收录", createdAt: T0 + 5, updatedAt: T0 + 5 }));
      await store.insertOrganizationChange(change("c3", { organizationId: "other", targetOrganizationId: "ent2", createdAt: T0 + 1, updatedAt: T0 + 1 }));
      assert.deepEqual(await store.getOrganizationChange("c1"), change("c1"));
      assert.equal(await store.insertOrganizationChange(change("c4", { linkCode: "l9" })), false, "one change under review per enterprise");
      assert.equal(await store.getOrganizationChange("c4"), undefined);
      assert.equal(await store.insertOrganizationChange(change("c5", { linkCode: "l5", state: "failed", createdAt: T0 + 2, updatedAt: T0 + 2 })), true, "refused ones are not under review");
      assert.deepEqual((await store.listOrganizationChanges("tenant", { limit: 10 })).map((c) => c.id), ["c2", "c5", "c1"]);
      assert.deepEqual((await store.listOrganizationChanges("tenant", { linkCode: "l1", limit: 10 })).map((c) => c.id), ["c1"]);
      assert.deepEqual((await store.listOrganizationChangesAwaitingReview(10)).map((c) => c.id), ["c1", "c3"]);
      assert.equal((await store.findPendingOrganizationChange("ent"))?.id, "c1");
      assert.equal(await store.decideOrganizationChange("c1", { state: "approved", reason: "", updatedAt: T0 + 9 }), true);
      assert.equal(await store.decideOrganizationChange("c1", { state: "rejected", reason: "晚了", updatedAt: T0 + 10 }), false, "decided once");
      assert.equal((await store.getOrganizationChange("c1"))!.state, "approved");
      assert.equal(await store.findPendingOrganizationChange("ent"), undefined);
      assert.equal((await store.findLastApprovedOrganizationChange("ent"))?.id, "c1");
      assert.deepEqual((await store.findApprovedOrganizationChangesByName(["新名有限公司", "别的"])).map((c) => c.id), ["c1"]);
      assert.deepEqual(await store.findApprovedOrganizationChangesByName(["旧名有限公司"]), [], "only the name given, only approved");
      assert.deepEqual(await store.findApprovedOrganizationChangesByName([]), []);
      assert.equal(await store.decideOrganizationChange("c2", { state: "approved", reason: "", updatedAt: T0 + 9 }), false, "a failed change is never reviewed");
    }));

    it("renames an organization and finds organizations by credit code", withStore(async (store) => {
      await store.insertOrganization(org("o1", { creditCode: "91440300MA0000001L" }), []);
      await store.insertOrganization(org("o2"), []);
      await store.insertOrganization(org("o0", { creditCode: "91440300MA0000001L", createdAt: T0 - 1 }), []);
      await store.insertOrganization(org("o3", { creditCode: "91440300MA0000001L", createdAt: T0 + 1 }), []);
      await store.renameOrganization("o1", "改名有限公司");
      assert.equal((await store.getOrganization("o1"))!.name, "改名有限公司");
      assert.deepEqual((await store.findOrganizationsByCreditCode("91440300MA0000001L", 10)).map((o) => o.id), ["o0", "o1", "o3"], "oldest first");
      assert.deepEqual((await store.findOrganizationsByCreditCode("91440300MA0000001L", 1)).map((o) => o.id), ["o0"], "up to the limit");
      assert.deepEqual(await store.findOrganizationsByCreditCode("91440300MA0000002J", 10), []);
    }));

    it("hands a role from its holder to another, or gives it when no current employee holds it, and never twice", withStore(async (store) => {
      await store.insertOrganization(org("o1"), [{ id: "r-admin", organizationId: "o1", name: "超级管理员" }, { id: "r-staff", organizationId: "o1", name: "企业员工" }]);
      const person = (id: string, roleIds: string[], quit = false) => ({ id, organizationId: "o1", displayName: id, mobileSealed: null, mobileHash: null, email: "", openId: "", weworkOpenId: "", departmentId: "", departmentName: "", verified: true, verifiedAt: T0, quit, receiverId: null, createdAt: T0, roleIds });
      const holders = async () => (await Promise.all(["e1", "e2", "e3", "gone"].map((id) => store.getEmployee(id)))).filter((e) => e!.roleIds.includes("r-admin")).map((e) => e!.id);
      await store.insertEmployee(person("e1", ["r-admin", "r-staff"]));
      await store.insertEmployee(person("e2", ["r-staff"]));
      await store.insertEmployee(person("e3", ["r-staff"]));
      await store.insertEmployee(person("gone", ["r-admin"], true));
      assert.equal(await store.moveRole("r-admin", "e1", "e2"), true);
      assert.deepEqual((await store.getEmployee("e1"))!.roleIds, ["r-staff"]);
      assert.deepEqual([...(await store.getEmployee("e2"))!.roleIds].sort(), ["r-admin", "r-staff"]);
      // A second hand-over of e1's role, decided before the first committed: e1 no longer holds it.
      assert.equal(await store.moveRole("r-admin", "e1", "e3"), false);
      // Given as if nobody held it, while e2 does: refused too.
      assert.equal(await store.moveRole("r-admin", null, "e3"), false);
      assert.deepEqual(await holders(), ["e2", "gone"]);
      // Once nobody current holds it (a holder who left does not count), it may be given, once.
      assert.equal(await store.moveRole("r-admin", "e2", "e1"), true);
      await store.markEmployeeQuit("e1", null);
      assert.equal(await store.moveRole("r-admin", null, "e3"), true);
      assert.equal(await store.moveRole("r-admin", null, "e2"), false);
      assert.deepEqual(await holders(), ["e1", "e3", "gone"]);
    }));

    it("finds the flow that verified an organization, whichever tenant started it", withStore(async (store) => {
      const single = { taskId: null, subTaskId: null, source: "single" as const };
      await store.insertAuthFlow(flowRecord("f1", { ...single, organizationId: "tenant-a", verifiedOrganizationId: "ent", state: "verified" }));
      await store.insertAuthFlow(flowRecord("f2", { ...single, organizationId: "tenant-b" }));
      assert.equal((await store.findFlowThatVerified("ent"))?.id, "f1");
      assert.equal(await store.findFlowThatVerified("nobody"), undefined);
    }));
  });
}
