/**
 * Review policies through the control API (validated, per tenant, applied by the automatic reviewer once the delay
 * elapsed on the sandbox clock), and the control API called with the admin token instead of a tenant's key.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { describeFlow } from "../../domain/authorization/flows.ts";
import { AUTO_REJECT_REASON } from "../../domain/review/auto-review.ts";
import type { CreatedTenant } from "../../domain/tenants.ts";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall, controlCallAsAdmin } from "../../../test/support/control-request.ts";
import { flowUnderReview } from "../../../test/support/review-flows.ts";

describe("review policies through the control API", () => {
  let h: Harness;
  let other: CreatedTenant;
  const audit = async (tenant: CreatedTenant, flowId: string) => {
    const { flow } = await describeFlow(h.domain, tenant.OrganizationId, flowId);
    return [flow.auditStatus, flow.state, flow.reason];
  };

  before(async () => {
    h = await startEssd({ clock: new SandboxClock() });
    other = await h.createTenant("策略另一家有限公司");
  });
  after(async () => {
    await h?.close();
  });

  it("answers the server's policy until the tenant sets its own", async () => {
    const { status, json } = await controlCall(h.url, h.tenant, "GET", "review-policy");
    assert.equal(status, 200);
    assert.deepEqual(json, { policy: "manual", delaySeconds: 0, source: "server" });
  });

  it("validates the policy and the delay, naming the parameter", async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{}, "MissingParameter", /policy/],
      [{ policy: "sometimes" }, "InvalidParameterValue", /policy/],
      [{ policy: 1 }, "InvalidParameter", /policy/],
      [{ policy: "auto-approve", delaySeconds: -1 }, "InvalidParameterValue", /delaySeconds/],
      [{ policy: "auto-approve", delaySeconds: 1.5 }, "InvalidParameter", /delaySeconds/],
      [{ policy: "auto-approve", delaySeconds: "60" }, "InvalidParameter", /delaySeconds/],
      [{ policy: "auto-approve", delaySeconds: 86_401 }, "InvalidParameterValue", /delaySeconds/],
      [{ policy: "auto-approve", delay: 60 }, "UnknownParameter", /delay/],
    ];
    for (const [body, code, names] of cases) {
      const { status, json } = await controlCall(h.url, h.tenant, "POST", "review-policy", body);
      assert.deepEqual([status, json.Error?.Code], [400, code], JSON.stringify(body));
      assert.match(json.Error.Message, names);
    }
    assert.equal((await controlCall(h.url, h.tenant, "GET", "review-policy")).json.source, "server", "nothing was stored");
  });

  it("auto-approves once the delay elapsed on the sandbox clock, and only the tenant that chose it", async () => {
    const set = await controlCall(h.url, h.tenant, "POST", "review-policy", { policy: "auto-approve", delaySeconds: 600 });
    assert.deepEqual([set.status, set.json], [200, { policy: "auto-approve", delaySeconds: 600, source: "tenant" }]);
    assert.deepEqual((await controlCall(h.url, h.tenant, "GET", "review-policy")).json, { policy: "auto-approve", delaySeconds: 600, source: "tenant" });
    assert.equal((await controlCall(h.url, other, "GET", "review-policy")).json.policy, "manual");

    const mine = await flowUnderReview(h, h.tenant, "自动通过科技有限公司");
    const theirs = await flowUnderReview(h, other, "人工审核科技有限公司");
    await h.drainAll();
    assert.deepEqual(await audit(h.tenant, mine.flowId), [3, "active", ""], "the delay has not elapsed");

    assert.equal((await controlCall(h.url, h.tenant, "POST", "clock/advance", { seconds: 599 })).status, 200);
    await h.drainAll();
    assert.deepEqual(await audit(h.tenant, mine.flowId), [3, "active", ""], "one second early");

    await controlCall(h.url, h.tenant, "POST", "clock/advance", { seconds: 1 });
    // The background reviewer may get there first; either way the flow is decided once the drain returns.
    await h.drainAll();
    assert.deepEqual(await audit(h.tenant, mine.flowId), [1, "verified", ""]);
    const view = await controlCall(h.url, h.tenant, "GET", `flows/${mine.flowId}`);
    assert.equal(view.json.status, "Authorization");
    assert.ok(view.json.organizationId);
    assert.deepEqual(await audit(other, theirs.flowId), [3, "active", ""], "the other tenant's policy is manual");
  });

  it("auto-rejects with the sandbox's reason", async () => {
    await controlCall(h.url, other, "POST", "review-policy", { policy: "auto-reject" });
    const flow = await flowUnderReview(h, other, "自动驳回科技有限公司");
    await h.drainAll();
    assert.deepEqual(await audit(other, flow.flowId), [2, "active", AUTO_REJECT_REASON]);
  });
});

describe("the control API with the admin token", () => {
  let h: Harness;
  let other: CreatedTenant;
  before(async () => {
    h = await startEssd();
    other = await h.createTenant("令牌代管有限公司");
  });
  after(async () => {
    await h?.close();
  });

  it("acts for the organization X-Essd-Organization names", async () => {
    const set = await controlCallAsAdmin(h.url, h.adminToken, other.OrganizationId, "POST", "review-policy", { policy: "auto-reject", delaySeconds: 5 });
    assert.deepEqual([set.status, set.json.policy], [200, "auto-reject"]);
    assert.equal((await controlCall(h.url, other, "GET", "review-policy")).json.policy, "auto-reject");
    assert.equal((await controlCall(h.url, h.tenant, "GET", "review-policy")).json.policy, "manual");

    const flow = await flowUnderReview(h, other, "令牌审核科技有限公司");
    const seen = await controlCallAsAdmin(h.url, h.adminToken, other.OrganizationId, "GET", `flows/${flow.flowId}`);
    assert.deepEqual([seen.status, seen.json.auditStatus], [200, 3]);
    // Still scoped: the same flow under another organization is unknown.
    const elsewhere = await controlCallAsAdmin(h.url, h.adminToken, h.tenant.OrganizationId, "GET", `flows/${flow.flowId}`);
    assert.deepEqual([elsewhere.status, elsewhere.json.Error.Code], [404, "ResourceNotFound"]);
  });

  it("refuses a wrong token, a missing organization and an unknown one, clearly", async () => {
    const wrong = await controlCallAsAdmin(h.url, `${h.adminToken}x`, other.OrganizationId, "GET", "review-policy");
    assert.deepEqual([wrong.status, wrong.json.Error.Code], [401, "AuthFailure.TokenFailure"]);
    const tenantKeyAsBearer = await controlCallAsAdmin(h.url, h.tenant.SecretKey, other.OrganizationId, "GET", "review-policy");
    assert.equal(tenantKeyAsBearer.status, 401);
    const missing = await controlCallAsAdmin(h.url, h.adminToken, undefined, "GET", "review-policy");
    assert.deepEqual([missing.status, missing.json.Error.Code], [400, "MissingParameter"]);
    assert.match(missing.json.Error.Message, /X-Essd-Organization/);
    const unknown = await controlCallAsAdmin(h.url, h.adminToken, "yDnosuchorganizationnosuchorgani", "GET", "review-policy");
    assert.deepEqual([unknown.status, unknown.json.Error.Code], [400, "InvalidParameterValue"]);
    assert.match(unknown.json.Error.Message, /X-Essd-Organization.*yDnosuchorganizationnosuchorgani|yDnosuchorganizationnosuchorgani.*X-Essd-Organization/);
  });

  it("is refused in production mode like every control call", async () => {
    const prod = await startEssd({ mode: "production" });
    try {
      const call = await controlCallAsAdmin(prod.url, prod.adminToken, prod.tenant.OrganizationId, "GET", "review-policy");
      assert.deepEqual([call.status, call.json.Error.Code], [404, "ResourceNotFound"]);
    } finally {
      await prod.close();
    }
  });
});
