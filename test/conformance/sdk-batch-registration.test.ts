/**
 * The batch enterprise registration family through the official Node SDK, in the documented order: create a task,
 * poll its links, one batch-authorization link per admin, sub-task states, auth status, clearing flows, and the
 * single-enterprise link (reference §6.3–6.9, Appendix B). The sandbox registry fails names containing 未收录.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import { PNG } from "pngjs";
import jsQRModule from "jsqr";
import { startEssd, type Harness } from "../support/harness.ts";
import { registrationUrls } from "../support/sdk-client.ts";
import { maskCreditCode } from "../../src/domain/masking.ts";
import { CREDIT_CODES } from "../support/identities.ts";
import { presign } from "../support/signed-request.ts";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import { assertStampedWithin, secondsWindowOf } from "../support/seconds-window.ts";

type SignMethod = "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";
// jsqr is CommonJS: under NodeNext its ES default export is `.default` of the CommonJS module (which carries both).
const jsQR = jsQRModule.default;

const ID32 = /^[0-9A-Za-z]{32}$/;
const WEEK = 604_800;
const NOT_FOUND = "三要素校验失败: 工商库未能查询到企业信息，请核实信息或切换为上传营业执照认证。";
const CLEARED = "认证流已被清除";
const SUBMIT = "AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT";
const ID_CARD = "11010519491231002X";
const LI = { AdminName: "李四", AdminMobile: "13800000001" };
const DIAN = { AdminName: "典子谦", AdminMobile: "13800000002" };
const CODES = CREDIT_CODES;

const org = (name: string, code: string, admin = LI, types = [2]) => ({ OrganizationName: name, UniformSocialCreditCode: code, LegalName: "张三", Address: "广东省深圳市南山区科技园", ...admin, AdminIdCardNumber: ID_CARD, AuthorizationTypes: types });

function sdkClient(h: Harness, t: CreatedTenant, signMethod: SignMethod = "TC3-HMAC-SHA256", reqMethod: "POST" | "GET" = "POST") {
  const profile = { signMethod, httpProfile: { endpoint: h.endpoint, protocol: "http://", reqMethod } };
  return new ess.v20201111.Client({ credential: { secretId: t.SecretId, secretKey: t.SecretKey }, region: "", profile });
}
type Client = ReturnType<typeof sdkClient>;

/** `<n>` in a template stands for n letters or digits; everything else is literal. */
function assertShape(actual: string | undefined, template: string): void {
  const pattern = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/<(\d+)>/g, "[0-9A-Za-z]{$1}");
  assert.match(actual ?? "(missing)", new RegExp(`^${pattern}$`));
}

async function expectSdkError(call: Promise<unknown>, code: string, ...mentions: string[]): Promise<void> {
  const error = await call.then(() => undefined, (e: Error & { code?: string }) => e); // prettier-ignore
  assert.ok(error, `expected ${code}, but the call succeeded`);
  assert.equal(error.code, code, `message: ${error.message}`);
  for (const m of mentions) assert.ok(error.message.includes(m), `message should mention ${JSON.stringify(m)}: ${error.message}`);
}

/** Opens a page and checks it is a 200 HTML page naming every one of `names`; returns the text. */
async function openPage(url: string, ...names: string[]): Promise<string> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const text = await res.text();
  for (const n of names) assert.ok(text.includes(n), `${url} should name ${n}`);
  return text;
}

/** A short link answers 302 to the long form `template`, and following it ends on a page naming `names`. */
async function openShort(url: string, template: string, ...names: string[]): Promise<string> {
  const res = await fetch(url, { redirect: "manual" });
  assert.equal(res.status, 302, url);
  assertShape(res.headers.get("location") ?? undefined, template);
  await openPage(url, ...names);
  return res.headers.get("location")!;
}

/** A hand-signed TC3 POST, for the raw JSON text the SDK would parse away. */
async function rawCall(h: Harness, t: CreatedTenant, action: string, body: unknown): Promise<{ text: string; json: any }> {
  const { url, init } = presign({ url: h.url, secretId: t.SecretId, secretKey: t.SecretKey, action, body });
  const res = await fetch(url, init);
  assert.equal(res.status, 200);
  const text = await res.text();
  const json = JSON.parse(text);
  assert.equal(json.Response.Error, undefined, text);
  return { text, json };
}

