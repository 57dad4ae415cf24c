/**
 * The automatic reviewer on a shared PostgreSQL: the server's default policy applies to tenants without their own,
 * and two nodes deciding the same flows at once decide each exactly once, with nothing reported as an error.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { describeFlow } from "../authorization/flows.ts";
import { listCallbackDeliveries } from "../callbacks/index.ts";
import { configureCallback } from "../callbacks/index.ts";
import type { DomainDeps } from "../deps.ts";
import { openPostgresStore } from "../../store/postgres.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/postgres.ts";
import { flowUnderReview } from "../../../test/support/review-flows.ts";
import { runAutoReviews } from "./auto-review.ts";
import { effectiveReviewPolicy } from "./policy.ts";
import { loadConfig } from "../../config/config.ts";

describe("automatic review with several nodes", () => {
  let database: TestDatabase;
  let h: Harness;
  let secondNode: DomainDeps;

  before(async () => {
    database = await createTestDatabase("autoreview");
    h = await startEssd({ store: openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 }) });
    // This test plays the reviewers itself.
    await h.reviewWorker.stop();
    // Another node: same installation (master key, settings), its own connections.
    secondNode = { ...h.domain, store: openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 }) };
  });
  after(async () => {
    await secondNode?.store.close();
    await h?.close();
    await database?.drop();
  });

  it("applies the server's policy where a tenant set none, and decides each flow once", async () => {
    const manual = await h.createTenant("坚持人工审核有限公司");
    await h.domain.store.putReviewPolicy({ organizationId: manual.OrganizationId, policy: "manual", delayMs: 0, updatedAt: h.domain.clock.now() });
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: "http://127.0.0.1:9/callbacks" });
    const flows = [
      await flowUnderReview(h, h.tenant, "并发审核一号有限公司"),
      await flowUnderReview(h, h.tenant, "并发审核二号有限公司"),
      await flowUnderReview(h, h.tenant, "并发审核三号有限公司"),
    ];
    const kept = await flowUnderReview(h, manual, "人工审核保留有限公司");

    // Nothing happens under the default manual policy.
    assert.deepEqual(await runAutoReviews(h.domain), { approved: 0, rejected: 0 });
    h.domain.humanSteps.defaultReview = { policy: "auto-approve", delayMs: 0 };
    assert.deepEqual(await effectiveReviewPolicy(h.domain, h.tenant.OrganizationId), { policy: "auto-approve", delayMs: 0, source: "server" });

    const errors: unknown[] = [];
    const onError = (_flowId: string, error: unknown) => errors.push(error);
    const results = await Promise.all([runAutoReviews(h.domain, { onError }), runAutoReviews(secondNode, { onError }), runAutoReviews(h.domain, { onError })]);
    assert.deepEqual(errors, []);
    assert.equal(results.reduce((sum, r) => sum + r.approved, 0), flows.length, JSON.stringify(results));
    for (const { flowId } of flows) {
      const { flow } = await describeFlow(h.domain, h.tenant.OrganizationId, flowId);
      assert.deepEqual([flow.auditStatus, flow.state], [1, "verified"]);
    }
    // One verification each: one CreateOrganization message per flow, not one per node.
    const created = (await listCallbackDeliveries(h.domain, h.tenant.OrganizationId)).filter((d) => d.msgType === "CreateOrganization");
    assert.equal(created.length, flows.length);
    const { flow } = await describeFlow(h.domain, manual.OrganizationId, kept.flowId);
    assert.equal(flow.auditStatus, 3, "a tenant's own manual policy wins over the server's");
  });
});

describe("automatic review in production", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd();
    await h.reviewWorker.stop();
  });
  after(async () => {
    await h?.close();
  });

  it("never decides, whatever policy a tenant chose while the installation was a sandbox (store copy)", async () => {
    const { flowId } = await flowUnderReview(h, h.tenant, "生产人工审核有限公司");
    await h.domain.store.putReviewPolicy({ organizationId: h.tenant.OrganizationId, policy: "auto-approve", delayMs: 0, updatedAt: h.domain.clock.now() });
    const production: DomainDeps = { ...h.domain, mode: "production", humanSteps: { ...h.domain.humanSteps, defaultReview: { policy: "auto-approve", delayMs: 0 } } };
    assert.deepEqual(await effectiveReviewPolicy(production, h.tenant.OrganizationId), { policy: "manual", delayMs: 0, source: "server" });
    assert.deepEqual(await runAutoReviews(production), { approved: 0, rejected: 0 });
    assert.equal((await describeFlow(h.domain, h.tenant.OrganizationId, flowId)).flow.auditStatus, 3);
    // The same flow in the sandbox is decided: the policy itself works.
    assert.deepEqual(await runAutoReviews(h.domain), { approved: 1, rejected: 0 });
  });

  it("refuses --review auto-approve or auto-reject with --mode production", () => {
    for (const review of ["auto-approve", "auto-reject"]) {
      assert.throws(() => loadConfig({ mode: "production", review }, {}), /--review \/ ESSD_REVIEW: .* serves sandboxes/);
      assert.equal(loadConfig({ mode: "sandbox", review }, {}).review, review);
    }
    assert.equal(loadConfig({ mode: "production", review: "manual" }, {}).review, "manual");
  });
});
