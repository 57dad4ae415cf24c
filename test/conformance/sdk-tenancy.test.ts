/**
 * Who may act for whom (reference §6.0): Operator must be a verified employee of the calling organization,
 * a group may act for its sub-enterprises through Agent.ProxyOrganizationId, an invitation link verifies a new
 * employee; and per-tenant, per-action rate limiting (reference §4.6). All through the official Node SDK.
 */
import { describe, it, before, after, mock } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../support/harness.ts";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import { expectSdkError, type SdkError } from "../support/sdk-errors.ts";
import { sdkClient } from "../support/sdk-client.ts";
import { assertStampedWithin, secondsWindowOf } from "../support/seconds-window.ts";



type Client = ReturnType<typeof sdkClient>;

const list = (client: Client, operatorId: string, proxyOrganizationId?: string) =>
  client.DescribeIntegrationEmployees({
    Operator: { UserId: operatorId },
    ...(proxyOrganizationId ? { Agent: { ProxyOrganizationId: proxyOrganizationId } } : {}),
    Limit: 20,
    Offset: 0,
  });

async function invite(client: Client, operatorId: string, employees: Array<{ DisplayName: string; Mobile: string }>, proxyOrganizationId?: string) {
  const response = await client.CreateIntegrationEmployees({
    Operator: { UserId: operatorId },
    ...(proxyOrganizationId ? { Agent: { ProxyOrganizationId: proxyOrganizationId } } : {}),
    Employees: employees,
    InvitationNotifyType: "NONE",
    Endpoint: "HTTP",
  });
  assert.deepEqual(response.CreateEmployeeResult!.FailedEmployeeData, []);
  return response.CreateEmployeeResult!.SuccessEmployeeData!.map((e) => ({ userId: e.UserId!, url: e.Url! }));
}


const ids = (response: { Employees?: Array<{ UserId?: string }> }) => (response.Employees ?? []).map((e) => e.UserId!).sort();

