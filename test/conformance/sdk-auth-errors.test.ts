/**
 * Authentication and protocol errors as the official Node SDK surfaces them (TencentCloudSDKHttpException with
 * .code, .message, .requestId, .traceId), plus the cases only a hand-built request can produce (reference §2–5).
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ess } from "tencentcloud-sdk-nodejs/tencentcloud/services/ess/index.js";
import { essbasic } from "tencentcloud-sdk-nodejs/tencentcloud/services/essbasic/index.js";
import { services } from "../../src/actions/services.ts";
import { startEssd, type Harness } from "../support/harness.ts";
import { signedCall } from "../support/signed-request.ts";
import { revokeApiKey } from "../../src/domain/api-keys.ts";
import type { CreatedTenant } from "../../src/domain/tenants.ts";
import { expectSdkError, type SdkError } from "../support/sdk-errors.ts";

type SignMethod = "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";
interface ClientOptions {
  signMethod?: SignMethod;
  reqMethod?: "POST" | "GET";
  language?: "zh-CN" | "en-US";
  headers?: Record<string, string>;
}

const WRONG_KEY = "WrongSecretKey0000000000000000000";
const CJK = /[\u4e00-\u9fff]/;

function sdkClient(h: Harness, secretId: string, secretKey: string, o: ClientOptions = {}) {
  return new ess.v20201111.Client({
    credential: { secretId, secretKey },
    region: "",
    profile: {
      signMethod: o.signMethod ?? "TC3-HMAC-SHA256",
      language: o.language,
      httpProfile: { endpoint: h.endpoint, protocol: "http://", reqMethod: o.reqMethod ?? "POST", headers: o.headers },
    },
  });
}

type Client = ReturnType<typeof sdkClient>;

const listEmployees = (client: Client, tenant: CreatedTenant) =>
  client.DescribeIntegrationEmployees({ Operator: { UserId: tenant.OperatorUserId }, Limit: 5, Offset: 0 });


/** A hand-built request's error envelope: HTTP 200, a JSON body with Error + RequestId only. */
function expectEnvelopeError(res: { status: number; headers: Headers; json: any }, code: string, ...mentions: string[]): string {
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json\b/);
  assert.deepEqual(Object.keys(res.json.Response).sort(), ["Error", "RequestId"]);
  assert.equal(res.json.Response.Error.Code, code, res.json.Response.Error.Message);
  for (const m of mentions) assert.ok(res.json.Response.Error.Message.includes(m), `message should mention ${JSON.stringify(m)}: ${res.json.Response.Error.Message}`);
  assert.equal(res.headers.get("x-tc-requestid"), res.json.Response.RequestId);
  return res.json.Response.Error.Message;
}

const rawPost = (h: Harness, headers: Record<string, string>, body: unknown) =>
  fetch(`${h.url}/`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    headers: r.headers,
    json: (await r.json()) as any,
  }));

