/**
 * The sandbox control API for platform flows, signed with an application's own key (its flows, outbox, faults and
 * callbacks live in the application's organization row): an injected fault on an essbasic action, a fault that
 * fails a sub-enterprise's verification, driving and reviewing a sub-enterprise's activation, links/open on
 * console links, the clock expiring a PC console link, the callback log with the ThirdPartyApp messages, and the
 * admin token naming the application by its AppId.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SandboxClock } from "../../platform/clock.ts";
import { createPlatform, type CreatedPlatform } from "../../domain/platforms/platforms.ts";
import { configureCallback } from "../../domain/callbacks/index.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall, controlCallAsAdmin } from "../../../test/support/control-request.ts";
import { essbasicClient, type EssbasicClient } from "../../../test/support/essbasic-client.ts";
import { expectSdkError } from "../../../test/support/sdk-errors.ts";
import { startReceiver, type Receiver } from "../../../test/support/callback-receiver.ts";
import { CREDIT_CODES } from "../../../test/support/identities.ts";
import { UPLOADS } from "../../../test/support/sample-documents.ts";

const MOBILE = "13800000001";

describe("the control API for a platform's flows", () => {
  const clock = new SandboxClock();
  let h: Harness;
  let platform: CreatedPlatform;
  let other: CreatedPlatform;
  let client: EssbasicClient;
  let receiver: Receiver;
  const control = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown, as: CreatedPlatform = platform) => controlCall(h.url, as, method, path, body);
  const agent = (org: string, operator = "admin-1", app = platform) => ({ AppId: app.AppId, ProxyOrganizationOpenId: org, ProxyOperator: { OpenId: operator } });
  const login = (org: string, extra: Record<string, unknown> = {}) =>
    client.CreateConsoleLoginUrl({ Agent: agent(org), ProxyOrganizationName: `控制子客${org}`, ProxyOperatorName: "张三", ProxyOperatorMobile: MOBILE, Endpoint: "H5", ...extra });
  const flowOf = async (org: string) => (await h.domain.store.getProxyOrganization(platform.AppId, org))!.flowId!;

  before(async () => {
    h = await startEssd({ clock, autoWork: false });
    platform = await createPlatform(h.domain, { name: "控制接口平台" });
    other = await createPlatform(h.domain, { name: "另一平台" });
    client = essbasicClient(h, platform);
    receiver = await startReceiver();
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    await configureCallback(h.domain, owner, { url: receiver.url });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
  });

  it("an injected fault fails the application's next essbasic call, once, and no other application's", async () => {
    const added = await control("POST", "faults", { kind: "next-call", action: "CreateConsoleLoginUrl", code: "FailedOperation.Sandbox", message: "注入的故障" });
    assert.equal(added.status, 200, JSON.stringify(added.json));
    const theirs = essbasicClient(h, other);
    const theirAnswer = await theirs.CreateConsoleLoginUrl({ Agent: agent("org-x", "admin-1", other), ProxyOrganizationName: "他们的子客" });
    assert.equal(theirAnswer.IsActivated, false, "another application's call is untouched");
    await expectSdkError(login("org-1"), "FailedOperation.Sandbox", "注入的故障");
    assert.equal((await login("org-1")).IsActivated, false, "the next call succeeds");
    assert.deepEqual((await control("GET", "faults")).json.faults, []);
  });

  it("reads the activation's SMS code from the application's outbox and opens its console link", async () => {
    const { ConsoleUrl } = await login("org-1");
    const opened = await control("POST", "links/open", { url: ConsoleUrl });
    assert.equal(opened.status, 200, JSON.stringify(opened.json));
    assert.deepEqual(opened.json.flows.map((f: any) => [f.flowId, f.organizationName]), [[await flowOf("org-1"), "控制子客org-1"]]);
    assert.equal((await control("POST", "links/open", { url: ConsoleUrl }, other)).status, 404, "another application's link is unknown");
    const outbox = await control("GET", `outbox?mobile=${MOBILE}`);
    assert.equal(outbox.status, 200, JSON.stringify(outbox.json));
  });

  it("drives and reviews a sub-enterprise's activation: rejected, uploaded again, approved, activated", async () => {
    const flowId = await flowOf("org-1");
    const confirmed = await control("POST", `flows/${flowId}/confirm`, { creditCode: CREDIT_CODES[0] });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
    const uploaded = await control("POST", `flows/${flowId}/upload-power-of-attorney`, { file: UPLOADS.PNG });
    assert.equal(uploaded.json.auditStatus, 3, JSON.stringify(uploaded.json));
    const listed = await client.DescribeChannelOrganizations({ Agent: agent("org-1"), Limit: 10 }).catch((e: Error) => e);
    assert.ok(listed instanceof Error, "not activated yet");
    const rejected = await control("POST", `flows/${flowId}/review`, { decision: "reject", reason: "授权书不清晰" });
    assert.deepEqual([rejected.json.auditStatus, rejected.json.reason], [2, "授权书不清晰"]);
    await control("POST", `flows/${flowId}/upload-power-of-attorney`, { file: UPLOADS.PNG });
    assert.equal((await control("POST", `flows/${flowId}/review`, { decision: "approve" }, other)).status, 404, "another application cannot review it");
    const approved = await control("POST", `flows/${flowId}/review`, { decision: "approve" });
    assert.equal(approved.json.state, "verified", JSON.stringify(approved.json));
    const answer = await login("org-1");
    assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [true, true]);
    const { ChannelOrganizationInfos } = await client.DescribeChannelOrganizations({ Agent: agent("org-1"), Limit: 10 });
    assert.deepEqual(ChannelOrganizationInfos!.map((o) => [o.OrganizationOpenId, o.AuthorizationStatus, o.AuthorizationType]), [["org-1", "VERIFIED", "AuthorizationFile"]]);
  });

  it("opens a verified sub-enterprise's console links in every form through links/open", async () => {
    for (const Endpoint of ["H5", "PC", "SHORT_URL", "APP"]) {
      const { ConsoleUrl } = await login("org-1", { Endpoint });
      const opened = await control("POST", "links/open", { url: ConsoleUrl });
      assert.equal(opened.status, 200, `${Endpoint}: ${JSON.stringify(opened.json)}`);
      assert.deepEqual([opened.json.linkKind, opened.json.flows], ["platform-console", []], Endpoint);
      assert.deepEqual([opened.json.organizationOpenId, opened.json.operatorOpenId], ["org-1", "admin-1"], Endpoint);
    }
  });

  it("moves the clock past a PC console link's five minutes", async () => {
    const { ConsoleUrl } = await login("org-1", { Endpoint: "PC" });
    const advanced = await control("POST", "clock/advance", { seconds: 301 });
    assert.equal(advanced.status, 200, JSON.stringify(advanced.json));
    const opened = await control("POST", "links/open", { url: ConsoleUrl });
    assert.equal(opened.json.Error?.Code ?? opened.json.code, "ResourceNotFound.LinkExpired", JSON.stringify(opened.json));
    const page = await fetch(ConsoleUrl!);
    assert.equal(page.status, 410);
  });

  it("fails a sub-enterprise's verification with an injected enterprise fault", async () => {
    await login("org-2", { UniformSocialCreditCode: CREDIT_CODES[1] });
    const added = await control("POST", "faults", { kind: "enterprise-verification", uniformSocialCreditCode: CREDIT_CODES[1], message: "工商信息不一致" });
    assert.equal(added.status, 200, JSON.stringify(added.json));
    const flowId = await flowOf("org-2");
    await control("POST", `flows/${flowId}/confirm`);
    const failed = await control("POST", `flows/${flowId}/legal-rep-approve`);
    assert.deepEqual([failed.json.status, failed.json.reason], ["Failed", "工商信息不一致"], JSON.stringify(failed.json));
    const again = await login("org-2");
    assert.equal(again.IsActivated, false);
    assert.notEqual(await flowOf("org-2"), flowId, "a failed activation is not resumed: the next link starts a new one");
  });

  it("approves a sub-enterprise's power of attorney by the application's automatic review policy", async () => {
    const set = await control("POST", "review-policy", { policy: "auto-approve", delaySeconds: 0 });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    await login("org-3", { UniformSocialCreditCode: CREDIT_CODES[2] });
    const flowId = await flowOf("org-3");
    await control("POST", `flows/${flowId}/confirm`);
    await control("POST", `flows/${flowId}/upload-power-of-attorney`, { file: UPLOADS.PNG });
    await h.drainAll();
    assert.equal((await control("GET", `flows/${flowId}`)).json.state, "verified");
    assert.equal((await login("org-3")).IsActivated, true);
  });

  it("lists the application's callback messages: the ThirdPartyApp ones with the platform's OpenIds", async () => {
    await h.drainAll();
    const { status, json } = await control("GET", "callbacks?limit=50");
    assert.equal(status, 200, JSON.stringify(json));
    const thirdParty = json.messages.filter((m: any) => m.msgVersion === "ThirdPartyApp");
    // Messages of one step share a creation time, so each organization's sequence is compared by its content.
    const of = (openId: string) =>
      thirdParty
        .filter((m: any) => m.message.MsgData.ProxyOrganizationOpenId === openId)
        .map((m: any) => [m.msgType, m.message.MsgData.OperateSuccess ?? m.message.MsgData.AuthSuccess, m.state])
        .sort();
    // org-1: its power of attorney rejected, uploaded again and approved (OrgCertify twice), then activated.
    assert.deepEqual(of("org-1"), [
      ["OrgAuth", true, "delivered"],
      ["OrgCertify", false, "delivered"],
      ["OrgCertify", true, "delivered"],
      ["OrgOpenTsignBiz", undefined, "delivered"],
    ]);
    assert.deepEqual(of("org-3"), [
      ["OrgAuth", true, "delivered"],
      ["OrgCertify", true, "delivered"],
      ["OrgOpenTsignBiz", undefined, "delivered"],
    ]);
    const rejected = thirdParty.find((m: any) => m.msgType === "OrgCertify" && !m.message.MsgData.OperateSuccess).message.MsgData;
    assert.deepEqual(Object.keys(rejected).sort(), ["ApplicationId", "CertifyReason", "OperateSuccess", "OperateTime", "ProxyOrganizationOpenId"]);
    assert.equal(rejected.ApplicationId, platform.AppId);
    assert.ok(rejected.CertifyReason.length > 0, "a rejection says why");
    assert.match(rejected.OperateTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(thirdParty[0].attempts[0].httpStatus, 200);
    assert.deepEqual((await control("GET", "callbacks", undefined, other)).json.messages, [], "another application has none");
    const wrong = await control("GET", "callbacks?limit=0");
    assert.equal(wrong.json.Error?.Code ?? wrong.json.code, "InvalidParameterValue", JSON.stringify(wrong.json));
  });

  it("lets the installation's admin act for an application named by its AppId", async () => {
    const { status, json } = await controlCallAsAdmin(h.url, h.adminToken, platform.AppId, "GET", "faults");
    assert.equal(status, 200, JSON.stringify(json));
    const unknown = await controlCallAsAdmin(h.url, h.adminToken, "yDnope", "GET", "faults");
    assert.equal(unknown.status, 400, JSON.stringify(unknown.json));
  });
});
