import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { ManualClock } from "../platform/clock.ts";
import { freshCreditCode } from "../../test/support/identities.ts";
import type { CreatedTenant } from "../domain/tenants.ts";
import type { AuthFlowRecord } from "../store/ports.ts";

const START = Date.parse("2026-03-02T02:00:00Z");
const NOT_STARTED = { IsVerified: false, AuthStatus: 0, AuthRecords: [] };
/** The official example's operator: 典子谦 / 13200000000, shown as 典*谦 / 132****0000. */
const RECORD = { OperatorName: "典*谦", OperatorMobile: "132****0000", AuthType: 0, AuditStatus: 0, Reason: "" };

let h: Harness;
let clock: ManualClock;
let other: CreatedTenant;
let seq = 0;

type Enterprise = { OrganizationName: string; UniformSocialCreditCode: string; LegalName: string; AdminName: string; AdminMobile: string };
const enterprise = (extra: Partial<Enterprise> = {}): Enterprise => ({
  OrganizationName: `状态查询企业${++seq}`,
  UniformSocialCreditCode: freshCreditCode(),
  LegalName: "鹅鹅子",
  AdminName: "典子谦",
  AdminMobile: "13200000000",
  ...extra,
});

const call = (action: string, body: Record<string, unknown>, tenant: CreatedTenant = h.tenant) =>
  callAs(h.url, tenant, action, body, { timestamp: Math.floor(clock.now() / 1000) });
/** The status without RequestId, for whole-object comparisons. */
async function status(query: Record<string, unknown>, tenant?: CreatedTenant) {
  const { RequestId, ...rest } = await call("DescribeOrganizationAuthStatus", query, tenant);
  assert.ok(RequestId);
  return rest;
}
async function register(e: Enterprise, process = true): Promise<AuthFlowRecord> {
  const response = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: [{ ...e, AuthorizationTypes: [2] }] });
  assert.equal(response.TaskId.length, 32, JSON.stringify(response));
  if (process) await h.worker.runOnce();
  return (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { taskId: response.TaskId }))[0];
}

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
  other = await h.createTenant("另一家公司");
});
after(() => h.close());

describe("happy", () => {
  it("a created link in progress → AuthStatus 1 with the masked record, by name, by code and by both", async () => {
    const e = enterprise();
    await register(e);
    const expected = { IsVerified: false, AuthStatus: 1, AuthRecords: [RECORD] };
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName }), expected);
    assert.deepEqual(await status({ UniformSocialCreditCode: e.UniformSocialCreditCode }), expected);
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName, UniformSocialCreditCode: e.UniformSocialCreditCode, LegalName: "" }), expected);
    assert.deepEqual(await status({ UniformSocialCreditCode: "", LegalName: "", OrganizationName: e.OrganizationName }), expected);
  });

  it("name matching ignores surrounding spaces and ASCII vs full-width parentheses; codes are upper-cased", async () => {
    const e = enterprise({ OrganizationName: `括号企业(深圳)${++seq}` });
    await register(e);
    assert.equal((await status({ OrganizationName: ` ${e.OrganizationName.replace("(", "（").replace(")", "）")} ` })).AuthStatus, 1);
    assert.equal((await status({ UniformSocialCreditCode: e.UniformSocialCreditCode.toLowerCase() })).AuthStatus, 1);
  });

  it("masks two-character names and keeps AuthType, AuditStatus and Reason", async () => {
    const flow = await register(enterprise({ AdminName: "张三", AdminMobile: "18888888888" }));
    await h.domain.store.updateAuthFlow(flow.id, { authType: 1, auditStatus: 2, reason: "请加盖与企业名称一致的企业公章" }, clock.now());
    assert.deepEqual((await status({ UniformSocialCreditCode: flow.creditCode })).AuthRecords, [
      { OperatorName: "张*", OperatorMobile: "188****8888", AuthType: 1, AuditStatus: 2, Reason: "请加盖与企业名称一致的企业公章" },
    ]);
  });

  it("LegalName filters the flows", async () => {
    const e = enterprise({ LegalName: "王法人" });
    await register(e);
    assert.equal((await status({ OrganizationName: e.OrganizationName, LegalName: "王法人" })).AuthStatus, 1);
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName, LegalName: "李法人" }), NOT_STARTED);
  });

  it("AuthorizationInfoId narrows to that flow", async () => {
    const e = enterprise();
    const first = await register(e);
    const second = await register({ ...e, AdminName: "张三", AdminMobile: "18888888888" });
    const [a, b] = [await status({ OrganizationName: e.OrganizationName, AuthorizationInfoId: first.id }), await status({ OrganizationName: e.OrganizationName, AuthorizationInfoId: second.id })];
    assert.deepEqual(a.AuthRecords, [RECORD]);
    assert.deepEqual(b.AuthRecords.map((r: { OperatorName: string }) => r.OperatorName), ["张*"]);
    assert.equal((await status({ OrganizationName: e.OrganizationName })).AuthRecords.length, 2);
    const elsewhere = await register(enterprise());
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName, AuthorizationInfoId: elsewhere.id }), NOT_STARTED);
  });

  it("a verified flow → AuthStatus 2, IsVerified and OrganizationId (official example shape)", async () => {
    const e = enterprise();
    const flow = await register(e);
    const organizationId = `yD${"V".repeat(30)}`;
    await h.domain.store.updateAuthFlow(flow.id, { state: "verified", authType: 3, verifiedOrganizationId: organizationId }, clock.now());
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName }), {
      IsVerified: true,
      AuthStatus: 2,
      AuthRecords: [{ ...RECORD, AuthType: 3 }],
      OrganizationId: organizationId,
    });
  });

  it("many flows for one enterprise: AuthRecords of the 100 newest (oldest first), and the older verified one still counts", async () => {
    const e = enterprise();
    const flow = await register(e);
    const organizationId = `yD${"W".repeat(30)}`;
    await h.domain.store.updateAuthFlow(flow.id, { state: "verified", authType: 3, verifiedOrganizationId: organizationId }, clock.now());
    // 105 newer open flows for the same enterprise, each with its own AuditStatus so the records show which.
    for (let n = 0; n < 105; n++) {
      await h.domain.store.insertAuthFlow({ ...flow, id: `many${seq}f${n}`, subTaskId: null, taskId: null, source: "single", auditStatus: n, createdAt: flow.createdAt + 1 + n });
    }
    for (const query of [{ OrganizationName: e.OrganizationName }, { UniformSocialCreditCode: e.UniformSocialCreditCode }]) {
      const answer = await status(query);
      assert.equal(answer.AuthStatus, 2, JSON.stringify(query));
      assert.equal(answer.OrganizationId, organizationId);
      assert.deepEqual(
        answer.AuthRecords.map((r: { AuditStatus: number }) => r.AuditStatus),
        [0, ...Array.from({ length: 100 }, (_, i) => 5 + i)],
        "the verified flow (AuditStatus 0), then the 100 newest",
      );
    }
  });

  it("a CreateOrganizationAuthUrl flow counts as in progress", async () => {
    const e = enterprise();
    const created = await call("CreateOrganizationAuthUrl", { OrganizationName: e.OrganizationName, UniformSocialCreditCode: e.UniformSocialCreditCode, AdminName: "典子谦", AdminMobile: "13200000000" });
    assert.ok(created.AuthUrl, JSON.stringify(created));
    assert.deepEqual(await status({ UniformSocialCreditCode: e.UniformSocialCreditCode }), { IsVerified: false, AuthStatus: 1, AuthRecords: [RECORD] });
  });
});

