import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { createTenant, type CreatedTenant } from "../domain/tenants.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds } from "../platform/ids.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { defineAction } from "./action.ts";
import { registerServices } from "./services.ts";
import { runApiRequest, type PipelineDeps } from "./pipeline.ts";
import { memoryRateLimiter } from "./rate-limit.ts";
import { Agent, UserInfo } from "./shapes.ts";
import type { WireRequest } from "./wire-request.ts";
import { signedWireRequest, specWith } from "../../test/support/wire-request.ts";

const NOW = Date.parse("2026-11-24T08:00:00Z");

const Echo = defineAction({
  name: "Echo",
  description: { zh: "回显", en: "Echo" },
  input: () => z.strictObject({ Operator: UserInfo, Agent, Text: z.string() }),
  async handle(input, ctx) {
    return { Text: input.Text, Organization: ctx.acting.organization.id };
  },
});

const Explode = defineAction({
  name: "Explode",
  description: { zh: "失败", en: "Fails" },
  input: () => z.strictObject({ Operator: UserInfo, Agent }),
  async handle() {
    throw new Error("disk on fire: secret-looking detail");
  },
});

const signed = (tenant: CreatedTenant, action: string, body: unknown, timestamp = NOW / 1000, version?: string): WireRequest =>
  signedWireRequest(tenant, action, body, { timestampSeconds: timestamp, ...(version ? { version } : {}) });

/** Two services: one implementing Echo and Explode of a spec that also names NotYet, one implementing nothing. */
const SERVICES = [
  { spec: specWith(["Echo", "Explode", "NotYet"]), actions: [Echo, Explode], signedBy: "enterprise" as const },
  { spec: specWith(["ChannelOnly", "NotYet"], { service: "essbasic", version: "2021-05-26" }), actions: [], signedBy: "application" as const },
];

describe("the request pipeline with a fixed clock and sequential ids", () => {
  let domain: DomainDeps;
  let tenant: CreatedTenant;
  let deps: PipelineDeps;
  const logged: Array<Record<string, unknown>> = [];

  before(async () => {
    const config = loadConfig({ logLevel: "silent" }, {});
    domain = await openDomain(config, { store: openSqliteStore(":memory:"), clock: new ManualClock(NOW), ids: sequentialIds() });
    tenant = await createTenant(domain, { name: "流水线测试公司" });
    deps = { domain, services: registerServices(SERVICES), rateLimiter: memoryRateLimiter(100), explainSignatureFailures: true, logError: (fields) => logged.push(fields) };
  });

  it("answers a valid call with the handler's result and a deterministic RequestId", async () => {
    const outcome = await runApiRequest(signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: "你好 & <b>" }), deps);
    assert.deepEqual(outcome.body, {
      Response: { Text: "你好 & <b>", Organization: tenant.OrganizationId, RequestId: outcome.requestId },
    });
    assert.match(outcome.requestId, /^00000000-0000-4000-8000-\d{12}$/);
  });

  it("turns an unexpected failure into InternalError with the RequestId, logs the cause, and keeps answering", async () => {
    const outcome = await runApiRequest(signed(tenant, "Explode", { Operator: { UserId: tenant.OperatorUserId } }), deps);
    const error = (outcome.body.Response as { Error: { Code: string; Message: string } }).Error;
    assert.equal(error.Code, "InternalError");
    assert.ok(error.Message.includes(outcome.requestId));
    assert.ok(!error.Message.includes("disk on fire"), "the cause stays in the log");
    assert.equal(logged.at(-1)?.requestId, outcome.requestId);
    const next = await runApiRequest(signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: "still here" }), deps);
    assert.equal((next.body.Response as { Text: string }).Text, "still here");
  });

  it("measures the timestamp window against the injected clock", async () => {
    const inWindow = await runApiRequest(signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: "x" }, NOW / 1000 - 300), deps);
    assert.equal(inWindow.code, undefined);
    const late = await runApiRequest(signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: "x" }, NOW / 1000 + 301), deps);
    assert.equal(late.code, "AuthFailure.SignatureExpire");
  });

  it("checks the action before the version, and both only after the signature", async () => {
    const unknown = await runApiRequest(signed(tenant, "Nope", {}), deps);
    assert.equal(unknown.code, "InvalidAction");
    const wrongVersion = signed(tenant, "Echo", { Operator: { UserId: tenant.OperatorUserId }, Text: "x" });
    const outcome = await runApiRequest({ ...wrongVersion, headers: { ...wrongVersion.headers, "x-tc-version": "2017-03-12" } }, deps);
    assert.equal(outcome.code, "NoSuchVersion");
    const tampered = { ...wrongVersion, body: Buffer.from("{}"), headers: { ...wrongVersion.headers, "x-tc-action": "Nope" } };
    assert.equal((await runApiRequest(tampered, deps)).code, "AuthFailure.SignatureFailure", "an unauthenticated caller learns nothing about actions");
  });

  it("answers an action the version's spec names but essd does not implement with UnsupportedOperation pointing to /coverage", async () => {
    const outcome = await runApiRequest(signed(tenant, "NotYet", {}), deps);
    assert.equal(outcome.code, "UnsupportedOperation");
    const message = (outcome.body.Response as { Error: { Message: string } }).Error.Message;
    assert.match(message, /`NotYet`/);
    assert.ok(message.includes(`${domain.publicUrl}/coverage`), message);
    assert.match(message, /ess 2020-11-11/);
    const basic = await runApiRequest(signed(tenant, "NotYet", {}, NOW / 1000, "2021-05-26"), deps);
    assert.match((basic.body.Response as { Error: { Message: string } }).Error.Message, /essbasic 2021-05-26/, "the Version picks the service");
    const forged = { ...signed(tenant, "NotYet", {}), body: Buffer.from('{"x":1}') };
    assert.equal((await runApiRequest(forged, deps)).code, "AuthFailure.SignatureFailure", "authentication comes first");
  });

  it("answers InvalidAction for an action of another service's spec, and NoSuchVersion naming the versions that serve it", async () => {
    assert.equal((await runApiRequest(signed(tenant, "ChannelOnly", {}), deps)).code, "InvalidAction");
    assert.equal((await runApiRequest(signed(tenant, "Echo", {}, NOW / 1000, "2021-05-26"), deps)).code, "InvalidAction");
    const outcome = await runApiRequest(signed(tenant, "ChannelOnly", {}, NOW / 1000, "2019-01-01"), deps);
    assert.equal(outcome.code, "NoSuchVersion");
    assert.match((outcome.body.Response as { Error: { Message: string } }).Error.Message, /2021-05-26/);
    assert.doesNotMatch((outcome.body.Response as { Error: { Message: string } }).Error.Message, /2020-11-11/);
  });
});
