/**
 * Every way an admin link can go wrong shows a page of its own: unknown, expired, cleared, foreign, refused uploads,
 * and hostile enterprise names that must come out escaped.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { describeFlow } from "../../domain/authorization/flows.ts";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { batchLink, csrfOf, enterprise, lastSms, linkTokenOf, PageClient, sdkClient, signIn, type Page } from "../../../test/support/admin-pages.ts";
import { PNG } from "../../../test/support/review-flows.ts";

const DAY = 86_400_000;
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00", "latin1");

function assertPage(page: Page, status: number, ...texts: string[]) {
  assert.equal(page.status, status, page.text);
  assert.match(page.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/);
  for (const text of texts) assert.ok(page.text.includes(text), `page lacks ${JSON.stringify(text)}:\n${page.text}`);
  assert.ok(!/\bat [\w.]+ \(|node:internal|Error:/.test(page.text), "no stack trace");
}

describe("problem pages of the admin's links", () => {
  let h: Harness;
  let clock: SandboxClock;
  const org = () => h.tenant.OrganizationId;
  const operator = () => ({ UserId: h.tenant.OperatorUserId });

  before(async () => {
    clock = new SandboxClock();
    h = await startEssd({ clock, autoWork: false });
  });
  after(() => h?.close());

  it("an unknown token, short code or shortKey is a 404 page", async () => {
    const client = new PageClient(h.url);
    assertPage(await client.get(`/h5/auth/${"Z".repeat(32)}`), 404, "链接无效");
    assertPage(await client.get(`/h5/auth/${"Z".repeat(32)}/flows/yDx`), 404, "链接无效");
    assertPage(await client.get("/jump-mp.html?to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=yDnothing"), 404, "链接无效");
    assertPage(await client.get(`/h5/batch-register?token=${"Q".repeat(32)}`), 404, "链接无效");
    assertPage(await client.get(`/h5/legal-rep?token=${"Q".repeat(32)}`), 404, "链接无效");
    assertPage(await client.post(`/h5/auth/${"Z".repeat(32)}/code`, {}), 404, "链接无效");
  });

  it("a flow of another link is 'foreign', and a page needing the session sends the admin to the identity step", async () => {
    const mine = await batchLink(h, [enterprise("本链接科技有限公司", "9144030071526726XG", [1])]);
    const theirs = await batchLink(h, [enterprise("别的链接科技有限公司", "91110108772551611J", [1])]);
    const client = new PageClient(h.url);
    const { token } = await signIn(client, h, org(), mine.url);
    assertPage(await client.get(`/h5/auth/${token}/flows/${theirs.flowIds[0]}`), 404, "该企业不在此链接中");
    assertPage(await client.get(`/h5/auth/${token}/flows/${theirs.flowIds[0]}/attorney`), 404, "该企业不在此链接中");
    const stranger = await new PageClient(h.url).get(`/h5/auth/${token}/flows/${mine.flowIds[0]}`);
    assert.deepEqual([stranger.status, stranger.location], [303, `/h5/auth/${token}`]);
  });

  it("a cleared flow: greyed in the list, a 410 page of its own, and its single link answers 410", async () => {
    const link = await batchLink(h, [enterprise("将被清除科技有限公司", "9131000063159284XQ", [1]), enterprise("保留科技有限公司", "91440300MA5FXT4K8N", [1])]);
    const client = new PageClient(h.url);
    const { token, list } = await signIn(client, h, org(), link.url);
    const csrf = csrfOf(list);
    const taskId = (await describeFlow(h.domain, org(), link.flowIds[0]!)).flow.taskId!;
    const urls = (await sdkClient(h).DescribeBatchOrganizationRegistrationUrls({ Operator: operator(), TaskId: taskId })).OrganizationAuthUrls!;
    await sdkClient(h).DeleteOrganizationAuthorizations({ Operator: operator(), AuthorizationIds: [link.flowIds[0]!] });

    const after = await client.get(`/h5/auth/${token}`);
    assertPage(after, 200, "已清除", `id="org-${link.flowIds[0]}"`);
    assert.ok(!after.text.includes(`href="/h5/auth/${token}/flows/${link.flowIds[0]}"`), "a cleared flow is not a link");
    assertPage(await client.get(`/h5/auth/${token}/flows/${link.flowIds[0]}`), 410, "企业认证已被清除");
    assertPage(await client.post(`/h5/auth/${token}/flows/${link.flowIds[0]}/confirm`, { csrf }), 410, "企业认证已被清除");
    // Each sub-task's own registration link: the cleared one is gone, the other still opens.
    assertPage(await client.get(urls[0]!.AuthUrl!), 410, "企业认证已被清除");
    assertPage(await client.get(urls[1]!.AuthUrl!), 200, "保留科技有限公司");
  });

  it("refuses an oversized, an unknown-type and an empty upload with a page, changing nothing", async () => {
    const link = await batchLink(h, [enterprise("上传检查科技有限公司", "9144030071526726XG", [1])]);
    const client = new PageClient(h.url);
    const { token, list } = await signIn(client, h, org(), link.url);
    const csrf = csrfOf(list);
    const url = `/h5/auth/${token}/flows/${link.flowIds[0]}`;
    assert.equal((await client.post(`${url}/confirm`, { csrf })).status, 303);

    const big = Buffer.concat([PNG, Buffer.alloc(8 * 1024 * 1024 + 1 - PNG.length)]);
    assertPage(await client.upload(`${url}/attorney`, { csrf }, { bytes: big, name: "big.png", type: "image/png" }), 413, "文件大小超过上限8 MB", 'id="poa-file"');
    // A body far past the limit is refused before it is read whole, still with a page.
    assertPage(await client.upload(`${url}/attorney`, { csrf }, { bytes: Buffer.alloc(12 * 1024 * 1024), name: "huge.png", type: "image/png" }), 413, "文件大小超过上限8 MB");
    assertPage(await client.upload(`${url}/attorney`, { csrf }, { bytes: GIF, name: "a.gif", type: "image/gif" }), 415, "仅支持PNG/JPG/PDF");
    assertPage(await client.upload(`${url}/attorney`, { csrf }, { bytes: Buffer.alloc(0), name: "", type: "application/octet-stream" }), 400, "请选择要上传的授权书文件");
    assertPage(await client.upload(`${url}/attorney`, { csrf: "forged" }, { bytes: PNG, name: "a.png", type: "image/png" }), 403, "页面已失效");
    const flow = (await describeFlow(h.domain, org(), link.flowIds[0]!)).flow;
    assert.deepEqual([flow.status, flow.authType, flow.auditStatus], ["Submit", 0, 0]);
    // Exactly 8 MB is accepted.
    const max = Buffer.concat([PNG, Buffer.alloc(8 * 1024 * 1024 - PNG.length)]);
    assert.equal((await client.upload(`${url}/attorney`, { csrf }, { bytes: max, name: "max.png", type: "image/png" })).status, 303);
  });

  it("escapes a hostile enterprise name on every page", async () => {
    const hostile = `<script>alert("x")</script>&Co'`;
    const { AuthUrl } = await sdkClient(h).CreateOrganizationAuthUrl({
      Operator: operator(),
      OrganizationName: hostile,
      UniformSocialCreditCode: "9144030071526726XG",
      AdminName: "王五",
      AdminMobile: "13700000007",
      AuthorizationTypes: [2],
      Endpoint: "H5",
    });
    const client = new PageClient(h.url);
    const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;Co&#39;";
    const identity = await client.get(AuthUrl!);
    assertPage(identity, 200, escaped, "王*", "137****0007");
    const { token, list } = await signIn(client, h, org(), AuthUrl!);
    assertPage(list, 200, escaped);
    const flowId = new RegExp(`/h5/auth/${token}/flows/(\\w+)`).exec(list.text)![1]!;
    const page = await client.get(`/h5/auth/${token}/flows/${flowId}`);
    assertPage(page, 200, escaped);
    for (const text of [identity.text, list.text, page.text]) assert.ok(!text.includes("<script"), "no raw markup");
    assert.equal(linkTokenOf(identity), token);
  });

  it("the legal representative's link lives one day and dies with a cleared flow", async () => {
    const link = await batchLink(h, [enterprise("法人链接过期科技有限公司", "9131000063159284XQ", [2]), enterprise("法人链接清除科技有限公司", "91440300MA5FXT4K8N", [2])]);
    const client = new PageClient(h.url);
    const { token, list } = await signIn(client, h, org(), link.url);
    const csrf = csrfOf(list);
    const repLinks: string[] = [];
    for (const flowId of link.flowIds) {
      const url = `/h5/auth/${token}/flows/${flowId}`;
      assert.equal((await client.post(`${url}/confirm`, { csrf })).status, 303);
      assert.equal((await client.post(`${url}/legal-rep`, { csrf, mobile: "13900000003" })).status, 303);
      repLinks.push((await lastSms(h, org(), "legal-rep-link")).link!);
    }
    const rep = new PageClient(h.url);
    assertPage(await rep.get(repLinks[0]!), 200, "法人链接过期科技有限公司");
    await sdkClient(h).DeleteOrganizationAuthorizations({ Operator: operator(), AuthorizationIds: [link.flowIds[1]!] });
    assertPage(await rep.get(repLinks[1]!), 410, "企业认证已被清除");
    clock.advance(DAY);
    assertPage(await rep.get(repLinks[0]!), 410, "链接已过期");
    assertPage(await rep.post(new URL(repLinks[0]!).pathname + new URL(repLinks[0]!).search, { decision: "approve" }), 410, "链接已过期");
    assert.equal((await describeFlow(h.domain, org(), link.flowIds[0]!)).flow.state, "active");
  });

  it("after seven days the batch link, its pages and forms answer 410", async () => {
    const link = await batchLink(h, [enterprise("过期页面科技有限公司", "91110108772551611J", [1])]);
    const client = new PageClient(h.url);
    const { token, list } = await signIn(client, h, org(), link.url);
    clock.advance(7 * DAY);
    assertPage(await client.get(link.url), 410, "链接已过期");
    assertPage(await client.get(`/h5/auth/${token}`), 410, "链接已过期");
    assertPage(await client.get(`/h5/auth/${token}/flows/${link.flowIds[0]}`), 410, "链接已过期");
    assertPage(await client.post(`/h5/auth/${token}/flows/${link.flowIds[0]}/confirm`, { csrf: csrfOf(list) }), 410, "链接已过期");
    assertPage(await client.post(`/h5/auth/${token}/code`, {}), 410, "链接已过期");
    assertPage(await client.get(`/h5/auth/${token}?lang=en`), 410, "Link expired");
  });
});
