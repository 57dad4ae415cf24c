/**
 * One tenant's registration tasks, sub-tasks and flows are invisible to another: foreign ids answer exactly like
 * unknown ones and never leak enterprise names. A group acts for its sub-enterprise only through Agent.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import type { CreatedTenant } from "../src/domain/tenants.ts";
import { startEssd, type Harness } from "./support/harness.ts";
import { CREDIT_CODES } from "./support/identities.ts";
import { signedCall } from "./support/signed-request.ts";
import { processedTask } from "./support/tasks.ts";

const ADMIN = { AdminName: "李四", AdminMobile: "13800138000" };
const A_NAMES = ["甲方机密科技有限公司", "甲方保密贸易有限公司"];

describe("tenant isolation of the registration family", () => {
  let h: Harness;
  let a: CreatedTenant;
  let b: CreatedTenant;
  let taskId: string;
  let subTaskIds: string[];
  let flowIds: string[];

  const call = async (as: CreatedTenant, action: string, body: Record<string, unknown> = {}, operator = as.OperatorUserId) => {
    const { status, json } = await signedCall({
      url: h.url,
      secretId: as.SecretId,
      secretKey: as.SecretKey,
      action,
      body: { Operator: { UserId: operator }, ...body },
    });
    assert.equal(status, 200);
    return json.Response;
  };
  const ok = async (as: CreatedTenant, action: string, body: Record<string, unknown> = {}, operator?: string) => {
    const response = await call(as, action, body, operator);
    assert.equal(response.Error, undefined, `${action}: ${JSON.stringify(response.Error)}`);
    return response;
  };
  const assertNoLeak = (response: unknown) => {
    const text = JSON.stringify(response);
    for (const name of A_NAMES) assert.ok(!text.includes(name), `A's enterprise name leaked: ${text}`);
  };
  /** A processed task of enterprises named `names`, created by `as` (with `extra`, e.g. an Agent, in both calls). */
  const createTask = async (as: CreatedTenant, names: string[], extra: Record<string, unknown> = {}) => {
    const organizations = names.map((n, i) => ({ OrganizationName: n, UniformSocialCreditCode: CREDIT_CODES[i], LegalName: "张三", ...ADMIN }));
    const { taskId, urls } = await processedTask(h, as, organizations, { extra });
    return { TaskId: taskId, urls };
  };
  /** An error without the parts that name the id asked about: code and shape must match an unknown id's. */
  const errorShape = (response: { Error: { Code: string; Message: string }; RequestId: string }, id: string) => ({
    keys: Object.keys(response).sort(),
    errorKeys: Object.keys(response.Error).sort(),
    code: response.Error.Code,
    message: response.Error.Message.replaceAll(id, "<id>"),
  });

  before(async () => {
    h = await startEssd();
    a = h.tenant;
    b = await h.createTenant("乙方无关有限公司");
    const created = await createTask(a, A_NAMES);
    taskId = created.TaskId;
    subTaskIds = created.urls.map((u) => u.SubTaskId);
    const { Details } = await ok(a, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
    flowIds = Details.map((d: { AuthorizationInfoId: string }) => d.AuthorizationInfoId);
    assert.equal(flowIds.length, 2);
  });
  after(async () => {
    await h?.close();
  });

  it("B asking for A's TaskId gets exactly the answer for an unknown TaskId", async () => {
    const foreign = await call(b, "DescribeBatchOrganizationRegistrationUrls", { TaskId: taskId });
    const unknownId = `yD${"0".repeat(28)}42`;
    const unknown = await call(b, "DescribeBatchOrganizationRegistrationUrls", { TaskId: unknownId });
    assert.equal(foreign.Error?.Code, "InvalidParameter.ParamError");
    assert.deepEqual(errorShape(foreign, taskId), errorShape(unknown, unknownId));
    assertNoLeak(foreign);
  });

  it("B describing A's SubTaskIds gets empty Details", async () => {
    const { Details } = await ok(b, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
    assert.deepEqual(Details, []);
    const all = await ok(b, "DescribeBatchOrganizationRegistrationTasks");
    assert.deepEqual(all.Details, [], "B's own listing shows A's sub-tasks");
  });

  it("B's batch link over A's SubTaskIds, with A's admin, fails as if they did not exist and names nothing of A", async () => {
    const response = await call(b, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: subTaskIds });
    assert.equal(response.Error?.Code, "FailedOperation");
    // Each foreign id is reported as missing, without the enterprise name a real sub-task's reason carries.
    for (const id of subTaskIds) assert.match(response.Error.Message, new RegExp(`子任务\\[${id}\\](子任务)?不存在`));
    assertNoLeak(response);
    // Without SubTaskIds, B has nothing under that admin.
    const byAdmin = await call(b, "CreateBatchOrganizationAuthorizationUrl", ADMIN);
    assert.equal(byAdmin.Error?.Code, "FailedOperation");
    assertNoLeak(byAdmin);
    // A itself may build the link: the sub-tasks are valid, just not B's.
    assert.deepEqual((await ok(a, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: subTaskIds })).ErrorMessages, []);
  });

  it("B sees A's enterprise as never started", async () => {
    for (const query of [{ OrganizationName: A_NAMES[0] }, { UniformSocialCreditCode: "9144030071526726XG" }, { OrganizationName: A_NAMES[0], AuthorizationInfoId: flowIds[0] }]) {
      const status = await ok(b, "DescribeOrganizationAuthStatus", query);
      assert.deepEqual([status.IsVerified, status.AuthStatus, status.AuthRecords], [false, 0, []], JSON.stringify(query));
      assert.equal(status.OrganizationId, undefined);
    }
    assert.equal((await ok(a, "DescribeOrganizationAuthStatus", { OrganizationName: A_NAMES[0] })).AuthStatus, 1, "A's own view");
  });

  it("B clearing A's flows clears nothing (Status 3) and A's flows stay intact", async () => {
    const response = await ok(b, "DeleteOrganizationAuthorizations", { AuthorizationIds: flowIds });
    assert.equal(response.Status, 3);
    assert.deepEqual(
      response.DeleteOrganizationAuthorizationInfos.map((r: { AuthorizationId: string; OrganizationName: string }) => [r.AuthorizationId, r.OrganizationName]),
      flowIds.map((id) => [id, ""]),
    );
    assertNoLeak(response);
    const byAdmin = await call(b, "DeleteOrganizationAuthorizations", ADMIN);
    assert.equal(byAdmin.Error?.Code, "InvalidParameter.DataNotFound");

    const { Details } = await ok(a, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds });
    assert.deepEqual(
      Details.map((d: { Status: string; ErrorMessage: string }) => [d.Status, d.ErrorMessage]),
      [["Create", ""], ["Create", ""]],
    );
    const { OrganizationAuthUrls } = await ok(a, "DescribeBatchOrganizationRegistrationUrls", { TaskId: taskId });
    assert.deepEqual(OrganizationAuthUrls.map((u: { SubTaskId: string }) => u.SubTaskId), subTaskIds);
    for (const u of OrganizationAuthUrls) {
      assert.equal(u.ErrorMessage, "");
      assert.equal((await fetch(u.AuthUrl)).status, 200);
    }
  });

  describe("a group and its sub-enterprise", () => {
    let main: CreatedTenant;
    let sub: CreatedTenant;
    let stranger: CreatedTenant;
    let groupTask: string;
    let groupSubTasks: string[];

    before(async () => {
      main = await h.createTenant("集团总部有限公司");
      sub = await h.createTenant("集团下属子企业有限公司", main.OrganizationId);
      stranger = await h.createTenant("第三方无关有限公司");
      const created = await createTask(main, ["子企业客户甲有限公司"], { Agent: { ProxyOrganizationId: sub.OrganizationId } });
      groupTask = created.TaskId;
      groupSubTasks = created.urls.map((u) => u.SubTaskId);
    });

    it("the sub-enterprise's own key sees the task the group created for it", async () => {
      const { OrganizationAuthUrls } = await ok(sub, "DescribeBatchOrganizationRegistrationUrls", { TaskId: groupTask });
      assert.deepEqual(OrganizationAuthUrls.map((u: { OrganizationName: string }) => u.OrganizationName), ["子企业客户甲有限公司"]);
      const { Details } = await ok(sub, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: groupSubTasks });
      assert.equal(Details.length, 1);
    });

    it("the group without Agent does not: the task is the sub-enterprise's, not its own", async () => {
      const response = await call(main, "DescribeBatchOrganizationRegistrationUrls", { TaskId: groupTask });
      assert.equal(response.Error?.Code, "InvalidParameter.ParamError");
      assert.deepEqual((await ok(main, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: groupSubTasks })).Details, []);
    });

    it("an unrelated tenant naming the sub-enterprise in Agent → OperationDenied.SubOrgNotJoin, as for an unknown organization", async () => {
      const agent = { Agent: { ProxyOrganizationId: sub.OrganizationId } };
      const denied = await call(stranger, "DescribeBatchOrganizationRegistrationUrls", { TaskId: groupTask, ...agent });
      assert.equal(denied.Error?.Code, "OperationDenied.SubOrgNotJoin");
      const unknownOrg = `yD${"9".repeat(30)}`;
      const unknown = await call(stranger, "DescribeBatchOrganizationRegistrationUrls", { TaskId: groupTask, Agent: { ProxyOrganizationId: unknownOrg } });
      assert.deepEqual(errorShape(denied, sub.OrganizationId), errorShape(unknown, unknownOrg));
      const creating = await call(stranger, "CreateBatchOrganizationRegistrationTasks", {
        ...agent,
        RegistrationOrganizations: [{ OrganizationName: "冒名企业有限公司", UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三" }],
      });
      assert.equal(creating.Error?.Code, "OperationDenied.SubOrgNotJoin");
      assert.deepEqual((await ok(sub, "DescribeBatchOrganizationRegistrationTasks")).Details.length, 1, "the stranger created a task for the sub-enterprise");
    });
  });
});
