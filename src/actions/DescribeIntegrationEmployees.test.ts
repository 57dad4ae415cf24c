import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { ManualClock } from "../platform/clock.ts";
import type { CreatedTenant } from "../domain/tenants.ts";

const START = Date.parse("2026-03-02T02:00:00Z");
const FILLERS = 18;
const TOTAL = 1 + 3 + FILLERS; // operator + alice, bob, carol + fillers

let h: Harness;
let clock: ManualClock;
let other: CreatedTenant;
const ids = { operator: "", alice: "", bob: "", carol: "" };
const roleIds = { admin: "", staff: "" };

const call = (action: string, body: Record<string, unknown>, tenant: CreatedTenant = h.tenant) =>
  callAs(h.url, tenant, action, body, { timestamp: Math.floor(clock.now() / 1000) });

const list = (body: Record<string, unknown> = {}, tenant?: CreatedTenant) => call("DescribeIntegrationEmployees", body, tenant);
const listIds = async (body: Record<string, unknown>) => (await list({ Limit: 20, ...body })).Employees.map((e: { UserId: string }) => e.UserId);

async function createAll(employees: Array<Record<string, unknown>>): Promise<string[]> {
  const response = await call("CreateIntegrationEmployees", { Employees: employees, InvitationNotifyType: "NONE" });
  assert.deepEqual(response.CreateEmployeeResult?.FailedEmployeeData, [], JSON.stringify(response));
  return response.CreateEmployeeResult.SuccessEmployeeData.map((s: { UserId: string }) => s.UserId);
}

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock });
  other = await h.createTenant("另一家公司");
  ids.operator = h.tenant.OperatorUserId;
  const roles = await h.domain.store.listRoles(h.tenant.OrganizationId);
  roleIds.admin = roles.find((r) => r.name === "超级管理员")!.id;
  roleIds.staff = roles.find((r) => r.name === "企业员工")!.id;
  clock.advance(1000);
  // One call per employee so creation times, and therefore the listing order, are fixed.
  [ids.alice] = await createAll([
    { DisplayName: "张三", Mobile: "18512340000", Email: "zs@example.com", OpenId: "open-a", Department: { DepartmentId: "dp-1", DepartmentName: "法务部" } },
  ]);
  clock.advance(1000);
  [ids.bob] = await createAll([{ WeworkOpenId: "wework-b" }]);
  clock.advance(1000);
  [ids.carol] = await createAll([{ DisplayName: "李四", Mobile: "13900000001", OpenId: "open-c", Department: { DepartmentId: "dp-2" } }]);
  await h.domain.store.markEmployeeVerified(ids.carol, clock.now());
  clock.advance(1000);
  await createAll(Array.from({ length: FILLERS }, (_, i) => ({ DisplayName: "员工", Mobile: `1370000${String(i).padStart(4, "0")}` })));
});
after(() => h.close());

