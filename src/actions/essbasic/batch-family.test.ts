/**
 * essbasic's batch registration family through the official Node SDK's essbasic client against a listening essd:
 * a platform registers its sub-enterprises, the single link gathers them for their super-admin, the admin's steps
 * run through the sandbox control API with the application's key, and verifying activates the sub-enterprises.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlatform, type CreatedApplication } from "../../domain/platforms/platforms.ts";
import { NOT_FOUND_MESSAGE } from "../../domain/registration/registry.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { freshCreditCode, ID_NUMBER } from "../../../test/support/identities.ts";
import { expectSdkError } from "../../../test/support/sdk-errors.ts";
import { essbasicClient, type EssbasicClient } from "../../../test/support/essbasic-client.ts";
import { assertStampedWithin, secondsWindowOf } from "../../../test/support/seconds-window.ts";

const ID = "[0-9A-Za-z]";
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
let seq = 0;

/** A sub-enterprise row as essbasic takes it: ESS's fields plus the platform's OpenIds (fresh unless given). */
const row = (admin: { AdminName: string; AdminMobile: string }, extra: Record<string, unknown> = {}) => ({
  OrganizationName: `子客测试企业${++seq}`,
  UniformSocialCreditCode: freshCreditCode(),
  LegalName: "鹅鹅子",
  Address: "深圳市南山区1000号腾讯大厦",
  AuthorizationTypes: [2],
  OrganizationOpenId: `org${seq}`,
  OpenId: `user${seq}`,
  ...admin,
  ...extra,
});

