import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import { readOutbox } from "../domain/sms/outbox-read.ts";
import type { CreatedTenant } from "../domain/tenants.ts";

let h: Harness;
let client: ReturnType<typeof sdkClient>;
let sub: CreatedTenant;
let mobileSeq = 0;
/** A mobile no other test has used, so duplicate and quota rules never leak between tests. */
const freshMobile = () => `1350000${String(++mobileSeq).padStart(4, "0")}`;
const operator = () => ({ UserId: h.tenant.OperatorUserId });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

before(async () => {
  h = await startEssd();
  client = sdkClient(h);
  sub = await h.createTenant("集团子企业", h.tenant.OrganizationId);
});
after(() => h.close());

/** Creates one unverified employee (no SMS) and answers its UserId and mobile. */
async function employee(fields: { DisplayName?: string; OpenId?: string; Mobile?: string } = {}, agent?: { ProxyOrganizationId: string }) {
  const mobile = fields.Mobile ?? freshMobile();
  const response = await client.CreateIntegrationEmployees({
    Operator: operator(),
    ...(agent ? { Agent: agent } : {}),
    Employees: [{ DisplayName: fields.DisplayName ?? "王五", Mobile: mobile, ...(fields.OpenId ? { OpenId: fields.OpenId } : {}) }],
    InvitationNotifyType: "NONE",
  });
  assert.deepEqual(response.CreateEmployeeResult!.FailedEmployeeData, []);
  return { userId: response.CreateEmployeeResult!.SuccessEmployeeData![0].UserId!, mobile };
}

const update = (employees: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
  client.UpdateIntegrationEmployees({ Operator: operator(), Employees: employees, ...extra });

const stored = async (userId: string) => (await h.domain.store.getEmployee(userId))!;
const invitations = async (mobile: string, organizationId = h.tenant.OrganizationId) =>
  (await readOutbox(h.domain, organizationId, { mobile, purpose: "invitation" })).messages;

describe("happy", () => {
  it("changes name, email and department, as the official example, answering what was passed", async () => {
    const { userId, mobile } = await employee({ DisplayName: "张三" });
    const response = await update([{ UserId: userId, DisplayName: "张四", Email: "zhangsi@example.com", Department: { DepartmentId: "dp-9", DepartmentName: "法务部" } }]);
    assert.deepEqual(response.SuccessEmployeeData, [{ DisplayName: "张四", Mobile: "", UserId: userId }]);
    assert.deepEqual(response.FailedEmployeeData, []);
    const after = await stored(userId);
    assert.deepEqual([after.displayName, after.email, after.departmentId, after.departmentName], ["张四", "zhangsi@example.com", "dp-9", "法务部"]);
    assert.equal(h.domain.box.open(after.mobileSealed!), mobile, "the mobile is kept");
    assert.deepEqual(await invitations(mobile), [], "no new mobile, no SMS");
  });

  it("a new mobile is stored sealed and texted a fresh invitation (SMS, the default)", async () => {
    const { userId } = await employee();
    const mobile = freshMobile();
    const response = await update([{ UserId: userId, Mobile: mobile }]);
    assert.deepEqual(response.SuccessEmployeeData, [{ DisplayName: "", Mobile: mobile, UserId: userId }]);
    const after = await stored(userId);
    assert.equal(after.mobileHash, h.domain.box.lookupHash(mobile));
    assert.notEqual(after.mobileSealed, mobile);
    const [sms] = await invitations(mobile);
    assert.ok(sms?.link, "an invitation SMS with a link went to the new mobile");
    assert.match(sms.link!, new RegExp(`^${escapeRe(h.url)}/s/[0-9A-Za-z]{10}$`));
  });

  it("H5 answers the H5 invitation link as Url (official example)", async () => {
    const { userId } = await employee();
    const mobile = freshMobile();
    const response = await update([{ UserId: userId, DisplayName: "李四", Mobile: mobile }], { InvitationNotifyType: "H5", JumpUrl: "https://www.qq.com" });
    const [data] = response.SuccessEmployeeData!;
    assert.match(data.Url!, new RegExp(`^${escapeRe(h.url)}/guide\\?Code=[0-9A-Za-z]{32}&CodeType=QUICK&shortKey=yD[0-9A-Za-z]{18}$`));
    assert.deepEqual(await invitations(mobile), [], "H5 sends no SMS");
    const page = await fetch(data.Url!);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /李\*/);
  });

  it("NONE answers the link of the requested Endpoint", async () => {
    const { userId } = await employee();
    const response = await update([{ UserId: userId, DisplayName: "赵六" }], { InvitationNotifyType: "NONE", Endpoint: "HTTP_SHORT_URL" });
    assert.match(response.SuccessEmployeeData![0].Url!, new RegExp(`^${escapeRe(h.url)}/s/[0-9A-Za-z]{10}$`));
  });

  it("names an employee by OpenId when UserId is empty", async () => {
    const { userId } = await employee({ OpenId: "crm7001" });
    const response = await update([{ OpenId: "crm7001", DisplayName: "钱七" }]);
    assert.deepEqual(response.SuccessEmployeeData!.map((s) => s.UserId), [userId]);
    assert.equal((await stored(userId)).displayName, "钱七");
  });

  it("acts for a sub-enterprise through Agent, and only on its employees", async () => {
    const agent = { ProxyOrganizationId: sub.OrganizationId };
    const mine = await employee({}, agent);
    const theirs = await employee();
    const response = await update([{ UserId: mine.userId, DisplayName: "孙八" }, { UserId: theirs.userId, DisplayName: "孙八" }], { Agent: agent });
    assert.deepEqual(response.SuccessEmployeeData!.map((s) => s.UserId), [mine.userId]);
    assert.deepEqual(response.FailedEmployeeData!.map((f) => [f.UserId, f.Reason]), [[theirs.userId, "员工不存在或已离职"]]);
    assert.equal((await stored(theirs.userId)).displayName, "王五");
  });
});

