import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "./support/harness.ts";
import { presign, signedCall, type SignedCall } from "./support/signed-request.ts";

type Answer = { status: number; headers: Headers; json: any };

const ACTION = "DescribeIntegrationEmployees";
const BOGUS_AUTH = `TC3-HMAC-SHA256 Credential=AKIDnobody/2024-01-01/ess/tc3_request, SignedHeaders=content-type;host, Signature=${"0".repeat(64)}`;

let h: Harness;
const operator = () => ({ UserId: h.tenant.OperatorUserId });

/** signedCall with the harness tenant and action. */
const signed = (call: Partial<SignedCall>): Promise<Answer> =>
  signedCall({ url: h.url, secretId: h.tenant.SecretId, secretKey: h.tenant.SecretKey, action: ACTION, ...call });

const answer = async (response: Response): Promise<Answer> => ({ status: response.status, headers: response.headers, json: await response.json() });

const plain = (init: RequestInit & { path?: string }): Promise<Answer> => fetch(`${h.url}${init.path ?? "/"}`, init).then(answer);

/** A correctly signed JSON POST from which `omit` headers are removed before sending (signedCall always sets them). */
async function signedWithout(omit: string[]): Promise<Answer> {
  const { init } = presign({ url: h.url, secretId: h.tenant.SecretId, secretKey: h.tenant.SecretKey, action: ACTION, body: { Operator: operator() } });
  for (const name of omit) delete init.headers[name];
  return plain(init);
}

