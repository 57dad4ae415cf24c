import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";
import { expectSdkError } from "../../test/support/sdk-errors.ts";
import type { CreatedTenant } from "../domain/tenants.ts";

let h: Harness;
let client: ReturnType<typeof sdkClient>;
let other: CreatedTenant;
let mobileSeq = 0;
const freshMobile = () => `1340000${String(++mobileSeq).padStart(4, "0")}`;
const operator = () => ({ UserId: h.tenant.OperatorUserId });

before(async () => {
  h = await startEssd();
  client = sdkClient(h);
  other = await h.createTenant("另一家公司");
});
after(() => h.close());

/** Creates an employee through the API and answers its UserId, mobile and invitation link (H5 form). */
async function employee(fields: { DisplayName?: string; OpenId?: string } = {}) {
  const mobile = freshMobile();
  const response = await client.CreateIntegrationEmployees({
    Operator: operator(),
    Employees: [{ DisplayName: fields.DisplayName ?? "典子谦", Mobile: mobile, ...(fields.OpenId ? { OpenId: fields.OpenId } : {}) }],
    InvitationNotifyType: "H5",
  });
  const [data] = response.CreateEmployeeResult!.SuccessEmployeeData!;
  return { userId: data.UserId!, mobile, url: data.Url! };
}

/** The employee verifies and joins through its invitation page, as a person would. */
async function acceptInvitation(url: string) {
  const page = await (await fetch(url)).text();
  const action = /action="([^"]+)"/.exec(page)![1].replaceAll("&amp;", "&");
  const response = await fetch(new URL(action, h.url), { method: "POST", redirect: "manual" });
  return response.status;
}

const remove = (employees: Array<Record<string, unknown>>) => client.DeleteIntegrationEmployees({ Operator: operator(), Employees: employees });
const describeOne = async (userId: string) =>
  (await client.DescribeIntegrationEmployees({ Operator: operator(), Filters: [{ Key: "UserId", Values: [userId] }] })).Employees![0];

