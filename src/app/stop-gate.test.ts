/** What a call gets when it reaches a node that is stopping: the Tencent envelope the SDKs parse, never fastify's JSON. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../config/config.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { buildApp, type StopGate } from "./build-app.ts";
import { openDomain } from "./compose.ts";

describe("a node that is stopping", () => {
  const gate: StopGate = { stopping: false };
  let app: FastifyInstance;
  before(async () => {
    const config = loadConfig({ port: 0, logLevel: "silent" }, {});
    const domain = await openDomain(config, { store: openSqliteStore(":memory:") });
    app = await buildApp({ config, domain, logger: false, stopGate: gate });
  });
  after(async () => {
    await app.close();
  });

  const apiCall = () =>
    app.inject({ method: "POST", url: "/", headers: { "content-type": "application/json", "x-tc-action": "DescribeIntegrationEmployees", "x-tc-language": "en-US" }, payload: "{}" });

  it("answers a call normally (keeping the connection) until it stops", async () => {
    const answer = await apiCall();
    assert.equal(answer.json().Response.Error.Code, "AuthFailure.InvalidAuthorization");
    assert.notEqual(answer.headers.connection, "close");
  });

  it("then answers every call ServiceUnavailable in the envelope, HTTP 200, and closes the connection", async () => {
    gate.stopping = true;
    const answer = await apiCall();
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers["content-type"], "application/json");
    assert.equal(answer.headers.connection, "close");
    const { Response } = answer.json();
    assert.equal(Response.Error.Code, "ServiceUnavailable");
    assert.match(Response.Error.Message, /stopping/);
    assert.equal(answer.headers["x-tc-requestid"], Response.RequestId);

    const page = await app.inject({ method: "GET", url: "/healthz" });
    assert.equal(page.statusCode, 503, "a load balancer's probe sees the node going away");
    assert.equal(page.headers.connection, "close");
  });
});
