/**
 * The admin's pages and the review console in headless Chromium (Debian's /usr/bin/chromium, playwright-core):
 * on a phone, the super-admin signs in to a batch link of three enterprises (AuthorizationTypes 1, 2 and 5)
 * with the SMS code from the sandbox outbox and authorizes each one; the legal representative approves on a
 * phone of their own; at a desk, a reviewer approves one power of attorney and rejects the other. The end state
 * is then read back through the official SDK. Every page is screenshotted into test-artifacts/admin-lifecycle/
 * and checked for sideways scrolling at the phone's width and audited with axe-core against WCAG 2.1 A/AA
 * (the findings in test-artifacts/admin-lifecycle/axe-report.json).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SandboxClock } from "../../src/platform/clock.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { controlCall } from "../support/control-request.ts";
import { BrowserSession, DESK, go, PHONE, textOf as text } from "../support/chromium.ts";
import type { Page } from "playwright-core";
import { ADMIN, batchLink, enterprise, sdkClient } from "../support/admin-pages.ts";
import { powerOfAttorneyPdf, powerOfAttorneyPng } from "../support/sample-documents.ts";

const NAMES = ["授权书浏览器科技有限公司", "法人浏览器科技有限公司", "打款浏览器科技有限公司"];
const ENTERPRISES = [
  enterprise(NAMES[0]!, "9144030071526726XG", [1]),
  enterprise(NAMES[1]!, "91110108772551611J", [2]),
  enterprise(NAMES[2]!, "9131000063159284XQ", [5]),
];
const LEGAL_REP_MOBILE = "13900000002";
const REASON = "请加盖与企业名称一致的企业公章";
/** A failed load Chromium reports as a console error that is not the pages' fault: the wrong SMS code is answered 400 on purpose. */
const EXPECTED_FAILED_LOADS = [/\/h5\/auth\/\w+\/verify .*status of 400/];

