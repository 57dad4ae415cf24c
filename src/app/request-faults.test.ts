/**
 * What fastify refuses before a handler runs is answered as the request's fault on both JSON surfaces: the API's
 * envelope (HTTP 200) and the control API's `{"Error"}` (HTTP 400), never InternalError or a 5xx.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";

let h: Harness;
before(async () => (h = await startEssd({ autoWork: false })));
after(() => h.close());

const BODY = new TextEncoder().encode('{"seconds": 1}');

describe("requests the HTTP layer refuses", () => {
  const controlCall = async (method: string, headers: Record<string, string>) => {
    const response = await fetch(`${h.url}/_essd/clock/advance`, { method, headers, body: BODY });
    assert.equal(response.status, 400, method);
    const json = await response.json();
    assert.equal(json.Error.Code, "InvalidParameter", method);
    assert.match(json.Error.Message, /Content-Type/);
  };

  it("a QUERY with a body and no Content-Type: 400 InvalidParameter naming Content-Type", async () => {
    await controlCall("QUERY", {});
  });

  it("an unparseable Content-Type: the control API answers 400 InvalidParameter naming Content-Type", async () => {
    for (const method of ["POST", "PATCH", "PUT"]) await controlCall(method, { "content-type": "application/json, text/html" });
  });

  it("an unparseable Content-Type: the API answers the envelope with InvalidParameter naming Content-Type", async () => {
    const response = await fetch(`${h.url}/`, { method: "POST", headers: { "content-type": "application/json, text/html" }, body: BODY });
    assert.equal(response.status, 200);
    const json = await response.json();
    assert.equal(json.Response.Error.Code, "InvalidParameter");
    assert.match(json.Response.Error.Message, /Content-Type/);
  });
});
