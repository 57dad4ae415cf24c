import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { legalRepUrl } from "./admin-link.ts";
import { invitationLongUrl } from "./employee-invitations.ts";
import { linkRefOf } from "./link-resolution.ts";
import { organizationAuthUrl } from "./registration/single-auth-url.ts";
import { batchAuthorizationUrl, registrationUrl } from "./registration/urls.ts";
import { codeIn, linkIn } from "./sms/outbox-read.ts";

const BASE = "https://essd.example.com";
const link = { token: "yD000000000000000000000000000001", shortCode: "Ab3dE5gH7j", shortKey: "yD000000000000000009" };
const token = (kind: string) => ({ by: "token", code: link.token, kinds: [kind] });

describe("linkRefOf: every URL form essd hands out", () => {
  it("names the link of each batch-authorization form", () => {
    assert.deepEqual(linkRefOf(batchAuthorizationUrl(BASE, "HTTP", link)), { by: "key", code: link.shortKey, kinds: ["batch-authorization"] });
    assert.deepEqual(linkRefOf(batchAuthorizationUrl(BASE, "APP", link)), { by: "key", code: link.shortKey, kinds: ["batch-authorization"] });
    assert.deepEqual(linkRefOf(batchAuthorizationUrl(BASE, "HTTP_SHORT_URL", link)), { by: "short", code: link.shortCode });
    assert.deepEqual(linkRefOf(batchAuthorizationUrl(BASE, "QR_CODE", link)), token("batch-authorization"));
  });

  it("names the link of each registration and CreateOrganizationAuthUrl form", () => {
    for (const endpoint of ["PC", "H5", "APP"] as const) {
      assert.deepEqual(linkRefOf(registrationUrl(BASE, endpoint, link, "某某（深圳）科技有限公司")), token("enterprise-registration"), endpoint);
      assert.deepEqual(linkRefOf(organizationAuthUrl(BASE, endpoint, link)), token("organization-auth"), endpoint);
    }
    assert.deepEqual(linkRefOf(registrationUrl(BASE, "SHORT_H5", link, "x")), { by: "short", code: link.shortCode });
  });

  it("names invitation links, long, H5 and APP", () => {
    assert.deepEqual(linkRefOf(invitationLongUrl(BASE, link.token, Date.now())), token("employee-invitation"));
    assert.deepEqual(linkRefOf(`${BASE}/guide?Code=${link.token}&CodeType=QUICK&shortKey=${link.shortKey}`), token("employee-invitation"));
    assert.deepEqual(linkRefOf(`/pages/guide/index?to=USER_VERIFY&verifyToken=${link.token}&expireTime=1`), token("employee-invitation"));
  });

  it("names the link behind the admin pages' own URLs and the legal representative's link", () => {
    const adminKinds = { by: "token", code: link.token, kinds: ["batch-authorization", "enterprise-registration", "organization-auth"] };
    for (const path of ["", "/", "/flows/yDflow0001", "/flows/yDflow0001/attorney", "/code"]) {
      assert.deepEqual(linkRefOf(`${BASE}/h5/auth/${link.token}${path}?done=confirm`), adminKinds, path);
    }
    assert.deepEqual(linkRefOf(`/h5/auth/${encodeURIComponent(link.token)}`), adminKinds, "a relative, encoded form");
    assert.deepEqual(linkRefOf(legalRepUrl(BASE, link.token)), token("legal-rep"));
    for (const url of [`${BASE}/h5/auth/`, `${BASE}/h5/auth`, `${BASE}/h5/auth/%E0%A4%A`, `${BASE}/h5/legal-rep`, `${BASE}/h5/legal-rep/?x=1`]) {
      assert.equal(linkRefOf(url), undefined, url);
    }
  });

  it("judges by path and query only, and names nothing for other URLs", () => {
    assert.deepEqual(linkRefOf(`http://127.0.0.1:9/s/${link.shortCode}/`), { by: "short", code: link.shortCode });
    for (const url of ["", "not a url", `${BASE}/`, `${BASE}/s/`, `${BASE}/s/a/b`, `${BASE}/console/batch-register`, `${BASE}/jump-mp.html?to=ELSEWHERE&shortKey=x`, `${BASE}/explorer`]) {
      assert.equal(linkRefOf(url), undefined, url);
    }
  });
});

describe("what CI reads out of a message", () => {
  it("takes exactly six digits as a code, never a longer number", () => {
    assert.equal(codeIn("【腾讯电子签】验证码 604213，用于 13900000001，10分钟内有效。"), "604213");
    assert.equal(codeIn("手机 13900000001 验证码：007001"), "007001");
    assert.equal(codeIn("没有验证码 1234567"), undefined);
  });

  it("takes the URL, without the sentence's punctuation", () => {
    assert.equal(linkIn("请点击 https://essd.example.com/s/Ab3dE5gH7j 完成"), "https://essd.example.com/s/Ab3dE5gH7j");
    assert.equal(linkIn("链接：http://127.0.0.1:8080/h5/register?token=abc&x=1，有效期30天"), "http://127.0.0.1:8080/h5/register?token=abc&x=1");
    assert.equal(linkIn("See https://essd.example.com/s/abc."), "https://essd.example.com/s/abc");
    assert.equal(linkIn("no link"), undefined);
  });
});
