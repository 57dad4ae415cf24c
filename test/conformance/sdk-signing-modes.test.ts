/**
 * The official Node SDK, unmodified, in all four signing modes it offers (TC3 over POST and GET, v1 HmacSHA256
 * over form POST, v1 HmacSHA1 over GET), calling CreateIntegrationEmployees and DescribeIntegrationEmployees
 * (reference §1–4, §6.10, §6.11). Each mode works in its own organization so counts are exact.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import { startEssd, type Harness } from "../support/harness.ts";
import { signedCall } from "../support/signed-request.ts";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import { assertStampedWithin, secondsWindowOf, type SecondsWindow } from "../support/seconds-window.ts";

type SignMethod = "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";
interface Mode {
  label: string;
  signMethod: SignMethod;
  reqMethod: "POST" | "GET";
  /** Last digit of this mode's mobiles, so no two modes share a number. */
  digit: number;
}

const MODES: Mode[] = [
  { label: "TC3-HMAC-SHA256 over POST", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST", digit: 1 },
  { label: "TC3-HMAC-SHA256 over GET", signMethod: "TC3-HMAC-SHA256", reqMethod: "GET", digit: 2 },
  { label: "HmacSHA256 over POST (form)", signMethod: "HmacSHA256", reqMethod: "POST", digit: 3 },
  { label: "HmacSHA1 over GET", signMethod: "HmacSHA1", reqMethod: "GET", digit: 4 },
];

const USER_ID = /^[0-9A-Za-z]{32}$/;

function sdkClient(h: Harness, tenant: CreatedTenant, mode: Mode) {
  return new ess.v20201111.Client({
    credential: { secretId: tenant.SecretId, secretKey: tenant.SecretKey },
    region: "",
    profile: { signMethod: mode.signMethod, httpProfile: { endpoint: h.endpoint, protocol: "http://", reqMethod: mode.reqMethod } },
  });
}

type Client = ReturnType<typeof sdkClient>;

function createEmployees(client: Client, tenant: CreatedTenant, employees: Array<{ DisplayName: string; Mobile: string }>) {
  return client.CreateIntegrationEmployees({
    Operator: { UserId: tenant.OperatorUserId },
    Employees: employees,
    InvitationNotifyType: "NONE",
    Endpoint: "HTTP",
  });
}

function assertRequestId(response: { RequestId?: string }) {
  assert.equal(typeof response.RequestId, "string");
  assert.ok(response.RequestId!.length > 0, "RequestId is empty");
}

/** Every Staff member of a Describe answer has the documented JSON type (reference §4.5, §6.11). */
function assertStaffTypes(staff: Record<string, unknown>) {
  for (const key of ["UserId", "DisplayName", "Mobile", "Email", "OpenId", "ReceiveUserId", "ReceiveOpenId"]) {
    assert.equal(typeof staff[key], "string", `${key} should be a string`);
  }
  for (const key of ["CreatedOn", "VerifiedOn", "QuiteJob"]) assert.equal(typeof staff[key], "number", `${key} should be a number`);
  assert.equal(typeof staff.Verified, "boolean");
  assert.ok(Array.isArray(staff.Roles));
  assert.equal(typeof staff.Department, "object");
}

describe("official Node SDK in every signing mode", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd();
  });
  after(async () => {
    await h.close();
  });

  for (const mode of MODES) {
    describe(mode.label, () => {
      let tenant: CreatedTenant;
      let client: Client;
      const mobile = `1380000000${mode.digit}`;
      const masked = `138****000${mode.digit}`;
      let createdUserId = "";
      let creation: SecondsWindow | undefined;

      before(async () => {
        tenant = await h.createTenant(`签名模式${mode.digit}科技有限公司`);
        client = sdkClient(h, tenant, mode);
      });

      it("CreateIntegrationEmployees creates an unverified employee and returns an HTTP invitation link", async () => {
        const [response, ran] = await secondsWindowOf(() => createEmployees(client, tenant, [{ DisplayName: "张三", Mobile: mobile }]));
        assertRequestId(response);
        const result = response.CreateEmployeeResult!;
        assert.deepEqual(result.FailedEmployeeData, []);
        assert.equal(result.SuccessEmployeeData!.length, 1);
        const [created] = result.SuccessEmployeeData!;
        assert.equal(created.DisplayName, "张三");
        assert.equal(created.Mobile, mobile);
        assert.equal(created.Note, "");
        assert.match(created.UserId!, USER_ID);
        assert.notEqual(created.UserId, tenant.OperatorUserId);
        assert.ok(created.Url!.startsWith(`${h.url}/jump-mp.html?`), `unexpected Url ${created.Url}`);
        const link = new URL(created.Url!);
        assert.equal(link.searchParams.get("to"), "USER_VERIFY");
        assert.match(link.searchParams.get("verifyToken")!, USER_ID);
        // HTTP links live one day (reference §6.10).
        const expireTime = Number(link.searchParams.get("expireTime"));
        assertStampedWithin(expireTime, ran, 86_400, "expireTime");
        createdUserId = created.UserId!;
        creation = ran;
      });

      it("DescribeIntegrationEmployees filters by UserId and masks the mobile", async () => {
        assert.ok(createdUserId, "the create step did not run");
        const response = await client.DescribeIntegrationEmployees({
          Operator: { UserId: tenant.OperatorUserId },
          Filters: [{ Key: "UserId", Values: [createdUserId] }],
          Limit: 5,
          Offset: 0,
        });
        assertRequestId(response);
        assert.equal(response.TotalCount, 1);
        assert.equal(response.Limit, 5);
        assert.equal(response.Offset, 0);
        assert.equal(response.Employees!.length, 1);
        const [staff] = response.Employees!;
        assertStaffTypes(staff as Record<string, unknown>);
        assert.equal(staff.UserId, createdUserId);
        assert.equal(staff.DisplayName, "张三");
        assert.equal(staff.Mobile, masked);
        assert.equal(staff.Verified, false);
        assert.equal(staff.VerifiedOn, 0);
        assert.equal(staff.QuiteJob, 0);
        assertStampedWithin(staff.CreatedOn, creation!, 0, "CreatedOn (Unix seconds of the creation)");
        assert.deepEqual(staff.Roles!.map((r) => r.RoleName), ["企业员工"]);
      });

      it("DescribeIntegrationEmployees pages with Limit/Offset and filters by Status", async () => {
        const page = (Offset: number) => client.DescribeIntegrationEmployees({ Operator: { UserId: tenant.OperatorUserId }, Limit: 1, Offset });
        const [first, second, third] = [await page(0), await page(1), await page(2)];
        // The tenant's own super-admin plus the employee created above.
        for (const p of [first, second, third]) assert.equal(p.TotalCount, 2);
        assert.equal(first.Employees!.length, 1);
        assert.equal(second.Employees!.length, 1);
        assert.equal(third.Employees!.length, 0);
        assert.equal(second.Offset, 1);
        assert.deepEqual(new Set([first.Employees![0].UserId, second.Employees![0].UserId]), new Set([tenant.OperatorUserId, createdUserId]));

        const verified = await client.DescribeIntegrationEmployees({
          Operator: { UserId: tenant.OperatorUserId },
          Filters: [{ Key: "Status", Values: ["IsVerified"] }],
        });
        assert.equal(verified.TotalCount, 1);
        assert.equal(verified.Limit, 20, "Limit defaults to 20");
        assert.equal(verified.Employees![0].UserId, tenant.OperatorUserId);
        assert.equal(verified.Employees![0].Verified, true);
        assert.equal(verified.Employees![0].Mobile, "");
      });

      it("a malformed name fails alone, in FailedEmployeeData, beside a success", async () => {
        const goodMobile = `1390000000${mode.digit}`;
        const badMobile = `1370000000${mode.digit}`;
        const response = await createEmployees(client, tenant, [
          { DisplayName: "张三（广东）", Mobile: badMobile },
          { DisplayName: "李四", Mobile: goodMobile },
        ]);
        assertRequestId(response);
        const result = response.CreateEmployeeResult!;
        assert.deepEqual(result.FailedEmployeeData, [
          { DisplayName: "张三（广东）", Mobile: badMobile, WeworkOpenId: "", Reason: "参数错误,姓名不符合规范,请修改后重试" },
        ]);
        assert.equal(result.SuccessEmployeeData!.length, 1);
        assert.equal(result.SuccessEmployeeData![0].DisplayName, "李四");
        assert.equal(result.SuccessEmployeeData![0].Mobile, goodMobile);
      });
    });
  }

  describe("flattened nested parameters over GET", () => {
    let tenant: CreatedTenant;
    let ids: string[] = [];
    before(async () => {
      tenant = await h.createTenant("扁平参数科技有限公司");
      const client = sdkClient(h, tenant, MODES[0]);
      const response = await createEmployees(client, tenant, [
        { DisplayName: "王五", Mobile: "13600000001" },
        { DisplayName: "赵六", Mobile: "13600000002" },
        { DisplayName: "孙七", Mobile: "13600000003" },
      ]);
      ids = response.CreateEmployeeResult!.SuccessEmployeeData!.map((e) => e.UserId!);
      assert.equal(ids.length, 3);
    });

    for (const mode of MODES.filter((m) => m.reqMethod === "GET")) {
      it(`${mode.label}: Filters.0.Values.0/.1 rebuild into an array`, async () => {
        const response = await sdkClient(h, tenant, mode).DescribeIntegrationEmployees({
          Operator: { UserId: tenant.OperatorUserId },
          Filters: [{ Key: "UserId", Values: [ids[0], ids[2]] }],
          Limit: 10,
        });
        assert.equal(response.TotalCount, 2);
        assert.deepEqual(response.Employees!.map((e) => e.UserId).sort(), [ids[0], ids[2]].sort());
        assert.deepEqual(response.Employees!.map((e) => e.Mobile).sort(), ["136****0001", "136****0003"]);
      });
    }

    it("a hand-built TC3 GET with dotted keys and string numbers is rebuilt and typed", async () => {
      const query = new URLSearchParams({
        "Operator.UserId": tenant.OperatorUserId,
        "Filters.0.Key": "UserId",
        "Filters.0.Values.0": ids[1],
        Limit: "3",
        Offset: "0",
      }).toString();
      const { status, json } = await signedCall({
        url: h.url,
        secretId: tenant.SecretId,
        secretKey: tenant.SecretKey,
        action: "DescribeIntegrationEmployees",
        method: "GET",
        query,
      });
      assert.equal(status, 200);
      assert.equal(json.Response.Error, undefined, JSON.stringify(json.Response.Error));
      assert.equal(json.Response.TotalCount, 1);
      assert.equal(json.Response.Limit, 3);
      assert.equal(json.Response.Offset, 0);
      assert.equal(json.Response.Employees[0].UserId, ids[1]);
      assert.equal(json.Response.Employees[0].DisplayName, "赵六");
      assert.equal(typeof json.Response.RequestId, "string");
    });

    it("a GET create with a malformed name reports it per employee (HmacSHA1)", async () => {
      const response = await createEmployees(sdkClient(h, tenant, MODES[3]), tenant, [{ DisplayName: "张三（广东）", Mobile: "13600000009" }]);
      assert.deepEqual(response.CreateEmployeeResult!.SuccessEmployeeData, []);
      assert.equal(response.CreateEmployeeResult!.FailedEmployeeData![0].Reason, "参数错误,姓名不符合规范,请修改后重试");
      assert.equal(response.CreateEmployeeResult!.FailedEmployeeData![0].DisplayName, "张三（广东）");
    });
  });
});
