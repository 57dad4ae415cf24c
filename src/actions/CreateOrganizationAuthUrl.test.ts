import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { ID_NUMBER } from "../../test/support/identities.ts";
import { UPLOADS } from "../../test/support/sample-documents.ts";
import { ManualClock } from "../platform/clock.ts";

// Happy paths and link forms. The option rules: CreateOrganizationAuthUrl.errors.test.ts.

const DAY = 86_400_000;
// 10:00:00.750 in Beijing: not on a whole second, so the rounding of ExpiredTime shows.
const START = Date.parse("2026-03-02T02:00:00.750Z");
const ID = "[0-9A-Za-z]";
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const { PNG, JPG, PDF } = UPLOADS;

let h: Harness;
let clock: ManualClock;

const create = (body: Record<string, unknown>) => callAs(h.url, h.tenant, "CreateOrganizationAuthUrl", body, { timestamp: Math.floor(clock.now() / 1000) });
async function created(body: Record<string, unknown>) {
  const response = await create(body);
  assert.equal(response.Error, undefined, JSON.stringify(response.Error));
  assert.deepEqual(Object.keys(response).sort(), ["AuthUrl", "ExpiredTime", "RequestId"]);
  return response as { AuthUrl: string; ExpiredTime: number };
}
/** The flow behind a PC/H5 link's token. */
async function flowOf(url: string) {
  const token = /token=(yD[0-9A-Za-z]{30})$/.exec(url)![1];
  const link = (await h.domain.store.getLink(token))!;
  return (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { ids: [String(link.target.flowId)] }))[0];
}
const thirtyDays = () => Math.floor(clock.now() / 1000) + 30 * 86_400;

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
});
after(() => h.close());