describe("essbasic's batch registration family", () => {
  let h: Harness;
  let app: CreatedApplication;
  let client: EssbasicClient;
  let Agent: { AppId: string; ProxyOrganizationOpenId: string; ProxyOperator: { OpenId: string } };
  const admin = { AdminName: "典子谦", AdminMobile: "13200000001" };
  const control = (method: "GET" | "POST", path: string, body?: unknown) => controlCall(h.url, app, method, path, body);
  const ownerFlows = async (subTaskIds: string[]) => {
    const owner = (await h.domain.store.getApplication(app.AppId))!.organizationId;
    return h.domain.store.findAuthFlows(owner, { subTaskIds });
  };
  let task: { taskId: string; subTaskIds: string[]; rows: ReturnType<typeof row>[] };

  before(async () => {
    h = await startEssd({ autoWork: false });
    app = await createPlatform(h.domain, { name: "批量平台" });
    client = essbasicClient(h, app);
    Agent = { AppId: app.AppId, ProxyOrganizationOpenId: "platformorg", ProxyOperator: { OpenId: "platformop" } };
  });
  after(() => h.close());

  it("creates a task of sub-enterprises: TaskId, no ErrorMessages, links once processed in the CHANNEL form", async () => {
    const rows = [row(admin), row(admin), row(admin, { OrganizationName: `未收录子客${++seq}` })];
    const created = await client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: rows, Endpoint: "CHANNEL", BatchAuthMethod: 1 });
    assert.match(created.TaskId!, new RegExp(`^yD${ID}{30}$`));
    assert.deepEqual(created.ErrorMessages, []);
    assert.deepEqual((await client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: created.TaskId! })).OrganizationAuthUrls, [], "still processing");

    await h.drainAll();
    const { OrganizationAuthUrls: urls } = await client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: created.TaskId! });
    assert.deepEqual(urls!.map((u) => [u.OrganizationName, u.ErrorMessage]), [[rows[0]!.OrganizationName, ""], [rows[1]!.OrganizationName, ""], [rows[2]!.OrganizationName, NOT_FOUND_MESSAGE]]);
    for (const u of urls!.slice(0, 2)) {
      assert.match(u.AuthUrl!, new RegExp(`^${escapeRe(h.url)}/jump-mp\\.html\\?to=REGISTER_ENTERPRISE_FOR_BATCH&urlAuthToken=yD${ID}{30}&orgName=${escapeRe(u.OrganizationName!)}$`));
      const page = await fetch(u.AuthUrl!);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type")!, /text\/html/);
    }
    assert.equal(urls![2]!.AuthUrl, undefined);
    task = { taskId: created.TaskId!, subTaskIds: urls!.map((u) => u.SubTaskId!), rows };

    const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Agent, TaskIds: task.subTaskIds });
    assert.deepEqual(Details, [
      { TaskId: task.subTaskIds[0], Status: "Create", ErrorMessage: "" },
      { TaskId: task.subTaskIds[1], Status: "Create", ErrorMessage: "" },
      { TaskId: task.subTaskIds[2], Status: "Failed", ErrorMessage: NOT_FOUND_MESSAGE },
    ]);
  });

  it("knows each row's sub-enterprise and admin by the platform's OpenIds, not yet activated", async () => {
    for (const r of task.rows) {
      const proxy = await h.domain.store.getProxyOrganization(app.AppId, r.OrganizationOpenId);
      assert.deepEqual([proxy?.name, proxy?.organizationId], [r.OrganizationName, null]);
      const operator = await h.domain.store.getProxyOperator(app.AppId, r.OrganizationOpenId, r.OpenId);
      assert.deepEqual([operator?.name, operator?.employeeId], [admin.AdminName, null]);
    }
  });

  it("gathers the admin's sub-tasks into one link (the failed one reported), in every Endpoint form", async () => {
    const [single, ran] = await secondsWindowOf(() => client.CreateBatchOrganizationAuthorizationUrl({ Agent, ...admin, SubTaskIds: task.subTaskIds }));
    assert.match(single.AuthUrl!, new RegExp(`^${escapeRe(h.url)}/jump-mp\\.html\\?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yD${ID}{18}$`));
    assert.equal(single.ErrorMessages!.length, 1);
    assert.match(single.ErrorMessages![0]!, new RegExp(`^子任务\\[${task.subTaskIds[2]}\\].*认证任务失败`));
    assertStampedWithin(single.ExpireTime, ran, 7 * 86_400, "ExpireTime (a week)");
    const forms: Array<[string, RegExp]> = [
      ["HTTP_SHORT_URL", new RegExp(`^${escapeRe(h.url)}/s/${ID}{10}$`)],
      ["APP", new RegExp(`^pages/guide/index\\?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yD${ID}{18}$`)],
      ["QR_CODE", new RegExp(`^${escapeRe(h.url)}/imgs/qrcode_urls/authorization_enterprise_for_batch_submit/yD${ID}{30}\\.png$`)],
    ];
    for (const [Endpoint, form] of forms) assert.match((await client.CreateBatchOrganizationAuthorizationUrl({ Agent, ...admin, Endpoint })).AuthUrl!, form);

    // essbasic makes the admin optional: the sub-tasks then name the admin (the first one's).
    const byTasks = await client.CreateBatchOrganizationAuthorizationUrl({ Agent, SubTaskIds: task.subTaskIds.slice(0, 2) });
    assert.deepEqual(byTasks.ErrorMessages, []);
    await expectSdkError(client.CreateBatchOrganizationAuthorizationUrl({ Agent }), "MissingParameter", "AdminName", "SubTaskIds");
    await expectSdkError(client.CreateBatchOrganizationAuthorizationUrl({ Agent, AdminName: admin.AdminName, SubTaskIds: task.subTaskIds }), "MissingParameter", "AdminMobile");

    // The admin goes through the single link: the control API, signed with the application's key, opens it.
    const opened = await control("POST", "links/open", { url: single.AuthUrl });
    assert.equal(opened.status, 200, JSON.stringify(opened.json));
    const flowIds: string[] = opened.json.flows.map((f: { flowId: string }) => f.flowId);
    assert.deepEqual(opened.json.flows.map((f: { subTaskId: string }) => f.subTaskId), task.subTaskIds.slice(0, 2));
    for (const flowId of flowIds) {
      assert.equal((await control("POST", `flows/${flowId}/confirm`)).json.status, "Submit");
    }
    assert.deepEqual((await client.DescribeBatchOrganizationRegistrationTasks({ Agent, TaskIds: task.subTaskIds.slice(0, 2) })).Details!.map((d) => d.Status), ["Submit", "Submit"]);
    for (const flowId of flowIds) {
      const approved = await control("POST", `flows/${flowId}/legal-rep-approve`);
      assert.deepEqual([approved.json.status, approved.json.state], ["Authorization", "verified"], JSON.stringify(approved.json));
    }
    assert.deepEqual((await client.DescribeBatchOrganizationRegistrationTasks({ Agent, TaskIds: task.subTaskIds })).Details!.map((d) => d.Status), ["Authorization", "Authorization", "Failed"]);
  });

  it("verifying a sub-task activates its sub-enterprise, with the row's admin as its super-admin", async () => {
    for (const r of task.rows.slice(0, 2)) {
      const proxy = (await h.domain.store.getProxyOrganization(app.AppId, r.OrganizationOpenId))!;
      assert.match(proxy.organizationId ?? "", new RegExp(`^${ID}{32}$`));
      assert.equal((await h.domain.store.getOrganization(proxy.organizationId!))?.name, r.OrganizationName);
      const operator = (await h.domain.store.getProxyOperator(app.AppId, r.OrganizationOpenId, r.OpenId))!;
      const employee = await h.domain.store.getEmployee(operator.employeeId!);
      assert.deepEqual([employee?.organizationId, employee?.verified], [proxy.organizationId, true]);
    }
    assert.equal((await h.domain.store.getProxyOrganization(app.AppId, task.rows[2]!.OrganizationOpenId))?.organizationId, null);
  });

  it("refuses a row for an activated sub-enterprise, numbering rows from 1, and stores nothing", async () => {
    const activated = task.rows[0]!;
    const rows = [row(admin), row(admin, { OrganizationOpenId: activated.OrganizationOpenId }), row(admin, { Address: "1000号腾讯大厦" })];
    const refused = await client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: rows });
    assert.equal(refused.TaskId, "");
    assert.deepEqual(refused.ErrorMessages, ["", "", "第【3】条注册信息参数错误，地址参数不正确,请确认后再试"]);
    const again = await client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: rows.slice(0, 2) });
    assert.deepEqual([again.TaskId, again.ErrorMessages], ["", ["", "第【2】条注册信息参数错误，该子客企业已完成认证,无需再次认证,请确认后再试"]]);
    assert.equal(await h.domain.store.getProxyOrganization(app.AppId, rows[0]!.OrganizationOpenId), undefined, "nothing stored");
  });

  it("checks the rows' OpenIds: letters and digits, at most 64, none twice in a batch", async () => {
    const bad = await client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: [row(admin, { OpenId: "user_1" }), row(admin, { OrganizationOpenId: "o".repeat(65) })] });
    assert.equal(bad.TaskId, "");
    assert.match(bad.ErrorMessages![0]!, /^第【1】条注册信息参数错误，OpenId不正确/);
    assert.match(bad.ErrorMessages![1]!, /^第【2】条注册信息参数错误，OrganizationOpenId不正确/);
    await expectSdkError(
      client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: [row(admin, { OpenId: "same1" }), row(admin, { OpenId: "same1" })] }),
      "InvalidParameterValue",
      "same1",
    );
    await expectSdkError(
      client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: [row(admin, { OrganizationOpenId: "twin" }), row(admin, { OrganizationOpenId: "twin" })] }),
      "InvalidParameterValue",
      "twin",
    );
    await expectSdkError(client.CreateBatchOrganizationRegistrationTasks({ Agent: { AppId: "" }, RegistrationOrganizations: [row(admin)] }), "MissingParameter", "Agent.AppId");
    await expectSdkError(client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: [row(admin)], Endpoint: "EMAIL" }), "InvalidParameter.EndPoint");
  });

  it("answers in all four signing modes (TC3 POST and GET, HmacSHA256, HmacSHA1)", async () => {
    const modes = [{}, { reqMethod: "GET" as const }, { signMethod: "HmacSHA256" as const }, { signMethod: "HmacSHA1" as const }];
    for (const mode of modes) {
      const signed = essbasicClient(h, app, mode);
      const r = row(admin);
      const { TaskId, ErrorMessages } = await signed.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: [r], Endpoint: "H5" });
      assert.deepEqual([TaskId?.length, ErrorMessages], [32, []], JSON.stringify(mode));
      await h.drainAll();
      const [url] = (await signed.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: TaskId! })).OrganizationAuthUrls!;
      assert.match(url!.AuthUrl!, new RegExp(`^${escapeRe(h.url)}/h5/batch-register\\?token=yD${ID}{30}&orgName=`));
      const { Details } = await signed.DescribeBatchOrganizationRegistrationTasks({ Agent, TaskIds: [url!.SubTaskId!] });
      assert.deepEqual(Details, [{ TaskId: url!.SubTaskId, Status: "Create", ErrorMessage: "" }], JSON.stringify(mode));
    }
  });

  it("clears an admin's unfinished flows, answering each sub-enterprise's OpenId", async () => {
    const other = { AdminName: "张三", AdminMobile: "13200000002" };
    const rows = [row(other), row(other)];
    const { TaskId } = await client.CreateBatchOrganizationRegistrationTasks({ Agent, RegistrationOrganizations: rows });
    await h.drainAll();
    const urls = (await client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: TaskId! })).OrganizationAuthUrls!;
    const flows = await ownerFlows(urls.map((u) => u.SubTaskId!));
    const cleared = await client.DeleteOrganizationAuthorizations({ Agent, ...other });
    assert.equal(cleared.Status, 1);
    assert.deepEqual(
      cleared.DeleteOrganizationAuthorizationInfos!.map((i) => [i.OrganizationName, i.OrganizationOpenId, i.Errormessage]).sort(),
      rows.map((r) => [r.OrganizationName, r.OrganizationOpenId, ""]).sort(),
    );
    assert.deepEqual(new Set(cleared.DeleteOrganizationAuthorizationInfos!.map((i) => i.AuthorizationId)), new Set(flows.map((f) => f.id)));
    assert.deepEqual((await client.DescribeBatchOrganizationRegistrationUrls({ Agent, TaskId: TaskId! })).OrganizationAuthUrls!.map((u) => u.ErrorMessage), ["认证流已被清除", "认证流已被清除"]);
    const verified = await ownerFlows(task.subTaskIds.slice(0, 1));
    const refused = await client.DeleteOrganizationAuthorizations({ Agent, AuthorizationIds: verified.map((f) => f.id) });
    assert.deepEqual([refused.Status, refused.DeleteOrganizationAuthorizationInfos![0]!.Errormessage], [3, "企业已完成认证，无法清除"]);
  });
});