describe("tenancy through the official SDK", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd();
  });
  after(async () => {
    await h.close();
  });

  it("another tenant's operator used with this tenant's key → OperationDenied.UserNotInOrganization", async () => {
    const a = h.tenant;
    const b = await h.createTenant("另一家科技有限公司");
    await expectSdkError(list(sdkClient(h, a), b.OperatorUserId), "OperationDenied.UserNotInOrganization", b.OperatorUserId);
    await expectSdkError(list(sdkClient(h, b), a.OperatorUserId), "OperationDenied.UserNotInOrganization", a.OperatorUserId);
    // Each with its own operator is fine, and sees only itself.
    assert.deepEqual(ids(await list(sdkClient(h, b), b.OperatorUserId)), [b.OperatorUserId]);
  });

  describe("group proxy (Agent.ProxyOrganizationId)", () => {
    let group: CreatedTenant;
    let sub: CreatedTenant;
    let groupStaff: string[];
    let subStaff: string[];
    before(async () => {
      group = await h.createTenant("集团主企业有限公司");
      sub = await h.createTenant("集团子企业有限公司", group.OrganizationId);
      groupStaff = (await invite(sdkClient(h, group), group.OperatorUserId, [{ DisplayName: "周八", Mobile: "13500000001" }])).map((e) => e.userId);
      // Created by the group for the sub-enterprise.
      subStaff = (
        await invite(sdkClient(h, group), group.OperatorUserId, [
          { DisplayName: "吴九", Mobile: "13500000002" },
          { DisplayName: "郑十", Mobile: "13500000003" },
        ], sub.OrganizationId)
      ).map((e) => e.userId);
    });

    for (const reqMethod of ["POST", "GET"] as const) {
      it(`the group's key and operator list the sub-enterprise's employees only (${reqMethod})`, async () => {
        const response = await list(sdkClient(h, group, reqMethod), group.OperatorUserId, sub.OrganizationId);
        assert.equal(response.TotalCount, 3);
        assert.deepEqual(ids(response), [sub.OperatorUserId, ...subStaff].sort());
        for (const id of [group.OperatorUserId, ...groupStaff]) assert.ok(!ids(response).includes(id), `group employee ${id} listed for the sub-enterprise`);
      });
    }

    it("without Agent the group sees its own employees, not the sub-enterprise's", async () => {
      const response = await list(sdkClient(h, group), group.OperatorUserId);
      assert.equal(response.TotalCount, 2);
      assert.deepEqual(ids(response), [group.OperatorUserId, ...groupStaff].sort());
    });

    it("an empty Agent is the same as no Agent", async () => {
      const response = await sdkClient(h, group).DescribeIntegrationEmployees({ Operator: { UserId: group.OperatorUserId }, Agent: {} });
      assert.deepEqual(ids(response), [group.OperatorUserId, ...groupStaff].sort());
    });

    it("an organization outside the group → OperationDenied.SubOrgNotJoin naming it", async () => {
      const stranger = await h.createTenant("无关企业有限公司");
      const otherGroupsSub = await h.createTenant("别家子企业有限公司", stranger.OrganizationId);
      const client = sdkClient(h, group);
      for (const orgId of [stranger.OrganizationId, otherGroupsSub.OrganizationId, "yDnotAnOrganization0000000000000", group.OrganizationId]) {
        await expectSdkError(list(client, group.OperatorUserId, orgId), "OperationDenied.SubOrgNotJoin", orgId);
      }
    });

    it("a sub-enterprise cannot act for its group", async () => {
      await expectSdkError(list(sdkClient(h, sub), sub.OperatorUserId, group.OrganizationId), "OperationDenied.SubOrgNotJoin", group.OrganizationId);
    });

    it("the sub-enterprise's own key sees the same employees, but not through the group's operator", async () => {
      assert.deepEqual(ids(await list(sdkClient(h, sub), sub.OperatorUserId)), [sub.OperatorUserId, ...subStaff].sort());
      await expectSdkError(list(sdkClient(h, sub), group.OperatorUserId), "OperationDenied.UserNotInOrganization", group.OperatorUserId);
    });
  });

  it("an unverified employee cannot be Operator until it opens its invitation and accepts", async () => {
    const tenant = await h.createTenant("邀请实名科技有限公司");
    const client = sdkClient(h, tenant);
    const [fresh] = await invite(client, tenant.OperatorUserId, [{ DisplayName: "钱十一", Mobile: "13400000001" }]);
    await expectSdkError(list(client, fresh.userId), "OperationDenied.NoIdentityVerify", fresh.userId);

    assert.ok(fresh.url.startsWith(`${h.url}/jump-mp.html?`), fresh.url);
    const token = new URL(fresh.url).searchParams.get("verifyToken")!;
    const page = await fetch(fresh.url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes("邀请实名科技有限公司"), "the page names the organization");
    assert.ok(html.includes(`/invitations/${token}/accept`), "the page posts to the accept endpoint");
    // Opening alone does not verify.
    await expectSdkError(list(client, fresh.userId), "OperationDenied.NoIdentityVerify");

    const [accepted, verification] = await secondsWindowOf(() => fetch(`${h.url}/invitations/${token}/accept`, { method: "POST" }));
    assert.equal(accepted.status, 200);
    assert.ok((await accepted.text()).includes("已完成实名"));

    const asFresh = await list(client, fresh.userId);
    assert.equal(asFresh.TotalCount, 2);
    const me = asFresh.Employees!.find((e) => e.UserId === fresh.userId)!;
    assert.equal(me.Verified, true);
    assertStampedWithin(me.VerifiedOn, verification, 0, "VerifiedOn (Unix seconds of the acceptance)");
    // And it may now invite others.
    const [next] = await invite(client, fresh.userId, [{ DisplayName: "孙十二", Mobile: "13400000002" }]);
    assert.match(next.userId, /^[0-9A-Za-z]{32}$/);
  });

  it("an unknown token or an unknown Operator id is refused", async () => {
    const page = await fetch(`${h.url}/invitations/yDnoSuchToken000000000000000000000/accept`, { method: "POST" });
    assert.equal(page.status, 404);
    await expectSdkError(list(sdkClient(h, h.tenant), "yDnoSuchUser00000000000000000000"), "OperationDenied.UserNotInOrganization");
    await expectSdkError(list(sdkClient(h, h.tenant), "short"), "InvalidParameter.InvalidOperatorId", "Operator.UserId");
  });
});

describe("rate limiting per tenant and action", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd({ rateLimit: 3 });
  });
  after(async () => {
    await h.close();
  });

  // The budget is counted on the process's clock (rate-limiter-flexible reads Date.now), so the test holds it still:
  // the quick calls certainly share one window, and the next window comes when the test moves the clock on.
  before(() => mock.timers.enable({ apis: ["Date"], now: Date.now() }));
  after(() => mock.timers.reset());

  it("5 quick calls of one action → 3 succeed, 2 RequestLimitExceeded; other actions and tenants are unaffected", async () => {
    const a = h.tenant;
    const b = await h.createTenant("限流对照有限公司");
    const client = sdkClient(h, a);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => list(client, a.OperatorUserId)));
    const ok = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as SdkError] : []));
    assert.equal(ok.length, 3, `successes: ${ok.length}`);
    assert.equal(refused.length, 2);
    for (const err of refused) {
      assert.equal(err.code, "RequestLimitExceeded", err.message);
      assert.ok(err.message.includes("DescribeIntegrationEmployees") && err.message.includes("3"), err.message);
    }
    // A different action has its own budget, and so has another tenant.
    const created = await invite(client, a.OperatorUserId, [{ DisplayName: "冯十三", Mobile: "13300000001" }]);
    assert.equal(created.length, 1);
    assert.deepEqual(ids(await list(sdkClient(h, b), b.OperatorUserId)), [b.OperatorUserId]);
    // The budget comes back after a second.
    mock.timers.tick(1000);
    assert.equal((await list(client, a.OperatorUserId)).TotalCount, 2);
  });
});
