import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { v1Method, v1Sign, v1StringToSign, verifyV1 } from "./signature-v1.ts";
import { V1_HOST, V1_KEY, V1_PARAMS, V1_SIGNATURE } from "../../test/support/signature-vectors.ts";

const V1_STRING =
  "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou" +
  "&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12";

describe("v1 string to sign and signature", () => {
  it("V1-1: HmacSHA1 over the sorted, decoded parameters", () => {
    const toSign = v1StringToSign("GET", V1_HOST, V1_PARAMS);
    assert.equal(toSign, V1_STRING);
    assert.equal(v1Sign(V1_KEY, "HmacSHA1", toSign), V1_SIGNATURE);
  });

  it("leaves Signature itself out of the string to sign", () => {
    assert.equal(v1StringToSign("GET", V1_HOST, [...V1_PARAMS, ["Signature", V1_SIGNATURE]]), V1_STRING);
  });

  it("upper-cases the HTTP method", () => {
    assert.ok(v1StringToSign("post", "127.0.0.1:18080", [["A", "1"]]).startsWith("POST127.0.0.1:18080/?A=1"));
  });

  it("HmacSHA256 is base64 HMAC-SHA256 of the same string (cross-checked with node:crypto)", () => {
    const params: Array<[string, string]> = [...V1_PARAMS, ["SignatureMethod", "HmacSHA256"]];
    const toSign = v1StringToSign("POST", "127.0.0.1:18080", params);
    assert.equal(
      toSign,
      "POST127.0.0.1:18080/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou" +
        "&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&SignatureMethod=HmacSHA256&Timestamp=1465185768&Version=2017-03-12",
    );
    const expected = createHmac("sha256", V1_KEY).update(toSign, "utf8").digest("base64");
    assert.equal(v1Sign(V1_KEY, "HmacSHA256", toSign), expected);
    assert.equal(Buffer.from(expected, "base64").length, 32);
    assert.notEqual(v1Sign(V1_KEY, "HmacSHA1", toSign), expected);
  });

  it("sorts by ASCII code: InstanceIds.12 before InstanceIds.2, upper case before lower case", () => {
    const toSign = v1StringToSign("GET", "h", [
      ["InstanceIds.2", "c"],
      ["InstanceIds.12", "b"],
      ["InstanceIds.1", "a"],
      ["b", "lower"],
      ["Z", "upper"],
    ]);
    assert.equal(toSign, "GETh/?InstanceIds.1=a&InstanceIds.12=b&InstanceIds.2=c&Z=upper&b=lower");
  });

  it("includes empty values (Go sends `Region=`)", () => {
    assert.equal(v1StringToSign("GET", "h", [["Region", ""], ["Action", "X"], ["Language", ""]]), "GETh/?Action=X&Language=&Region=");
  });

  it("keeps a Nonce above 2^53 exactly as sent", () => {
    const nonce = "8452270854701165601";
    assert.ok(BigInt(nonce) > 2n ** 53n);
    assert.notEqual(String(Number(nonce)), nonce);
    const toSign = v1StringToSign("GET", "h", [["Nonce", nonce]]);
    assert.equal(toSign, `GETh/?Nonce=${nonce}`);
  });

  it("keeps values decoded: no re-encoding of spaces, slashes or UTF-8", () => {
    assert.equal(v1StringToSign("GET", "h", [["Name", "测试 公司/a+b"]]), "GETh/?Name=测试 公司/a+b");
  });

  it("replaces `_` with `.` in names only in the underscore variant, and sorts after replacing", () => {
    const params: Array<[string, string]> = [["Filters_0_Name", "n_1"], ["Action", "X"]];
    assert.equal(v1StringToSign("GET", "h", params), "GETh/?Action=X&Filters_0_Name=n_1");
    assert.equal(v1StringToSign("GET", "h", params, true), "GETh/?Action=X&Filters.0.Name=n_1");
    // `A_b` sorts after `A.c` only once `_` has become `.`.
    assert.equal(v1StringToSign("GET", "h", [["A_b", "1"], ["A.c", "2"]]), "GETh/?A.c=2&A_b=1");
    assert.equal(v1StringToSign("GET", "h", [["A_b", "1"], ["A.c", "2"]], true), "GETh/?A.b=1&A.c=2");
  });

  it("uses SHA-256 only when SignatureMethod is exactly HmacSHA256", () => {
    assert.equal(v1Method("HmacSHA256"), "HmacSHA256");
    assert.equal(v1Method("HmacSHA1"), "HmacSHA1");
    assert.equal(v1Method(undefined), "HmacSHA1");
    assert.equal(v1Method("hmacsha256"), "HmacSHA1");
  });
});

describe("verifyV1", () => {
  it("accepts V1-1 with the host as received", () => {
    assert.deepEqual(verifyV1(V1_KEY, "HmacSHA1", "GET", [V1_HOST], V1_PARAMS, V1_SIGNATURE), { ok: true });
  });

  it("accepts a signature made over the second host candidate", () => {
    const signature = v1Sign(V1_KEY, "HmacSHA256", v1StringToSign("POST", "127.0.0.1", V1_PARAMS));
    assert.deepEqual(verifyV1(V1_KEY, "HmacSHA256", "POST", ["127.0.0.1:18080", "127.0.0.1"], V1_PARAMS, signature), { ok: true });
  });

  it("accepts a Python-style signature over `_`-to-`.` names", () => {
    const params: Array<[string, string]> = [["Action", "X"], ["Operator_UserId", "u1"]];
    const signature = v1Sign(V1_KEY, "HmacSHA1", "GETh/?Action=X&Operator.UserId=u1");
    assert.deepEqual(verifyV1(V1_KEY, "HmacSHA1", "GET", ["h"], params, signature), { ok: true });
  });

  it("rejects a wrong key, method, host or parameter, reporting the first attempt", () => {
    const wrongKey = verifyV1("Gu5t9xGARNpq86cd98joQYCN3EXAMPLf", "HmacSHA1", "GET", [V1_HOST], V1_PARAMS, V1_SIGNATURE);
    assert.equal(wrongKey.ok, false);
    if (!wrongKey.ok) {
      assert.equal(wrongKey.expected.stringToSign, V1_STRING);
      assert.notEqual(wrongKey.expected.signature, V1_SIGNATURE);
    }
    assert.equal(verifyV1(V1_KEY, "HmacSHA256", "GET", [V1_HOST], V1_PARAMS, V1_SIGNATURE).ok, false);
    assert.equal(verifyV1(V1_KEY, "HmacSHA1", "POST", [V1_HOST], V1_PARAMS, V1_SIGNATURE).ok, false);
    assert.equal(verifyV1(V1_KEY, "HmacSHA1", "GET", ["cvm.tencentcloudapi.com:443"], V1_PARAMS, V1_SIGNATURE).ok, false);
    const changed = V1_PARAMS.map(([k, v]): [string, string] => [k, k === "Limit" ? "21" : v]);
    assert.equal(verifyV1(V1_KEY, "HmacSHA1", "GET", [V1_HOST], changed, V1_SIGNATURE).ok, false);
  });

  it("rejects signatures of another length or encoding without throwing", () => {
    assert.equal(verifyV1(V1_KEY, "HmacSHA1", "GET", [V1_HOST], V1_PARAMS, "").ok, false);
    assert.equal(verifyV1(V1_KEY, "HmacSHA1", "GET", [V1_HOST], V1_PARAMS, "EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D").ok, false);
    assert.equal(verifyV1(V1_KEY, "HmacSHA1", "GET", [V1_HOST], V1_PARAMS, V1_SIGNATURE.slice(0, -1)).ok, false);
  });
});