describe("happy", () => {
  it("the official SHORT_URL example: a short link valid 30 days that redirects to the PC page", async () => {
    const response = await created({
      Endpoint: "SHORT_URL",
      AuthorizationTypes: [2, 5],
      UniformSocialCreditCode: "9144030071526726XG",
      OrganizationName: "典子谦示例企业",
      UniformSocialCreditCodeSame: true,
      OrganizationNameSame: true,
      Initialization: [1],
    });
    assert.match(response.AuthUrl, new RegExp(`^${escapeRe(h.url)}/s/${ID}{10}$`));
    assert.equal(response.ExpiredTime, thirtyDays());
    const redirect = await fetch(response.AuthUrl, { redirect: "manual" });
    assert.equal(redirect.status, 302);
    const location = redirect.headers.get("location")!;
    assert.match(location, new RegExp(`^${escapeRe(h.url)}/console/register-callback\\?token=yD${ID}{30}$`));
    const flow = await flowOf(location);
    assert.deepEqual(
      { name: flow.organizationName, code: flow.creditCode, types: flow.authorizationTypes, status: flow.status, state: flow.state, source: flow.source, subTaskId: flow.subTaskId },
      { name: "典子谦示例企业", code: "9144030071526726XG", types: [2, 5], status: "Create", state: "active", source: "single", subTaskId: null },
    );
    assert.equal(flow.options.UniformSocialCreditCodeSame, true);
    assert.equal(flow.options.OrganizationNameSame, true);
    const page = await fetch(location);
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes("典子谦示例企业"));
  });

  it("the official power-of-attorney example: [5], admin, licence PNG and PDF power of attorney", async () => {
    const response = await created({ Endpoint: "PC", AuthorizationTypes: [5], AdminName: "典子谦", AdminMobile: "13200000000", BusinessLicense: PNG, PowerOfAttorneys: [PDF] });
    assert.match(response.AuthUrl, new RegExp(`^${escapeRe(h.url)}/console/register-callback\\?token=yD${ID}{30}$`));
    const flow = await flowOf(response.AuthUrl);
    const files = flow.options.files as Record<string, { type: string; bytes: number; hash: string }>;
    assert.deepEqual(Object.keys(files).sort(), ["BusinessLicense", "PowerOfAttorneys.0"]);
    assert.equal(files.BusinessLicense.type, "png");
    assert.equal(files["PowerOfAttorneys.0"].type, "pdf");
    assert.deepEqual(await h.domain.blobs.get(files["PowerOfAttorneys.0"].hash), Buffer.from(PDF, "base64"));
  });

  const forms: Array<{ endpoint?: string; url: () => RegExp }> = [
    { endpoint: undefined, url: () => new RegExp(`^${escapeRe(h.url)}/console/register-callback\\?token=yD${ID}{30}$`) },
    { endpoint: "PC", url: () => new RegExp(`^${escapeRe(h.url)}/console/register-callback\\?token=yD${ID}{30}$`) },
    { endpoint: "APP", url: () => new RegExp(`^/pages/guide/index\\?to=REGISTER_ENTERPRISE&urlAuthToken=yD${ID}{30}$`) },
    { endpoint: "H5", url: () => new RegExp(`^${escapeRe(h.url)}/h5/register\\?token=yD${ID}{30}$`) },
    { endpoint: "SHORT_H5", url: () => new RegExp(`^${escapeRe(h.url)}/s/${ID}{10}$`) },
  ];
  for (const form of forms) {
    it(`Endpoint ${form.endpoint ?? "(default)"} answers its link form, ExpiredTime now + 30 days`, async () => {
      const response = await created({ OrganizationName: "链接形式测试企业", ...(form.endpoint ? { Endpoint: form.endpoint } : {}) });
      assert.match(response.AuthUrl, form.url());
      assert.equal(response.ExpiredTime, thirtyDays());
    });
  }

  const accepted: Array<{ title: string; body: Record<string, unknown> }> = [
    { title: "only Operator", body: {} },
    { title: "JumpEvents with https URLs on PC", body: { JumpEvents: [{ JumpEventType: 1, JumpUrl: "https://qian.tencent.com/" }, { JumpEventType: 3, JumpUrl: "http://example.com/done?x=1" }] } },
    { title: "JumpUrl \"true\" on APP", body: { Endpoint: "APP", JumpEvents: [{ JumpEventType: 2, JumpUrl: "true" }] } },
    { title: "an empty JumpUrl on APP", body: { Endpoint: "APP", JumpEvents: [{ JumpEventType: 3, JumpUrl: "" }] } },
    { title: "UserData of the doc example", body: { UserData: "55So5oi355qE5pWw5o2u" } },
    { title: "UserData of exactly 4096 characters", body: { UserData: "A".repeat(4096) } },
    { title: "Initialization [1,2] on PC", body: { Endpoint: "PC", Initialization: [1, 2] } },
    { title: "Initialization [1] on APP", body: { Endpoint: "APP", Initialization: [1] } },
    { title: "AuthorizationMethod [1,2,3] on PC", body: { AuthorizationMethod: [1, 2, 3] } },
    { title: "AuthorizationMethod [1] on H5", body: { Endpoint: "H5", OrganizationName: "H5企业", AuthorizationMethod: [1] } },
    { title: "AuthorizationTypes [5] alone", body: { AuthorizationTypes: [5] } },
    { title: "JPG and PNG powers of attorney", body: { AuthorizationTypes: [5], AdminName: "典子谦", AdminMobile: "13200000000", PowerOfAttorneys: [JPG, PNG] } },
    { title: "a checksum-valid ID number", body: { AdminName: "典子谦", AdminIdCardNumber: ID_NUMBER } },
    { title: "an HK/Macao permit", body: { AdminIdCardType: "HONGKONG_AND_MACAO", AdminIdCardNumber: "H1234567800" } },
    { title: "an address, bank account and every lock", body: { OrganizationAddress: "深圳市南山区高新区科技中一路腾讯大厦", BankAccountNumber: "6222024060740816912", AddressSame: true, BankAccountNumberSame: true, BizLicenseSame: false, HideBizLicense: true, OrganizationIdCardType: "USCC", OrganizationIdCardTypeSame: true } },
  ];
  for (const c of accepted) {
    it(`accepts ${c.title}`, async () => {
      const response = await created(c.body);
      assert.equal(response.ExpiredTime, thirtyDays());
    });
  }
});

describe("expiry", () => {
  it("the link page works until ExpiredTime and answers 410 from then on", async () => {
    const response = await created({ OrganizationName: "过期测试企业" });
    // The link ends at the whole second ExpiredTime names.
    const expiresAt = Math.floor(START / 1000) * 1000 + 30 * DAY;
    assert.equal(response.ExpiredTime, Math.floor(expiresAt / 1000));
    try {
      clock.set(expiresAt - 1);
      assert.equal((await fetch(response.AuthUrl)).status, 200);
      clock.set(expiresAt);
      const gone = await fetch(response.AuthUrl);
      assert.equal(gone.status, 410);
      assert.ok((await gone.text()).includes("链接已过期"));
    } finally {
      clock.set(START);
    }
  });
});
