import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { asciiUrl, pathWith } from "./url.ts";

describe("pathWith: every URL built from data", () => {
  it("fills :name segments, encoded, and puts the other values in the query in the order given", () => {
    assert.equal(pathWith("/h5/auth/:token/flows/:flowId", { token: "a/b?c", flowId: "x#1", done: "bank" }), "/h5/auth/a%2Fb%3Fc/flows/x%231?done=bank");
    assert.equal(pathWith("/h5/register", { token: "t&admin=1", lang: undefined, n: 5 }), "/h5/register?token=t%26admin%3D1&n=5");
    assert.equal(pathWith("/review"), "/review");
    // A template is split once and kept: the same template with other values, and an empty query value.
    assert.equal(pathWith("/h5/auth/:token/flows/:flowId", { flowId: "f", token: "t", x: "" }), "/h5/auth/t/flows/f?x=");
    assert.equal(pathWith("/s/:code", { code: "abc" }, { base: "https://essd.example.com" }), "https://essd.example.com/s/abc");
  });

  it("encodes in a readable value exactly the ASCII that encodeURIComponent encodes, nothing from U+0080 on", () => {
    for (let code = 0; code < 0x3000; code++) {
      const c = String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const expected = code > 0x7f ? c : encodeURIComponent(c);
      assert.equal(pathWith("/p", { n: `${c}z` }, { readable: ["n"] }), `/p?n=${expected}z`, `U+${code.toString(16)}`);
    }
    assert.equal(pathWith("/p", { n: "a😀b\ud800" }, { readable: ["n"] }), "/p?n=a😀b\ufffd", "a pair stays, a lone surrogate is replaced");
  });

  it("keeps readable values readable but never lets them end the parameter", () => {
    const url = pathWith("/console/batch-register", { token: "t", orgName: "示例 A&B=C#（深圳）" }, { readable: ["orgName"] });
    assert.equal(url, "/console/batch-register?token=t&orgName=示例%20A%26B%3DC%23（深圳）");
    assert.equal(new URL(url, "http://x").searchParams.get("orgName"), "示例 A&B=C#（深圳）");
    assert.equal(asciiUrl(url), "/console/batch-register?token=t&orgName=%E7%A4%BA%E4%BE%8B%20A%26B%3DC%23%EF%BC%88%E6%B7%B1%E5%9C%B3%EF%BC%89");
  });

  it("survives a lone surrogate and refuses a missing segment", () => {
    assert.equal(pathWith("/x", { q: "a\ud800" }), "/x?q=a%EF%BF%BD");
    assert.throws(() => pathWith("/h5/auth/:token", {}), /no value for :token/);
  });
});
