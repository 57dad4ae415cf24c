/**
 * A rolling restart of a two-node installation (PostgreSQL + Redis) under continuous load, as an operator upgrades
 * one: SIGTERM node 1, wait for it to exit 0, start it again; then node 2. Clients follow the README's retry rule
 * (another node, once, only after `ServiceUnavailable` or a refused connection). Nothing may be lost: every call
 * gets a final success, every acknowledged task is processed exactly once, every callback arrives exactly once.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { startReceiver, type Receiver } from "./support/callback-receiver.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { eventually } from "./support/eventually.ts";
import { failoverClient } from "./support/failover-client.ts";
import { freshCreditCode } from "./support/identities.ts";
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from "./support/postgres.ts";

const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const MASTER_KEY = randomBytes(32).toString("hex");
/** Concurrent clients, each creating a task and describing it, over and over. */
const CLIENTS = 3;
const ENTERPRISES_PER_TASK = 2;
/** How long a stopping node keeps answering ServiceUnavailable before it closes its listener and idle connections. */
const GRACE_MS = 1_000;
/** How long a client sends nothing to a node that said ServiceUnavailable or refused: well past its grace. */
const AVOID_MS = 5_000;

/** A port free now, so that a node restarts where the clients (and its links) expect it. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe("a rolling restart of two essd nodes under load", { timeout: 150_000 }, () => {
  let database: TestDatabase;
  let receiver: Receiver;
  const dirs: string[] = [];
  const ports: number[] = [];
  const nodes: EssdProcess[] = [];
  const spawned: EssdProcess[] = [];
  const redisPrefix = `essd-rolling-${process.pid}`;

  const start = async (index: number) => {
    const node = await spawnEssd(
      // A short lease: a task a stopping node abandoned would be taken over within the test (and show as attempts 2).
      ["--data-dir", dirs[index]!, "--database-url", database.url, "--redis-url", TEST_REDIS_URL, "--worker-lease-ms", "5000", "--rate-limit", "1000", "--stop-grace-ms", String(GRACE_MS), "--port", String(ports[index])],
      { ESSD_MASTER_KEY: MASTER_KEY, ESSD_REDIS_PREFIX: redisPrefix },
      // A start takes a second or two; far longer only on a machine other work starves.
      { startTimeoutMs: 60_000 },
    );
    nodes[index] = node;
    spawned.push(node);
    return node;
  };
  const query = (text: string, values: unknown[] = []) => database.query(text, values);

  before(async () => {
    database = await createTestDatabase("rolling");
    receiver = await startReceiver();
    for (let i = 0; i < 2; i++) {
      dirs.push(mkdtempSync(join(tmpdir(), "essd-rolling-")));
      ports.push(await freePort());
    }
    // Together: one of them creates the demo tenant and writes its keys to its data directory.
    await Promise.all([start(0), start(1)]);
  });

  after(async () => {
    await Promise.all(spawned.map((n) => stopEssd(n, "SIGKILL")));
    await receiver?.close();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("loses no call, no task and no callback while node 1, then node 2, restarts", async () => {
    const keys = dirs.map((dir) => join(dir, "demo-tenant.json")).find((file) => existsSync(file));
    assert.ok(keys, "one node created the demo tenant");
    const tenant = JSON.parse(readFileSync(keys, "utf8"));
    execFileSync(process.execPath, [ESSD, "tenant", "set-callback", "--org", tenant.OrganizationId, "--url", receiver.url, "--database-url", database.url, "--data-dir", dirs[0]!], {
      env: { ...process.env, ESSD_MASTER_KEY: MASTER_KEY },
    });
    const client = failoverClient(
      ports.map((port) => `127.0.0.1:${port}`),
      tenant,
      { avoidMs: AVOID_MS },
    );
    const Operator = { UserId: tenant.OperatorUserId };
    /** Every task a Create call acknowledged, with the enterprises it holds. */
    const acknowledged = new Map<string, number>();
    /** Successful calls answered by each node (counted on the node that gave the final answer). */
    const answeredBy = [0, 0];
    let loading = true;
    let sequence = 0;

    const clientLoop = async () => {
      while (loading) {
        const first = sequence++ % 2;
        const organizations = Array.from({ length: ENTERPRISES_PER_TASK }, (_, i) => ({
          OrganizationName: `滚动重启${sequence}号${i}有限公司`,
          UniformSocialCreditCode: freshCreditCode(),
          LegalName: "张三",
          AdminName: "李四",
          AdminMobile: "13800000001",
          AuthorizationTypes: [2],
        }));
        const { response: created, node: creator } = await client.call("CreateBatchOrganizationRegistrationTasks", first, (c) =>
          c.CreateBatchOrganizationRegistrationTasks({ Operator, RegistrationOrganizations: organizations }),
        );
        if (!created?.TaskId) continue;
        acknowledged.set(created.TaskId, organizations.length);
        answeredBy[creator]!++;
        // Described on the other node (any node answers for a task another one stored) until it has its links,
        // as an integrator polls: each client has one task in the queue at most, so the backlog stays small.
        const other = 1 - first;
        for (;;) {
          const taskId = created.TaskId;
          const { response: described, node } = await client.call("DescribeBatchOrganizationRegistrationUrls", other, (c) => c.DescribeBatchOrganizationRegistrationUrls({ Operator, TaskId: taskId }));
          if (!described) break;
          answeredBy[node]!++;
          if (described.OrganizationAuthUrls?.length || !loading) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, clientLoop));
    const served = (node: number, more: number) => {
      const target = answeredBy[node]! + more;
      return eventually(`node ${node + 1} to answer ${more} more calls`, () => answeredBy[node]! >= target, 60_000);
    };

    try {
      await served(0, 5);
      await served(1, 5);
      for (const index of [0, 1]) {
        const old = nodes[index]!;
        old.child.kill("SIGTERM");
        assert.equal(await old.exited, 0, `node ${index + 1} stops cleanly:\n${old.output()}`);
        await start(index);
        // The restarted node takes its share of the load again before the next one goes.
        await served(index, 5);
      }
    } finally {
      loading = false;
      await load;
    }

    // No call lost: each got a final success, after one retry on the other node at most.
    const failed = client.calls.filter((c) => c.error !== undefined);
    assert.deepEqual(failed, [], "every call got a final non-error answer");
    assert.ok(client.calls.every((c) => c.nodes.length <= 2));
    const retried = client.calls.filter((c) => c.retriedFor);
    assert.ok(retried.length > 0, "some calls met a stopped node (else the restarts happened beside the load, not under it)");
    const taskIds = [...acknowledged.keys()];
    const subTasks = [...acknowledged.values()].reduce((a, b) => a + b, 0);

    // No task lost: each acknowledged task reaches its final state (a link per enterprise), as Describe tells it
    // once the store has none of them pending.
    await eventually(
      "every acknowledged task to be processed",
      async () => (await query("select count(*)::int as n from registration_tasks where state <> 'done'"))[0].n === 0,
      60_000,
    );
    const links = new Map<string, string>();
    for (let i = 0; i < taskIds.length; i += 10) {
      await Promise.all(
        taskIds.slice(i, i + 10).map(async (taskId) => {
          const { response: urls } = await client.call("DescribeBatchOrganizationRegistrationUrls", i % 2, (c) => c.DescribeBatchOrganizationRegistrationUrls({ Operator, TaskId: taskId }));
          assert.equal(urls?.OrganizationAuthUrls?.length, acknowledged.get(taskId), `task ${taskId}: ${JSON.stringify(urls)}`);
          for (const u of urls!.OrganizationAuthUrls!) {
            assert.ok(u.AuthUrl, `sub-task ${u.SubTaskId}: ${u.ErrorMessage}`);
            links.set(u.SubTaskId!, taskId);
          }
        }),
      );
    }
    assert.equal(links.size, subTasks);
    const subTaskIds = [...links.keys()];
    for (let i = 0; i < subTaskIds.length; i += 100) {
      const { response: details } = await client.call("DescribeBatchOrganizationRegistrationTasks", 1, (c) => c.DescribeBatchOrganizationRegistrationTasks({ Operator, TaskIds: subTaskIds.slice(i, i + 100) }));
      assert.deepEqual(new Set(details?.Details?.map((d) => d.Status)), new Set(["Create"]));
    }
    // …and exactly once, as the store tells it: no task beyond the acknowledged ones, each run once, one flow and
    // one link per enterprise.
    const tasks = await query("select id, state, attempts from registration_tasks where organization_id = $1", [tenant.OrganizationId]);
    assert.deepEqual(tasks.map((t) => t.id).sort(), [...taskIds].sort(), "the store holds exactly the acknowledged tasks");
    assert.deepEqual(tasks.filter((t) => t.state !== "done" || t.attempts !== 1), [], "every task done, at its first attempt");
    const [{ flows, tokens, linked }] = await query(
      `select count(*)::int as flows, count(distinct f.link_token)::int as tokens, count(l.code)::int as linked
       from auth_flows f left join links l on l.code = f.link_token where f.task_id = any($1)`,
      [taskIds],
    );
    assert.deepEqual({ flows, tokens, linked }, { flows: subTasks, tokens: subTasks, linked: subTasks });

    // No callback lost (or sent twice): one "Created" message per sub-task, each delivered once.
    await receiver.until(subTasks, 30_000);
    const messages = receiver.received.map((r) => JSON.parse(r.body));
    const created = messages.filter((m) => m.MsgType === "OrganizationAuthorization" && m.MsgData.FlowStatus === "Created");
    assert.deepEqual(created.map((m) => m.MsgData.SubTaskId).sort(), [...subTaskIds].sort(), "one Created message per sub-task");
    assert.equal(new Set(messages.map((m) => m.MsgId)).size, messages.length, "no message delivered twice");
    const [{ undelivered }] = await query("select count(*)::int as undelivered from callback_deliveries where state <> 'delivered'");
    assert.equal(undelivered, 0);

    const refused = retried.filter((c) => c.retriedFor === "ECONNREFUSED").length;
    console.log(`rolling restart: ${client.calls.length} calls, ${taskIds.length} tasks, ${subTasks} callbacks; retried ${retried.length} (${retried.length - refused} ServiceUnavailable, ${refused} refused)`);
  });
});
