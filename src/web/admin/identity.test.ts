/** The identity step on the admin's pages: SMS code, lockout, the session cookie, CSRF and the English switch. */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { SandboxClock } from "../../platform/clock.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { batchLink, csrfOf, enterprise, lastSms, linkTokenOf, PageClient, parseSetCookie, sdkClient, signIn } from "../../../test/support/admin-pages.ts";

const MINUTE = 60_000;

describe("the admin's identity step", () => {
  let h: Harness;
  let clock: SandboxClock;
  let link: Awaited<ReturnType<typeof batchLink>>;
  const org = () => h.tenant.OrganizationId;

  before(async () => {
    clock = new SandboxClock();
    h = await startEssd({ clock, autoWork: false });
    link = await batchLink(h, [enterprise("身份验证甲科技有限公司", "9144030071526726XG", [1]), enterprise("身份验证乙科技有限公司", "91110108772551611J", [2])]);
  });
  after(() => h?.close());

  it("shows the masked admin, the enterprises and the code forms, in Chinese", async () => {
    const page = await new PageClient(h.url).get(link.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /^text\/html; charset=utf-8/);
    assert.equal(page.headers.get("cache-control"), "no-store");
    assert.match(page.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
    assert.match(page.text, /<html lang="zh-CN">/);
    for (const text of ["李* 的企业批量认证", "138****0001", "身份验证甲科技有限公司", "身份验证乙科技有限公司", 'id="send-code"', 'id="sms-code"', 'id="verify-code"', "沙箱提示"]) {
      assert.ok(page.text.includes(text), `page lacks ${text}`);
    }
    assert.ok(!page.text.includes("13800000001") && !page.text.includes("李四"), "no unmasked admin data");
    assert.ok(page.text.includes("9144**********26XG") && !page.text.includes("9144030071526726XG"), "credit codes masked before the code check");
  });

  it("texts a code to the admin's mobile, then the right code opens the list with a session cookie", async () => {
    const client = new PageClient(h.url);
    const identity = await client.get(link.url);
    const token = linkTokenOf(identity);
    const sent = await client.post(`/h5/auth/${token}/code`, { csrf: csrfOf(identity) });
    assert.deepEqual([sent.status, sent.location], [303, `/h5/auth/${token}?sent=1`]);
    const sms = await lastSms(h, org(), "admin-code");
    assert.equal(sms.mobile, "13800000001");
    assert.match(sms.body, /^【腾讯电子签】您的验证码为 \d{6}，5分钟内有效。/);
    assert.ok((await client.get(sent.location!)).text.includes("验证码已发送至 138****0001"));

    const verified = await client.post(`/h5/auth/${token}/verify`, { csrf: csrfOf(identity), code: sms.code! });
    assert.equal(verified.status, 303);
    const cookie = verified.headers.getSetCookie().find((c) => c.startsWith("essd_h5_"))!;
    const session = parseSetCookie(cookie);
    assert.match(`${session.name}=${session.value}`, /^essd_h5_[\w-]{16}=\d+\.[\w-]{43}$/);
    assert.deepEqual(session.attributes, { path: "/", "max-age": "7200", httponly: true, samesite: "Lax" });
    const list = await client.follow(verified);
    assert.equal(list.status, 200);
    for (const text of ["身份验证成功", "待确认信息", "下一步：确认企业信息", `/h5/auth/${token}/flows/${link.flowIds[0]}`]) assert.ok(list.text.includes(text), `list lacks ${text}`);
    // The long link itself now shows the list too.
    assert.ok((await client.get(link.url)).text.includes('id="org-list"'));
  });

  it("a session opens only its own link, and a tampered cookie opens nothing", async () => {
    const client = new PageClient(h.url);
    const { token } = await signIn(client, h, org(), link.url);
    const other = await batchLink(h, [enterprise("另一链接科技有限公司", "9131000063159284XQ", [1])]);
    const otherPage = await client.get(other.url);
    assert.ok(otherPage.text.includes('id="verify-form"'), "another link asks for its own code");
    const flowPage = await client.get(`/h5/auth/${linkTokenOf(otherPage)}/flows/${other.flowIds[0]}`);
    assert.deepEqual([flowPage.status, flowPage.location], [303, `/h5/auth/${linkTokenOf(otherPage)}`]);

    for (const [name, value] of client.cookies) if (name.startsWith("essd_h5_")) client.cookies.set(name, value.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    const tampered = await client.get(`/h5/auth/${token}`);
    assert.ok(tampered.text.includes('id="verify-form"'), "a tampered cookie is no session");
  });

  it("refuses a form without the page's CSRF token", async () => {
    const client = new PageClient(h.url);
    const { token, list } = await signIn(client, h, org(), link.url);
    const missing = await client.post(`/h5/auth/${token}/flows/${link.flowIds[0]}/confirm`, {});
    assert.equal(missing.status, 403);
    assert.ok(missing.text.includes("页面已失效"));
    const forged = await client.post(`/h5/auth/${token}/flows/${link.flowIds[0]}/confirm`, { csrf: "A".repeat(43) });
    assert.equal(forged.status, 403);
    assert.equal((await sdkClient(h).DescribeBatchOrganizationRegistrationTasks({ Operator: { UserId: h.tenant.OperatorUserId }, TaskIds: [link.subTaskIds[0]!] })).Details![0]!.Status, "Create");
    assert.equal((await client.post(`/h5/auth/${token}/flows/${link.flowIds[0]}/confirm`, { csrf: csrfOf(list) })).status, 303);
  });

  it("a resend within 60 s is refused on the page", async () => {
    const client = new PageClient(h.url);
    const fresh = await batchLink(h, [enterprise("重发限制科技有限公司", "9144030071526726XG", [1])]);
    const identity = await client.get(fresh.url);
    const token = linkTokenOf(identity);
    assert.equal((await client.post(`/h5/auth/${token}/code`, { csrf: csrfOf(identity) })).status, 303);
    const again = await client.post(`/h5/auth/${token}/code`, { csrf: csrfOf(identity) });
    assert.equal(again.status, 429);
    assert.match(again.text, /验证码发送过于频繁，请 \d+ 秒后再试/);
    clock.advance(MINUTE);
    assert.equal((await client.post(`/h5/auth/${token}/code`, { csrf: csrfOf(identity) })).status, 303);
  });

  it("three wrong codes lock the link for ten minutes; then a new code works", async () => {
    const client = new PageClient(h.url);
    const locked = await batchLink(h, [enterprise("锁定测试科技有限公司", "91110108772551611J", [2])]);
    const identity = await client.get(locked.url);
    const token = linkTokenOf(identity);
    const csrf = csrfOf(identity);
    await client.post(`/h5/auth/${token}/code`, { csrf });
    const code = (await lastSms(h, org(), "admin-code")).code!;
    const wrong = code === "000000" ? "999999" : "000000";

    const first = await client.post(`/h5/auth/${token}/verify`, { csrf, code: wrong });
    assert.equal(first.status, 400);
    assert.ok(first.text.includes("验证码错误，还可尝试 2 次"));
    assert.ok((await client.post(`/h5/auth/${token}/verify`, { csrf, code: wrong })).text.includes("还可尝试 1 次"));
    const third = await client.post(`/h5/auth/${token}/verify`, { csrf, code: wrong });
    assert.equal(third.status, 429);
    assert.equal(third.headers.get("retry-after"), "600");
    assert.ok(third.text.includes("链接已锁定") && third.text.includes("约 10 分钟"), third.text);

    // Locked: the right code, the link itself and a new code are all refused.
    assert.equal((await client.post(`/h5/auth/${token}/verify`, { csrf, code })).status, 429);
    assert.equal((await client.get(locked.url)).status, 429);
    assert.equal((await client.post(`/h5/auth/${token}/code`, { csrf })).status, 429);
    assert.equal(client.cookies.size, 0, "no session was started");

    clock.advance(10 * MINUTE);
    const reopened = await client.get(locked.url);
    assert.equal(reopened.status, 200);
    assert.ok(reopened.text.includes("还可尝试 3 次"));
    assert.equal((await client.post(`/h5/auth/${token}/verify`, { csrf, code })).status, 400, "the old code died with the lock");
    const { list } = await signIn(client, h, org(), locked.url);
    assert.ok(list.text.includes("锁定测试科技有限公司"));
  });

  it("switches to English with ?lang=en and remembers it", async () => {
    const client = new PageClient(h.url);
    const english = await client.get(`${link.url}&lang=en`);
    assert.equal(english.status, 200);
    assert.match(english.text, /<html lang="en">/);
    assert.ok(english.text.includes("Batch enterprise verification for 李*") && english.text.includes("Send me a code"), english.text);
    const langCookie = english.headers.getSetCookie().map(parseSetCookie).find((c) => c.name === "essd_lang");
    assert.deepEqual(langCookie, { name: "essd_lang", value: "en", attributes: { path: "/", "max-age": "31536000", samesite: "Lax" } });
    assert.ok(english.text.includes(`lang=zh" lang="zh-CN"`), "the switch leads back to Chinese");
    const later = await client.post(`/h5/auth/${linkTokenOf(english)}/verify`, { csrf: csrfOf(english), code: "12" });
    assert.ok(later.text.includes("Enter the 6-digit code"), "the choice is remembered");
    assert.ok(later.text.includes(`href="/h5/auth/${linkTokenOf(english)}?lang=zh"`), "a form answer's switch leads to a page, not the form's POST URL");
    const back = await client.get(`${link.url}&lang=zh`);
    assert.ok(back.text.includes("获取验证码"));
  });

  it("a link that names no admin mobile asks for one", async () => {
    const client = new PageClient(h.url);
    const { AuthUrl } = await sdkClient(h).CreateOrganizationAuthUrl({
      Operator: { UserId: h.tenant.OperatorUserId },
      OrganizationName: "无手机号链接科技有限公司",
      UniformSocialCreditCode: "9131000063159284XQ",
      Endpoint: "H5",
    });
    const identity = await client.get(AuthUrl!);
    assert.ok(identity.text.includes('id="admin-mobile-input"') && identity.text.includes("企业认证"));
    const token = linkTokenOf(identity);
    const bad = await client.post(`/h5/auth/${token}/code`, { csrf: csrfOf(identity), mobile: "1234" });
    assert.equal(bad.status, 400);
    assert.equal((await client.post(`/h5/auth/${token}/code`, { csrf: csrfOf(identity), mobile: "13900000009" })).status, 303);
    assert.equal((await lastSms(h, org(), "admin-code")).mobile, "13900000009");
  });
});

describe("the admin's pages in production mode", () => {
  let h: Harness;
  before(async () => (h = await startEssd({ mode: "production", autoWork: false })));
  after(() => h?.close());

  it("work the same, without any sandbox hint", async () => {
    const link = await batchLink(h, [enterprise("生产模式科技有限公司", "9131000063159284XQ", [5])]);
    const client = new PageClient(h.url);
    const identity = await client.get(link.url);
    assert.equal(identity.status, 200);
    assert.ok(!identity.text.includes("沙箱") && !identity.text.includes("/_essd/"), identity.text);
    const { token, list } = await signIn(client, h, h.tenant.OrganizationId, link.url);
    const flow = `/h5/auth/${token}/flows/${link.flowIds[0]}`;
    assert.equal((await client.post(`${flow}/confirm`, { csrf: csrfOf(list) })).status, 303);
    const bank = await client.get(`${flow}/bank`);
    assert.equal(bank.status, 200);
    assert.ok(bank.text.includes('id="bank-amount"') && !bank.text.includes("sandbox-amount") && !bank.text.includes("沙箱"), bank.text);
  });
});
