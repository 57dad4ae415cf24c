/**
 * A group invites an enterprise through CreateOrganizationGroupInvitationLink, the enterprise's super-admin joins
 * it on the link's page, and the group then sees it (DescribeOrganizationGroupOrganizations) and acts for it.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { configureCallback, listCallbackDeliveries } from "../domain/callbacks/index.ts";
import { ManualClock } from "../platform/clock.ts";
import { csrfOf, PageClient } from "../../test/support/admin-pages.ts";
import { readOutbox } from "../domain/sms/outbox-read.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { freshCreditCode } from "../../test/support/identities.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import { verifiedEnterprise } from "../../test/support/verified-enterprise.ts";

const ADMIN_MOBILE = "13700001111";
const DAY_S = 86_400;

let h: Harness;
let client: ReturnType<typeof sdkClient>;
const operator = () => ({ UserId: h.tenant.OperatorUserId });
const nowS = () => Math.floor(h.domain.clock.now() / 1000);
const invite = (expireTime = nowS() + 7 * DAY_S) => client.CreateOrganizationGroupInvitationLink({ Operator: operator(), ExpireTime: expireTime });
/** The newest code texted to `mobile` for links of `organizationId` (time moves a second per text, so "newest" is one). */
async function codeFor(organizationId: string, mobile: string): Promise<string> {
  const [sms] = (await readOutbox(h.domain, organizationId, { purpose: "admin-code", mobile, limit: 1 })).messages;
  assert.ok(sms?.code, `no code texted to ${mobile}`);
  return sms.code;
}
const members = (extra: Record<string, unknown> = {}) => client.DescribeOrganizationGroupOrganizations({ Operator: operator(), Limit: 20, Offset: 0, ...extra });

/** Opens a group link's page and proves `mobile` with the code from the group's outbox; answers the page after. */
async function signIn(browser: PageClient, url: string, mobile: string) {
  const page = await browser.follow(await browser.get(url));
  assert.equal(page.status, 200, page.text);
  const token = /\/h5\/group-join\/([0-9A-Za-z]+)\/code/.exec(page.text)?.[1];
  assert.ok(token, page.text);
  const csrf = csrfOf(page);
  clock.advance(1000);
  const sent = await browser.post(`/h5/group-join/${token}/code`, { csrf, mobile });
  assert.equal(sent.status, 200, sent.text);
  assert.match(sent.text, /id="verify-form"/);
  const code = await codeFor(h.tenant.OrganizationId, mobile);
  const verified = await browser.post(`/h5/group-join/${token}/verify`, { csrf, mobile, code });
  assert.equal(verified.status, 303, verified.text);
  return { token, home: await browser.follow(verified) };
}

// Time stands still unless a test moves it (signatures stay within minutes of the real clock).
const clock = new ManualClock(Date.now());
before(async () => {
  h = await startEssd({ clock });
  client = sdkClient(h);
  await configureCallback(h.domain, h.tenant.OrganizationId, { url: "http://127.0.0.1:9/unreachable" });
});
after(() => h?.close());

