/**
 * Lists an action pages in the query (migration 0028), run against every backend: a group's members, a
 * sub-enterprise's operators with ChannelDescribeEmployees' filters, the super-admin holders and the operators that
 * joined as them (DescribeChannelOrganizations), and an enterprise's latest approved change. Each page must hold
 * the rows, in the order, and the total that reading everything and slicing it gave. So must the API explorer's
 * first few of each list (tenants, applications, an organization's keys, a sub-enterprise's active operators).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ApiKeyRecord, EmployeeRecord, OrganizationChangeRecord, ProxyOperatorRecord, Store } from "./ports.ts";
import { employeeRecord, organizationChangeRecord, organizationRecord as org, proxyOperatorRecord, storeCase, T0 } from "./contract-support.ts";

const employee = (id: string, overrides: Partial<EmployeeRecord> = {}) => employeeRecord(id, "sub", { displayName: "张三", mobileSealed: null, mobileHash: null, ...overrides });
const operator = (id: string, overrides: Partial<ProxyOperatorRecord> = {}) =>
  proxyOperatorRecord(id, "app1", "o1", `open-${id}`, { name: "李四", mobileSealed: null, mobileHash: null, idCardType: "", ...overrides });
const change = (id: string, overrides: Partial<OrganizationChangeRecord> = {}) => organizationChangeRecord(id, { linkCode: `link-${id}`, state: "approved", ...overrides });




const key = (secretId: string, organizationId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  secretId,
  organizationId,
  applicationId: null,
  secretKeySealed: `sealed-${secretId}`,
  status: "active",
  createdAt: T0,
  revokedAt: null,
  ...overrides,
});

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

export function describePagedListContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = storeCase(makeStore);

  describe(`Paged list store contract: ${name}`, () => {
    it("pages a group's members in the order they joined, filters by exact name text or id, and counts all that match", withStore(async (store) => {
      await store.insertOrganization(org("g"), []);
      await store.insertOrganization(org("other-group"), []);
      // Inserted, created and joined in three different orders: the page follows joining, then age, then id.
      const members: Array<[string, string, number, number]> = [
        ["m3", "深圳ABC科技有限公司", T0 + 3, T0 + 30],
        ["m1", "上海abc贸易有限公司", T0 + 9, T0 + 10],
        ["m2", "北京100%_科技有限公司", T0 + 1, T0 + 20],
        ["m5", "广州科技有限公司", T0 + 2, T0 + 40],
        ["m4", "杭州科技有限公司", T0 + 1, T0 + 40],
      ];
      for (const [id, name, createdAt, groupJoinedAt] of members) await store.insertOrganization(org(id, { name, createdAt, parentId: "g", groupJoinedAt }), []);
      await store.insertOrganization(org("elsewhere", { name: "深圳ABC科技有限公司", parentId: "other-group", groupJoinedAt: T0 }), []);

      const all = ["m1", "m2", "m3", "m4", "m5"];
      const page = async (query: Parameters<Store["pageGroupMembers"]>[1]) => {
        const { rows, total } = await store.pageGroupMembers("g", query);
        return [ids(rows), total];
      };
      assert.deepEqual(await page({ offset: 0, limit: 10 }), [all, 5]);
      assert.deepEqual(await page({ offset: 0, limit: 2 }), [["m1", "m2"], 5]);
      assert.deepEqual(await page({ offset: 2, limit: 2 }), [["m3", "m4"], 5], "joined together: the older first");
      assert.deepEqual(await page({ offset: 4, limit: 2 }), [["m5"], 5]);
      assert.deepEqual(await page({ offset: 9, limit: 2 }), [[], 5]);
      assert.deepEqual(await page({ offset: 0, limit: 0 }), [[], 5], "the total alone");
      assert.deepEqual(await page({ offset: 0, limit: 10, nameContains: "科技" }), [["m2", "m3", "m4", "m5"], 4]);
      assert.deepEqual(await page({ offset: 1, limit: 2, nameContains: "科技" }), [["m3", "m4"], 4]);
      assert.deepEqual(await page({ offset: 0, limit: 10, nameContains: "ABC" }), [["m3"], 1], "case counts");
      assert.deepEqual(await page({ offset: 0, limit: 10, nameContains: "%_" }), [["m2"], 1], "no wildcards");
      assert.deepEqual(await page({ offset: 0, limit: 10, nameContains: "_" }), [["m2"], 1]);
      assert.deepEqual(await page({ offset: 0, limit: 10, nameContains: "" }), [all, 5], "an empty text is no filter");
      assert.deepEqual(await page({ offset: 0, limit: 10, id: "m4" }), [["m4"], 1]);
      assert.deepEqual(await page({ offset: 0, limit: 10, id: "m4", nameContains: "深圳" }), [[], 0]);
      assert.deepEqual(await page({ offset: 0, limit: 10, id: "elsewhere" }), [[], 0], "another group's member");
      assert.deepEqual(await page({ offset: 0, limit: 10, id: "g" }), [[], 0], "the group is not its own member");
      assert.deepEqual([await store.countGroupMembers("g"), await store.countGroupMembers("other-group"), await store.countGroupMembers("m1")], [5, 1, 0]);
    }));

    it("pages a sub-enterprise's operators oldest first, filtered by state or OpenId as ChannelDescribeEmployees reads them", withStore(async (store) => {
      await store.insertEmployee(employee("e-verified", { verified: true, verifiedAt: T0 }));
      await store.insertEmployee(employee("e-unverified"));
      await store.insertEmployee(employee("e-verified-quit", { verified: true, verifiedAt: T0, quit: true }));
      await store.insertEmployee(employee("e-left", { verified: true, verifiedAt: T0, quit: true }));
      await store.insertEmployee(employee("e-resigned-verified", { verified: true, verifiedAt: T0 }));
      const rows = [
        operator("op5", { createdAt: T0 + 5, employeeId: "e-verified" }),
        operator("op1", { createdAt: T0 + 1 }),
        operator("op3", { createdAt: T0 + 3, employeeId: "e-unverified" }),
        operator("op2", { createdAt: T0 + 3, employeeId: "e-verified-quit" }),
        operator("op4", { createdAt: T0 + 4, status: "resigned", employeeId: "e-left" }),
        operator("op6", { createdAt: T0 + 6, status: "resigned", employeeId: "e-resigned-verified" }),
        operator("op7", { createdAt: T0 + 7, employeeId: "e-gone" }),
        // Another sub-enterprise of the application, and the same OpenIds under another application.
        operator("x1", { organizationOpenId: "o2", employeeId: "e-verified" }),
        operator("x2", { applicationId: "app2", openId: "open-op5", employeeId: "e-verified" }),
      ];
      for (const row of rows) await store.insertProxyOperator(row);

      const page = async (query: Parameters<Store["pageProxyOperators"]>[2]) => {
        const found = await store.pageProxyOperators("app1", "o1", query);
        return [ids(found.rows), found.total];
      };
      const all = ["op1", "op2", "op3", "op4", "op5", "op6", "op7"];
      assert.deepEqual(await page({ offset: 0, limit: 20 }), [all, 7], "oldest first, the id deciding a tie");
      assert.deepEqual(await page({ offset: 2, limit: 3 }), [["op3", "op4", "op5"], 7]);
      assert.deepEqual(await page({ offset: 7, limit: 3 }), [[], 7]);
      assert.deepEqual(await page({ offset: 0, limit: 20, state: "verified" }), [["op5"], 1], "active, joined, current and verified");
      assert.deepEqual(await page({ offset: 0, limit: 20, state: "unverified" }), [["op1", "op2", "op3", "op7"], 4], "active and not that");
      assert.deepEqual(await page({ offset: 1, limit: 2, state: "unverified" }), [["op2", "op3"], 4]);
      assert.deepEqual(await page({ offset: 0, limit: 20, state: "resigned" }), [["op4", "op6"], 2]);
      assert.deepEqual(await page({ offset: 0, limit: 20, excludeResigned: true }), [["op1", "op2", "op3", "op5", "op7"], 5]);
      assert.deepEqual(await page({ offset: 0, limit: 20, excludeResigned: true, state: "resigned" }), [[], 0]);
      assert.deepEqual(await page({ offset: 0, limit: 20, openIds: ["open-op5", "open-op4", "open-x1"] }), [["op4", "op5"], 2]);
      assert.deepEqual(await page({ offset: 0, limit: 20, openIds: ["open-op5", "open-op4"], state: "verified" }), [["op5"], 1]);
      assert.deepEqual(await page({ offset: 0, limit: 20, openIds: [] }), [[], 0], "an empty list matches nothing");
      assert.deepEqual(ids((await store.pageProxyOperators("app2", "o1", { offset: 0, limit: 20 })).rows), ["x2"]);
    }));

    it("finds a role's holders and the application's operators that joined as them", withStore(async (store) => {
      await store.insertOrganization(org("sub"), [
        { id: "r-admin", organizationId: "sub", name: "超级管理员" },
        { id: "r-staff", organizationId: "sub", name: "企业员工" },
      ]);
      await store.insertEmployee(employee("e1", { roleIds: ["r-admin", "r-staff"] }));
      await store.insertEmployee(employee("e2", { roleIds: ["r-admin"] }));
      await store.insertEmployee(employee("e3", { roleIds: ["r-staff"] }));
      const holders = await store.listRoleHolders(["r-admin"]);
      assert.deepEqual(holders.map((h) => `${h.roleId}:${h.employeeId}`).sort(), ["r-admin:e1", "r-admin:e2"]);
      assert.deepEqual((await store.listRoleHolders(["r-admin", "r-staff"])).length, 4);
      assert.deepEqual(await store.listRoleHolders([]), []);

      await store.insertProxyOperator(operator("op1", { employeeId: "e1" }));
      await store.insertProxyOperator(operator("op2", { employeeId: "e3" }));
      await store.insertProxyOperator(operator("op3", { applicationId: "app2", employeeId: "e2" }));
      await store.insertProxyOperator(operator("op4", { organizationOpenId: "o2", employeeId: "e2", status: "resigned" }));
      assert.deepEqual(ids(await store.findProxyOperatorsByEmployees("app1", ["e1", "e2"])).sort(), ["op1", "op4"]);
      assert.deepEqual(ids(await store.findProxyOperatorsByEmployees("app2", ["e1", "e2"])), ["op3"]);
      assert.deepEqual(await store.findProxyOperatorsByEmployees("app1", []), []);
    }));

    it("reads the explorer's first tenants (no application's own organization) and applications, counting all only when full", withStore(async (store) => {
      for (const [id, createdAt] of [["t3", T0 + 3], ["owner1", T0], ["t1", T0 + 1], ["t2", T0 + 1], ["owner2", T0 + 9], ["t4", T0 + 4]] as const) {
        await store.insertOrganization(org(id, { createdAt }), []);
      }
      await store.insertPlatform({ id: "p1", name: "平台甲", createdAt: T0 });
      await store.insertApplication({ id: "app2", platformId: "p1", organizationId: "owner1", createdAt: T0 + 2 });
      await store.insertApplication({ id: "app1", platformId: "gone", organizationId: "owner2", createdAt: T0 + 2 });
      const tenants = async (limit: number) => {
        const { rows, total } = await store.listTenantOrganizations(limit);
        return [ids(rows), total];
      };
      assert.deepEqual(await tenants(10), [["t1", "t2", "t3", "t4"], 4], "oldest first, the id deciding a tie");
      assert.deepEqual(await tenants(4), [["t1", "t2", "t3", "t4"], 4]);
      assert.deepEqual(await tenants(2), [["t1", "t2"], 4], "the count of all beside the first");
      const applications = await store.listFirstApplications(10);
      assert.deepEqual(applications.rows.map((a) => [a.id, a.platformName]), [["app1", null], ["app2", "平台甲"]], "a tie by id; a platform gone has no name");
      assert.equal(applications.total, 2);
      const first = await store.listFirstApplications(1);
      assert.deepEqual([first.rows, first.total], [[{ id: "app1", platformId: "gone", organizationId: "owner2", createdAt: T0 + 2, platformName: null }], 2]);
    }));

    it("reads an organization's first keys of a status and an application, and a sub-enterprise's first operators of a status", withStore(async (store) => {
      const keys = [
        key("K3", "org", { createdAt: T0 + 3 }),
        key("K1", "org", { createdAt: T0 + 1 }),
        key("K2", "org", { createdAt: T0 + 1 }),
        key("K4", "org", { createdAt: T0 + 2, status: "revoked", revokedAt: T0 + 5 }),
        key("A1", "org", { createdAt: T0, applicationId: "app1" }),
        key("A2", "org", { createdAt: T0, applicationId: "app2" }),
        key("X1", "other", { createdAt: T0 }),
      ];
      for (const k of keys) await store.insertApiKey(k);
      const secretIds = async (...args: Parameters<Store["listApiKeysOf"]>) => (await store.listApiKeysOf(...args)).map((k) => k.secretId);
      assert.deepEqual(await secretIds("org", { status: "active", applicationId: null, limit: 10 }), ["K1", "K2", "K3"], "oldest first, the SecretId deciding a tie");
      assert.deepEqual(await secretIds("org", { status: "active", applicationId: null, limit: 2 }), ["K1", "K2"]);
      assert.deepEqual(await secretIds("org", { status: "revoked", applicationId: null, limit: 10 }), ["K4"]);
      assert.deepEqual(await secretIds("org", { status: "active", applicationId: "app1", limit: 10 }), ["A1"]);
      assert.deepEqual(await secretIds("nobody", { status: "active", applicationId: null, limit: 10 }), []);
      assert.deepEqual(await store.listApiKeysOf("other", { status: "active", applicationId: null, limit: 1 }), [keys[6]]);

      for (const row of [
        operator("op3", { createdAt: T0 + 3 }),
        operator("op1", { createdAt: T0 + 1, status: "resigned" }),
        operator("op2", { createdAt: T0 + 2 }),
        operator("op4", { createdAt: T0 + 4 }),
        operator("x1", { organizationOpenId: "o2" }),
      ]) {
        await store.insertProxyOperator(row);
      }
      assert.deepEqual(ids(await store.listProxyOperators("app1", "o1")), ["op1", "op2", "op3", "op4"]);
      assert.deepEqual(ids(await store.listProxyOperators("app1", "o1", { status: "active" })), ["op2", "op3", "op4"]);
      assert.deepEqual(ids(await store.listProxyOperators("app1", "o1", { status: "active", limit: 2 })), ["op2", "op3"]);
      assert.deepEqual(ids(await store.listProxyOperators("app1", "o1", { limit: 1 })), ["op1"]);
      assert.deepEqual(ids(await store.listProxyOperators("app1", "o1", { status: "resigned" })), ["op1"]);
    }));

    it("finds an enterprise's latest approved change among many, the id deciding a tie", withStore(async (store) => {
      await store.insertOrganizationChange(change("c1", { updatedAt: T0 + 1 }));
      await store.insertOrganizationChange(change("c3", { updatedAt: T0 + 5 }));
      await store.insertOrganizationChange(change("c2", { updatedAt: T0 + 5 }));
      await store.insertOrganizationChange(change("c4", { updatedAt: T0 + 3 }));
      await store.insertOrganizationChange(change("c5", { state: "failed", updatedAt: T0 + 9 }));
      await store.insertOrganizationChange(change("c6", { state: "reviewing", updatedAt: T0 + 9 }));
      await store.insertOrganizationChange(change("c7", { targetOrganizationId: "ent2", updatedAt: T0 + 9 }));
      assert.equal((await store.findLastApprovedOrganizationChange("ent"))?.id, "c3");
      assert.equal((await store.findLastApprovedOrganizationChange("ent2"))?.id, "c7");
      assert.equal(await store.findLastApprovedOrganizationChange("nobody"), undefined);
    }));
  });
}
