import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs, signedCall } from "../../test/support/signed-request.ts";
import { ManualClock } from "../platform/clock.ts";
import { freshCreditCode, ID_NUMBER, PERMIT_NUMBER } from "../../test/support/identities.ts";
import { NOT_FOUND_MESSAGE } from "../domain/registration/registry.ts";
import type { AuthFlowRecord } from "../store/ports.ts";

const DAY = 86_400_000;
// 10:00:00.750 in Beijing: not on a whole second, so the rounding of ExpireTime shows.
const START = Date.parse("2026-03-02T02:00:00.750Z");
const ID = "[0-9A-Za-z]";
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let h: Harness;
let clock: ManualClock;
let seq = 0;

type Admin = { AdminName: string; AdminMobile: string; AdminIdCardNumber?: string; AdminIdCardType?: string };
/** A super-admin no other test uses. */
const freshAdmin = (name = "典子谦"): Admin => ({ AdminName: name, AdminMobile: `1320000${String(++seq).padStart(4, "0")}` });
const org = (admin: Admin, name = `单链接测试企业${++seq}`) => ({
  OrganizationName: name,
  UniformSocialCreditCode: freshCreditCode(),
  LegalName: "鹅鹅子",
  ...admin,
  AuthorizationTypes: [2],
});

const call = (action: string, body: Record<string, unknown>, harness: Harness = h, at: ManualClock = clock) =>
  callAs(harness.url, harness.tenant, action, body, { timestamp: Math.floor(at.now() / 1000) });
const authUrl = (body: Record<string, unknown>, harness?: Harness, at?: ManualClock) => call("CreateBatchOrganizationAuthorizationUrl", body, harness, at);