describe("an admin's batch link and a reviewer in Chromium", () => {
  let h: Harness;
  let browser: BrowserSession;
  let link: Awaited<ReturnType<typeof batchLink>>;
  let admin: Page;
  const control = (path: string) => controlCall(h.url, h.tenant, "GET", path);
  const flowPath = (i: number) => new RegExp(`/flows/${link.flowIds[i]}(\\?|$)`);

  const openPage = (options: Parameters<BrowserSession["openPage"]>[0]) => browser.openPage(options);
  const shot = (page: Page, name: string) => browser.shot(page, name);

  async function openEnterprise(i: number) {
    if (!/\/h5\/auth\/[^/]+$/.test(new URL(admin.url()).pathname)) await go(admin, admin.locator("#back-to-list"), /\/h5\/auth\/[^/?]+(\?|$)/);
    await go(admin, admin.locator(`#org-${link.flowIds[i]}`), flowPath(i));
  }

  async function confirmDetails(i: number, name: string) {
    await openEnterprise(i);
    assert.equal(await text(admin, "#org-name"), NAMES[i]);
    assert.equal(await text(admin, "#org-credit-code"), ENTERPRISES[i]!.UniformSocialCreditCode);
    assert.equal(await text(admin, "#org-legal-name"), "张三");
    assert.equal(await text(admin, "#org-address"), "广东省深圳市南山区科技园");
    await shot(admin, `${name}-details`);
    await go(admin, admin.getByRole("button", { name: "信息无误，确认" }), /done=confirm/);
    assert.match(await text(admin, "#notice-ok"), /企业信息已确认/);
  }

  async function upload(file: { name: string; mimeType: string; buffer: Buffer }, shotName: string) {
    await admin.getByLabel("授权书文件").setInputFiles(file);
    await shot(admin, shotName);
    await go(admin, admin.getByRole("button", { name: "提交授权书" }), /done=upload/);
  }

  before(async () => {
    h = await startEssd({ clock: new SandboxClock() });
    link = await batchLink(h, ENTERPRISES);
    browser = await BrowserSession.launch("admin-lifecycle", { expectedFailedLoads: EXPECTED_FAILED_LOADS });
    admin = await openPage(PHONE);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it("identity: the masked admin, a wrong SMS code refused, the right one opens the list", async () => {
    await admin.goto(link.url);
    assert.equal(await text(admin, "#admin-name"), "李*");
    assert.equal(await text(admin, "#admin-mobile"), "138****0001");
    for (const name of NAMES) assert.ok(await admin.locator("#link-orgs").getByText(name).isVisible(), name);
    await shot(admin, "identity");

    await go(admin, admin.getByRole("button", { name: "获取验证码" }), /sent=1/);
    assert.match(await text(admin, "#notice-ok"), /验证码已发送至 138\*\*\*\*0001/);
    const { json } = await control(`outbox?mobile=${ADMIN.AdminMobile}&purpose=admin-code`);
    const code: string = json.messages[0].code;
    assert.match(code, /^\d{6}$/);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await admin.getByLabel("短信验证码").fill(wrong);
    await admin.getByRole("button", { name: "验证并继续" }).click();
    const refused = admin.getByRole("alert");
    await refused.waitFor();
    assert.match((await refused.textContent())!, /验证码错误，还可尝试 2 次/);
    await shot(admin, "identity-wrong-code");

    await admin.getByLabel("短信验证码").fill(code);
    await go(admin, admin.getByRole("button", { name: "验证并继续" }), /welcome=1/);
    assert.equal(await admin.locator("#org-list > li").count(), 3);
    assert.match(await text(admin, "#list-summary"), /共 3 家企业，已完成认证 0 家/);
    await shot(admin, "list");
  });

  it("AuthorizationTypes 1: confirm the details, upload a PNG power of attorney, under review", async () => {
    await confirmDetails(0, "type1");
    await shot(admin, "type1-confirmed");
    await go(admin, admin.locator("#choose-attorney"), /\/attorney$/);
    await upload({ name: "授权书.png", mimeType: "image/png", buffer: powerOfAttorneyPng() }, "type1-upload");
    assert.ok(await admin.locator("#under-review").isVisible());
    assert.match(await text(admin, "#record-audit-status"), /^3 /);
    await shot(admin, "type1-under-review");
  });

  it("AuthorizationTypes 2: the legal representative is texted, approves on their phone, the enterprise is verified", async () => {
    await confirmDetails(1, "type2");
    await go(admin, admin.locator("#choose-legal-rep"), /\/legal-rep$/);
    await admin.getByLabel("法定代表人手机号").fill(LEGAL_REP_MOBILE);
    await shot(admin, "type2-text-legal-rep");
    await go(admin, admin.getByRole("button", { name: "发送授权短信" }), /done=legal-rep/);
    assert.ok(await admin.locator("#legal-rep-status").isVisible());
    await shot(admin, "type2-waiting");

    const { json } = await control(`outbox?mobile=${LEGAL_REP_MOBILE}&purpose=legal-rep-link`);
    const legalRep = await openPage(PHONE);
    await legalRep.goto(json.messages[0].link);
    assert.equal(await text(legalRep, "#rep-org-name"), NAMES[1]);
    assert.equal(await text(legalRep, "#rep-admin-mobile"), "138****0001");
    await shot(legalRep, "legal-rep-request");
    await legalRep.getByRole("button", { name: "同意授权" }).click();
    await legalRep.locator("#notice-ok").filter({ hasText: "企业认证已完成" }).waitFor();
    assert.equal(await legalRep.getByRole("button", { name: "同意授权" }).count(), 0, "nothing left to decide");
    await shot(legalRep, "legal-rep-approved");

    await admin.reload();
    assert.ok(await admin.locator("#done").isVisible());
    assert.match(await text(admin, "#verified-organization-id"), /^[0-9A-Za-z]{32}$/);
    assert.match(await text(admin, "#record-auth-type"), /^2 /);
    await shot(admin, "type2-verified");
  });

  it("AuthorizationTypes 5: a PDF power of attorney and the bank transfer amount, under review", async () => {
    await confirmDetails(2, "type5");
    assert.ok(await admin.locator("#attorney-and-bank").isVisible());
    await shot(admin, "type5-checklist");
    await go(admin, admin.locator("#go-upload"), /\/attorney$/);
    await upload({ name: "授权书.pdf", mimeType: "application/pdf", buffer: powerOfAttorneyPdf() }, "type5-upload");
    assert.equal(await admin.locator("#go-upload").count(), 0, "the upload is ticked off");
    await go(admin, admin.locator("#go-bank"), /\/bank$/);
    const amount = await text(admin, "#sandbox-amount");
    assert.equal(amount, (await control(`flows/${link.flowIds[2]}`)).json.bankTransferAmount, "the hint is the amount essd \"paid\"");
    await admin.getByLabel("收到的金额（元）").fill(amount);
    await shot(admin, "type5-bank");
    await go(admin, admin.getByRole("button", { name: "提交金额" }), /done=bank/);
    assert.ok(await admin.locator("#under-review").isVisible());
    await shot(admin, "type5-under-review");

    await go(admin, admin.locator("#back-to-list"), /\/h5\/auth\/[^/?]+$/);
    assert.match(await text(admin, "#list-summary"), /已完成认证 1 家/);
    await shot(admin, "list-under-review");
  });

  it("a reviewer signs in, approves the type 5 power of attorney and rejects the type 1 one with a reason", async () => {
    const reviewer = await openPage(DESK);
    await reviewer.goto(`${h.url}/review`);
    await reviewer.getByLabel("管理员令牌 / Admin token").fill(h.adminToken);
    await shot(reviewer, "review-sign-in");
    await reviewer.getByRole("button", { name: "登录 / Sign in" }).click();
    await reviewer.getByRole("heading", { name: "待审核授权书 / Powers of attorney awaiting review" }).waitFor();
    assert.equal(await reviewer.getByRole("article").count(), 2);
    const item = (i: number) => reviewer.getByRole("article", { name: NAMES[i] });
    assert.ok(await item(0).getByRole("img").isVisible(), "the PNG is shown");
    const decodedWidth = (img: HTMLImageElement) => (img.complete ? img.naturalWidth : new Promise<number>((done) => img.addEventListener("load", () => done(img.naturalWidth))));
    assert.equal(await item(0).getByRole("img").evaluate(decodedWidth), 240, "and decoded");
    assert.ok(await item(2).getByText("打款金额已确认").isVisible());
    await shot(reviewer, "review-queue");

    await item(2).getByRole("button", { name: "通过 / Approve" }).click();
    await reviewer.getByRole("status").filter({ hasText: `已通过「${NAMES[2]}」的授权书` }).waitFor();
    assert.equal(await reviewer.getByRole("article").count(), 1);
    await item(0).getByLabel("驳回原因 / Reason for rejection").fill(REASON);
    await item(0).getByRole("button", { name: "驳回 / Reject" }).click();
    await reviewer.getByRole("status").filter({ hasText: `已驳回「${NAMES[0]}」的授权书` }).waitFor();
    assert.ok(await reviewer.getByRole("heading", { name: "暂无待审核的授权书" }).isVisible());
    await shot(reviewer, "review-done");
  });

  it("the admin sees the rejection with its reason and may upload again; the approved enterprise is done", async () => {
    await openEnterprise(0);
    assert.ok(await admin.locator("#rejected").getByText(REASON).isVisible());
    assert.match(await text(admin, "#record-audit-status"), /^2 /);
    assert.equal(await text(admin, "#record-reason"), REASON);
    await shot(admin, "type1-rejected");
    await go(admin, admin.locator("#reupload"), /\/attorney$/);
    assert.ok(await admin.getByRole("alert").getByText(REASON).isVisible(), "the upload form recalls why");
    assert.ok(await admin.getByLabel("授权书文件").isEditable());
    await shot(admin, "type1-reupload");

    await openEnterprise(2);
    assert.ok(await admin.locator("#done").isVisible());
    assert.match(await text(admin, "#verified-organization-id"), /^[0-9A-Za-z]{32}$/);
    assert.match(await text(admin, "#done-steps"), /对公打款金额已确认[\s\S]*审核通过（AuditStatus 1）/);
    await shot(admin, "type5-verified");
    await go(admin, admin.locator("#back-to-list"), /\/h5\/auth\/[^/?]+$/);
    assert.match(await text(admin, "#list-summary"), /已完成认证 2 家/);
    await shot(admin, "list-end");
    await go(admin, admin.getByRole("link", { name: "English" }), /lang=en/);
    assert.match(await text(admin, "#list-summary"), /3 enterprises, 2 verified/);
    assert.equal(await admin.locator("html").getAttribute("lang"), "en");
    await shot(admin, "list-end-english");
    await go(admin, admin.getByRole("link", { name: "中文" }), /lang=zh/);
  });

  it("the official SDK sees the same end state", async () => {
    const client = sdkClient(h);
    const Operator = { UserId: h.tenant.OperatorUserId };
    const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator, TaskIds: link.subTaskIds });
    assert.deepEqual(Details!.map((d) => [d.AuthorizationInfoId, d.Status]), link.flowIds.map((id) => [id, "Authorization"]));
    const status = (i: number) => client.DescribeOrganizationAuthStatus({ Operator, OrganizationName: NAMES[i]!, AuthorizationInfoId: link.flowIds[i] });

    const rejected = await status(0);
    assert.deepEqual([rejected.IsVerified, rejected.AuthStatus, rejected.OrganizationId], [false, 1, undefined]);
    assert.deepEqual(rejected.AuthRecords, [{ OperatorName: "李*", OperatorMobile: "138****0001", AuthType: 1, AuditStatus: 2, Reason: REASON }]);
    for (const [i, authType, auditStatus] of [[1, 2, 0], [2, 1, 1]] as const) {
      const verified = await status(i);
      const shown = (await control(`flows/${link.flowIds[i]}`)).json.organizationId;
      assert.deepEqual([verified.IsVerified, verified.AuthStatus, verified.OrganizationId], [true, 2, shown], NAMES[i]);
      assert.deepEqual([verified.AuthRecords![0]!.AuthType, verified.AuthRecords![0]!.AuditStatus], [authType, auditStatus]);
    }
  });

  it("raised no script or console errors on any page", () => {
    assert.deepEqual(browser.pageErrors, []);
  });

  it("has no WCAG 2.1 A/AA violations (axe-core) on any page screenshotted", () => {
    browser.assertAccessible();
  });
});
