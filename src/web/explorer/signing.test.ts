/**
 * The explorer's browser signer (signing.js, run here on Node's Web Crypto) against the server's own signing
 * functions: the reference vectors of src/protocol/signature-v3.test.ts and signature-v1.test.ts, then whole
 * requests built by the page and checked by the server's authenticate(). If either side changes alone, this fails.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as browser from "./browser/signing.js";
import * as v3 from "../../protocol/signature-v3.ts";
import * as v1 from "../../protocol/signature-v1.ts";
import { authenticate } from "../../protocol/authenticate.ts";
import { decodeForm } from "../../protocol/wire-request.ts";
import { unflatten } from "../../protocol/params.ts";
import { V1_PARAMS } from "../../../test/support/signature-vectors.ts";

const DOC_BODY = String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`;
const DOC_SCOPE = { date: "2019-02-25", service: "cvm" };
const DOC_TS = "1551113065";
const LOCAL_SCOPE = { date: "2023-11-14", service: "127" };
const LOCAL_TS = "1700000000";
const V33_BODY = `{"Operator":{"UserId":"yDw6yUUgyg3caowzUx4GQptRKfMnJqX8"},"TaskId":"yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP"}`;
const V34_QUERY = "Operator.UserId=yDw6yUUgyg3caowzUx4GQptRKfMnJqX8&SubTaskIds.0=yDCHlUUckpaeefmfUxPr7deu6g5PvvJz";

interface Vector {
  name: string;
  request: v3.Tc3Request;
  signed: string[];
  lower: boolean;
  key: string;
  scope: v3.Tc3Scope;
  timestamp: string;
  signature?: string;
}

const VECTORS: Vector[] = [
  {
    name: "V3-1 doc example, x-tc-action signed and lower-cased",
    request: { method: "POST", query: "", headers: { "content-type": "application/json; charset=utf-8", host: "cvm.tencentcloudapi.com", "x-tc-action": "DescribeInstances" }, payloadHash: v3.sha256Hex(DOC_BODY) },
    signed: ["content-type", "host", "x-tc-action"],
    lower: true,
    key: "*".repeat(32),
    scope: DOC_SCOPE,
    timestamp: DOC_TS,
    signature: "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
  },
  {
    name: "V3-2 same body, content-type;host",
    request: { method: "POST", query: "", headers: { "content-type": "application/json; charset=utf-8", host: "cvm.tencentcloudapi.com" }, payloadHash: v3.sha256Hex(DOC_BODY) },
    signed: ["content-type", "host"],
    lower: false,
    key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    scope: DOC_SCOPE,
    timestamp: DOC_TS,
    signature: "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
  },
  {
    name: "V3-3 Node-style POST, service 127",
    request: { method: "POST", query: "", headers: { "content-type": "application/json", host: "127.0.0.1" }, payloadHash: v3.sha256Hex(V33_BODY) },
    signed: ["content-type", "host"],
    lower: false,
    key: "SECRETEXAMPLE",
    scope: LOCAL_SCOPE,
    timestamp: LOCAL_TS,
    signature: "59ff3b785730b027ae2408234dec747ae52374168dd0be3ad8aa412769440472",
  },
  {
    name: "V3-4 Node-style GET with a raw flattened query",
    request: { method: "GET", query: V34_QUERY, headers: { "content-type": "application/x-www-form-urlencoded", host: "127.0.0.1" }, payloadHash: v3.sha256Hex("") },
    signed: ["content-type", "host"],
    lower: false,
    key: "SECRETEXAMPLE",
    scope: LOCAL_SCOPE,
    timestamp: LOCAL_TS,
    signature: "90713b8a03d69af2da18e4a1a7702a787b9c460cf62b013fb05892905e986e51",
  },
  {
    name: "non-ASCII key and values, surrounding blanks in a header",
    request: { method: "post", query: "", headers: { "content-type": "  application/json ", host: "essd.example.com:8443" }, payloadHash: v3.sha256Hex(`{"名称":"测试 公司"}`) },
    signed: ["content-type", "host"],
    lower: false,
    key: "密钥🔑key",
    scope: { date: "2026-03-02", service: "ess" },
    timestamp: "1772416800",
  },
];

describe("browser signer = server signer on the TC3 reference vectors", () => {
  for (const vector of VECTORS) {
    it(vector.name, async () => {
      const canonical = v3.canonicalRequest(vector.request, vector.signed, vector.lower);
      assert.equal(browser.canonicalRequest(vector.request, vector.signed, vector.lower), canonical);
      assert.equal(await browser.sha256Hex(canonical), v3.sha256Hex(canonical));
      assert.equal(browser.credentialScope(vector.scope), v3.credentialScope(vector.scope));
      const toSign = v3.stringToSign(vector.timestamp, vector.scope, canonical);
      assert.equal(await browser.stringToSign(vector.timestamp, vector.scope, canonical), toSign);
      const key = v3.signingKey(vector.key, vector.scope);
      assert.equal(browser.toHex(await browser.signingKey(vector.key, vector.scope)), key.toString("hex"));
      const signature = v3.signHex(key, toSign);
      assert.equal(await browser.signHex(await browser.signingKey(vector.key, vector.scope), toSign), signature);
      if (vector.signature) assert.equal(signature, vector.signature);
      assert.equal(browser.formatAuthorization("AKIDEXAMPLE", vector.scope, vector.signed, signature), v3.formatAuthorization("AKIDEXAMPLE", vector.scope, vector.signed, signature));
    });
  }
});


describe("browser signer = server signer for signature v1", () => {
  const cases: Array<{ name: string; method: string; host: string; params: Array<[string, string]>; dots?: boolean }> = [
    { name: "V1-1 doc example", method: "GET", host: "cvm.tencentcloudapi.com", params: V1_PARAMS },
    { name: "POST with SignatureMethod and a port", method: "post", host: "127.0.0.1:18080", params: [...V1_PARAMS, ["SignatureMethod", "HmacSHA256"]] },
    { name: "ASCII order, empty values, Signature left out", method: "GET", host: "h", params: [["InstanceIds.2", "c"], ["InstanceIds.12", "b"], ["b", "x"], ["Z", ""], ["Signature", "zzz"]] },
    { name: "decoded UTF-8 values and a huge Nonce", method: "GET", host: "h", params: [["Name", "测试 公司/a+b"], ["Nonce", "8452270854701165601"]] },
    { name: "underscore names as Python and Java sign them", method: "GET", host: "h", params: [["Foo_Bar", "1"]], dots: true },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const toSign = v1.v1StringToSign(c.method, c.host, c.params, c.dots);
      assert.equal(browser.v1StringToSign(c.method, c.host, c.params, c.dots), toSign);
      for (const method of ["HmacSHA1", "HmacSHA256"] as const) {
        assert.equal(await browser.v1Sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", method, toSign), v1.v1Sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", method, toSign));
      }
    });
  }

  it("V1-1 signature matches the published value", async () => {
    assert.equal(await browser.v1Sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "HmacSHA1", v1.v1StringToSign("GET", "cvm.tencentcloudapi.com", V1_PARAMS)), "EliP9YW3pW28FpsEdkXt/+WcGeI=");
  });
});

describe("whole requests built by the page pass the server's authenticate()", () => {
  const SECRET_ID = "AKIDexplorerTEST";
  const SECRET_KEY = "s3cr3t/键+=";
  const NOW = 1_772_416_800;
  const PARAMS = {
    Operator: { UserId: "yDw6yUUgyg3caowzUx4GQptRKfMnJqX8" },
    RegistrationOrganizations: [
      { OrganizationName: "示例科技（深圳）有限公司", UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", AuthorizationTypes: [2] },
      { OrganizationName: "A & B = C?", UniformSocialCreditCode: "91110108772551611J", LegalName: "李 四" },
    ],
    BatchAuthMethod: 1,
    Flag: true,
  };
  const modes = [
    { signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" },
    { signMethod: "TC3-HMAC-SHA256", reqMethod: "GET" },
    { signMethod: "HmacSHA256", reqMethod: "POST" },
    { signMethod: "HmacSHA1", reqMethod: "GET" },
    { signMethod: "HmacSHA1", reqMethod: "POST" },
    { signMethod: "HmacSHA256", reqMethod: "GET" },
  ] as const;

  const authenticateSigned = async (signed: browser.SignedRequest, secretKey = SECRET_KEY) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.http.headers)) headers[name.toLowerCase()] = value;
    return authenticate(
      { method: signed.http.method, rawUrl: signed.http.path, headers, body: Buffer.from(signed.http.body, "utf8") },
      { resolveKey: async (id) => (id === SECRET_ID ? { organizationId: "org", applicationId: null, secretKey } : undefined), nowSeconds: NOW, explainSignatureFailures: true },
    );
  };

  for (const mode of modes) {
    it(`${mode.signMethod} over ${mode.reqMethod}: accepted, with the parameters intact`, async () => {
      const signed = await browser.signRequest({
        ...mode,
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        action: "CreateBatchOrganizationRegistrationTasks",
        params: PARAMS,
        host: "127.0.0.1:8080",
        timestamp: NOW,
        language: "en-US",
      });
      const call = await authenticateSigned(signed);
      assert.equal(call.action, "CreateBatchOrganizationRegistrationTasks");
      assert.equal(call.version, "2020-11-11");
      assert.equal(call.signatureVersion, mode.signMethod === "TC3-HMAC-SHA256" ? "TC3" : "v1");
      const received =
        call.params.kind === "json" ? JSON.parse(call.params.body.toString("utf8")) : call.params.kind === "pairs" ? unflatten(call.params.pairs) : undefined;
      // Flattened input arrives as strings; the pipeline types it from the schema later.
      const expected = call.params.kind === "json" ? PARAMS : unflatten(browser.flatten(PARAMS));
      assert.deepEqual(received, expected);
      assert.ok(!JSON.stringify(signed).includes(SECRET_KEY), "the signed request never carries the key");
    });
  }

  it("a wrong key fails, and essd's expected canonical request equals the page's own", async () => {
    const signed = await browser.signRequest({ secretId: SECRET_ID, secretKey: "wrong", action: "DescribeIntegrationEmployees", params: { Limit: 1 }, host: "127.0.0.1:8080", timestamp: NOW });
    const error = await authenticateSigned(signed).then(
      () => assert.fail("accepted a wrong key"),
      (e: Error & { code?: string; messageIn?: (l: string, d: boolean) => string }) => e,
    );
    const expected = browser.parseExpected(error.messageIn!("en-US", true));
    assert.equal(expected?.canonicalRequest, signed.steps.canonicalRequest);
    assert.equal(expected?.stringToSign, signed.steps.stringToSign);
  });

  it("a wrong v1 key fails, and essd's expected string to sign equals the page's own", async () => {
    const signed = await browser.signRequest({ signMethod: "HmacSHA1", reqMethod: "GET", secretId: SECRET_ID, secretKey: "wrong", action: "X", params: { A: "1" }, host: "h:1", timestamp: NOW, nonce: 7 });
    const error = (await authenticateSigned(signed).catch((e) => e)) as { messageIn(l: string, d: boolean): string };
    assert.equal(browser.parseExpected(error.messageIn("zh-CN", true))?.stringToSign, signed.steps.stringToSign);
  });

  it("flattens like the SDKs and encodes so decodeForm gives the values back", () => {
    const pairs = browser.flatten({ A: { B: [1, { C: "x y" }] }, D: false, E: null, F: undefined });
    assert.deepEqual(pairs, [["A.B.0", "1"], ["A.B.1.C", "x y"], ["D", "false"]]);
    assert.deepEqual(decodeForm(browser.encodePairs([["k", "测试 +&=/"]])), [["k", "测试 +&=/"]]);
  });
});
