/**
 * CreateConsoleLoginUrl's activation and console options through the official SDK's essbasic client:
 * PowerOfAttorneys become the activation's upload (AuthorizationTypes [5]: the bank amount, then review),
 * BusinessLicense is kept with it for the reviewer, AutoActive licenses the account for a year on essd's clock, and
 * Module / ModuleId / MenuStatus / TopNavigationStatus shape the console page of a joined operator;
 * CreateChannelSubOrganizationActive activates and renews the licence by API. Each refusal
 * names its parameter and leaves nothing stored.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SandboxClock } from "../../src/platform/clock.ts";
import { createPlatform, type CreatedPlatform } from "../../src/domain/platforms/platforms.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { controlCall } from "../support/control-request.ts";
import { essbasicClient, type EssbasicClient } from "../support/essbasic-client.ts";
import { expectSdkError } from "../support/sdk-errors.ts";
import { CREDIT_CODES } from "../support/identities.ts";
import { UPLOADS } from "../support/sample-documents.ts";
import { assertStampedWithin, secondsWindowOf } from "../support/seconds-window.ts";

const OPERATOR = { ProxyOperatorName: "张三", ProxyOperatorMobile: "13800000001" };
const YEAR_S = 365 * 86_400;

describe("CreateConsoleLoginUrl's activation and console options", () => {
  const clock = new SandboxClock();
  let h: Harness;
  let platform: CreatedPlatform;
  let client: EssbasicClient;
  const agent = (org: string, operator = "admin-1") => ({ AppId: platform.AppId, ProxyOrganizationOpenId: org, ProxyOperator: { OpenId: operator } });
  const login = (org: string, extra: Record<string, unknown> = {}) =>
    client.CreateConsoleLoginUrl({ Agent: agent(org), ProxyOrganizationName: `选项子客${org}`, Endpoint: "H5", ...OPERATOR, ...extra });
  const control = (method: "GET" | "POST", path: string, body?: unknown) => controlCall(h.url, platform, method, path, body);
  const flowOf = async (org: string) => {
    const proxy = await h.domain.store.getProxyOrganization(platform.AppId, org);
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    return (await h.domain.store.findAuthFlows(owner, { ids: [proxy!.flowId!] }))[0]!;
  };
  const info = async (org: string) => (await client.DescribeChannelOrganizations({ Agent: agent(org), Limit: 10, OrganizationOpenId: org })).ChannelOrganizationInfos![0]!;

  before(async () => {
    h = await startEssd({ clock, autoWork: false });
    platform = await createPlatform(h.domain, { name: "选项平台" });
    client = essbasicClient(h, platform);
  });
  after(async () => {
    await h?.close();
  });

  const refusals: Array<[what: string, extra: Record<string, unknown>, code: string, names: string]> = [
    ["PowerOfAttorneys without the operator's name", { ProxyOperatorName: undefined, AuthorizationTypes: [5], PowerOfAttorneys: [UPLOADS.PDF] }, "MissingParameter", "ProxyOperatorName"],
    ["PowerOfAttorneys without the operator's mobile", { ProxyOperatorMobile: undefined, AuthorizationTypes: [5], PowerOfAttorneys: [UPLOADS.PDF] }, "MissingParameter", "ProxyOperatorMobile"],
    ["PowerOfAttorneys with AuthorizationTypes [2]", { AuthorizationTypes: [2], PowerOfAttorneys: [UPLOADS.PDF] }, "InvalidParameter.AuthorizationType", "AuthorizationTypes"],
    ["PowerOfAttorneys without AuthorizationTypes", { PowerOfAttorneys: [UPLOADS.PDF] }, "InvalidParameter.AuthorizationType", "AuthorizationTypes"],
    ["a power of attorney that is no PNG/JPG/PDF", { AuthorizationTypes: [5], PowerOfAttorneys: [UPLOADS.PDF, Buffer.from("GIF89a not allowed").toString("base64")] }, "InvalidParameter.FileType", "PowerOfAttorneys.1"],
    ["eleven powers of attorney", { AuthorizationTypes: [5], PowerOfAttorneys: Array(11).fill(UPLOADS.PDF) }, "InvalidParameterValue", "PowerOfAttorneys"],
    ["a PDF business licence", { BusinessLicense: UPLOADS.PDF }, "InvalidParameter.FileType", "BusinessLicense"],
    ["a BusinessLicenseId", { BusinessLicenseId: "yDfile123" }, "InvalidParameterValue", "BusinessLicenseId"],
    ["both BusinessLicense and BusinessLicenseId", { BusinessLicense: UPLOADS.PNG, BusinessLicenseId: "yDfile123" }, "InvalidParameter", "BusinessLicenseId"],
    ["Module OPERATOR with Endpoint CHANNEL", { Endpoint: "CHANNEL", Module: "OPERATOR" }, "InvalidParameterValue", "Module"],
    ["an unknown Module", { Module: "CONTRACT" }, "InvalidParameterValue", "Module"],
    ["ModuleId without Module", { ModuleId: "seal-1" }, "InvalidParameter", "ModuleId"],
    ["ModuleId with Module OPERATOR", { Module: "OPERATOR", ModuleId: "staff-1" }, "InvalidParameter", "ModuleId"],
    ["MenuStatus HIDE", { MenuStatus: "HIDE" }, "InvalidParameterValue", "MenuStatus"],
  ];
  for (const [what, extra, code, names] of refusals) {
    it(`refuses ${what} (${code} naming ${names}) and stores nothing`, async () => {
      await expectSdkError(login("refused", extra), code, names);
      assert.equal(await h.domain.store.getProxyOrganization(platform.AppId, "refused"), undefined);
    });
  }

  it("PowerOfAttorneys are the activation's upload: after the bank amount it goes to review, and approval verifies it", async () => {
    const license = UPLOADS.PNG;
    await login("poa", { UniformSocialCreditCode: CREDIT_CODES[0], AuthorizationTypes: [5], PowerOfAttorneys: [UPLOADS.PDF, UPLOADS.JPG], BusinessLicense: license });
    const flow = await flowOf("poa");
    const files = flow.options.files as Record<string, { hash: string; type: string }>;
    assert.deepEqual(Object.keys(files).sort(), ["BusinessLicense", "PowerOfAttorneys.0", "PowerOfAttorneys.1"]);
    assert.deepEqual(await h.domain.blobs.get(files.BusinessLicense!.hash), Buffer.from(license, "base64"), "the licence is kept");
    assert.equal((flow.options.authorization as { powerOfAttorney: string }).powerOfAttorney, files["PowerOfAttorneys.0"]!.hash, "the first is the upload");

    const path = `flows/${flow.id}`;
    assert.equal((await control("POST", `${path}/confirm`)).status, 200);
    const { json: before } = await control("GET", path);
    assert.equal(before.auditStatus, 0, "not under review before the amount");
    const amount = await control("POST", `${path}/bank-amount`, { amount: before.bankTransferAmount });
    assert.deepEqual([amount.json.auditStatus, amount.json.authType], [3, 1], JSON.stringify(amount.json));
    assert.equal((await info("poa").catch((e: Error) => e)) instanceof Error, true, "not activated while under review");
    const review = await fetch(`${h.url}/review/flows/${flow.organizationId}/${flow.id}/file`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    assert.deepEqual([review.status, review.headers.get("content-type")], [200, "application/pdf"], "the reviewer sees the platform's power of attorney");
    const licenseFile = await fetch(`${h.url}/review/flows/${flow.organizationId}/${flow.id}/license`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    assert.deepEqual([licenseFile.status, licenseFile.headers.get("content-type")], [200, "image/png"], "and its business licence");
    const approved = await control("POST", `${path}/review`, { decision: "approve" });
    assert.equal(approved.json.state, "verified");
    assert.deepEqual([(await info("poa")).AuthorizationStatus, (await info("poa")).ActiveStatus], ["VERIFIED", 0], "verified, not licensed without AutoActive");
    assert.equal((await info("poa")).LicenseExpireTime, 0);
  });

  it("AutoActive licenses the account for a year from verification; it lapses on essd's clock", async () => {
    await login("auto", { UniformSocialCreditCode: CREDIT_CODES[1], AutoActive: true });
    const flow = await flowOf("auto");
    await control("POST", `flows/${flow.id}/confirm`);
    const [, verification] = await secondsWindowOf(() => control("POST", `flows/${flow.id}/legal-rep-approve`), () => clock.now());
    const licensed = await info("auto");
    assert.equal(licensed.ActiveStatus, 1);
    assertStampedWithin(licensed.LicenseExpireTime, verification, YEAR_S, "LicenseExpireTime");
    const page = await (await fetch((await login("auto")).ConsoleUrl!)).text();
    assert.match(page, /id="license-status"[\s\S]*已激活，至/);
    await control("POST", "clock/advance", { seconds: YEAR_S + 60 });
    const lapsed = await info("auto");
    assert.deepEqual([lapsed.ActiveStatus, lapsed.LicenseExpireTime, lapsed.AuthorizationStatus], [0, licensed.LicenseExpireTime, "VERIFIED"]);
  });

  it("Module, ModuleId, MenuStatus and TopNavigationStatus shape the joined operator's console page", async () => {
    const page = async (extra: Record<string, unknown>, query = "") => {
      const { ConsoleUrl, ProxyOperatorIsVerified } = await login("auto", extra);
      assert.equal(ProxyOperatorIsVerified, true);
      const response = await fetch(`${ConsoleUrl}${query}`);
      return { status: response.status, text: await response.text() };
    };
    const home = await page({});
    assert.match(home.text, /<header class="topbar"/);
    assert.match(home.text, /id="console-menu"[\s\S]*id="menu-HOME" aria-current="page"/);
    assert.match(home.text, /id="console-home"/);

    const seal = await page({ Module: "SEAL", ModuleId: "seal-42" });
    assert.match(seal.text, /id="console-module" data-module="SEAL"/);
    assert.match(seal.text, /id="module-id"[^>]*>[\s\S]*seal-42/);
    assert.match(seal.text, /id="menu-SEAL" aria-current="page"/);
    assert.doesNotMatch(seal.text, /id="console-home"/);

    const operators = await page({ Module: "OPERATOR", MenuStatus: "DISABLE", TopNavigationStatus: "DISABLE" });
    assert.match(operators.text, /id="operator-list"[\s\S]*admin-1/);
    assert.doesNotMatch(operators.text, /id="console-menu"/);
    assert.doesNotMatch(operators.text, /<header class="topbar"/);

    const moved = await page({ Module: "SEAL", ModuleId: "seal-42" }, "?module=DOCUMENT");
    assert.match(moved.text, /data-module="DOCUMENT"/);
    assert.doesNotMatch(moved.text, /seal-42/, "ModuleId belongs to the module the link opened");
    assert.equal((await page({}, "?module=CONTRACT")).status, 404);
    const back = await page({ Module: "SEAL" }, "?module=HOME");
    assert.match(back.text, /id="console-home"/);
    assert.match(back.text, /id="menu-HOME" aria-current="page"/);
  });

  it("CreateChannelSubOrganizationActive activates verified sub-enterprises for a year and renews active ones, all or nothing", async () => {
    const activate = (ids: string[], Renew?: boolean) => client.CreateChannelSubOrganizationActive({ Agent: agent("auto"), SubOrganizationOpenIds: ids, Renew });
    assert.equal((await info("auto")).ActiveStatus, 0, "lapsed in the AutoActive case");
    await expectSdkError(activate(["auto"], true), "InvalidParameterValue", "SubOrganizationOpenIds.0");
    await expectSdkError(activate(["auto", "plain"]), "ResourceNotFound.Organization", "plain");
    assert.equal((await info("auto")).ActiveStatus, 0, "a refused call changes none");
    await expectSdkError(activate(["poa", "poa"]), "InvalidParameterValue", "SubOrganizationOpenIds.1");
    await expectSdkError(client.CreateChannelSubOrganizationActive({ Agent: agent("auto") }), "MissingParameter", "SubOrganizationOpenIds");

    const [, activation] = await secondsWindowOf(() => activate(["auto", "poa"]), () => clock.now());
    for (const org of ["auto", "poa"]) {
      const active = await info(org);
      assert.equal(active.ActiveStatus, 1, org);
      assertStampedWithin(active.LicenseExpireTime, activation, YEAR_S, `${org}'s LicenseExpireTime`);
    }
    await expectSdkError(activate(["poa"]), "InvalidParameterValue", "SubOrganizationOpenIds.0");
    const before = (await info("poa")).LicenseExpireTime!;
    await activate(["poa"], true);
    assert.equal((await info("poa")).LicenseExpireTime, before + YEAR_S, "renewed for another year");
  });

  it("options of an unactivated sub-enterprise's console (Module…) do not change its activation link", async () => {
    const answer = await login("plain", { Module: "SEAL", MenuStatus: "DISABLE" });
    assert.match(answer.ConsoleUrl!, new RegExp(`^${h.url}/h5/register\\?token=`));
  });
});
