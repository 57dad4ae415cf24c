/**
 * CreateOrganizationInfoChangeUrl through the official SDK, and its page: the enterprise's super-admin hands over
 * the role (ChangeType 1, at once), or submits new base information (ChangeType 2) that the registry checks and a
 * review decides; an approved change renames the enterprise everywhere, both are recorded (control API) and told
 * to the receivers.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { configureCallback, listCallbackDeliveries } from "../domain/callbacks/index.ts";
import { verifiedEmployee } from "../domain/employees.ts";
import { runAutoReviews } from "../domain/review/auto-review.ts";
import { ManualClock } from "../platform/clock.ts";
import { csrfOf, PageClient } from "../../test/support/admin-pages.ts";
import { controlCall } from "../../test/support/control-request.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { freshCreditCode } from "../../test/support/identities.ts";
import { signInWithMobile } from "../../test/support/mobile-pages.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import { verifiedEnterprise } from "../../test/support/verified-enterprise.ts";

const ADMIN_MOBILE = "13700001111";
const COLLEAGUE_MOBILE = "13700002222";
const clock = new ManualClock(Date.now());
let h: Harness;
let client: ReturnType<typeof sdkClient>;
const enterprise = { id: "", code: "", colleague: "" };
const operator = () => ({ UserId: h.tenant.OperatorUserId });
async function signIn(url: string, mobile = ADMIN_MOBILE) {
  const browser = new PageClient(h.url);
  return { browser, ...(await signInWithMobile(h, browser, { url, page: "organization-change", mobile, outboxOf: h.tenant.OrganizationId, clock })) };
}
const changes = async () => (await controlCall(h.url, h.tenant, "GET", "organization-changes")).json.changes as Array<Record<string, unknown>>;
const messages = async (msgType: string) =>
  (await listCallbackDeliveries(h.domain, h.tenant.OrganizationId)).filter((m) => m.msgType === msgType).map((m) => JSON.parse(m.payload).MsgData);

before(async () => {
  h = await startEssd({ clock });
  client = sdkClient(h);
  await configureCallback(h.domain, h.tenant.OrganizationId, { url: "http://127.0.0.1:9/unreachable" });
  enterprise.code = freshCreditCode();
  enterprise.id = (await verifiedEnterprise(h, h.tenant, { name: "变更前科技有限公司", creditCode: enterprise.code, adminMobile: ADMIN_MOBILE })).organizationId;
  // The enterprise is one of the tenant's group, so the group can act for it (Agent.ProxyOrganizationId).
  assert.ok(await h.domain.store.joinGroup(enterprise.id, h.tenant.OrganizationId, clock.now()));
  const roles = await h.domain.store.listRoles(enterprise.id);
  enterprise.colleague = h.domain.ids.next("user");
  await h.domain.store.insertEmployee(
    verifiedEmployee(
      {
        id: enterprise.colleague,
        organizationId: enterprise.id,
        displayName: "赵同事",
        mobileSealed: h.domain.box.seal(COLLEAGUE_MOBILE),
        mobileHash: h.domain.box.lookupHash(COLLEAGUE_MOBILE),
        roleIds: roles.filter((r) => r.name === "企业员工").map((r) => r.id),
      },
      clock.now(),
    ),
  );
});
after(() => h?.close());

describe("the link", () => {
  it("is a short link valid 7 days that opens the page, for the organization, a sub-enterprise or another enterprise", async () => {
    for (const request of [
      { Operator: operator(), ChangeType: 1 },
      { Operator: operator(), ChangeType: 2, UnifiedSocialCreditCode: enterprise.code },
      { Operator: operator(), ChangeType: 2, Agent: { ProxyOrganizationId: enterprise.id } },
    ]) {
      const link = await client.CreateOrganizationInfoChangeUrl(request);
      assert.match(link.Url!, new RegExp(`^${h.url}/s/[0-9A-Za-z]{10}$`));
      assert.equal(link.ExpiredTime, Math.floor(clock.now() / 1000) + 7 * 86_400);
      const opened = await fetch(link.Url!, { redirect: "manual" });
      assert.equal(opened.status, 302);
      assert.match(opened.headers.get("location")!, /\/h5\/organization-change\/[0-9A-Za-z]{32}$/);
      for (const url of [link.Url!, opened.headers.get("location")!]) {
        const { json } = await controlCall(h.url, h.tenant, "POST", "links/open", { url });
        assert.equal(json.linkKind, "organization-change", url);
      }
    }
  });
});

describe("ChangeType 1: super-admin", () => {
  it("hands the role to the chosen employee at once, recorded and told", async () => {
    const link = await client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 1, UnifiedSocialCreditCode: enterprise.code });
    const browser = new PageClient(h.url);
    const { token, home } = await signInWithMobile(h, browser, { url: link.Url!, page: "organization-change", mobile: ADMIN_MOBILE, outboxOf: h.tenant.OrganizationId, clock });
    assert.equal(home.status, 200, home.text);
    assert.match(home.text, new RegExp(`value="${enterprise.colleague}"`));
    const refused = await browser.post(`/h5/organization-change/${token}/super-admin`, { csrf: csrfOf(home), newAdminId: "yDnosuchemployeenosuchemployee00" });
    assert.equal(refused.status, 400, refused.text);
    const done = await browser.post(`/h5/organization-change/${token}/super-admin`, { csrf: csrfOf(home), newAdminId: enterprise.colleague });
    assert.equal(done.status, 303, done.text);
    const after = await browser.follow(done);
    assert.match(after.text, /超级管理员已变更/);
    const superAdmin = (await h.domain.store.listRoles(enterprise.id)).find((r) => r.name === "超级管理员")!.id;
    assert.ok((await h.domain.store.getEmployee(enterprise.colleague))!.roleIds.includes(superAdmin));
    const [record] = await changes();
    assert.deepEqual({ type: record!.changeType, state: record!.state, to: record!.newSuperAdminUserId }, { type: 1, state: "done", to: enterprise.colleague });
    const [message] = await messages("SuperAdminChange");
    assert.equal(message.OrganizationId, enterprise.id);
    assert.equal(message.NewSuperAdminUserId, enterprise.colleague);
    // The former super-admin no longer administers the enterprise: the page now refuses them.
    const again = await signIn((await client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 1, UnifiedSocialCreditCode: enterprise.code })).Url!);
    assert.equal(again.home.status, 403);
    // The new one does, and hands the role back.
    const back = await signIn((await client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 1, Agent: { ProxyOrganizationId: enterprise.id } })).Url!, COLLEAGUE_MOBILE);
    assert.equal(back.home.status, 200, back.home.text);
    const admin = /value="(yD[0-9A-Za-z]{30})"/.exec(back.home.text)![1]!;
    assert.equal((await back.browser.post(`/h5/organization-change/${back.token}/super-admin`, { csrf: csrfOf(back.home), newAdminId: admin })).status, 303);
  });
});

describe("ChangeType 2: base information", () => {
  it("checks the registry, awaits review, and once approved renames the enterprise everywhere", async () => {
    const link = await client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 2, UnifiedSocialCreditCode: enterprise.code });
    const browser = new PageClient(h.url);
    const { token, home } = await signInWithMobile(h, browser, { url: link.Url!, page: "organization-change", mobile: ADMIN_MOBILE, outboxOf: h.tenant.OrganizationId, clock });
    assert.match(home.text, /id="credit-code"[^>]*readonly/, "the credit code cannot be changed");
    assert.doesNotMatch(home.text, /name="creditCode"/);
    const post = (fields: Record<string, string>) => browser.post(`/h5/organization-change/${token}/base-info`, { csrf: csrfOf(home), legalName: "新法人", address: "深圳市南山区", ...fields });
    assert.equal((await post({ organizationName: "" })).status, 400);
    const unlisted = await post({ organizationName: "未收录科技有限公司" });
    assert.equal(unlisted.status, 422, "the sandbox registry does not know it");
    assert.match(unlisted.text, /工商库未能查询到企业信息/);
    clock.advance(1000);
    const submitted = await post({ organizationName: "变更后科技有限公司" });
    assert.equal(submitted.status, 303, submitted.text);
    assert.match((await browser.follow(submitted)).text, /审核中/);
    assert.equal((await h.domain.store.getOrganization(enterprise.id))!.name, "变更前科技有限公司", "nothing changes before the review");
    assert.equal((await post({ organizationName: "再改科技有限公司" })).status, 400, "one change at a time");

    const [pending, failed] = await changes();
    assert.deepEqual([pending!.state, failed!.state], ["reviewing", "failed"]);
    assert.equal(pending!.uniformSocialCreditCode, enterprise.code);
    assert.deepEqual([pending!.oldName, pending!.newName, pending!.legalName], ["变更前科技有限公司", "变更后科技有限公司", "新法人"]);
    const review = await controlCall(h.url, h.tenant, "POST", `organization-changes/${pending!.changeId}/review`, { decision: "approve" });
    assert.equal(review.status, 200, JSON.stringify(review.json));
    assert.equal(review.json.state, "approved");
    const twice = await controlCall(h.url, h.tenant, "POST", `organization-changes/${pending!.changeId}/review`, { decision: "reject", reason: "晚了" });
    assert.equal(twice.json.Error.Code, "FailedOperation");

    assert.equal((await h.domain.store.getOrganization(enterprise.id))!.name, "变更后科技有限公司");
    const group = await client.DescribeOrganizationGroupOrganizations({ Operator: operator(), Limit: 10, Offset: 0, Id: enterprise.id });
    assert.equal(group.List![0]!.Name, "变更后科技有限公司");
    assert.equal((await client.DescribeOrganizationVerifyStatus({ Operator: operator(), Agent: { ProxyOrganizationId: enterprise.id } })).VerifyStatus, 2);
    for (const query of [{ OrganizationName: "变更后科技有限公司" }, { OrganizationName: "变更后科技有限公司", UniformSocialCreditCode: enterprise.code }, { OrganizationName: "变更前科技有限公司" }]) {
      const status = await client.DescribeOrganizationAuthStatus({ Operator: operator(), ...query });
      assert.deepEqual([status.AuthStatus, status.OrganizationId], [2, enterprise.id], JSON.stringify(query));
    }
    const nobody = await client.DescribeOrganizationAuthStatus({ Operator: operator(), OrganizationName: "未收录科技有限公司" });
    assert.equal(nobody.AuthStatus, 0, "a name the registry refused names nothing");
    const told = await messages("ModifyOrganizationBaseInfo");
    assert.equal(told.length, 1);
    const { ChangeTime, ...message } = told[0];
    assert.equal(ChangeTime, Math.floor(clock.now() / 1000));
    assert.deepEqual(message, {
      OrganizationId: enterprise.id,
      OrganizationName: "变更后科技有限公司",
      OldOrganizationName: "变更前科技有限公司",
      RequestedOrganizationName: "变更后科技有限公司",
      UniformSocialCreditCode: enterprise.code,
      AuditStatus: 1,
      Reason: "",
    });
  });

  it("follows the link creator's automatic review policy, and a rejection changes nothing", async (t) => {
    const policy = await controlCall(h.url, h.tenant, "POST", "review-policy", { policy: "auto-reject" });
    assert.equal(policy.status, 200, JSON.stringify(policy.json));
    t.after(() => controlCall(h.url, h.tenant, "POST", "review-policy", { policy: "manual" }));
    const link = await client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 2, Agent: { ProxyOrganizationId: enterprise.id } });
    const { browser, token, home } = await signIn(link.Url!);
    assert.match(home.text, /value="新法人"/, "the form starts from the last approved information");
    assert.equal((await browser.post(`/h5/organization-change/${token}/base-info`, { csrf: csrfOf(home), organizationName: "驳回科技有限公司", legalName: "新法人", address: "" })).status, 303);
    // The node's own automatic reviewer may decide it first; either way it is decided once.
    await runAutoReviews(h.domain);
    const [latest] = await changes();
    assert.equal(latest!.state, "rejected");
    assert.match(String(latest!.reason), /自动驳回/);
    assert.equal((await h.domain.store.getOrganization(enterprise.id))!.name, "变更后科技有限公司");
    const told = (await messages("ModifyOrganizationBaseInfo")).filter((m) => m.RequestedOrganizationName === "驳回科技有限公司");
    assert.equal(told.length, 1, "the rejection is told once");
    assert.deepEqual([told[0].OrganizationName, told[0].AuditStatus, told[0].Reason], ["变更后科技有限公司", 2, latest!.reason]);
  });
});

describe("the review console", () => {
  it("lists a submitted change beside the powers of attorney and decides it", async () => {
    const link = await client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 2, UnifiedSocialCreditCode: enterprise.code });
    const { browser, token, home } = await signIn(link.Url!);
    const submitted = await browser.post(`/h5/organization-change/${token}/base-info`, { csrf: csrfOf(home), organizationName: "控制台科技有限公司", legalName: "新法人", address: "" });
    assert.equal(submitted.status, 303, submitted.text);
    const [change] = await changes();
    const bearer = { authorization: `Bearer ${h.adminToken}` };
    const queue = await fetch(`${h.url}/review`, { headers: bearer });
    const text = await queue.text();
    assert.match(text, /待审核企业信息变更/);
    assert.match(text, /变更后科技有限公司 → 控制台科技有限公司/);
    const decide = (step: string, form: Record<string, string>) =>
      fetch(`${h.url}/review/changes/${change!.changeId}/${step}`, { method: "POST", headers: { ...bearer, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString(), redirect: "manual" });
    const noReason = await decide("reject", { reason: " " });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /reason/);
    const rejected = await decide("reject", { reason: "新名称与营业执照不一致" });
    assert.equal(rejected.status, 303);
    assert.match(rejected.headers.get("location")!, /done=change-rejected/);
    const [decided] = await changes();
    assert.deepEqual([decided!.state, decided!.reason], ["rejected", "新名称与营业执照不一致"]);
    assert.equal((await decide("approve", {})).status, 409, "decided once");
    assert.equal((await h.domain.store.getOrganization(enterprise.id))!.name, "变更后科技有限公司");
    // Told once, as the approval would have been, with what the reviewer wrote; the enterprise keeps its name.
    const told = (await messages("ModifyOrganizationBaseInfo")).filter((m) => m.RequestedOrganizationName === "控制台科技有限公司");
    assert.equal(told.length, 1);
    const { ChangeTime, ...message } = told[0];
    assert.equal(ChangeTime, Math.floor(clock.now() / 1000));
    assert.deepEqual(message, {
      OrganizationId: enterprise.id,
      OrganizationName: "变更后科技有限公司",
      OldOrganizationName: "变更后科技有限公司",
      RequestedOrganizationName: "控制台科技有限公司",
      UniformSocialCreditCode: enterprise.code,
      AuditStatus: 2,
      Reason: "新名称与营业执照不一致",
    });
  });
});

describe("invalid input", () => {
  it("ChangeType missing or unsupported", async () => {
    await expectSdkError(client.CreateOrganizationInfoChangeUrl({ Operator: operator() } as never), "MissingParameter", "ChangeType");
    await expectSdkError(client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 3 }), "InvalidParameter.ParamError", "ChangeType");
  });

  it("UnifiedSocialCreditCode malformed or of no enterprise essd verified", async () => {
    await expectSdkError(client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 1, UnifiedSocialCreditCode: "91xxxxxxxxx" }), "InvalidParameterValue", "UnifiedSocialCreditCode");
    await expectSdkError(client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 1, UnifiedSocialCreditCode: freshCreditCode() }), "InvalidParameterValue", "UnifiedSocialCreditCode");
  });

  it("ChangeType 2 for an organization whose credit code essd does not know", async () => {
    await expectSdkError(client.CreateOrganizationInfoChangeUrl({ Operator: operator(), ChangeType: 2 }), "FailedOperation", h.tenant.OrganizationId);
  });

  it("a review of an unknown change names it", async () => {
    const { json } = await controlCall(h.url, h.tenant, "POST", "organization-changes/yDnosuchchange/review", { decision: "approve" });
    assert.equal(json.Error.Code, "ResourceNotFound");
    const missing = await controlCall(h.url, h.tenant, "POST", "organization-changes/yDnosuchchange/review", { decision: "reject" });
    assert.equal(missing.json.Error.Code, "ResourceNotFound");
  });
});
