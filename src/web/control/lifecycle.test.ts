/**
 * The whole life of three enterprises' authorization flows: created and read through the official Node SDK,
 * driven through the admin's, legal representative's and reviewer's steps with the sandbox control API.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import { configureCallback } from "../../domain/callbacks/index.ts";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { openCallback, startReceiver } from "../../../test/support/callback-receiver.ts";
import { sdkClient, registrationUrls } from "../../../test/support/sdk-client.ts";

const ID_CARD = "11010519491231002X";
const ADMIN = { AdminName: "李四", AdminMobile: "13800000001", AdminIdCardNumber: ID_CARD };
const ENTERPRISES = [
  { OrganizationName: "授权书科技有限公司", UniformSocialCreditCode: "9144030071526726XG", AuthorizationTypes: [1] },
  { OrganizationName: "法人授权科技有限公司", UniformSocialCreditCode: "91110108772551611J", AuthorizationTypes: [2] },
  { OrganizationName: "对公打款科技有限公司", UniformSocialCreditCode: "9131000063159284XQ", AuthorizationTypes: [5] },
].map((o) => ({ ...o, LegalName: "张三", Address: "广东省深圳市南山区科技园", ...ADMIN }));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR sandbox power of attorney")]).toString("base64");
const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n").toString("base64");
const REASON = "请加盖与企业名称一致的企业公章";
const CALLBACK_SECRETS = { key: "Lc8Vb2Nx5Qw9Er3Ty6Ui1Op4As7Df0Gh", token: "lifecycle-receiver-token" };

describe("an authorization flow's whole life: SDK and control API", () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: InstanceType<typeof ess.v20201111.Client>;
  let flowIds: string[] = [];
  let subTaskIds: string[] = [];
  const operator = () => ({ UserId: h.tenant.OperatorUserId });
  const control = (method: "GET" | "POST", path: string, body?: unknown) => controlCall(h.url, h.tenant, method, path, body);
  const step = async (flow: number, verb: string, body: unknown = {}) => {
    const { status, json } = await control("POST", `flows/${flowIds[flow]}/${verb}`, body);
    assert.equal(status, 200, `${verb}: ${JSON.stringify(json)}`);
    return json;
  };
  const statuses = async () =>
    (await client.DescribeBatchOrganizationRegistrationTasks({ Operator: operator(), TaskIds: subTaskIds })).Details!.map((d) => d.Status);
  const authStatus = (i: number) =>
    client.DescribeOrganizationAuthStatus({ Operator: operator(), OrganizationName: ENTERPRISES[i].OrganizationName, AuthorizationInfoId: flowIds[i] });

  before(async () => {
    h = await startEssd({ clock: new SandboxClock() });
    receiver = await startReceiver();
    client = sdkClient(h);
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: receiver.url, ...CALLBACK_SECRETS });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
  });

  it("creates a task of three enterprises, one per AuthorizationTypes", async () => {
    const { TaskId } = await client.CreateBatchOrganizationRegistrationTasks({ Operator: operator(), RegistrationOrganizations: ENTERPRISES });
    const urls = await registrationUrls(h, client, h.tenant.OperatorUserId, TaskId!);
    subTaskIds = urls.map((u) => u.SubTaskId!);
    const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: operator(), TaskIds: subTaskIds });
    flowIds = Details!.map((d) => d.AuthorizationInfoId!);
    assert.deepEqual(Details!.map((d) => d.Status), ["Create", "Create", "Create"]);
    const { json } = await control("GET", `flows/${flowIds[0]}`);
    assert.deepEqual([json.status, json.state, json.nextSteps], ["Create", "active", ["confirm"]]);
    assert.deepEqual(json.authRecords, [{ operatorName: "李*", operatorMobile: "138****0001", authType: 0, auditStatus: 0, reason: "" }]);
  });

  it("confirming the enterprise details moves each sub-task to Submit", async () => {
    for (const i of [0, 1, 2]) assert.equal((await step(i, "confirm")).status, "Submit");
    assert.deepEqual(await statuses(), ["Submit", "Submit", "Submit"]);
    assert.deepEqual((await authStatus(0)).AuthStatus, 1);
  });

  it("performs each type's authorization step", async () => {
    const uploaded = await step(0, "upload-power-of-attorney", { file: PNG });
    assert.deepEqual([uploaded.status, uploaded.authType, uploaded.auditStatus, uploaded.nextSteps], ["Authorization", 1, 3, ["review-approve", "review-reject"]]);

    const approved = await step(1, "legal-rep-approve");
    assert.deepEqual([approved.status, approved.state, approved.authType], ["Authorization", "verified", 2]);
    assert.match(approved.organizationId, /^[0-9A-Za-z]{32}$/);

    const half = await step(2, "upload-power-of-attorney", { file: PDF });
    assert.deepEqual([half.auditStatus, half.nextSteps], [0, ["upload-power-of-attorney", "bank-amount"]]);
    const wrong = await control("POST", `flows/${flowIds[2]}/bank-amount`, { amount: "1.00" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.Error.Code, "InvalidParameterValue");
    const full = await step(2, "bank-amount", { amount: half.bankTransferAmount });
    assert.deepEqual([full.authType, full.auditStatus], [1, 3]);

    assert.deepEqual(await statuses(), ["Authorization", "Authorization", "Authorization"]);
  });

  it("a reviewer rejects one power of attorney and approves another", async () => {
    const rejected = await step(0, "review", { decision: "reject", reason: REASON });
    assert.deepEqual([rejected.state, rejected.auditStatus, rejected.reason], ["active", 2, REASON]);
    const approved = await step(2, "review", { decision: "approve" });
    assert.deepEqual([approved.state, approved.auditStatus], ["verified", 1]);

    const one = await authStatus(0);
    assert.deepEqual([one.IsVerified, one.AuthStatus, one.OrganizationId], [false, 1, undefined]);
    assert.deepEqual(one.AuthRecords, [{ OperatorName: "李*", OperatorMobile: "138****0001", AuthType: 1, AuditStatus: 2, Reason: REASON }]);

    for (const i of [1, 2]) {
      const answer = await authStatus(i);
      const view = (await control("GET", `flows/${flowIds[i]}`)).json;
      assert.deepEqual([answer.IsVerified, answer.AuthStatus, answer.OrganizationId], [true, 2, view.organizationId]);
      assert.equal(answer.AuthRecords![0].AuthType, i === 1 ? 2 : 1);
      assert.equal(answer.AuthRecords![0].AuditStatus, i === 1 ? 0 : 1);
      // The verified enterprise is an organization of its own, its admin the verified super-admin.
      const organization = await h.domain.store.getOrganization(view.organizationId);
      assert.equal(organization?.name, ENTERPRISES[i].OrganizationName);
    }
  });

  it("refuses illegal transitions with a clear message, in both languages", async () => {
    const again = await control("POST", `flows/${flowIds[2]}/confirm`);
    assert.equal(again.status, 409);
    assert.deepEqual(again.json, {
      Error: { Code: "OperationDenied.IllegalTransition", Message: `认证流 ${flowIds[2]} 不能确认企业信息：企业已完成认证（当前状态 Authorization/verified）。` },
    });
    const english = await controlCall(h.url, h.tenant, "POST", `flows/${flowIds[0]}/review`, { decision: "approve" }, { language: "en-US" });
    assert.equal(english.status, 409);
    assert.equal(english.json.Error.Message, `Flow ${flowIds[0]} cannot approve the power of attorney: no power of attorney is awaiting review (now Authorization/active).`);
    const wrongType = await control("POST", `flows/${flowIds[0]}/legal-rep-approve`);
    assert.equal(wrongType.status, 409);
    assert.match(wrongType.json.Error.Message, /授权方式为 \[1\]/);
  });

  it("a rejected power of attorney can be uploaded again, and a cleared flow accepts nothing", async () => {
    assert.equal((await step(0, "upload-power-of-attorney", { file: PNG })).auditStatus, 3);
    const cleared = await client.DeleteOrganizationAuthorizations({ Operator: operator(), AuthorizationIds: [flowIds[0]] });
    assert.equal(cleared.Status, 1);
    const refused = await control("POST", `flows/${flowIds[0]}/review`, { decision: "approve" });
    assert.equal(refused.status, 409);
    assert.match(refused.json.Error.Message, /认证流已被清除/);
  });

  it("the integrator's receiver got one signed, encrypted callback per step that warrants it", async () => {
    // 3 OrganizationAuthorization (created) + 1 (cleared) + 1 OrgAuthorizationFileInvalid (cleared while the
    // re-uploaded file was under review) + the 7 of the steps.
    await h.drainAll();
    const messages = receiver.received.map((request) => openCallback(request, CALLBACK_SECRETS));
    assert.equal(new Set(messages.map((m) => m.MsgId)).size, messages.length, "each message arrives once");
    const authorizations = messages.filter((m) => m.MsgType === "OrganizationAuthorization").map((m) => m.MsgData);
    assert.deepEqual(authorizations.map((d) => d.AuthorizationId).sort(), [...flowIds, flowIds[0]].sort());
    // Sorted: messages of one step share a timestamp, so the order between them is not defined.
    const ours = messages.filter((m) => m.MsgType !== "OrganizationAuthorization");
    const enterprise = (m: any) => ENTERPRISES.findIndex((e) => e.OrganizationName === m.MsgData.OrganizationName);
    assert.deepEqual(
      ours.map((m) => `${m.MsgType} ${enterprise(m)}`).sort(),
      [
        "CreateOrganization 1",
        "CreateOrganization 2",
        "OrgAuthorizationFileInvalid 0",
        "OrgAuthorizationFileSubmit 0",
        "OrgAuthorizationFileSubmit 0",
        "OrgAuthorizationFileSubmit 2",
        "OrganizationAuthorizationFileReview 0",
        "OrganizationAuthorizationFileReview 2",
      ],
    );
    const invalid = ours.find((m) => m.MsgType === "OrgAuthorizationFileInvalid")!.MsgData;
    assert.deepEqual([invalid.AuthorizationId, invalid.Reason], [flowIds[0], "认证流已被清除（DeleteOrganizationAuthorizations），授权书失效"]);
    const review = (i: number) => ours.find((m) => m.MsgType === "OrganizationAuthorizationFileReview" && enterprise(m) === i)!.MsgData;
    assert.deepEqual([review(0).AuditStatus, review(0).Reason, review(2).AuditStatus], [2, REASON, 1]);
    const created = ours.find((m) => m.MsgType === "CreateOrganization" && enterprise(m) === 2)!.MsgData;
    const verified = (await control("GET", `flows/${flowIds[2]}`)).json.organizationId;
    assert.deepEqual([created.OrganizationId, created.AuthType], [verified, 1]);
  });
});
