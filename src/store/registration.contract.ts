/**
 * Registration tasks, authorization flows and blobs: the part of the Store port the worker and the batch
 * actions rely on, run against every backend.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AuthFlowQuery, AuthFlowRecord, Store } from "./ports.ts";
import { flowRecord, storeCase, T0, taskRecord } from "./contract-support.ts";


const task = taskRecord;

const flow = flowRecord;

export function describeRegistrationContract(name: string, makeStore: () => Promise<Store>, options: { concurrentClaimers: boolean }): void {
  const withStore = storeCase(makeStore);

  describe(`Registration store contract: ${name}`, () => {
    it("stores a task with its flows atomically and reads them back field for field", withStore(async (store) => {
      const flows = [flow("f1", { position: 0 }), flow("f2", { position: 1, authorizationTypes: [1, 5] })];
      await store.insertRegistrationTask(task("t1"), flows);
      assert.deepEqual(await store.getRegistrationTask("t1"), task("t1"));
      assert.deepEqual(await store.findAuthFlows("org1", { taskId: "t1" }), flows);
      await assert.rejects(store.insertRegistrationTask(task("t2"), [flow("f1")]), "a duplicate flow id fails the whole task");
      assert.equal(await store.getRegistrationTask("t2"), undefined);
    }));

    it("claims the oldest due task once, leases it, and gives it again only after the lease", withStore(async (store) => {
      await store.insertRegistrationTask(task("late", { nextAttemptAt: T0 + 10_000 }), []);
      await store.insertRegistrationTask(task("old", { createdAt: T0 - 5 }), []);
      await store.insertRegistrationTask(task("new", { createdAt: T0 + 5 }), []);
      const first = await store.claimRegistrationTask(T0 + 100, 1_000);
      assert.equal(first?.id, "old");
      assert.equal(first?.attempts, 1);
      assert.equal(first?.leaseUntil, T0 + 1_100);
      assert.equal((await store.claimRegistrationTask(T0 + 200, 1_000))?.id, "new");
      assert.equal(await store.claimRegistrationTask(T0 + 300, 1_000), undefined, "nothing else is due");
      const again = await store.claimRegistrationTask(T0 + 1_100, 1_000);
      assert.equal(again?.id, "old", "an expired lease is claimable");
      assert.equal(again?.attempts, 2);
    }));

    it("retries later with the error kept, completes for good, and releases leases", withStore(async (store) => {
      await store.insertRegistrationTask(task("t1"), []);
      const claimed1 = await store.claimRegistrationTask(T0, 60_000);
      await store.retryRegistrationTask("t1", T0 + 1, T0 + 5_000, "not my claim");
      assert.equal((await store.getRegistrationTask("t1"))?.leaseUntil, T0 + 60_000, "a stale claim gives back nothing");
      await store.retryRegistrationTask("t1", claimed1!.leaseUntil!, T0 + 5_000, "registry down");
      assert.equal(await store.claimRegistrationTask(T0 + 4_999, 60_000), undefined);
      const retried = await store.getRegistrationTask("t1");
      assert.equal(retried?.lastError, "registry down");
      assert.equal(retried?.leaseUntil, null);
      const claimed = await store.claimRegistrationTask(T0 + 5_000, 60_000);
      assert.equal(claimed?.attempts, 2);
      await store.releaseRegistrationLeases();
      assert.equal((await store.claimRegistrationTask(T0 + 5_001, 60_000))?.id, "t1", "a released lease is claimable at once");
      await store.completeRegistrationTask("t1", T0 + 6_000);
      const done = await store.getRegistrationTask("t1");
      assert.equal(done?.state, "done");
      assert.equal(done?.finishedAt, T0 + 6_000);
      assert.equal(await store.claimRegistrationTask(T0 + 999_999, 60_000), undefined);
    }));

    it("finds flows by every criterion, scoped to one organization", withStore(async (store) => {
      await store.insertRegistrationTask(task("t1"), [flow("a", { position: 0 }), flow("b", { position: 1, adminMobileHash: "other", operatorId: "op2" })]);
      await store.insertAuthFlow(flow("c", { taskId: null, subTaskId: null, source: "single", organizationId: "org2", creditCode: "CODEa" }));
      const ids = async (query: Parameters<Store["findAuthFlows"]>[1], org = "org1") => (await store.findAuthFlows(org, query)).map((f) => f.id);
      assert.deepEqual(await ids({ ids: ["a", "c"] }), ["a"]);
      assert.deepEqual(await ids({ subTaskIds: ["sub-b"] }), ["b"]);
      assert.deepEqual(await ids({ subTaskIds: [] }), []);
      assert.deepEqual(await ids({ nameKey: "企业b" }), ["b"]);
      assert.deepEqual(await ids({ creditCode: "CODEa" }), ["a"]);
      assert.deepEqual(await ids({ creditCode: "CODEa" }, "org2"), ["c"]);
      assert.deepEqual(await ids({ operatorId: "op2" }), ["b"]);
      assert.deepEqual(await ids({ adminMobileHash: "mobile-hash" }), ["a"]);
      assert.deepEqual(await ids({ taskId: "t1", operatorId: "op1" }), ["a"]);
    }));

    it("reads only the newest few flows, newest first, with or without other criteria (sub-tasks only, states)", withStore(async (store) => {
      // Two tasks created together (their flows tie on createdAt: task, then position, decide), one later task, a
      // newer single flow (no SubTaskId) and a newer flow of another organization.
      await store.insertRegistrationTask(task("t1"), [flow("a0", { position: 0 }), flow("a1", { position: 1, adminMobileHash: "other" })]);
      await store.insertRegistrationTask(task("t2"), [flow("b0", { taskId: "t2", position: 0 }), flow("b1", { taskId: "t2", position: 1 })]);
      await store.insertRegistrationTask(task("t3", { createdAt: T0 + 1 }), [flow("c0", { taskId: "t3", createdAt: T0 + 1 })]);
      await store.insertAuthFlow(flow("single", { taskId: null, subTaskId: null, source: "single", createdAt: T0 + 2 }));
      await store.insertAuthFlow(flow("theirs", { taskId: null, subTaskId: "sub-theirs", organizationId: "org2", createdAt: T0 + 3 }));
      const ids = async (query: Parameters<Store["findAuthFlows"]>[1]) => (await store.findAuthFlows("org1", query)).map((f) => f.id);
      assert.deepEqual(await ids({ subTasksOnly: true, newest: 4 }), ["c0", "b1", "b0", "a1"]);
      assert.deepEqual(await ids({ subTasksOnly: true, newest: 100 }), ["c0", "b1", "b0", "a1", "a0"], "fewer than the bound: all of them");
      assert.deepEqual(await ids({ newest: 2 }), ["single", "c0"], "single flows count without subTasksOnly");
      assert.deepEqual(await ids({ subTasksOnly: true }), ["a0", "a1", "b0", "b1", "c0"], "without newest: all, oldest first");
      assert.deepEqual(await ids({ adminMobileHash: "mobile-hash", subTasksOnly: true, newest: 3 }), ["c0", "b1", "b0"]);
      const links = await store.findFlowExpiries("org1", { adminMobileHash: "mobile-hash", subTasksOnly: true, newest: 2 });
      assert.deepEqual(links.map((l) => l.id), ["c0", "b1"], "the batch link's read takes the same bound");
      await store.updateAuthFlow("c0", { state: "cleared" }, T0 + 5);
      await store.updateAuthFlow("b0", { state: "failed" }, T0 + 5);
      assert.deepEqual(await ids({ adminMobileHash: "mobile-hash", states: ["active", "failed"], newest: 2 }), ["single", "b1"], "the bound counts only flows in the states asked");
      assert.deepEqual(await ids({ states: ["failed"] }), ["b0"]);
      await store.updateAuthFlow("a1", { state: "active" }, T0 + 5);
      assert.deepEqual(await ids({ legalName: "张三", states: ["active"], newest: 2 }), ["single", "b1"]);
      assert.deepEqual(await ids({ legalName: "李四" }), []);
      assert.deepEqual(await ids({ states: [] }), []);
    }));

    it("reads flows by id with their own links' expiry in one read, scoped to one organization", withStore(async (store) => {
      await store.insertRegistrationTask(task("t1"), [flow("a", { position: 0, linkToken: "tok-a" }), flow("b", { position: 1, linkToken: "tok-gone" }), flow("c", { position: 2 })]);
      await store.insertAuthFlow(flow("d", { taskId: null, subTaskId: null, source: "single", organizationId: "org2", linkToken: "tok-a" }));
      await store.insertLink({ code: "tok-a", kind: "enterprise-registration", organizationId: "org1", target: {}, expiresAt: T0 + 99, createdAt: T0 });
      const read = await store.findAuthFlowsWithLinks("org1", { ids: ["c", "d", "b", "a"] });
      assert.deepEqual(read, [
        { flow: flow("a", { position: 0, linkToken: "tok-a" }), linkExpiresAt: T0 + 99 },
        { flow: flow("b", { position: 1, linkToken: "tok-gone" }), linkExpiresAt: null },
        { flow: flow("c", { position: 2 }), linkExpiresAt: null },
      ]);
      assert.deepEqual(await store.findAuthFlowsWithLinks("org1", { ids: [] }), []);
      assert.deepEqual((await store.findAuthFlowsWithLinks("org1", { subTaskIds: ["sub-b", "sub-a"] })).map((r) => [r.flow.id, r.linkExpiresAt]), [["a", T0 + 99], ["b", null]]);
    }));

    it("reads the same flows as cards (the list of enterprises' columns), in the same order with the same expiry", withStore(async (store) => {
      const options = { authorization: { legalRepTexted: { at: T0 + 3, linkCode: "rep", linkExpiresAt: T0 + 9, sends: 1 } } };
      await store.insertRegistrationTask(task("t1"), [
        flow("a", { position: 0, linkToken: "tok-a", authorizationTypes: [1, 2], options, authType: 2, reason: "不同意", auditStatus: 2 }),
        flow("b", { position: 1, linkToken: "tok-gone", status: "Failed", state: "failed", errorMessage: "失败原因" }),
        flow("c", { position: 2 }),
      ]);
      await store.insertAuthFlow(flow("d", { taskId: null, subTaskId: null, source: "single", organizationId: "org2", linkToken: "tok-a" }));
      await store.insertLink({ code: "tok-a", kind: "enterprise-registration", organizationId: "org1", target: {}, expiresAt: T0 + 99, createdAt: T0 });
      const card = ({ id, organizationName, creditCode, adminName, authorizationTypes, status, state, errorMessage, authType, auditStatus, reason, linkToken, options }: AuthFlowRecord) =>
        ({ id, organizationName, creditCode, adminName, authorizationTypes, status, state, errorMessage, authType, auditStatus, reason, linkToken, options });
      for (const query of [{ ids: ["c", "d", "b", "a"] }, { ids: [] }, { subTaskIds: ["sub-b", "sub-a"] }]) {
        const full = await store.findAuthFlowsWithLinks("org1", query);
        assert.deepEqual(await store.findFlowCardsWithLinks("org1", query), full.map((r) => ({ flow: card(r.flow), linkExpiresAt: r.linkExpiresAt })));
      }
      assert.deepEqual((await store.findFlowCardsWithLinks("org1", { ids: ["a"] }))[0]!.flow.options, options);
    }));

    it("finds the flows an auth status reads: findAuthFlows' flows in its order, with only those fields", withStore(async (store) => {
      await store.insertRegistrationTask(task("t1"), [
        flow("a", { position: 1, creditCode: "CODE", state: "verified", verifiedOrganizationId: "v1", adminMobileSealed: "sealed-a", authType: 2, auditStatus: 1, reason: "ok" }),
        flow("b", { position: 0, creditCode: "CODE", linkToken: "tok-b" }),
        flow("c", { position: 2, creditCode: "OTHER" }),
      ]);
      await store.insertAuthFlow(flow("d", { taskId: null, subTaskId: null, source: "single", organizationId: "org2", creditCode: "CODE" }));
      const fields = ["id", "state", "status", "verifiedOrganizationId", "createdAt", "linkToken", "adminName", "adminMobileSealed", "authType", "auditStatus", "reason"] as const;
      const picked = (f: AuthFlowRecord) => Object.fromEntries(fields.map((k) => [k, f[k]]));
      const queries: AuthFlowQuery[] = [{ creditCode: "CODE", states: ["active", "failed", "verified"], newest: 100 }, { creditCode: "CODE" }, { ids: ["c", "a", "d"] }, { states: [] }];
      for (const query of queries) {
        const whole = (await store.findAuthFlows("org1", query)).map(picked);
        assert.deepEqual(await store.findAuthStatusFlows("org1", query), whole, JSON.stringify(query));
      }
      assert.deepEqual((await store.findAuthStatusFlows("org1", { creditCode: "CODE" })).map((f) => f.id), ["b", "a"]);
    }));

    it("reads a task with its own flows' links in one read, in the flows' order, and nothing for an unknown task", withStore(async (store) => {
      await store.insertLinks([
        { code: "tok1", kind: "enterprise-registration", organizationId: "org1", target: { flowId: "a", shortCode: "s1" }, createdAt: T0, expiresAt: T0 + 1_000 },
        { code: "tok3", kind: "enterprise-registration", organizationId: "org1", target: { flowId: "c", shortCode: "s3" }, createdAt: T0, expiresAt: T0 + 1_000 },
      ]);
      await store.insertRegistrationTask(task("t1", { state: "done", endpoint: "SHORT_URL" }), [
        flow("a", { position: 2, linkToken: "tok1", status: "Create" }),
        flow("b", { position: 0, linkToken: "gone", state: "cleared" }),
        flow("c", { position: 1, linkToken: "tok3", status: "Failed", errorMessage: "失败" }),
        flow("d", { position: 3, linkToken: null }),
      ]);
      // Another organization's flow that names the task is not the task's.
      await store.insertAuthFlow(flow("e", { taskId: "t1", subTaskId: "sub-e", organizationId: "org2", linkToken: "tok1" }));
      await store.insertRegistrationTask(task("t2"), []);
      const read = await store.findTaskLinks("t1");
      assert.deepEqual({ ...read, flows: [] }, { organizationId: "org1", state: "done", endpoint: "SHORT_URL", flows: [] });
      const byFlow = new Map((await store.findAuthFlows("org1", { taskId: "t1" })).map((f) => [f.subTaskId, f]));
      assert.deepEqual(
        read!.flows.map((f) => [f.subTaskId, f.linkToken, f.linkShortCode]),
        [["sub-b", "gone", undefined], ["sub-c", "tok3", "s3"], ["sub-a", "tok1", "s1"], ["sub-d", null, undefined]],
      );
      for (const f of read!.flows) {
        const whole = byFlow.get(f.subTaskId)!;
        assert.deepEqual([f.organizationName, f.status, f.state, f.errorMessage], [whole.organizationName, whole.status, whole.state, whole.errorMessage], "each flow's own fields");
      }
      assert.deepEqual(await store.findTaskLinks("t2"), { organizationId: "org1", state: "pending", endpoint: task("t2").endpoint, flows: [] }, "a task without flows yet");
      assert.equal(await store.findTaskLinks("t3"), undefined);
    }));

    it("finds flows with only what the batch link compares and their links' expiry: findAuthFlows' flows, by ids or SubTaskIds in any order, else in its order", withStore(async (store) => {
      await store.insertLinks([
        { code: "tok1", kind: "registration", organizationId: "org1", target: { shortCode: "s1" }, createdAt: T0, expiresAt: T0 + 1_000 },
        { code: "tok3", kind: "registration", organizationId: "org1", target: {}, createdAt: T0, expiresAt: T0 + 7 },
      ]);
      await store.insertRegistrationTask(task("t1"), [
        flow("a", { position: 2, linkToken: "tok1", adminIdHash: "id-hash", status: "Create" }),
        flow("b", { position: 0, linkToken: "gone", state: "cleared" }),
        flow("c", { position: 1, linkToken: "tok3", status: "Failed", errorMessage: "失败" }),
        flow("d", { position: 3, linkToken: null, adminMobileHash: null }),
      ]);
      await store.insertAuthFlow(flow("e", { taskId: "t1", subTaskId: "sub-e", organizationId: "org2", linkToken: "tok1" }));
      // What findAuthFlows answers, summarized, with the expiry of the link its token names (null: none, or gone).
      const expected = async (organizationId: string, query: AuthFlowQuery) => {
        const flows = await store.findAuthFlows(organizationId, query);
        const links = new Map((await store.getLinks(flows.flatMap((f) => (f.linkToken ? [f.linkToken] : [])))).map((l) => [l.code, l.expiresAt]));
        return flows.map((f) => {
          const { id, subTaskId, organizationName, adminName, adminMobileHash, adminIdType, adminIdHash, status, state, errorMessage, linkToken } = f;
          return { id, subTaskId, organizationName, adminName, adminMobileHash, adminIdType, adminIdHash, status, state, errorMessage, linkToken, linkExpiresAt: (linkToken && links.get(linkToken)) ?? null };
        });
      };
      assert.deepEqual(await store.findFlowExpiries("org1", { taskId: "t1" }), await expected("org1", { taskId: "t1" }), "field for field, in the same order");
      assert.deepEqual(
        (await store.findFlowExpiries("org1", { taskId: "t1" })).map((f) => [f.id, f.linkExpiresAt]),
        [["b", null], ["c", T0 + 7], ["a", T0 + 1_000], ["d", null]],
      );
      const byId = (rows: Array<{ id: string }>) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
      const bySubTasks = await store.findFlowExpiries("org1", { subTaskIds: ["sub-d", "sub-a", "sub-e", "sub-c", "sub-b"] });
      assert.deepEqual(byId(bySubTasks), byId(await expected("org1", { subTaskIds: ["sub-a", "sub-b", "sub-c", "sub-d"] })), "another organization's sub-task is not there");
      assert.deepEqual(byId(await store.findFlowExpiries("org1", { ids: ["c", "a"] })), byId(await expected("org1", { ids: ["a", "c"] })));
      assert.deepEqual(await store.findFlowExpiries("org1", { subTaskIds: [] }), []);
      assert.deepEqual(
        (await store.findFlowExpiries("org1", { adminMobileHash: "mobile-hash", subTasksOnly: true, newest: 2 })).map((f) => f.id),
        ["a", "c"],
        "the newest few, newest first",
      );
      assert.deepEqual(await store.findFlowExpiries("org2", { adminMobileHash: "mobile-hash" }), await expected("org2", { adminMobileHash: "mobile-hash" }));
      assert.deepEqual((await store.findFlowExpiries("org2", {})).map((f) => [f.id, f.linkExpiresAt]), [["e", T0 + 1_000]], "another organization's flow with the same link");
    }));

    it("locks a flow of its own organization inside a transaction and reads it whole", withStore(async (store) => {
      await store.insertAuthFlow(flow("L1"));
      const locked = await store.transaction((tx) => tx.lockAuthFlow("org1", "L1"));
      assert.deepEqual(locked, flow("L1"));
      assert.equal(await store.transaction((tx) => tx.lockAuthFlow("org2", "L1")), undefined, "another organization's flow is not there");
    }));

    it("updates only the given members of a flow", withStore(async (store) => {
      await store.insertRegistrationTask(task("t1"), [flow("a")]);
      await store.updateAuthFlow("a", { status: "Create", linkToken: "tok" }, T0 + 1);
      await store.updateAuthFlow("a", { state: "verified", verifiedOrganizationId: "org9", auditStatus: 1, authType: 1, reason: "ok", errorMessage: "" }, T0 + 2);
      const [updated] = await store.findAuthFlows("org1", { ids: ["a"] });
      assert.deepEqual(updated, { ...flow("a"), status: "Create", linkToken: "tok", state: "verified", verifiedOrganizationId: "org9", auditStatus: 1, authType: 1, reason: "ok", updatedAt: T0 + 2 });
      // What the admin fills in on confirming a link that left it out.
      await store.updateAuthFlow("a", { organizationName: "补填科技有限公司", nameKey: "补填科技有限公司", creditCode: "9144030071526726XG" }, T0 + 3);
      assert.deepEqual((await store.findAuthFlows("org1", { verifiedOrganizationIds: ["org9", "org8"] })).map((f) => f.id), ["a"]);
      assert.deepEqual(await store.findAuthFlows("org1", { verifiedOrganizationIds: [] }), []);
      assert.deepEqual(await store.findAuthFlows("org2", { verifiedOrganizationIds: ["org9"] }), [], "another tenant's flows");
      const [named] = await store.findAuthFlows("org1", { ids: ["a"] });
      assert.deepEqual([named?.organizationName, named?.nameKey, named?.creditCode, named?.status], ["补填科技有限公司", "补填科技有限公司", "9144030071526726XG", "Create"]);
    }));

    it("moves several flows to Create in one call, each with its own link, and no other flow", withStore(async (store) => {
      await store.insertRegistrationTask(task("t1"), [flow("a", { position: 0 }), flow("b", { position: 1 }), flow("c", { position: 2 })]);
      await store.markAuthFlowsCreated([{ id: "c", linkToken: "tok-c" }, { id: "a", linkToken: "tok-a" }], T0 + 5);
      const read = await store.findAuthFlows("org1", { taskId: "t1" });
      assert.deepEqual(read.map((f) => [f.id, f.status, f.linkToken, f.updatedAt]), [["a", "Create", "tok-a", T0 + 5], ["b", "Processing", null, T0], ["c", "Create", "tok-c", T0 + 5]]);
      await store.markAuthFlowsCreated([], T0 + 6);
    }));

    it("keeps blobs by hash, once", withStore(async (store) => {
      const bytes = Buffer.from([0, 1, 2, 255, 254]);
      await store.putBlob("h1", bytes);
      await store.putBlob("h1", Buffer.from("ignored"));
      assert.deepEqual(await store.getBlob("h1"), bytes);
      assert.equal(await store.getBlob("missing"), undefined);
    }));

    if (options.concurrentClaimers) {
      it("never hands one task to two claimers at once", withStore(async (store) => {
        await store.insertRegistrationTask(task("t0"), []);
        for (let i = 1; i < 20; i++) await store.insertRegistrationTask(task(`t${i}`, { createdAt: T0 + i }), []);
        const others = await Promise.all([makeStore(), makeStore()]);
        try {
          // The other stores live in fresh schemas; share this one's by claiming through `store` from many callers.
          const claims = await Promise.all(Array.from({ length: 30 }, () => store.claimRegistrationTask(T0 + 100, 60_000)));
          const claimed = claims.filter((c) => c !== undefined).map((c) => c!.id);
          assert.equal(new Set(claimed).size, claimed.length, "no task claimed twice");
          assert.equal(claimed.length, 20);
        } finally {
          await Promise.all(others.map((s) => s.close()));
        }
      }));
    }
  });
}
