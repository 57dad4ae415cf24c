import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { mintCreditCode } from "./support/identities.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { eventually } from "./support/eventually.ts";
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from "./support/postgres.ts";
import { presign, signedCall } from "./support/signed-request.ts";

const MASTER_KEY = randomBytes(32).toString("hex");
const enterprises = (task: number, count = 3) =>
  Array.from({ length: count }, (_, i) => ({
    OrganizationName: `集群测试${task}号${i}有限公司`,
    UniformSocialCreditCode: mintCreditCode(task * 10 + i),
    LegalName: "张三",
    AdminName: "李四",
    AdminMobile: "13800000001",
    AuthorizationTypes: [2],
  }));

/**
 * Runs `work` for every index at once, and again for those the shared rate limit refused (nothing was done for
 * them) until every one is admitted: the limiter's answers say when its window has passed.
 */
async function admitted(count: number, work: (i: number) => Promise<{ Error?: { Code: string } }>): Promise<any[]> {
  const answers: any[] = [];
  let refused = Array.from({ length: count }, (_, i) => i);
  await eventually(
    () => `${refused.length} calls still refused by the rate limit`,
    async () => {
      const results = await Promise.all(refused.map(async (i) => [i, await work(i)] as const));
      for (const [i, answer] of results) answers[i] = answer;
      refused = results.filter(([, answer]) => answer.Error?.Code === "RequestLimitExceeded").map(([i]) => i);
      return refused.length === 0;
    },
    60_000,
  );
  return answers;
}

