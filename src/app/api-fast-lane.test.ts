/**
 * The API fast lane (api-fast-lane.ts) reads and answers the plain signed call before fastify: exactly as fastify's
 * API route does, and only that call; everything else reaches fastify untouched.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { presign } from "../../test/support/signed-request.ts";
import { withApiFastLane } from "./api-fast-lane.ts";

/** What a client sees of an answer, without what differs from call to call (RequestId, date, the connection). */
function comparable(status: number, headers: Record<string, string>, body: string) {
  const { date: _d, connection: _c, "keep-alive": _k, "x-tc-requestid": requestId, ...rest } = headers;
  const json = JSON.parse(body);
  assert.equal(json.Response.RequestId, requestId, "the header and the body carry one RequestId");
  delete json.Response.RequestId;
  return { status, headers: rest, json };
}

describe("the API fast lane", () => {
  let h: Harness;
  before(async () => (h = await startEssd()));
  after(() => h.close());

  it("answers a call, its refusals too, exactly as fastify's API route does", async () => {
    const key = { secretId: h.tenant.SecretId, secretKey: h.tenant.SecretKey };
    const calls = [
      presign({ url: h.url, ...key, action: "DescribeIntegrationEmployees", body: { Operator: { UserId: h.tenant.OperatorUserId }, Limit: 10 }, headers: { "X-TC-TraceId": "trace-1" } }),
      presign({ url: h.url, ...key, action: "DescribeIntegrationEmployees", body: { Operator: { UserId: h.tenant.OperatorUserId }, Limit: "ten" } }),
      presign({ url: h.url, ...key, secretKey: "wrong", action: "DescribeIntegrationEmployees", body: {} }),
      presign({ url: h.url, ...key, action: "DescribeIntegrationEmployees", body: "{not json" }),
    ];
    const codes: string[] = [];
    for (const { url, init } of calls) {
      const lane = await fetch(url, init);
      // inject() never meets the server's request listener: this is fastify's route.
      const headers: Record<string, string> = { ...(init.headers as Record<string, string>), host: new URL(h.url).host };
      const route = await h.app.inject({ method: "POST", url: "/", headers, payload: init.body as string });
      const answered = comparable(lane.status, Object.fromEntries(lane.headers), await lane.text());
      assert.deepEqual(answered, comparable(route.statusCode, route.headers as Record<string, string>, route.payload));
      codes.push(answered.json.Response.Error?.Code ?? "OK");
    }
    assert.equal(codes[0], "OK");
    assert.match(codes[1]!, /^InvalidParameter/);
    assert.equal(codes[2], "AuthFailure.SignatureFailure");
    assert.match(codes[3]!, /^InvalidParameter/);
  });

  describe("what it answers itself and what it hands over", () => {
    const gate = { stopping: false };
    let server: Server;
    let base: string;
    const answered: string[] = [];
    const handedOver: string[] = [];
    const gone: string[] = [];
    before(async () => {
      server = createServer(
        withApiFastLane(
          gate,
          (req, res, body) => {
            answered.push(`${req.method} ${req.url} ${body.toString()}`);
            res.end("lane");
          },
          (_req, error) => gone.push(error.message),
          (req, res) => {
            handedOver.push(`${req.method} ${req.url}`);
            req.resume();
            req.on("end", () => res.end("fastify"));
          },
        ),
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }).then((r) => r.text());

    it("answers POST / with a JSON body of a stated length, the whole body given", async () => {
      const body = JSON.stringify({ Limit: 10, pad: "x".repeat(200_000) });
      assert.equal(await send("POST", "/", { "content-type": "application/json; charset=utf-8" }, body), "lane");
      assert.equal(answered.at(-1), `POST / ${body}`);
    });

    it("hands over every other request, and every call while the node stops", async () => {
      handedOver.length = 0;
      const before = answered.length;
      assert.equal(await send("GET", "/?Action=X", {}), "fastify");
      assert.equal(await send("POST", "/?Action=X", { "content-type": "application/json" }, "{}"), "fastify");
      assert.equal(await send("POST", "/", { "content-type": "application/x-www-form-urlencoded" }, "a=1"), "fastify");
      assert.equal(await send("POST", "/other", { "content-type": "application/json" }, "{}"), "fastify");
      assert.equal(await send("POST", "/", { "content-type": "application/json, text/html" }, "{}"), "fastify");
      const chunked = await new Promise<string>((resolve, reject) => {
        const req = request(`${base}/`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res: IncomingMessage) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve(text));
        });
        req.on("error", reject);
        req.end("{}");
      });
      assert.equal(chunked, "fastify");
      gate.stopping = true;
      try {
        assert.equal(await send("POST", "/", { "content-type": "application/json" }, "{}"), "fastify");
      } finally {
        gate.stopping = false;
      }
      assert.equal(answered.length, before, "none answered by the lane");
      assert.deepEqual(handedOver, ["GET /?Action=X", "POST /?Action=X", "POST /", "POST /other", "POST /", "POST /", "POST /"]);
    });

    it("tells of a client that goes away before its body has arrived", async () => {
      gone.length = 0;
      await new Promise<void>((resolve) => {
        const req = request(`${base}/`, { method: "POST", headers: { "content-type": "application/json", "content-length": "1000" } });
        req.on("error", () => resolve());
        req.write("{\"partial\":");
        setTimeout(() => req.destroy(), 50);
        setTimeout(resolve, 500);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(gone.length, 1, gone.join());
    });
  });
});