describe("authentication errors through the official SDK (sandbox)", () => {
  let h: Harness;
  let t: CreatedTenant;
  const sign = (extra: Partial<Parameters<typeof signedCall>[0]> = {}) =>
    signedCall({
      url: h.url,
      secretId: t.SecretId,
      secretKey: t.SecretKey,
      action: "DescribeIntegrationEmployees",
      body: { Operator: { UserId: t.OperatorUserId }, Limit: 5 },
      ...extra,
    });

  before(async () => {
    h = await startEssd();
    t = h.tenant;
  });
  after(async () => {
    await h.close();
  });

  it("the right key succeeds (control for every case below)", async () => {
    const response = await listEmployees(sdkClient(h, t.SecretId, t.SecretKey), t);
    assert.equal(response.TotalCount, 1);
    const raw = await sign();
    assert.equal(raw.json.Response.TotalCount, 1);
  });

  it("a wrong SecretKey → AuthFailure.SignatureFailure, explained but never revealing the key", async () => {
    const err = await expectSdkError(listEmployees(sdkClient(h, t.SecretId, WRONG_KEY), t), "AuthFailure.SignatureFailure", "签名", "CanonicalRequest", "StringToSign");
    assert.ok(!err.message.includes(t.SecretKey), "the SecretKey leaked into the message");
    assert.ok(!err.message.includes(WRONG_KEY), "the caller's key leaked into the message");
    assert.ok(err.message.includes("content-type:application/json"), "the canonical request lists the signed headers");
  });

  it("an unknown SecretId → AuthFailure.SecretIdNotFound naming the SecretId", async () => {
    const unknown = "AKIDunknown00000000000000000000000000";
    await expectSdkError(listEmployees(sdkClient(h, unknown, t.SecretKey), t), "AuthFailure.SecretIdNotFound", unknown);
  });

  it("a revoked key → AuthFailure.SecretIdNotFound, though it worked before", async () => {
    const tenant = await h.createTenant("吊销密钥科技有限公司");
    const client = sdkClient(h, tenant.SecretId, tenant.SecretKey);
    assert.equal((await listEmployees(client, tenant)).TotalCount, 1);
    await revokeApiKey(h.domain, tenant.SecretId);
    await expectSdkError(listEmployees(client, tenant), "AuthFailure.SecretIdNotFound", tenant.SecretId);
  });

  it("a timestamp 301 s old (or 310 s ahead) → AuthFailure.SignatureExpire, HTTP 200, Content-Type exactly application/json", async () => {
    for (const skew of [-301, 310]) {
      const timestamp = Math.floor(Date.now() / 1000) + skew;
      const res = await sign({ timestamp });
      expectEnvelopeError(res, "AuthFailure.SignatureExpire", "X-TC-Timestamp", String(timestamp));
      // The Python SDK reads errors only under exactly this Content-Type (reference §4.3).
      assert.equal(res.headers.get("content-type"), "application/json");
    }
  });

  it("a body changed after signing → AuthFailure.SignatureFailure", async () => {
    const res = await sign({ tamper: (body) => body.replace('"Limit":5', '"Limit":6') });
    expectEnvelopeError(res, "AuthFailure.SignatureFailure", "签名不匹配");
  });

  it("no Authorization at all → AuthFailure.InvalidAuthorization naming the header", async () => {
    const res = await rawPost(h, { "X-TC-Action": "DescribeIntegrationEmployees", "X-TC-Version": "2020-11-11" }, { Operator: { UserId: t.OperatorUserId } });
    expectEnvelopeError(res, "AuthFailure.InvalidAuthorization", "Authorization");
  });

  it("a malformed Authorization → AuthFailure.InvalidAuthorization", async () => {
    const headers = { "X-TC-Action": "DescribeIntegrationEmployees", "X-TC-Version": "2020-11-11", "X-TC-Timestamp": String(Math.floor(Date.now() / 1000)) };
    const garbled = await rawPost(h, { ...headers, Authorization: "TC3-HMAC-SHA256 garbage" }, {});
    expectEnvelopeError(garbled, "AuthFailure.InvalidAuthorization", "Authorization", "Credential=");
    const date = new Date().toISOString().slice(0, 10);
    const noHost = `TC3-HMAC-SHA256 Credential=${t.SecretId}/${date}/ess/tc3_request, SignedHeaders=content-type, Signature=${"0".repeat(64)}`;
    expectEnvelopeError(await rawPost(h, { ...headers, Authorization: noHost }, {}), "AuthFailure.InvalidAuthorization", "SignedHeaders");
  });

  it("a wrong X-TC-Version → NoSuchVersion naming both versions", async () => {
    expectEnvelopeError(await sign({ version: "2019-06-17" }), "NoSuchVersion", "2019-06-17", "2020-11-11");
  });

  it("an unknown action → InvalidAction naming it", async () => {
    const client = sdkClient(h, t.SecretId, t.SecretKey);
    await expectSdkError(client.request("DescribeNothingAtAll", { Operator: { UserId: t.OperatorUserId } }), "InvalidAction", "DescribeNothingAtAll");
  });

  it("an action of the spec essd does not implement → UnsupportedOperation naming it and the coverage map, in either service", async () => {
    const notImplemented = (service: string) => {
      const definition = services.find((s) => s.spec.service === service)!;
      const implemented = new Set(definition.actions.map((a) => a.name));
      return Object.keys(definition.spec.actions).find((name) => !implemented.has(name))!;
    };
    const action = notImplemented("ess");
    await expectSdkError(sdkClient(h, t.SecretId, t.SecretKey).request(action, { Operator: { UserId: t.OperatorUserId } }), "UnsupportedOperation", action, `${h.url}/coverage`);
    const channel = new essbasic.v20210526.Client({ credential: { secretId: t.SecretId, secretKey: t.SecretKey }, region: "", profile: { httpProfile: { endpoint: h.endpoint, protocol: "http://" } } });
    const basic = notImplemented("essbasic");
    await expectSdkError(channel.request(basic, {}), "UnsupportedOperation", basic, "essbasic 2021-05-26");
    await expectSdkError(sdkClient(h, t.SecretId, WRONG_KEY).request(action, {}), "AuthFailure.SignatureFailure");
  });

  it("X-TC-Language en-US answers in English (TC3 header and v1 Language parameter)", async () => {
    const unknown = "AKIDenglish0000000000000000000000000";
    const tc3 = await expectSdkError(listEmployees(sdkClient(h, unknown, "k", { language: "en-US" }), t), "AuthFailure.SecretIdNotFound");
    assert.equal(tc3.message, `The SecretId ${unknown} is not found, please ensure that your SecretId is correct.`);
    const v1 = sdkClient(h, t.SecretId, WRONG_KEY, { signMethod: "HmacSHA1", reqMethod: "GET", language: "en-US" });
    const err = await expectSdkError(listEmployees(v1, t), "AuthFailure.SignatureFailure", "The provided credentials could not be validated", "HmacSHA1");
    assert.ok(!CJK.test(err.message), `unexpected Chinese in ${err.message}`);
    const zh = await expectSdkError(listEmployees(sdkClient(h, unknown, "k"), t), "AuthFailure.SecretIdNotFound", "密钥不存在");
    assert.ok(CJK.test(zh.message));
  });

  it("X-TC-TraceId is echoed in the response header", async () => {
    const traceId = "7f0c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5";
    const err = await expectSdkError(listEmployees(sdkClient(h, t.SecretId, WRONG_KEY, { headers: { "X-TC-TraceId": traceId } }), t), "AuthFailure.SignatureFailure");
    assert.equal(err.traceId, traceId);
    const ok = await sign({ headers: { "X-TC-TraceId": "trace-on-success" } });
    assert.equal(ok.json.Response.Error, undefined);
    assert.equal(ok.headers.get("x-tc-traceid"), "trace-on-success");
    assert.equal(ok.headers.get("x-tc-requestid"), ok.json.Response.RequestId);
  });

  for (const [signMethod, reqMethod] of [["HmacSHA256", "POST"], ["HmacSHA1", "GET"]] as const) {
    it(`v1 ${signMethod} over ${reqMethod} with a wrong key → AuthFailure.SignatureFailure naming the method`, async () => {
      assert.equal((await listEmployees(sdkClient(h, t.SecretId, t.SecretKey, { signMethod, reqMethod }), t)).TotalCount, 1);
      const err = await expectSdkError(listEmployees(sdkClient(h, t.SecretId, WRONG_KEY, { signMethod, reqMethod }), t), "AuthFailure.SignatureFailure", signMethod, "StringToSign");
      assert.ok(!err.message.includes(t.SecretKey) && !err.message.includes(WRONG_KEY), "a key leaked into the message");
      const unknown = "AKIDv1unknown000000000000000000000000";
      await expectSdkError(listEmployees(sdkClient(h, unknown, t.SecretKey, { signMethod, reqMethod }), t), "AuthFailure.SecretIdNotFound", unknown);
    });
  }
});

describe("authentication errors in production mode", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd({ mode: "production" });
  });
  after(async () => {
    await h.close();
  });

  it("SignatureFailure keeps its reason but not essd's canonical request or string to sign", async () => {
    const t = h.tenant;
    const cases: ClientOptions[] = [{}, { reqMethod: "GET" }, { signMethod: "HmacSHA256" }, { signMethod: "HmacSHA1", reqMethod: "GET" }];
    for (const options of cases) {
      const err = await expectSdkError(listEmployees(sdkClient(h, t.SecretId, WRONG_KEY, options), t), "AuthFailure.SignatureFailure", "签名不匹配");
      assert.ok(!err.message.includes("CanonicalRequest"), `production leaks the canonical request: ${err.message}`);
      assert.ok(!err.message.includes("StringToSign"), `production leaks the string to sign: ${err.message}`);
      assert.ok(!err.message.includes(t.SecretKey));
    }
    assert.equal((await listEmployees(sdkClient(h, t.SecretId, t.SecretKey), t)).TotalCount, 1);
  });
});
