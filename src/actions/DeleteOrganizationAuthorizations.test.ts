import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { ManualClock } from "../platform/clock.ts";
import { freshCreditCode } from "../../test/support/identities.ts";
import type { CreatedTenant } from "../domain/tenants.ts";
import type { AuthFlowRecord } from "../store/ports.ts";

const START = Date.parse("2026-03-02T02:00:00Z");
const UNKNOWN_ID = `yD${"0".repeat(30)}`;
const NO_FLOWS = { Code: "InvalidParameter.DataNotFound", Message: "数据不存在：当前操作人没有认证中的企业认证流。" };

let h: Harness;
let clock: ManualClock;
let other: CreatedTenant;
/** A second verified employee of the same organization. */
let colleague: string;
let seq = 0;

type Admin = { AdminName: string; AdminMobile: string };
const freshAdmin = (name = "张三"): Admin => ({ AdminName: name, AdminMobile: `1888888${String(++seq).padStart(4, "0")}` });
const org = (admin: Admin) => ({ OrganizationName: `张三示例企业${++seq}`, UniformSocialCreditCode: freshCreditCode(), LegalName: "张三", ...admin, AuthorizationTypes: [2] });

const call = (action: string, body: Record<string, unknown>, operator = h.tenant.OperatorUserId, tenant: CreatedTenant = h.tenant) =>
  callAs(h.url, tenant, action, body, { timestamp: Math.floor(clock.now() / 1000), operatorUserId: operator });
const clear = (body: Record<string, unknown>, operator?: string) => call("DeleteOrganizationAuthorizations", body, operator);

/** Registers one enterprise per admin given and returns the flows in order; `process: false` leaves them Processing. */
async function register(admins: Admin[], options: { process?: boolean; operator?: string } = {}) {
  const response = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: admins.map(org) }, options.operator);
  assert.equal(response.TaskId.length, 32, JSON.stringify(response));
  if (options.process !== false) await h.worker.runOnce();
  const flows = await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { taskId: response.TaskId });
  return flows.sort((a, b) => a.position - b.position);
}
const stateOf = async (f: AuthFlowRecord) => (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { ids: [f.id] }))[0].state;
const info = (f: AuthFlowRecord, why = "") => ({ AuthorizationId: f.id, OrganizationName: f.organizationName, Errormessage: why });

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
  other = await h.createTenant("另一家公司");
  const created = await call("CreateIntegrationEmployees", { Employees: [{ DisplayName: "李业务", Mobile: "13900009999" }], InvitationNotifyType: "NONE" });
  colleague = created.CreateEmployeeResult.SuccessEmployeeData[0].UserId;
  await h.domain.store.markEmployeeVerified(colleague, clock.now());
});
after(() => h.close());