describe("happy", () => {
  let subsidiary: { organizationId: string };

  it("answers the link in its forms, valid until ExpireTime", async () => {
    const expireTime = nowS() + 3 * DAY_S;
    const link = await invite(expireTime);
    assert.equal(link.ExpireTime, expireTime);
    assert.match(link.Link!, new RegExp(`^${h.url}/imgs/organization/qrcode/joingroup/[0-9A-Za-z]{32}\\.png$`));
    assert.match(link.JumpUrl!, new RegExp(`^${h.url}/s/[0-9A-Za-z]{10}$`));
    assert.match(link.MiniAppPath!, /^\/pages\/guide\/index\?shortKey=yD[0-9A-Za-z]{18}$/);
    const png = await fetch(link.Link!);
    assert.equal(png.headers.get("content-type"), "image/png");
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const short = await fetch(link.JumpUrl!, { redirect: "manual" });
    assert.equal(short.status, 302);
    assert.match(short.headers.get("location")!, /\/h5\/group-join\/[0-9A-Za-z]{32}$/);
  });

  it("lists the group's main enterprise alone before anyone joined", async () => {
    const page = await members();
    assert.deepEqual([page.Total, page.ActivatedTotal, page.JoinedTotal], [1, 0, 0]);
    assert.equal(page.List![0]!.OrganizationId, h.tenant.OrganizationId);
    assert.equal(page.List![0]!.IsMainOrganization, true);
  });

  it("lets a verified enterprise's super-admin join it on the link's page, and tells the group's receiver", async () => {
    const creditCode = freshCreditCode();
    subsidiary = await verifiedEnterprise(h, h.tenant, { name: "加入集团科技有限公司", creditCode, adminMobile: ADMIN_MOBILE, adminName: "王小新" });
    const link = await invite();
    const browser = new PageClient(h.url);
    const { token, home } = await signIn(browser, link.JumpUrl!, ADMIN_MOBILE);
    assert.match(home.text, /加入集团科技有限公司/);
    assert.match(home.text, new RegExp(`id="join-${subsidiary.organizationId}"`));
    const before = await browser.get(`/h5/group-join/${token}?lang=en`);
    assert.match(before.text, /Can join/);

    const joined = await browser.post(`/h5/group-join/${token}/join`, { csrf: csrfOf(home), organizationId: subsidiary.organizationId });
    assert.equal(joined.status, 303, joined.text);
    const after = await browser.follow(joined);
    assert.match(after.text, /has joined the group/);
    assert.match(after.text, /Member of this group/);

    const page = await members();
    assert.deepEqual([page.Total, page.ActivatedTotal, page.JoinedTotal], [2, 1, 0]);
    const row = page.List!.find((r) => r.OrganizationId === subsidiary.organizationId)!;
    assert.deepEqual(
      [row.Name, row.Status, row.IsMainOrganization, row.IdCardNumber, row.AdminInfo!.Name, row.AdminInfo!.Mobile, row.JoinTime],
      ["加入集团科技有限公司", 5, false, creditCode, "王*新", "137****1111", nowS()],
    );
    const [message] = (await listCallbackDeliveries(h.domain, h.tenant.OrganizationId)).filter((d) => d.msgType === "SubOrganizationJoinOrganizationGroup");
    assert.ok(message, "a SubOrganizationJoinOrganizationGroup callback is queued for the group");
    assert.deepEqual(JSON.parse(message.payload).MsgData, {
      OrganizationId: h.tenant.OrganizationId,
      OrganizationName: h.tenant.OrganizationName,
      SubOrganizationId: subsidiary.organizationId,
      SubOrganizationName: "加入集团科技有限公司",
      Status: 5,
      JoinTime: nowS(),
    });
  });

  it("then acts for the joined enterprise through Agent.ProxyOrganizationId", async () => {
    const listed = await client.DescribeIntegrationEmployees({ Operator: operator(), Agent: { ProxyOrganizationId: subsidiary.organizationId }, Limit: 20 });
    assert.equal(listed.TotalCount, 1, "the subsidiary's own super-admin");
    assert.equal(listed.Employees![0]!.Mobile, "137****1111");
  });

  it("filters the list by Name, Id and Status, and pages it", async () => {
    assert.deepEqual((await members({ Name: "加入集团" })).List!.map((r) => r.OrganizationId), [subsidiary.organizationId]);
    assert.deepEqual((await members({ Id: subsidiary.organizationId })).Total, 1);
    assert.deepEqual((await members({ Status: 2 })).Total, 0);
    const second = await members({ Limit: 1, Offset: 1 });
    assert.deepEqual([second.Total, second.List!.map((r) => r.OrganizationId)], [2, [subsidiary.organizationId]]);
  });

  it("shows an enterprise already in a group as such, and refuses joining it again", async () => {
    const other = await h.createTenant("另一个集团");
    const otherLink = await sdkClient(h, other).CreateOrganizationGroupInvitationLink({ Operator: { UserId: other.OperatorUserId }, ExpireTime: nowS() + DAY_S });
    const browser = new PageClient(h.url);
    const page = await browser.follow(await browser.get(otherLink.JumpUrl!));
    const token = /\/h5\/group-join\/([0-9A-Za-z]+)\/code/.exec(page.text)![1]!;
    const csrf = csrfOf(page);
    clock.advance(1000);
    await browser.post(`/h5/group-join/${token}/code`, { csrf, mobile: ADMIN_MOBILE });
    const code = await codeFor(other.OrganizationId, ADMIN_MOBILE);
    const home = await browser.follow(await browser.post(`/h5/group-join/${token}/verify`, { csrf, mobile: ADMIN_MOBILE, code }));
    assert.match(home.text, /已加入其他集团/);
    assert.doesNotMatch(home.text, new RegExp(`id="join-${subsidiary.organizationId}"`));
    const refused = await browser.post(`/h5/group-join/${token}/join`, { csrf: csrfOf(home), organizationId: subsidiary.organizationId });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /已加入其他集团/);
    assert.equal((await h.domain.store.getOrganization(subsidiary.organizationId))!.parentId, h.tenant.OrganizationId);
  });
});

