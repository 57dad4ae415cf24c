/**
 * `essd serve` stopped by a signal, as an operator (or an orchestrator) does it: the calls in flight are answered,
 * idle keep-alive connections are closed, the process exits 0; a second signal exits at once.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { mintCreditCode } from "./support/identities.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { eventually } from "./support/eventually.ts";
import { createTestDatabase, withClient, type TestDatabase } from "./support/postgres.ts";
import { signedCall } from "./support/signed-request.ts";

const IN_FLIGHT = 50;

/** How many sessions of `url`'s database wait on a lock (asked outside any transaction: pg_stat_activity is a snapshot per transaction). */
async function waitingOnLocks(url: string): Promise<number> {
  const { rows } = await withClient(url, (c) => c.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"));
  return rows[0].n;
}

describe("essd serve stopped by SIGTERM", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  const dirs: string[] = [];
  const spawned: EssdProcess[] = [];
  const masterKey = randomBytes(32).toString("hex");

  const start = async (extra: string[] = []) => {
    const dataDir = mkdtempSync(join(tmpdir(), "essd-stop-"));
    dirs.push(dataDir);
    // One connection per call in flight (and the workers'), so that every call can wait on the lock at once.
    const node = await spawnEssd(["--data-dir", dataDir, "--database-url", database.url, "--db-pool-size", "60", "--db-timeout-ms", "120000", "--rate-limit", "1000", "--log-level", "info", ...extra], {
      ESSD_MASTER_KEY: masterKey,
    });
    spawned.push(node);
    return { node, dataDir };
  };

  before(async () => {
    database = await createTestDatabase("stop");
  });
  after(async () => {
    // Whatever happened above, nothing this file started keeps running.
    await Promise.all(spawned.map((node) => stopEssd(node, "SIGKILL")));
    await database.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`answers all ${IN_FLIGHT} calls in flight, closes idle keep-alive connections, then exits 0`, async () => {
    const { node, dataDir } = await start();
    const demo = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));
    const call = (i: number) =>
      signedCall({
        url: node.url,
        secretId: demo.SecretId,
        secretKey: demo.SecretKey,
        action: "CreateBatchOrganizationRegistrationTasks",
        body: {
          Operator: { UserId: demo.OperatorUserId },
          RegistrationOrganizations: [{ OrganizationName: `停机测试${i}号有限公司`, UniformSocialCreditCode: mintCreditCode(500 + i), LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [2] }],
        },
      });

    // An idle keep-alive connection, as a client pool holds one between calls.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // Wrapped: a promise resolved with a promise would wait for it (the close) instead of handing it over.
    const { idleClosed } = await new Promise<{ idleClosed: Promise<boolean> }>((resolve, reject) => {
      const req = request(`${node.url}/healthz`, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ idleClosed: new Promise((closed) => req.socket!.once("close", (hadError) => closed(hadError))) }));
      });
      req.on("error", reject);
      req.end();
    });

    // Hold the table every call writes, so that all of them are certainly in flight when the signal comes.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    let answers: Array<Awaited<ReturnType<typeof call>>>;
    try {
      await locker.query("begin");
      await locker.query("lock table registration_tasks in access exclusive mode");
      const calls = Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => call(i)));
      await eventually(`${IN_FLIGHT} calls and the worker waiting on the lock`, async () => (await waitingOnLocks(database.url)) >= IN_FLIGHT + 1);
      node.child.kill("SIGTERM");
      await node.waitForOutput(/"msg":"stopping/);
      // The listener is closed: a new connection is refused rather than accepted and dropped.
      await assert.rejects(fetch(`${node.url}/healthz`));
      assert.equal(await idleClosed, false, "the idle keep-alive connection was closed cleanly");
      await locker.query("commit");
      answers = await calls;
    } finally {
      await locker.end();
      agent.destroy();
    }
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.equal(answer.json.Response.Error, undefined, JSON.stringify(answer.json));
      assert.match(answer.json.Response.TaskId, /^\w{32}$/);
      assert.equal(answer.headers.get("connection"), "close");
    }
    assert.equal(await node.exited, 0, node.output());
    assert.match(node.output(), /"msg":"stopped"/);

    const rows = await database.query("select count(*)::int as n from registration_tasks");
    assert.equal(rows[0].n, IN_FLIGHT, "every answered call's task is stored");
  });

  it("exits at once on a second signal, without waiting for the calls in flight", async () => {
    const { node } = await start(["--stop-timeout-ms", "600000"]);
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query("begin");
      await locker.query("lock table registration_tasks in access exclusive mode");
      // The worker's claim waits on the lock: a stop would wait for it for up to ten minutes.
      await eventually("the worker to wait on the lock", async () => (await waitingOnLocks(database.url)) >= 1);
      node.child.kill("SIGTERM");
      await node.waitForOutput(/"msg":"stopping/);
      node.child.kill("SIGINT");
      assert.equal(await node.exited, 1);
      assert.match(node.output(), /second signal/);
    } finally {
      await locker.query("rollback").catch(() => {});
      await locker.end();
    }
  });
});