describe("per-employee failures", () => {
  it("each employee fails with its own reason while the others succeed", async () => {
    const ok = await employee();
    const verified = await employee();
    await h.domain.store.markEmployeeVerified(verified.userId, Date.now());
    const taken = await employee();
    const badName = await employee();
    const badMobile = await employee();
    const badEmail = await employee();
    const unknown = "yD" + "0".repeat(30);
    const response = await update([
      { UserId: ok.userId, DisplayName: "周九" },
      { UserId: verified.userId, DisplayName: "周九" },
      { UserId: taken.userId, Mobile: ok.mobile },
      { UserId: badName.userId, DisplayName: "张三（广东）" },
      { UserId: badMobile.userId, Mobile: "1234" },
      { UserId: badEmail.userId, Email: "not-an-email" },
      { UserId: unknown, DisplayName: "周九" },
      { OpenId: "nobody", DisplayName: "周九" },
    ]);
    assert.deepEqual(response.SuccessEmployeeData!.map((s) => s.UserId), [ok.userId]);
    assert.deepEqual(
      response.FailedEmployeeData!.map((f) => [f.UserId, f.OpenId, f.Reason]),
      [
        [verified.userId, "", "员工已实名，姓名、手机号、邮箱需由员工本人修改"],
        [taken.userId, "", "手机号已经被占用"],
        [badName.userId, "", "参数错误,姓名不符合规范,请修改后重试"],
        [badMobile.userId, "", "参数错误,手机号不符合规范,请修改后重试"],
        [badEmail.userId, "", "参数错误,邮箱不符合规范,请修改后重试"],
        [unknown, "", "员工不存在或已离职"],
        ["", "nobody", "员工不存在或已离职"],
      ],
    );
    assert.equal(response.FailedEmployeeData![1].Mobile, ok.mobile, "the mobile as passed, unmasked");
    assert.equal((await stored(verified.userId)).displayName, "王五", "a refused employee is unchanged");
  });

  it("the same new mobile twice in one call: the second fails", async () => {
    const [a, b] = [await employee(), await employee()];
    const mobile = freshMobile();
    const response = await update([{ UserId: a.userId, Mobile: mobile }, { UserId: b.userId, Mobile: mobile }]);
    assert.deepEqual(response.SuccessEmployeeData!.map((s) => s.UserId), [a.userId]);
    assert.deepEqual(response.FailedEmployeeData!.map((f) => f.Reason), ["参数错误,同一批次中手机号重复"]);
  });
});

describe("invalid input", () => {
  it("an employee named by neither UserId nor OpenId answers MissingParameter naming it", async () => {
    await expectSdkError(update([{ DisplayName: "张三" }]), "MissingParameter", "Employees.0.UserId");
  });

  it("a malformed UserId answers InvalidParameterValue naming it", async () => {
    await expectSdkError(update([{ UserId: "short", DisplayName: "张三" }]), "InvalidParameterValue", "Employees.0.UserId");
  });

  it("no employees, or more than 100, answer InvalidParameterValue naming Employees", async () => {
    await expectSdkError(update([]), "InvalidParameterValue", "Employees");
    const many = Array.from({ length: 101 }, () => ({ OpenId: "x" }));
    await expectSdkError(update(many), "InvalidParameterValue", "Employees");
  });

  it("an unknown InvitationNotifyType answers InvalidParameterValue naming it", async () => {
    const { userId } = await employee();
    await expectSdkError(update([{ UserId: userId }], { InvitationNotifyType: "EMAIL" }), "InvalidParameterValue", "InvitationNotifyType");
  });

  it("an unknown member answers UnknownParameter naming its path", async () => {
    await expectSdkError(update([{ OpenId: "x", Nickname: "y" }]), "UnknownParameter", "Employees.0.Nickname");
  });
});