describe("happy", () => {
  it("by AdminName + AdminMobile clears every open flow of that admin, Processing ones included → Status 1 (official example)", async () => {
    const admin = freshAdmin();
    const bystander = freshAdmin("李四");
    const [a, b, kept] = await register([admin, admin, bystander]);
    clock.advance(1000); // flows are listed oldest first
    const [processing] = await register([admin], { process: false });
    const response = await clear({ AdminName: admin.AdminName, AdminMobile: admin.AdminMobile });
    assert.deepEqual(Object.keys(response).sort(), ["DeleteOrganizationAuthorizationInfos", "RequestId", "Status"]);
    assert.equal(response.Status, 1);
    assert.deepEqual(response.DeleteOrganizationAuthorizationInfos, [info(a), info(b), info(processing)]);
    for (const f of [a, b, processing]) assert.equal(await stateOf(f), "cleared");
    assert.equal(await stateOf(kept), "active");
    const details = (await call("DescribeBatchOrganizationRegistrationTasks", { TaskIds: [a.subTaskId, kept.subTaskId] })).Details;
    assert.deepEqual(details.map((d: { ErrorMessage: string }) => d.ErrorMessage), ["认证流已被清除", ""]);
    await h.worker.runOnce();
  });

  it("by admin clears at most the 100 newest open flows a call, oldest of them first; the next call the older ones", async () => {
    const admin = freshAdmin();
    const [template] = await register([admin]);
    // 104 newer open flows of the same admin, and newer still ones already cleared or verified (not counted).
    const flow = (n: number, state: AuthFlowRecord["state"]) => ({ ...template!, id: `bulk${seq}f${n}`, subTaskId: `bulk${seq}s${n}`, taskId: `bulk${seq}`, position: n, state, createdAt: template!.createdAt + 1 });
    const open = Array.from({ length: 104 }, (_, n) => flow(n, "active"));
    const done = [flow(200, "cleared"), flow(201, "verified")];
    for (const f of [...open, ...done]) await h.domain.store.insertAuthFlow(f);
    const first = await clear({ AdminName: admin.AdminName, AdminMobile: admin.AdminMobile });
    assert.equal(first.Status, 1);
    assert.deepEqual(first.DeleteOrganizationAuthorizationInfos.map((i: { AuthorizationId: string }) => i.AuthorizationId), open.slice(4).map((f) => f.id));
    assert.equal(await stateOf(template!), "active");
    const second = await clear({ AdminName: admin.AdminName, AdminMobile: admin.AdminMobile });
    assert.deepEqual(second.DeleteOrganizationAuthorizationInfos.map((i: { AuthorizationId: string }) => i.AuthorizationId), [template!.id, ...open.slice(0, 4).map((f) => f.id)]);
    assert.deepEqual((await clear({ AdminName: admin.AdminName, AdminMobile: admin.AdminMobile })).Error, NO_FLOWS);
    await h.worker.runOnce();
  });

  it("by AuthorizationIds (admin fields then ignored, even an invalid mobile) → Status 1", async () => {
    const [a, b] = await register([freshAdmin(), freshAdmin("王五")]);
    const response = await clear({ AuthorizationIds: [a.id, b.id], AdminName: "不相关", AdminMobile: "123" });
    assert.deepEqual(response, { DeleteOrganizationAuthorizationInfos: [info(a), info(b)], Status: 1, RequestId: response.RequestId });
  });

  it("partly cleared → Status 2, with 认证流已被清除 / 企业认证不存在 / 企业已完成认证，无法清除", async () => {
    const [open, cleared, verified] = await register([freshAdmin(), freshAdmin(), freshAdmin()]);
    assert.equal((await clear({ AuthorizationIds: [cleared.id] })).Status, 1);
    await h.domain.store.updateAuthFlow(verified.id, { state: "verified" }, clock.now());
    const response = await clear({ AuthorizationIds: [open.id, cleared.id, UNKNOWN_ID, verified.id, open.id] });
    assert.equal(response.Status, 2);
    assert.deepEqual(response.DeleteOrganizationAuthorizationInfos, [
      info(open),
      info(cleared, "认证流已被清除"),
      { AuthorizationId: UNKNOWN_ID, OrganizationName: "", Errormessage: "企业认证不存在" },
      info(verified, "企业已完成认证，无法清除"),
    ]);
    assert.equal(await stateOf(verified), "verified");
  });

  it("nothing cleared → Status 3", async () => {
    const [cleared] = await register([freshAdmin()]);
    await clear({ AuthorizationIds: [cleared.id] });
    const response = await clear({ AuthorizationIds: [cleared.id, UNKNOWN_ID] });
    assert.equal(response.Status, 3);
    assert.deepEqual(response.DeleteOrganizationAuthorizationInfos, [info(cleared, "认证流已被清除"), { AuthorizationId: UNKNOWN_ID, OrganizationName: "", Errormessage: "企业认证不存在" }]);
  });

  it("clears a CreateOrganizationAuthUrl flow by the admin's name and mobile", async () => {
    const admin = freshAdmin("典子谦");
    const created = await call("CreateOrganizationAuthUrl", { OrganizationName: "单个认证企业", ...admin });
    assert.ok(created.AuthUrl, JSON.stringify(created));
    const response = await clear({ ...admin });
    assert.equal(response.Status, 1);
    assert.deepEqual(response.DeleteOrganizationAuthorizationInfos.map((i: { OrganizationName: string; Errormessage: string }) => [i.OrganizationName, i.Errormessage]), [["单个认证企业", ""]]);
  });
});

