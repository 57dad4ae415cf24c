/**
 * Every page and link route reads its query and path parameters through a schema: a parameter given twice is a
 * 400 page naming it (never a 500, never an array reaching the store); the same URL without the repetition is
 * answered as usual. Tokens here are made up: parameters are checked before any link is looked up.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";

const T = "A".repeat(32);
const FLOW = `/h5/auth/${T}/flows/yDflow0000000000000000000000000`;

/** [method, path without the query, the query that is fine, the parameter then given twice]. */
const ROUTES: Array<[method: "GET" | "POST", path: string, query: string, repeated: string]> = [
  ["GET", "/s/abcdefghij", "", "lang"],
  ["GET", "/jump-mp.html", "to=AUTHORIZATION_ENTERPRISE_FOR_BATCH_SUBMIT&shortKey=a", "shortKey"],
  ["GET", "/jump-mp.html", "where=mini&from=MSG&to=USER_VERIFY&verifyToken=a", "verifyToken"],
  ["GET", "/jump-mp.html", "shortKey=a", "to"],
  ["GET", "/jump-mp.html", "", "shortKey"],
  ["GET", "/guide", `Code=${T}&CodeType=QUICK`, "Code"],
  ["GET", "/console/batch-register", `token=${T}&orgName=示例`, "token"],
  ["GET", "/h5/batch-register", `token=${T}`, "token"],
  ["GET", "/console/register-callback", `token=${T}`, "token"],
  ["GET", "/h5/register", `token=${T}`, "token"],
  ["GET", `/imgs/qrcode_urls/authorization_enterprise_for_batch_submit/${T}.png`, "", "lang"],
  ["POST", `/invitations/${T}/accept`, "", "lang"],
  ["GET", `/h5/auth/${T}`, "sent=1", "sent"],
  ["GET", `/h5/auth/${T}`, "lang=en", "lang"],
  ["GET", `/h5/auth/${T}`, "welcome=1", "welcome"],
  ["POST", `/h5/auth/${T}/code`, "", "lang"],
  ["POST", `/h5/auth/${T}/verify`, "", "lang"],
  ["POST", `/h5/auth/${T}/logout`, "", "lang"],
  ["GET", FLOW, "done=bank", "done"],
  ["POST", `${FLOW}/confirm`, "", "lang"],
  ["GET", `${FLOW}/attorney`, "", "done"],
  ["POST", `${FLOW}/attorney`, "", "lang"],
  ["GET", `${FLOW}/bank`, "", "lang"],
  ["POST", `${FLOW}/bank`, "", "done"],
  ["GET", `${FLOW}/legal-rep`, "", "lang"],
  ["POST", `${FLOW}/legal-rep`, "", "lang"],
  ["GET", "/h5/legal-rep", `token=${T}`, "token"],
  ["POST", "/h5/legal-rep", `token=${T}`, "token"],
  ["GET", "/review", "done=approved&org=o&flow=f", "done"],
  ["GET", "/review", "org=o", "org"],
  ["GET", "/review", "flow=f", "flow"],
  ["POST", "/review/login", "", "lang"],
  ["POST", "/review/logout", "", "lang"],
  ["GET", "/review/flows/o/f/file", "", "lang"],
  ["GET", "/explorer", "", "lang"],
  ["GET", "/explorer/", "", "lang"],
  ["GET", "/explorer/missing.js", "", "lang"],
];

describe("page and link routes read their parameters through a schema", () => {
  let h: Harness;
  before(async () => (h = await startEssd()));
  after(() => h.close());

  const send = (method: string, path: string, query: string) =>
    fetch(`${h.url}${path}${query ? `?${query}` : ""}`, {
      method,
      redirect: "manual",
      ...(method === "POST" ? { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" } : {}),
    });

  for (const [method, path, query, name] of ROUTES) {
    it(`${method} ${path}: ${name} given twice is a 400 page naming it`, async () => {
      const fine = await send(method, path, query);
      assert.ok(fine.status !== 400 && fine.status < 500, `${fine.status} without the repetition`);
      const twice = [query, `${name}=a`, `${name}=b`].filter(Boolean).join("&");
      const refused = await send(method, path, twice);
      assert.equal(refused.status, 400);
      assert.match(refused.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/);
      assert.match(refused.headers.get("content-security-policy") ?? "", /default-src 'none'/);
      const page = await refused.text();
      // Chinese by default, as every page; the review console says it in both languages.
      assert.ok(page.includes(`参数 ${name} 出现了多次`), page);
    });
  }

  it("ignores parameters a route does not read, repeated or not", async () => {
    const response = await send("GET", "/jump-mp.html", `to=USER_VERIFY&verifyToken=${T}&from=singlemessage&from=timeline&isappinstalled=0`);
    assert.equal(response.status, 404, "an unknown invitation, not a refused query");
  });
});
