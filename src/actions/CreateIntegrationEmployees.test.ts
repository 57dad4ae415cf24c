import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { KyselyStore } from "../store/kysely-store.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { signedCall } from "../../test/support/signed-request.ts";
import { ManualClock } from "../platform/clock.ts";
import type { CreatedTenant } from "../domain/tenants.ts";

const DAY = 86_400_000;
// 10:00 in Beijing, far from the midnight at which the daily invitation quota resets.
const START = Date.parse("2026-03-02T02:00:00Z");
const ID = "[0-9A-Za-z]";
const USER_ID = /^yD[0-9A-Za-z]{30}$/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let h: Harness;
let clock: ManualClock;
let mobileSeq = 0;
/** A mobile no other test has used, so duplicate and quota rules never leak between tests. */
const freshMobile = () => `1360000${String(++mobileSeq).padStart(4, "0")}`;

async function create(body: Record<string, unknown>, tenant: CreatedTenant = h.tenant, operator = tenant.OperatorUserId) {
  let raw = "";
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await realFetch(...args);
    raw = await response.clone().text();
    return response;
  };
  try {
    const { status, json } = await signedCall({
      url: h.url,
      secretId: tenant.SecretId,
      secretKey: tenant.SecretKey,
      action: "CreateIntegrationEmployees",
      body: { Operator: { UserId: operator }, ...body },
      timestamp: Math.floor(clock.now() / 1000),
    });
    assert.equal(status, 200);
    return { response: json.Response, raw };
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** Creates one employee and returns its single success entry (failing if it was rejected). */
async function createOne(employee: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const { response, raw } = await create({ Employees: [employee], ...extra });
  assert.deepEqual(response.CreateEmployeeResult?.FailedEmployeeData, [], JSON.stringify(response));
  assert.equal(response.CreateEmployeeResult.SuccessEmployeeData.length, 1);
  return { data: response.CreateEmployeeResult.SuccessEmployeeData[0], raw };
}

/** Creates employees expecting them all to fail, and returns their reasons. */
async function reasons(employees: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  const { response } = await create({ Employees: employees, ...extra });
  return response.CreateEmployeeResult.FailedEmployeeData.map((f: { Reason: string }) => f.Reason);
}

const tokenOf = (url: string) => /verifyToken=([0-9A-Za-z]{32})|Code=([0-9A-Za-z]{32})/.exec(url)!.slice(1).find(Boolean)!;

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock });
});
after(() => h.close());