/** Creates a task and answers its links once the workers have processed it. */
async function createAndPoll(h: Harness, client: Client, t: CreatedTenant, orgs: ReturnType<typeof org>[], Endpoint?: string) {
  const created = await client.CreateBatchOrganizationRegistrationTasks({ Operator: { UserId: t.OperatorUserId }, RegistrationOrganizations: orgs, ...(Endpoint ? { Endpoint } : {}) });
  assert.match(created.TaskId!, ID32);
  assert.deepEqual(created.ErrorMessages, orgs.map(() => ""));
  const urls = await registrationUrls(h, client, t.OperatorUserId, created.TaskId!);
  assert.deepEqual(urls.map((u) => u.OrganizationName), orgs.map((o) => o.OrganizationName));
  for (const u of urls) assert.match(u.SubTaskId!, ID32);
  assert.equal(new Set(urls.map((u) => u.SubTaskId)).size, urls.length, "SubTaskIds are distinct");
  return { taskId: created.TaskId!, urls };
}

describe("batch enterprise registration through the official SDK", () => {
  let h: Harness;
  let t: CreatedTenant;
  let client: Client;
  const op = () => ({ UserId: t.OperatorUserId });
  const NAMES = ["深圳星河示例科技有限公司", "北京未收录示例科技有限公司", "上海浦江示例科技有限公司"];
  const ORGS = [org(NAMES[0], CODES[0]), org(NAMES[1], CODES[1]), org(NAMES[2], CODES[2], DIAN)];
  let taskId = "";
  let sub: string[] = [];
  let flows: string[] = [];

  before(async () => {
    h = await startEssd();
    t = await h.createTenant("批量认证发起科技有限公司");
    client = sdkClient(h, t);
  });
  after(() => h.close());

  it("1. a task of three enterprises yields a link per good enterprise and the registry's reason for the 未收录 one", async () => {
    const { taskId: id, urls } = await createAndPoll(h, client, t, ORGS);
    taskId = id;
    sub = urls.map((u) => u.SubTaskId!);
    assertShape(urls[0].AuthUrl, `${h.url}/console/batch-register?token=<32>&orgName=${NAMES[0]}`);
    assertShape(urls[2].AuthUrl, `${h.url}/console/batch-register?token=<32>&orgName=${NAMES[2]}`);
    assert.equal(urls[0].ErrorMessage, "");
    assert.ok(!("AuthUrl" in urls[1]), "a failed enterprise has no AuthUrl");
    assert.equal(urls[1].ErrorMessage, NOT_FOUND);
    await openPage(urls[0].AuthUrl!, NAMES[0], maskCreditCode(CODES[0]));
  });

  describe("2. registration link forms per task Endpoint", () => {
    let shapes: CreatedTenant;
    before(async () => {
      shapes = await h.createTenant("链接形态科技有限公司");
    });
    // [Endpoint, enterprise, AuthUrl form, where a short link redirects]; {url} is h.url, {name} the enterprise.
    const cases: Array<[string | undefined, string, string, string?]> = [
      [undefined, "形态默认示例科技有限公司", "{url}/console/batch-register?token=<32>&orgName={name}"],
      ["SHORT_URL", "形态短链示例科技有限公司", "{url}/s/<10>", "{url}/console/batch-register?token=<32>&orgName={encoded}"],
      ["APP", "形态小程序示例科技有限公司", "/pages/guide/index?to=REGISTER_ENTERPRISE_FOR_BATCH&urlAuthToken=<32>&orgName={name}"],
      ["H5", "形态网页示例科技有限公司", "{url}/h5/batch-register?token=<32>&orgName={name}"],
      ["SHORT_H5", "形态网页短链示例科技有限公司", "{url}/s/<10>", "{url}/h5/batch-register?token=<32>&orgName={encoded}"],
    ];
    for (const [endpoint, name, form, redirect] of cases) {
      it(`Endpoint ${endpoint ?? "(default PC)"}`, async () => {
        // A redirect's Location must be ASCII, so there the name is percent-encoded.
        const fill = (template: string) => template.replace("{url}", h.url).replace("{name}", name).replace("{encoded}", encodeURIComponent(name));
        const { urls } = await createAndPoll(h, sdkClient(h, shapes), shapes, [org(name, CODES[0])], endpoint);
        assert.equal(urls[0].ErrorMessage, "");
        const url = urls[0].AuthUrl!;
        assertShape(url, fill(form));
        if (redirect) await openShort(url, fill(redirect), name);
        // The mini-program path carries the same token the PC page opens with.
        else if (endpoint === "APP") await openPage(`${h.url}/console/batch-register?token=${/urlAuthToken=(\w{32})/.exec(url)![1]}`, name);
        else await openPage(url, name);
      });
    }
  });

  describe("3. CreateBatchOrganizationAuthorizationUrl: one link for one admin's enterprises", () => {
    /** Asks for a link over all three sub-tasks as 李四 and checks ExpireTime and the two filtered sub-tasks. */
    async function batchLink(Endpoint?: string): Promise<string> {
      const startedAt = Math.floor(Date.now() / 1000);
      const r = await client.CreateBatchOrganizationAuthorizationUrl({ Operator: op(), ...LI, AdminIdCardNumber: ID_CARD, SubTaskIds: sub, Endpoint });
      const endedAt = Math.floor(Date.now() / 1000);
      assert.ok(r.ExpireTime! - WEEK >= startedAt && r.ExpireTime! - WEEK <= endedAt, `ExpireTime ${r.ExpireTime} is not 7 days after ${startedAt}..${endedAt}`);
      assert.deepEqual(r.ErrorMessages, [`子任务[${sub[1]}]（${NAMES[1]}）认证任务失败：${NOT_FOUND}`, `子任务[${sub[2]}]（${NAMES[2]}）不属于该超管，已被筛选`]);
      return r.AuthUrl!;
    }
    const HTTP = () => `${h.url}/jump-mp.html?to=${SUBMIT}&shortKey=<20>`;
    /** The batch page names the admin (masked) and only the accepted enterprise. */
    const openBatchPage = async (url: string) => {
      const text = await openPage(url, "李*", NAMES[0]);
      assert.ok(!text.includes(NAMES[1]) && !text.includes(NAMES[2]), "filtered enterprises are not on the page");
    };

    it("HTTP (default) is the long jump-mp link", async () => {
      const url = await batchLink();
      assertShape(url, HTTP());
      await openBatchPage(url);
    });

    it("HTTP_SHORT_URL redirects to the HTTP form", async () => {
      const url = await batchLink("HTTP_SHORT_URL");
      assertShape(url, `${h.url}/s/<10>`);
      await openShort(url, HTTP(), NAMES[0]);
    });

    it("APP is the mini-program path, whose shortKey opens the same page", async () => {
      const url = await batchLink("APP");
      assertShape(url, `pages/guide/index?to=${SUBMIT}&shortKey=<20>`);
      await openBatchPage(`${h.url}/jump-mp.html?to=${SUBMIT}&shortKey=${url.split("shortKey=")[1]}`);
    });

    it("QR_CODE is a PNG whose QR code holds the HTTP link", async () => {
      const url = await batchLink("QR_CODE");
      assertShape(url, `${h.url}/imgs/qrcode_urls/${SUBMIT.toLowerCase()}/<32>.png`);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "image/png");
      const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.ok(decoded, "the PNG holds a readable QR code");
      assertShape(decoded.data, HTTP());
      assert.equal(new URL(decoded.data).host, new URL(h.url).host);
      await openBatchPage(decoded.data);
    });

    it("only ineligible sub-tasks → FailedOperation naming each", async () => {
      const call = client.CreateBatchOrganizationAuthorizationUrl({ Operator: op(), ...LI, SubTaskIds: [sub[1], sub[2]] });
      await expectSdkError(call, "FailedOperation", sub[1], sub[2], "不属于该超管");
    });

    it("responses never escape & as \\u0026 (raw JSON)", async () => {
      const links = await rawCall(h, t, "DescribeBatchOrganizationRegistrationUrls", { Operator: op(), TaskId: taskId });
      assert.ok(links.text.includes(`&orgName=${NAMES[0]}`), links.text);
      const batch = await rawCall(h, t, "CreateBatchOrganizationAuthorizationUrl", { Operator: op(), ...LI, SubTaskIds: [sub[0]] });
      assert.ok(batch.text.includes(`?to=${SUBMIT}&shortKey=`), batch.text);
      assert.deepEqual(batch.json.Response.ErrorMessages, []);
      for (const text of [links.text, batch.text]) assert.ok(!text.includes("\\u0026"), text);
    });
  });

  it("4. DescribeBatchOrganizationRegistrationTasks answers per SubTaskId, in the order asked", async () => {
    const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: op(), TaskIds: sub });
    const rows = [[sub[0], "Create", ""], [sub[1], "Failed", NOT_FOUND], [sub[2], "Create", ""]]; // prettier-ignore
    assert.deepEqual(Details!.map((d) => [d.TaskId, d.Status, d.ErrorMessage]), rows);
    flows = Details!.map((d) => d.AuthorizationInfoId!);
    for (const f of flows) assert.match(f, ID32);
    assert.equal(new Set([...flows, ...sub, taskId]).size, 7, "flow, sub-task and task ids are all distinct");
    const reversed = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: op(), TaskIds: [sub[2], "yDnoSuchSubTask00000000000000000", sub[0]] });
    assert.deepEqual(reversed.Details!.map((d) => d.TaskId), [sub[2], sub[0]]);
  });

  it("5. DescribeOrganizationAuthStatus by name or credit code masks the admin", async () => {
    const byName = await client.DescribeOrganizationAuthStatus({ Operator: op(), OrganizationName: NAMES[0] });
    assert.equal(byName.IsVerified, false);
    assert.equal(byName.AuthStatus, 1);
    assert.deepEqual(byName.AuthRecords, [{ OperatorName: "李*", OperatorMobile: "138****0001", AuthType: 0, AuditStatus: 0, Reason: "" }]);
    assert.ok(!("OrganizationId" in byName), "OrganizationId only once verified");
    const byCode = await client.DescribeOrganizationAuthStatus({ Operator: op(), UniformSocialCreditCode: CODES[2] });
    assert.deepEqual([byCode.IsVerified, byCode.AuthStatus], [false, 1]);
    assert.deepEqual(byCode.AuthRecords, [{ OperatorName: "典*谦", OperatorMobile: "138****0002", AuthType: 0, AuditStatus: 0, Reason: "" }]);
    const failed = await client.DescribeOrganizationAuthStatus({ Operator: op(), OrganizationName: NAMES[1] });
    assert.deepEqual([failed.AuthStatus, failed.AuthRecords], [0, []]);
    await expectSdkError(client.DescribeOrganizationAuthStatus({ Operator: op() }), "MissingParameter.OrgNameOrUniformSocialCreditCode");
  });

  describe("6. DeleteOrganizationAuthorizations", () => {
    it("by AdminName+AdminMobile clears that admin's unfinished flows, failed ones too (Status 1, member Errormessage)", async () => {
      const r = await client.DeleteOrganizationAuthorizations({ Operator: op(), ...LI });
      assert.equal(r.Status, 1);
      assert.deepEqual(r.DeleteOrganizationAuthorizationInfos, [
        { AuthorizationId: flows[0], OrganizationName: NAMES[0], Errormessage: "" },
        { AuthorizationId: flows[1], OrganizationName: NAMES[1], Errormessage: "" },
      ]);
      assert.deepEqual(Object.keys(r.DeleteOrganizationAuthorizationInfos![0]).sort(), ["AuthorizationId", "Errormessage", "OrganizationName"]);
    });

    it("a cleared sub-task reports it everywhere and cannot go into a batch link", async () => {
      const { OrganizationAuthUrls: urls } = await client.DescribeBatchOrganizationRegistrationUrls({ Operator: op(), TaskId: taskId });
      assert.deepEqual(urls![0], { ErrorMessage: CLEARED, SubTaskId: sub[0], OrganizationName: NAMES[0] });
      assert.deepEqual(urls![1], { ErrorMessage: CLEARED, SubTaskId: sub[1], OrganizationName: NAMES[1] });
      assertShape(urls![2].AuthUrl, `${h.url}/console/batch-register?token=<32>&orgName=${NAMES[2]}`);
      const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: op(), TaskIds: [sub[0], sub[1]] });
      assert.deepEqual(Details, [
        { TaskId: sub[0], Status: "Create", ErrorMessage: CLEARED, AuthorizationInfoId: flows[0] },
        { TaskId: sub[1], Status: "Failed", ErrorMessage: CLEARED, AuthorizationInfoId: flows[1] },
      ]);
      const status = await client.DescribeOrganizationAuthStatus({ Operator: op(), OrganizationName: NAMES[0] });
      assert.deepEqual([status.AuthStatus, status.AuthRecords], [0, []]);
      await expectSdkError(client.CreateBatchOrganizationAuthorizationUrl({ Operator: op(), ...LI, SubTaskIds: [sub[0]] }), "FailedOperation", "的认证流已被清除");
    });

    it("a second clear by admin → InvalidParameter.DataNotFound", async () => {
      await expectSdkError(client.DeleteOrganizationAuthorizations({ Operator: op(), ...LI }), "InvalidParameter.DataNotFound");
    });

    it("by AuthorizationIds mixing a cleared and an unknown id → Status 3 (raw member Errormessage)", async () => {
      const unknown = "yDnoSuchFlow00000000000000000000";
      const { text, json } = await rawCall(h, t, "DeleteOrganizationAuthorizations", { Operator: op(), AuthorizationIds: [flows[0], unknown] });
      assert.equal(json.Response.Status, 3);
      assert.deepEqual(json.Response.DeleteOrganizationAuthorizationInfos, [
        { AuthorizationId: flows[0], OrganizationName: NAMES[0], Errormessage: CLEARED },
        { AuthorizationId: unknown, OrganizationName: "", Errormessage: "企业认证不存在" },
      ]);
      assert.ok(text.includes(`"Errormessage":"${CLEARED}"`) && !text.includes('"ErrorMessage"'), text);
    });

    it("another operator of the same organization cannot clear the first operator's flows", async () => {
      const employees = [{ DisplayName: "王五", Mobile: "13800000009" }];
      const invited = await client.CreateIntegrationEmployees({ Operator: op(), Employees: employees, InvitationNotifyType: "NONE", Endpoint: "HTTP" });
      const [staff] = invited.CreateEmployeeResult!.SuccessEmployeeData!;
      const token = new URL(staff.Url!).searchParams.get("verifyToken")!;
      assert.equal((await fetch(`${h.url}/invitations/${token}/accept`, { method: "POST" })).status, 200);
      const other = { UserId: staff.UserId! };

      await expectSdkError(client.DeleteOrganizationAuthorizations({ Operator: other, ...DIAN }), "InvalidParameter.DataNotFound");
      const byId = await client.DeleteOrganizationAuthorizations({ Operator: other, AuthorizationIds: [flows[2]] });
      assert.equal(byId.Status, 3);
      assert.deepEqual(byId.DeleteOrganizationAuthorizationInfos, [{ AuthorizationId: flows[2], OrganizationName: "", Errormessage: "企业认证不存在" }]);
      const { Details } = await client.DescribeBatchOrganizationRegistrationTasks({ Operator: op(), TaskIds: [sub[2]] });
      assert.deepEqual(Details, [{ TaskId: sub[2], Status: "Create", ErrorMessage: "", AuthorizationInfoId: flows[2] }]);
      assert.equal((await client.DescribeOrganizationAuthStatus({ Operator: op(), UniformSocialCreditCode: CODES[2] })).AuthStatus, 1);
    });
  });

  describe("7. CreateOrganizationAuthUrl (single enterprise, 30 days)", () => {
    const THIRTY_DAYS = 30 * 86_400;
    const name = "单链接示例科技有限公司";
    // `{url}` is h.url; the third member is the long path a short link redirects to.
    const cases: Array<[string, string, string?]> = [
      ["PC", "{url}/console/register-callback?token=<32>"],
      ["SHORT_URL", "{url}/s/<10>", "console/register-callback"],
      ["APP", "/pages/guide/index?to=REGISTER_ENTERPRISE&urlAuthToken=<32>"],
      ["H5", "{url}/h5/register?token=<32>"],
      ["SHORT_H5", "{url}/s/<10>", "h5/register"],
    ];
    for (const [Endpoint, shape, longPath] of cases) {
      it(`Endpoint ${Endpoint}`, async () => {
        const [r, ran] = await secondsWindowOf(() => client.CreateOrganizationAuthUrl({ Operator: op(), OrganizationName: name, UniformSocialCreditCode: CODES[1], Endpoint }));
        assertShape(r.AuthUrl, shape.replace("{url}", h.url));
        assertStampedWithin(r.ExpiredTime, ran, THIRTY_DAYS, "ExpiredTime");
        if (longPath) await openShort(r.AuthUrl!, `${h.url}/${longPath}?token=<32>`, name);
        else if (Endpoint !== "APP") await openPage(r.AuthUrl!, name, maskCreditCode(CODES[1]));
      });
    }

    it("H5 without OrganizationName, AuthorizationTypes [3] and Endpoint XX are refused", async () => {
      await expectSdkError(client.CreateOrganizationAuthUrl({ Operator: op(), Endpoint: "H5" }), "MissingParameter", "OrganizationName");
      await expectSdkError(client.CreateOrganizationAuthUrl({ Operator: op(), AuthorizationTypes: [3] }), "InvalidParameter.AuthorizationType");
      await expectSdkError(client.CreateOrganizationAuthUrl({ Operator: op(), Endpoint: "XX" }), "InvalidParameter.EndPoint");
    });
  });

  describe("8. the same sequence over GET (flattened nested parameters)", () => {
    const modes: Array<[SignMethod, string, string]> = [["TC3-HMAC-SHA256", "TC3-HMAC-SHA256 over GET", "甲"], ["HmacSHA1", "HmacSHA1 over GET", "乙"]]; // prettier-ignore
    for (const [signMethod, label, prefix] of modes) {
      it(label, async () => {
        const tenant = await h.createTenant(`${prefix}方批量认证科技有限公司`);
        const get = sdkClient(h, tenant, signMethod, "GET");
        const names = [`${prefix}方星河示例科技有限公司`, `${prefix}方未收录示例科技有限公司`];
        const { taskId: id, urls } = await createAndPoll(h, get, tenant, [org(names[0], CODES[0], LI, [2]), org(names[1], CODES[1], LI, [5])]);
        assertShape(urls[0].AuthUrl, `${h.url}/console/batch-register?token=<32>&orgName=${names[0]}`);
        assert.deepEqual([urls[1].AuthUrl, urls[1].ErrorMessage], [undefined, NOT_FOUND]);
        // RegistrationOrganizations.N.AuthorizationTypes.0 arrived as arrays of numbers.
        const stored = await h.domain.store.findAuthFlows(tenant.OrganizationId, { taskId: id });
        assert.deepEqual(stored.map((f) => f.authorizationTypes), [[2], [5]]);
        const ids = urls.map((u) => u.SubTaskId!);
        const { Details } = await get.DescribeBatchOrganizationRegistrationTasks({ Operator: { UserId: tenant.OperatorUserId }, TaskIds: ids });
        assert.deepEqual(Details!.map((d) => [d.TaskId, d.Status, d.ErrorMessage]), [[ids[0], "Create", ""], [ids[1], "Failed", NOT_FOUND]]); // prettier-ignore
        const link = await get.CreateBatchOrganizationAuthorizationUrl({ Operator: { UserId: tenant.OperatorUserId }, ...LI, SubTaskIds: ids });
        assertShape(link.AuthUrl, `${h.url}/jump-mp.html?to=${SUBMIT}&shortKey=<20>`);
        assert.deepEqual(link.ErrorMessages, [`子任务[${ids[1]}]（${names[1]}）认证任务失败：${NOT_FOUND}`]);
      });
    }

    // The Node SDK sends `Key=` over TC3 GET for a member set to undefined (reference §1.5): an optional enum left out.
    it("TC3 GET with optional enum members set to undefined", async () => {
      const tenant = await h.createTenant("丙方批量认证科技有限公司");
      const get = sdkClient(h, tenant, "TC3-HMAC-SHA256", "GET");
      const Operator = { UserId: tenant.OperatorUserId };
      const created = await get.CreateBatchOrganizationRegistrationTasks({ Operator, RegistrationOrganizations: [org("丙方示例科技有限公司", CODES[0])], Endpoint: undefined });
      assert.match(created.TaskId!, ID32);
      const single = await get.CreateOrganizationAuthUrl({ Operator, OrganizationName: "丙方示例科技有限公司", Endpoint: undefined, AdminIdCardType: undefined });
      assertShape(single.AuthUrl, `${h.url}/console/register-callback?token=<32>`);
    });
  });
});
