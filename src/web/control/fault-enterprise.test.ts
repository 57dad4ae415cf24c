/**
 * An enterprise made to fail verification through `POST /_essd/faults`: at task processing (like a registry
 * mismatch), and for a flow that already exists at the step that would verify it (review approve, legal-rep
 * approve) — what the SDK's Describe* actions, the control API and the integrator's callbacks then show.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import { configureCallback } from "../../domain/callbacks/index.ts";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { openCallback, startReceiver } from "../../../test/support/callback-receiver.ts";
import { CREDIT_CODES } from "../../../test/support/identities.ts";
import { sdkClient, registrationUrls } from "../../../test/support/sdk-client.ts";

const ADMIN = { LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AdminIdCardNumber: "11010519491231002X" };
const CODES = [...CREDIT_CODES, "91440300MA5FXT4K8N"];
const enterprise = (name: string, code: string, types: number[]) => ({ OrganizationName: name, UniformSocialCreditCode: code, AuthorizationTypes: types, ...ADMIN });
const NAME_A = "注入失败（甲）有限公司";
const [M1, M2, M4, M5] = ["三要素校验失败: 注入甲", "三要素校验失败: 注入乙", "认证失败: 审核时注入", "认证失败: 法人授权时注入"];
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR fault power of attorney")]).toString("base64");
const SECRETS = { key: "Lc8Vb2Nx5Qw9Er3Ty6Ui1Op4As7Df0Gh", token: "fault-receiver-token" };

describe("an enterprise that fails verification on purpose", () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: InstanceType<typeof ess.v20201111.Client>;
  const operator = () => ({ UserId: h.tenant.OperatorUserId });
  const control = async (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => controlCall(h.url, h.tenant, method, path, body);
  const inject = async (body: Record<string, unknown>) => {
    const { status, json } = await control("POST", "faults", { kind: "enterprise-verification", ...body });
    assert.equal(status, 200, JSON.stringify(json));
    return json.faults[0] as { id: string };
  };
  const step = async (flowId: string, verb: string, body: unknown = {}) => {
    const { status, json } = await control("POST", `flows/${flowId}/${verb}`, body);
    assert.equal(status, 200, `${verb}: ${JSON.stringify(json)}`);
    return json;
  };
  /** Creates a task, waits until the worker processed it, and answers its sub-tasks' details and links. */
  const processedTask = async (organizations: ReturnType<typeof enterprise>[]) => {
    const { TaskId } = await client.CreateBatchOrganizationRegistrationTasks({ Operator: operator(), RegistrationOrganizations: organizations });
    const urls = await registrationUrls(h, client, h.tenant.OperatorUserId, TaskId!);
    const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: operator(), TaskIds: urls.map((u) => u.SubTaskId!) });
    return { urls, details: Details!, flowIds: Details!.map((d) => d.AuthorizationInfoId!) };
  };
  const authStatus = (code: string) => client.DescribeOrganizationAuthStatus({ Operator: operator(), UniformSocialCreditCode: code });
  const organizationCount = async () => (await h.domain.store.listOrganizations()).length;

  before(async () => {
    h = await startEssd({ clock: new SandboxClock() });
    receiver = await startReceiver();
    client = sdkClient(h);
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: receiver.url, ...SECRETS });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
  });

  let flowC = "";
  it("fails matching enterprises when their task is processed, by name or by credit code, like a registry mismatch", async () => {
    await inject({ organizationName: "注入失败(甲)有限公司", message: M1 }); // ASCII parentheses match the full-width ones
    await inject({ uniformSocialCreditCode: CODES[1], message: M2 });
    await inject({ organizationName: "审核失败丙有限公司", uniformSocialCreditCode: CODES[0], message: "both must match" });
    const { urls, details, flowIds } = await processedTask([
      enterprise(NAME_A, CODES[0], [1]),
      enterprise("代码失败乙有限公司", CODES[1], [1]),
      enterprise("审核失败丙有限公司", CODES[2], [1]),
    ]);
    assert.deepEqual(details.map((d) => [d.Status, d.ErrorMessage]), [["Failed", M1], ["Failed", M2], ["Create", ""]]);
    assert.deepEqual(urls.map((u) => [Boolean(u.AuthUrl), u.ErrorMessage]), [[false, M1], [false, M2], [true, ""]]);
    const a = await authStatus(CODES[0]);
    assert.deepEqual([a.IsVerified, a.AuthStatus, a.AuthRecords], [false, 0, []]);
    const view = (await control("GET", `flows/${flowIds[0]}`)).json;
    assert.deepEqual([view.status, view.state, view.errorMessage, view.nextSteps, view.authRecords], ["Failed", "failed", M1, [], []]);
    // Enterprise faults stay until deleted: they are not used up.
    assert.equal((await control("GET", "faults")).json.faults.length, 3);
    flowC = flowIds[2]!;
  });

  it("fails an existing flow where the reviewer's approval would verify it: no organization, the review rejected for that reason", async () => {
    await step(flowC, "confirm");
    await step(flowC, "upload-power-of-attorney", { file: PNG });
    await inject({ uniformSocialCreditCode: CODES[2], message: M4 });
    const organizations = await organizationCount();
    const failed = await step(flowC, "review", { decision: "approve" });
    assert.deepEqual(
      [failed.status, failed.state, failed.authType, failed.auditStatus, failed.reason, failed.errorMessage, failed.organizationId, failed.nextSteps],
      ["Failed", "failed", 1, 2, M4, M4, null, []],
    );
    assert.deepEqual(failed.authRecords, [{ operatorName: "李*", operatorMobile: "138****0001", authType: 1, auditStatus: 2, reason: M4 }]);
    assert.equal(await organizationCount(), organizations, "no organization was created");

    const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: operator(), TaskIds: [failed.subTaskId] });
    assert.deepEqual([Details![0].Status, Details![0].ErrorMessage], ["Failed", M4]);
    const status = await authStatus(CODES[2]);
    assert.deepEqual([status.IsVerified, status.AuthStatus, status.OrganizationId], [false, 0, undefined]);
    assert.deepEqual(status.AuthRecords, [{ OperatorName: "李*", OperatorMobile: "138****0001", AuthType: 1, AuditStatus: 2, Reason: M4 }]);
    const again = await control("POST", `flows/${flowC}/upload-power-of-attorney`, { file: PNG });
    assert.equal(again.status, 409);
    assert.match(again.json.Error.Message, /认证流已失败/);
  });

  let legalRepFlow = "";
  it("fails an existing flow where the legal representative's approval would verify it, until the fault is deleted", async () => {
    const name = "法人失败丁有限公司";
    legalRepFlow = (await processedTask([enterprise(name, CODES[3], [2])])).flowIds[0]!;
    const fault = await inject({ organizationName: name, message: M5 });
    await step(legalRepFlow, "confirm");
    const failed = await step(legalRepFlow, "legal-rep-approve");
    assert.deepEqual([failed.status, failed.state, failed.authType, failed.auditStatus, failed.reason, failed.organizationId], ["Failed", "failed", 2, 0, M5, null]);
    const status = await authStatus(CODES[3]);
    assert.deepEqual([status.AuthStatus, status.AuthRecords], [0, [{ OperatorName: "李*", OperatorMobile: "138****0001", AuthType: 2, AuditStatus: 0, Reason: M5 }]]);

    assert.equal((await control("DELETE", `faults/${fault.id}`)).status, 200);
    const retry = (await processedTask([enterprise(name, CODES[3], [2])])).flowIds[0]!;
    await step(retry, "confirm");
    const verified = await step(retry, "legal-rep-approve");
    assert.deepEqual([verified.state, verified.authType], ["verified", 2]);
    const after = await authStatus(CODES[3]);
    assert.deepEqual([after.IsVerified, after.AuthStatus, after.OrganizationId], [true, 2, verified.organizationId]);
  });

  it("tells the integrator by callback: OrganizationAuthorization with FlowStatus Failed and the message, no CreateOrganization", async () => {
    // 3 created (C, D and D's retry) + C's submit, review and failure + D's failure + the retry's CreateOrganization.
    await h.drainAll();
    const messages = receiver.received.map((request) => openCallback(request, SECRETS));
    const about = (flowId: string) => messages.filter((m) => m.MsgData.AuthorizationId === flowId);
    const summary = (flowId: string) => about(flowId).map((m) => `${m.MsgType} ${m.MsgData.FlowStatus ?? m.MsgData.AuditStatus ?? ""} ${m.MsgData.Reason ?? ""}`.trim()).sort();
    assert.deepEqual(summary(flowC), [
      "OrgAuthorizationFileSubmit 3",
      "OrganizationAuthorization Created",
      `OrganizationAuthorization Failed ${M4}`,
      `OrganizationAuthorizationFileReview 2 ${M4}`,
    ]);
    assert.deepEqual(summary(legalRepFlow), ["OrganizationAuthorization Created", `OrganizationAuthorization Failed ${M5}`]);
    assert.equal(messages.filter((m) => m.MsgType === "CreateOrganization").length, 1, "only the retry was verified");
    assert.equal(messages.length, 8);
  });
});
