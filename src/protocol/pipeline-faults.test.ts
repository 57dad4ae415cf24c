/**
 * Where an injected next-call fault sits in the pipeline: after the signature, the action and the rate limit
 * (a call refused by any of them consumes nothing), before the parameters are looked at.
 */
import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { takeNextCallFault } from "../domain/faults.ts";
import { createTenant, type CreatedTenant } from "../domain/tenants.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds } from "../platform/ids.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { defineAction } from "./action.ts";
import { registerServices } from "./services.ts";
import { runApiRequest, type PipelineDeps } from "./pipeline.ts";
import { Agent, UserInfo } from "./shapes.ts";
import type { WireRequest } from "./wire-request.ts";
import { signedWireRequest, specWith } from "../../test/support/wire-request.ts";

const NOW = Date.parse("2026-11-24T08:00:00Z");

const Echo = defineAction({
  name: "Echo",
  description: { zh: "回显", en: "Echo" },
  input: () => z.strictObject({ Operator: UserInfo, Agent, Text: z.string() }),
  async handle(input) {
    return { Text: input.Text };
  },
});

const signed = (tenant: CreatedTenant, action: string, body: unknown, secretKey = tenant.SecretKey): WireRequest =>
  signedWireRequest(tenant, action, body, { timestampSeconds: NOW / 1000, secretKey });

describe("an injected next-call fault in the request pipeline", () => {
  let domain: DomainDeps;
  let tenant: CreatedTenant;
  let deps: PipelineDeps;
  let admit = true;
  const echo = (text = "hi") => signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: text });
  const inject = () =>
    domain.store.insertSandboxFault({ id: domain.ids.next("fault"), organizationId: tenant.OrganizationId, kind: "next-call", target: "Echo", code: "FailedOperation", message: "注入", createdAt: NOW });
  const held = async () => (await domain.store.listSandboxFaults(tenant.OrganizationId)).length;

  before(async () => {
    const config = loadConfig({ logLevel: "silent" }, {});
    domain = await openDomain(config, { store: openSqliteStore(":memory:"), clock: new ManualClock(NOW), ids: sequentialIds() });
    tenant = await createTenant(domain, { name: "故障注入测试公司" });
    deps = {
      domain,
      services: registerServices([{ spec: specWith(["Echo"]), actions: [Echo], signedBy: "enterprise" }]),
      rateLimiter: { perSecond: 1, tryConsume: async () => admit },
      explainSignatureFailures: true,
      takeInjectedFault: (organizationId, action) => takeNextCallFault(domain, organizationId, action),
      logError: () => {},
    };
  });
  beforeEach(async () => {
    admit = true;
    for (const fault of await domain.store.listSandboxFaults(tenant.OrganizationId)) await domain.store.deleteSandboxFault(tenant.OrganizationId, fault.id);
  });

  it("answers the fault's code and message with the RequestId, then lets the next call through", async () => {
    await inject();
    const failed = await runApiRequest(echo(), deps);
    assert.deepEqual(failed.body, { Response: { Error: { Code: "FailedOperation", Message: "注入" }, RequestId: failed.requestId } });
    assert.deepEqual([failed.code, failed.action], ["FailedOperation", "Echo"]);
    assert.deepEqual((await runApiRequest(echo(), deps)).body.Response.Text, "hi");
  });

  it("comes before parameter validation: a call with bad parameters still gets the injected code", async () => {
    await inject();
    const outcome = await runApiRequest(signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: 5 }), deps);
    assert.equal(outcome.code, "FailedOperation");
  });

  it("consumes nothing when the signature, the action or the rate limit refuses the call first", async () => {
    await inject();
    assert.equal((await runApiRequest(signed(tenant, "Echo", { Text: "x" }, "WrongSecretKey0000000000000000000"), deps)).code, "AuthFailure.SignatureFailure");
    assert.equal((await runApiRequest(signed(tenant, "Nope", {}), deps)).code, "InvalidAction");
    admit = false;
    assert.equal((await runApiRequest(echo(), deps)).code, "RequestLimitExceeded");
    assert.equal(await held(), 1);
  });

  it("looks nothing up where no hook is set (production)", async () => {
    await inject();
    const { takeInjectedFault: _unused, ...production } = deps;
    assert.equal((await runApiRequest(echo(), production)).body.Response.Text, "hi");
    assert.equal(await held(), 1);
  });
});
