import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import type { CreatedTenant } from "../domain/tenants.ts";

let h: Harness;
let client: ReturnType<typeof sdkClient>;
let sub: CreatedTenant;
let stranger: CreatedTenant;

before(async () => {
  h = await startEssd();
  client = sdkClient(h);
  sub = await h.createTenant("集团子企业", h.tenant.OrganizationId);
  stranger = await h.createTenant("无关企业");
});
after(() => h.close());

const operator = () => ({ UserId: h.tenant.OperatorUserId });
const codeOf = (call: Promise<unknown>) =>
  call.then(
    (r) => assert.fail(`expected an error, got ${JSON.stringify(r)}`),
    (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message ?? "" }),
  );

describe("happy", () => {
  it("answers 2 (verified) for the calling organization, as the official example", async () => {
    const response = await client.DescribeOrganizationVerifyStatus({ Operator: operator() });
    assert.equal(response.VerifyStatus, 2);
    assert.equal(typeof response.RequestId, "string");
  });

  it("answers for the sub-enterprise a group acts for", async () => {
    const response = await client.DescribeOrganizationVerifyStatus({ Operator: operator(), Agent: { ProxyOrganizationId: sub.OrganizationId } });
    assert.equal(response.VerifyStatus, 2);
  });

  it("the sub-enterprise asks for itself with its own key", async () => {
    const response = await sdkClient(h, sub).DescribeOrganizationVerifyStatus({ Operator: { UserId: sub.OperatorUserId } });
    assert.equal(response.VerifyStatus, 2);
  });
});

describe("invalid input", () => {
  it("an organization outside the group answers OperationDenied.SubOrgNotJoin", async () => {
    const { code, message } = await codeOf(client.DescribeOrganizationVerifyStatus({ Operator: operator(), Agent: { ProxyOrganizationId: stranger.OrganizationId } }));
    assert.equal(code, "OperationDenied.SubOrgNotJoin");
    assert.match(message, /ProxyOrganizationId/);
  });

  it("a missing Operator answers MissingParameter naming it", async () => {
    const { code, message } = await codeOf(client.DescribeOrganizationVerifyStatus({} as never));
    assert.equal(code, "MissingParameter");
    assert.match(message, /Operator/);
  });

  it("another organization's employee cannot ask", async () => {
    const { code, message } = await codeOf(client.DescribeOrganizationVerifyStatus({ Operator: { UserId: stranger.OperatorUserId } }));
    assert.equal(code, "OperationDenied.UserNotInOrganization");
    assert.match(message, /Operator\.UserId/);
  });

  it("an unknown parameter answers UnknownParameter naming it", async () => {
    const { code, message } = await codeOf(client.DescribeOrganizationVerifyStatus({ Operator: operator(), OrganizationId: "x" } as never));
    assert.equal(code, "UnknownParameter");
    assert.match(message, /OrganizationId/);
  });
});
