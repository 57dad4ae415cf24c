/**
 * Failure injection through the control API: what `POST /_essd/faults` accepts, listing and deleting faults, and
 * an injected next-call fault as the official Node SDK sees it (one call fails, the next succeeds, nobody else's).
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { expectSdkError } from "../../../test/support/sdk-errors.ts";
import { signedCall } from "../../../test/support/signed-request.ts";
import type { CreatedTenant } from "../../domain/tenants.ts";
import { sdkClient } from "../../../test/support/sdk-client.ts";

const CODE = "9144030071526726XG";


describe("sandbox failure injection", () => {
  let h: Harness;
  let other: CreatedTenant;
  const faults = (tenant: CreatedTenant, method: "GET" | "POST" | "DELETE", path = "faults", body?: unknown) => controlCall(h.url, tenant, method, path, body);
  const authStatus = (tenant: CreatedTenant) =>
    sdkClient(h, tenant).DescribeOrganizationAuthStatus({ Operator: { UserId: tenant.OperatorUserId }, UniformSocialCreditCode: CODE });
  const employees = (tenant: CreatedTenant) => sdkClient(h, tenant).DescribeIntegrationEmployees({ Operator: { UserId: tenant.OperatorUserId }, Limit: 5, Offset: 0 });

  before(async () => {
    h = await startEssd();
    other = await h.createTenant("别家科技有限公司");
  });
  after(async () => {
    await h?.close();
  });

  const refusals: Array<[what: string, body: unknown, code: string, names: string]> = [
    ["no kind", {}, "MissingParameter", "kind"],
    ["an unknown kind", { kind: "meteor" }, "InvalidParameterValue", "kind"],
    ["no action", { kind: "next-call", code: "FailedOperation" }, "MissingParameter", "action"],
    ["an unknown action", { kind: "next-call", action: "CreateFlow", code: "FailedOperation" }, "InvalidParameterValue", "action"],
    ["an action spelled in lower case", { kind: "next-call", action: "describeOrganizationAuthStatus", code: "FailedOperation" }, "InvalidParameterValue", "action"],
    ["no code", { kind: "next-call", action: "DescribeOrganizationAuthStatus" }, "MissingParameter", "code"],
    ["a code that is not one", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "it broke" }, "InvalidParameterValue", "code"],
    ["a code in lower case", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "failedOperation" }, "InvalidParameterValue", "code"],
    ["a code with an empty part", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "ResourceNotFound..Flow" }, "InvalidParameterValue", "code"],
    ["a number as code", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: 500 }, "InvalidParameter", "code"],
    ["times 0", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", times: 0 }, "InvalidParameterValue", "times"],
    ["times 101", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", times: 101 }, "InvalidParameterValue", "times"],
    ["times 1.5", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", times: 1.5 }, "InvalidParameter", "times"],
    ["times as text", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", times: "2" }, "InvalidParameter", "times"],
    ["a message that is not text", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", message: 7 }, "InvalidParameter", "message"],
    ["a message too long", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", message: "长".repeat(501) }, "InvalidParameterValue", "message"],
    ["no enterprise", { kind: "enterprise-verification", message: "x" }, "MissingParameter", "uniformSocialCreditCode"],
    ["a blank enterprise name", { kind: "enterprise-verification", organizationName: "  ", message: "x" }, "MissingParameter", "organizationName"],
    ["a wrong credit code", { kind: "enterprise-verification", uniformSocialCreditCode: "9144030071526726XA", message: "x" }, "InvalidParameterValue", "uniformSocialCreditCode"],
    ["no message for an enterprise", { kind: "enterprise-verification", organizationName: "某某有限公司" }, "MissingParameter", "message"],
    ["a blank message for an enterprise", { kind: "enterprise-verification", organizationName: "某某有限公司", message: " " }, "MissingParameter", "message"],
    ["a misspelt field", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation", tiems: 2 }, "UnknownParameter", "tiems"],
    ["a field of the other kind", { kind: "enterprise-verification", organizationName: "某某有限公司", message: "x", times: 2 }, "UnknownParameter", "times"],
    ["a body that is no JSON object", [{ kind: "next-call" }], "InvalidParameter", "body"],
  ];
  for (const [what, body, code, names] of refusals) {
    it(`refuses ${what} with ${code} naming ${names}`, async () => {
      const { status, json } = await faults(h.tenant, "POST", "faults", body);
      assert.equal(status, 400, JSON.stringify(json));
      assert.equal(json.Error.Code, code);
      assert.ok(json.Error.Message.includes(names), json.Error.Message);
    });
  }

  it("names the actions it knows when the action is unknown", async () => {
    const { json } = await controlCall(h.url, h.tenant, "POST", "faults", { kind: "next-call", action: "CreateFlow", code: "FailedOperation" }, { language: "en-US" });
    assert.match(json.Error.Message, /^Parameter `action` has an invalid value: must be one of .*DescribeOrganizationAuthStatus/);
    assert.deepEqual((await faults(h.tenant, "GET")).json.faults, [], "nothing refused was stored");
  });

  it("makes the next call of an action fail with the code and message, once, for that tenant only", async () => {
    const added = await faults(h.tenant, "POST", "faults", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "ResourceNotFound.Flow", message: "注入的故障" });
    assert.equal(added.status, 200);
    assert.equal(added.json.faults.length, 1);
    const [fault] = added.json.faults;
    assert.deepEqual({ ...fault, id: "ID", createdAt: 0 }, { id: "ID", kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "ResourceNotFound.Flow", message: "注入的故障", createdAt: 0 });
    assert.match(fault.id, /^[0-9A-Za-z]{32}$/);
    assert.deepEqual((await faults(h.tenant, "GET")).json.faults, [fault]);
    assert.deepEqual((await faults(other, "GET")).json.faults, [], "another tenant sees none of it");

    // Another tenant's call of that action, and another action of this tenant, are untouched.
    assert.equal((await authStatus(other)).AuthStatus, 0);
    assert.ok((await employees(h.tenant)).Employees);
    const error = await expectSdkError(authStatus(h.tenant), "ResourceNotFound.Flow", "注入的故障");
    assert.equal(error.message, "注入的故障");
    assert.equal((await authStatus(h.tenant)).AuthStatus, 0, "the next call succeeds");
    assert.deepEqual((await faults(h.tenant, "GET")).json.faults, []);
  });

  it("answers the injected error exactly as a real one: HTTP 200, Response.Error and the RequestId", async () => {
    await faults(h.tenant, "POST", "faults", { kind: "next-call", action: "DescribeIntegrationEmployees", code: "InternalError.DependsDb" });
    const { status, json } = await signedCall({
      url: h.url,
      secretId: h.tenant.SecretId,
      secretKey: h.tenant.SecretKey,
      action: "DescribeIntegrationEmployees",
      body: { Operator: { UserId: h.tenant.OperatorUserId }, Limit: 5, Offset: 0 },
    });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(json.Response), ["Error", "RequestId"]);
    assert.deepEqual(json.Response.Error, { Code: "InternalError.DependsDb", Message: "沙箱注入的错误：InternalError.DependsDb。" });
    assert.match(json.Response.RequestId, /^\S{8,}$/);
  });

  it("fails `times` calls in a row, then lets the call through", async () => {
    const added = await faults(h.tenant, "POST", "faults", { kind: "next-call", action: "DescribeIntegrationEmployees", code: "FailedOperation", message: "暂时不可用", times: 3 });
    assert.equal(added.json.faults.length, 3);
    for (let i = 0; i < 3; i++) await expectSdkError(employees(h.tenant), "FailedOperation", "暂时不可用");
    assert.ok((await employees(h.tenant)).Employees);
  });

  it("deletes a fault of the caller's, and no other tenant's", async () => {
    const { json } = await faults(h.tenant, "POST", "faults", { kind: "enterprise-verification", organizationName: " 测试(深圳)有限公司 ", uniformSocialCreditCode: CODE.toLowerCase(), message: "已注销" });
    const [fault] = json.faults;
    // Names are kept as ESS compares them: trimmed, parentheses full-width; codes upper-cased.
    assert.deepEqual([fault.kind, fault.organizationName, fault.uniformSocialCreditCode, fault.message], ["enterprise-verification", "测试（深圳）有限公司", CODE, "已注销"]);
    const byName = (await faults(h.tenant, "POST", "faults", { kind: "enterprise-verification", organizationName: "只按名称有限公司", message: "m" })).json.faults[0];
    assert.deepEqual([byName.organizationName, byName.uniformSocialCreditCode], ["只按名称有限公司", undefined]);

    const foreign = await faults(other, "DELETE", `faults/${fault.id}`);
    assert.deepEqual([foreign.status, foreign.json.Error.Code], [404, "ResourceNotFound"]);
    const deleted = await faults(h.tenant, "DELETE", `faults/${fault.id}`);
    assert.deepEqual([deleted.status, deleted.json], [200, { deleted: fault.id }]);
    const again = await faults(h.tenant, "DELETE", `faults/${fault.id}`);
    assert.deepEqual([again.status, again.json.Error.Code], [404, "ResourceNotFound"]);
    assert.deepEqual((await faults(h.tenant, "GET")).json.faults.map((f: { id: string }) => f.id), [byName.id]);
  });

  it("forgets a tenant's faults when the tenant is reset", async () => {
    await faults(h.tenant, "POST", "faults", { kind: "next-call", action: "DescribeOrganizationAuthStatus", code: "FailedOperation" });
    const reset = await controlCall(h.url, h.tenant, "POST", "tenants/reset");
    assert.equal(reset.json.deleted.faults, 2);
    assert.deepEqual((await faults(h.tenant, "GET")).json.faults, []);
    assert.equal((await authStatus(h.tenant)).AuthStatus, 0);
  });
});

describe("failure injection in production mode", () => {
  it("has no control endpoint, and a fault row (however it got there) changes no call", async () => {
    const h = await startEssd({ mode: "production" });
    try {
      for (const [method, path] of [["GET", "faults"], ["POST", "faults"], ["DELETE", "faults/x"]] as const) {
        const answer = await controlCall(h.url, h.tenant, method, path, { kind: "next-call", action: "DescribeIntegrationEmployees", code: "FailedOperation" });
        assert.deepEqual([answer.status, answer.json.Error.Code], [404, "ResourceNotFound"], path);
      }
      const row = { organizationId: h.tenant.OrganizationId, kind: "next-call" as const, target: "DescribeIntegrationEmployees", code: "FailedOperation", message: "x", createdAt: 0 };
      await h.domain.store.insertSandboxFault({ ...row, id: "yDfaultfaultfaultfaultfaultfault" });
      assert.ok((await sdkClient(h, h.tenant).DescribeIntegrationEmployees({ Operator: { UserId: h.tenant.OperatorUserId }, Limit: 5, Offset: 0 })).Employees);
      assert.equal((await h.domain.store.listSandboxFaults(h.tenant.OrganizationId)).length, 1, "no production call looked at it");
    } finally {
      await h.close();
    }
  });
});
