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
import { signedCall } from "./support/signed-request.ts";

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
    // The limiter's window is its key in Redis, made by the first call of a second and expiring a second later.
    // Made here beforehand with a minute to live, it holds all 100 calls however long the machine takes to send
    // them, so exactly 20 are admitted: a node counting on its own would admit 20 of its own ~33.
    const redis = new Redis(TEST_REDIS_URL);
    const windowKey = `${redisPrefix}:rl:${tenant.OrganizationId}:DescribeBatchOrganizationRegistrationTasks`;
    try {
      await redis.set(windowKey, 0, "EX", 60);
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => call(nodes[i % 3], "DescribeBatchOrganizationRegistrationTasks", { TaskIds: [] })));
      const admittedAnswers = answers.filter((a) => !a.Error);
      const limited = answers.filter((a) => a.Error?.Code === "RequestLimitExceeded");
      assert.equal(admittedAnswers.length, 20, JSON.stringify(answers.filter((a) => a.Error && a.Error.Code !== "RequestLimitExceeded").slice(0, 3)));
      assert.equal(limited.length, 80);
      // Every node answers the same: the admitted calls are answered, not merely let through.
      assert.ok(Array.isArray(admittedAnswers[0].Details), JSON.stringify(admittedAnswers[0]));
      for (const answer of admittedAnswers) assert.deepEqual(answer.Details, admittedAnswers[0].Details);
      for (const answer of limited) assert.match(answer.Error.Message, /\S/);
      assert.equal(Number(await redis.get(windowKey)), 100, "every node counted every call in the one shared window");
    } finally {
      await redis.del(windowKey);
      redis.disconnect();
    }
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