describe("happy", () => {
  it("creates an unverified employee with the Appendix B shape and no Url for SMS (the default)", async () => {
    const mobile = freshMobile();
    const { response } = await create({ Employees: [{ DisplayName: "张三", Mobile: mobile }] });
    assert.deepEqual(Object.keys(response).sort(), ["CreateEmployeeResult", "RequestId"]);
    const [data] = response.CreateEmployeeResult.SuccessEmployeeData;
    assert.match(data.UserId, USER_ID);
    assert.deepEqual(response.CreateEmployeeResult, { SuccessEmployeeData: [{ DisplayName: "张三", Mobile: mobile, Note: "", UserId: data.UserId }], FailedEmployeeData: [] });
    const stored = (await h.domain.store.getEmployee(data.UserId))!;
    const roles = await h.domain.store.listRoles(h.tenant.OrganizationId);
    assert.equal(stored.verified, false);
    assert.equal(stored.organizationId, h.tenant.OrganizationId);
    assert.deepEqual(stored.roleIds, [roles.find((r) => r.name === "企业员工")!.id]);
  });

  it("explicit SMS also returns no Url", async () => {
    const { data } = await createOne({ DisplayName: "李四", Mobile: freshMobile() }, { InvitationNotifyType: "SMS", Endpoint: "HTTP" });
    assert.equal("Url" in data, false);
  });

  it("H5 returns the guide link, valid 30 days, with a raw & in the JSON", async () => {
    const { data, raw } = await createOne({ DisplayName: "典子谦", Mobile: freshMobile(), OpenId: "n9527" }, { InvitationNotifyType: "H5", JumpUrl: "https://www.qq.com" });
    assert.match(data.Url, new RegExp(`^${escapeRe(h.url)}/guide\\?Code=${ID}{32}&CodeType=QUICK&shortKey=yD${ID}{18}$`));
    assert.ok(raw.includes("&CodeType=QUICK&shortKey="), raw);
    assert.ok(!raw.includes("\\u0026"), raw);
    const link = (await h.domain.store.getLink(tokenOf(data.Url)))!;
    assert.equal(link.expiresAt, clock.now() + 30 * DAY);
    assert.equal(link.target.jumpUrl, "https://www.qq.com");
    assert.equal(link.target.employeeId, data.UserId);
  });

  const expireTime = () => Math.floor((clock.now() + DAY) / 1000);
  const endpoints: Array<{ endpoint?: string; url: () => RegExp }> = [
    { endpoint: undefined, url: () => new RegExp(`^${escapeRe(h.url)}/s/${ID}{10}$`) },
    { endpoint: "HTTP_SHORT_URL", url: () => new RegExp(`^${escapeRe(h.url)}/s/${ID}{10}$`) },
    {
      endpoint: "HTTP",
      url: () => new RegExp(`^${escapeRe(h.url)}/jump-mp\\.html\\?where=mini&from=MSG&to=USER_VERIFY&verifyToken=${ID}{32}&expireTime=${expireTime()}$`),
    },
    { endpoint: "APP", url: () => new RegExp(`^/pages/guide/index\\?to=USER_VERIFY&verifyToken=${ID}{32}&expireTime=${expireTime()}$`) },
    { endpoint: "H5", url: () => new RegExp(`^${escapeRe(h.url)}/guide\\?Code=${ID}{32}&CodeType=QUICK&shortKey=yD${ID}{18}$`) },
  ];
  for (const { endpoint, url } of endpoints) {
    it(`NONE with Endpoint ${endpoint ?? "(default)"} returns the matching link`, async () => {
      const { data, raw } = await createOne({ DisplayName: "王五", Mobile: freshMobile() }, { InvitationNotifyType: "NONE", ...(endpoint ? { Endpoint: endpoint } : {}) });
      assert.match(data.Url, url());
      assert.ok(!raw.includes("\\u0026"), raw);
    });
  }

  it("the short link resolves to an invitation for the created employee", async () => {
    const { data } = await createOne({ DisplayName: "赵六", Mobile: freshMobile() }, { InvitationNotifyType: "NONE", Endpoint: "HTTP_SHORT_URL" });
    const short = (await h.domain.store.getLink(data.Url.split("/s/")[1]))!;
    assert.equal(short.kind, "short");
    const invitation = (await h.domain.store.getLink(String(short.target.token)))!;
    assert.equal(invitation.kind, "employee-invitation");
    assert.equal(invitation.target.employeeId, data.UserId);
    assert.equal(invitation.expiresAt, clock.now() + DAY);
  });

  it("re-inviting the same unverified name and mobile keeps the UserId and sets Note", async () => {
    const mobile = freshMobile();
    const first = await createOne({ DisplayName: "张三", Mobile: mobile });
    const again = await createOne({ DisplayName: "张三", Mobile: mobile }, { InvitationNotifyType: "NONE", Endpoint: "HTTP" });
    assert.equal(again.data.UserId, first.data.UserId);
    assert.equal(again.data.Note, "张三已经注册了");
    assert.equal(first.data.Note, "");
    const same = await h.domain.store.findEmployeesByMobileHash(h.tenant.OrganizationId, h.domain.box.lookupHash(mobile));
    assert.equal(same.length, 1);
  });

  it("creates a WeCom employee from WeworkOpenId alone", async () => {
    const { response } = await create({ Employees: [{ WeworkOpenId: "woed0SCQAAAtPx1SMU17ThB-QC7F" }] });
    const [data] = response.CreateEmployeeResult.SuccessEmployeeData;
    assert.deepEqual(response.CreateEmployeeResult.SuccessEmployeeData, [
      { DisplayName: "", Mobile: "", Note: "", UserId: data.UserId, WeworkOpenId: "woed0SCQAAAtPx1SMU17ThB-QC7F" },
    ]);
    const stored = (await h.domain.store.getEmployee(data.UserId))!;
    assert.equal(stored.weworkOpenId, "woed0SCQAAAtPx1SMU17ThB-QC7F");
    assert.equal(stored.mobileSealed, null);
  });

  it("stores Email, OpenId and Department, and one failure does not stop the others", async () => {
    const good = freshMobile();
    const { response } = await create({
      Employees: [
        { DisplayName: "张三（广东）", Mobile: freshMobile() },
        { DisplayName: "Anna Lee", Mobile: good, Email: "anna@example.com", OpenId: "open-anna", Department: { DepartmentId: "dp-9", DepartmentName: "法务部" } },
      ],
    });
    assert.equal(response.CreateEmployeeResult.FailedEmployeeData.length, 1);
    const [data] = response.CreateEmployeeResult.SuccessEmployeeData;
    assert.equal(data.Mobile, good);
    const stored = (await h.domain.store.getEmployee(data.UserId))!;
    assert.deepEqual(
      { email: stored.email, openId: stored.openId, departmentId: stored.departmentId, departmentName: stored.departmentName, name: stored.displayName },
      { email: "anna@example.com", openId: "open-anna", departmentId: "dp-9", departmentName: "法务部", name: "Anna Lee" },
    );
  });

  it("never stores a mobile number in clear", async () => {
    const mobile = "18598765432";
    const { data } = await createOne({ DisplayName: "钱七", Mobile: mobile }, { InvitationNotifyType: "NONE", Endpoint: "HTTP" });
    const stored = (await h.domain.store.getEmployee(data.UserId))!;
    assert.ok(stored.mobileSealed && !stored.mobileSealed.includes(mobile));
    assert.equal(h.domain.box.open(stored.mobileSealed), mobile);
    const db = (h.domain.store as KyselyStore).kysely;
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
    assert.ok(tables.rows.some((t) => t.name === "employees"));
    for (const { name } of tables.rows) {
      const rows = await sql`select * from ${sql.table(name)}`.execute(db);
      assert.ok(!JSON.stringify(rows.rows).includes("98765432"), `table ${name} holds the mobile in clear`);
    }
  });

  it("the daily quota of three invitations per mobile resets the next Beijing day", async () => {
    const mobile = freshMobile();
    for (let i = 0; i < 3; i++) await createOne({ DisplayName: "孙八", Mobile: mobile });
    assert.equal((await reasons([{ DisplayName: "孙八", Mobile: mobile }]))[0], "该手机号今日已被邀请3次,请明天再试");
    clock.advance(DAY);
    const { data } = await createOne({ DisplayName: "孙八", Mobile: mobile });
    assert.equal(data.Note, "孙八已经注册了");
  });
});

