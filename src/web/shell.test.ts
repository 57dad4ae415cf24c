/**
 * The one page shell and the surfaces' header policies, end to end: every surface's document links only
 * same-origin stylesheets that essd serves, no policy allows inline styles or scripts, and each surface keeps
 * its own rules (the invitation's form may be redirected to a JumpUrl; only the explorer runs a script).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { signedCall } from "../../test/support/signed-request.ts";

describe("page shell and header policies", () => {
  let h: Harness;
  before(async () => (h = await startEssd()));
  after(() => h.close());

  const SURFACES: Array<[surface: string, path: string, status: number, csp: RegExp]> = [
    ["link pages", "/h5/register?token=unknown", 404, /form-action 'self'; base-uri/],
    ["admin pages", `/h5/auth/${"A".repeat(32)}`, 404, /^default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'/],
    ["invitation", "/guide?Code=unknown", 404, /form-action 'self'/],
    ["review console", "/review", 200, /object-src 'self'/],
    ["API Explorer", "/explorer", 200, /script-src 'self'/],
  ];

  for (const [surface, path, status, csp] of SURFACES) {
    it(`${surface}: framed by the shell, same-origin styles only, its own policy`, async () => {
      const response = await fetch(`${h.url}${path}`);
      assert.equal(response.status, status);
      const policy = response.headers.get("content-security-policy") ?? "";
      assert.match(policy, csp);
      assert.ok(!policy.includes("unsafe-inline") && !policy.includes("unsafe-eval"), policy);
      for (const [name, value] of [["x-frame-options", "DENY"], ["x-content-type-options", "nosniff"], ["referrer-policy", "no-referrer"], ["cache-control", "no-store"]]) {
        assert.equal(response.headers.get(name), value, name);
      }
      const page = await response.text();
      assert.match(page, /^<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">/);
      assert.ok(!/<style|\sstyle="|<script(?![^>]*\bsrc=)/.test(page), "no inline style or script");
      const sheets = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
      assert.ok(sheets.length > 0);
      for (const sheet of sheets) {
        const css = await fetch(`${h.url}${sheet}`);
        assert.equal(css.status, 200, sheet);
        assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
        assert.equal(css.headers.get("x-content-type-options"), "nosniff");
      }
    });
  }

  it("an invitation's page lets its accepted form be redirected to the integrator's JumpUrl", async () => {
    const { json } = await signedCall({
      url: h.url,
      secretId: h.tenant.SecretId,
      secretKey: h.tenant.SecretKey,
      action: "CreateIntegrationEmployees",
      body: { Operator: { UserId: h.tenant.OperatorUserId }, Employees: [{ DisplayName: "王五", Mobile: "15800009999" }], InvitationNotifyType: "NONE", Endpoint: "HTTP" },
    });
    const url = json.Response.CreateEmployeeResult.SuccessEmployeeData[0].Url as string;
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' https: http:;/);
    assert.match(await response.text(), /<form method="post" action="\/invitations\/\w+\/accept">/);
  });

  it("serves only the files of its asset folders", async () => {
    for (const path of ["/assets/plain.css", "/assets/app.css", "/review/review.css", "/explorer/form.js"]) assert.equal((await fetch(`${h.url}${path}`)).status, 200, path);
    for (const path of ["/assets/../html.ts", "/assets/%2e%2e/html.ts", "/review/routes.ts", "/review/assets/review.css", "/assets/"]) assert.equal((await fetch(`${h.url}${path}`)).status, 404, path);
  });
});