describe("the page refuses", () => {
  it("an enterprise the signed-in person does not administer, as if it did not exist", async () => {
    const link = await invite();
    const stranger = await verifiedEnterprise(h, h.tenant, { name: "别人的科技有限公司", creditCode: freshCreditCode(), adminMobile: "13700002222" });
    const browser = new PageClient(h.url);
    const { token, home } = await signIn(browser, link.JumpUrl!, "13700003333");
    assert.match(home.text, /id="no-candidates"/);
    const refused = await browser.post(`/h5/group-join/${token}/join`, { csrf: csrfOf(home), organizationId: stranger.organizationId });
    assert.equal(refused.status, 404);
    assert.equal((await h.domain.store.getOrganization(stranger.organizationId))!.parentId, null);
  });

  it("a join without a session (sent to sign in) or with a wrong CSRF token", async () => {
    const link = await invite();
    const browser = new PageClient(h.url);
    const token = (await browser.follow(await browser.get(link.JumpUrl!))).text.match(/\/h5\/group-join\/([0-9A-Za-z]+)\/code/)![1]!;
    const anonymous = await browser.post(`/h5/group-join/${token}/join`, { csrf: "x", organizationId: "y" });
    assert.equal(anonymous.status, 303);
    const signedIn = await signIn(new PageClient(h.url), link.JumpUrl!, ADMIN_MOBILE);
    assert.ok(signedIn.home.text);
    const wrongCode = await browser.post(`/h5/group-join/${token}/code`, { csrf: "forged", mobile: ADMIN_MOBILE });
    assert.equal(wrongCode.status, 403);
  });

  it("an unknown or expired link", async () => {
    const browser = new PageClient(h.url);
    assert.equal((await browser.get("/h5/group-join/yDnosuchlinknosuchlinknosuchlink")).status, 404);
    const link = await invite(nowS() + 60);
    const page = await browser.follow(await browser.get(link.JumpUrl!));
    const token = /\/h5\/group-join\/([0-9A-Za-z]+)\/code/.exec(page.text)![1]!;
    clock.advance(61_000);
    assert.equal((await browser.get(`/h5/group-join/${token}`)).status, 410);
  });
});

describe("invalid input", () => {
  it("ExpireTime in the past, now, or more than 30 days ahead: InvalidParameterValue naming ExpireTime", async () => {
    for (const expireTime of [nowS() - 1, nowS(), nowS() + 30 * DAY_S + 60]) {
      await expectSdkError(invite(expireTime), "InvalidParameterValue", "ExpireTime");
    }
  });

  it("ExpireTime missing: MissingParameter", async () => {
    await expectSdkError(client.CreateOrganizationGroupInvitationLink({ Operator: operator() } as never), "MissingParameter", "ExpireTime");
  });

  it("a group's member cannot invite or list the group", async () => {
    const member = await h.createTenant("子公司甲", h.tenant.OrganizationId);
    const asMember = sdkClient(h, member);
    await expectSdkError(asMember.CreateOrganizationGroupInvitationLink({ Operator: { UserId: member.OperatorUserId }, ExpireTime: nowS() + DAY_S }), "FailedOperation", member.OrganizationId);
    await expectSdkError(asMember.DescribeOrganizationGroupOrganizations({ Operator: { UserId: member.OperatorUserId }, Limit: 10, Offset: 0 }), "FailedOperation");
  });

  it("Limit, Offset and Status out of range name the parameter; Export is refused as unsupported", async () => {
    await expectSdkError(members({ Limit: 0 }), "InvalidParameterValue", "Limit");
    await expectSdkError(members({ Limit: 201 }), "InvalidParameterValue", "Limit");
    await expectSdkError(members({ Offset: 20001 }), "InvalidParameterValue", "Offset");
    await expectSdkError(members({ Status: 6 }), "InvalidParameterValue", "Status");
    await expectSdkError(members({ Export: true }), "UnsupportedOperation", "Export");
    await expectSdkError(client.DescribeOrganizationGroupOrganizations({ Operator: operator(), Offset: 0 } as never), "MissingParameter", "Limit");
  });
});