describe("invalid input", () => {
  const perEmployee: Array<{ title: string; employee: Record<string, unknown>; extra?: Record<string, unknown>; reason: string }> = [
    { title: "name with brackets", employee: { DisplayName: "张三（广东）", OpenId: "open123" }, reason: "参数错误,姓名不符合规范,请修改后重试" },
    { title: "name with digits", employee: { DisplayName: "张三1" }, reason: "参数错误,姓名不符合规范,请修改后重试" },
    { title: "empty name", employee: { DisplayName: "  " }, reason: "参数错误,姓名不能为空" },
    { title: "10-digit mobile", employee: { DisplayName: "张三", Mobile: "1856000000" }, reason: "参数错误,手机号不符合规范,请修改后重试" },
    { title: "mobile with +86", employee: { DisplayName: "张三", Mobile: "+8618560000000" }, reason: "参数错误,手机号不符合规范,请修改后重试" },
    { title: "mobile starting 12", employee: { DisplayName: "张三", Mobile: "12560000000" }, reason: "参数错误,手机号不符合规范,请修改后重试" },
    { title: "missing mobile", employee: { DisplayName: "张三", Mobile: undefined }, reason: "参数错误,手机号不能为空" },
    { title: "invalid email", employee: { DisplayName: "张三", Email: "zhangsan@" }, reason: "参数错误,邮箱不符合规范,请修改后重试" },
    { title: "WeCom employee with H5", employee: { WeworkOpenId: "wework-h5" }, extra: { InvitationNotifyType: "H5" }, reason: "参数错误,H5邀请方式不支持企业微信员工" },
  ];
  for (const c of perEmployee) {
    it(`rejects one employee: ${c.title}`, async () => {
      const employee: Record<string, unknown> = { Mobile: freshMobile(), ...c.employee };
      const { response } = await create({ Employees: [employee], ...c.extra });
      assert.deepEqual(response.CreateEmployeeResult, {
        SuccessEmployeeData: [],
        FailedEmployeeData: [
          { DisplayName: String(employee.DisplayName ?? "").trim(), Mobile: String(employee.Mobile ?? ""), WeworkOpenId: String(employee.WeworkOpenId ?? ""), Reason: c.reason },
        ],
      });
    });
  }

  it("a mobile taken by an unverified employee of another name → 手机号已经被占用", async () => {
    const mobile = freshMobile();
    await createOne({ DisplayName: "张三", Mobile: mobile });
    assert.deepEqual(await reasons([{ DisplayName: "李四", Mobile: mobile }]), ["手机号已经被占用"]);
  });

  it("a mobile of a verified employee is taken even under the same name", async () => {
    const mobile = freshMobile();
    const { data } = await createOne({ DisplayName: "张三", Mobile: mobile });
    await h.domain.store.markEmployeeVerified(data.UserId, clock.now());
    assert.deepEqual(await reasons([{ DisplayName: "张三", Mobile: mobile }]), ["手机号已经被占用,该员工已加入企业"]);
  });

  it("an OpenId already used by another employee is refused", async () => {
    await createOne({ DisplayName: "张三", Mobile: freshMobile(), OpenId: "open-dup" });
    assert.deepEqual(await reasons([{ DisplayName: "李四", Mobile: freshMobile(), OpenId: "open-dup" }]), ["OpenId已经被占用"]);
  });

  it("the same mobile twice in one call: the first succeeds, the second fails", async () => {
    const mobile = freshMobile();
    const { response } = await create({ Employees: [{ DisplayName: "张三", Mobile: mobile }, { DisplayName: "张三", Mobile: mobile }] });
    assert.equal(response.CreateEmployeeResult.SuccessEmployeeData.length, 1);
    assert.deepEqual(response.CreateEmployeeResult.FailedEmployeeData, [{ DisplayName: "张三", Mobile: mobile, WeworkOpenId: "", Reason: "参数错误,同一批次中手机号重复" }]);
  });

  it("the fourth invitation of a mobile in one day fails with a reason naming 3", async () => {
    const mobile = freshMobile();
    for (let i = 0; i < 3; i++) await createOne({ DisplayName: "周九", Mobile: mobile });
    const [reason] = await reasons([{ DisplayName: "周九", Mobile: mobile }]);
    assert.match(reason, /3次/);
  });

  const employees = (n: number) => Array.from({ length: n }, () => ({ DisplayName: "员工", Mobile: freshMobile() }));
  const requestErrors: Array<{ title: string; body: Record<string, unknown>; code: string; mentions: string }> = [
    { title: "21 employees", body: { Employees: employees(21) }, code: "InvalidParameterValue", mentions: "Employees" },
    { title: "0 employees", body: { Employees: [] }, code: "InvalidParameterValue", mentions: "Employees" },
    { title: "no Employees", body: {}, code: "MissingParameter", mentions: "Employees" },
    { title: "Employees not an array", body: { Employees: { DisplayName: "张三" } }, code: "InvalidParameter", mentions: "Employees" },
    { title: "unknown InvitationNotifyType", body: { Employees: employees(1), InvitationNotifyType: "EMAIL" }, code: "InvalidParameterValue", mentions: "InvitationNotifyType" },
    { title: "unknown Endpoint", body: { Employees: employees(1), InvitationNotifyType: "NONE", Endpoint: "WEIXIN" }, code: "InvalidParameterValue", mentions: "Endpoint" },
    { title: "unknown employee member", body: { Employees: [{ DisplayName: "张三", Mobile: freshMobile(), Nickname: "x" }] }, code: "UnknownParameter", mentions: "Employees.0.Nickname" },
  ];
  for (const c of requestErrors) {
    it(`answers ${c.code} for ${c.title}`, async () => {
      const { response } = await create(c.body);
      assert.equal(response.Error?.Code, c.code, JSON.stringify(response));
      assert.ok(response.Error.Message.includes(c.mentions), response.Error.Message);
      assert.equal(response.CreateEmployeeResult, undefined);
    });
  }

  it("an unverified employee cannot act as Operator", async () => {
    const { data } = await createOne({ DisplayName: "吴十", Mobile: freshMobile() });
    const { response } = await create({ Employees: employees(1) }, h.tenant, data.UserId);
    assert.equal(response.Error?.Code, "OperationDenied.NoIdentityVerify");
  });
});
