/**
 * The control endpoints CI reads what essd "sent" with: the SMS outbox (filtered, scoped to the caller) and
 * links/open, which turns any URL essd handed out into its flows; and the tenant reset that forgets them.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { SandboxClock } from "../../platform/clock.ts";
import { sequentialIds } from "../../platform/ids.ts";
import { sendSms } from "../../domain/sms/outbox.ts";
import { legalRepTextedAt, sendLegalRepLink } from "../../domain/admin-link.ts";
import { registrationUrl } from "../../domain/registration/urls.ts";
import type { CreatedTenant } from "../../domain/tenants.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { callAs } from "../../../test/support/signed-request.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { processedFlow } from "../../../test/support/review-flows.ts";

const ADMIN = { AdminName: "李四", AdminMobile: "13800000001" };
const DAY_S = 86_400;

describe("the SMS outbox and links/open", () => {
  const clock = new SandboxClock();
  let h: Harness;
  let other: CreatedTenant;
  let invitedId: string;
  let invitedAt: [number, number];
  let flow: { flowId: string; subTaskId: string; authUrl: string };
  const control = (method: "GET" | "POST", path: string, body?: unknown, as: CreatedTenant = h.tenant) => controlCall(h.url, as, method, path, body);
  const open = async (url: string, as: CreatedTenant = h.tenant) => control("POST", "links/open", { url }, as);

  before(async () => {
    // Sequential ids: messages recorded in the same millisecond list in the order they were sent.
    h = await startEssd({ clock, ids: sequentialIds() });
    other = await h.createTenant("别家科技有限公司");
    const invitedFrom = Math.floor(clock.now() / 1000);
    const invited = await callAs(h.url, h.tenant, "CreateIntegrationEmployees", {
      Employees: [
        { DisplayName: "王五", Mobile: "13900000001" },
        { DisplayName: "赵六", Mobile: "13900000002" },
      ],
    });
    invitedId = invited.CreateEmployeeResult.SuccessEmployeeData[0].UserId;
    invitedAt = [invitedFrom, Math.floor(clock.now() / 1000)];
    flow = await processedFlow(h, h.tenant, "链接解析科技有限公司");
  });
  after(async () => {
    await h?.close();
  });

  it("lists the caller's messages newest first: an invitation carries its link, the mobile in clear", async () => {
    const { status, json } = await control("GET", "outbox");
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(json.messages.map((m: any) => [m.mobile, m.purpose, m.state]), [
      ["13900000002", "invitation", "outbox"],
      ["13900000001", "invitation", "outbox"],
    ]);
    const [, first] = json.messages;
    assert.match(first.link, new RegExp(`^${h.url}/s/[0-9A-Za-z]+$`));
    assert.ok(first.body.includes(first.link) && first.body.startsWith("【腾讯电子签】测试科技有限公司邀请您加入企业"));
    assert.equal(first.code, undefined);
    assert.ok(first.createdAt >= invitedAt[0] && first.createdAt <= invitedAt[1], "createdAt in epoch seconds");
    assert.match(first.id, /^[0-9A-Za-z]+$/);
    // The link is the one the employee verifies through.
    const opened = await open(first.link);
    assert.deepEqual(opened.json, { linkKind: "employee-invitation", expiresAt: opened.json.expiresAt, flows: [], userId: invitedId });
    assert.equal((await fetch(first.link, { redirect: "manual" })).status, 302);
  });

  it("filters by mobile, purpose and limit, picks out codes, and refuses bad filters", async () => {
    await sendSms(h.domain, { organizationId: h.tenant.OrganizationId, mobile: "13900000001", purpose: "admin-code", body: "【腾讯电子签】验证码 604213，用于 13900000001 的企业认证，10分钟内有效。" });
    const mine = await control("GET", "outbox?mobile=13900000001");
    assert.deepEqual(mine.json.messages.map((m: any) => [m.purpose, m.code, m.link === undefined]), [["admin-code", "604213", true], ["invitation", undefined, false]]);
    assert.deepEqual((await control("GET", "outbox?purpose=admin-code")).json.messages.map((m: any) => m.code), ["604213"]);
    assert.deepEqual((await control("GET", "outbox?mobile=13900000002&purpose=admin-code")).json.messages, []);
    assert.equal((await control("GET", "outbox?limit=1")).json.messages.length, 1);
    for (const [query, code] of [["mobile=12345", "InvalidParameterValue"], ["purpose=email", "InvalidParameterValue"], ["limit=0", "InvalidParameterValue"], ["limit=201", "InvalidParameterValue"], ["limit=x", "InvalidParameterValue"], ["mobil=13900000001", "UnknownParameter"], ["limit=1&limit=2", "InvalidParameter"]]) {
      const bad = await control("GET", `outbox?${query}`);
      assert.deepEqual([bad.status, bad.json.Error.Code], [400, code], query);
    }
  });

  it("shows another tenant nothing of the caller's", async () => {
    const theirs = await control("GET", "outbox", undefined, other);
    assert.deepEqual([theirs.status, theirs.json.messages], [200, []]);
    assert.deepEqual((await control("GET", "outbox?mobile=13900000001", undefined, other)).json.messages, []);
  });

  it("opens the PC, H5, short and APP forms of a sub-task's registration link", async () => {
    const token = new URL(flow.authUrl).searchParams.get("token")!;
    const link = await h.domain.store.getLink(token);
    const shortCode = String(link!.target.shortCode);
    const expected = {
      linkKind: "enterprise-registration",
      expiresAt: Math.floor(link!.expiresAt / 1000),
      flows: [{ flowId: flow.flowId, subTaskId: flow.subTaskId, organizationName: "链接解析科技有限公司", status: "Create", state: "active" }],
    };
    for (const endpoint of ["PC", "H5", "SHORT_URL", "APP"] as const) {
      const url = registrationUrl(h.url, endpoint, { token, shortCode }, "链接解析科技有限公司");
      const { status, json } = await open(url);
      assert.deepEqual([status, json], [200, expected], `${endpoint}: ${url}`);
    }
  });

  it("opens every form of the single batch-authorization link: long, short, QR image, APP", async () => {
    const forms: Record<string, string> = {};
    for (const Endpoint of ["HTTP", "HTTP_SHORT_URL", "QR_CODE", "APP"]) {
      forms[Endpoint] = (await callAs(h.url, h.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: [flow.subTaskId], Endpoint })).AuthUrl;
    }
    assert.match(forms.QR_CODE, /\.png$/);
    for (const [endpoint, url] of Object.entries(forms)) {
      const { status, json } = await open(url);
      assert.equal(status, 200, `${endpoint}: ${JSON.stringify(json)}`);
      assert.equal(json.linkKind, "batch-authorization");
      assert.deepEqual(json.flows.map((f: any) => [f.flowId, f.subTaskId, f.status]), [[flow.flowId, flow.subTaskId, "Create"]], endpoint);
    }
  });

  it("opens CreateOrganizationAuthUrl's links in each form", async () => {
    for (const Endpoint of ["PC", "H5", "SHORT_URL", "APP"]) {
      const { AuthUrl, ExpiredTime } = await callAs(h.url, h.tenant, "CreateOrganizationAuthUrl", { OrganizationName: "单链接科技有限公司", Endpoint });
      const { status, json } = await open(AuthUrl);
      assert.equal(status, 200, `${Endpoint}: ${JSON.stringify(json)}`);
      assert.deepEqual([json.linkKind, json.expiresAt, json.flows.length, json.flows[0].organizationName, json.flows[0].subTaskId], ["organization-auth", ExpiredTime, 1, "单链接科技有限公司", null], Endpoint);
    }
  });

  it("opens the admin pages' own URLs and the legal representative's link, long and short", async () => {
    const token = new URL(flow.authUrl).searchParams.get("token")!;
    for (const path of ["", `/flows/${flow.flowId}`, `/flows/${flow.flowId}/legal-rep?done=confirm`]) {
      const { status, json } = await open(`${h.url}/h5/auth/${token}${path}`);
      assert.deepEqual([status, json.linkKind, json.flows?.map((f: any) => f.flowId)], [200, "enterprise-registration", [flow.flowId]], path);
    }
    assert.equal((await open(`${h.url}/h5/auth/${token}`, other)).status, 404, "another tenant's admin page");

    assert.equal((await control("POST", `flows/${flow.flowId}/confirm`)).status, 200);
    await sendLegalRepLink(h.domain, { organizationId: h.tenant.OrganizationId, flowId: flow.flowId, mobile: "13900000003", adminName: "李四" });
    const [sms] = (await control("GET", "outbox?purpose=legal-rep-link")).json.messages;
    assert.match(sms.link, new RegExp(`^${h.url}/h5/legal-rep\\?token=`));
    const long = await open(sms.link);
    assert.deepEqual([long.status, long.json.linkKind, long.json.flows], [
      200,
      "legal-rep",
      [{ flowId: flow.flowId, subTaskId: flow.subTaskId, organizationName: "链接解析科技有限公司", status: "Submit", state: "active" }],
    ]);
    const shortCode = String((await h.domain.store.getLink(new URL(sms.link).searchParams.get("token")!))!.target.shortCode);
    const short = await open(`${h.url}/s/${shortCode}`);
    assert.deepEqual([short.status, short.json], [200, long.json], "the short form names the same link");
    assert.equal((await fetch(`${h.url}/s/${shortCode}`, { redirect: "manual" })).headers.get("location"), sms.link, "and leads to the legal representative's page");
    assert.equal((await open(sms.link, other)).status, 404, "another tenant's legal-rep link");
  });

  it("treats another tenant's link like an unknown one, and refuses what is no link of essd's", async () => {
    const foreign = await open(flow.authUrl, other);
    assert.deepEqual([foreign.status, foreign.json.Error.Code], [404, "ResourceNotFound"]);
    const unknown = await open(`${h.url}/s/nosuchcode`);
    assert.deepEqual([unknown.status, unknown.json.Error.Code], [404, "ResourceNotFound"]);
    const wrongKind = await open(flow.authUrl.replace("/console/batch-register", "/console/register-callback"));
    assert.deepEqual([wrongKind.status, wrongKind.json.Error.Code], [404, "ResourceNotFound"], "a token names only links of its own kind");
    const notALink = await open("https://example.com/elsewhere?token=abc");
    assert.deepEqual([notALink.status, notALink.json.Error.Code], [400, "InvalidParameterValue"]);
    const missing = await control("POST", "links/open", {});
    assert.deepEqual([missing.status, missing.json.Error.Code], [400, "MissingParameter"]);
    const notAString = await control("POST", "links/open", { url: 123 });
    assert.deepEqual([notAString.status, notAString.json.Error.Code], [400, "InvalidParameter"]);
  });

  it("answers 410 ResourceNotFound.LinkExpired once the clock has passed a link's expiry", async () => {
    const { AuthUrl } = await callAs(h.url, h.tenant, "CreateBatchOrganizationAuthorizationUrl", { ...ADMIN, SubTaskIds: [flow.subTaskId], Endpoint: "HTTP_SHORT_URL" });
    assert.equal((await control("POST", "clock/advance", { seconds: 8 * DAY_S })).status, 200);
    const expired = await open(AuthUrl);
    assert.deepEqual([expired.status, expired.json.Error.Code], [410, "ResourceNotFound.LinkExpired"]);
    assert.match(expired.json.Error.Message, /过期/);
    const foreign = await open(AuthUrl, other);
    assert.equal(foreign.status, 404, "an expired link of another tenant is still unknown");
  });

  it("a tenant reset forgets the caller's messages with its flows, and nobody else's", async () => {
    await sendSms(h.domain, { organizationId: other.OrganizationId, mobile: "13900000009", purpose: "admin-code", body: "验证码 111111" });
    const fault = { kind: "next-call", target: "DescribeOrganizationAuthStatus", code: "InternalError", message: "注入", createdAt: clock.now() } as const;
    await h.domain.store.insertSandboxFault({ id: "fault-mine", organizationId: h.tenant.OrganizationId, ...fault });
    await h.domain.store.insertSandboxFault({ id: "fault-theirs", organizationId: other.OrganizationId, ...fault });
    await h.domain.store.putReviewPolicy({ organizationId: h.tenant.OrganizationId, policy: "auto-approve", delayMs: 0, updatedAt: clock.now() });
    const textedFlow = async () => (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { ids: [flow.flowId] }))[0];
    assert.ok(legalRepTextedAt((await textedFlow())!), "the legal representative was texted");
    const reset = await control("POST", "tenants/reset");
    assert.equal(reset.status, 200);
    // 13 links (2 invitations, 1 registration, 5 batch, 4 single, 1 legal-rep), each with its short code and shortKey.
    assert.deepEqual(reset.json.deleted, { tasks: 1, flows: 5, links: 13 * 3, smsMessages: 4, faults: 1, initializations: 0, organizationChanges: 0, callbackDeliveries: 0, openIdBindings: 0 });
    assert.equal(await textedFlow(), undefined, "the flow went, and with it when the legal representative was last texted");
    assert.equal(await h.domain.store.getReviewPolicy(h.tenant.OrganizationId), undefined);
    assert.deepEqual((await h.domain.store.listSandboxFaults(other.OrganizationId)).map((f) => f.id), ["fault-theirs"]);
    assert.deepEqual((await control("GET", "outbox")).json.messages, []);
    assert.equal((await control("GET", "outbox", undefined, other)).json.messages.length, 1);
  });
});
