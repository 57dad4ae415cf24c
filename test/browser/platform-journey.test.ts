/**
 * A platform's journey in headless Chromium (Debian's /usr/bin/chromium, playwright-core): the platform syncs a
 * sub-enterprise through the official SDK's essbasic client and hands its operator a console login link
 * (CreateConsoleLoginUrl); the operator opens it on a phone and activates the enterprise through the H5
 * authentication pages (SMS code from the application's outbox, confirm, power of attorney); a reviewer approves
 * it in the review console at a desk; the enterprise is verified, DescribeChannelOrganizations says so, and a
 * second link lands on the console page. A second operator, synced afterwards, joins through a console link of
 * their own. A second sub-enterprise's link carries its power of attorney and licence (AuthorizationTypes [5],
 * AutoActive): its operator only confirms and enters the bank amount, the reviewer sees the licence too, and the
 * account is active. The console opens on the link's Module, with or without its menu and top bar. Every page is screenshotted into test-artifacts/platform-journey/, checked for sideways scrolling
 * and audited with axe-core against WCAG 2.1 A/AA.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { SandboxClock } from "../../src/platform/clock.ts";
import { createPlatform, type CreatedPlatform } from "../../src/domain/platforms/platforms.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { controlCall } from "../support/control-request.ts";
import { essbasicClient, type EssbasicClient } from "../support/essbasic-client.ts";
import { BrowserSession, DESK, go, PHONE, textOf as text } from "../support/chromium.ts";
import { expectSdkError } from "../support/sdk-errors.ts";
import { CREDIT_CODES } from "../support/identities.ts";
import { powerOfAttorneyPng } from "../support/sample-documents.ts";

const NAME = "旅程浏览器子客科技有限公司";
const SECOND = "授权书随链接子客科技有限公司";
const OPERATOR = { OpenId: "operator-1", Name: "张三", Mobile: "13800000001" };
const STAFF = { Id: "staff-1", Name: "李四", Mobile: "13800000002" };

describe("a platform's sub-enterprise activated in Chromium at phone width", () => {
  let h: Harness;
  let browser: BrowserSession;
  let platform: CreatedPlatform;
  let client: EssbasicClient;
  let operator: Page;
  let flowId: string;
  const agent = (openId = OPERATOR.OpenId) => ({ AppId: platform.AppId, ProxyOrganizationOpenId: "sub-1", ProxyOperator: { OpenId: openId } });
  /** The control API signed with the application's own key: its outbox is where the SMS codes are. */
  const codeTextedTo = async (mobile: string) => {
    const { status, json } = await controlCall(h.url, platform, "GET", `outbox?mobile=${mobile}&purpose=admin-code&limit=1`);
    assert.equal(status, 200, JSON.stringify(json));
    const code: string = json.messages[0].code;
    assert.match(code, /^\d{6}$/);
    return code;
  };
  const login = (openId: string) => client.CreateConsoleLoginUrl({ Agent: agent(openId), ProxyOrganizationName: NAME, Endpoint: "H5" });

  before(async () => {
    h = await startEssd({ clock: new SandboxClock() });
    platform = await createPlatform(h.domain, { name: "浏览器旅程平台" });
    client = essbasicClient(h, platform);
    browser = await BrowserSession.launch("platform-journey");
    operator = await browser.openPage(PHONE);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it("syncs the sub-enterprise and hands its operator an activation link", async () => {
    await client.SyncProxyOrganization({ Agent: agent(), ProxyOrganizationName: NAME, UniformSocialCreditCode: CREDIT_CODES[0], ProxyLegalName: "王法人", ProxyAddress: "广东省深圳市南山区科技园" });
    const answer = await client.CreateConsoleLoginUrl({
      Agent: agent(),
      ProxyOrganizationName: NAME,
      ProxyOperatorName: OPERATOR.Name,
      ProxyOperatorMobile: OPERATOR.Mobile,
      Endpoint: "H5",
    });
    assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [false, false]);
    assert.match(answer.ConsoleUrl!, new RegExp(`^${h.url}/h5/register\\?token=`));
    flowId = (await h.domain.store.getProxyOrganization(platform.AppId, "sub-1"))!.flowId!;

    await operator.goto(answer.ConsoleUrl!);
    assert.equal(await text(operator, "#admin-name"), "张*");
    assert.equal(await text(operator, "#admin-mobile"), "138****0001");
    assert.ok(await operator.locator("#link-orgs").getByText(NAME).isVisible());
    await browser.shot(operator, "identity");
  });

  it("the operator proves the mobile with the SMS code, confirms the details and uploads a power of attorney", async () => {
    await go(operator, operator.getByRole("button", { name: "获取验证码" }), /sent=1/);
    assert.match(await text(operator, "#notice-ok"), /验证码已发送至 138\*\*\*\*0001/);
    await operator.getByLabel("短信验证码").fill(await codeTextedTo(OPERATOR.Mobile));
    await go(operator, operator.getByRole("button", { name: "验证并继续" }), /welcome=1/);
    await browser.shot(operator, "list");

    await go(operator, operator.locator(`#org-${flowId}`), new RegExp(`/flows/${flowId}(\\?|$)`));
    assert.equal(await text(operator, "#org-name"), NAME);
    assert.equal(await text(operator, "#org-credit-code"), CREDIT_CODES[0]);
    assert.equal(await text(operator, "#org-legal-name"), "王法人");
    assert.equal(await text(operator, "#org-address"), "广东省深圳市南山区科技园");
    await browser.shot(operator, "details");
    await go(operator, operator.getByRole("button", { name: "信息无误，确认" }), /done=confirm/);
    assert.match(await text(operator, "#notice-ok"), /企业信息已确认/);
    await browser.shot(operator, "choose-method");

    await go(operator, operator.locator("#choose-attorney"), /\/attorney$/);
    await operator.getByLabel("授权书文件").setInputFiles({ name: "授权书.png", mimeType: "image/png", buffer: powerOfAttorneyPng() });
    await browser.shot(operator, "upload");
    await go(operator, operator.getByRole("button", { name: "提交授权书" }), /done=upload/);
    assert.ok(await operator.locator("#under-review").isVisible());
    await browser.shot(operator, "under-review");

    // Not activated yet: the Agent's own sub-enterprise cannot list anything.
    await expectSdkError(client.DescribeChannelOrganizations({ Agent: agent(), Limit: 10 }), "ResourceNotFound.Organization", "sub-1");
  });

  it("a reviewer approves the platform's power of attorney in the review console", async () => {
    const reviewer = await browser.openPage(DESK);
    await reviewer.goto(`${h.url}/review`);
    await reviewer.getByLabel("管理员令牌 / Admin token").fill(h.adminToken);
    await reviewer.getByRole("button", { name: "登录 / Sign in" }).click();
    await reviewer.getByRole("heading", { name: "待审核授权书 / Powers of attorney awaiting review" }).waitFor();
    const item = reviewer.getByRole("article", { name: NAME });
    assert.ok(await item.getByRole("img").isVisible(), "the PNG is shown");
    await browser.shot(reviewer, "review-queue");
    await item.getByRole("button", { name: "通过 / Approve" }).click();
    await reviewer.getByRole("status").filter({ hasText: `已通过「${NAME}」的授权书` }).waitFor();
    await browser.shot(reviewer, "review-done");
  });

  it("the operator sees the enterprise verified; DescribeChannelOrganizations lists it verified and activated", async () => {
    await operator.reload();
    assert.ok(await operator.locator("#done").isVisible());
    assert.match(await text(operator, "#verified-organization-id"), /^[0-9A-Za-z]{32}$/);
    await browser.shot(operator, "verified");

    const { Total, ChannelOrganizationInfos } = await client.DescribeChannelOrganizations({ Agent: agent(), Limit: 10 });
    assert.equal(Total, 1);
    const info = ChannelOrganizationInfos![0]!;
    assert.deepEqual(
      [info.OrganizationOpenId, info.OrganizationName, info.UnifiedSocialCreditCode, info.AuthorizationStatus, info.AuthorizationType, info.AdminOpenId, info.AdminMobile],
      ["sub-1", NAME, CREDIT_CODES[0], "VERIFIED", "AuthorizationFile", OPERATOR.OpenId, "138****0001"],
    );
    assert.equal(info.OrganizationId, await text(operator, "#verified-organization-id"));
  });

  it("a second console login link lands on the console page of the verified enterprise", async () => {
    const answer = await login(OPERATOR.OpenId);
    assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [true, true]);
    await operator.goto(answer.ConsoleUrl!);
    assert.equal(await text(operator, "#organization-name"), NAME);
    assert.equal(await text(operator, "#operator-name"), OPERATOR.Name);
    assert.match(await text(operator, "#operator-status"), /已认证加入/);
    assert.equal(await text(operator, "#operator-mobile"), "138****0001");
    await browser.shot(operator, "console");
  });

  it("an operator synced afterwards proves their mobile on their own console link and joins", async () => {
    const synced = await client.SyncProxyOrganizationOperators({ Agent: agent(), OperatorType: "CREATE", ProxyOrganizationOperators: [STAFF] });
    assert.deepEqual([synced.Status, synced.FailedList], [1, []]);
    const answer = await login(STAFF.Id);
    assert.deepEqual([answer.IsActivated, answer.ProxyOperatorIsVerified], [true, false]);
    const staff = await browser.openPage(PHONE);
    await staff.goto(answer.ConsoleUrl!);
    assert.match(await text(staff, "#operator-status"), /未认证/);
    await staff.getByLabel("手机号", { exact: true }).fill(STAFF.Mobile);
    await browser.shot(staff, "staff-sign-in");
    await staff.getByRole("button", { name: "获取验证码" }).click();
    await staff.locator("#verify-code").waitFor();
    await staff.getByLabel(/验证码/).fill(await codeTextedTo(STAFF.Mobile));
    await browser.shot(staff, "staff-code");
    await staff.getByRole("button", { name: "验证并继续" }).click();
    await staff.locator("#join").waitFor();
    await browser.shot(staff, "staff-join");
    await staff.locator("#join").click();
    await staff.locator("#console-home").waitFor();
    assert.match(await text(staff, "#operator-status"), /已认证加入/);
    await browser.shot(staff, "staff-console");
    assert.equal((await login(STAFF.Id)).ProxyOperatorIsVerified, true);
  });

  it("a second sub-enterprise's link carries the power of attorney and licence: the operator only confirms and enters the amount", async () => {
    const second = { OpenId: "operator-2", Name: "赵六", Mobile: "13800000003" };
    const answer = await client.CreateConsoleLoginUrl({
      Agent: { ...agent(second.OpenId), ProxyOrganizationOpenId: "sub-2" },
      ProxyOrganizationName: SECOND,
      UniformSocialCreditCode: CREDIT_CODES[1],
      ProxyLegalName: "钱法人",
      ProxyOperatorName: second.Name,
      ProxyOperatorMobile: second.Mobile,
      AuthorizationTypes: [5],
      PowerOfAttorneys: [powerOfAttorneyPng().toString("base64")],
      BusinessLicense: powerOfAttorneyPng().toString("base64"),
      AutoActive: true,
      Endpoint: "H5",
    });
    const flow = (await h.domain.store.getProxyOrganization(platform.AppId, "sub-2"))!.flowId!;
    const phone = await browser.openPage(PHONE);
    await phone.goto(answer.ConsoleUrl!);
    await go(phone, phone.getByRole("button", { name: "获取验证码" }), /sent=1/);
    await phone.getByLabel("短信验证码").fill(await codeTextedTo(second.Mobile));
    await go(phone, phone.getByRole("button", { name: "验证并继续" }), /welcome=1/);
    await go(phone, phone.locator(`#org-${flow}`), new RegExp(`/flows/${flow}(\\?|$)`));
    await go(phone, phone.getByRole("button", { name: "信息无误，确认" }), /done=confirm/);
    assert.equal(await phone.locator("#go-upload").count(), 0, "the platform's power of attorney is the upload");
    await browser.shot(phone, "poa-checklist");
    await go(phone, phone.locator("#go-bank"), /\/bank$/);
    await phone.getByLabel("收到的金额（元）").fill(await text(phone, "#sandbox-amount"));
    await go(phone, phone.getByRole("button", { name: "提交金额" }), /done=bank/);
    assert.ok(await phone.locator("#under-review").isVisible());
    await browser.shot(phone, "poa-under-review");

    const reviewer = await browser.openPage(DESK);
    await reviewer.goto(`${h.url}/review`);
    await reviewer.getByLabel("管理员令牌 / Admin token").fill(h.adminToken);
    await reviewer.getByRole("button", { name: "登录 / Sign in" }).click();
    const item = reviewer.getByRole("article", { name: SECOND });
    await item.waitFor();
    assert.ok(await item.getByRole("link", { name: /营业执照/ }).isVisible(), "the licence sent with the link is offered");
    await browser.shot(reviewer, "review-with-license");
    await item.getByRole("button", { name: "通过 / Approve" }).click();
    await reviewer.getByRole("status").filter({ hasText: `已通过「${SECOND}」的授权书` }).waitFor();

    const { ChannelOrganizationInfos } = await client.DescribeChannelOrganizations({ Agent: { ...agent(second.OpenId), ProxyOrganizationOpenId: "sub-2" }, Limit: 10 });
    const info = ChannelOrganizationInfos!.find((o) => o.OrganizationOpenId === "sub-2")!;
    assert.deepEqual([info.AuthorizationStatus, info.ActiveStatus], ["VERIFIED", 1], "AutoActive: the account is active");
  });

  it("the console opens on the module the link names, with or without its menu and top bar", async () => {
    const open = async (extra: Record<string, unknown>) => {
      const answer = await client.CreateConsoleLoginUrl({ Agent: agent(), ProxyOrganizationName: NAME, Endpoint: "H5", ...extra });
      await operator.goto(answer.ConsoleUrl!);
    };
    await open({ Module: "OPERATOR" });
    assert.equal(await operator.locator("#console-menu [aria-current=page]").textContent(), "组织管理");
    assert.match(await text(operator, "#operator-list"), /staff-1/);
    assert.equal(await operator.locator("#license-status").count(), 0, "the module replaces the enterprise centre");
    await browser.shot(operator, "console-operators");
    await go(operator, operator.locator("#menu-HOME"), /module=HOME/);
    assert.match(await text(operator, "#license-status"), /未激活/, "the first sub-enterprise was verified without AutoActive");
    await open({ Module: "SEAL", ModuleId: "seal-7", MenuStatus: "DISABLE", TopNavigationStatus: "DISABLE" });
    assert.equal(await operator.locator("#console-menu, header.topbar").count(), 0);
    assert.equal(await text(operator, "#module-id"), "seal-7");
    await browser.shot(operator, "console-seal-bare");
  });

  it("raised no script or console errors on any page", () => {
    assert.deepEqual(browser.pageErrors, []);
  });

  it("has no WCAG 2.1 A/AA violations (axe-core) on any page screenshotted", () => {
    browser.assertAccessible();
  });
});