describe("invalid input", () => {
  it("a second clear of the same admin answers DataNotFound", async () => {
    const admin = freshAdmin();
    await register([admin]);
    assert.equal((await clear({ ...admin })).Status, 1);
    assert.deepEqual((await clear({ ...admin })).Error, NO_FLOWS);
  });

  it("an admin with no flows, or the right mobile under another name, answers DataNotFound", async () => {
    assert.deepEqual((await clear({ ...freshAdmin() })).Error, NO_FLOWS);
    const admin = freshAdmin();
    await register([admin]);
    assert.deepEqual((await clear({ AdminName: "李四", AdminMobile: admin.AdminMobile })).Error, NO_FLOWS);
  });

  it("failed flows are unfinished too: clearing by admin clears them, and then nothing is left", async () => {
    const admin = freshAdmin();
    const response = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: [{ ...org(admin), OrganizationName: "未收录企业" }] });
    assert.equal(response.TaskId.length, 32);
    await h.worker.runOnce();
    const cleared = await clear({ ...admin });
    assert.equal(cleared.Status, 1);
    assert.equal(cleared.DeleteOrganizationAuthorizationInfos[0].OrganizationName, "未收录企业");
    assert.deepEqual((await clear({ ...admin })).Error, NO_FLOWS);
  });

  it("only the operator who created the flows can clear them", async () => {
    const admin = freshAdmin();
    const [flow] = await register([admin], { operator: colleague });
    assert.deepEqual((await clear({ ...admin })).Error, NO_FLOWS);
    const byId = await clear({ AuthorizationIds: [flow.id] });
    assert.equal(byId.Status, 3);
    assert.deepEqual(byId.DeleteOrganizationAuthorizationInfos, [{ AuthorizationId: flow.id, OrganizationName: "", Errormessage: "企业认证不存在" }]);
    assert.equal(await stateOf(flow), "active");
    assert.equal((await clear({ ...admin }, colleague)).Status, 1);
  });

  it(
    "a sub-task cleared while Processing is not given a link by the worker afterwards",
    async () => {
      const [flow] = await register([freshAdmin()], { process: false });
      assert.equal((await clear({ AuthorizationIds: [flow.id] })).Status, 1);
      await h.worker.runOnce();
      const [after] = await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { ids: [flow.id] });
      assert.deepEqual([after.state, after.status, after.linkToken], ["cleared", "Processing", null]);
    },
  );

  it("another organization's flow does not exist for the caller", async () => {
    const [flow] = await register([freshAdmin()]);
    const response = await call("DeleteOrganizationAuthorizations", { AuthorizationIds: [flow.id] }, other.OperatorUserId, other);
    assert.equal(response.Status, 3);
    assert.equal(response.DeleteOrganizationAuthorizationInfos[0].Errormessage, "企业认证不存在");
    assert.equal(await stateOf(flow), "active");
  });

  const requestErrors: Array<{ title: string; body: Record<string, unknown>; error: { Code: string; Message: string } }> = [
    { title: "nothing at all", body: {}, error: { Code: "MissingParameter", Message: "缺少参数：`AdminName`（未传 AuthorizationIds 时必填）。" } },
    { title: "empty AuthorizationIds and no admin", body: { AuthorizationIds: [] }, error: { Code: "MissingParameter", Message: "缺少参数：`AdminName`（未传 AuthorizationIds 时必填）。" } },
    { title: "AdminMobile without AdminName", body: { AdminMobile: "18888888888" }, error: { Code: "MissingParameter", Message: "缺少参数：`AdminName`（未传 AuthorizationIds 时必填）。" } },
    { title: "AdminName without AdminMobile", body: { AdminName: "张三" }, error: { Code: "MissingParameter", Message: "缺少参数：`AdminMobile`（未传 AuthorizationIds 时必填）。" } },
    { title: "blank AdminName", body: { AdminName: " ", AdminMobile: "18888888888" }, error: { Code: "MissingParameter", Message: "缺少参数：`AdminName`（未传 AuthorizationIds 时必填）。" } },
    { title: "10-digit AdminMobile", body: { AdminName: "张三", AdminMobile: "1888888888" }, error: { Code: "InvalidParameter.Mobile", Message: "不合法的手机号，请检查后重试（AdminMobile）。" } },
    { title: "AdminMobile with +86", body: { AdminName: "张三", AdminMobile: "+8618888888888" }, error: { Code: "InvalidParameter.Mobile", Message: "不合法的手机号，请检查后重试（AdminMobile）。" } },
    { title: "AuthorizationIds not an array", body: { AuthorizationIds: "yDCkRUUckp4mrr1mUuZT4VduiD2OfBVC" }, error: { Code: "InvalidParameter", Message: "参数 `AuthorizationIds` 错误：类型错误，应为 数组。" } },
  ];
  for (const c of requestErrors) {
    it(`answers ${c.error.Code} for ${c.title}`, async () => {
      const response = await clear(c.body);
      assert.deepEqual(response.Error, c.error);
      assert.equal(response.Status, undefined);
    });
  }
});
