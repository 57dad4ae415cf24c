import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { ManualClock } from "../platform/clock.ts";
import { exampleEnterprise } from "../../test/support/tasks.ts";
import { NOT_FOUND_MESSAGE } from "../domain/registration/registry.ts";

// Whole-request rules, the daily limit and the worker. Per-enterprise rules: CreateBatchOrganizationRegistrationTasks.rows.test.ts.

const HOUR = 3_600_000;
// 10:00 in Beijing; the Beijing day ends at 16:00 UTC.
const START = Date.parse("2026-03-02T02:00:00Z");
const TASK_ID = /^yD[0-9A-Za-z]{30}$/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let h: Harness;
let clock: ManualClock;
let seq = 0;

const org = (extra: Record<string, unknown> = {}) => exampleEnterprise(`批量认证测试企业${++seq}`, extra);
const orgs = (n: number) => Array.from({ length: n }, () => org());

const call = (action: string, body: Record<string, unknown>, harness: Harness = h, at: ManualClock = clock) =>
  callAs(harness.url, harness.tenant, action, body, { timestamp: Math.floor(at.now() / 1000) });
const register = (body: Record<string, unknown>, harness?: Harness, at?: ManualClock) => call("CreateBatchOrganizationRegistrationTasks", body, harness, at);
const details = async (taskIds?: string[], harness?: Harness, at?: ManualClock) =>
  (await call("DescribeBatchOrganizationRegistrationTasks", taskIds ? { TaskIds: taskIds } : {}, harness, at)).Details;

/** Creates a task that must be accepted and returns its id. */
async function accepted(organizations: unknown[], extra: Record<string, unknown> = {}, harness?: Harness, at?: ManualClock) {
  const response = await register({ RegistrationOrganizations: organizations, ...extra }, harness, at);
  assert.equal(response.Error, undefined, JSON.stringify(response.Error));
  assert.match(response.TaskId, TASK_ID);
  assert.deepEqual(response.ErrorMessages, organizations.map(() => ""));
  return response.TaskId as string;
}

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
});
after(() => h.close());

describe("happy", () => {
  it("answers a 32-character TaskId and one empty message per enterprise, stores Processing sub-tasks, and the worker moves them to Create", async () => {
    const input = [org(), org({ AuthorizationTypes: [1] }), org({ OrganizationName: " 测试认证企业(深圳)有限公司 " })];
    const response = await register({ RegistrationOrganizations: input });
    assert.deepEqual(Object.keys(response).sort(), ["ErrorMessages", "RequestId", "TaskId"]);
    assert.match(response.TaskId, TASK_ID);
    assert.deepEqual(response.ErrorMessages, ["", "", ""]);

    assert.deepEqual((await call("DescribeBatchOrganizationRegistrationUrls", { TaskId: response.TaskId })).OrganizationAuthUrls, []);
    const flows = await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { taskId: response.TaskId });
    assert.deepEqual(flows.map((f) => [f.position, f.status, f.state]), [[0, "Processing", "active"], [1, "Processing", "active"], [2, "Processing", "active"]]);
    const subTaskIds = flows.map((f) => f.subTaskId!);
    assert.deepEqual((await details(subTaskIds)).map((d: { Status: string }) => d.Status), ["Processing", "Processing", "Processing"]);

    assert.equal(await h.worker.runOnce(), 1);
    assert.equal(await h.worker.runOnce(), 0);
    assert.deepEqual(await details(subTaskIds), flows.map((f) => ({ TaskId: f.subTaskId, Status: "Create", ErrorMessage: "", AuthorizationInfoId: f.id })));
    const urls = (await call("DescribeBatchOrganizationRegistrationUrls", { TaskId: response.TaskId })).OrganizationAuthUrls;
    assert.deepEqual(urls.map((u: { SubTaskId: string; OrganizationName: string; ErrorMessage: string }) => [u.SubTaskId, u.OrganizationName, u.ErrorMessage]), [
      [subTaskIds[0], input[0].OrganizationName, ""],
      [subTaskIds[1], input[1].OrganizationName, ""],
      [subTaskIds[2], "测试认证企业(深圳)有限公司", ""],
    ]);
    urls.forEach((u: { AuthUrl: string; OrganizationName: string }) =>
      assert.match(u.AuthUrl, new RegExp(`^${escapeRe(h.url)}/console/batch-register\\?token=yD[0-9A-Za-z]{30}&orgName=${escapeRe(u.OrganizationName)}$`)),
    );
  });

  it("a sandbox test value (名称含未收录) makes only that sub-task Failed", async () => {
    const taskId = await accepted([org(), org({ OrganizationName: "未收录测试企业" })]);
    await h.worker.runOnce();
    const flows = await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { taskId });
    const found = await details(flows.map((f) => f.subTaskId!));
    assert.deepEqual(found.map((d: { Status: string; ErrorMessage: string }) => [d.Status, d.ErrorMessage]), [["Create", ""], ["Failed", NOT_FOUND_MESSAGE]]);
  });

  it("accepts exactly 10 enterprises, and every documented Endpoint and BatchAuthMethod", async () => {
    await accepted(orgs(10));
    for (const Endpoint of ["PC", "SHORT_URL", "APP", "H5", "SHORT_H5"]) await accepted(orgs(1), { Endpoint, BatchAuthMethod: 1 });
    await accepted(orgs(1), { BatchAuthMethod: 0 });
  });

  it("the same name and code in two separate calls are not duplicates", async () => {
    const one = org();
    await accepted([one]);
    await accepted([{ ...one }]);
  });
});

