/**
 * Each authorization type through the admin's pages (and the legal representative's), checked against the
 * flow machine (describeFlow) and the official SDK: 1 upload → review, 2 legal representative, 5 upload + bank,
 * and the choice when both 1 and 2 are allowed.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { applyFlowEvent, describeFlow } from "../../domain/authorization/flows.ts";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { batchLink, csrfOf, enterprise, lastSms, PageClient, sdkClient, signIn, type Page } from "../../../test/support/admin-pages.ts";
import { PDF, PNG } from "../../../test/support/review-flows.ts";
import { controlCall } from "../../../test/support/control-request.ts";

const REASON = "请加盖与企业名称一致的企业公章";

describe("authorizing each enterprise through the pages", () => {
  let h: Harness;
  let client: PageClient;
  let link: Awaited<ReturnType<typeof batchLink>>;
  let token: string;
  let csrf: string;
  const org = () => h.tenant.OrganizationId;
  const flowUrl = (i: number, rest = "") => `/h5/auth/${token}/flows/${link.flowIds[i]}${rest}`;
  const flow = async (i: number) => (await describeFlow(h.domain, org(), link.flowIds[i]!)).flow;
  const authStatus = (i: number) =>
    sdkClient(h).DescribeOrganizationAuthStatus({ Operator: { UserId: h.tenant.OperatorUserId }, OrganizationName: NAMES[i]!, AuthorizationInfoId: link.flowIds[i] });
  const has = (page: Page, ...texts: string[]) => {
    for (const text of texts) assert.ok(page.text.includes(text), `page lacks ${JSON.stringify(text)}:\n${page.text}`);
  };
  const NAMES = ["授权书页面科技有限公司", "法人页面科技有限公司", "打款页面科技有限公司", "任选方式科技有限公司"];

  before(async () => {
    h = await startEssd({ clock: new SandboxClock(), autoWork: false });
    link = await batchLink(h, [
      enterprise(NAMES[0]!, "9144030071526726XG", [1]),
      enterprise(NAMES[1]!, "91110108772551611J", [2]),
      enterprise(NAMES[2]!, "9131000063159284XQ", [5]),
      enterprise(NAMES[3]!, "91440300MA5FXT4K8N"),
    ]);
    client = new PageClient(h.url);
    ({ token } = await signIn(client, h, org(), link.url));
    csrf = csrfOf(await client.get(`/h5/auth/${token}`));
  });
  after(() => h?.close());

  it("confirming the details moves each sub-task to Submit", async () => {
    const details = await client.get(flowUrl(0));
    has(details, "确认企业信息", "9144030071526726XG", "张三", "广东省深圳市南山区科技园", 'id="confirm-details"');
    for (const i of [0, 1, 2, 3]) {
      const done = await client.post(flowUrl(i, "/confirm"), { csrf });
      assert.deepEqual([done.status, done.location], [303, `${flowUrl(i)}?done=confirm`]);
    }
    has(await client.get(`${flowUrl(0)}?done=confirm`), "企业信息已确认", 'id="choose-attorney"');
    const { Details } = await sdkClient(h).DescribeBatchOrganizationRegistrationTasks({ Operator: { UserId: h.tenant.OperatorUserId }, TaskIds: link.subTaskIds });
    assert.deepEqual(Details!.map((d) => d.Status), ["Submit", "Submit", "Submit", "Submit"]);
    // A second confirm is the machine's refusal, shown on the page.
    const again = await client.post(flowUrl(0, "/confirm"), { csrf });
    assert.equal(again.status, 409);
    has(again, "不能确认企业信息：企业信息已确认");
  });

  it("type 1: upload → under review; rejected → the reason and a new upload; approved → done", async () => {
    has(await client.get(flowUrl(0, "/attorney")), 'id="poa-file"', "PNG、JPG 或 PDF，不超过 8 MB");
    const uploaded = await client.upload(flowUrl(0, "/attorney"), { csrf }, { bytes: PNG, name: "授权书.png", type: "image/png" });
    assert.deepEqual([uploaded.status, uploaded.location], [303, `${flowUrl(0)}?done=upload`]);
    assert.deepEqual([(await flow(0)).authType, (await flow(0)).auditStatus], [1, 3]);
    has(await client.follow(uploaded), "授权书已提交", "审核中", 'id="record-audit-status">3');

    await applyFlowEvent(h.domain, org(), link.flowIds[0]!, { type: "review-reject", reason: REASON });
    const rejected = await client.get(flowUrl(0));
    has(rejected, "授权书被驳回", REASON, 'id="reupload"', 'id="record-audit-status">2');
    const again = await client.upload(flowUrl(0, "/attorney"), { csrf }, { bytes: PDF, name: "授权书.pdf", type: "application/pdf" });
    assert.equal(again.status, 303);
    assert.equal((await flow(0)).auditStatus, 3);

    await applyFlowEvent(h.domain, org(), link.flowIds[0]!, { type: "review-approve" });
    const done = await client.get(flowUrl(0));
    const verified = await flow(0);
    has(done, "企业认证已完成", verified.verifiedOrganizationId!, "审核通过（AuditStatus 1）", 'id="record-auth-type">1');
    const status = await authStatus(0);
    assert.deepEqual([status.IsVerified, status.AuthStatus, status.OrganizationId], [true, 2, verified.verifiedOrganizationId]);
  });

  it("type 2: the legal representative is texted a link, refuses with a reason, then approves", async () => {
    const form = await client.get(flowUrl(1, "/legal-rep"));
    has(form, 'id="legal-mobile"', "24 小时内有效");
    const bad = await client.post(flowUrl(1, "/legal-rep"), { csrf, mobile: "12345" });
    assert.equal(bad.status, 400);
    has(bad, "不合法的手机号");
    const sent = await client.post(flowUrl(1, "/legal-rep"), { csrf, mobile: "13900000002" });
    assert.deepEqual([sent.status, sent.location], [303, `${flowUrl(1)}?done=legal-rep`]);
    has(await client.follow(sent), "授权短信已发送给法定代表人", "等待处理");
    const resent = await client.post(flowUrl(1, "/legal-rep"), { csrf, mobile: "13900000002" });
    assert.equal(resent.status, 429, "one SMS per minute");

    const sms = await lastSms(h, org(), "legal-rep-link");
    assert.equal(sms.mobile, "13900000002");
    const repUrl = sms.link!;
    assert.match(repUrl, /\/h5\/legal-rep\?token=yD\w{30}$/);
    const rep = new PageClient(h.url);
    const page = await rep.get(repUrl);
    assert.equal(page.status, 200);
    has(page, NAMES[1]!, "9111**********611J", "李*", "138****0001", "张*", 'id="legal-approve"', 'id="legal-refuse"', 'id="refuse-reason"');
    assert.ok(!page.text.includes("13800000001") && !page.text.includes("91110108772551611J"), "masked for the legal representative");

    const refused = await rep.post(new URL(repUrl).pathname + new URL(repUrl).search, { csrf: csrfOf(page), decision: "refuse", reason: "不认识该管理员" });
    assert.equal(refused.status, 303);
    has(await rep.follow(refused), "已拒绝", "不认识该管理员");
    assert.deepEqual([(await flow(1)).authType, (await flow(1)).reason, (await flow(1)).state], [2, "不认识该管理员", "active"]);
    has(await client.get(flowUrl(1)), "法定代表人拒绝了授权", "不认识该管理员", 'id="legal-rep-resend"');

    const approved = await rep.post(new URL(repUrl).pathname + new URL(repUrl).search, { csrf: csrfOf(page), decision: "approve" });
    has(await rep.follow(approved), "您已同意授权，企业认证已完成");
    const verified = await flow(1);
    assert.equal(verified.state, "verified");
    has(await client.get(flowUrl(1)), "企业认证已完成", verified.verifiedOrganizationId!, "法定代表人同意授权（AuthType 2）", "无需审核（AuditStatus 0）");
    const reloaded = await client.get(`${flowUrl(1)}?done=legal-rep`);
    assert.ok(!reloaded.text.includes("授权短信已发送给法定代表人"), "a reload does not acknowledge a step the flow has moved past");
    const status = await authStatus(1);
    assert.deepEqual([status.IsVerified, status.AuthRecords![0]!.AuthType, status.AuthRecords![0]!.AuditStatus], [true, 2, 0]);
  });

  it("type 5: upload and the bank amount (a wrong one refused), then review", async () => {
    const start = await client.get(flowUrl(2));
    has(start, "授权书 + 对公打款", 'id="go-upload"', 'id="go-bank"');
    assert.equal((await client.upload(flowUrl(2, "/attorney"), { csrf }, { bytes: PDF, name: "a.pdf", type: "application/pdf" })).status, 303);
    assert.deepEqual([(await flow(2)).auditStatus, (await flow(2)).status], [0, "Authorization"]);
    has(await client.get(flowUrl(2)), 'id="go-bank"', "已完成");

    const bank = await client.get(flowUrl(2, "/bank"));
    const { bankTransferAmount } = await describeFlow(h.domain, org(), link.flowIds[2]!);
    has(bank, "对公打款验证", "6217 **** ****", `id="sandbox-amount">${bankTransferAmount}<`, "沙箱提示");
    const wrong = await client.post(flowUrl(2, "/bank"), { csrf, amount: "1.00" });
    assert.equal(wrong.status, 400);
    has(wrong, "打款金额不正确", 'value="1.00"');
    const right = await client.post(flowUrl(2, "/bank"), { csrf, amount: bankTransferAmount });
    assert.deepEqual([right.status, right.location], [303, `${flowUrl(2)}?done=bank`]);
    const reviewed = await flow(2);
    assert.deepEqual([reviewed.authType, reviewed.auditStatus], [1, 3]);
    has(await client.follow(right), "审核中");
    assert.equal((await authStatus(2)).AuthRecords![0]!.AuditStatus, 3);
  });

  it("with both 1 and 2 allowed the admin chooses; choosing the upload closes the other way", async () => {
    const choose = await client.get(flowUrl(3));
    has(choose, "选择授权方式", 'id="choose-attorney"', 'id="choose-legal-rep"');
    assert.equal((await client.upload(flowUrl(3, "/attorney"), { csrf }, { bytes: PNG, name: "a.png", type: "image/png" })).status, 303);
    const after = await client.get(flowUrl(3));
    assert.ok(!after.text.includes('id="choose-legal-rep"'));
    const legal = await client.get(flowUrl(3, "/legal-rep"));
    assert.deepEqual([legal.status, legal.location], [303, flowUrl(3)]);
  });

  it("the list shows where each enterprise stands", async () => {
    const list = await client.get(`/h5/auth/${token}`);
    has(list, "共 4 家企业，已完成认证 2 家", "已认证", "审核中");
  });

  it("a CreateOrganizationAuthUrl link without name or credit code asks the admin for them before confirming", async () => {
    const Operator = { UserId: h.tenant.OperatorUserId };
    const create = () => sdkClient(h).CreateOrganizationAuthUrl({ Operator, AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [2], Endpoint: "PC" });
    const admin = new PageClient(h.url);
    const { token: single, list } = await signIn(admin, h, org(), (await create()).AuthUrl!);
    const flowId = new RegExp(`/h5/auth/${single}/flows/(\\w+)`).exec(list.text)![1]!;
    const url = `/h5/auth/${single}/flows/${flowId}`;
    const form = await admin.get(url);
    has(form, "发起方未提供全部企业信息", 'id="org-name-input"', 'id="org-credit-code-input"', 'id="confirm-details"');
    const own = csrfOf(list);

    const missing = await admin.post(`${url}/confirm`, { csrf: own, organizationName: "补填页面科技有限公司" });
    assert.equal(missing.status, 400);
    has(missing, "须先填写企业名称和统一社会信用代码", 'value="补填页面科技有限公司"');
    const wrongCode = await admin.post(`${url}/confirm`, { csrf: own, organizationName: "补填页面科技有限公司", creditCode: "91440300715267260X" });
    assert.equal(wrongCode.status, 400);
    has(wrongCode, "统一社会信用代码不正确", 'value="91440300715267260X"');
    const tooLong = await admin.post(`${url}/confirm`, { csrf: own, organizationName: "长".repeat(201), creditCode: "9144030071526726XG" });
    assert.equal(tooLong.status, 400);
    has(tooLong, "企业名称不得超过 200 个字符");
    assert.equal((await describeFlow(h.domain, org(), flowId)).flow.status, "Create", "nothing stored on a refusal");

    const confirmed = await admin.post(`${url}/confirm`, { csrf: own, organizationName: " 补填页面科技有限公司 ", creditCode: "9144030071526726xg" });
    assert.deepEqual([confirmed.status, confirmed.location], [303, `${url}?done=confirm`]);
    const { flow: named } = await describeFlow(h.domain, org(), flowId);
    assert.deepEqual([named.status, named.organizationName, named.nameKey, named.creditCode], ["Submit", "补填页面科技有限公司", "补填页面科技有限公司", "9144030071526726XG"]);
    has(await admin.follow(confirmed), "<h1 id=\"page-title\">补填页面科技有限公司</h1>", "企业信息已确认");

    // The control API takes the same details.
    const other = new URL((await create()).AuthUrl!).searchParams.get("token")!;
    const otherFlow = String((await h.domain.store.getLink(other))!.target.flowId);
    const refused = await controlCall(h.url, h.tenant, "POST", `flows/${otherFlow}/confirm`, {});
    assert.deepEqual([refused.status, refused.json.Error.Code], [400, "MissingParameter"]);
    const viaApi = await controlCall(h.url, h.tenant, "POST", `flows/${otherFlow}/confirm`, { organizationName: "接口补填科技有限公司", creditCode: "91110108772551611J" });
    assert.equal(viaApi.status, 200, JSON.stringify(viaApi.json));
    const { flow: apiNamed } = await describeFlow(h.domain, org(), otherFlow);
    assert.deepEqual([apiNamed.status, apiNamed.organizationName, apiNamed.creditCode], ["Submit", "接口补填科技有限公司", "91110108772551611J"]);
  });
});