describe("not started", () => {
  it("an enterprise nobody guided → AuthStatus 0 and no records, without OrganizationId", async () => {
    const answer = await status({ OrganizationName: "从未出现的企业" });
    assert.deepEqual(answer, NOT_STARTED);
  });

  it("after clearing → AuthStatus 0 and no records", async () => {
    const e = enterprise();
    const flow = await register(e);
    assert.equal((await status({ OrganizationName: e.OrganizationName })).AuthStatus, 1);
    assert.equal((await call("DeleteOrganizationAuthorizations", { AuthorizationIds: [flow.id] })).Status, 1);
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName }), NOT_STARTED);
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName, AuthorizationInfoId: flow.id }), NOT_STARTED);
  });

  it("a Failed sub-task → AuthStatus 0 and no records", async () => {
    const e = enterprise({ OrganizationName: `未收录企业${++seq}` });
    const flow = await register(e);
    assert.equal(flow.status, "Failed");
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName }), NOT_STARTED);
  });

  it("a sub-task still Processing → AuthStatus 0", async () => {
    const e = enterprise();
    await register(e, false);
    assert.equal((await status({ OrganizationName: e.OrganizationName })).AuthStatus, 0);
    await h.worker.runOnce();
    assert.equal((await status({ OrganizationName: e.OrganizationName })).AuthStatus, 1);
  });

  it("name and code must both match when both are given", async () => {
    const [a, b] = [enterprise(), enterprise()];
    await register(a);
    await register(b);
    assert.deepEqual(await status({ OrganizationName: a.OrganizationName, UniformSocialCreditCode: b.UniformSocialCreditCode }), NOT_STARTED);
  });

  it("another organization's flows are invisible", async () => {
    const e = enterprise();
    await register(e);
    assert.deepEqual(await status({ OrganizationName: e.OrganizationName }, other), NOT_STARTED);
  });
});

describe("invalid input", () => {
  const missing = { Code: "MissingParameter.OrgNameOrUniformSocialCreditCode", Message: "参数缺失，企业名称和统一信用代码不能同时为空（OrganizationName / UniformSocialCreditCode）。" };
  const cases: Array<{ title: string; body: Record<string, unknown>; error: { Code: string; Message: string } }> = [
    { title: "neither name nor code", body: {}, error: missing },
    { title: "both empty strings", body: { OrganizationName: "", UniformSocialCreditCode: "" }, error: missing },
    { title: "blank name, LegalName and AuthorizationInfoId only", body: { OrganizationName: "  ", LegalName: "张三", AuthorizationInfoId: `yD${"1".repeat(30)}` }, error: missing },
    { title: "an unknown member", body: { OrganizationName: "测试企业", AdminName: "张三" }, error: { Code: "UnknownParameter", Message: "未知参数错误：`AdminName` 不是该接口定义的参数。" } },
  ];
  for (const c of cases) {
    it(`answers ${c.error.Code} for ${c.title}`, async () => {
      const response = await call("DescribeOrganizationAuthStatus", c.body);
      assert.deepEqual(response.Error, c.error);
      assert.equal(response.AuthStatus, undefined);
    });
  }
});