describe("invalid input", () => {
  const dup = (a: Record<string, unknown>, b: Record<string, unknown>) => ({ RegistrationOrganizations: [org(a), org(), org(b)] });
  const requestErrors: Array<{ title: string; body: () => Record<string, unknown>; code: string; message: string | RegExp }> = [
    { title: "11 enterprises", body: () => ({ RegistrationOrganizations: orgs(11) }), code: "InvalidParameterValue", message: "参数 `RegistrationOrganizations` 取值错误：长度不得超过 10。" },
    { title: "0 enterprises", body: () => ({ RegistrationOrganizations: [] }), code: "InvalidParameterValue", message: "参数 `RegistrationOrganizations` 取值错误：长度不得少于 1。" },
    { title: "no RegistrationOrganizations", body: () => ({}), code: "MissingParameter", message: /`RegistrationOrganizations`/ },
    { title: "duplicate name", body: () => dup({ OrganizationName: "测试认证企业一" }, { OrganizationName: "测试认证企业一" }), code: "InvalidParameterValue", message: "企业名称[测试认证企业一]重复" },
    { title: "A(B) then A（B）", body: () => dup({ OrganizationName: "重名企业(深圳)" }, { OrganizationName: "重名企业（深圳）" }), code: "InvalidParameterValue", message: "企业名称[重名企业（深圳）]重复" },
    { title: "A（B） then A(B)", body: () => dup({ OrganizationName: "重名企业（广州）" }, { OrganizationName: "重名企业(广州)" }), code: "InvalidParameterValue", message: "企业名称[重名企业(广州)]重复" },
    { title: "names differing only in surrounding spaces", body: () => dup({ OrganizationName: "空格企业" }, { OrganizationName: " 空格企业 " }), code: "InvalidParameterValue", message: "企业名称[ 空格企业 ]重复" },
    { title: "duplicate credit code", body: () => dup({ UniformSocialCreditCode: "9144030071526726XG" }, { UniformSocialCreditCode: "9144030071526726XG" }), code: "InvalidParameterValue", message: "统一社会信用代码[9144030071526726XG]重复" },
    {
      title: "duplicate name on an otherwise invalid batch (duplicates are checked first)",
      body: () => dup({ OrganizationName: "无效重名", Address: "测试地址" }, { OrganizationName: "无效重名" }),
      code: "InvalidParameterValue",
      message: "企业名称[无效重名]重复",
    },
    { title: "Endpoint XX", body: () => ({ RegistrationOrganizations: orgs(1), Endpoint: "XX" }), code: "InvalidParameter.EndPoint", message: "参数Endpoint不正确：取值应为 PC、SHORT_URL、APP、H5、SHORT_H5 之一。" },
    { title: "BatchAuthMethod 2", body: () => ({ RegistrationOrganizations: orgs(1), BatchAuthMethod: 2 }), code: "InvalidParameterValue", message: "参数 `BatchAuthMethod` 取值错误：不得大于 1。" },
    { title: "an unknown enterprise member", body: () => ({ RegistrationOrganizations: [org({ LegalPerson: "x" })] }), code: "UnknownParameter", message: /`RegistrationOrganizations\.0\.LegalPerson`/ },
    { title: "OrganizationName missing", body: () => ({ RegistrationOrganizations: [org({ OrganizationName: undefined })] }), code: "MissingParameter", message: /`RegistrationOrganizations\.0\.OrganizationName`/ },
    { title: "unknown AdminIdCardType", body: () => ({ RegistrationOrganizations: [org({ AdminIdCardType: "PASSPORT" })] }), code: "InvalidParameterValue", message: /`RegistrationOrganizations\.0\.AdminIdCardType`/ },
  ];
  for (const c of requestErrors) {
    it(`answers ${c.code} for ${c.title}`, async () => {
      const response = await register(c.body());
      assert.equal(response.Error?.Code, c.code, JSON.stringify(response));
      if (typeof c.message === "string") assert.equal(response.Error.Message, c.message);
      else assert.match(response.Error.Message, c.message);
      assert.equal(response.TaskId, undefined);
      assert.equal(response.ErrorMessages, undefined);
    });
  }

  it("a batch with one invalid enterprise stores nothing and gives the worker nothing to do", async () => {
    const fresh = await startEssd({ clock, autoWork: false });
    try {
      const response = await register({ RegistrationOrganizations: [org(), org({ Address: "测试地址" }), org()] }, fresh);
      assert.equal(response.TaskId, "");
      assert.deepEqual(await details(undefined, fresh), []);
      assert.equal(await fresh.worker.runOnce(), 0);
      assert.deepEqual(await fresh.domain.store.findAuthFlows(fresh.tenant.OrganizationId, {}), []);
    } finally {
      await fresh.close();
    }
  });
});

