/**
 * The review console over HTTP: sign-in with the admin token, the queue across tenants, the files, decisions
 * moving flows through the flow machine (with their callbacks), refusals on the page, and production mode.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { describeFlow } from "../../domain/authorization/flows.ts";
import { configureCallback, listCallbackDeliveries } from "../../domain/callbacks/index.ts";
import type { CreatedTenant } from "../../domain/tenants.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { controlCall } from "../../../test/support/control-request.ts";
import { flowUnderReview, PDF, PNG } from "../../../test/support/review-flows.ts";
import { parseSetCookie } from "../../../test/support/admin-pages.ts";

interface Session {
  cookie: string;
}

async function signIn(url: string, token: string): Promise<Response> {
  return fetch(`${url}/review/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }).toString(),
    redirect: "manual",
  });
}

async function session(url: string, token: string): Promise<Session> {
  const response = await signIn(url, token);
  assert.equal(response.status, 303);
  const cookie = response.headers.get("set-cookie")!;
  return { cookie: cookie.split(";")[0]! };
}

const get = (url: string, s?: Session, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { ...(s ? { cookie: s.cookie } : {}), ...headers }, redirect: "manual" });

const post = (url: string, s: Session | undefined, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(s ? { cookie: s.cookie } : {}), ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? assert.fail("no csrf field on the page");

describe("the review console", () => {
  let h: Harness;
  let other: CreatedTenant;
  let png: { flowId: string };
  let pdf: { flowId: string };
  let reviewer: Session;

  before(async () => {
    h = await startEssd();
    other = await h.createTenant("另一家平台有限公司");
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: "http://127.0.0.1:9/callbacks" });
    png = await flowUnderReview(h, h.tenant, "图片授权书科技有限公司", PNG);
    pdf = await flowUnderReview(h, other, "文档授权书科技有限公司", PDF);
    reviewer = await session(h.url, h.adminToken);
  });
  after(async () => {
    await h?.close();
  });

  it("shows a sign-in form, refuses a wrong token and issues a strict, HttpOnly session cookie", async () => {
    const form = await get(`${h.url}/review`);
    assert.equal(form.status, 200);
    const csp = form.headers.get("content-security-policy") ?? "";
    for (const directive of ["default-src 'none'", "object-src 'self'", "frame-ancestors 'none'", "form-action 'self'"]) assert.ok(csp.includes(directive), csp);
    assert.ok(!/script-src/.test(csp), "no script may run: default-src 'none' covers it");
    const text = await form.text();
    assert.match(text, /<label for="rv-token">管理员令牌/);
    assert.match(text, /<input id="rv-token" name="token" type="password"/);
    assert.ok(!text.includes("图片授权书科技有限公司"), "the queue is not shown before signing in");

    for (const wrong of ["wrong", `${h.adminToken}x`, ""]) {
      const refused = await signIn(h.url, wrong);
      assert.equal(refused.status, 401, wrong);
      assert.equal(refused.headers.get("set-cookie"), null);
      assert.match(await refused.text(), /role="alert">令牌不正确/);
    }
    const accepted = await signIn(h.url, h.adminToken);
    assert.equal(accepted.status, 303);
    assert.equal(accepted.headers.get("location"), "/review");
    const cookie = accepted.headers.get("set-cookie")!;
    const parsed = parseSetCookie(cookie);
    assert.match(`${parsed.name}=${parsed.value}`, /^essd_review=\d+\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(parsed.attributes, { path: "/review", "max-age": "43200", httponly: true, samesite: "Strict" });
  });

  it("refuses forged and altered cookies", async () => {
    const [expires, mac] = reviewer.cookie.slice("essd_review=".length).split(".");
    for (const cookie of [`essd_review=${Number(expires) + 3600}.${mac}`, `essd_review=${expires}.${"A".repeat(43)}`, "essd_review=garbage"]) {
      const page = await (await get(`${h.url}/review`, { cookie })).text();
      assert.match(page, /name="token"/, cookie);
    }
  });

  it("lists every tenant's powers of attorney awaiting review, oldest first, with their facts and files", async () => {
    const response = await get(`${h.url}/review`, reviewer);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-frame-options"), "DENY");
    const page = await response.text();
    const first = page.indexOf("图片授权书科技有限公司");
    const second = page.indexOf("文档授权书科技有限公司");
    assert.ok(first > 0 && second > first, "both tenants' flows, oldest first");
    for (const fact of ["测试科技有限公司", "另一家平台有限公司", "9144030071526726XG", "1 上传授权书", "（北京时间）", png.flowId, pdf.flowId]) {
      assert.ok(page.includes(fact), fact);
    }
    assert.ok(page.includes(`<img class="rv-image" src="/review/flows/${h.tenant.OrganizationId}/${png.flowId}/file"`), "the image inline");
    assert.ok(page.includes(`<object class="rv-pdf" data="/review/flows/${other.OrganizationId}/${pdf.flowId}/file" type="application/pdf"`), "the PDF embedded");
    assert.match(page, /<label for="rv-reason-[^"]+">驳回原因/);
    assert.match(page, /<link rel="stylesheet" href="\/review\/review.css">/);
    assert.equal((await get(`${h.url}/review/review.css`)).headers.get("content-type"), "text/css; charset=utf-8");
  });

  it("serves each file with the type its magic bytes announce, inline and never sniffed", async () => {
    const image = await get(`${h.url}/review/flows/${h.tenant.OrganizationId}/${png.flowId}/file`, reviewer);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get("content-type"), "image/png");
    assert.equal(image.headers.get("x-content-type-options"), "nosniff");
    assert.match(image.headers.get("content-disposition")!, /^inline; filename="power-of-attorney-[0-9a-f]{12}\.png"$/);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
    const document = await get(`${h.url}/review/flows/${other.OrganizationId}/${pdf.flowId}/file`, reviewer);
    assert.equal(document.headers.get("content-type"), "application/pdf");
    assert.deepEqual(Buffer.from(await document.arrayBuffer()), PDF);

    assert.equal((await get(`${h.url}/review/flows/${other.OrganizationId}/${pdf.flowId}/file`)).status, 401, "signed in only");
    // A flow under another organization's id is as unknown as a missing one.
    assert.equal((await get(`${h.url}/review/flows/${h.tenant.OrganizationId}/${pdf.flowId}/file`, reviewer)).status, 404);
  });

  it("refuses a rejection without a reason on the page, and forms without the session's CSRF token", async () => {
    const csrf = csrfOf(await (await get(`${h.url}/review`, reviewer)).text());
    const base = `${h.url}/review/flows/${h.tenant.OrganizationId}/${png.flowId}`;
    const noReason = await post(`${base}/reject`, reviewer, { csrf, reason: "   " });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /role="alert">认证流 \S+ 不能驳回授权书：驳回须填写原因/);
    const noCsrf = await post(`${base}/approve`, reviewer, {});
    assert.equal(noCsrf.status, 403);
    const foreignCsrf = await post(`${base}/approve`, reviewer, { csrf: "x".repeat(43) });
    assert.equal(foreignCsrf.status, 403);
    const signedOut = await post(`${base}/approve`, undefined, { csrf });
    assert.equal(signedOut.status, 401);
    const { flow } = await describeFlow(h.domain, h.tenant.OrganizationId, png.flowId);
    assert.deepEqual([flow.auditStatus, flow.state], [3, "active"]);
  });

  it("rejects with a reason, then approves the upload that follows: each moves the flow and queues its callback", async () => {
    const csrf = csrfOf(await (await get(`${h.url}/review`, reviewer)).text());
    const base = `${h.url}/review/flows/${h.tenant.OrganizationId}/${png.flowId}`;
    const rejected = await post(`${base}/reject`, reviewer, { csrf, reason: "请加盖企业公章" });
    assert.equal(rejected.status, 303);
    const notice = await (await get(`${h.url}${rejected.headers.get("location")}`, reviewer)).text();
    assert.match(notice, /role="status">已驳回「图片授权书科技有限公司」的授权书/);
    let { flow } = await describeFlow(h.domain, h.tenant.OrganizationId, png.flowId);
    assert.deepEqual([flow.auditStatus, flow.reason, flow.state], [2, "请加盖企业公章", "active"]);
    assert.ok(!notice.includes(`/review/flows/${h.tenant.OrganizationId}/${png.flowId}/approve`), "no longer in the queue");

    const again = await controlCall(h.url, h.tenant, "POST", `flows/${png.flowId}/upload-power-of-attorney`, { file: PNG.toString("base64") });
    assert.equal(again.json.auditStatus, 3);
    const approved = await post(`${base}/approve`, reviewer, { csrf });
    assert.equal(approved.status, 303);
    ({ flow } = await describeFlow(h.domain, h.tenant.OrganizationId, png.flowId));
    assert.deepEqual([flow.auditStatus, flow.state, flow.reason], [1, "verified", ""]);
    assert.ok(flow.verifiedOrganizationId);

    const queued = (await listCallbackDeliveries(h.domain, h.tenant.OrganizationId)).map((d) => [d.msgType, JSON.parse(d.payload).MsgData?.AuditStatus]);
    // Messages of one step share a timestamp, so compare them as a set.
    assert.deepEqual(
      queued.filter(([type]) => type === "OrganizationAuthorizationFileReview" || type === "CreateOrganization").map((m) => JSON.stringify(m)).sort(),
      [["CreateOrganization", null], ["OrganizationAuthorizationFileReview", 1], ["OrganizationAuthorizationFileReview", 2]].map((m) => JSON.stringify(m)),
    );

    // A decision on a flow no longer under review is refused on the page, naming why.
    const twice = await post(`${base}/approve`, reviewer, { csrf });
    assert.equal(twice.status, 409);
    assert.match(await twice.text(), /role="alert">认证流 \S+ 不能审核通过授权书：企业已完成认证/);
  });

  it("accepts the admin token as a Bearer token instead of a session", async () => {
    const page = await get(`${h.url}/review`, undefined, { authorization: `Bearer ${h.adminToken}` });
    assert.match(await page.text(), /文档授权书科技有限公司/);
    const wrong = await get(`${h.url}/review`, undefined, { authorization: "Bearer nope" });
    assert.match(await wrong.text(), /name="token"/);
    const decided = await post(`${h.url}/review/flows/${other.OrganizationId}/${pdf.flowId}/reject`, undefined, { reason: "文件不清晰" }, { authorization: `Bearer ${h.adminToken}` });
    assert.equal(decided.status, 303);
    const { flow } = await describeFlow(h.domain, other.OrganizationId, pdf.flowId);
    assert.deepEqual([flow.auditStatus, flow.reason], [2, "文件不清晰"]);
  });

  it("signs out", async () => {
    const mine = await session(h.url, h.adminToken);
    const csrf = csrfOf(await (await get(`${h.url}/review`, mine)).text());
    const out = await post(`${h.url}/review/logout`, mine, { csrf });
    assert.equal(out.status, 303);
    const cleared = parseSetCookie(out.headers.get("set-cookie")!);
    assert.deepEqual([cleared.name, cleared.value, cleared.attributes.path, cleared.attributes["max-age"]], ["essd_review", "", "/review", "0"]);
  });
});

describe("the review console in production mode", () => {
  it("works, while the control API stays absent", async () => {
    const h = await startEssd({ mode: "production" });
    try {
      assert.match(await (await get(`${h.url}/review`)).text(), /name="token"/);
      const reviewer = await session(h.url, h.adminToken);
      const page = await get(`${h.url}/review`, reviewer);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /暂无待审核的授权书/);
      const control = await controlCall(h.url, h.tenant, "GET", "review-policy");
      assert.deepEqual([control.status, control.json.Error.Code], [404, "ResourceNotFound"]);
    } finally {
      await h.close();
    }
  });
});