describe("three essd nodes on one PostgreSQL and Redis", { timeout: 180_000 }, () => {
  let database: TestDatabase;
  const nodes: EssdProcess[] = [];
  const dirs: string[] = [];
  let tenant: { OrganizationId: string; SecretId: string; SecretKey: string; OperatorUserId: string };
  const redisPrefix = `essd-test-${process.pid}`;

  const start = async (extra: string[] = []) => {
    const dataDir = mkdtempSync(join(tmpdir(), "essd-node-"));
    dirs.push(dataDir);
    const node = await spawnEssd(
      ["--data-dir", dataDir, "--database-url", database.url, "--redis-url", TEST_REDIS_URL, "--worker-lease-ms", "2000", ...extra],
      { ESSD_MASTER_KEY: MASTER_KEY, ESSD_RATE_LIMIT: "20", ESSD_REDIS_PREFIX: redisPrefix },
    );
    nodes.push(node);
    return node;
  };
  const call = (node: EssdProcess, action: string, body: Record<string, unknown>) =>
    signedCall({ url: node.url, secretId: tenant.SecretId, secretKey: tenant.SecretKey, action, body: { Operator: { UserId: tenant.OperatorUserId }, ...body } }).then(
      (r) => r.json.Response,
    );
  const query = (sql: string) => database.query(sql);

  before(async () => {
    database = await createTestDatabase("cluster");
    // All three start at once: migrations run under PostgreSQL's advisory lock, one demo tenant is created.
    await Promise.all([start(), start(), start()]);
    const { stdout } = await import("node:child_process").then(({ execFileSync }) => ({
      stdout: execFileSync(process.execPath, [join(import.meta.dirname, "..", "bin", "essd.js"), "tenant", "create", "--name", "集群测试租户", "--json", "--database-url", database.url, "--data-dir", dirs[0]], {
        env: { ...process.env, ESSD_MASTER_KEY: MASTER_KEY },
      }).toString(),
    }));
    tenant = JSON.parse(stdout);
  });

  after(async () => {
    await Promise.all(nodes.map((n) => stopEssd(n, "SIGKILL")));
    await database.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("started together: one set of migrations and exactly one demo tenant", async () => {
    const [{ count }] = await query("select count(*)::int as count from organizations where name = 'essd 演示企业'");
    assert.equal(count, 1);
  });

  it("processes 50 tasks submitted round-robin exactly once, and any node resolves any link", async () => {
    const answers = await admitted(50, (i) => call(nodes[i % 3], "CreateBatchOrganizationRegistrationTasks", { RegistrationOrganizations: enterprises(i) }));
    for (const answer of answers) assert.equal(answer.Error, undefined, JSON.stringify(answer));
    const taskIds: string[] = answers.map((a) => a.TaskId);
    let pending = -1;
    await eventually(
      () => `${pending} tasks still pending`,
      async () => {
        [{ pending }] = await query("select count(*)::int as pending from registration_tasks where state <> 'done'");
        return pending === 0;
      },
    );
    const tasks = await query("select id, attempts from registration_tasks");
    assert.deepEqual(tasks.map((t) => t.id).filter((id) => taskIds.includes(id)).length, 50);
    assert.ok(tasks.every((t) => t.attempts === 1), "no task ran twice");
    const [{ links, tokens }] = await query(
      "select (select count(*)::int from links where kind = 'enterprise-registration') as links, (select count(distinct link_token)::int from auth_flows where link_token is not null) as tokens",
    );
    assert.equal(links, 150);
    assert.equal(tokens, 150);

    const urls = await call(nodes[0], "DescribeBatchOrganizationRegistrationUrls", { TaskId: taskIds[0] });
    const path = new URL(urls.OrganizationAuthUrls[0].AuthUrl).pathname + new URL(urls.OrganizationAuthUrls[0].AuthUrl).search;
    for (const node of nodes) {
      const page = await fetch(node.url + path);
      assert.equal(page.status, 200, `${node.url} answers a link made on another node`);
    }
    const batch = await call(nodes[1], "CreateBatchOrganizationAuthorizationUrl", {
      AdminName: "李四",
      AdminMobile: "13800000001",
      SubTaskIds: urls.OrganizationAuthUrls.map((u: { SubTaskId: string }) => u.SubTaskId),
      Endpoint: "HTTP_SHORT_URL",
    });
    const short = new URL(batch.AuthUrl).pathname;
    for (const node of nodes) assert.equal((await fetch(node.url + short, { redirect: "manual" })).status, 302);
  });

  it("holds 20 calls per second per action per tenant across all nodes together", async () => {
    // Signed first, then sent at once. On a busy machine a burst can outlast one second (and so span two
    // windows); such a try proves nothing, so it is repeated after the window has passed, a few times at most.
    const burst = async () => {
      const requests = Array.from({ length: 100 }, (_, i) =>
        presign({
          url: nodes[i % 3].url,
          secretId: tenant.SecretId,
          secretKey: tenant.SecretKey,
          action: "DescribeBatchOrganizationRegistrationTasks",
          body: { Operator: { UserId: tenant.OperatorUserId }, TaskIds: [] },
        }),
      );
      const startedAt = Date.now();
      const answers = await Promise.all(requests.map(async ({ url, init }) => ((await (await fetch(url, init)).json()) as { Response: any }).Response));
      return { answers, elapsed: Date.now() - startedAt };
    };
    // Open the connections first, so the burst pays for requests, not for 100 TCP handshakes.
    await Promise.all(Array.from({ length: 102 }, (_, i) => fetch(`${nodes[i % 3].url}/healthz`).then((r) => r.arrayBuffer())));
    // The window is the limiter's key in Redis: a new one starts once it has expired.
    const redis = new Redis(TEST_REDIS_URL);
    const windowKey = `${redisPrefix}:rl:${tenant.OrganizationId}:DescribeBatchOrganizationRegistrationTasks`;
    let tried = await burst();
    try {
      for (let attempt = 1; attempt < 8 && tried.elapsed >= 1000; attempt++) {
        await eventually("the rate-limit window to pass", async () => (await redis.exists(windowKey)) === 0, 10_000);
        tried = await burst();
      }
    } finally {
      redis.disconnect();
    }
    assert.ok(tried.elapsed < 1000, `every burst took more than one second (last ${tried.elapsed} ms)`);
    const answers = tried.answers;
    const ok = answers.filter((a) => !a.Error).length;
    const limited = answers.filter((a) => a.Error?.Code === "RequestLimitExceeded").length;
    assert.ok(ok >= 18 && ok <= 22, `${ok} successes`);
    assert.equal(ok + limited, 100);
  });

  it("a node killed in the middle of processing leaves no task unfinished", async () => {
    const [first, second, victim] = nodes;
    // Freeze the other nodes, and make the victim's processing wait on a lock the test holds, so that the
    // victim is certainly mid-task (claimed, inside its transaction) when it is killed.
    first.child.kill("SIGSTOP");
    second.child.kill("SIGSTOP");
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("lock table links in share mode");
    const answers = await admitted(10, (i) =>
      call(victim, "CreateBatchOrganizationRegistrationTasks", {
        RegistrationOrganizations: enterprises(100 + i, 10).map((e, j) => ({ ...e, UniformSocialCreditCode: mintCreditCode(1000 + i * 10 + j) })),
      }),
    );
    const taskIds = answers.map((a) => a.TaskId as string);
    assert.ok(taskIds.every((id) => typeof id === "string" && id.length === 32), JSON.stringify(answers.find((a) => a.Error)));
    const inList = taskIds.map((id) => `'${id}'`).join(",");
    const held = await eventually("the victim to claim a task", async () => {
      const rows = await query(`select id from registration_tasks where id in (${inList}) and lease_until is not null and state <> 'done'`);
      return rows.length ? rows : undefined;
    });
    assert.equal(held.length, 1, "the victim holds one task, blocked inside its transaction");
    await stopEssd(victim, "SIGKILL");
    await locker.query("rollback");
    await locker.end();
    first.child.kill("SIGCONT");
    second.child.kill("SIGCONT");

    let pending = -1;
    await eventually(
      () => `${pending} tasks never finished`,
      async () => {
        [{ pending }] = await query(`select count(*)::int as pending from registration_tasks where state <> 'done' and id in (${inList})`);
        return pending === 0;
      },
    );
    const [taken] = await query(`select attempts from registration_tasks where id = '${held[0].id}'`);
    assert.equal(taken.attempts, 2, "the dead node's task was taken over after its lease");
    const [{ duplicates }] = await query("select count(*)::int as duplicates from (select link_token from auth_flows where link_token is not null group by link_token having count(*) > 1) d");
    assert.equal(duplicates, 0);
    const [{ unfinished }] = await query(`select count(*)::int as unfinished from auth_flows where task_id in (${inList}) and status not in ('Create', 'Failed')`);
    assert.equal(unfinished, 0);
    const [{ links }] = await query(`select count(*)::int as links from links l join auth_flows f on f.link_token = l.code where f.task_id in (${inList})`);
    assert.equal(links, 100, "one registration link per enterprise, none left from the killed attempt");
  });

  it("refuses to start a node with a different master key", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "essd-node-"));
    dirs.push(dataDir);
    await assert.rejects(
      spawnEssd(["--data-dir", dataDir, "--database-url", database.url], { ESSD_MASTER_KEY: randomBytes(32).toString("hex") }),
      /master key does not match/,
    );
  });
});
