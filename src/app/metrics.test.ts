/** `GET /metrics` after a flow: the counters and gauges an operator alerts on moved as the flow went. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configureCallback } from "../domain/callbacks/index.ts";
import { loadConfig } from "../config/config.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { startReceiver, type Receiver } from "../../test/support/callback-receiver.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { callAs } from "../../test/support/signed-request.ts";
import { exampleEnterprise } from "../../test/support/tasks.ts";
import { mintCreditCode } from "../../test/support/identities.ts";
import { createRuntime } from "./runtime.ts";

/** The value of one sample of the exposition, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).startsWith("{") ? line.slice(name.length + 1, line.indexOf("}")) : "";
    const have = labelText ? labelText.split(",") : [];
    if (wanted.every((w) => have.includes(w)) && (have.length === wanted.length || name.endsWith("_count"))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe("GET /metrics", () => {
  let h: Harness;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    h = await startEssd({ autoWork: false, rateLimit: 1 });
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: receiver.url });
  });
  after(async () => {
    await h.close();
    await receiver.close();
  });
  const scrape = async () => {
    const response = await fetch(`${h.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it("counts calls by service, action and code, refusals by the rate limit, queues, jobs, deliveries and store queries", async () => {
    const before = await scrape();
    const created = await callAs(h.url, h.tenant, "CreateBatchOrganizationRegistrationTasks", {
      RegistrationOrganizations: [exampleEnterprise("指标测试有限公司", { UniformSocialCreditCode: mintCreditCode(77) })],
    });
    assert.match(created.TaskId, /^\w{32}$/);
    // The same action again until the limit of 1 per second refuses one (the first refusal comes at once, or
    // after a window boundary passed between two calls).
    let refused = 0;
    for (let i = 0; i < 20 && refused === 0; i++) {
      const answer = await callAs(h.url, h.tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: [] });
      if (answer.Error?.Code === "RequestLimitExceeded") refused++;
    }
    assert.equal(refused, 1);
    await callAs(h.url, h.tenant, "NoSuchActionAnywhere", {});

    const queued = await scrape();
    const ok = { service: "ess", action: "CreateBatchOrganizationRegistrationTasks", code: "OK" };
    assert.equal(sample(queued, "essd_api_requests_total", ok) - sample(before, "essd_api_requests_total", ok), 1);
    assert.equal(sample(queued, "essd_rate_limit_refusals_total", { action: "CreateBatchOrganizationRegistrationTasks" }), 1);
    assert.equal(sample(queued, "essd_api_requests_total", { service: "ess", action: "CreateBatchOrganizationRegistrationTasks", code: "RequestLimitExceeded" }), 1);
    assert.equal(sample(queued, "essd_api_requests_total", { service: "other", action: "other", code: "InvalidAction" }), 1, "an unknown action is never a label");
    assert.doesNotMatch(queued, /NoSuchActionAnywhere/);
    assert.ok(sample(queued, "essd_api_request_duration_seconds_count", { service: "ess", action: "CreateBatchOrganizationRegistrationTasks" }) >= 2);
    assert.equal(sample(queued, "essd_queue_pending", { queue: "registration" }), 1);
    assert.ok(sample(queued, "essd_queue_oldest_age_seconds", { queue: "registration" }) >= 0);
    assert.match(queued, /essd_queue_oldest_age_seconds\{queue="registration"\}/);
    assert.equal(sample(queued, "essd_store_up"), 1);

    await h.drainAll();
    const done = await scrape();
    assert.equal(sample(done, "essd_queue_pending", { queue: "registration" }), 0);
    assert.equal(sample(done, "essd_worker_jobs_total", { worker: "registration", outcome: "done" }), 1);
    assert.ok(receiver.received.length >= 1, "the task's processing sent a callback");
    assert.equal(sample(done, "essd_worker_jobs_total", { worker: "callbacks", outcome: "delivered" }), receiver.received.length);
    assert.equal(sample(done, "essd_queue_pending", { queue: "callbacks" }), 0);
    assert.ok(sample(done, "essd_store_query_duration_seconds_count") > sample(queued, "essd_store_query_duration_seconds_count"));
    assert.ok(sample(done, "essd_process_cpu_user_seconds_total") > 0, "process metrics");
    assert.ok(sample(done, "essd_nodejs_eventloop_lag_seconds") >= 0);
  });
});

describe("GET /metrics on the embedded store's file", () => {
  it("shows the WAL file's size", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "essd-metrics-"));
    const runtime = await createRuntime(loadConfig({ port: 0, logLevel: "silent", dataDir }, {}), { logger: false, background: false });
    try {
      const url = await runtime.start();
      const text = await (await fetch(`${url}/metrics`)).text();
      const bytes = sample(text, "essd_store_wal_bytes");
      assert.ok(bytes > 0, "the migrations and the demo tenant went through the WAL");
      assert.ok(bytes <= statSync(join(dataDir, "essd.sqlite-wal")).size);
    } finally {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("GET /metrics settings", () => {
  it("requires the Bearer token given by --metrics-token, and is absent with --metrics off", async () => {
    const open = async (flags: Record<string, unknown>) => {
      const runtime = await createRuntime(loadConfig({ port: 0, logLevel: "silent", ...flags }, {}), { store: openSqliteStore(":memory:"), logger: false, background: false });
      return { runtime, url: await runtime.start() };
    };
    const guarded = await open({ metricsToken: "s3cret-metrics" });
    try {
      assert.equal((await fetch(`${guarded.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${guarded.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status, 401);
      const allowed = await fetch(`${guarded.url}/metrics`, { headers: { authorization: "Bearer s3cret-metrics" } });
      assert.equal(allowed.status, 200);
      const text = await allowed.text();
      assert.match(text, /essd_api_requests_total/);
      assert.doesNotMatch(text, /essd_store_wal_bytes/, "an in-memory store has no WAL file");
    } finally {
      await guarded.runtime.stop();
    }
    const off = await open({ metrics: "off" });
    try {
      assert.equal(off.runtime.metrics, undefined);
      assert.equal((await fetch(`${off.url}/metrics`)).status, 404);
    } finally {
      await off.runtime.stop();
    }
  });
});