describe("happy", () => {
  it("defaults to Limit 20, Offset 0 and counts every employee", async () => {
    const response = await list();
    assert.equal(response.Limit, 20);
    assert.equal(response.Offset, 0);
    assert.equal(response.TotalCount, TOTAL);
    assert.equal(response.Employees.length, 20);
    assert.equal(typeof response.RequestId, "string");
  });

  it("pages through every employee once, oldest first", async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < TOTAL + 5; offset += 5) {
      const response = await list({ Limit: 5, Offset: offset });
      assert.deepEqual([response.Limit, response.Offset, response.TotalCount], [5, offset, TOTAL]);
      assert.equal(response.Employees.length, Math.max(0, Math.min(5, TOTAL - offset)));
      seen.push(...response.Employees.map((e: { UserId: string }) => e.UserId));
    }
    assert.equal(new Set(seen).size, TOTAL);
    assert.deepEqual(seen.slice(0, 4), [ids.operator, ids.alice, ids.bob, ids.carol]);
    assert.deepEqual(await listIds({ Offset: 20000 }), []);
  });

  it("lists the operator as verified with role 超级管理员", async () => {
    const [operator] = (await list({ Limit: 1 })).Employees;
    // The order of Roles is not part of the contract; compare it sorted.
    operator.Roles.sort((a: { RoleId: string }, b: { RoleId: string }) => a.RoleId.localeCompare(b.RoleId));
    assert.deepEqual(operator, {
      UserId: ids.operator,
      DisplayName: "超级管理员",
      Mobile: "",
      Email: "",
      OpenId: "",
      Roles: [
        { RoleId: roleIds.admin, RoleName: "超级管理员" },
        { RoleId: roleIds.staff, RoleName: "企业员工" },
      ].sort((a, b) => a.RoleId.localeCompare(b.RoleId)),
      Department: { DepartmentId: "", DepartmentName: "" },
      Verified: true,
      CreatedOn: START / 1000,
      VerifiedOn: START / 1000,
      QuiteJob: 0,
      ReceiveUserId: "",
      ReceiveOpenId: "",
      WeworkOpenId: "",
    });
  });

  it("returns a new employee as Staff with a masked mobile and named roles", async () => {
    const [alice] = (await list({ Filters: [{ Key: "UserId", Values: [ids.alice] }] })).Employees;
    assert.deepEqual(alice, {
      UserId: ids.alice,
      DisplayName: "张三",
      Mobile: "185****0000",
      Email: "zs@example.com",
      OpenId: "open-a",
      Roles: [{ RoleId: roleIds.staff, RoleName: "企业员工" }],
      Department: { DepartmentId: "dp-1", DepartmentName: "法务部" },
      Verified: false,
      CreatedOn: (START + 1000) / 1000,
      VerifiedOn: 0,
      QuiteJob: 0,
      ReceiveUserId: "",
      ReceiveOpenId: "",
      WeworkOpenId: "",
    });
  });

  it("never answers a mobile in clear", async () => {
    const response = await list({ Limit: 20 });
    const text = JSON.stringify(response);
    assert.ok(!text.includes("18512340000") && !text.includes("13900000001"));
    // Both employees with those mobiles are on this page: an empty answer would hide nothing.
    const mobiles = (id: string) => response.Employees.find((e: { UserId: string }) => e.UserId === id)?.Mobile;
    assert.deepEqual([mobiles(ids.alice), mobiles(ids.carol)], ["185****0000", "139****0001"]);
    for (const e of response.Employees) assert.match(e.Mobile, /^(|1\d{2}\*{4}\d{4})$/);
  });

  const filters: Array<{ title: string; filters: () => unknown[]; expect: () => string[]; total?: number }> = [
    { title: "Status IsVerified", filters: () => [{ Key: "Status", Values: ["IsVerified"] }], expect: () => [ids.operator, ids.carol] },
    { title: "UserId", filters: () => [{ Key: "UserId", Values: [ids.bob, ids.carol] }], expect: () => [ids.bob, ids.carol] },
    { title: "StaffOpenId (list)", filters: () => [{ Key: "StaffOpenId", Values: ["open-c", "open-a", "open-x"] }], expect: () => [ids.alice, ids.carol] },
    { title: "RoleId", filters: () => [{ Key: "RoleId", Values: [roleIds.admin] }], expect: () => [ids.operator] },
    { title: "DepartmentId", filters: () => [{ Key: "DepartmentId", Values: ["dp-1"] }], expect: () => [ids.alice] },
    { title: "UserWeWorkOpenId", filters: () => [{ Key: "UserWeWorkOpenId", Values: ["wework-b"] }], expect: () => [ids.bob] },
    {
      title: "several filters together",
      filters: () => [
        { Key: "Status", Values: ["IsVerified"] },
        { Key: "StaffOpenId", Values: ["open-a", "open-c"] },
      ],
      expect: () => [ids.carol],
    },
    { title: "another organization's UserId", filters: () => [{ Key: "UserId", Values: [other.OperatorUserId] }], expect: () => [] },
    { title: "no match", filters: () => [{ Key: "DepartmentId", Values: ["dp-none"] }], expect: () => [] },
  ];
  for (const c of filters) {
    it(`filters by ${c.title}`, async () => {
      const response = await list({ Filters: c.filters() });
      assert.deepEqual(response.Employees.map((e: { UserId: string }) => e.UserId), c.expect());
      assert.equal(response.TotalCount, c.expect().length);
    });
  }

  it("filters by Status NotVerified across pages", async () => {
    const response = await list({ Filters: [{ Key: "Status", Values: ["NotVerified"] }], Limit: 3 });
    assert.equal(response.TotalCount, TOTAL - 2);
    assert.equal(response.Employees.length, 3);
    assert.deepEqual(response.Employees.slice(0, 2).map((e: { UserId: string }) => e.UserId), [ids.alice, ids.bob]);
    assert.ok(response.Employees.every((e: { Verified: boolean }) => e.Verified === false));
  });

  it("another tenant sees only its own operator", async () => {
    const response = await list({}, other);
    assert.equal(response.TotalCount, 1);
    assert.deepEqual(response.Employees.map((e: { UserId: string }) => e.UserId), [other.OperatorUserId]);
  });
});

