/** Platforms, applications and the OpenIds of sub-enterprises and operators: every lookup stays inside one application. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ProxyOrganizationRecord, Store } from "./ports.ts";
import { flowRecord, proxyOperatorRecord as proxyOperator, storeCase, T0 } from "./contract-support.ts";

const proxyOrganization = (id: string, applicationId: string, openId: string, overrides: Partial<ProxyOrganizationRecord> = {}): ProxyOrganizationRecord => ({
  id,
  applicationId,
  openId,
  name: `子客${id}`,
  creditCode: "",
  legalName: "",
  address: "",
  flowId: null,
  organizationId: null,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});


export function describePlatformContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = storeCase(makeStore);

  describe(`Platform store contract: ${name}`, () => {
    it("keeps platforms and their applications, each application with its owner organization", withStore(async (store) => {
      await store.insertPlatform({ id: "p1", name: "平台甲", createdAt: T0 });
      await store.insertPlatform({ id: "p2", name: "平台乙", createdAt: T0 + 1 });
      await store.insertApplication({ id: "app1", platformId: "p1", organizationId: "org-app1", createdAt: T0 });
      await store.insertApplication({ id: "app2", platformId: "p1", organizationId: "org-app2", createdAt: T0 + 1 });
      await store.insertApplication({ id: "app3", platformId: "p2", organizationId: "org-app3", createdAt: T0 + 2 });
      assert.deepEqual(await store.getPlatform("p1"), { id: "p1", name: "平台甲", createdAt: T0 });
      assert.equal(await store.getPlatform("nope"), undefined);
      assert.deepEqual((await store.listPlatforms()).map((p) => p.id), ["p1", "p2"]);
      assert.deepEqual(await store.getApplication("app2"), { id: "app2", platformId: "p1", organizationId: "org-app2", createdAt: T0 + 1 });
      assert.deepEqual((await store.listApplications("p1")).map((a) => a.id), ["app1", "app2"]);
      assert.deepEqual((await store.listApplications()).map((a) => a.id), ["app1", "app2", "app3"]);
      await assert.rejects(store.insertApplication({ id: "app4", platformId: "p2", organizationId: "org-app1", createdAt: T0 }), "one owner organization per application");
    }));

    it("marks an application's API key", withStore(async (store) => {
      await store.insertApiKey({ secretId: "AKID1", organizationId: "org-app1", applicationId: "app1", secretKeySealed: "s", status: "active", createdAt: T0, revokedAt: null });
      assert.equal((await store.getApiKey("AKID1"))?.applicationId, "app1");
    }));

    it("finds sub-enterprises by OpenId within one application only", withStore(async (store) => {
      await store.insertProxyOrganization(proxyOrganization("po1", "app1", "same-open-id"));
      await store.insertProxyOrganization(proxyOrganization("po2", "app2", "same-open-id", { createdAt: T0 + 1 }));
      await store.insertProxyOrganization(proxyOrganization("po3", "app1", "other", { createdAt: T0 + 2 }));
      assert.equal((await store.getProxyOrganization("app1", "same-open-id"))?.id, "po1");
      assert.equal((await store.getProxyOrganization("app2", "same-open-id"))?.id, "po2");
      assert.equal(await store.getProxyOrganization("app3", "same-open-id"), undefined);
      assert.deepEqual((await store.listProxyOrganizations("app1")).map((p) => p.id), ["po1", "po3"]);
      assert.deepEqual((await store.listProxyOrganizations("app1", 1)).map((p) => p.id), ["po1"], "the oldest, up to the limit");
      await assert.rejects(store.insertProxyOrganization(proxyOrganization("po4", "app1", "same-open-id")), "an OpenId is unique in its application");
    }));

    it("updates a sub-enterprise and finds it by its activation flow", withStore(async (store) => {
      await store.insertProxyOrganization(proxyOrganization("po1", "app1", "o1"));
      await store.updateProxyOrganization("po1", { flowId: "flow1", creditCode: "91440300" }, T0 + 5);
      const found = await store.findProxyOrganizationByFlow("flow1");
      assert.deepEqual([found?.id, found?.creditCode, found?.updatedAt, found?.organizationId], ["po1", "91440300", T0 + 5, null]);
      await store.updateProxyOrganization("po1", { organizationId: "org-verified" }, T0 + 6);
      assert.equal((await store.getProxyOrganization("app1", "o1"))?.organizationId, "org-verified");
      assert.equal(await store.findProxyOrganizationByFlow("flow2"), undefined);
    }));

    it("finds operators by OpenId within one application and sub-enterprise", withStore(async (store) => {
      await store.insertProxyOperator(proxyOperator("op1", "app1", "o1", "u1"));
      await store.insertProxyOperator(proxyOperator("op2", "app2", "o1", "u1"));
      await store.insertProxyOperator(proxyOperator("op3", "app1", "o2", "u1"));
      await store.insertProxyOperator(proxyOperator("op4", "app1", "o1", "u2", { createdAt: T0 + 1 }));
      assert.equal((await store.getProxyOperator("app1", "o1", "u1"))?.id, "op1");
      assert.equal((await store.getProxyOperator("app2", "o1", "u1"))?.id, "op2");
      assert.equal((await store.getProxyOperator("app1", "o2", "u1"))?.id, "op3");
      assert.equal(await store.getProxyOperator("app3", "o1", "u1"), undefined);
      assert.deepEqual((await store.listProxyOperators("app1", "o1")).map((o) => o.id), ["op1", "op4"]);
      await assert.rejects(store.insertProxyOperator(proxyOperator("op5", "app1", "o1", "u1")), "an operator's OpenId is unique in its sub-enterprise");
    }));

    it("updates an operator and finds it by the employee it joined as", withStore(async (store) => {
      await store.insertProxyOperator(proxyOperator("op1", "app1", "o1", "u1"));
      await store.updateProxyOperator("op1", { employeeId: "emp1", name: "李四" }, T0 + 3);
      const found = await store.findProxyOperatorByEmployee("emp1");
      assert.deepEqual([found?.id, found?.name, found?.status, found?.updatedAt], ["op1", "李四", "active", T0 + 3]);
      await store.updateProxyOperator("op1", { status: "resigned" }, T0 + 4);
      assert.equal((await store.getProxyOperator("app1", "o1", "u1"))?.status, "resigned");
      assert.equal(await store.findProxyOperatorByEmployee("emp2"), undefined);
    }));

    it("pages an application's many sub-enterprises in the query, oldest first, with the total", withStore(async (store) => {
      const COUNT = 450;
      await store.insertApplication({ id: "app1", platformId: "p1", organizationId: "org-app1", createdAt: T0 });
      await store.insertApplication({ id: "app2", platformId: "p1", organizationId: "org-app2", createdAt: T0 });
      await store.transaction(async (tx) => {
        for (let i = 0; i < COUNT; i++) {
          // Two share each creation time: the id breaks the tie, so pages neither repeat nor skip a row.
          await tx.insertProxyOrganization(proxyOrganization(`po${String(i).padStart(4, "0")}`, "app1", `open-${i}`, { createdAt: T0 + Math.floor(i / 2) }));
        }
        await tx.insertProxyOrganization(proxyOrganization("other", "app2", "open-0"));
      });
      const seen: string[] = [];
      for (let offset = 0; offset < COUNT + 200; offset += 200) {
        const page = await store.pageProxyOrganizations("app1", { offset, limit: 200 });
        assert.equal(page.total, COUNT);
        assert.equal(page.rows.length, Math.max(0, Math.min(200, COUNT - offset)));
        assert.ok(page.rows.every((row) => row.applicationId === "app1" && row.authorizationStatus === "UNVERIFIED"));
        seen.push(...page.rows.map((row) => row.id));
      }
      assert.deepEqual(seen, Array.from({ length: COUNT }, (_, i) => `po${String(i).padStart(4, "0")}`));
      const one = await store.pageProxyOrganizations("app1", { openId: "open-7", offset: 0, limit: 10 });
      assert.deepEqual([one.total, one.rows.map((r) => r.id)], [1, ["po0007"]]);
      assert.deepEqual(await store.pageProxyOrganizations("app2", { openId: "open-7", offset: 0, limit: 10 }), { rows: [], total: 0 });
      const { rows, total } = await store.pageProxyOrganizations("app1", { offset: 440, limit: 200 });
      assert.deepEqual([rows.length, total], [10, COUNT]);
    }));

    it("derives each sub-enterprise's authorization status from its activation flow and filters by it", withStore(async (store) => {
      await store.insertApplication({ id: "app1", platformId: "p1", organizationId: "org-app1", createdAt: T0 });
      const cases: Array<[string, Partial<ProxyOrganizationRecord>, Parameters<typeof flowRecord>[1] | null, string]> = [
        ["none", {}, null, "UNVERIFIED"],
        ["opened", {}, { status: "Processing" }, "UNVERIFIED"],
        ["cleared", {}, { status: "Submit", state: "cleared" }, "UNVERIFIED"],
        ["submitted", {}, { status: "Submit" }, "VERIFYING"],
        ["legal", {}, { status: "Submit", authType: 2 }, "VERIFYINGLEGALPENDINGAUTHORIZATION"],
        ["file-pending", {}, { status: "Submit", authType: 1, auditStatus: 3 }, "VERIFYINGAUTHORIZATIONFILEPENDING"],
        ["file-rejected", {}, { status: "Submit", authType: 1, auditStatus: 2 }, "VERIFYINGAUTHORIZATIONFILEREJECT"],
        ["verified", { organizationId: "org-v" }, { status: "Authorization", state: "verified" }, "VERIFIED"],
        // A flow another organization holds is not this application's activation, whatever its state.
        ["foreign", {}, { status: "Submit", organizationId: "org-app2" }, "UNVERIFIED"],
      ];
      for (const [i, [id, proxy, flow]] of cases.entries()) {
        if (flow) await store.insertAuthFlow(flowRecord(`f-${id}`, { taskId: null, subTaskId: null, source: "single", organizationId: "org-app1", ...flow }));
        await store.insertProxyOrganization(proxyOrganization(id, "app1", `o-${id}`, { createdAt: T0 + i, flowId: flow ? `f-${id}` : null, ...proxy }));
      }
      const all = await store.pageProxyOrganizations("app1", { offset: 0, limit: 100 });
      assert.deepEqual(all.rows.map((r) => [r.id, r.authorizationStatus]), cases.map(([id, , , status]) => [id, status]));
      const verifying = await store.pageProxyOrganizations("app1", { statuses: ["VERIFYING", "VERIFYINGAUTHORIZATIONFILEREJECT"], offset: 0, limit: 1 });
      assert.deepEqual([verifying.total, verifying.rows.map((r) => r.id)], [2, ["submitted"]]);
      const next = await store.pageProxyOrganizations("app1", { statuses: ["VERIFYING", "VERIFYINGAUTHORIZATIONFILEREJECT"], offset: 1, limit: 1 });
      assert.deepEqual(next.rows.map((r) => r.id), ["file-rejected"]);
      assert.deepEqual(await store.pageProxyOrganizations("app1", { statuses: [], offset: 0, limit: 10 }), { rows: [], total: 0 });
      assert.equal((await store.pageProxyOrganizations("app1", { statuses: ["UNVERIFIED"], offset: 0, limit: 10 })).total, 4);
    }));
  });
}
