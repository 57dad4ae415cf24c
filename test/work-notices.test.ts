/**
 * On PostgreSQL, work queued through one node starts at once on another node's idle worker: the insert notifies
 * every node (migration 0017) when it commits. The workers here poll every ten minutes, so only the notice can
 * make these tests pass; the node that takes the call runs no worker at all.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createRuntime, type Runtime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { createTenant } from "../src/domain/tenants.ts";
import { openPostgresStore } from "../src/store/postgres.ts";
import { eventually } from "./support/eventually.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { callAs } from "./support/signed-request.ts";
import { exampleEnterprise } from "./support/tasks.ts";

const TEN_MINUTES = 600_000;

describe("work queued on one PostgreSQL node wakes another node's worker", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let front: { runtime: Runtime; url: string };
  let worker: { runtime: Runtime; url: string };
  const masterKey = randomBytes(32);

  const node = async (background: boolean) => {
    const config = loadConfig({ port: 0, rateLimit: 1_000_000, logLevel: "silent" }, {});
    const store = openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5_000 });
    const runtime = await createRuntime(config, { store, masterKey, logger: false, background, pollMs: TEN_MINUTES });
    return { runtime, url: await runtime.start() };
  };

  before(async () => {
    database = await createTestDatabase("work");
    front = await node(false);
    worker = await node(true);
    // The worker node hears notices once its LISTEN connection is up (the read cache's, live then).
    await eventually("the worker node listening", () => worker.runtime.domain.store.changes?.live);
    // Its first pass, made at start, is over: from here on only a wake-up makes it look before ten minutes.
    await worker.runtime.drainAll();
  });
  after(async () => {
    await front?.runtime.stop();
    await worker?.runtime.stop();
    await database?.drop();
  });

  it("a registration task created through a node without workers is processed by the other node", async () => {
    const tenant = await createTenant(front.runtime.domain, { name: "通知唤醒测试有限公司" });
    const { TaskId } = await callAs(front.url, tenant, "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: [exampleEnterprise("通知唤醒企业甲")] });
    assert.ok(TaskId);
    await eventually("the task processed by the other node", async () => (await front.runtime.domain.store.getRegistrationTask(TaskId))?.state === "done");
    const { OrganizationAuthUrls } = await callAs(front.url, tenant, "DescribeBatchOrganizationRegistrationUrls", { TaskId });
    assert.equal(OrganizationAuthUrls.length, 1);
    assert.ok(OrganizationAuthUrls[0].AuthUrl);
  });

  it("only inserts notify: a claim is an UPDATE, and statement triggers fire even when it changed nothing", async () => {
    const triggers = await database.query("select tgrelid::regclass::text as on_table, tgtype from pg_trigger where tgname = 'essd_work' order by 1");
    assert.deepEqual(triggers.map((t) => t.on_table), ["callback_deliveries", "registration_tasks", "sms_messages"]);
    // tgtype: 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE (an UPDATE trigger would wake every node after every claim, forever).
    for (const { tgtype } of triggers) assert.equal(tgtype & (4 | 8 | 16 | 32), 4);
  });
});
