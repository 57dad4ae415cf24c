/**
 * CreateBatchInitOrganizationUrl through the official SDK, and its page: the super-admin of every enterprise of
 * the link performs the operations; joining the group takes effect, everything is recorded (control API) and the
 * callbacks ESS sends are queued.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { configureCallback, listCallbackDeliveries } from "../domain/callbacks/index.ts";
import { ManualClock } from "../platform/clock.ts";
import { csrfOf, PageClient } from "../../test/support/admin-pages.ts";
import { controlCall } from "../../test/support/control-request.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { freshCreditCode } from "../../test/support/identities.ts";
import { signInWithMobile } from "../../test/support/mobile-pages.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import { verifiedEnterprise } from "../../test/support/verified-enterprise.ts";

const ADMIN_MOBILE = "13600001111";
const OTHER_MOBILE = "13600002222";
const clock = new ManualClock(Date.now());
let h: Harness;
let client: ReturnType<typeof sdkClient>;
const enterprises = { a: "", b: "", other: "" };
const operator = () => ({ UserId: h.tenant.OperatorUserId });
const createLink = (extra: Record<string, unknown> = {}) =>
  client.CreateBatchInitOrganizationUrl({ Operator: operator(), OperateTypes: ["CREATE_SEAL", "AUTH_JOIN_ORGANIZATION_GROUP", "OPEN_AUTO_SIGN"], OrganizationIds: [enterprises.a, enterprises.b], ...extra });
const signIn = (url: string, mobile = ADMIN_MOBILE) => signInWithMobile(h, new PageClient(h.url), { url, page: "batch-init", mobile, outboxOf: h.tenant.OrganizationId, clock });

before(async () => {
  h = await startEssd({ clock });
  client = sdkClient(h);
  await configureCallback(h.domain, h.tenant.OrganizationId, { url: "http://127.0.0.1:9/unreachable" });
  enterprises.a = (await verifiedEnterprise(h, h.tenant, { name: "初始化甲科技有限公司", creditCode: freshCreditCode(), adminMobile: ADMIN_MOBILE })).organizationId;
  enterprises.b = (await verifiedEnterprise(h, h.tenant, { name: "初始化乙科技有限公司", creditCode: freshCreditCode(), adminMobile: ADMIN_MOBILE })).organizationId;
  enterprises.other = (await verifiedEnterprise(h, h.tenant, { name: "初始化丙科技有限公司", creditCode: freshCreditCode(), adminMobile: OTHER_MOBILE })).organizationId;
});
after(() => h?.close());

describe("happy", () => {
  it("answers the link in its four forms, each leading to the page", async () => {
    const link = await createLink();
    assert.match(link.MiniAppPath!, /^pages\/guide\/index\?to=BATCH_INITIALIZATION_ORGANIZATIONS&shortKey=yD[0-9A-Za-z]{18}$/);
    assert.match(link.OperateLongUrl!, new RegExp(`^${h.url}/jump-mp\\.html\\?to=BATCH_INITIALIZATION_ORGANIZATIONS&shortKey=yD[0-9A-Za-z]{18}$`));
    assert.match(link.OperateShortUrl!, new RegExp(`^${h.url}/s/[0-9A-Za-z]{10}$`));
    assert.match(link.QRCodeUrl!, new RegExp(`^${h.url}/imgs/qrcode_urls/batch_initialization_organizations/[0-9A-Za-z]{32}\\.png$`));
    const page = /\/h5\/batch-init\/[0-9A-Za-z]{32}$/;
    for (const url of [link.OperateLongUrl!, link.OperateShortUrl!]) {
      const answer = await fetch(url, { redirect: "manual" });
      assert.equal(answer.status, 302, url);
      assert.match(answer.headers.get("location")!, page);
    }
    const png = await fetch(link.QRCodeUrl!);
    assert.equal(png.headers.get("content-type"), "image/png");
  });

  it("lets the super-admin of every enterprise perform the operations, recorded once, with the callbacks", async () => {
    const link = await createLink();
    const browser = new PageClient(h.url);
    const { token, home } = await signInWithMobile(h, browser, { url: link.OperateShortUrl!, page: "batch-init", mobile: ADMIN_MOBILE, outboxOf: h.tenant.OrganizationId, clock });
    assert.match(home.text, /初始化甲科技有限公司/);
    assert.match(home.text, /加入集团企业/);
    const performed = await browser.post(`/h5/batch-init/${token}/perform`, { csrf: csrfOf(home), organizationId: enterprises.a });
    assert.equal(performed.status, 303, performed.text);
    const after = await browser.follow(performed);
    assert.match(after.text, /「初始化甲科技有限公司」已完成初始化/);
    assert.doesNotMatch(after.text, new RegExp(`id="perform-${enterprises.a}"`), "nothing left to do for it");
    assert.match(after.text, new RegExp(`id="perform-${enterprises.b}"`));

    // Joining the group took effect: the group lists it and acts for it.
    assert.equal((await h.domain.store.getOrganization(enterprises.a))!.parentId, h.tenant.OrganizationId);
    const group = await client.DescribeOrganizationGroupOrganizations({ Operator: operator(), Limit: 10, Offset: 0, Id: enterprises.a });
    assert.equal(group.Total, 1);

    // Posting again (a second tab) records nothing new.
    await browser.post(`/h5/batch-init/${token}/perform`, { csrf: csrfOf(home), organizationId: enterprises.a });
    const { status, json } = await controlCall(h.url, h.tenant, "GET", "initializations");
    assert.equal(status, 200, JSON.stringify(json));
    const forA = json.initializations.filter((r: { organizationId: string }) => r.organizationId === enterprises.a);
    assert.deepEqual(forA.map((r: { operateType: string }) => r.operateType).sort(), ["AUTH_JOIN_ORGANIZATION_GROUP", "CREATE_SEAL", "OPEN_AUTO_SIGN"]);

    const messages = await listCallbackDeliveries(h.domain, h.tenant.OrganizationId);
    const types = messages.map((m) => m.msgType);
    assert.equal(types.filter((t) => t === "SubOrganizationJoinOrganizationGroup").length, 1);
    const extended = messages.find((m) => m.msgType === "OperateExtendedService")!;
    assert.deepEqual(JSON.parse(extended.payload).MsgData, {
      OrganizationId: enterprises.a,
      OrganizationName: "初始化甲科技有限公司",
      ServiceType: "AUTO_SIGN",
      OperateType: "OPEN",
      OperateTime: Math.floor(clock.now() / 1000),
    });
  });

  it("records a partner authorization with the partner's id", async () => {
    const partner = await h.createTenant("合作方企业");
    const link = await createLink({ OperateTypes: ["PARTNER_AUTO_SIGN_AUTH"], OrganizationIds: [enterprises.b], AuthorizedOrganizationId: partner.OrganizationId });
    const browser = new PageClient(h.url);
    const { token, home } = await signInWithMobile(h, browser, { url: link.OperateLongUrl!, page: "batch-init", mobile: ADMIN_MOBILE, outboxOf: h.tenant.OrganizationId, clock });
    assert.equal((await browser.post(`/h5/batch-init/${token}/perform`, { csrf: csrfOf(home), organizationId: enterprises.b })).status, 303);
    const { json } = await controlCall(h.url, h.tenant, "GET", "initializations");
    const record = json.initializations.find((r: { operateType: string }) => r.operateType === "PARTNER_AUTO_SIGN_AUTH");
    assert.deepEqual(record.detail, { AuthorizedOrganizationId: partner.OrganizationId });
  });
});

describe("the page refuses", () => {
  it("someone who does not administer every enterprise of the link", async () => {
    const link = await createLink({ OrganizationIds: [enterprises.b, enterprises.other] });
    const browser = new PageClient(h.url);
    const { token, home } = await signInWithMobile(h, browser, { url: link.OperateShortUrl!, page: "batch-init", mobile: ADMIN_MOBILE, outboxOf: h.tenant.OrganizationId, clock });
    assert.match(home.text, /您不是以下企业的：初始化丙科技有限公司/);
    assert.doesNotMatch(home.text, /id="perform-/);
    const refused = await browser.post(`/h5/batch-init/${token}/perform`, { csrf: csrfOf(home), organizationId: enterprises.b });
    assert.equal(refused.status, 409);
    assert.equal((await h.domain.store.getOrganization(enterprises.b))!.parentId, null);
  });

  it("an expired link (7 days)", async () => {
    const link = await createLink();
    const { token } = await signIn(link.OperateShortUrl!);
    const now = clock.now();
    clock.advance(7 * 86_400_000);
    try {
      assert.equal((await new PageClient(h.url).get(`/h5/batch-init/${token}`)).status, 410);
    } finally {
      // API signatures are checked against this clock: the later tests need it back.
      clock.set(now);
    }
  });
});

describe("invalid input", () => {
  it("an enterprise not verified through the caller: InvalidParameterValue naming OrganizationIds", async () => {
    const other = await h.createTenant("别的平台");
    const foreign = (await verifiedEnterprise(h, other, { name: "别处认证科技有限公司", creditCode: freshCreditCode(), adminMobile: ADMIN_MOBILE })).organizationId;
    await expectSdkError(createLink({ OrganizationIds: [enterprises.a, foreign] }), "InvalidParameterValue", "OrganizationIds", foreign);
    await expectSdkError(createLink({ OrganizationIds: [h.tenant.OrganizationId] }), "InvalidParameterValue", "OrganizationIds");
  });

  it("empty or more than 50 OrganizationIds, an unknown OperateType", async () => {
    await expectSdkError(createLink({ OrganizationIds: [] }), "InvalidParameterValue", "OrganizationIds");
    await expectSdkError(createLink({ OrganizationIds: Array.from({ length: 51 }, () => enterprises.a) }), "InvalidParameterValue", "OrganizationIds");
    await expectSdkError(createLink({ OperateTypes: ["CREATE_SEAL", "OPEN_EVERYTHING"] }), "InvalidParameterValue", "OperateTypes");
    await expectSdkError(createLink({ OperateTypes: [] }), "InvalidParameterValue", "OperateTypes");
  });

  it("PARTNER_AUTO_SIGN_AUTH without, or with an unknown, AuthorizedOrganizationId", async () => {
    await expectSdkError(createLink({ OperateTypes: ["PARTNER_AUTO_SIGN_AUTH"] }), "MissingParameter", "AuthorizedOrganizationId");
    await expectSdkError(createLink({ OperateTypes: ["PARTNER_AUTO_SIGN_AUTH"], AuthorizedOrganizationId: "yDnosuchorganizationnosuchorgani" }), "InvalidParameterValue", "AuthorizedOrganizationId");
  });

  it("AUTH_JOIN_ORGANIZATION_GROUP asked by a group's member", async () => {
    const member = await h.createTenant("子公司乙", h.tenant.OrganizationId);
    await expectSdkError(
      sdkClient(h, member).CreateBatchInitOrganizationUrl({ Operator: { UserId: member.OperatorUserId }, OperateTypes: ["AUTH_JOIN_ORGANIZATION_GROUP"], OrganizationIds: [enterprises.a] }),
      "FailedOperation",
      member.OrganizationId,
    );
  });
});
