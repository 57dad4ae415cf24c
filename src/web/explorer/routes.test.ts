import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { createApiKey, revokeApiKey } from "../../domain/api-keys.ts";
import { services } from "../../actions/services.ts";
import { createPlatform } from "../../domain/platforms/platforms.ts";
import { registerServices } from "../../protocol/services.ts";

describe("/explorer in sandbox mode", () => {
  let h: Harness;
  let page: Response;
  let body: string;
  before(async () => {
    h = await startEssd();
    page = await fetch(`${h.url}/explorer`);
    body = await page.text();
  });
  after(() => h.close());

  it("answers the page with a strict content security policy: no inline script, no framing", () => {
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get("cache-control"), "no-store");
    assert.ok(!/<script(?![^>]*\bsrc=)/.test(body), "no inline script");
    assert.ok(!/\sstyle="/.test(body), "no inline style");
  });

  it("lists tenants with OrganizationId, operator and active SecretIds, never a SecretKey", async () => {
    const sub = await h.createTenant("子公司<b>&'", h.tenant.OrganizationId);
    const second = await createApiKey(h.domain, h.tenant.OrganizationId);
    const revoked = await createApiKey(h.domain, h.tenant.OrganizationId);
    await revokeApiKey(h.domain, revoked.SecretId);
    const html = await (await fetch(`${h.url}/explorer`)).text();
    for (const value of [h.tenant.OrganizationId, h.tenant.OperatorUserId, h.tenant.SecretId, second.SecretId, sub.OrganizationId, sub.SecretId]) assert.ok(html.includes(value), value);
    assert.ok(!html.includes(revoked.SecretId), "a revoked key is not offered");
    for (const key of [h.tenant.SecretKey, second.SecretKey, sub.SecretKey]) assert.ok(!html.includes(key), "a SecretKey reached the page");
    assert.ok(html.includes("子公司&lt;b&gt;&amp;&#39;"), "tenant names are escaped");
    assert.ok(!html.includes("子公司<b>"));
  });

  it("lists platform applications for essbasic with AppId and active SecretIds, never a SecretKey; their owners are no ess tenant", async () => {
    const platform = await createPlatform(h.domain, { name: "平台<i>甲" });
    const owner = (await h.domain.store.getApplication(platform.AppId))!.organizationId;
    const html = await (await fetch(`${h.url}/explorer`)).text();
    const option = new RegExp(`<option value="${platform.AppId}" data-secret-ids="([^"]*)"[^>]*>平台&lt;i&gt;甲 — ${platform.AppId}</option>`).exec(html);
    assert.ok(option, "the application is offered, its platform's name escaped");
    assert.deepEqual(JSON.parse(option[1].replaceAll("&quot;", '"')), [platform.SecretId]);
    assert.ok(!html.includes(platform.SecretKey), "an application's SecretKey reached the page");
    assert.ok(!html.includes(`<option value="${owner}"`), "the application's owner organization is not offered as an ess tenant");
  });

  it("lists every action of both specs: implemented ones with a form for their own service, the others marked, searchable, without a form", () => {
    const registry = registerServices(services);
    const section = (id: string, service: string) =>
      new RegExp(`<section class="card action" id="${id}" data-action-section data-service="${service}"( data-no-form)? hidden[^>]*>[\\s\\S]*?</section>`).exec(body)?.[0];
    const totals: Record<string, number> = {};
    for (const service of registry.services) {
      for (const [name, spec] of Object.entries(service.spec.actions)) {
        totals[service.name] = (totals[service.name] ?? 0) + 1;
        const id = service.name === "ess" ? name : `${service.name}-${name}`;
        const html = section(id, service.name);
        assert.ok(html, `${service.name} ${name} has a section`);
        const withForm = service.actions.has(name);
        if (withForm) assert.ok(html.includes(`data-service="${service.name}" data-version="${service.version}"`), `${service.name} ${name}: the form signs for its own service`);
        assert.equal(html.includes("<form"), withForm, `${name}: a form only when the explorer can send it`);
        assert.equal(html.includes("data-no-form"), !withForm);
        if (!service.actions.has(name)) assert.ok(html.includes("未实现 not implemented") && html.includes("UnsupportedOperation"), `${name} is marked not implemented`);
        const link = new RegExp(`<li data-search="([^"]*)"[^>]*><a href="#${id}" data-action-link="${id}">`).exec(body);
        assert.ok(link, `${name} is in the list`);
        assert.ok(link[1].includes(name.toLowerCase()) && link[1].includes(spec.title.toLowerCase()), "searchable by name and Chinese title");
      }
    }
    assert.ok(body.includes(`>${totals.ess} 个接口 actions</p>`), "the count covers the default service's whole API");
    assert.ok(body.includes(`data-count="${totals.essbasic}"`), "essbasic's count is at hand for the service picker");
    const ids = [...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, "ids are unique although both services name some actions alike");
  });

  it("serves the scripts and styles as they are on disk", async () => {
    const TYPES: Record<string, string> = { js: "text/javascript", css: "text/css", svg: "image/svg+xml" };
    const files = readdirSync(new URL("./browser/", import.meta.url));
    for (const module of ["explorer.js", "signing.js", "form.js", "network.js"]) assert.ok(files.includes(module), module);
    for (const file of files) {
      const type = TYPES[file.split(".").pop()!]!;
      const response = await fetch(`${h.url}/explorer/${file}`);
      assert.equal(response.status, 200, file);
      assert.ok(response.headers.get("content-type")?.startsWith(type), file);
      assert.equal(await response.text(), readFileSync(new URL(`./browser/${file}`, import.meta.url), "utf8"));
    }
    assert.equal((await fetch(`${h.url}/explorer/routes.ts`)).status, 404, "only the listed assets");
    assert.equal((await fetch(`${h.url}/explorer/..%2Fhtml.ts`)).status, 404);
  });

  it("generates SDK code for the four languages, and refuses malformed input with 400", async () => {
    const ok = await fetch(`${h.url}/explorer/snippets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "DescribeIntegrationEmployees", params: { Limit: 5 }, endpoint: h.endpoint, signMethod: "TC3-HMAC-SHA256", reqMethod: "GET" }),
    });
    assert.equal(ok.status, 200);
    const { snippets } = (await ok.json()) as { snippets: Array<{ id: string; code: string }> };
    assert.deepEqual(snippets.map((s) => s.id), ["node", "python", "go", "java"]);
    for (const s of snippets) assert.ok(s.code.includes(h.endpoint) && s.code.includes("DescribeIntegrationEmployees"), s.id);
    const essbasic = await fetch(`${h.url}/explorer/snippets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service: "essbasic", action: "SyncProxyOrganization", params: {}, endpoint: h.endpoint, signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" }),
    });
    const answer = (await essbasic.json()) as { snippets: Array<{ id: string; code: string }> };
    assert.ok(answer.snippets.find((s) => s.id === "node")!.code.includes("new essbasic.v20210526.Client("));
    for (const bad of [
      "not json",
      JSON.stringify({ action: "X; rm -rf /", params: {}, endpoint: "h", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" }),
      JSON.stringify({ service: "cvm", action: "DescribeInstances", params: {}, endpoint: "h", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" }),
    ]) {
      const response = await fetch(`${h.url}/explorer/snippets`, { method: "POST", headers: { "content-type": "application/json" }, body: bad });
      assert.equal(response.status, 400);
      assert.equal(typeof ((await response.json()) as { error: string }).error, "string");
    }
  });

  it("/explorer/ redirects to /explorer", async () => {
    const response = await fetch(`${h.url}/explorer/`, { redirect: "manual" });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get("location"), "/explorer");
  });
});

describe("/explorer with more tenants and applications than its pickers hold", () => {
  let h: Harness;
  before(async () => (h = await startEssd()));
  after(() => h.close());

  const options = (html: string, select: string) => [...new RegExp(`<select id="${select}"[^>]*>(.*?)</select>`, "s").exec(html)![1]!.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);

  it("shows the oldest 200 of each, says so with how many there are, and says nothing while all are shown", async () => {
    const small = await (await fetch(`${h.url}/explorer`)).text();
    assert.ok(!small.includes("cap-note"), "a picker that shows everything says it is capped");
    const store = h.domain.store;
    const at = Date.now() + 60_000;
    await store.insertPlatform({ id: "p-many", name: "多应用平台", createdAt: at });
    for (let i = 0; i < 201; i++) {
      const n = String(i).padStart(3, "0");
      await store.insertOrganization({ id: `org-${n}`, name: `企业${n}`, parentId: null, createdAt: at + i, creditCode: null, groupJoinedAt: null }, []);
      await store.insertOrganization({ id: `owner-${n}`, name: `应用${n}`, parentId: null, createdAt: at + i, creditCode: null, groupJoinedAt: null }, []);
      await store.insertApplication({ id: `app-${n}`, platformId: "p-many", organizationId: `owner-${n}`, createdAt: at + i });
    }
    const html = await (await fetch(`${h.url}/explorer`)).text();
    const tenants = options(html, "tenant");
    assert.deepEqual(tenants, [h.tenant.OrganizationId, ...Array.from({ length: 199 }, (_, i) => `org-${String(i).padStart(3, "0")}`)], "the oldest first, no application's own");
    assert.match(html, /<p class="cap-note">仅显示最早的 200 个租户，共 202 个。The oldest 200 of 202 tenants shown\.<\/p>/);
    const applications = options(html, "application");
    assert.equal(applications.length, 200);
    assert.equal(applications[0], "app-000");
    assert.match(html, /<p class="cap-note">仅显示最早的 200 个应用，共 201 个。The oldest 200 of 201 applications shown\.<\/p>/);
  });
});

describe("/explorer in production mode", () => {
  let h: Harness;
  before(async () => (h = await startEssd({ mode: "production" })));
  after(() => h.close());

  it("answers 404 with a page saying the explorer is disabled in production", async () => {
    const response = await fetch(`${h.url}/explorer`);
    assert.equal(response.status, 404);
    const body = await response.text();
    assert.match(body, /disabled in production/);
    assert.ok(!body.includes(h.tenant.OrganizationId) && !body.includes(h.tenant.SecretId), "no tenant data");
  });

  it("serves neither its assets nor code generation", async () => {
    for (const path of ["/explorer/explorer.js", "/explorer/signing.js", "/explorer/"]) assert.equal((await fetch(`${h.url}${path}`)).status, 404, path);
    const snippets = await fetch(`${h.url}/explorer/snippets`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(snippets.status, 404);
  });
});
