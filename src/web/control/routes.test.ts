/**
 * The control API's edges: who may call it (the tenant's own TC3 signature, the path bound through a signed
 * X-TC-Action), what it sees (only the caller's flows), time travel, reset, and its absence in production.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { callAs } from "../../../test/support/signed-request.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { processedFlow } from "../../../test/support/review-flows.ts";
import type { CreatedTenant } from "../../domain/tenants.ts";
import { contentHash } from "../../domain/blobs.ts";

const DAY_S = 86_400;

describe("the sandbox control API", () => {
  const clock = new SandboxClock();
  let h: Harness;
  let other: CreatedTenant;
  let flow: { flowId: string; subTaskId: string; authUrl: string };

  before(async () => {
    h = await startEssd({ clock });
    other = await h.createTenant("别家科技有限公司");
    flow = await processedFlow(h, h.tenant, "控制接口科技有限公司");
  });
  after(async () => {
    await h?.close();
  });

  it("answers the caller's flow", async () => {
    const { status, json } = await controlCall(h.url, h.tenant, "GET", `flows/${flow.flowId}`);
    assert.equal(status, 200);
    assert.deepEqual([json.authorizationInfoId, json.subTaskId, json.status, json.authorizationTypes], [flow.flowId, flow.subTaskId, "Create", [2]]);
  });

  it("treats another tenant's flow exactly like an unknown one", async () => {
    const foreign = await controlCall(h.url, other, "GET", `flows/${flow.flowId}`);
    const unknown = await controlCall(h.url, other, "GET", "flows/yDnosuchflownosuchflownosuchflo");
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.Error.Code, "ResourceNotFound");
    assert.equal(foreign.json.Error.Message.replace(flow.flowId, "ID"), unknown.json.Error.Message.replace("yDnosuchflownosuchflownosuchflo", "ID"));
    const step = await controlCall(h.url, other, "POST", `flows/${flow.flowId}/confirm`);
    assert.equal(step.status, 404);
  });

  it("requires the tenant's signature, with the path as a signed X-TC-Action", async () => {
    const unsigned = await fetch(`${h.url}/_essd/flows/${flow.flowId}`);
    assert.equal(unsigned.status, 401);
    assert.equal((await unsigned.json()).Error.Code, "AuthFailure.InvalidAuthorization");
    const badKey = await controlCall(h.url, { SecretId: h.tenant.SecretId, SecretKey: "x".repeat(32) }, "GET", `flows/${flow.flowId}`);
    assert.deepEqual([badKey.status, badKey.json.Error.Code], [401, "AuthFailure.SignatureFailure"]);
    // A signature for one step must not be usable for another: the action names the path.
    const otherPath = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/legal-rep-approve`, {}, { action: `flows/${flow.flowId}/confirm` });
    assert.deepEqual([otherPath.status, otherPath.json.Error.Code], [401, "AuthFailure.InvalidAuthorization"]);
    const actionUnsigned = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/confirm`, {}, { signAction: false });
    assert.deepEqual([actionUnsigned.status, actionUnsigned.json.Error.Code], [401, "AuthFailure.InvalidAuthorization"]);
    const stale = await controlCall(h.url, h.tenant, "GET", `flows/${flow.flowId}`, undefined, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    assert.deepEqual([stale.status, stale.json.Error.Code], [401, "AuthFailure.SignatureExpire"]);
  });

  it("checks uploads and bodies, and keeps no file a flow refused", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("refused upload")]);
    const early = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/upload-power-of-attorney`, { file: png.toString("base64") });
    assert.deepEqual([early.status, early.json.Error.Code], [409, "OperationDenied.IllegalTransition"]);
    assert.equal(await h.domain.blobs.get(contentHash(png)), undefined);
    await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/confirm`);
    const text = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/upload-power-of-attorney`, { file: Buffer.from("not an image").toString("base64") });
    assert.deepEqual([text.status, text.json.Error.Code], [400, "InvalidParameter.FileType"]);
    const decision = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/review`, { decision: "maybe" });
    assert.deepEqual([decision.status, decision.json.Error.Code], [400, "InvalidParameterValue"]);
    const unknown = await controlCall(h.url, h.tenant, "POST", "flows/x/dance");
    assert.deepEqual([unknown.status, unknown.json.Error.Code], [404, "ResourceNotFound"]);
  });

  it("moves time forward so links expire (410) while signed calls keep working", async () => {
    assert.equal((await fetch(flow.authUrl)).status, 200);
    const bad = await controlCall(h.url, h.tenant, "POST", "clock/advance", { seconds: -5 });
    assert.deepEqual([bad.status, bad.json.Error.Code], [400, "InvalidParameterValue"]);
    const before = Math.floor(clock.now() / 1000);
    const advanced = await controlCall(h.url, h.tenant, "POST", "clock/advance", { seconds: 8 * DAY_S });
    assert.equal(advanced.status, 200);
    assert.ok(advanced.json.now >= before + 8 * DAY_S);
    assert.equal((await fetch(flow.authUrl)).status, 410);
    // Callers still sign with their own clocks: the API and the control API answer as before.
    const { Details } = await callAs(h.url, h.tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: [flow.subTaskId] });
    assert.equal(Details[0].Status, "Submit");
    const view = await controlCall(h.url, h.tenant, "GET", `flows/${flow.flowId}`);
    assert.deepEqual([view.json.link.expired, view.json.nextSteps], [true, []]);
    const refused = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/legal-rep-approve`);
    assert.equal(refused.status, 409);
    assert.match(refused.json.Error.Message, /认证链接已过期/);
  });

  it("resets the caller's tasks, flows and links, and nobody else's", async () => {
    const theirs = await processedFlow(h, other, "别家的企业有限公司");
    const reset = await controlCall(h.url, h.tenant, "POST", "tenants/reset");
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.json.deleted, { tasks: 1, flows: 1, links: 3, smsMessages: 0, faults: 0, initializations: 0, organizationChanges: 0, callbackDeliveries: 0, openIdBindings: 0 });
    const { Details } = await callAs(h.url, h.tenant, "DescribeBatchOrganizationRegistrationTasks", {});
    assert.deepEqual(Details, []);
    assert.equal((await fetch(flow.authUrl)).status, 404);
    assert.equal((await controlCall(h.url, other, "GET", `flows/${theirs.flowId}`)).status, 200);
  });
});

describe("the control API elsewhere", () => {
  it("answers 404 with a JSON error for every control URL in production mode", async () => {
    const h = await startEssd({ mode: "production" });
    try {
      for (const [method, path] of [["GET", "flows/x"], ["POST", "flows/x/confirm"], ["POST", "clock/advance"], ["POST", "tenants/reset"], ["GET", "anything"]] as const) {
        const signed = await controlCall(h.url, h.tenant, method, path, {});
        assert.equal(signed.status, 404, path);
        assert.equal(signed.json.Error.Code, "ResourceNotFound", path);
      }
    } finally {
      await h.close();
    }
  });

  it("refuses to move a clock that cannot be moved", async () => {
    const h = await startEssd();
    try {
      const { status, json } = await controlCall(h.url, h.tenant, "POST", "clock/advance", { seconds: 60 });
      assert.deepEqual([status, json.Error.Code], [409, "UnsupportedOperation"]);
    } finally {
      await h.close();
    }
  });
});

describe("the control API's legal-representative SMS and large uploads", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd();
  });
  after(async () => {
    await h?.close();
  });

  it("texts the legal representative their link, as the admin's page does, at most once a minute", async () => {
    const flow = await processedFlow(h, h.tenant, "法人短信控制科技有限公司");
    const early = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/legal-rep-link`, { mobile: "13900000004" });
    assert.deepEqual([early.status, early.json.Error.Code], [409, "OperationDenied.IllegalTransition"], "not before the details are confirmed");
    assert.equal((await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/confirm`)).status, 200);
    const missing = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/legal-rep-link`, {});
    assert.deepEqual([missing.status, missing.json.Error.Code], [400, "MissingParameter"]);
    assert.match(missing.json.Error.Message, /mobile/);

    const sent = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/legal-rep-link`, { mobile: "13900000004" });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    assert.deepEqual(sent.json.nextSteps.includes("legal-rep-approve"), true);
    const again = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/legal-rep-link`, { mobile: "13900000004" });
    assert.deepEqual([again.status, again.json.Error.Code], [429, "LimitExceeded"]);

    const outbox = await controlCall(h.url, h.tenant, "GET", "outbox?purpose=legal-rep-link");
    assert.equal(outbox.json.messages.length, 1);
    const [message] = outbox.json.messages;
    assert.equal(message.mobile, "13900000004");
    const opened = await controlCall(h.url, h.tenant, "POST", "links/open", { url: message.link });
    assert.deepEqual([opened.status, opened.json.linkKind, opened.json.flows[0].flowId], [200, "legal-rep", flow.flowId]);
  });

  it("takes a power of attorney of the full 8 MB, and answers a larger body with a JSON RequestSizeLimitExceeded", async () => {
    const flow = await processedFlow(h, h.tenant, "大文件授权书科技有限公司", { authorizationTypes: [1] });
    assert.equal((await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/confirm`)).status, 200);
    const eightMegabytes = Buffer.alloc(8 * 1024 * 1024, 7);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(eightMegabytes);
    const uploaded = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/upload-power-of-attorney`, { file: eightMegabytes.toString("base64") });
    assert.deepEqual([uploaded.status, uploaded.json.auditStatus], [200, 3], JSON.stringify(uploaded.json).slice(0, 300));

    const oversized = await controlCall(h.url, h.tenant, "POST", `flows/${flow.flowId}/upload-power-of-attorney`, { file: "A".repeat(13 * 1024 * 1024) });
    assert.deepEqual([oversized.status, oversized.json.Error.Code], [413, "RequestSizeLimitExceeded"]);
    assert.match(oversized.json.Error.Message, /12 MB/);
  });
});
