import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "./support/harness.ts";
import { signedCall } from "./support/signed-request.ts";

const BOUNDARY = "essd-test-boundary";

/** A multipart body as the Python SDK writes it: JSON parts marked application/json, scalars plain. */
function multipart(parts: Array<{ name: string; value: string; json?: boolean }>): string {
  return (
    parts
      .map(
        (p) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n${p.json ? "Content-Type: application/json\r\n" : ""}\r\n${p.value}\r\n`,
      )
      .join("") + `--${BOUNDARY}--\r\n`
  );
}

describe("multipart/form-data over TC3", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd();
  });
  after(() => h.close());

  const call = (body: string) =>
    signedCall({
      url: h.url,
      secretId: h.tenant.SecretId,
      secretKey: h.tenant.SecretKey,
      action: "DescribeIntegrationEmployees",
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      body,
    });

  it("reads JSON parts and typed scalar parts", async () => {
    const { json } = await call(
      multipart([
        { name: "Operator", value: JSON.stringify({ UserId: h.tenant.OperatorUserId }), json: true },
        { name: "Limit", value: "5" },
        { name: "Filters", value: JSON.stringify([{ Key: "Status", Values: ["IsVerified"] }]), json: true },
      ]),
    );
    assert.equal(json.Response.Error, undefined, JSON.stringify(json));
    assert.equal(json.Response.Limit, 5);
    assert.equal(json.Response.TotalCount, 1);
  });

  it("accepts dotted part names like the flattened forms", async () => {
    const { json } = await call(multipart([{ name: "Operator.UserId", value: h.tenant.OperatorUserId }, { name: "Offset", value: "0" }]));
    assert.equal(json.Response.Offset, 0);
  });

  it("answers a body that is not multipart with InvalidRequest", async () => {
    const { status, json } = await call("this is not a multipart body");
    assert.equal(status, 200);
    assert.equal(json.Response.Error.Code, "InvalidRequest");
    assert.ok(json.Response.RequestId);
  });
});
