/**
 * The API Explorer in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): search an
 * action, fill CreateBatchOrganizationRegistrationTasks with two enterprises, send and see the TaskId; a wrong
 * key shows the failing signature steps; every signing mode works from the page; SDK code; a phone width.
 * Elements are found by role and accessible name where a screen reader would find them. The cases run in order
 * on one page, as one developer's session would. Screenshots go to test-artifacts/ (ignored by git).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startEssd, type Harness } from "../support/harness.ts";
import { createPlatform, type CreatedPlatform } from "../../src/domain/platforms/platforms.ts";
import { applyFlowEvent } from "../../src/domain/authorization/flows.ts";

const CHROMIUM = process.env.ESSD_TEST_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts");
const ENTERPRISES = [
  { name: "示例科技（深圳）有限公司", code: "9144030071526726XG", legal: "张三" },
  { name: "测试网络（北京）有限公司", code: "91110108772551611J", legal: "李四" },
];

if (!existsSync(CHROMIUM)) {
  throw new Error(`the browser tests need Chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (as .ci/run does)`);
}

describe("API Explorer in Chromium", () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let platform: CreatedPlatform;
  const pageErrors: string[] = [];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startEssd();
    // As `npm start` seeds it: a demo enterprise for ess, and a platform whose application signs essbasic calls.
    platform = await createPlatform(h.domain, { name: "essd 演示平台" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    });
    // Reduced motion turns off smooth scrolling, so screenshots never catch a page mid-scroll.
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, reducedMotion: "reduce" });
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${h.url}/explorer`);
    await page.waitForSelector("html[data-ready=true]");
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  /** Opens an action through the search box, as a keyboard user would. */
  async function openAction(name: string, query = name) {
    const search = page.getByRole("searchbox", { name: /Search actions/ });
    await search.fill(query);
    await search.press("Enter");
    await page.getByRole("heading", { name, level: 2 }).waitFor();
  }

  async function send() {
    const previous = await page.evaluate(() => document.querySelector("#result [data-request-id]")?.textContent ?? null);
    await page.getByRole("button", { name: /Send/ }).click();
    await page.waitForFunction((before) => {
      const id = document.querySelector("#result:not([hidden]) [data-request-id]")?.textContent;
      return Boolean(id) && id !== before;
    }, previous);
  }

  it("lists the tenant's ids from the store and no key", async () => {
    assert.equal(await page.getByLabel(/Tenant/).inputValue(), h.tenant.OrganizationId);
    assert.equal(await page.getByLabel(/Operator\.UserId/).inputValue(), h.tenant.OperatorUserId);
    assert.equal(await page.getByRole("combobox", { name: "SecretId" }).inputValue(), h.tenant.SecretId);
    assert.ok(!(await page.content()).includes(h.tenant.SecretKey));
  });

  it("search filters the action list and Enter opens the first match", async () => {
    const search = page.getByRole("searchbox", { name: /Search actions/ });
    await search.fill("registration tasks");
    // The chosen service's (ess) only: essbasic's actions of the same names are listed when essbasic is chosen.
    assert.deepEqual(await page.locator("#action-list li:not([hidden]) a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))), [
      "#CreateBatchOrganizationRegistrationTasks",
      "#DescribeBatchOrganizationRegistrationTasks",
    ]);
    assert.match((await page.getByRole("status").first().textContent()) ?? "", /^2 \/ \d{3} /);
    await search.fill("zzzz-no-such-action");
    assert.equal(await page.locator("#action-list li:not([hidden])").count(), 0);
    assert.ok(await page.getByText("No action matches").isVisible());
    await search.fill("CreateBatchOrganizationRegistrationTasks");
    await search.press("Enter");
    const heading = page.getByRole("heading", { name: "CreateBatchOrganizationRegistrationTasks", level: 2 });
    await heading.waitFor();
    assert.equal(await heading.evaluate((node) => node === document.activeElement), true, "focus moves to the action's heading");
    assert.equal(await page.locator('[data-action-link="CreateBatchOrganizationRegistrationTasks"]').getAttribute("aria-current"), "page");
  });

  it("opens an action essd does not implement: marked, no form, nothing to send", async () => {
    const search = page.getByRole("searchbox", { name: /Search actions/ });
    await search.fill("not implemented 撤销单个合同流程");
    await search.press("Enter");
    await page.getByRole("heading", { name: "CancelFlow", level: 2 }).waitFor();
    const section = page.locator("#CancelFlow");
    assert.ok(await section.getByText("UnsupportedOperation").first().isVisible());
    assert.equal(await section.locator("form").count(), 0);
    assert.equal(await page.getByRole("button", { name: /Send/ }).isVisible(), false, "no send button without a form");
    await search.fill("");
  });

  it("fills CreateBatchOrganizationRegistrationTasks with two enterprises, sends it and shows the TaskId", async () => {
    await openAction("CreateBatchOrganizationRegistrationTasks", "registrationtasks");
    await page.getByLabel("SecretKey", { exact: true }).fill(h.tenant.SecretKey);
    const section = page.locator("#CreateBatchOrganizationRegistrationTasks");
    // A required list starts with one row; the second is added with the keyboard.
    await section.getByRole("button", { name: /Add RegistrationOrganizations\[\]/ }).focus();
    await page.keyboard.press("Enter");
    for (const [i, enterprise] of ENTERPRISES.entries()) {
      const row = section.getByRole("group", { name: `RegistrationOrganizations[${i}]`, exact: true });
      await row.getByRole("textbox", { name: /^OrganizationName/ }).fill(enterprise.name);
      await row.getByRole("textbox", { name: /^UniformSocialCreditCode/ }).fill(enterprise.code);
      await row.getByRole("textbox", { name: /^LegalName/ }).fill(enterprise.legal);
    }
    // Nested array and enum in the second enterprise: AuthorizationTypes[] and AdminIdCardType.
    const second = section.getByRole("group", { name: "RegistrationOrganizations[1]", exact: true });
    await second.getByRole("button", { name: /Add AuthorizationTypes\[\]/ }).click();
    await second.getByRole("textbox", { name: "AuthorizationTypes[0]" }).fill("2");
    await section.getByRole("combobox", { name: /^Endpoint/ }).selectOption("SHORT_URL");
    assert.equal(await section.getByRole("textbox", { name: /^UserId/ }).inputValue(), h.tenant.OperatorUserId, "Operator.UserId is filled from the tenant");

    // The preview is refreshed by the page's input/change handlers; on a busy machine they may run after selectOption resolves.
    await page.waitForFunction(() => (document.querySelector("#params-json")?.textContent ?? "").includes('"SHORT_URL"'), undefined, { timeout: 10_000 });
    const preview = JSON.parse((await page.locator("#params-json").textContent())!);
    assert.deepEqual(preview, {
      Operator: { UserId: h.tenant.OperatorUserId },
      RegistrationOrganizations: [
        { OrganizationName: ENTERPRISES[0].name, UniformSocialCreditCode: ENTERPRISES[0].code, LegalName: ENTERPRISES[0].legal },
        { OrganizationName: ENTERPRISES[1].name, UniformSocialCreditCode: ENTERPRISES[1].code, LegalName: ENTERPRISES[1].legal, AuthorizationTypes: [2] },
      ],
      Endpoint: "SHORT_URL",
    });

    await send();
    const result = page.locator("#result");
    assert.match((await result.locator(".status").textContent())!, /Success/);
    const taskId = (await result.locator("dt:text-is('TaskId') + dd").textContent())!;
    assert.match(taskId, /^[0-9A-Za-z]{32}$/);
    const task = await h.domain.store.getRegistrationTask(taskId);
    assert.ok(task, "the task exists in the store");
    assert.equal(task.organizationId, h.tenant.OrganizationId);
    assert.equal(task.endpoint, "SHORT_URL");
    const flows = await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { taskId });
    assert.deepEqual(flows.map((f) => f.organizationName).sort(), ENTERPRISES.map((e) => e.name).sort());

    // Every step of the signature, the raw request and the raw response.
    const steps = await result.locator(".signing-steps").textContent();
    for (const label of ["CanonicalRequest", "HashedCanonicalRequest", "CredentialScope", "StringToSign", "Signature", "Authorization"]) assert.ok(steps!.includes(label), label);
    assert.ok(steps!.includes(`host:${h.endpoint}`), "signed with the page's host");
    assert.ok(steps!.includes(`Credential=${h.tenant.SecretId}/`));
    await result.getByText("Raw HTTP request").click();
    assert.match((await result.getByLabel("Raw HTTP request").textContent())!, /^POST \/ HTTP\/1\.1\nAuthorization: TC3-HMAC-SHA256 /);
    await result.getByText("Raw HTTP response").click();
    assert.match((await result.getByLabel("Raw HTTP response").textContent())!, /^HTTP\/1\.1 200 OK\n[\s\S]*x-tc-requestid: [0-9a-f-]{36}/);
    // The key is only in the password input's value, never in the document (nor in what was sent).
    assert.ok(!(await page.content()).includes(h.tenant.SecretKey), "the SecretKey appears in the page");

    await page.locator("#result").screenshot({ path: join(ARTIFACTS, "explorer-desktop-result.png") });
    // The filled form: the second enterprise's row near the top of the window.
    await section.getByRole("group", { name: "RegistrationOrganizations[0]", exact: true }).evaluate((row) => row.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(ARTIFACTS, "explorer-desktop.png") });
  });

  it("a wrong key shows the failing signature: the steps match essd's, so the key is at fault", async () => {
    await page.getByLabel("SecretKey", { exact: true }).fill("not-the-right-key");
    await send();
    const result = page.locator("#result");
    assert.match((await result.locator(".status").textContent())!, /AuthFailure\.SignatureFailure/);
    const diagnosis = result.getByRole("region", { name: /Signature diagnosis/ });
    assert.match((await diagnosis.textContent())!, /the key is wrong: this SecretKey does not belong to SecretId/);
    assert.match((await diagnosis.textContent())!, /CanonicalRequest: 完全一致 identical/);
    assert.match((await diagnosis.textContent())!, /StringToSign: 完全一致 identical/);
    assert.match((await result.getByLabel("CanonicalRequest, essd expected").textContent())!, new RegExp(`host:${h.endpoint.replace(/\./g, "\\.")}`));
    // The page's own failing steps are there to compare.
    assert.ok(await result.getByText("规范请求 CanonicalRequest", { exact: false }).first().isVisible());
    await result.screenshot({ path: join(ARTIFACTS, "explorer-desktop-signature-failure.png") });
    await page.getByLabel("SecretKey", { exact: true }).fill(h.tenant.SecretKey);
  });

  it("a request changed after signing: the diagnosis marks the line that differs", async () => {
    // As a proxy that rewrites the body would: essd hashes what arrived, the page hashed what it signed.
    await page.route(`${h.url}/`, (route) => route.continue({ postData: route.request().postData()!.replace("}", ',"Limit":1}') }));
    await openAction("DescribeIntegrationEmployees");
    await send();
    await page.unroute(`${h.url}/`);
    const diagnosis = page.getByRole("region", { name: /Signature diagnosis/ });
    assert.match((await diagnosis.textContent())!, /CanonicalRequest: 1 行不同 line\(s\) differ, first at line 8/);
    assert.match((await diagnosis.textContent())!, /marked lines differ[\s\S]*line 8: [^.]*the body essd received is not the one that was signed/);
    const marked = await diagnosis.locator("li.diff").allTextContents();
    assert.equal(marked.length, 4, "the payload hash in both canonical requests, the hashed request in both strings to sign");
    assert.ok(marked.every((line) => line.startsWith("differs: ")), "a screen reader hears which lines differ");
    await diagnosis.screenshot({ path: join(ARTIFACTS, "explorer-desktop-signature-diff.png") });
  });

  for (const [signMethod, reqMethod] of [
    ["TC3-HMAC-SHA256", "GET"],
    ["HmacSHA256", "POST"],
    ["HmacSHA1", "GET"],
  ] as const) {
    it(`signs in the page with ${signMethod} over ${reqMethod}`, async () => {
      await openAction("DescribeIntegrationEmployees");
      const section = page.locator("#DescribeIntegrationEmployees");
      await section.getByRole("textbox", { name: /^Limit/ }).fill("5");
      await section.getByRole("button", { name: /Add Filters\[\]/ }).click();
      await section.getByRole("combobox", { name: /^Key/ }).selectOption("Status");
      await section.getByRole("textbox", { name: "Values[0]" }).fill("IsVerified");
      await page.getByLabel(/Signature/).first().selectOption(signMethod);
      await page.getByLabel(/方法 Method/).selectOption(reqMethod);
      await send();
      const result = page.locator("#result");
      assert.match((await result.locator(".status").textContent())!, /Success/, (await result.textContent())!);
      assert.match((await result.locator(".kv").textContent())!, /TotalCount1/);
      const steps = (await result.locator(".signing-steps").textContent())!;
      assert.ok(steps.includes(signMethod === "TC3-HMAC-SHA256" ? "TC3-HMAC-SHA256" : `Signature (${signMethod})`));
      if (signMethod !== "TC3-HMAC-SHA256") assert.ok(steps.includes(`${reqMethod}${h.endpoint}/?Action=DescribeIntegrationEmployees&Filters.0.Key=Status`), steps);
      await page.getByRole("button", { name: /Clear/ }).click();
    });
  }

  it("a wrong v1 key is diagnosed from essd's string to sign", async () => {
    await page.getByLabel(/Signature/).first().selectOption("HmacSHA1");
    await page.getByLabel("SecretKey", { exact: true }).fill("wrong");
    await send();
    const diagnosis = page.getByRole("region", { name: /Signature diagnosis/ });
    assert.match((await diagnosis.textContent())!, /StringToSign: 完全一致 identical/);
    await page.getByLabel("SecretKey", { exact: true }).fill(h.tenant.SecretKey);
    await page.getByLabel(/Signature/).first().selectOption("TC3-HMAC-SHA256");
    await page.getByLabel(/方法 Method/).selectOption("POST");
  });

  it("generates SDK code for the same call, with keyboard tabs", async () => {
    await openAction("DescribeIntegrationEmployees");
    await page.getByRole("button", { name: /Generate SDK code/ }).click();
    const tabs = page.getByRole("tablist", { name: /SDK language/ });
    await tabs.waitFor();
    const node = await page.getByRole("tabpanel", { name: "Node.js" }).textContent();
    assert.ok(node!.includes(`endpoint: "${h.endpoint}"`) && node!.includes("client.DescribeIntegrationEmployees(params)"));
    assert.ok(node!.includes("to go live: remove the endpoint override"));
    await page.getByRole("tab", { name: "Node.js" }).focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("tab", { name: "Python" }).getAttribute("aria-selected"), "true");
    assert.ok((await page.getByRole("tabpanel", { name: "Python" }).textContent())!.includes("client.DescribeIntegrationEmployees(req)"));
    await page.keyboard.press("End");
    assert.ok((await page.getByRole("tabpanel", { name: "Java" }).textContent())!.includes("EssClient"));
    await page.keyboard.press("ArrowLeft");
    assert.ok((await page.getByRole("tabpanel", { name: "Go" }).textContent())!.includes("ess.NewDescribeIntegrationEmployeesRequest()"));
  });

  it("keeps the SecretKey out of storage unless asked, and only for this tab", async () => {
    const stored = () => page.evaluate(() => ({ session: sessionStorage.getItem("essd-explorer-secret-key"), local: JSON.stringify(localStorage) }));
    assert.equal((await stored()).session, null);
    const remember = page.getByRole("checkbox", { name: /Remember in this tab/ });
    await remember.check();
    assert.equal((await stored()).session, h.tenant.SecretKey);
    await remember.uncheck();
    assert.equal((await stored()).session, null);
    assert.ok(!(await stored()).local.includes(h.tenant.SecretKey));
  });

  it("removes a row with the keyboard, renumbers the rest and keeps focus in the list", async () => {
    await openAction("CreateIntegrationEmployees");
    const section = page.locator("#CreateIntegrationEmployees");
    const add = section.getByRole("button", { name: /Add Employees\[\]/ });
    await add.click();
    await add.click();
    await section.getByRole("group", { name: "Employees[2]", exact: true }).getByRole("textbox", { name: /^DisplayName/ }).fill("王五");
    await section.getByRole("button", { name: "删除 Remove Employees[1]" }).focus();
    await page.keyboard.press("Enter");
    assert.equal(await section.getByRole("group", { name: /^Employees\[\d\]$/ }).count(), 2);
    const renumbered = section.getByRole("group", { name: "Employees[1]", exact: true });
    assert.equal(await renumbered.getByRole("textbox", { name: /^DisplayName/ }).inputValue(), "王五");
    assert.equal(await renumbered.evaluate((row) => row.contains(document.activeElement)), true, "focus moves to the next row");
    await page.getByRole("button", { name: /Clear/ }).click();
    assert.equal(await section.getByRole("group", { name: /^Employees\[\d\]$/ }).count(), 1, "Clear leaves the initial rows");
  });

  it("every control of every form has an accessible name, also in added rows", async () => {
    for (const name of ["essbasic-CreateBatchOrganizationRegistrationTasks", "essbasic-SyncProxyOrganizationOperators", "CreateBatchOrganizationRegistrationTasks", "CreateIntegrationEmployees", "CreateOrganizationAuthUrl"]) {
      await page.goto(`${h.url}/explorer#${name}`);
      await page.waitForSelector("html[data-ready=true]");
      for (const add of await page.locator(`#${name} [data-add-row]`).all()) if (await add.isVisible()) await add.click();
      const unnamed = await page.locator(`#${name}`).evaluate((section) =>
        Array.from(section.querySelectorAll("input, select, textarea"))
          .filter((control) => {
            const labelledBy = control.getAttribute("aria-labelledby");
            if (labelledBy) return !labelledBy.split(" ").every((id) => document.getElementById(id)?.textContent?.trim());
            return !(control as HTMLInputElement).labels?.length;
          })
          .map((control) => control.id),
      );
      assert.deepEqual(unnamed, [], name);
      const ids = await page.locator("[id]").evaluateAll((nodes) => nodes.map((n) => n.id));
      assert.equal(new Set(ids).size, ids.length, "ids stay unique as rows are added");
    }
    // Each visit loaded the page anew, the last one an ess action's: the tenant's key again, for the calls that follow.
    await page.getByLabel("SecretKey", { exact: true }).fill(h.tenant.SecretKey);
  });

  it("works at a 390 px phone width without horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openAction("CreateBatchOrganizationRegistrationTasks", "registrationtasks");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "explorer-phone.png") });
    await page.locator('#CreateBatchOrganizationRegistrationTasks [data-path="RegistrationOrganizations"]').evaluate((node) => node.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(ARTIFACTS, "explorer-phone-form.png") });
    await send();
    await page.locator("#result").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "explorer-phone-result.png") });
    const after = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(after <= 0, `the result scrolls sideways by ${after}px`);
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  /** Opens one of essbasic's actions through the search box, once essbasic is the chosen service. */
  async function openEssbasicAction(name: string) {
    const search = page.getByRole("searchbox", { name: /Search actions/ });
    await search.fill(name);
    await search.press("Enter");
    await page.locator(`#essbasic-${name}`).getByRole("heading", { name, level: 2 }).waitFor();
  }

  it("switches to essbasic: its actions, the demo platform's application and key, the Agent filled into its forms", async () => {
    await page.getByLabel(/^服务 Service/).selectOption("essbasic");
    const search = page.getByRole("searchbox", { name: /Search actions/ });
    await search.fill("registration tasks");
    assert.deepEqual(await page.locator("#action-list li:not([hidden]) a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))), [
      "#essbasic-CreateBatchOrganizationRegistrationTasks",
      "#essbasic-DescribeBatchOrganizationRegistrationTasks",
    ]);
    assert.equal(await page.getByLabel(/Application \(Agent\.AppId\)/).inputValue(), platform.AppId);
    assert.equal(await page.getByRole("combobox", { name: "SecretId" }).inputValue(), platform.SecretId, "the application's key, not the tenant's");
    assert.equal(await page.getByLabel(/^租户 Tenant/).isVisible(), false, "no ess tenant to pick for essbasic");
    await page.getByRole("combobox", { name: /Agent\.ProxyOrganizationOpenId/ }).fill("explorer-org");
    await page.getByRole("combobox", { name: /Agent\.ProxyOperator\.OpenId/ }).fill("explorer-admin");
    await openEssbasicAction("SyncProxyOrganization");
    const section = page.locator("#essbasic-SyncProxyOrganization");
    assert.match((await section.locator(".eyebrow").textContent())!, /essbasic 2021-05-26/);
    await section.getByRole("textbox", { name: /^ProxyOrganizationName/ }).fill("探索者子客企业");
    await page.waitForFunction(() => (document.querySelector("#params-json")?.textContent ?? "").includes("探索者子客企业"), undefined, { timeout: 10_000 });
    assert.deepEqual(JSON.parse((await page.locator("#params-json").textContent())!), {
      Agent: { AppId: platform.AppId, ProxyOrganizationOpenId: "explorer-org", ProxyOperator: { OpenId: "explorer-admin" } },
      ProxyOrganizationName: "探索者子客企业",
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "explorer-essbasic.png") });
  });

  it("signs SyncProxyOrganization with the application's key for essbasic, sends it and shows the answer", async () => {
    await page.getByLabel("SecretKey", { exact: true }).fill(platform.SecretKey);
    await send();
    const result = page.locator("#result");
    assert.match((await result.locator(".status").textContent())!, /Success/, (await result.textContent())!);
    const steps = (await result.locator(".signing-steps").textContent())!;
    assert.match(steps, /\d{4}-\d{2}-\d{2}\/essbasic\/tc3_request/, "the scope names essbasic");
    assert.ok(steps.includes(`Credential=${platform.SecretId}/`));
    await result.getByText("Raw HTTP request").click();
    assert.match((await result.getByLabel("Raw HTTP request").textContent())!, /X-TC-Version: 2021-05-26/);
    assert.equal((await h.domain.store.getProxyOrganization(platform.AppId, "explorer-org"))?.name, "探索者子客企业");
  });

  it("hands out a console login link, and once the sub-enterprise is verified DescribeChannelOrganizations shows it", async () => {
    await openEssbasicAction("CreateConsoleLoginUrl");
    const login = page.locator("#essbasic-CreateConsoleLoginUrl");
    await login.getByRole("textbox", { name: /^ProxyOrganizationName/ }).fill("探索者子客企业");
    await login.getByRole("textbox", { name: /^UniformSocialCreditCode/ }).fill(ENTERPRISES[0].code);
    await login.getByRole("textbox", { name: /^Endpoint/ }).fill("H5");
    await send();
    const result = page.locator("#result");
    assert.match((await result.locator(".status").textContent())!, /Success/, (await result.textContent())!);
    assert.ok((await result.locator("dt:text-is('ConsoleUrl') + dd").textContent())!.startsWith(`${h.url}/h5/register?token=`));
    // The operator's pages are the platform journey's; here the flow is taken to verified as they would take it.
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    const flowId = (await h.domain.store.getProxyOrganization(platform.AppId, "explorer-org"))!.flowId!;
    await applyFlowEvent(h.domain, owner, flowId, { type: "confirm" });
    await applyFlowEvent(h.domain, owner, flowId, { type: "legal-rep-approve" });

    await openEssbasicAction("DescribeChannelOrganizations");
    await page.locator("#essbasic-DescribeChannelOrganizations").getByRole("textbox", { name: /^Limit/ }).fill("10");
    await send();
    assert.match((await result.locator(".status").textContent())!, /Success/, (await result.textContent())!);
    assert.equal(await result.locator("dt:text-is('Total') + dd").textContent(), "1");
    await result.getByText("Raw HTTP response").click();
    const raw = (await result.getByLabel("Raw HTTP response").textContent())!;
    assert.match(raw, /"OrganizationOpenId":\s*"explorer-org"/);
    assert.match(raw, /"AuthorizationStatus":\s*"VERIFIED"/);
    await page.locator("#result").screenshot({ path: join(ARTIFACTS, "explorer-essbasic-result.png") });

    // Signature v1 too: the Version in the signed parameters is essbasic's.
    await page.getByLabel(/Signature/).first().selectOption("HmacSHA1");
    await page.getByLabel(/方法 Method/).selectOption("GET");
    await send();
    assert.match((await result.locator(".status").textContent())!, /Success/, (await result.textContent())!);
    const steps = (await result.locator(".signing-steps").textContent())!;
    assert.ok(steps.includes(`GET${h.endpoint}/?Action=DescribeChannelOrganizations&Agent.AppId=${platform.AppId}`), steps);
    assert.ok(steps.includes("&Version=2021-05-26"), steps);
    await page.getByLabel(/Signature/).first().selectOption("TC3-HMAC-SHA256");
    await page.getByLabel(/方法 Method/).selectOption("POST");
  });

  it("generates essbasic SDK code: the essbasic clients in every language", async () => {
    await page.getByRole("button", { name: /Generate SDK code/ }).click();
    await page.getByRole("tablist", { name: /SDK language/ }).waitFor();
    const node = (await page.getByRole("tabpanel", { name: "Node.js" }).textContent())!;
    assert.ok(node.includes("new essbasic.v20210526.Client(") && node.includes("client.DescribeChannelOrganizations(params)"), node);
    assert.ok(node.includes(`"AppId": "${platform.AppId}"`));
    await page.getByRole("tab", { name: "Node.js" }).focus();
    await page.keyboard.press("End");
    assert.ok((await page.getByRole("tabpanel", { name: "Java" }).textContent())!.includes("EssbasicClient"));
  });

  it("a link to an ess action switches back to ess, with the tenant's credentials", async () => {
    await page.goto(`${h.url}/explorer#DescribeIntegrationEmployees`);
    await page.waitForSelector("html[data-ready=true]");
    assert.equal(await page.getByLabel(/^服务 Service/).inputValue(), "ess");
    assert.equal(await page.getByRole("combobox", { name: "SecretId" }).inputValue(), h.tenant.SecretId);
    assert.equal(await page.getByLabel(/Operator\.UserId/).inputValue(), h.tenant.OperatorUserId);
    await page.getByLabel("SecretKey", { exact: true }).fill(h.tenant.SecretKey);
    await page.getByRole("searchbox", { name: /Search actions/ }).fill("");
  });

  it("raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });

  it("says clearly when Web Crypto is missing (an insecure origin) and does not offer to send", async () => {
    const insecure = await browser.newPage();
    await insecure.addInitScript(() => Object.defineProperty(globalThis.crypto, "subtle", { value: undefined }));
    await insecure.goto(`${h.url}/explorer#DescribeIntegrationEmployees`);
    await insecure.waitForSelector("html[data-ready=true]");
    const alert = insecure.getByRole("alert");
    assert.match((await alert.textContent())!, /This page cannot sign[\s\S]*secure context/);
    assert.equal(await insecure.getByRole("button", { name: /Send/ }).isDisabled(), true);
    assert.equal(await insecure.getByRole("button", { name: /Generate SDK code/ }).isEnabled(), true);
    await insecure.close();
  });
});