const rows: Array<{ name: string; send: () => Promise<Answer>; code: string; message?: RegExp }> = [
  { name: "invalid JSON body, validly signed", send: () => signed({ body: '{"Operator": {"UserId": ' }), code: "InvalidParameter", message: /JSON/ },
  { name: "JSON array body", send: () => signed({ body: `[${JSON.stringify({ Operator: operator() })}]` }), code: "InvalidParameter", message: /JSON/ },
  { name: "JSON string body", send: () => signed({ body: '"hello"' }), code: "InvalidParameter" },
  { name: 'wrong type: Limit "20" in JSON', send: () => signed({ body: { Operator: operator(), Limit: "20" } }), code: "InvalidParameter", message: /`Limit`/ },
  { name: "Limit 21", send: () => signed({ body: { Operator: operator(), Limit: 21 } }), code: "InvalidParameter.ParamError", message: /Limit/ },
  {
    name: "flattened name 5,000 levels deep (10 KB GET)",
    send: () => signed({ method: "GET", query: `Operator.UserId=${h.tenant.OperatorUserId}&${Array(5_000).fill("a").join(".")}=1` }),
    code: "InvalidParameter",
    message: /嵌套超过 16 层/,
  },
  { name: "unknown parameter", send: () => signed({ body: { Operator: operator(), Foo: 1 } }), code: "UnknownParameter", message: /`Foo`/ },
  { name: "missing Operator", send: () => signed({ body: { Limit: 1 } }), code: "MissingParameter", message: /`Operator`/ },
  { name: "missing X-TC-Timestamp", send: () => signedWithout(["X-TC-Timestamp"]), code: "MissingParameter", message: /X-TC-Timestamp/ },
  { name: "missing X-TC-Action", send: () => signedWithout(["X-TC-Action"]), code: "MissingParameter", message: /X-TC-Action/ },
  { name: "missing X-TC-Version", send: () => signedWithout(["X-TC-Version"]), code: "MissingParameter", message: /X-TC-Version/ },
  { name: "unparseable Content-Type", send: () => plain({ method: "POST", headers: { "content-type": "application/json, text/html" }, body: "{}" }), code: "InvalidParameter", message: /Content-Type/ },
  { name: "PUT /", send: () => plain({ method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }), code: "UnsupportedProtocol", message: /PUT/ },
  { name: "DELETE /", send: () => plain({ method: "DELETE" }), code: "UnsupportedProtocol", message: /DELETE/ },
  {
    name: "JSON body over 10 MB with a bogus Authorization",
    send: () => plain({ method: "POST", headers: { "content-type": "application/json", authorization: BOGUS_AUTH }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) }),
    code: "RequestSizeLimitExceeded",
    message: /10 MB/,
  },
  {
    name: "form body over 1 MB",
    send: () => plain({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Action=${ACTION}&Pad=${"a".repeat(1024 * 1024)}` }),
    code: "RequestSizeLimitExceeded",
    message: /1 MB/,
  },
  {
    name: "GET with a query over 32 KB (under 64 KB)",
    send: () => {
      const path = `/?Operator.UserId=u&Pad=${"a".repeat(33 * 1024)}`;
      assert.ok(path.length > 32 * 1024 && path.length < 60 * 1024);
      return plain({ method: "GET", path });
    },
    code: "RequestSizeLimitExceeded",
    message: /32 KB/,
  },
  {
    name: "unsupported content-type text/plain, signed",
    send: () => signed({ contentType: "text/plain", body: { Operator: operator() } }),
    code: "InvalidParameter",
    message: /Content-Type/,
  },
  {
    name: "Authorization: SKIP",
    send: () => plain({ method: "POST", headers: { "content-type": "application/json", authorization: "SKIP", "x-tc-action": ACTION }, body: "{}" }),
    code: "AuthFailure.InvalidAuthorization",
    message: /Authorization/,
  },
  { name: "no credentials at all", send: () => plain({ method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), code: "AuthFailure.InvalidAuthorization" },
  { name: "tampered body", send: () => signed({ body: { Operator: operator() }, tamper: (b) => b.replace("}}", '},"Limit":1}') }), code: "AuthFailure.SignatureFailure" },
];

describe("malformed input is answered with a Tencent error envelope", () => {
  before(async () => {
    h = await startEssd();
  });
  after(async () => {
    await h.close();
  });

  const requestIds = new Set<string>();
  for (const row of rows) {
    it(`${row.name} → ${row.code}`, async () => {
      const { status, headers, json } = await row.send();
      assert.equal(status, 200);
      assert.equal(headers.get("content-type"), "application/json");
      assert.equal(json?.Response?.Error?.Code, row.code, JSON.stringify(json));
      assert.equal(typeof json.Response.Error.Message, "string");
      if (row.message) assert.match(json.Response.Error.Message, row.message);
      assert.equal(typeof json.Response.RequestId, "string");
      assert.ok(json.Response.RequestId.length > 0);
      assert.ok(!requestIds.has(json.Response.RequestId), "RequestId is unique");
      requestIds.add(json.Response.RequestId);
      assert.deepEqual(Object.keys(json.Response).sort(), ["Error", "RequestId"]);
      assert.equal(headers.get("x-tc-requestid"), json.Response.RequestId);
    });
  }

  it("refuses __proto__ in flattened names as an unknown parameter, without touching Object.prototype", async () => {
    const query = `Operator.UserId=${h.tenant.OperatorUserId}&__proto__.essdPolluted=yes`;
    const { json } = await signedCall({ url: h.url, secretId: h.tenant.SecretId, secretKey: h.tenant.SecretKey, action: "DescribeIntegrationEmployees", method: "GET", query });
    assert.equal(json.Response.Error.Code, "UnknownParameter");
    assert.match(json.Response.Error.Message, /__proto__/);
    assert.equal(({} as Record<string, unknown>).essdPolluted, undefined);
  });

  it("keeps serving: a normal signed call still succeeds afterwards", async () => {
    const { status, headers, json } = await signed({ body: { Operator: operator(), Limit: 5 } });
    assert.equal(status, 200);
    assert.equal(headers.get("content-type"), "application/json");
    assert.equal(json.Response.Error, undefined, JSON.stringify(json));
    assert.equal(json.Response.Limit, 5);
    assert.ok(Array.isArray(json.Response.Employees));
    assert.ok(json.Response.Employees.some((e: { UserId: string }) => e.UserId === h.tenant.OperatorUserId));
    assert.ok(json.Response.RequestId.length > 0);
  });
});