describe("happy", () => {
  it("a departed employee can no longer act as Operator", async () => {
    const { userId, url } = await employee();
    assert.equal(await acceptInvitation(url), 200);
    const asEmployee = { UserId: userId };
    assert.equal((await client.DescribeOrganizationVerifyStatus({ Operator: asEmployee })).VerifyStatus, 2, "a verified employee may act");

    const response = await remove([{ UserId: userId, ReceiveUserId: h.tenant.OperatorUserId }]);
    assert.deepEqual(response.DeleteEmployeeResult!.FailedEmployeeData, []);

    await expectSdkError(client.DescribeOrganizationVerifyStatus({ Operator: asEmployee }), "OperationDenied.UserNotInOrganization", "Operator.UserId");
    await expectSdkError(client.DescribeIntegrationEmployees({ Operator: asEmployee }), "OperationDenied.UserNotInOrganization", "Operator.UserId");
  });

  it("answers the departed employee's name, masked mobile and UserId, as the official example", async () => {
    const { userId, mobile } = await employee({ DisplayName: "典子谦" });
    const response = await remove([{ UserId: userId }]);
    assert.deepEqual(response.DeleteEmployeeResult, {
      SuccessEmployeeData: [{ DisplayName: "典子谦", Mobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`, UserId: userId }],
      FailedEmployeeData: [],
    });
    const listed = await describeOne(userId);
    assert.deepEqual([listed.QuiteJob, listed.ReceiveUserId, listed.ReceiveOpenId], [1, "", ""]);
  });

  it("names the employee by OpenId and the receiver by ReceiveOpenId; the listing shows who took over", async () => {
    const leaver = await employee({ OpenId: "n9527" });
    const receiver = await employee({ OpenId: "n9528" });
    await h.domain.store.markEmployeeVerified(receiver.userId, Date.now());
    const response = await remove([{ OpenId: "n9527", ReceiveOpenId: "n9528" }]);
    assert.deepEqual(response.DeleteEmployeeResult!.SuccessEmployeeData!.map((s) => s.UserId), [leaver.userId]);
    const listed = await describeOne(leaver.userId);
    assert.deepEqual([listed.QuiteJob, listed.ReceiveUserId, listed.ReceiveOpenId], [1, receiver.userId, "n9528"]);
  });

  it("voids the employee's invitation and frees its mobile and OpenId", async () => {
    const { userId, mobile, url } = await employee({ OpenId: "crm42" });
    await remove([{ UserId: userId }]);
    assert.equal((await fetch(url)).status, 404, "the invitation page is gone");
    assert.equal((await h.domain.store.getEmployee(userId))!.verified, false);
    const again = await client.CreateIntegrationEmployees({
      Operator: operator(),
      Employees: [{ DisplayName: "典子谦", Mobile: mobile, OpenId: "crm42" }],
      InvitationNotifyType: "NONE",
    });
    assert.deepEqual(again.CreateEmployeeResult!.FailedEmployeeData, []);
    assert.notEqual(again.CreateEmployeeResult!.SuccessEmployeeData![0].UserId, userId, "a new employee, not the departed one");
  });
});

describe("per-employee failures", () => {
  it("each employee fails with its own reason while the others leave", async () => {
    const ok = await employee();
    const unverifiedReceiver = await employee();
    const selfReceiver = await employee();
    await h.domain.store.markEmployeeVerified(selfReceiver.userId, Date.now());
    const unknown = "yD" + "1".repeat(30);
    const response = await remove([
      { UserId: ok.userId },
      { UserId: h.tenant.OperatorUserId },
      { UserId: other.OperatorUserId },
      { UserId: unknown },
      { OpenId: "no-such-open-id" },
      { UserId: ok.userId },
      { UserId: unverifiedReceiver.userId, ReceiveUserId: unverifiedReceiver.userId },
      { UserId: selfReceiver.userId, ReceiveUserId: selfReceiver.userId },
    ]);
    assert.deepEqual(response.DeleteEmployeeResult!.SuccessEmployeeData!.map((s) => s.UserId), [ok.userId]);
    assert.deepEqual(
      response.DeleteEmployeeResult!.FailedEmployeeData!.map((f) => [f.UserId, f.OpenId, f.Reason]),
      [
        [h.tenant.OperatorUserId, "", "超管或法人不能被离职，请先在控制台更换超管或法人"],
        [other.OperatorUserId, "", "员工不存在或已离职"],
        [unknown, "", "员工不存在或已离职"],
        ["", "no-such-open-id", "员工不存在或已离职"],
        [ok.userId, "", "员工不存在或已离职"],
        [unverifiedReceiver.userId, "", "交接人不存在、已离职或未实名"],
        [selfReceiver.userId, "", "交接人不能是离职员工本人"],
      ],
    );
    assert.equal((await h.domain.store.getEmployee(other.OperatorUserId))!.quit, false, "another organization's employee is untouched");
    assert.equal((await h.domain.store.getEmployee(selfReceiver.userId))!.quit, false);
  });
});

describe("invalid input", () => {
  it("an employee named by neither UserId nor OpenId answers MissingParameter naming it", async () => {
    await expectSdkError(remove([{ ReceiveUserId: h.tenant.OperatorUserId }]), "MissingParameter", "Employees.0.UserId");
  });

  it("a malformed UserId or ReceiveUserId answers InvalidParameterValue naming it", async () => {
    await expectSdkError(remove([{ UserId: "yD123" }]), "InvalidParameterValue", "Employees.0.UserId");
    await expectSdkError(remove([{ OpenId: "x" }, { OpenId: "y", ReceiveUserId: "bad" }]), "InvalidParameterValue", "Employees.1.ReceiveUserId");
  });

  it("no employees, or more than 100, answer InvalidParameterValue naming Employees", async () => {
    await expectSdkError(remove([]), "InvalidParameterValue", "Employees");
    await expectSdkError(remove(Array.from({ length: 101 }, () => ({ OpenId: "x" }))), "InvalidParameterValue", "Employees");
  });

  it("a missing Employees answers MissingParameter", async () => {
    await expectSdkError(client.DeleteIntegrationEmployees({ Operator: operator() } as never), "MissingParameter", "Employees");
  });
});
