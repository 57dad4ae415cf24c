/**
 * A platform's journey through the official SDK's essbasic client: sync a sub-enterprise, hand its operator a
 * console login link (the same activation flow and pages as the ess links), activation, then the application's
 * organizations and the sub-enterprise's operators; another platform using the same OpenIds sees none of it.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { applyFlowEvent } from "../../src/domain/authorization/flows.ts";
import { createPlatform, type CreatedPlatform } from "../../src/domain/platforms/platforms.ts";
import { joinThroughConsole } from "../../src/domain/platforms/console-login.ts";
import { lookupLink } from "../../src/domain/links.ts";
import { essbasicClient, type EssbasicClient } from "../support/essbasic-client.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { expectSdkError } from "../support/sdk-errors.ts";
import { CREDIT_CODES } from "../support/identities.ts";
import { openCallback, startReceiver, type Receiver } from "../support/callback-receiver.ts";
import { configureCallback } from "../../src/domain/callbacks/index.ts";

const SECRETS = { key: "0123456789abcdef0123456789abcdef", token: "platform-token" };

describe("a platform's journey on essbasic", () => {
  let h: Harness;
  let platform: CreatedPlatform;
  let other: CreatedPlatform;
  let client: EssbasicClient;
  let receiver: Receiver;
  const agent = (operator = "admin-1", org = "org-1") => ({ AppId: platform.AppId, ProxyOrganizationOpenId: org, ProxyOperator: { OpenId: operator } });
  before(async () => {
    h = await startEssd({ autoWork: false });
    platform = await createPlatform(h.domain, { name: "旅程平台" });
    other = await createPlatform(h.domain, { name: "另一平台" });
    client = essbasicClient(h, platform);
    receiver = await startReceiver();
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    await configureCallback(h.domain, owner, { url: receiver.url, ...SECRETS });
  });
  after(async () => {
    await h.close();
    await receiver.close();
  });

  const login = (operator: string, extra: Record<string, unknown> = {}) =>
    client.CreateConsoleLoginUrl({ Agent: agent(operator), ProxyOrganizationName: "旅程子客企业", UniformSocialCreditCode: CREDIT_CODES[0], ...extra });

  it("gives an unactivated sub-enterprise's operator the activation flow, in every Endpoint form", async () => {
    await client.SyncProxyOrganization({ Agent: agent(), ProxyOrganizationName: "旅程子客企业", UniformSocialCreditCode: CREDIT_CODES[0], ProxyLegalName: "王法人" });
    const forms: Record<string, RegExp> = {
      PC: new RegExp(`^${h.url}/console/register-callback\\?token=`),
      PC_SHORT_URL: new RegExp(`^${h.url}/s/`),
      CHANNEL: new RegExp(`^${h.url}/s/`),
      SHORT_URL: new RegExp(`^${h.url}/s/`),
      WEIXIN_QRCODE_URL: /^\/pages\/guide\/index\?to=REGISTER_ENTERPRISE&urlAuthToken=/,
      APP: /^\/pages\/guide\/index\?to=REGISTER_ENTERPRISE&urlAuthToken=/,
      SHORT_H5: new RegExp(`^${h.url}/s/`),
      H5: new RegExp(`^${h.url}/h5/register\\?token=`),
    };
    for (const [endpoint, form] of Object.entries(forms)) {
      const answer = await login("admin-1", { Endpoint: endpoint, ProxyOperatorName: "张三", ProxyOperatorMobile: "13800000001" });
      assert.match(answer.ConsoleUrl!, form, endpoint);
      assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [false, false]);
    }
    const h5 = await login("admin-1", { Endpoint: "H5" });
    const page = await fetch(h5.ConsoleUrl!, { redirect: "follow" });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /旅程子客企业/);
    const proxy = await h.domain.store.getProxyOrganization(platform.AppId, "org-1");
    const flows = await h.domain.store.findAuthFlows((await h.domain.store.getApplication(platform.AppId))!.organizationId, {});
    assert.equal(flows.filter((f) => f.state === "active").length, 1, "one activation flow, fresh links to it");
    assert.equal(flows[0]!.id, proxy!.flowId);
    await expectSdkError(client.CreateConsoleLoginUrl({ Agent: agent(), ProxyOrganizationName: "旅程子客企业", Endpoint: "NOPE" }), "InvalidParameter.EndPoint", "Endpoint");
    await expectSdkError(client.DescribeChannelOrganizations({ Agent: agent(), Limit: 10 }), "ResourceNotFound.Organization", "org-1");
  });

  it("clears the activation another operator started when a new operator asks for a link", async () => {
    const before = (await h.domain.store.getProxyOrganization(platform.AppId, "org-1"))!.flowId;
    await login("admin-2", { Endpoint: "H5" });
    const after = (await h.domain.store.getProxyOrganization(platform.AppId, "org-1"))!.flowId;
    assert.notEqual(after, before);
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    assert.equal((await h.domain.store.findAuthFlows(owner, { ids: [before!] }))[0]!.state, "cleared");
    await login("admin-1", { Endpoint: "H5", AutoActive: true });
  });

  it("activates the sub-enterprise when its flow verifies: the operator who went through it is its verified super-admin", async () => {
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    const flowId = (await h.domain.store.getProxyOrganization(platform.AppId, "org-1"))!.flowId!;
    await applyFlowEvent(h.domain, owner, flowId, { type: "confirm" });
    await applyFlowEvent(h.domain, owner, flowId, { type: "legal-rep-approve" });
    const answer = await login("admin-1", { Endpoint: "H5" });
    assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [true, true]);
    assert.match(answer.ConsoleUrl!, new RegExp(`^${h.url}/h5/console/`));
    const page = await (await fetch(answer.ConsoleUrl!)).text();
    assert.match(page, /旅程子客企业/);
    assert.match(page, /张三/);
  });

  it("lists the application's organizations with their status, paged and filtered", async () => {
    await client.SyncProxyOrganization({ Agent: agent("admin-1", "org-2"), ProxyOrganizationName: "未激活的子客" });
    const all = await client.DescribeChannelOrganizations({ Agent: agent(), Limit: 10 });
    assert.equal(all.Total, 2);
    const verified = all.ChannelOrganizationInfos!.find((o) => o.OrganizationOpenId === "org-1")!;
    assert.deepEqual(
      [verified.AuthorizationStatus, verified.ActiveStatus, verified.AdminOpenId, verified.AdminMobile, verified.AuthorizationType, verified.HasSubmittedAuthInfo],
      ["VERIFIED", 1, "admin-1", "138****0001", "AuthorizationLegalPerson", true],
    );
    assert.match(verified.OrganizationId!, /^yD/);
    assert.ok(verified.LicenseExpireTime! > Date.now() / 1000 + 364 * 86_400, "AutoActive: licensed for a year");
    const unverified = await client.DescribeChannelOrganizations({ Agent: agent(), Limit: 10, AuthorizationStatusList: ["UNVERIFIED"] });
    assert.deepEqual(unverified.ChannelOrganizationInfos!.map((o) => [o.OrganizationOpenId, o.ActiveStatus, o.LicenseExpireTime]), [["org-2", 0, 0]]);
    const page2 = await client.DescribeChannelOrganizations({ Agent: agent(), Limit: 1, Offset: 1 });
    assert.deepEqual([page2.Total, page2.ChannelOrganizationInfos!.length], [2, 1]);
    await expectSdkError(client.DescribeChannelOrganizations({ Agent: agent(), Limit: 201 }), "InvalidParameter.Limit");
    await expectSdkError(client.DescribeChannelOrganizations({ Agent: agent(), Limit: 10, AuthorizationStatusList: ["DONE"] }), "InvalidParameter.Status", "AuthorizationStatusList.0");
    await expectSdkError(client.DescribeChannelOrganizations({ Agent: agent("someone-else"), Limit: 10 }), "OperationDenied.NoIdentityVerify", "someone-else");
  });

  it("syncs operators (per-operator failures), lets one join through the console, lists and resigns them", async () => {
    const created = await client.SyncProxyOrganizationOperators({
      Agent: agent(),
      OperatorType: "CREATE",
      ProxyOrganizationOperators: [{ Id: "staff-1", Name: "李四", Mobile: "13800000002" }, { Id: "staff-2", Name: "王五", Mobile: "123" }],
    });
    assert.equal(created.Status, 2);
    assert.deepEqual(created.FailedList!.map((f) => f.Id), ["staff-2"]);
    const staffLogin = await login("staff-1");
    assert.deepEqual([staffLogin.IsActivated, staffLogin.ProxyOperatorIsVerified], [true, false]);
    const link = await lookupLink(h.domain, new URL(staffLogin.ConsoleUrl!).pathname.split("/").pop()!);
    assert.equal(link.state, "valid");
    await assert.rejects(joinThroughConsole(h.domain, link.state === "valid" ? link.link.target : {}, "13900000000"), /mobile/);
    await joinThroughConsole(h.domain, link.state === "valid" ? link.link.target : {}, "13800000002");
    assert.equal((await login("staff-1")).ProxyOperatorIsVerified, true);

    const listed = await client.ChannelDescribeEmployees({ Agent: agent(), Limit: 20 });
    assert.deepEqual(listed.Employees!.map((e) => [e.OpenId, e.Verified, e.QuiteJob]), [["admin-1", true, 0], ["admin-2", false, 0], ["staff-1", true, 0]]);
    assert.equal(listed.Employees![2]!.DisplayName, "李*");
    const notVerified = await client.ChannelDescribeEmployees({ Agent: agent(), Limit: 20, Filters: [{ Key: "Status", Values: ["NotVerified"] }] });
    assert.deepEqual(notVerified.Employees!.map((e) => e.OpenId), ["admin-2"]);

    await expectSdkError(
      client.SyncProxyOrganizationOperators({ Agent: agent(), OperatorType: "RESIGN", ProxyOrganizationOperators: [{ Id: "admin-1" }] }),
      "FailedOperation",
      "admin-1",
    );
    const resigned = await client.SyncProxyOrganizationOperators({ Agent: agent(), OperatorType: "RESIGN", ProxyOrganizationOperators: [{ Id: "staff-1" }] });
    assert.deepEqual([resigned.Status, resigned.FailedList], [1, []]);
    const quit = await client.ChannelDescribeEmployees({ Agent: agent(), Limit: 20, Filters: [{ Key: "Status", Values: ["QuiteJob"] }] });
    assert.deepEqual(quit.Employees!.map((e) => [e.OpenId, e.QuiteJob]), [["staff-1", 1]]);
    await expectSdkError(client.ChannelDescribeEmployees({ Agent: agent(), Limit: 21 }), "InvalidParameter.Limit");
    await expectSdkError(client.ChannelDescribeEmployees({ Agent: agent(), Limit: 20, Filters: [{ Key: "Nope", Values: ["x"] }] }), "InvalidParameter.Status", "Filters.0");
  });

  it("sends the application's receiver ThirdPartyApp messages with the platform's OpenIds, encrypted and signed", async () => {
    await h.drainAll();
    const messages = receiver.received.map((r) => openCallback(r, SECRETS)).filter((m) => m.MsgVersion === "ThirdPartyApp");
    const ids = { ApplicationId: platform.AppId, ProxyOrganizationOpenId: "org-1" };
    assert.deepEqual(
      messages.map((m) => [m.MsgType, m.MsgData.ApplicationId, m.MsgData.ProxyOrganizationOpenId, m.MsgData.ProxyOperatorOpenId]),
      [
        ["OrgAuth", ids.ApplicationId, "org-1", "admin-1"],
        ["OrgOpenTsignBiz", ids.ApplicationId, "org-1", "admin-1"],
        ["VerifyStaffInfo", ids.ApplicationId, "org-1", "staff-1"],
      ],
    );
    assert.deepEqual([messages[1].MsgData.OrganizationName, messages[1].MsgData.USCC, messages[1].MsgData.OpenSuccess], ["旅程子客企业", CREDIT_CODES[0], true]);
    assert.doesNotMatch(JSON.stringify(messages), /13800000001|13800000002/, "no mobile in any message");
  });

  it("shows another platform using the same OpenIds nothing of it", async () => {
    const theirs = essbasicClient(h, other);
    const theirAgent = { AppId: other.AppId, ProxyOrganizationOpenId: "org-1", ProxyOperator: { OpenId: "admin-1" } };
    const answer = await theirs.CreateConsoleLoginUrl({ Agent: theirAgent, ProxyOrganizationName: "他们的子客" });
    assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [false, false]);
    await expectSdkError(theirs.DescribeChannelOrganizations({ Agent: theirAgent, Limit: 10 }), "ResourceNotFound.Organization");
    await expectSdkError(theirs.ChannelDescribeEmployees({ Agent: { ...theirAgent, AppId: platform.AppId }, Limit: 10 }), "InvalidParameter.Application");
  });
});