/** Registers enterprises (one per entry) and, unless `process` is false, lets the worker finish them; returns the sub-tasks in order. */
async function register(organizations: Array<Record<string, unknown>>, options: { process?: boolean; harness?: Harness; at?: ManualClock } = {}) {
  const harness = options.harness ?? h;
  const response = await call("CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: organizations }, harness, options.at);
  assert.equal(response.TaskId.length, 32, JSON.stringify(response));
  if (options.process !== false) await harness.worker.runOnce();
  const flows = await harness.domain.store.findAuthFlows(harness.tenant.OrganizationId, { taskId: response.TaskId });
  return flows.sort((a, b) => a.position - b.position);
}
const sub = (f: AuthFlowRecord) => f.subTaskId!;
const linkFlowIds = async (url: string) => {
  const shortKey = /shortKey=(yD[0-9A-Za-z]{18})$/.exec(url)![1];
  const alias = (await h.domain.store.getLink(shortKey))!;
  return (await h.domain.store.getLink(String(alias.target.token)))!.target.flowIds as string[];
};

before(async () => {
  clock = new ManualClock(START);
  h = await startEssd({ clock, autoWork: false });
});
after(() => h.close());

describe("happy", () => {
  it("one HTTP link for the admin's sub-tasks, ErrorMessages [], ExpireTime exactly 7 days in whole seconds", async () => {
    const admin = { ...freshAdmin(), AdminIdCardNumber: ID_NUMBER };
    const flows = await register([org(admin), org(admin)]);
    const response = await authUrl({ ...admin, AdminIdCardType: "ID_CARD", SubTaskIds: flows.map(sub), Endpoint: "HTTP" });
    assert.deepEqual(Object.keys(response).sort(), ["AuthUrl", "ErrorMessages", "ExpireTime", "RequestId"]);
    assert.match(response.AuthUrl, new RegExp(`^${escapeRe(h.url)}/jump-mp\\.html\\?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yD${ID}{18}$`));
    assert.deepEqual(response.ErrorMessages, []);
    assert.equal(response.ExpireTime, Math.floor(clock.now() / 1000) + 604_800);
    assert.deepEqual(await linkFlowIds(response.AuthUrl), flows.map((f) => f.id));
    const page = await fetch(response.AuthUrl);
    assert.equal(page.status, 200);
    const text = await page.text();
    for (const f of flows) assert.ok(text.includes(f.organizationName), f.organizationName);
    assert.ok(text.includes("典*谦 的企业批量认证"));
  });

  it("without SubTaskIds takes all of the admin's eligible sub-tasks and reports the admin's others", async () => {
    const admin = freshAdmin();
    const [a, b, failed] = await register([org(admin), org(admin), org(admin, `未收录企业${++seq}`)]);
    const [other] = await register([org(freshAdmin())]);
    const response = await authUrl({ ...admin });
    assert.deepEqual(await linkFlowIds(response.AuthUrl), [a.id, b.id]);
    assert.deepEqual(response.ErrorMessages, [`子任务[${sub(failed)}]（${failed.organizationName}）认证任务失败：${NOT_FOUND_MESSAGE}`]);
    assert.ok(!JSON.stringify(response).includes(sub(other)));
  });

  it("without SubTaskIds takes only the admin's 100 newest sub-tasks, oldest of them first", async () => {
    const admin = freshAdmin();
    const [template] = await register([org(admin)]);
    // 110 newer sub-tasks of the same admin, each ready (the template's live link), in one task of their own.
    const newer = Array.from({ length: 110 }, (_, position) => ({
      ...template!,
      id: `bulk${seq}f${position}`,
      subTaskId: `bulk${seq}s${position}`,
      taskId: `bulk${seq}`,
      position,
      createdAt: template!.createdAt + 1,
    }));
    for (const flow of newer) await h.domain.store.insertAuthFlow(flow);
    const response = await authUrl({ ...admin });
    assert.equal(response.Error, undefined, JSON.stringify(response.Error));
    assert.deepEqual(response.ErrorMessages, []);
    assert.deepEqual(await linkFlowIds(response.AuthUrl), newer.slice(10).map((f) => f.id));
  });

  it("matches the admin name and mobile after trimming surrounding spaces", async () => {
    const admin = freshAdmin("Anna Lee");
    const flows = await register([org(admin)]);
    const response = await authUrl({ AdminName: " Anna Lee ", AdminMobile: ` ${admin.AdminMobile} `, SubTaskIds: flows.map(sub) });
    assert.deepEqual(response.ErrorMessages, []);
  });

  const forms: Array<{ endpoint: string; url: () => RegExp; fetched?: { status: number; type: RegExp } }> = [
    { endpoint: "HTTP_SHORT_URL", url: () => new RegExp(`^${escapeRe(h.url)}/s/${ID}{10}$`), fetched: { status: 200, type: /text\/html/ } },
    { endpoint: "APP", url: () => new RegExp(`^pages/guide/index\\?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yD${ID}{18}$`) },
    {
      endpoint: "QR_CODE",
      url: () => new RegExp(`^${escapeRe(h.url)}/imgs/qrcode_urls/authorization_enterprise_for_batch_submit/yD${ID}{30}\\.png$`),
      fetched: { status: 200, type: /^image\/png/ },
    },
  ];
  for (const form of forms) {
    it(`Endpoint ${form.endpoint} answers its link form`, async () => {
      const admin = freshAdmin();
      const flows = await register([org(admin)]);
      const response = await authUrl({ ...admin, SubTaskIds: flows.map(sub), Endpoint: form.endpoint });
      assert.match(response.AuthUrl, form.url());
      if (form.fetched) {
        const res = await fetch(response.AuthUrl);
        assert.equal(res.status, form.fetched.status);
        assert.match(res.headers.get("content-type")!, form.fetched.type);
      }
    });
  }
});

describe("filtering", () => {
  it("leaves out another admin's, Processing, Failed, cleared, verified and unknown sub-tasks, each with its reason", async () => {
    const admin = freshAdmin();
    const [good, failed, cleared, verified] = await register([org(admin), org(admin, `未收录企业${++seq}`), org(admin), org(admin)]);
    const [others] = await register([org(freshAdmin("李四"))]);
    const [sameNameOtherMobile] = await register([org({ ...freshAdmin() })]);
    const [processing] = await register([org(admin)], { process: false });
    const del = await call("DeleteOrganizationAuthorizations", { AuthorizationIds: [cleared.id] });
    assert.equal(del.Status, 1);
    await h.domain.store.updateAuthFlow(verified.id, { state: "verified" }, clock.now());
    const unknown = `yD${"0".repeat(30)}`;

    const asked = [good, others, sameNameOtherMobile, processing, failed, cleared, verified].map(sub);
    const response = await authUrl({ ...admin, SubTaskIds: [...asked, unknown, sub(good)] });
    const why = (f: AuthFlowRecord, reason: string) => `子任务[${sub(f)}]（${f.organizationName}）${reason}`;
    assert.deepEqual(response.ErrorMessages, [
      why(others, "不属于该超管，已被筛选"),
      why(sameNameOtherMobile, "不属于该超管，已被筛选"),
      why(processing, "仍在处理中，请稍后再试"),
      why(failed, `认证任务失败：${NOT_FOUND_MESSAGE}`),
      why(cleared, "的认证流已被清除"),
      why(verified, "的企业已完成认证"),
      `子任务[${unknown}]不存在`,
    ]);
    assert.deepEqual(await linkFlowIds(response.AuthUrl), [good.id]);
  });

  it("a different AdminIdCardNumber or AdminIdCardType filters the sub-task out", async () => {
    const admin = { ...freshAdmin(), AdminIdCardNumber: ID_NUMBER };
    const [flow] = await register([org(admin)]);
    // 110105198001010016: another valid resident ID number.
    for (const mismatch of [{ AdminIdCardNumber: "110105198001010016" }, { AdminIdCardType: "HONGKONG_MACAO_AND_TAIWAN", AdminIdCardNumber: PERMIT_NUMBER }]) {
      const response = await authUrl({ ...admin, ...mismatch, SubTaskIds: [sub(flow)] });
      assert.equal(response.Error?.Code, "FailedOperation", JSON.stringify(response));
      assert.ok(response.Error.Message.includes(`子任务[${sub(flow)}]（${flow.organizationName}）不属于该超管，已被筛选`), response.Error.Message);
    }
  });

  it("FailedOperation when none remain, naming every reason", async () => {
    const admin = freshAdmin();
    const [processing] = await register([org(admin)], { process: false });
    const response = await authUrl({ ...admin, SubTaskIds: [sub(processing)] });
    assert.deepEqual(response.Error, {
      Code: "FailedOperation",
      Message: `没有可以生成批量认证链接的子任务：子任务[${sub(processing)}]（${processing.organizationName}）仍在处理中，请稍后再试`,
    });
    await h.worker.runOnce();
  });

  it("FailedOperation for an admin with no sub-tasks at all", async () => {
    const response = await authUrl({ ...freshAdmin() });
    assert.deepEqual(response.Error, { Code: "FailedOperation", Message: "没有可以生成批量认证链接的子任务：该超管名下没有子任务" });
  });

  it("another organization's sub-task is unknown", async () => {
    const admin = freshAdmin();
    const [flow] = await register([org(admin)]);
    const other = await h.createTenant("另一家公司");
    const { json } = await signedCall({
      url: h.url,
      secretId: other.SecretId,
      secretKey: other.SecretKey,
      action: "CreateBatchOrganizationAuthorizationUrl",
      body: { Operator: { UserId: other.OperatorUserId }, ...admin, SubTaskIds: [sub(flow)] },
      timestamp: Math.floor(clock.now() / 1000),
    });
    assert.deepEqual(json.Response.Error, { Code: "FailedOperation", Message: `没有可以生成批量认证链接的子任务：子任务[${sub(flow)}]不存在` });
  });
});

describe("expiry", () => {
  let t: Harness;
  let tclock: ManualClock;
  before(async () => {
    tclock = new ManualClock(START);
    t = await startEssd({ clock: tclock, autoWork: false });
  });
  after(() => t.close());

  it("a sub-task whose registration link expired (7 days + 1 s) is left out; the batch link page answers 410 after its ExpireTime", async () => {
    const admin = freshAdmin();
    const [early] = await register([org(admin)], { harness: t, at: tclock });
    tclock.advance(DAY);
    const [late] = await register([org(admin)], { harness: t, at: tclock });
    const response = await authUrl({ ...admin }, t, tclock);
    assert.deepEqual(response.ErrorMessages, []);
    assert.equal(response.ExpireTime, Math.floor(tclock.now() / 1000) + 604_800);

    tclock.set(START + 7 * DAY + 1000);
    const after7 = await authUrl({ ...admin }, t, tclock);
    assert.deepEqual(after7.ErrorMessages, [`子任务[${sub(early)}]（${early.organizationName}）的认证链接已过期`]);

    tclock.set(response.ExpireTime * 1000 - 1);
    assert.equal((await fetch(response.AuthUrl)).status, 200);
    tclock.set(response.ExpireTime * 1000);
    const gone = await fetch(response.AuthUrl);
    assert.equal(gone.status, 410);
    assert.ok((await gone.text()).includes("链接已过期"));

    tclock.set(START + 8 * DAY + 1000);
    const none = await authUrl({ ...admin, SubTaskIds: [sub(early), sub(late)] }, t, tclock);
    assert.equal(none.Error?.Code, "FailedOperation");
    assert.equal(
      none.Error.Message,
      `没有可以生成批量认证链接的子任务：子任务[${sub(early)}]（${early.organizationName}）的认证链接已过期；子任务[${sub(late)}]（${late.organizationName}）的认证链接已过期`,
    );
  });
});

describe("invalid input", () => {
  const requestErrors: Array<{ title: string; body: Record<string, unknown>; code: string; message: string }> = [
    { title: "no AdminName", body: { AdminMobile: "13200000000" }, code: "MissingParameter", message: "缺少参数：`AdminName`。" },
    { title: "no AdminMobile", body: { AdminName: "典子谦" }, code: "MissingParameter", message: "缺少参数：`AdminMobile`。" },
    { title: "masked AdminMobile 1320****000", body: { AdminName: "典子谦", AdminMobile: "1320****000" }, code: "InvalidParameterValue", message: "参数 AdminMobile 取值错误：不是中国大陆11位手机号。" },
    { title: "10-digit AdminMobile", body: { AdminName: "典子谦", AdminMobile: "1320000000" }, code: "InvalidParameterValue", message: "参数 AdminMobile 取值错误：不是中国大陆11位手机号。" },
    { title: "empty AdminName", body: { AdminName: "", AdminMobile: "13200000000" }, code: "InvalidParameterValue", message: "参数 `AdminName` 取值错误：长度不得少于 1。" },
    {
      title: "Endpoint PC",
      body: { AdminName: "典子谦", AdminMobile: "13200000000", Endpoint: "PC" },
      code: "InvalidParameterValue",
      message: "参数 `Endpoint` 取值错误：取值应为 HTTP、HTTP_SHORT_URL、APP、QR_CODE 之一。",
    },
  ];
  for (const c of requestErrors) {
    it(`answers ${c.code} for ${c.title}`, async () => {
      const response = await authUrl(c.body);
      assert.deepEqual(response.Error, { Code: c.code, Message: c.message });
      assert.equal(response.AuthUrl, undefined);
    });
  }

  it("checks AdminIdCardNumber as the registration task does, for its AdminIdCardType, before any sub-task is looked at", async () => {
    const admin = { ...freshAdmin(), AdminIdCardNumber: ID_NUMBER };
    const [flow] = await register([org(admin)]);
    const malformed: Array<[Record<string, string>, RegExp]> = [
      [{ AdminIdCardNumber: "110105194912310021" }, /校验位/],
      [{ AdminIdCardNumber: "11010519491331002X" }, /出生日期/],
      [{ AdminIdCardNumber: "12345" }, /./],
      [{ AdminIdCardType: "HONGKONG_MACAO_AND_TAIWAN", AdminIdCardNumber: ID_NUMBER }, /810000/],
      [{ AdminIdCardType: "HONGKONG_AND_MACAO", AdminIdCardNumber: "X1234567" }, /H或M/],
    ];
    for (const [change, why] of malformed) {
      const response = await authUrl({ ...admin, ...change, SubTaskIds: [sub(flow)] });
      assert.equal(response.Error?.Code, "InvalidParameterValue", JSON.stringify(change));
      assert.ok(response.Error.Message.startsWith("参数 `AdminIdCardNumber` 取值错误："), response.Error.Message);
      assert.match(response.Error.Message, why);
    }
    const lower = await authUrl({ ...admin, AdminIdCardNumber: ID_NUMBER.toLowerCase(), SubTaskIds: [sub(flow)] });
    assert.ok(lower.AuthUrl, "a lower-case check character is the same number");
    const empty = await authUrl({ ...admin, AdminIdCardNumber: "", SubTaskIds: [sub(flow)] });
    assert.ok(empty.AuthUrl, "an empty number (the Node SDK's undefined) is no number");
  });

  it("follows --id-checks: format accepts a wrong check character, off anything non-empty", async () => {
    for (const [idChecks, accepted] of [["format", "110105194912310021"], ["off", "12345"]] as const) {
      const at = new ManualClock(START);
      const harness = await startEssd({ clock: at, autoWork: false, idChecks });
      try {
        const admin = { ...freshAdmin(), AdminIdCardNumber: accepted };
        const [flow] = await register([org(admin)], { harness, at });
        const response = await authUrl({ ...admin, SubTaskIds: [sub(flow)] }, harness, at);
        assert.ok(response.AuthUrl, `${idChecks}: ${JSON.stringify(response)}`);
      } finally {
        await harness.close();
      }
    }
  });
});