describe("daily limit", () => {
  let limited: Harness;
  let dayClock: ManualClock;
  before(async () => {
    dayClock = new ManualClock(START);
    limited = await startEssd({ clock: dayClock, dailyLimit: 12, autoWork: false });
  });
  after(() => limited.close());
  const submit = (n: number) => register({ RegistrationOrganizations: orgs(n) }, limited, dayClock);
  const LIMIT = {
    Code: "LimitExceeded",
    Message: "超过每日创建上限：本企业今日（北京时间）最多创建 12 家企业的认证任务。",
  };

  it("10 then 3 enterprises → LimitExceeded; the refused call uses none of the quota; a new Beijing day starts afresh", async () => {
    await accepted(orgs(10), {}, limited, dayClock);
    const refused = await submit(3);
    assert.deepEqual(refused.Error, LIMIT);
    assert.equal(refused.TaskId, undefined);
    // The refused call stored nothing and counted nothing: 2 more still fit, then the 13th does not.
    await accepted(orgs(2), {}, limited, dayClock);
    assert.deepEqual((await submit(1)).Error, LIMIT);
    assert.equal((await details(undefined, limited, dayClock)).length, 12);

    dayClock.set(START + 14 * HOUR - 1); // 23:59:59.999 in Beijing
    assert.deepEqual((await submit(1)).Error, LIMIT);
    dayClock.set(START + 14 * HOUR); // 00:00 the next Beijing day
    await accepted(orgs(3), {}, limited, dayClock);
    assert.equal((await details(undefined, limited, dayClock)).length, 15);
  });

  it("an invalid batch is answered with its row messages, not LimitExceeded, when the quota is used up", async () => {
    dayClock.set(START + 48 * HOUR);
    await accepted(orgs(10), {}, limited, dayClock);
    await accepted(orgs(2), {}, limited, dayClock);
    const response = await register({ RegistrationOrganizations: [org({ AdminMobile: "1234" })] }, limited, dayClock);
    assert.equal(response.Error, undefined);
    assert.deepEqual(response.ErrorMessages, ["第【0】条注册信息参数错误，超管手机号不正确,请确认后再试"]);
  });
});
