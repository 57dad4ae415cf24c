import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import type { CreatedTenant } from "../domain/tenants.ts";

// Both actions of the binding, which only make sense together: UnbindEmployeeUserIdWithClientOpenId is tested here.
let h: Harness;
let client: ReturnType<typeof sdkClient>;
let sub: CreatedTenant;
let other: CreatedTenant;
let mobileSeq = 0;
const operator = () => ({ UserId: h.tenant.OperatorUserId });

before(async () => {
  h = await startEssd();
  client = sdkClient(h);
  sub = await h.createTenant("集团子企业", h.tenant.OrganizationId);
  other = await h.createTenant("另一家公司");
});
after(() => h.close());

async function employee(agent?: { ProxyOrganizationId: string }, openId?: string): Promise<string> {
  const response = await client.CreateIntegrationEmployees({
    Operator: operator(),
    ...(agent ? { Agent: agent } : {}),
    Employees: [{ DisplayName: "王五", Mobile: `1330000${String(++mobileSeq).padStart(4, "0")}`, ...(openId ? { OpenId: openId } : {}) }],
    InvitationNotifyType: "NONE",
  });
  return response.CreateEmployeeResult!.SuccessEmployeeData![0].UserId!;
}

const bind = (UserId: string, OpenId: string, extra: Record<string, unknown> = {}) =>
  client.BindEmployeeUserIdWithClientOpenId({ Operator: operator(), UserId, OpenId, ...extra });
const unbind = (UserId: string, OpenId: string, extra: Record<string, unknown> = {}) =>
  client.UnbindEmployeeUserIdWithClientOpenId({ Operator: operator(), UserId, OpenId, ...extra });
const listedOpenId = async (userId: string) =>
  (await client.DescribeIntegrationEmployees({ Operator: operator(), Filters: [{ Key: "UserId", Values: [userId] }] })).Employees![0].OpenId;

describe("happy", () => {
  it("binds, then the OpenId names the employee in DescribeIntegrationEmployees and UpdateIntegrationEmployees", async () => {
    const userId = await employee();
    const response = await bind(userId, "n9527");
    assert.equal(response.Status, 1);
    assert.equal(await listedOpenId(userId), "n9527");
    const byOpenId = await client.DescribeIntegrationEmployees({ Operator: operator(), Filters: [{ Key: "StaffOpenId", Values: ["n9527"] }] });
    assert.deepEqual(byOpenId.Employees!.map((e) => e.UserId), [userId]);
    const updated = await client.UpdateIntegrationEmployees({ Operator: operator(), Employees: [{ OpenId: "n9527", DisplayName: "王六" }] });
    assert.deepEqual(updated.SuccessEmployeeData!.map((s) => s.UserId), [userId]);
  });

  it("unbinds, after which the OpenId may be bound to another employee", async () => {
    const [first, second] = [await employee(), await employee()];
    await bind(first, "crm1001");
    assert.equal((await unbind(first, "crm1001")).Status, 1);
    assert.equal(await listedOpenId(first), "");
    assert.equal((await bind(second, "crm1001")).Status, 1);
    assert.equal(await listedOpenId(second), "crm1001");
  });

  it("an OpenId given at creation is a binding too", async () => {
    const userId = await employee(undefined, "crm2002");
    await expectSdkError(bind(userId, "crm2002"), "InvalidParameter", "OpenId");
    assert.equal((await unbind(userId, "crm2002")).Status, 1);
  });

  it("a departed employee's OpenId is free again", async () => {
    const [leaver, successor] = [await employee(), await employee()];
    await bind(leaver, "crm3003");
    await client.DeleteIntegrationEmployees({ Operator: operator(), Employees: [{ UserId: leaver }] });
    assert.equal((await bind(successor, "crm3003")).Status, 1);
  });

  it("binds within a sub-enterprise through Agent; OpenIds are per organization", async () => {
    const agent = { Agent: { ProxyOrganizationId: sub.OrganizationId } };
    const [mine, theirs] = [await employee(agent.Agent), await employee()];
    await bind(theirs, "shared42");
    assert.equal((await bind(mine, "shared42", agent)).Status, 1);
    assert.equal((await unbind(mine, "shared42", agent)).Status, 1);
    assert.equal(await listedOpenId(theirs), "shared42", "the group's own binding is untouched");
  });
});

describe("refused", () => {
  it("an OpenId bound to another employee (official example)", async () => {
    const [a, b] = [await employee(), await employee()];
    await bind(a, "taken1");
    await expectSdkError(bind(b, "taken1"), "InvalidParameter", "该openid已绑定其他userid");
    assert.equal(await listedOpenId(b), "");
  });

  it("the same binding twice (official example)", async () => {
    const userId = await employee();
    await bind(userId, "twice1");
    await expectSdkError(bind(userId, "twice1"), "InvalidParameter", "该userId已绑定该openId");
  });

  it("an employee already bound to another OpenId", async () => {
    const userId = await employee();
    await bind(userId, "first1");
    await expectSdkError(bind(userId, "second2"), "InvalidParameter", "UserId");
    assert.equal(await listedOpenId(userId), "first1");
  });

  it("unbinding an OpenId bound to nobody (official example), or to another employee", async () => {
    const [a, b] = [await employee(), await employee()];
    await expectSdkError(unbind(a, "n9999"), "InvalidParameter", "该openId并未绑定企业员工");
    await bind(a, "mine7");
    await expectSdkError(unbind(b, "mine7"), "InvalidParameter", "OpenId");
    assert.equal(await listedOpenId(a), "mine7");
  });

  it("an unknown, departed or another organization's UserId answers ResourceNotFound naming UserId", async () => {
    const leaver = await employee();
    await client.DeleteIntegrationEmployees({ Operator: operator(), Employees: [{ UserId: leaver }] });
    for (const userId of ["yD" + "0".repeat(30), leaver, other.OperatorUserId]) {
      await expectSdkError(bind(userId, "x1"), "ResourceNotFound", "UserId");
      await expectSdkError(unbind(userId, "x1"), "ResourceNotFound", "UserId");
    }
  });
});

describe("invalid input", () => {
  const cases: Array<{ title: string; UserId?: string; OpenId?: string; code: string; names: string }> = [
    { title: "an OpenId with other characters", OpenId: "n-9527", code: "InvalidParameterValue", names: "OpenId" },
    { title: "an OpenId over 64 characters", OpenId: "a".repeat(65), code: "InvalidParameterValue", names: "OpenId" },
    { title: "an empty OpenId", OpenId: "", code: "InvalidParameterValue", names: "OpenId" },
    { title: "a malformed UserId", UserId: "yD123", code: "InvalidParameterValue", names: "UserId" },
  ];
  for (const c of cases) {
    it(`${c.title} answers ${c.code} naming ${c.names}, for both actions`, async () => {
      const userId = c.UserId ?? h.tenant.OperatorUserId;
      const openId = c.OpenId ?? "n9527";
      await expectSdkError(bind(userId, openId), c.code, c.names);
      await expectSdkError(unbind(userId, openId), c.code, c.names);
    });
  }

  it("a missing UserId or OpenId answers MissingParameter naming it", async () => {
    await expectSdkError(client.BindEmployeeUserIdWithClientOpenId({ Operator: operator(), OpenId: "n1" } as never), "MissingParameter", "UserId");
    await expectSdkError(client.UnbindEmployeeUserIdWithClientOpenId({ Operator: operator(), UserId: h.tenant.OperatorUserId } as never), "MissingParameter", "OpenId");
  });
});
