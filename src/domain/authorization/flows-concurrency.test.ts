/**
 * One state machine per flow, also under concurrency on a shared PostgreSQL: steps on one flow from several
 * nodes at once are decided one after the other on the flow's row lock — a single-enterprise flow (no task)
 * included — so an enterprise is verified once, and a clearing never undoes a verification.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { DomainDeps } from "../deps.ts";
import { EssError } from "../errors.ts";
import { openPostgresStore } from "../../store/postgres.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/postgres.ts";
import { callAs } from "../../../test/support/signed-request.ts";
import { applyFlowEvent } from "./flows.ts";

describe("concurrent steps on one flow (PostgreSQL, two nodes)", () => {
  let database: TestDatabase;
  let h: Harness;
  let secondNode: DomainDeps;
  let made = 0;

  before(async () => {
    database = await createTestDatabase("flowlocks");
    h = await startEssd({ store: openPostgresStore(database.url, { poolSize: 6, timeoutMs: 5_000 }) });
    secondNode = { ...h.domain, store: openPostgresStore(database.url, { poolSize: 6, timeoutMs: 5_000 }) };
  });
  after(async () => {
    await secondNode?.store.close();
    await h?.close();
    await database?.drop();
  });

  /** A CreateOrganizationAuthUrl flow (no task behind it) for legal-representative authorization, confirmed. */
  async function singleFlow(): Promise<string> {
    const name = `并发单企业${++made}号有限公司`;
    const created = await callAs(h.url, h.tenant, "CreateOrganizationAuthUrl", { OrganizationName: name, UniformSocialCreditCode: "91110108772551611J", AuthorizationTypes: [2], AdminName: "李四", AdminMobile: "13800000001" });
    assert.ok(created.AuthUrl, JSON.stringify(created));
    const [flow] = (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, {})).filter((f) => f.organizationName === name);
    assert.equal(flow?.taskId, null);
    await applyFlowEvent(h.domain, h.tenant.OrganizationId, flow!.id, { type: "confirm" });
    return flow!.id;
  }

  const illegal = (outcome: PromiseSettledResult<unknown>) =>
    outcome.status === "rejected" && outcome.reason instanceof EssError && outcome.reason.code === "OperationDenied.IllegalTransition";

  it("four approvals at once verify the enterprise once", async () => {
    for (let round = 0; round < 3; round++) {
      const flowId = await singleFlow();
      const before = (await h.domain.store.listOrganizations()).length;
      const nodes = [h.domain, secondNode, h.domain, secondNode];
      const outcomes = await Promise.allSettled(nodes.map((node) => applyFlowEvent(node, h.tenant.OrganizationId, flowId, { type: "legal-rep-approve" })));
      assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1, `round ${round}: one approval passes`);
      assert.equal(outcomes.filter(illegal).length, 3, `round ${round}: the others are refused as illegal transitions`);
      assert.equal((await h.domain.store.listOrganizations()).length, before + 1, `round ${round}: one new organization`);
    }
  });

  it("a clearing racing an approval ends either verified or cleared, never both", async () => {
    for (let round = 0; round < 3; round++) {
      const flowId = await singleFlow();
      const [approval, clearing] = await Promise.allSettled([
        applyFlowEvent(secondNode, h.tenant.OrganizationId, flowId, { type: "legal-rep-approve" }),
        callAs(h.url, h.tenant, "DeleteOrganizationAuthorizations", { AuthorizationIds: [flowId] }),
      ]);
      assert.equal(clearing.status, "fulfilled");
      const [flow] = await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { ids: [flowId] });
      const cleared = clearing.status === "fulfilled" && (clearing.value as { Status: number }).Status === 1;
      if (approval.status === "fulfilled") {
        assert.equal(flow!.state, "verified", `round ${round}`);
        assert.equal(cleared, false, `round ${round}: a verified flow is not cleared`);
      } else {
        assert.ok(illegal(approval), `round ${round}: ${String((approval as PromiseRejectedResult).reason)}`);
        assert.deepEqual([flow!.state, cleared], ["cleared", true], `round ${round}`);
      }
    }
  });
});