describe("invalid input", () => {
  const cases: Array<{ title: string; body: Record<string, unknown>; code: string; message: RegExp }> = [
    { title: "Limit 21 (official example)", body: { Limit: 21, Offset: 0, Filters: [{ Key: "Status", Values: ["IsVerified"] }] }, code: "InvalidParameter.ParamError", message: /^参数Limit不正确/ },
    { title: "Limit 0", body: { Limit: 0 }, code: "InvalidParameter.ParamError", message: /^参数Limit不正确/ },
    { title: "Offset 20001", body: { Offset: 20001 }, code: "InvalidParameter.ParamError", message: /^参数Offset不正确/ },
    { title: "Offset -1", body: { Offset: -1 }, code: "InvalidParameter.ParamError", message: /^参数Offset不正确/ },
    { title: "Limit as a string", body: { Limit: "10" }, code: "InvalidParameter", message: /Limit/ },
    { title: "unknown filter key", body: { Filters: [{ Key: "Name", Values: ["张三"] }] }, code: "InvalidParameter.ParamError", message: /Filters\.0\.Key/ },
    { title: "unknown Status value", body: { Filters: [{ Key: "Status", Values: ["Verified"] }] }, code: "InvalidParameter.ParamError", message: /Filters\.0\.Values/ },
    { title: "two Status values", body: { Filters: [{ Key: "Status", Values: ["IsVerified", "NotVerified"] }] }, code: "InvalidParameter.ParamError", message: /Filters\.0\.Values/ },
    { title: "empty Values", body: { Filters: [{ Key: "UserId", Values: [] }] }, code: "InvalidParameter.ParamError", message: /Filters\.0\.Values/ },
    { title: "missing Values", body: { Filters: [{ Key: "UserId" }] }, code: "MissingParameter", message: /Filters\.0\.Values/ },
    { title: "11 filters", body: { Filters: Array.from({ length: 11 }, () => ({ Key: "UserId", Values: ["x"] })) }, code: "InvalidParameterValue", message: /Filters/ },
    { title: "unknown parameter", body: { PageSize: 10 }, code: "UnknownParameter", message: /PageSize/ },
    { title: "unknown operator", body: { Operator: { UserId: "yD" + "0".repeat(30) } }, code: "OperationDenied.UserNotInOrganization", message: /Operator\.UserId/ },
    { title: "malformed operator id", body: { Operator: { UserId: "short" } }, code: "InvalidParameter.InvalidOperatorId", message: /Operator\.UserId/ },
  ];
  for (const c of cases) {
    it(`answers ${c.code} for ${c.title}`, async () => {
      const response = await list(c.body);
      assert.equal(response.Error?.Code, c.code, JSON.stringify(response));
      assert.match(response.Error.Message, c.message);
      assert.equal(response.Employees, undefined);
    });
  }

  it("another organization's operator cannot list this one", async () => {
    const response = await list({ Operator: { UserId: other.OperatorUserId } });
    assert.equal(response.Error?.Code, "OperationDenied.UserNotInOrganization");
  });
});
