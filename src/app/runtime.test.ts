import { describe, it, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/config.ts";
import { configureCallback } from "../domain/callbacks/index.ts";
import { authorizeOperator } from "../domain/operators.ts";
import { createRegistrationTask } from "../domain/registration/tasks.ts";
import { createTenant } from "../domain/tenants.ts";
import { ManualClock, SandboxClock } from "../platform/clock.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { PollingWorker } from "../worker/polling-worker.ts";
import { startReceiver, type Receiver } from "../../test/support/callback-receiver.ts";
import { CREDIT_CODES } from "../../test/support/identities.ts";
import { createRuntime, type Runtime } from "./runtime.ts";

const NOW = Date.parse("2026-11-24T08:00:00Z");

describe("the runtime", () => {
  let runtime: Runtime;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    runtime = await createRuntime(loadConfig({ port: 0, logLevel: "silent" }, {}), {
      store: openSqliteStore(":memory:"),
      clock: new ManualClock(NOW),
      logger: false,
      background: false,
    });
  });
  after(async () => {
    await runtime.stop();
    await receiver.close();
  });

  it("drainAll() runs every worker until none finds work: the task, then the callback its processing queued", async () => {
    const { domain } = runtime;
    const tenant = await createTenant(domain, { name: "运行时测试有限公司" });
    await configureCallback(domain, tenant.OrganizationId, { url: receiver.url });
    const acting = await authorizeOperator(domain, tenant.OrganizationId, tenant.OperatorUserId);
    const organizations = CREDIT_CODES.slice(0, 2).map((code, i) => ({ OrganizationName: `运行时企业${i}有限公司`, UniformSocialCreditCode: code, LegalName: "张三" }));
    const { taskId } = await createRegistrationTask(domain, acting, { organizations, endpoint: "PC", batchAuthMethod: 0 });

    assert.equal(await runtime.drainAll(), 3, "one task, then one callback per enterprise");
    assert.equal((await domain.store.getRegistrationTask(taskId!))?.state, "done");
    assert.equal(receiver.received.length, 2, "the callbacks were delivered within the same drain");
    assert.equal(await runtime.drainAll(), 0, "nothing left");
  });

  it("start() listens on a free port with --port 0 and hands out links on it; stop() is safe to repeat", async () => {
    const address = await runtime.start();
    assert.match(address, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(address).port, "0");
    assert.equal(runtime.domain.publicUrl, address);
    assert.equal((await fetch(`${address}/healthz`)).status, 200);
    await runtime.stop();
    await runtime.stop();
    await assert.rejects(fetch(`${address}/healthz`));
  });
});

describe("the runtime's choices for a configuration", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-runtime-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("runs on the sandbox clock in sandbox mode and on the system clock in production, over the data dir's store", async () => {
    const sandbox = await createRuntime(loadConfig({ dataDir, logLevel: "silent" }, {}), { logger: false });
    const sandboxClock = sandbox.domain.clock;
    await sandbox.stop();
    assert.ok(sandboxClock instanceof SandboxClock);
    const production = await createRuntime(loadConfig({ dataDir, mode: "production", logLevel: "silent" }, {}), { logger: false });
    const productionClock = production.domain.clock;
    await production.stop();
    assert.ok(!(productionClock instanceof SandboxClock));
  });
});

describe("a stop with --stop-grace-ms", () => {
  const GRACE_MS = 3_000;
  it("keeps listening through the grace, answering a fresh connection ServiceUnavailable, then refuses connections", async () => {
    // The grace is held open by the test, not by a timer: the calls below are made within it however slow the
    // machine, and the stop is seen to wait for it.
    const graces: number[] = [];
    let endGrace!: () => void;
    const waitOutGrace = (ms: number) => {
      graces.push(ms);
      return new Promise<void>((resolve) => (endGrace = resolve));
    };
    const runtime = await createRuntime(loadConfig({ port: 0, logLevel: "silent", stopGraceMs: GRACE_MS }, {}), { store: openSqliteStore(":memory:"), logger: false, background: false, waitOutGrace });
    const address = await runtime.start();
    let stoppedYet = false;
    const stopped = runtime.stop().then(() => (stoppedYet = true));
    const during = await fetch(address, { method: "POST", headers: { "content-type": "application/json", "x-tc-action": "DescribeIntegrationEmployees" }, body: "{}" });
    assert.equal(during.headers.get("connection"), "close");
    assert.equal(((await during.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code, "ServiceUnavailable");
    assert.equal((await fetch(`${address}/healthz`)).status, 503, "a balancer's probe sees the node leave");
    assert.deepEqual(graces, [GRACE_MS], "the stop waits out the configured grace");
    assert.equal(stoppedYet, false, "the stop waits for the grace to end");
    endGrace();
    await stopped;
    await assert.rejects(fetch(`${address}/healthz`), "then connections are refused");
  });
});

/** A worker whose passes wait for the test to let them finish, each handling one item. */
class GatedWorker extends PollingWorker {
  passes = 0;
  private release: Array<() => void> = [];
  constructor() {
    super("gated", { pollMs: 60_000 });
  }
  async runOnce(): Promise<number> {
    this.passes++;
    await new Promise<void>((resolve) => this.release.push(resolve));
    return 1;
  }
  finishPass(): void {
    this.release.shift()?.();
  }
}

describe("a worker's drain()", () => {
  it("waits for the pass in hand, counts it, then runs one of its own", async () => {
    const worker = new GatedWorker();
    worker.start();
    assert.equal(worker.passes, 1, "the loop's first pass is in hand");
    let drained: number | undefined;
    const draining = worker.drain().then((n) => (drained = n));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(worker.passes, 1, "no second pass while one is in hand");
    worker.finishPass();
    while (worker.passes < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(drained, undefined, "the drain waits for its own pass too");
    worker.finishPass();
    await draining;
    assert.equal(drained, 2);
    await worker.stop();
  });
});
